"""Where a page's CPU time goes inside ``process_page``: per-component CPU time, and a
pyinstrument profile, on the benchmark corpus in one process.

Components are timed by wrapping the functions ``process_page`` calls (in this process only;
no project file is changed): the one lxml parse (``parse_page``), the metadata readers
(``page_metadata``, whose date search is htmldate's), trafilatura's ``bare_extraction`` of the
text, ``headline_context``, language detection (called from extraction and again from
enrichment), the dateline search, the date tagger and the entity matcher. The bare
``trafilatura.extract`` of the baseline is timed on the same pages for comparison.

Run: python -m bench.profile_pipeline [--pages 120]
Writes bench/results/profile_pipeline.json and profile_pipeline.txt (pyinstrument's text view).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.corpus import build_corpus

RESULTS = Path(__file__).resolve().parent / "results"


def _timed(totals: dict[str, float], calls: dict[str, int], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[name] += time.process_time() - started
            calls[name] += 1

    return wrapper


def component_times(texts: list[str], urls: list[str], kb: Any) -> dict[str, Any]:
    """CPU ms per page of each component of process_page, and of the bare trafilatura.extract."""
    import trafilatura

    import pipeline.article as article
    import pipeline.enrich as enrich
    import pipeline.enrich.dates as dates
    import pipeline.enrich.entities as entities
    import pipeline.extract as extract
    from pipeline.article import process_page

    totals: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    patches = [
        (article, "parse_page", "parse_page (one lxml parse)"),
        (extract, "page_metadata", "page_metadata (title, author, site, date)"),
        (trafilatura, "bare_extraction", "trafilatura.bare_extraction (text only)"),
        (article, "headline_context", "headline_context (on the parsed tree)"),
        (extract, "detect_language", "detect_language (in extract)"),
        (enrich, "detect_language", "detect_language (in enrich)"),
        (dates, "find_dateline", "find_dateline"),
        (dates, "tag_dates", "tag_dates"),
        (entities, "extract_entities", "extract_entities"),
    ]
    originals = [(mod, attr, getattr(mod, attr)) for mod, attr, _ in patches]
    for mod, attr, name in patches:
        setattr(mod, attr, _timed(totals, calls, name, getattr(mod, attr)))
    whole = 0.0
    try:
        for text, url in zip(texts, urls, strict=True):
            started = time.process_time()
            with contextlib.suppress(extract.NoArticle):
                process_page(text, url, kb=kb)
            whole += time.process_time() - started
    finally:
        for mod, attr, fn in originals:
            setattr(mod, attr, fn)
    bare = 0.0
    for text in texts:
        started = time.process_time()
        trafilatura.extract(text)
        bare += time.process_time() - started
    n = len(texts)
    components = {name: round(1000 * totals[name] / n, 2) for _, _, name in patches}
    accounted = sum(components.values())
    return {
        "pages": n,
        "process_page_ms": round(1000 * whole / n, 2),
        "components_ms": components,
        "calls": dict(calls),
        "unaccounted_ms": round(1000 * whole / n - accounted, 2),
        "baseline_trafilatura_extract_ms": round(1000 * bare / n, 2),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Time the components, profile process_page with pyinstrument, write and print the results."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=120)
    ap.add_argument("--out", type=Path, default=RESULTS / "profile_pipeline.json")
    args = ap.parse_args(argv)
    from pyinstrument import Profiler

    from pipeline.article import process_page
    from pipeline.enrich.entities import KnowledgeBase, load_default_records
    from pipeline.extract import NoArticle

    pages = build_corpus()[: args.pages]
    texts = [p.text() for p in pages]
    urls = [f"http://127.0.0.1/p/{i}/{p.slug}" for i, p in enumerate(pages)]
    kb = KnowledgeBase.from_records(load_default_records())
    for text, url in zip(texts[:3], urls[:3], strict=True):  # first-call imports and caches, not measured
        with contextlib.suppress(NoArticle):
            process_page(text, url, kb=kb)
    result = component_times(texts, urls, kb)
    profiler = Profiler(interval=0.002)
    profiler.start()
    for text, url in zip(texts, urls, strict=True):
        with contextlib.suppress(NoArticle):
            process_page(text, url, kb=kb)
    profiler.stop()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".txt").write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
