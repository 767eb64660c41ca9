"""Analysts' queries from Python: full-text search, title search and the article export.

The SQL lives in storage/queries/analysts.sql and, for search, in the functions of
schemas/sql/0030_analysts.sql (search_articles, search_titles), so Python callers and analysts
in psql get the same answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import psycopg

from storage.sql import queries

Q = queries("analysts.sql")

# Columns of one exported article, in order (entities and dates are lists of dicts).
EXPORT_COLUMNS: tuple[str, ...] = (
    "article_id",
    "url",
    "canonical_url",
    "title",
    "author",
    "source_host",
    "source_name",
    "published_at",
    "published_source",
    "language",
    "word_count",
    "story_id",
    "duplicate_of",
    "duplicate_kind",
    "similarity",
    "text",
    "entities",
    "dates",
)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found by `search_articles`; `snippet` quotes the original text with « » marks."""

    article_id: int
    published_at: datetime | None
    source: str | None
    title: str | None
    rank: float
    snippet: str | None
    url: str
    story_id: int | None


@dataclass(frozen=True, slots=True)
class TitleHit:
    """One article found by `search_titles` (trigram match on the normalised title)."""

    article_id: int
    published_at: datetime | None
    title: str | None
    score: float
    url: str


def search_articles(
    *,
    conn: psycopg.Connection,
    query: str,
    date_from: date | None = None,
    date_to: date | None = None,
    max_results: int = 50,
) -> list[SearchHit]:
    """Articles matching `query` (original spelling in; normalised in SQL), best first.

    `date_from`/`date_to` bound the UTC publication day, both inclusive; None leaves it open.
    """
    params = {"query": query, "date_from": date_from, "date_to": date_to, "max_results": max_results}
    rows: list[Any] = conn.execute(Q["search_articles"], params).fetchall()  # type: ignore[arg-type]
    return [SearchHit(**row) for row in rows]


def search_titles(*, conn: psycopg.Connection, fragment: str, max_results: int = 50) -> list[TitleHit]:
    """Articles whose normalised title contains `fragment` or a word sequence similar to it."""
    params = {"fragment": fragment, "max_results": max_results}
    rows: list[Any] = conn.execute(Q["search_titles"], params).fetchall()  # type: ignore[arg-type]
    return [TitleHit(**row) for row in rows]


def iter_export(*, conn: psycopg.Connection, since: date, batch_size: int = 500) -> Iterator[dict[str, Any]]:
    """Every article published (or, undated, stored) since the start of `since` (UTC), in id order.

    Streams through a server-side cursor so an export of millions of rows stays in constant
    memory; the caller's connection must not be in autocommit mode (named cursors need a
    transaction). Rows are dicts keyed by EXPORT_COLUMNS.
    """
    start = datetime.combine(since, time.min, tzinfo=UTC)
    with conn.cursor(name="akhbar_export") as cur:
        cur.itersize = batch_size
        cur.execute(Q["export_articles"], {"since": start})  # type: ignore[arg-type]
        for row in cur:
            yield dict(row)  # type: ignore[call-overload]
