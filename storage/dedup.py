"""Queries for duplicates, the shared LSH index and story groups (tables of 0010_dedup.sql).

Named queries in storage/queries/dedup.sql, rows mapped to frozen dataclasses; every function takes a
keyword-only psycopg 3 connection and never commits (the caller owns the transaction).
Writes are guarded with ``IS DISTINCT FROM`` so that repeating them changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg.rows import tuple_row

from storage.sql import queries

QUERIES = queries("dedup.sql")


@dataclass(frozen=True, slots=True)
class ArticleState:
    """The dedup marks an article carries now, and its fallback date."""

    id: int
    fallback_date: datetime
    content_hash: str | None
    duplicate_of: int | None
    duplicate_kind: str | None
    similarity: float | None
    story_id: int | None


@dataclass(frozen=True, slots=True)
class MatchRow:
    """An earlier article as a duplicate target: its root and its signature."""

    id: int
    duplicate_of: int | None
    content_hash: str | None
    story_id: int | None
    minhash: bytes | None
    params: str | None


@dataclass(frozen=True, slots=True)
class StoryCandidate:
    """An article that shares linked entities with the new one inside the date window."""

    article_id: int
    story_id: int
    story_date: datetime
    entity_ids: list[str]
    terms: list[str]
    event_dates: list[str]
    minhash: bytes
    params: str
    site: str
    series: str


def _tuples(conn: psycopg.Connection) -> psycopg.Cursor:
    """A cursor returning tuples whatever the connection's row factory (workers use dict rows)."""
    return conn.cursor(row_factory=tuple_row)


def lock_keys(keys: Sequence[int], *, conn: psycopg.Connection) -> None:
    """Take transaction-scoped advisory locks on ``keys`` in ascending order."""
    _tuples(conn).execute(QUERIES["lock_keys"], {"keys": sorted(set(keys))}).fetchall()


def article_for_update(article_id: int, *, conn: psycopg.Connection) -> ArticleState | None:
    """Lock the article row and return its current marks, or None when it does not exist."""
    row = _tuples(conn).execute(QUERIES["article_for_update"], {"article_id": article_id}).fetchone()
    return ArticleState(*row) if row else None


def earlier_by_canonical_url(canonical_url: str, article_id: int, *, conn: psycopg.Connection) -> int | None:
    """An article stored before ``article_id`` under ``canonical_url``."""
    row = (
        _tuples(conn)
        .execute(QUERIES["earlier_by_canonical_url"], {"canonical_url": canonical_url, "article_id": article_id})
        .fetchone()
    )
    return row[0] if row else None


def earliest_by_content_hash(content_hash: str, article_id: int, *, conn: psycopg.Connection) -> int | None:
    """The first-seen article before ``article_id`` with this content hash."""
    row = (
        _tuples(conn)
        .execute(QUERIES["earliest_by_content_hash"], {"content_hash": content_hash, "article_id": article_id})
        .fetchone()
    )
    return row[0] if row else None


def lsh_candidates(
    keys: Sequence[int], article_id: int, params: str, *, conn: psycopg.Connection
) -> list[tuple[int, bytes]]:
    """Earlier articles sharing at least one band key, with their signatures."""
    rows = (
        _tuples(conn)
        .execute(QUERIES["lsh_candidates"], {"keys": list(keys), "article_id": article_id, "params": params})
        .fetchall()
    )
    return [(r[0], bytes(r[1])) for r in rows]


def match_rows(ids: Sequence[int], *, conn: psycopg.Connection) -> dict[int, MatchRow]:
    """Marks and signatures of the given articles, by id."""
    rows = _tuples(conn).execute(QUERIES["match_rows"], {"ids": list(ids)}).fetchall()
    return {r[0]: MatchRow(r[0], r[1], r[2], r[3], bytes(r[4]) if r[4] is not None else None, r[5]) for r in rows}


