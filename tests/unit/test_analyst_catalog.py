"""The worked queries of docs/analysts.md are the ones the bench times, in the same order."""

from __future__ import annotations

import re
from pathlib import Path

from bench.analyst_catalog import CATALOG
from bench.analyst_queries import QUERIES

DOC = Path(__file__).resolve().parents[2] / "docs" / "analysts.md"


def test_the_doc_shows_every_catalog_query_in_order() -> None:
    headings = re.findall(r"^### (\d+)\. (.+)$", DOC.read_text(encoding="utf-8"), flags=re.M)
    assert [(int(n), title) for n, title in headings] == [(i, q.title) for i, q in enumerate(CATALOG, 1)]
    assert len(CATALOG) >= 12


def test_the_bench_times_every_catalog_query_with_the_same_sql() -> None:
    assert {q.name: q.sql for q in CATALOG} == QUERIES


def test_demo_values_cover_every_parameter() -> None:
    for q in CATALOG:
        assert set(re.findall(r"%\((\w+)\)s", q.sql)) == set(q.demo), q.name
