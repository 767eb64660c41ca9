"""article_entities (0040) stays equal to what mentions and articles say, whatever writes them:
the process stage's replace_mentions, plain SQL by an analyst, a corrected date, a deleted entity
or article; and the views built on it answer what the mentions-based definitions answered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from pipeline.enrich.types import Mention
from storage.articles import replace_mentions

# What article_entities must hold, computed from mentions and articles directly.
EXPECTED = """
    SELECT m.article_id, m.entity_id, count(*)::int AS mentions, a.published_at, a.source_id
      FROM mentions m JOIN articles a ON a.id = m.article_id
     WHERE m.entity_id IS NOT NULL AND m.article_id = ANY(%(ids)s)
     GROUP BY 1, 2, 4, 5 ORDER BY 1, 2"""
STORED = """
    SELECT article_id, entity_id, mentions, published_at, source_id FROM article_entities
     WHERE article_id = ANY(%(ids)s) ORDER BY 1, 2"""


@pytest.fixture
def conn(database_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(database_url, row_factory=dict_row) as c:
        yield c


def _entity(conn: psycopg.Connection, eid: str, name: str) -> str:
    conn.execute("INSERT INTO entities (id, type, name_ar, name_en) VALUES (%s, 'GPE', %s, %s)", (eid, name, eid))
    return eid


def _article(conn: psycopg.Connection, host: str, key: str, published: datetime | None) -> tuple[int, int]:
    source: Any = conn.execute(
        "INSERT INTO sources (host) VALUES (%s) ON CONFLICT (host) DO UPDATE SET host = EXCLUDED.host RETURNING id",
        (host,),
    ).fetchone()
    url = f"https://{host}/{key}"
    job: Any = conn.execute(
        "INSERT INTO jobs (url, canonical_url, source_id, status) VALUES (%s, %s, %s, 'done') RETURNING id",
        (url, url, source["id"]),
    ).fetchone()
    art: Any = conn.execute(
        "INSERT INTO articles (job_id, source_id, url, canonical_url, title, text, word_count, published_at)"
        " VALUES (%s, %s, %s, %s, 't', 'x', 1, %s) RETURNING id",
        (job["id"], source["id"], url, url, published),
    ).fetchone()
    return art["id"], source["id"]


def _mention(entity: str | None, text: str, start: int) -> Mention:
    return Mention(
        text=text, start=start, end=start + len(text), type="GPE", entity_id=entity, canonical=None, method="gazetteer"
    )


def test_article_entities_follow_every_write(conn: psycopg.Connection) -> None:
    ma, eg, dz = (_entity(conn, f"t:ae-{n}", n) for n in ("ma", "eg", "dz"))
    a1, _ = _article(conn, "ae-one.test", "1", datetime(2025, 1, 13, 9, tzinfo=UTC))
    a2, src2 = _article(conn, "ae-two.test", "2", datetime(2025, 1, 14, 23, 30, tzinfo=UTC))
    ids = {"ids": [a1, a2]}  # other tests' articles may share the database

    # the process stage's write: one DELETE and one INSERT per article
    replace_mentions(
        conn=conn,
        article_id=a1,
        mentions=[
            _mention(ma, "المغرب", 0),
            _mention(eg, "مصر", 10),
            _mention(ma, "المغربية", 20),
            _mention(None, "x", 30),
        ],
    )
    replace_mentions(conn=conn, article_id=a2, mentions=[_mention(eg, "مصر", 0), _mention("t:unknown", "y", 5)])
    assert conn.execute(STORED, ids).fetchall() == conn.execute(EXPECTED, ids).fetchall()
    rows = {(r["article_id"], r["entity_id"]): r["mentions"] for r in conn.execute(STORED, ids).fetchall()}
    assert rows == {(a1, ma): 2, (a1, eg): 1, (a2, eg): 1}  # unlinked and unknown entities left out

    # re-enrichment replaces, never accumulates
    replace_mentions(conn=conn, article_id=a1, mentions=[_mention(dz, "الجزائر", 0)])
    assert {(r["article_id"], r["entity_id"]) for r in conn.execute(STORED, ids).fetchall()} == {(a1, dz), (a2, eg)}

    # an analyst's plain SQL: insert, relink, delete
    conn.execute(
        "INSERT INTO mentions (article_id, entity_id, surface, start_char, end_char, type, method)"
        " VALUES (%s, %s, 'مصر', 40, 43, 'GPE', 'manual'), (%s, %s, 'مصر', 50, 53, 'GPE', 'manual')",
        (a1, eg, a1, eg),
    )
    conn.execute("UPDATE mentions SET entity_id = %s WHERE article_id = %s AND entity_id = %s", (ma, a2, eg))
    assert conn.execute(STORED, ids).fetchall() == conn.execute(EXPECTED, ids).fetchall()

    # a corrected date and outlet follow; the day is the UTC day
    conn.execute(
        "UPDATE articles SET published_at = %s, source_id = %s WHERE id = %s",
        (datetime(2025, 2, 1, tzinfo=UTC), src2, a1),
    )
    assert conn.execute(STORED, ids).fetchall() == conn.execute(EXPECTED, ids).fetchall()
    days = conn.execute("SELECT DISTINCT published_day FROM article_entities WHERE article_id = %s", (a2,)).fetchall()
    assert [r["published_day"].isoformat() for r in days] == ["2025-01-14"]

    # a deleted entity or article takes its rows with it
    conn.execute("DELETE FROM entities WHERE id = %s", (dz,))
    conn.execute("DELETE FROM articles WHERE id = %s", (a2,))
    assert conn.execute(STORED, ids).fetchall() == conn.execute(EXPECTED, ids).fetchall()
    assert {(r["article_id"], r["entity_id"]) for r in conn.execute(STORED, ids).fetchall()} == {(a1, eg)}
    conn.rollback()


def test_views_answer_as_the_mentions_do(conn: psycopg.Connection) -> None:
    ents = [_entity(conn, f"t:v-{n}", n) for n in ("a", "b", "c", "d")]
    specs = [  # (day, entities mentioned, with repeats)
        (datetime(2025, 3, 1, 10, tzinfo=UTC), [0, 1, 1, 2]),
        (datetime(2025, 3, 1, 15, tzinfo=UTC), [0, 2]),
        (datetime(2025, 3, 2, 8, tzinfo=UTC), [1, 2, 3, 0]),
        (None, [0, 1]),
    ]
    for n, (published, picks) in enumerate(specs):
        art, _ = _article(conn, f"v{n % 2}.test", f"v{n}", published)
        replace_mentions(
            conn=conn, article_id=art, mentions=[_mention(ents[i], "n", 5 * k) for k, i in enumerate(picks)]
        )

    pairs = conn.execute(
        "SELECT entity_a, entity_b, count(*) AS n FROM v_cooccurrence WHERE entity_a = ANY(%s) AND entity_a < entity_b"
        " GROUP BY 1, 2 ORDER BY 1, 2",
        (ents,),
    ).fetchall()
    reference = conn.execute(
        """SELECT x.entity_id AS entity_a, y.entity_id AS entity_b, count(DISTINCT x.article_id) AS n
             FROM mentions x JOIN mentions y ON y.article_id = x.article_id AND x.entity_id < y.entity_id
            WHERE x.entity_id = ANY(%s) GROUP BY 1, 2 ORDER BY 1, 2""",
        (ents,),
    ).fetchall()
    assert pairs == reference
    assert {(r["entity_a"], r["entity_b"]): r["n"] for r in pairs}[(ents[0], ents[1])] == 3

    timeline = conn.execute(
        "SELECT entity_id, day, articles, mentions, outlets FROM v_timeline WHERE entity_id = %s ORDER BY day",
        (ents[1],),
    ).fetchall()
    assert [(r["day"].isoformat(), r["articles"], r["mentions"], r["outlets"]) for r in timeline] == [
        ("2025-03-01", 1, 2, 1),
        ("2025-03-02", 1, 1, 1),
    ]  # the undated article is not on the timeline
    conn.rollback()


def test_cooccurrence_by_week_is_index_backed(conn: psycopg.Connection) -> None:
    """The pairs of a week start from the date index, never from the whole mentions table."""
    conn.execute("SET enable_seqscan = off")  # the tiny test tables would make a scan the cheapest
    plan = "\n".join(
        r["QUERY PLAN"]
        for r in conn.execute(
            "EXPLAIN SELECT name_a_en, name_b_en, count(*) FROM v_cooccurrence WHERE entity_a < entity_b"
            " AND published_at >= '2025-01-13' AND published_at < '2025-01-20' GROUP BY 1, 2"
        ).fetchall()
    )
    assert "article_entities_published_idx" in plan
    assert "mentions" not in plan
    conn.rollback()
