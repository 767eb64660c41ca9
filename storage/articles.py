"""Articles and their enrichment rows (mentions, time expressions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from pipeline.enrich.normalize import search_forms
from pipeline.enrich.types import Mention, TimeExpression
from storage.sql import queries

Q = queries("articles.sql")


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """What the process stage writes for one job."""

    job_id: int
    page_id: int | None
    source_id: int | None
    url: str
    canonical_url: str
    title: str | None
    author: str | None
    site_name: str | None
    text: str
    language: str | None
    word_count: int
    published_at: datetime | None
    published_source: str | None


def upsert_article(*, conn: psycopg.Connection, article: ArticleRow) -> int:
    """Insert or update the article of a job; returns its id.

    The title's and text's search forms are computed here, in Python, and Postgres builds the
    search vector from them: its own regular-expression normalisation of the same text cost
    35 times more (0050_search_forms.sql).
    """
    params: dict[str, Any] = {f: getattr(article, f) for f in ArticleRow.__slots__}  # type: ignore[attr-defined]
    params["title_norm"], params["title_stripped"] = search_forms(article.title or "")
    params["text_norm"], params["text_stripped"] = search_forms(article.text)
    row: Any = conn.execute(Q["upsert_article"], params).fetchone()  # type: ignore[arg-type]
    if article.site_name and article.source_id:
        conn.execute(Q["name_source"], {"id": article.source_id, "name": article.site_name})  # type: ignore[arg-type]
    return int(row["id"])


def _replace_rows(
    conn: psycopg.Connection, article_id: int, delete: str, insert: str, columns: dict[str, list[Any]]
) -> None:
    """Delete an article's rows, then insert the new ones in one statement (arrays, one per column)."""
    conn.execute(Q[delete], {"article_id": article_id})  # type: ignore[arg-type]
    if any(columns.values()):
        conn.execute(Q[insert], {"article_id": article_id, **columns})  # type: ignore[arg-type]


def replace_mentions(*, conn: psycopg.Connection, article_id: int, mentions: Iterable[Mention]) -> None:
    """Replace every mention of an article (idempotent re-enrichment): one DELETE, one INSERT."""
    rows = list(mentions)
    columns = {
        "entity_ids": [m.entity_id for m in rows],
        "surfaces": [m.text for m in rows],
        "starts": [m.start for m in rows],
        "ends": [m.end for m in rows],
        "types": [m.type for m in rows],
        "methods": [m.method for m in rows],
    }
    _replace_rows(conn, article_id, "delete_mentions", "insert_mentions", columns)


def replace_time_expressions(
    *, conn: psycopg.Connection, article_id: int, expressions: Iterable[TimeExpression]
) -> None:
    """Replace every time expression of an article (idempotent re-enrichment): one DELETE, one INSERT."""
    rows = list(expressions)
    columns = {
        "surfaces": [t.text for t in rows],
        "starts": [t.start for t in rows],
        "ends": [t.end for t in rows],
        "types": [t.type for t in rows],
        "values": [t.value for t in rows],
        "mods": [t.mod for t in rows],
        "calendars": [t.calendar for t in rows],
        "range_starts": [t.range_start for t in rows],
        "range_ends": [t.range_end for t in rows],
    }
    _replace_rows(conn, article_id, "delete_time_expressions", "insert_time_expressions", columns)


def get_article(*, conn: psycopg.Connection, article_id: int) -> dict[str, Any] | None:
    """The article row with its source, mentions and time expressions, or None."""
    row: Any = conn.execute(Q["get_article"], {"id": article_id}).fetchone()  # type: ignore[arg-type]
    if row is None:
        return None
    article = dict(row)
    article["mentions"] = conn.execute(Q["mentions_of_article"], {"article_id": article_id}).fetchall()  # type: ignore[arg-type]
    article["dates"] = conn.execute(Q["time_expressions_of_article"], {"article_id": article_id}).fetchall()  # type: ignore[arg-type]
    return article


def article_id_for_job(*, conn: psycopg.Connection, job_id: int) -> int | None:
    """Id of the article a job produced, if any."""
    row: Any = conn.execute(Q["article_for_job"], {"job_id": job_id}).fetchone()  # type: ignore[arg-type]
    return int(row["id"]) if row else None


def job_ids_for_reprocess(*, conn: psycopg.Connection, since: datetime) -> list[int]:
    """Jobs of articles published (or stored) since a date, for re-enrichment."""
    rows: Any = conn.execute(Q["articles_for_reprocess"], {"since": since}).fetchall()  # type: ignore[arg-type]
    return [int(r["job_id"]) for r in rows]
