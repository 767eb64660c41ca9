"""`akhbar submit` against a real API server (uvicorn on loopback), and POST /v1/urls?partial=true."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.integration.conftest import Workers
from tests.integration.feed_server import FeedServer

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def api_url(stack_env: dict[str, str]) -> Iterator[str]:
    """The real API served by uvicorn in a thread (the CLI speaks HTTP to it like any client)."""
    import uvicorn

    from api.app import create_app
    from cli.embedded import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def run_cli(*args: str, input: str | None = None) -> Any:
    from cli.main import app

    return CliRunner().invoke(app, list(args), input=input)


def job_rows(db_url: str, prefix: str) -> list[dict[str, Any]]:
    from storage.db import connect

    with connect(db_url) as conn:
        return conn.execute(
            "SELECT id, url, hints, status FROM jobs WHERE url LIKE %s ORDER BY id", (prefix + "%",)
        ).fetchall()


def test_partial_mode_answers_each_url(api: Any, api_key: str) -> None:
    headers = {"X-API-Key": api_key}
    body = {
        "urls": [
            "https://partial.example/a",
            "ftp://partial.example/b",
            "https://partial.example/a?utm_source=x",
            "not a url",
        ],
        "url_hints": [{"title": "A"}, {}, {}, {}],
    }
    strict = api.post("/v1/urls", json=body, headers=headers)
    assert strict.status_code == 422
    assert [d["field"] for d in strict.json()["detail"]] == ["urls[1]", "urls[3]"]
    response = api.post("/v1/urls", params={"partial": "true"}, json=body, headers=headers)
    assert response.status_code == 202, response.text
    answer = response.json()
    assert (answer["accepted"], answer["duplicates"], answer["invalid"]) == (1, 1, 2)
    statuses = [(r["status"], r["reason"]) for r in answer["results"]]
    assert statuses[0] == ("accepted", None) and statuses[2] == ("duplicate", None)
    assert statuses[1][0] == "invalid" and "scheme must be http or https" in statuses[1][1]
    assert statuses[3][0] == "invalid" and "whitespace" in statuses[3][1]
    assert answer["results"][2]["duplicate_of"] == answer["results"][0]["job_id"]
    bad = api.post("/v1/urls", json={"urls": ["https://x.example/"], "url_hints": [{}, {}]}, headers=headers)
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "url_hints"


def test_submit_file_in_batches_with_hints_and_bad_lines(
    api_url: str,
    api_key: str,
    stack_env: dict[str, str],
    tmp_path: Path,
) -> None:
    prefix = "https://bulk.example.ma/"
    lines = ["# a comment", ""]
    lines += [f"{prefix}plain/{i}" for i in range(10)]
    lines.append(json.dumps({"url": f"{prefix}json/1", "title": "عنوان", "published": "2026-11-01"}))
    lines.append(json.dumps({"url": f"{prefix}json/2", "hints": {"source": "partner"}}))
    lines.append(f"{prefix}plain/3?utm_medium=email")  # duplicate of plain/3
    lines.append("ftp://bulk.example.ma/x")  # invalid
    lines.append('{"url": broken json')  # invalid
    lines.append(json.dumps({"title": "no url"}))  # invalid
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = run_cli("submit", str(path), "--batch", "4", "--api", api_url, "--key", api_key)
    assert result.exit_code == 0, result.output
    assert "submitted: 12 accepted, 1 duplicates, 3 invalid" in result.stdout
    assert "line 16: scheme must be http or https" in result.output
    assert "line 17: not valid JSON" in result.output
    rows = job_rows(stack_env["AKHBAR_DATABASE_URL"], prefix)
    assert len(rows) == 12
    by_url = {r["url"]: r["hints"] for r in rows}
    assert by_url[f"{prefix}json/1"] == {
        "title": "عنوان",
        "published": "2026-11-01",
        "submitted_by": "integration-tests",
    }
    assert by_url[f"{prefix}json/2"]["source"] == "partner"

    # The same file again: all duplicates, nothing new; and from stdin.
    again = run_cli("submit", "-", "--api", api_url, "--key", api_key, input=path.read_text(encoding="utf-8"))
    assert "submitted: 0 accepted, 13 duplicates, 3 invalid" in again.stdout
    assert len(job_rows(stack_env["AKHBAR_DATABASE_URL"], prefix)) == 12


def test_submit_wait_prints_a_summary_by_status(
    workers: Workers,
    api_url: str,
    api_key: str,
    stack_env: dict[str, str],
    loopback_ports: list[int],
    tmp_path: Path,
) -> None:
    from tests.integration.test_feeds import ARTICLE

    with FeedServer(loopback_ports[2]) as site:
        urls = [
            site.set(f"/w/a{i}.html", ARTICLE.format(title=f"مقال {i}"), content_type="text/html; charset=utf-8")
            for i in range(2)
        ]
        urls.append(site.url("/w/missing.html"))  # 404: skipped
        path = tmp_path / "wait.txt"
        path.write_text("\n".join(urls))
        result = run_cli("submit", str(path), "--wait", "--timeout", "120", "--api", api_url, "--key", api_key)
    assert result.exit_code == 0, result.output
    assert "submitted: 3 accepted, 0 duplicates, 0 invalid" in result.stdout
    assert "jobs: done=2, skipped=1, dead=0, unfinished=0" in result.stdout
    assert "skipped: http_404" in result.stdout


def test_submit_more_than_one_request_worth(
    api_url: str, api_key: str, stack_env: dict[str, str], tmp_path: Path
) -> None:
    # Port 9 is not one the fetcher may reach: if workers run, these jobs end skipped at once. This test
    # comes last in the file so that its backlog on the fetch queue does not delay the --wait test.
    prefix = "http://127.0.0.1:9/big/"
    path = tmp_path / "big.txt"
    path.write_text("".join(f"{prefix}{i}\n" for i in range(2345)))
    result = run_cli("submit", str(path), "--api", api_url, "--key", api_key)
    assert result.exit_code == 0, result.output
    assert "submitted: 2345 accepted, 0 duplicates, 0 invalid" in result.stdout
    assert len(job_rows(stack_env["AKHBAR_DATABASE_URL"], prefix)) == 2345


def test_feeds_add_and_list_commands(api_url: str, api_key: str) -> None:
    url = "https://cli-feeds.example.ma/rss.xml"
    added = run_cli("feeds", "add", url, "--every", "5m", "--source", "CLI outlet", "--api", api_url, "--key", api_key)
    assert added.exit_code == 0, added.output
    assert f"registered: {url} every 300 s" in added.stdout and "already" not in added.stdout
    again = run_cli("feeds", "add", url, "--api", api_url, "--key", api_key)
    assert "already registered" in again.stdout
    bad = run_cli("feeds", "add", url, "--every", "often", "--api", api_url, "--key", api_key)
    assert bad.exit_code == 1 and "every" in bad.output
    listed = run_cli("feeds", "list", "--api", api_url, "--key", api_key)
    assert listed.exit_code == 0 and "cli-feeds.example.ma" in listed.stdout and "new" in listed.stdout
