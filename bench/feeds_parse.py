"""Benchmark: how fast pipeline.feeds parses the biggest documents a poll meets.

Documents are generated (no corpus needed): a 50,000-URL sitemap (the sitemaps.org maximum),
the same gzipped, a 1,000-URL Google News sitemap and a 200-item RSS feed. Writes
bench/results/feeds_parse.json and prints a summary.

    python -m bench.feeds_parse [--repeat 5]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.feeds import parse_feed

RESULTS = Path(__file__).parent / "results" / "feeds_parse.json"


def sitemap(n: int, *, news: bool = False) -> bytes:
    """A sitemap of n article URLs (with Google News blocks when news=True)."""
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>']
    for i in range(n):
        block = (
            "<news:news><news:publication><news:name>هسبريس</news:name><news:language>ar</news:language>"
            f"</news:publication><news:publication_date>2026-11-24T08:{i % 60:02d}:00Z</news:publication_date>"
            f"<news:title>عنوان الخبر رقم {i}</news:title></news:news>"
            if news
            else f"<lastmod>2026-11-{1 + i % 28:02d}</lastmod>"
        )
        parts.append(f"<url><loc>https://www.example.ma/news/2026/11/article-{i}.html</loc>{block}</url>")
    parts.append("</urlset>")
    return "".join(parts).encode()


def rss(n: int) -> bytes:
    """An RSS 2.0 feed of n items with Arabic titles, descriptions and dates."""
    items = "".join(
        f"<item><title>عنوان المقال {i}</title><link>https://www.example.ma/a/{i}.html</link>"
        f"<guid>https://www.example.ma/a/{i}.html</guid><pubDate>Tue, 24 Nov 2026 09:{i % 60:02d}:00 +0100</pubDate>"
        f"<description>{'نص قصير للمقال. ' * 20}</description></item>"
        for i in range(n)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    ).encode()


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median seconds of `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    """Run the cases, write the result file, print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    big = sitemap(50_000)
    cases = {
        "sitemap_50000": big,
        "sitemap_50000_gzip": gzip.compress(big),
        "news_sitemap_1000": sitemap(1000, news=True),
        "rss_200": rss(200),
    }
    results = {}
    for name, body in cases.items():
        seconds, parsed = timed(lambda body=body: parse_feed(body), args.repeat)
        entries = len(parsed.entries)  # type: ignore[attr-defined]
        results[name] = {
            "bytes": len(body),
            "entries": entries,
            "median_seconds": round(seconds, 4),
            "entries_per_second": round(entries / seconds) if seconds else None,
        }
        print(
            f"{name:22s} {len(body) / 1e6:7.2f} MB  {entries:6d} entries  {seconds * 1000:8.1f} ms"
            f"  {entries / seconds:10.0f} entries/s"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"repeat": args.repeat, "cases": results}, indent=2) + "\n")
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
