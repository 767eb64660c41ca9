"""The benchmark's pure helpers: the corpus generator, nearest-rank percentiles, py-spy buckets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import MAX_PADDED, build_corpus, describe
from bench.spy import categorise
from bench.stack_load import percentiles


def test_corpus_without_the_shared_pages_is_generated_to_size(tmp_path: Path) -> None:
    pages = build_corpus(60, corpus_dir=tmp_path / "absent")
    info = describe(pages)
    assert info["pages"] == 60
    assert info["by_source"]["demo"] == 24
    assert "real" not in info["by_source"]
    generated = [p for p in pages if p.source.startswith("generated")]
    assert len(generated) == 36
    assert all(len(p.body) <= MAX_PADDED * 1.1 for p in generated)
    assert min(len(p.body) for p in generated) >= 20_000
    assert {p.language for p in generated} == {"ar", "en"}
    assert len({p.slug for p in pages}) == 60
    # deterministic for a seed
    assert [p.slug for p in build_corpus(60, corpus_dir=tmp_path / "absent")] == [p.slug for p in pages]


def test_generated_arabic_page_decodes_and_keeps_its_article(tmp_path: Path) -> None:
    page = next(p for p in build_corpus(40, corpus_dir=tmp_path) if p.source == "generated-ar")
    text = page.text()
    assert "</html>" in text
    assert text.count("<section") >= 1  # the padding went in before </body>


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], {"p50": None, "p95": None, "p99": None}),
        ([3.0], {"p50": 3.0, "p95": 3.0, "p99": 3.0}),
        ([float(i) for i in range(1, 101)], {"p50": 50.0, "p95": 95.0, "p99": 99.0}),
        ([1.0, 2.0, 3.0, 4.0], {"p50": 2.0, "p95": 4.0, "p99": 4.0}),
    ],
)
def test_percentiles_nearest_rank(values: list[float], expected: dict[str, float | None]) -> None:
    assert percentiles(values) == expected


def test_py_spy_stacks_go_to_the_most_specific_bucket(tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text(
        "main (celery/worker.py:1);run (pipeline/extract.py:9);find_date (htmldate/core.py:3) 30\n"
        "main (celery/worker.py:1);bare_extraction (trafilatura/core.py:2) 50\n"
        "main (celery/worker.py:1);execute (psycopg/cursor.py:7) 15\n"
        "main (celery/worker.py:1);loop (kombu/utils.py:4) 5\n"
    )
    assert categorise(raw) == {
        "trafilatura + lxml (extraction)": 50.0,
        "htmldate": 30.0,
        "storage (psycopg, queries, page compression)": 15.0,
        "Celery / kombu / Redis client": 5.0,
    }
    assert categorise(tmp_path / "missing.txt") == {}


def _soak_result(articles: int, fetch_growth: float, child_growth: float = 30.0) -> dict:
    def pid(seen: float, growth: float) -> dict:
        return {"seconds_seen": seen, "second_half_growth_mb": growth}

    return {
        "settings": {"articles": articles},
        "headline": {
            "throughput_ratio": 0.79,
            "paired_throughput_ratios": [0.9, 0.78, 0.85],
            "paired_throughput_ratio_median": 0.85,
        },
        "stack": [
            {
                "process_workers": 3,
                "latency_unsaturated_s": {"p95": 0.4},
                # the main process lives through the soak; a recycled child grows and is reset
                "rss_process_worker": {"pids": {"1": pid(300.0, 0.4), "2": pid(40.0, child_growth)}},
                "rss_fetch_worker": {"pids": {"3": pid(299.0, fetch_growth)}},
                "rss_api": {"pids": {"4": pid(300.0, 0.0)}},
            },
            {"process_workers": 1, "latency_unsaturated_s": {"p95": 2.5}},
        ],
    }


def test_targets_judge_the_paired_median_the_worst_p95_and_long_lived_processes_only() -> None:
    from bench.targets import judge, lines

    verdicts = judge(_soak_result(10_000, fetch_growth=1.2))
    assert verdicts["throughput"] == {"met": True, "value": 0.85, "basis": "median of 3 paired rounds"}
    assert verdicts["latency"]["met"] is False and verdicts["latency"]["value"] == 2.5
    assert verdicts["rss"]["met"] is True  # the child's 30 MB is what recycling resets
    assert set(verdicts["rss"]["value"]) == {"process_worker 1", "fetch_worker 3", "api 4"}
    assert judge(_soak_result(10_000, fetch_growth=6.5))["rss"]["met"] is False
    assert judge(_soak_result(3_000, fetch_growth=6.5))["rss"]["met"] is None  # too short to judge
    printed = lines(verdicts)
    assert printed[0] == "target throughput >= 0.8 x baseline: met 0.85 (median of 3 paired rounds)"
    assert printed[1].startswith("target unsaturated p95 < 2 s: MISSED 2.5")


def test_latency_detail_shows_a_stall_as_a_run_of_slow_buckets() -> None:
    from bench.pipeline_bench import _latency_detail

    rows = [(i * 0.5, 3.0 if 4 <= i * 0.5 < 6 else 0.05, 0.01, 20_000) for i in range(20)]
    detail = _latency_detail(rows)
    assert [b["t"] for b in detail["timeline"]] == [0.0, 2.0, 4.0, 6.0, 8.0]
    assert [b["max"] for b in detail["timeline"]] == [0.05, 0.05, 3.0, 0.05, 0.05]
    assert [s["submitted_s"] for s in detail["slowest"][:4]] == [4.0, 4.5, 5.0, 5.5]
    assert detail["slowest"][0] == {"submitted_s": 4.0, "latency_s": 3.0, "fetched_after_s": 0.01, "bytes": 20_000}
