"""Issue 13 acceptance on the real stack: outlets' pages served on loopback addresses, submitted
through the API, fetched and processed by real workers. One event told by three outlets forms
one story; two other events sharing its people and places stay apart; an exact copy and an
agency rewrite are marked duplicates of their originals and share their stories; a utm_ variant
and an AMP page add no article; nothing else is marked a duplicate."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest

from bench.build_dedup_pairs import Doc, drop_paragraph, load_docs
from storage.db import connect
from tests.integration.conftest import Workers, wait_for

pytestmark = pytest.mark.integration

FINAL = {"done", "skipped", "dead"}


def _html(doc: Doc, canonical: str | None = None) -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in doc.text.split("\n"))
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{doc.title}</title>{link}'
        f'<meta property="article:published_time" content="{doc.published_at}"></head><body>'
        f"<nav><a href='/'>الرئيسية</a> <a href='/sport'>رياضة</a></nav>"
        f"<article><h1>{doc.title}</h1>{paragraphs}</article><footer>جميع الحقوق محفوظة</footer></body></html>"
    ).encode()


class _Outlet(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        page = self.server.pages.get(urlsplit(self.path).path)  # type: ignore[attr-defined]
        if page is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def outlets(loopback_ports: list[int]) -> Any:
    """One HTTP server per outlet, each on its own loopback address (127.0.0.2 …) and one port."""
    port = loopback_ports[3]
    servers: dict[str, ThreadingHTTPServer] = {}

    def serve(host: str, path: str, body: bytes) -> str:
        if host not in servers:
            server = ThreadingHTTPServer((host, port), _Outlet)
            server.pages = {}  # type: ignore[attr-defined]
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[host] = server
        servers[host].pages[path] = body  # type: ignore[attr-defined]
        return f"http://{host}:{port}{path}"

    yield serve
    for server in servers.values():
        server.shutdown()
        server.server_close()


def _run(api: Any, key: str, urls: list[str]) -> list[dict[str, Any]]:
    response = api.post("/v1/urls", json={"urls": urls}, headers={"X-API-Key": key})
    assert response.status_code == 202, response.text
    results = response.json()["results"]
    jobs: dict[int, dict[str, Any]] = {}

    def finished() -> bool:
        for r in results:
            if jobs.get(r["job_id"], {}).get("status") not in FINAL:
                jobs[r["job_id"]] = api.get(f"/v1/jobs/{r['job_id']}", headers={"X-API-Key": key}).json()
        return all(j["status"] in FINAL for j in jobs.values())

    wait_for(finished, timeout=180, message="story pages did not finish")
    return results


def test_one_event_one_story_copies_marked_variants_folded(
    api: Any, api_key: str, workers: Workers, outlets: Any, database_url: str
) -> None:
    docs = load_docs()
    hosts = {
        "A1": "127.0.0.2",
        "A2": "127.0.0.3",
        "A3": "127.0.0.4",
        "A4": "127.0.0.2",
        "A5": "127.0.0.5",
        "G1": "127.0.0.6",
        "G2": "127.0.0.7",
    }
    urls = {d: outlets(h, f"/news/{d.lower()}.html", _html(docs[d])) for d, h in hosts.items()}
    originals = _run(api, api_key, list(urls.values()))
    assert all(r["status"] == "accepted" for r in originals)

    a1 = docs["A1"]
    copy_url = outlets("127.0.0.8", "/agency/a1-copy.html", _html(a1))
    rewrite = drop_paragraph(docs["A2"], 1)
    rewrite_url = outlets("127.0.0.9", "/world/a2-rewrite.html", _html(rewrite))
    # The AMP page of A1 lives under the same outlet and points back to the article.
    outlets("127.0.0.2", "/news/a1.html/amp", _html(a1, canonical=urls["A1"]))
    variants = [urls["A1"] + "?utm_source=facebook&utm_medium=social", urls["A1"] + "/amp"]
    later = _run(api, api_key, [copy_url, rewrite_url, *variants])
    job_of = {r["url"]: r["job_id"] for r in [*originals, *later]}
    # The variants are recognised at submit: same job as A1, no new article.
    assert [r["status"] for r in later[2:]] == ["duplicate", "duplicate"]
    assert {r["job_id"] for r in later[2:]} == {job_of[urls["A1"]]}

    with connect(database_url) as conn:
        rows = conn.execute(
            "SELECT j.url, j.status, a.id, a.duplicate_of, a.duplicate_kind, a.similarity, a.story_id"
            " FROM jobs j LEFT JOIN articles a ON a.job_id = j.id WHERE j.id = ANY(%s)",
            (list(job_of.values()),),
        ).fetchall()
        by_url = {r["url"]: r for r in rows}
        article_count = conn.execute(
            "SELECT count(*) AS n FROM articles WHERE job_id = ANY(%s)", (list(job_of.values()),)
        ).fetchone()["n"]
    assert all(r["status"] == "done" for r in rows), [(r["url"], r["status"]) for r in rows]
    assert article_count == 9  # 7 originals + the copy + the rewrite; the variants added none

    story = {d: by_url[u]["story_id"] for d, u in urls.items()}
    assert story["A1"] == story["A2"] == story["A3"], story
    assert len({story["A1"], story["A4"], story["A5"]}) == 3, story
    assert len({story["A1"], story["G1"], story["G2"]}) == 3, story

    copy, rewritten = by_url[copy_url], by_url[rewrite_url]
    assert (copy["duplicate_of"], copy["duplicate_kind"]) == (by_url[urls["A1"]]["id"], "exact")
    assert rewritten["duplicate_of"] == by_url[urls["A2"]]["id"]
    assert rewritten["duplicate_kind"] == "near" and rewritten["similarity"] >= 0.65
    assert copy["story_id"] == story["A1"] and rewritten["story_id"] == story["A2"]
    assert all(by_url[u]["duplicate_of"] is None for u in urls.values())

    article = api.get(f"/v1/articles/{copy['id']}", headers={"X-API-Key": api_key}).json()
    assert article["duplicate_of"] == by_url[urls["A1"]]["id"] and article["story_id"] == story["A1"]
