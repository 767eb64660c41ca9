"""The in-memory references the stack is compared with, on a multiprocessing pool of N processes:

- ``baseline``: a bare loop of ``trafilatura.extract`` over the decoded pages (the issue's baseline);
- ``pure_pipeline``: Akhbar's own ``pipeline.article.process_page`` (extract + metadata + dates
  + entities with the shipped knowledge base) on the same pages, no queue, no fetch, no database,
  which separates the cost of the pipeline's work from the cost of the infrastructure around it.

Pages are decoded in the parent before the pool forks, so workers read them from shared memory.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from typing import Any

import psutil

from bench.corpus import Page

_TEXTS: list[str] = []
_URLS: list[str] = []
_KB: Any = None


def _extract_one(i: int) -> tuple[float, bool]:
    import trafilatura

    started = time.process_time()
    text = trafilatura.extract(_TEXTS[i])
    return time.process_time() - started, bool(text)


def _process_one(i: int) -> tuple[float, bool]:
    from pipeline.article import process_page
    from pipeline.extract import NoArticle

    started = time.process_time()
    try:
        process_page(_TEXTS[i], _URLS[i], kb=_KB)
        ok = True
    except NoArticle:
        ok = False
    return time.process_time() - started, ok


def _run_pool(pages: list[Page], processes: int, max_pages: int, max_seconds: float, fn: Any) -> dict[str, float]:
    """The first `max_pages` pages in corpus order (cycling), stopped early after `max_seconds`
    so a contended machine still ends in time; pages/s and CPU ms per page."""
    global _TEXTS, _URLS
    _TEXTS = [p.text() for p in pages]
    _URLS = [f"http://127.0.0.1/p/{i}/{p.slug}" for i, p in enumerate(pages)]
    ctx = mp.get_context("fork")
    with ctx.Pool(processes) as pool:
        pool.map(fn, range(min(len(pages), processes * 2)))  # fork + first-call imports, not timed
        done, cpu, ok, submitted = 0, 0.0, 0, 0
        pending: list[Any] = []
        machine_before = _machine_cpu()
        started = time.perf_counter()

        # A bounded window of tasks in corpus order (shuffled once): every reference sees the same
        # pages in the same order, so their CPU per page compare like with like.
        def more() -> bool:
            return submitted < max_pages and time.perf_counter() - started < max_seconds

        while pending or more():
            while len(pending) < 2 * processes and more():
                pending.append(pool.apply_async(fn, (submitted % len(pages),)))
                submitted += 1
            head = pending.pop(0)
            seconds, found = head.get()
            done += 1
            cpu += seconds
            ok += found
        elapsed = time.perf_counter() - started
        others = _machine_cpu() - machine_before - cpu
    return {
        "processes": processes,
        "pages": done,
        "passes": round(done / len(pages), 2),
        "seconds": round(elapsed, 2),
        "pages_per_s": round(done / elapsed, 3),
        "cpu_ms_per_page": round(1000 * cpu / done, 2),
        "with_text": ok,
        # CPU the rest of the machine used meanwhile, as a share of all cores: >10 % means the
        # figure above was measured on a contended machine.
        "other_tenants_cpu_share": round(others / (elapsed * (os.cpu_count() or 1)), 3),
    }


def _machine_cpu() -> float:
    t = psutil.cpu_times()
    return t.user + t.system + getattr(t, "nice", 0.0)


def baseline(pages: list[Page], processes: int, max_pages: int = 300, max_seconds: float = 90) -> dict[str, float]:
    """trafilatura.extract (default settings) over the pages in memory."""
    return _run_pool(pages, processes, max_pages, max_seconds, _extract_one)


def pure_pipeline(pages: list[Page], processes: int, max_pages: int = 300, max_seconds: float = 90) -> dict[str, float]:
    """pipeline.article.process_page with the shipped knowledge base over the pages in memory."""
    global _KB
    from pipeline.enrich.entities import KnowledgeBase, load_default_records

    _KB = KnowledgeBase.from_records(load_default_records())
    return _run_pool(pages, processes, max_pages, max_seconds, _process_one)
