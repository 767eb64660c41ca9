"""WARC backfill: a WARC the test writes itself with warcio goes straight into the process stage
(no fetch), keeping the capture date, with the same deduplication as every other input."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.integration.conftest import Workers, wait_for

pytestmark = pytest.mark.timeout(300)

BODY = (
    "<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
    "<h1>{title}</h1>"
    "<p>قال رئيس الجمعية المحلية للفلاحين إن موسم الحصاد عرف مردودية جيدة هذه المرة بفضل التساقطات المطرية "
    "التي شهدتها المنطقة، مشيرا إلى أن الفلاحين الصغار استفادوا من برامج الدعم التي أطلقتها السلطات.</p>"
    "<p>وأضاف المتحدث أن الجمعية تعمل على تنظيم دورات تكوينية لفائدة الشباب الراغبين في الاستثمار في القطاع "
    "الفلاحي، وتشجيعهم على اعتماد تقنيات الري الحديثة للحفاظ على الموارد المائية.</p>"
    "<p>وطالب الفلاحون بتحسين المسالك الطرقية التي تربط القرى بالأسواق الأسبوعية لتسهيل تسويق المنتوجات.</p>"
    "</article></body></html>"
)


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    date: str,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict={"WARC-Date": date}
        )
    )


def write_warc(path: Path, base: str) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "akhbar tests"}))
        _response(writer, f"{base}/farm/harvest", BODY.format(title="موسم الحصاد").encode(), "2019-05-06T10:00:00Z")
        _response(
            writer,
            f"{base}/farm/water",
            BODY.format(title="الري الحديث").encode("windows-1256"),
            "2019-05-07T11:00:00Z",
            content_type="text/html; charset=windows-1256",
        )
        _response(writer, f"{base}/farm/known", BODY.format(title="معروف").encode(), "2019-05-08T00:00:00Z")
        _response(
            writer, f"{base}/farm/missing", b"<html>not found</html>", "2019-05-06T10:00:00Z", status="404 Not Found"
        )
        _response(writer, f"{base}/farm/logo.png", b"\x89PNG\r\n", "2019-05-06T10:00:00Z", content_type="image/png")
        _response(writer, f"{base}/farm/harvest?utm_source=x", b"<html>again</html>", "2019-05-09T00:00:00Z")


def test_import_warc_into_process_stage_with_capture_date(
    workers: Workers, stack_env: dict[str, str], tmp_path: Path
) -> None:
    from cli.main import app
    from storage import articles, pages
    from storage.db import connect
    from workers.submission import submit_urls

    base = "https://archive-test.example.ma"
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, base)
    with connect(stack_env["AKHBAR_DATABASE_URL"], autocommit=True) as conn:
        (known,) = submit_urls(conn, [f"{base}/farm/known"], hints={"submitted_by": "api"})

    result = CliRunner().invoke(app, ["import-warc", str(warc)])
    assert result.exit_code == 0, result.output
    assert (
        "crawl.warc.gz: 4 pages, 2 jobs created at the process stage, 2 duplicates, 0 invalid URLs; "
        "records skipped: http_404=1, content_type:image/png=1"
    ) in result.stdout

    with connect(stack_env["AKHBAR_DATABASE_URL"], autocommit=True) as conn:
        rows = conn.execute(
            "SELECT id, url, stage, status, hints FROM jobs WHERE url LIKE %s ORDER BY id", (f"{base}/%",)
        ).fetchall()
        assert [(r["url"].removeprefix(base), r["stage"]) for r in rows] == [
            ("/farm/known", "fetch"),
            ("/farm/harvest", "process"),
            ("/farm/water", "process"),
        ]
        assert rows[0]["id"] == known.job_id and rows[0]["hints"] == {"submitted_by": "api"}  # left alone
        harvest, water = rows[1], rows[2]
        assert harvest["hints"] == {
            "via": "warc",
            "warc_file": "crawl.warc.gz",
            "captured_at": "2019-05-06T10:00:00+00:00",
        }
        page = pages.page_for_job(conn=conn, job_id=water["id"])
        assert page is not None and page.encoding == "windows-1256" and "الري الحديث" in page.text()
        assert page.http_status == 200 and page.final_url == f"{base}/farm/water"

        # Real process workers take them from there (no fetch worker claims them: they are at stage process).
        ids = [harvest["id"], water["id"]]

        def statuses() -> list[str]:
            rows = conn.execute("SELECT status FROM jobs WHERE id = ANY(%s) ORDER BY id", (ids,)).fetchall()
            return [r["status"] for r in rows]

        wait_for(
            lambda: all(s in ("done", "skipped", "dead") for s in statuses()),
            timeout=180,
            message="WARC jobs through the process stage",
        )
        assert statuses() == ["done", "done"], workers.log("process")
        got: dict[int, Any] = {}
        for row in (harvest, water):
            article_id = articles.article_id_for_job(conn=conn, job_id=row["id"])
            got[row["id"]] = conn.execute(
                "SELECT title, published_at, published_source FROM articles WHERE id = %s", (article_id,)
            ).fetchone()
        assert got[harvest["id"]]["title"] == "موسم الحصاد"
        assert str(got[harvest["id"]]["published_at"])[:10] == "2019-05-06"
        assert got[harvest["id"]]["published_source"] == "capture"
        assert str(got[water["id"]]["published_at"])[:10] == "2019-05-07"

    # Importing the same file again creates nothing.
    again = CliRunner().invoke(app, ["import-warc", str(warc)])
    assert "0 jobs created at the process stage, 4 duplicates" in again.stdout


def test_import_refuses_a_file_that_is_not_a_warc(stack_env: dict[str, str], tmp_path: Path) -> None:
    from cli.main import app

    bogus = tmp_path / "notes.warc.gz"
    bogus.write_bytes(b"hello, not an archive\n")
    result = CliRunner().invoke(app, ["import-warc", str(bogus)])
    assert result.exit_code == 1
    assert "not a WARC file" in result.output
