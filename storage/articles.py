"""Articles and their enrichment rows (mentions, time expressions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

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
    """Insert or update the article of a job; returns its id."""
    params: dict[str, Any] = {f: getattr(article, f) for f in ArticleRow.__slots__}  # type: ignore[attr-defined]
    row: Any = conn.execute(Q["upsert_article"], params).fetchone()  # type: ignore[arg-type]
    if article.site_name and article.source_id:
        conn.execute(Q["name_source"], {"id": article.source_id, "name": article.site_name})  # type: ignore[arg-type]
    return int(row["id"])


def replace_mentions(*, conn: psycopg.Connection, article_id: int, mentions: Iterable[Mention]) -> None:
    """Replace every mention of an article (idempotent re-enrichment)."""
    conn.execute(Q["delete_mentions"], {"article_id": article_id})  # type: ignore[arg-type]
    rows = [
        {
            "article_id": article_id,
            "entity_id": m.entity_id,
            "surface": m.text,
            "start": m.start,
            "end": m.end,
            "type": m.type,
            "method": m.method,
        }
        for m in mentions
    ]
    if rows:
        with conn.cursor() as cur:
            cur.executemany(Q["insert_mention"], rows)  # type: ignore[arg-type]


def replace_time_expressions(
    *, conn: psycopg.Connection, article_id: int, expressions: Iterable[TimeExpression]
) -> None:
    """Replace every time expression of an article (idempotent re-enrichment)."""
    conn.execute(Q["delete_time_expressions"], {"article_id": article_id})  # type: ignore[arg-type]
    rows = [
        {
            "article_id": article_id,
            "surface": t.text,
            "start": t.start,
            "end": t.end,
            "type": t.type,
            "value": t.value,
            "mod": t.mod,
            "calendar": t.calendar,
            "range_start": t.range_start,
            "range_end": t.range_end,
        }
        for t in expressions
    ]
    if rows:
        with conn.cursor() as cur:
            cur.executemany(Q["insert_time_expression"], rows)  # type: ignore[arg-type]


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
