"""The whole path on real components: the demo site on 127.0.0.1, the real API, Celery workers as
subprocesses on real Redis, and Postgres. Every page must end done with the text it wraps."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.integration.conftest import Workers, wait_for

pytestmark = pytest.mark.integration

FINAL = {"done", "skipped", "dead"}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def demo_site(loopback_ports: list[int]) -> Any:
    from cli.demo_site import DemoSite

    with DemoSite(port=loopback_ports[0]) as site:
        yield site


@pytest.fixture(scope="module")
def demo_run(api: Any, api_key: str, workers: Workers, demo_site: Any) -> dict[str, Any]:
    """Submit every demo page once and wait for all of them to finish."""
    from cli.demo_site import ARTICLES

    headers = {"X-API-Key": api_key}
    urls = [demo_site.url_for(a) for a in ARTICLES]
    response = api.post("/v1/urls", json={"urls": urls}, headers=headers)
    assert response.status_code == 202, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["accepted"] * len(urls)
    job_ids = [r["job_id"] for r in results]
    jobs: dict[int, dict[str, Any]] = {}

    def all_final() -> bool:
        for job_id in job_ids:
            if jobs.get(job_id, {}).get("status") not in FINAL:
                jobs[job_id] = api.get(f"/v1/jobs/{job_id}", headers=headers).json()
        return all(j["status"] in FINAL for j in jobs.values())

    try:
        wait_for(all_final, timeout=240, message="demo pages did not all finish")
    except AssertionError:
        pytest.fail(
            f"{[(j['id'], j['status']) for j in jobs.values()]}\n{workers.log('fetch')}\n{workers.log('process')}"
        )
    return {"articles": ARTICLES, "job_ids": job_ids, "jobs": jobs, "headers": headers}


def test_every_demo_page_ends_done_with_its_body_and_without_boilerplate(api: Any, demo_run: dict[str, Any]) -> None:
    from cli.demo_site import NOISE_STRINGS

    for article, job_id in zip(demo_run["articles"], demo_run["job_ids"], strict=True):
        job = demo_run["jobs"][job_id]
        assert job["status"] == "done", (article.slug, job["status"], job["reason"], job["last_error"])
        stored = api.get(f"/v1/articles/{job['article_id']}", headers=demo_run["headers"]).json()
        text = _squash(stored["text"])
        for paragraph in article.paragraphs:
            assert _squash(paragraph) in text, (article.slug, paragraph[:60])
        for noise in NOISE_STRINGS:
            assert noise not in stored["text"], (article.slug, noise)
        assert stored["title"] and _squash(article.title) in _squash(stored["title"]), (article.slug, stored["title"])
        assert stored["language"] == "ar"
        assert stored["word_count"] == len(stored["text"].split())


def test_publication_dates_are_the_pages_own(api: Any, demo_run: dict[str, Any]) -> None:
    wrong = []
    for article, job_id in zip(demo_run["articles"], demo_run["job_ids"], strict=True):
        stored = api.get(f"/v1/articles/{demo_run['jobs'][job_id]['article_id']}", headers=demo_run["headers"]).json()
        if (stored["published_at"] or "")[:10] != article.published[:10]:
            wrong.append((article.slug, article.published, stored["published_at"], stored["published_source"]))
    assert not wrong, wrong


def test_enrichment_is_stored_with_offsets_into_the_text(api: Any, demo_run: dict[str, Any]) -> None:
    with_dates = with_entities = 0
    for job_id in demo_run["job_ids"]:
        stored = api.get(f"/v1/articles/{demo_run['jobs'][job_id]['article_id']}", headers=demo_run["headers"]).json()
        for d in stored["dates"]:
            assert stored["text"][d["start"] : d["end"]] == d["text"]
        for m in stored["entities"]:
            assert stored["text"][m["start"] : m["end"]] == m["text"]
        with_dates += bool(stored["dates"])
        with_entities += bool([m for m in stored["entities"] if m["entity_id"]])
    assert with_dates >= len(demo_run["job_ids"]) * 0.8
    assert with_entities >= len(demo_run["job_ids"]) * 0.8


def test_resubmitting_variants_of_a_url_yields_the_same_job(api: Any, demo_run: dict[str, Any], demo_site: Any) -> None:
    url = demo_site.url_for(demo_run["articles"][0])
    variants = [url, url + "?utm_source=twitter&utm_medium=social", url + "?fbclid=IwAR0abc", url + "#comments"]
    response = api.post("/v1/urls", json={"urls": variants}, headers=demo_run["headers"])
    assert response.status_code == 202
    results = response.json()["results"]
    assert {r["job_id"] for r in results} == {demo_run["job_ids"][0]}
    assert all(r["status"] == "duplicate" and r["duplicate_of"] == demo_run["job_ids"][0] for r in results)


def test_processing_a_job_twice_yields_one_article(demo_run: dict[str, Any], database_url: str) -> None:
    from storage.db import connect
    from storage.jobs import requeue_for_reprocess
    from workers.tasks import process

    job_id = demo_run["job_ids"][1]
    # A duplicate delivery of a finished job's message does nothing.
    assert process.run(job_id) == "not claimable"
    for _ in range(2):
        with connect(database_url) as conn:
            requeue_for_reprocess(conn=conn, job_id=job_id)
            conn.commit()
        assert process.run(job_id) == "done"
    with connect(database_url) as conn:
        count = conn.execute("SELECT count(*) AS n FROM articles WHERE job_id = %s", (job_id,)).fetchone()["n"]
        mentions = conn.execute(
            "SELECT count(*) AS n, count(DISTINCT (start_char, end_char, type)) AS d FROM mentions m"
            " JOIN articles a ON a.id = m.article_id WHERE a.job_id = %s",
            (job_id,),
        ).fetchone()
    assert count == 1
    assert mentions["n"] == mentions["d"]
