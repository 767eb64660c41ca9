"""Analysts teach the knowledge base: a plain SQL insert or `akhbar kb add` takes effect for the
next article processed by the running workers, and `akhbar reprocess` applies it to stored
articles from their stored pages."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from typer.testing import CliRunner

from storage.db import connect
from tests.integration.conftest import Workers, wait_for

pytestmark = pytest.mark.integration

# A made-up minister and a made-up agency: no shipped entity can link them.
PAGE = """<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="2024-11-20T09:00:00+01:00"></head><body>
<article><h1>{title}</h1>
<p>استقبل الوزير زكرياء بنعيسى الفيلالي، صباح اليوم الأربعاء بالرباط، وفدا عن وكالة الواحات للتنمية
المستدامة، لبحث سبل تعزيز التعاون في مجال تدبير الموارد المائية بالمناطق الجنوبية للمملكة.</p>
<p>وأكد بنعيسى الفيلالي، خلال هذا اللقاء، أن الوزارة ستواكب المشاريع التي تعتزم الوكالة إطلاقها خلال
السنة المقبلة، خاصة ما يتعلق منها بتحلية المياه وتوسيع شبكات الري الموضعي في الواحات.</p>
<p>من جهتهم، قدم أعضاء الوفد عرضا مفصلا حول برنامج عمل الوكالة، الذي يشمل أزيد من ثلاثين مشروعا
موزعة على أقاليم الراشيدية وزاكورة وطاطا، بكلفة إجمالية تناهز مليار درهم.</p>
</article></body></html>"""


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = PAGE.format(title=f"لقاء حول الموارد المائية {self.path}").encode()
        self.send_response(200 if self.path != "/robots.txt" else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(loopback_ports: list[int]) -> Any:
    server = ThreadingHTTPServer(("127.0.0.1", loopback_ports[2]), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{loopback_ports[2]}"
    server.shutdown()


def _process(api: Any, key: str, url: str) -> dict[str, Any]:
    response = api.post("/v1/urls", json={"urls": [url]}, headers={"X-API-Key": key})
    job_id = response.json()["results"][0]["job_id"]
    job: dict[str, Any] = {}

    def done() -> bool:
        job.update(api.get(f"/v1/jobs/{job_id}", headers={"X-API-Key": key}).json())
        return job["status"] in ("done", "skipped", "dead")

    wait_for(done, timeout=90, message=f"job {job_id}")
    assert job["status"] == "done", job
    return api.get(f"/v1/articles/{job['article_id']}", headers={"X-API-Key": key}).json()


def _linked(article: dict[str, Any], entity_id: str) -> list[str]:
    return [m["text"] for m in article["entities"] if m["entity_id"] == entity_id]


def test_sql_insert_and_kb_add_take_effect_at_once_and_reprocess_applies_them(
    api: Any, api_key: str, workers: Workers, site: str, database_url: str
) -> None:
    before = _process(api, api_key, f"{site}/news/kb-1.html")
    assert not _linked(before, "per:test_zakaria_filali")
    assert not _linked(before, "org:test_oasis_agency")

    # 1. Plain SQL, as an analyst would type it in psql.
    with connect(database_url) as conn:
        conn.execute(
            "INSERT INTO entities (id, type, name_ar, name_en, origin)"
            " VALUES ('per:test_zakaria_filali', 'PER', 'زكرياء بنعيسى الفيلالي', 'Zakaria Benaissa Filali', 'analyst')"
        )
        conn.execute(
            "INSERT INTO entity_aliases (entity_id, alias) VALUES"
            " ('per:test_zakaria_filali', 'زكرياء بنعيسى الفيلالي'), ('per:test_zakaria_filali', 'بنعيسى الفيلالي')"
        )
        conn.commit()
    # 2. The CLI.
    from cli.main import app

    result = CliRunner().invoke(
        app,
        [
            "kb",
            "add",
            "--id",
            "org:test_oasis_agency",
            "--type",
            "ORG",
            "--ar",
            "وكالة الواحات للتنمية المستدامة",
            "--en",
            "Oasis Development Agency",
        ],
    )
    assert result.exit_code == 0, result.output

    after = _process(api, api_key, f"{site}/news/kb-2.html")
    assert "زكرياء بنعيسى الفيلالي" in _linked(after, "per:test_zakaria_filali")
    assert "بنعيسى الفيلالي" in _linked(after, "per:test_zakaria_filali")  # the later short mention
    assert _linked(after, "org:test_oasis_agency") == ["وكالة الواحات للتنمية المستدامة"]
    assert any(m["canonical"] == "Zakaria Benaissa Filali" for m in after["entities"])

    # 3. The article stored before the change picks it up when reprocessed from its stored page.
    result = CliRunner().invoke(app, ["reprocess", "--since", "2024-11-01"])
    assert result.exit_code == 0, result.output

    def relinked() -> bool:
        article = api.get(f"/v1/articles/{before['id']}", headers={"X-API-Key": api_key}).json()
        return bool(_linked(article, "per:test_zakaria_filali")) and bool(_linked(article, "org:test_oasis_agency"))

    wait_for(relinked, timeout=120, message="reprocessed article was not re-enriched")
    with connect(database_url) as conn:
        count = conn.execute("SELECT count(*) AS n FROM articles WHERE url LIKE %s", (f"{site}/news/kb-%",)).fetchone()
    assert count["n"] == 2


def test_process_children_inherit_the_knowledge_base_the_worker_built_before_forking(
    api: Any, api_key: str, workers: Workers, site: str
) -> None:
    """The process worker builds the knowledge base once, before it forks its children; a child
    (new, or recycled after max_tasks_per_child) rebuilds it only when analysts changed it."""
    _process(api, api_key, f"{site}/news/kb-inherited.html")
    events = [
        json.loads(line) for line in workers.log("process", tail=None).splitlines() if '"knowledge_base_built"' in line
    ]
    preloads = [e for e in events if e["reason"] == "preload"]
    assert len(preloads) == 1 and preloads[0]["entities"] > 2000, events
    assert not [e for e in events if e["reason"] == "first_use"], events
    assert all(e["reason"] == "version_changed" for e in events if e not in preloads), events
