"""What the process stage's database writes cost per article, without Celery, fetching or
extraction in the measurement: the worker's CPU and its Postgres backend's CPU for ``_store``
(article, mentions, dates, dedup and story marks, job end) and the commit.

The stack benchmark mixes this with everything else on a noisy machine; this isolates it, so a
change to the write path can be compared in one run. Pages are the benchmark corpus, processed
by ``process_page`` beforehand (not timed), stored twice: the first pass writes new articles,
the second exact duplicates of them (the stack benchmark cycles through its corpus, so most
of its articles are duplicates).

Run: python -m bench.store_path [--pages 150]  (AKHBAR_TEST_DATABASE_URL's server, or embedded)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from bench.corpus import build_corpus

RESULTS = Path(__file__).resolve().parent / "results"


def _prepare(conn: Any, url: str, html_bytes: bytes, content_type: str) -> tuple[Any, Any]:
    """A job at the process stage, claimed, with its stored page (as the fetch stage leaves it)."""
    from storage import jobs, pages

    source_id = jobs.upsert_sources(conn=conn, hosts=["bench.example"])["bench.example"]
    job, _ = jobs.insert_jobs(conn=conn, new=[jobs.NewJob(url, url, source_id, {})])[0]
    jobs.claim_job(conn=conn, job_id=job.id, stage="fetch", worker="bench")
    pages.store_page(
        conn=conn,
        job_id=job.id,
        url=url,
        final_url=url,
        http_status=200,
        content_type=content_type,
        encoding="utf-8",
        encoding_source="header",
        headers={},
        redirects=[],
        body=html_bytes,
        wire_bytes=len(html_bytes),
        elapsed_ms=1,
    )
    jobs.advance_job(conn=conn, job_id=job.id, stage="fetch", next_stage="process")
    claimed = jobs.claim_job(conn=conn, job_id=job.id, stage="process", worker="bench")
    page = pages.page_for_job(conn=conn, job_id=job.id)
    conn.commit()
    return claimed, page


def measure(database_url: str, n_pages: int) -> dict[str, Any]:
    """Client and backend CPU per article for new articles and for duplicates."""
    os.environ.setdefault("AKHBAR_REDIS_URL", "redis://127.0.0.1:1/0")  # workers.app needs one; never used
    from pipeline.article import process_page
    from pipeline.enrich.entities import KnowledgeBase, load_default_records
    from pipeline.extract import NoArticle
    from storage.db import connect
    from workers.tasks import _store

    kb = KnowledgeBase.from_records(load_default_records())
    corpus = build_corpus()[:n_pages]
    conn = connect(database_url)
    backend = psutil.Process(conn.info.backend_pid)
    result: dict[str, Any] = {"pages": len(corpus)}
    for label, pass_no in (("new", 0), ("duplicate", 1)):
        client_ms: list[float] = []
        server_ms: list[float] = []
        wall_ms: list[float] = []
        for i, page in enumerate(corpus):
            url = f"http://bench.example/{pass_no}/{i}/{page.slug}"
            job, stored = _prepare(conn, url, page.body, page.content_type)
            html = stored.text()
            try:
                processed = process_page(html, url, kb=kb)
            except NoArticle:
                continue
            b0, c0, w0 = backend.cpu_times(), time.process_time(), time.perf_counter()
            _store(conn, job, stored, html, processed)
            conn.commit()
            b1, c1, w1 = backend.cpu_times(), time.process_time(), time.perf_counter()
            client_ms.append(1000 * (c1 - c0))
            server_ms.append(1000 * (b1.user + b1.system - b0.user - b0.system))
            wall_ms.append(1000 * (w1 - w0))
        result[label] = {
            "articles": len(client_ms),
            "client_cpu_ms": round(statistics.fmean(client_ms), 3),
            "postgres_cpu_ms": round(statistics.fmean(server_ms), 3),
            "wall_ms_median": round(statistics.median(wall_ms), 3),
        }
    conn.close()
    return result


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Measure on a fresh database, print and write bench/results/store_path.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=150)
    ap.add_argument("--out", type=Path, default=RESULTS / "store_path.json")
    args = ap.parse_args(argv)
    from bench.stack_harness import bench_database

    with tempfile.TemporaryDirectory(prefix="akhbar-store-") as tmp, bench_database(Path(tmp)) as url:
        result = measure(url, args.pages)
    print(json.dumps(result, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    return result


if __name__ == "__main__":
    main()