def story_candidates(
    entity_ids: Sequence[str],
    *,
    lo: datetime,
    hi: datetime,
    span_lo: datetime,
    span_hi: datetime,
    article_id: int,
    limit: int = 200,
    conn: psycopg.Connection,
) -> list[StoryCandidate]:
    """Articles sharing linked entities, dated in ``[lo, hi]``, whose story lies in ``[span_lo, span_hi]``.

    At most ``limit`` articles, those sharing the most entities first.
    """
    if not entity_ids:
        return []
    rows = (
        _tuples(conn)
        .execute(
            QUERIES["story_candidates"],
            {
                "entity_ids": list(entity_ids),
                "lo": lo,
                "hi": hi,
                "span_lo": span_lo,
                "span_hi": span_hi,
                "article_id": article_id,
                "limit": limit,
            },
        )
        .fetchall()
    )
    return [
        StoryCandidate(r[0], r[1], r[2], list(r[3]), list(r[4]), list(r[5]), bytes(r[6]), r[7], r[8], r[9])
        for r in rows
    ]


def save_signature(
    article_id: int,
    *,
    params: str,
    minhash: bytes,
    story_date: datetime,
    site: str,
    series: str,
    entity_ids: Sequence[str],
    terms: Sequence[str],
    event_dates: Sequence[str],
    band_keys: Sequence[int],
    conn: psycopg.Connection,
) -> None:
    """Store the article's signature, features, band keys and entity keys (replacing old ones)."""
    ents = sorted(set(entity_ids))
    _tuples(conn).execute(
        QUERIES["upsert_signature"],
        {
            "article_id": article_id,
            "params": params,
            "minhash": minhash,
            "story_date": story_date,
            "site": site,
            "series": series,
            "entity_ids": ents,
            "terms": list(terms),
            "event_dates": sorted(set(event_dates)),
        },
    )
    keys = sorted(set(band_keys))
    _tuples(conn).execute(QUERIES["delete_stale_band_keys"], {"article_id": article_id, "keys": keys})
    _tuples(conn).execute(QUERIES["insert_band_keys"], {"article_id": article_id, "keys": keys})
    args = {"article_id": article_id, "entity_ids": ents, "story_date": story_date}
    _tuples(conn).execute(QUERIES["delete_stale_entity_keys"], args)
    _tuples(conn).execute(QUERIES["insert_entity_keys"], args)


def set_marks(
    article_id: int,
    *,
    content_hash: str,
    duplicate_of: int | None,
    duplicate_kind: str | None,
    similarity: float | None,
    story_id: int,
    conn: psycopg.Connection,
) -> bool:
    """Write the article's marks; True when a value changed."""
    row = (
        _tuples(conn)
        .execute(
            QUERIES["set_marks"],
            {
                "article_id": article_id,
                "content_hash": content_hash,
                "duplicate_of": duplicate_of,
                "duplicate_kind": duplicate_kind,
                "similarity": similarity,
                "story_id": story_id,
            },
        )
        .fetchone()
    )
    return row is not None


def story_exists(story_id: int, *, conn: psycopg.Connection) -> bool:
    """Whether the stories row exists."""
    return _tuples(conn).execute(QUERIES["story_exists"], {"story_id": story_id}).fetchone() is not None


def create_story(title: str | None, article_id: int, story_date: datetime, *, conn: psycopg.Connection) -> int:
    """A new story whose first article is ``article_id``; aggregates follow refresh_story."""
    row = (
        _tuples(conn)
        .execute(QUERIES["create_story"], {"title": title, "article_id": article_id, "story_date": story_date})
        .fetchone()
    )
    assert row is not None
    return int(row[0])


def refresh_story(story_id: int, *, conn: psycopg.Connection) -> int:
    """Recompute size, outlets, dates, first article and title; delete the story if empty.

    Returns the story's size afterwards (0 when deleted).
    """
    row = _tuples(conn).execute(QUERIES["refresh_story"], {"story_id": story_id}).fetchone()
    return int(row[0]) if row else 0
