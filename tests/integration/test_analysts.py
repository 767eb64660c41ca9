"""The analysts' side of the database (migration 0030): normalisation in SQL, Arabic full-text
search, the views, the read-only role, comments everywhere, and the export."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from cli.analyst_cmds import analyst_conninfo, export_articles, find_psql, psql_argv
from pipeline.enrich.normalize import normalize_arabic, search_forms, strip_proclitics
from storage.analysts import search_articles, search_titles
from storage.db import connect

UTC = UTC

TRICKY = [
    "أحمد إبراهيم آل ثاني",
    "مُحَمَّدٌ رَسُولُ",
    "الأخبــــــار",
    "مستشفى المدينة ورئيس الجمهورية",
    "المسئول المسؤول",
    "یک کتاب گران پنج ژاله چای ڤيديو",
    "٢٠٢٤/١١/٢١ و۱۴۰۳",
    "Gantz IN Tel-Aviv É",
    "الى\u200cجانب\u200f الحكومة",
    "ٱلْقُرْآن ۖ ذَٰلِكَ",
    "ة ۃ ى ې ٲ ٳ ڪ پ چ",
    "",
]


def py_search_text(text: str) -> str:
    """Python twin of akhbar_search_text: normalise, then strip proclitics token by token."""
    return search_forms(text)[1]


@pytest.fixture(scope="module")
def conn(database_url: str) -> Iterator[psycopg.Connection]:
    with connect(database_url, autocommit=True) as c:
        yield c


@pytest.mark.parametrize("text", TRICKY)
def test_sql_normalize_equals_python(conn: psycopg.Connection, text: str) -> None:
    row: Any = conn.execute("SELECT akhbar_normalize(%s) AS n, akhbar_search_text(%s) AS s", (text, text)).fetchone()
    assert row["n"] == normalize_arabic(text)
    assert row["s"] == py_search_text(text)


def test_sql_normalize_equals_python_on_every_character(conn: psycopg.Connection) -> None:
    # Every code point of Latin, Arabic, Arabic Supplement/Extended and the general punctuation
    # block, one string per block (NUL excluded: Postgres text cannot hold it).
    blocks = [(0x0001, 0x0250), (0x0600, 0x0780), (0x08A0, 0x0900), (0x2000, 0x2070), (0xFB50, 0xFE00)]
    for lo, hi in blocks:
        text = "".join(chr(c) for c in range(lo, hi))
        row: Any = conn.execute("SELECT akhbar_normalize(%s) AS n", (text,)).fetchone()
        assert row["n"] == normalize_arabic(text), f"block {lo:04X}-{hi:04X}"


@pytest.mark.parametrize(
    ("word", "stripped"),
    [("بالمغرب", "المغرب"), ("وبالمغرب", "المغرب"), ("للمغرب", "لمغرب"), ("ولد", "لد"), ("في", "في"), ("فب", "فب")],
)
def test_sql_strips_proclitics_like_python(conn: psycopg.Connection, word: str, stripped: str) -> None:
    row: Any = conn.execute("SELECT akhbar_search_text(%s) AS s", (word,)).fetchone()
    assert row["s"] == stripped == strip_proclitics(normalize_arabic(word))[0]


# --- a small fixture of articles --------------------------------------------------------------

BODY_1 = (
    "أعلنت الحكومة بالمغرب اليوم عن خطة جديدة للطاقة الشمسية.\n"
    "وقال رئيس الحكومة إن المشروع سينطلق في مدينة ورزازات قبل نهاية الشهر."
)
BODY_2 = "التقى وزير الخارجية الجزائري نظيره التونسي في تونس، وناقشا ملف الطاقه الشمسيه والمغرب العربي."
BODY_3 = "اجتماع في عمان حول المياه. وذكر التقرير أن سد الكوفانية الجديد سيكتمل في ربيع العام المقبل."
BODY_4 = "تقرير مطول عن المياه في الأردن. الكوفانية ليست في العنوان بل هنا في النص فقط."


@pytest.fixture(scope="module")
def fixture_ids(conn: psycopg.Connection) -> dict[str, Any]:
    """Four articles from three outlets, two in one story, with mentions and dates."""
    ids: dict[str, Any] = {}
    conn.execute(
        "INSERT INTO entities (id, type, name_ar, name_en) VALUES"
        " ('t:morocco', 'GPE', 'المغرب', 'Morocco'), ('t:tunisia', 'GPE', 'تونس', 'Tunisia'),"
        " ('t:algeria', 'GPE', 'الجزائر', 'Algeria'), ('t:ouarzazate', 'GPE', 'ورزازات', 'Ouarzazate')"
        " ON CONFLICT DO NOTHING"
    )
    conn.execute(
        "INSERT INTO entity_aliases (entity_id, alias) VALUES ('t:morocco', 'المملكة المغربية'),"
        " ('t:morocco', 'Maroc') ON CONFLICT DO NOTHING"
    )
    sources = {}
    for host in ("an-a.test", "an-b.test", "an-c.test"):
        row: Any = conn.execute(
            "INSERT INTO sources (host, name) VALUES (%s, %s) RETURNING id", (host, host)
        ).fetchone()
        sources[host] = row["id"]
    story: Any = conn.execute(
        "INSERT INTO stories (title, size, outlets) VALUES ('الطاقة', 2, 2) RETURNING id"
    ).fetchone()
    ids["story"] = story["id"]
    specs = [
        ("a1", "an-a.test", "خطة الطاقة الشمسية بالمغرب", BODY_1, datetime(2024, 11, 20, 9, tzinfo=UTC), ids["story"]),
        ("a2", "an-b.test", "لقاء جزائري تونسي", BODY_2, datetime(2024, 11, 21, 14, tzinfo=UTC), ids["story"]),
        ("a3", "an-c.test", "سد الكوفانية على وشك الاكتمال", BODY_3, datetime(2024, 11, 21, 8, tzinfo=UTC), None),
        ("a4", "an-c.test", "تقرير المياه", BODY_4, datetime(2024, 11, 22, 8, tzinfo=UTC), None),
    ]
    for key, host, title, body, published, story_id in specs:
        url = f"https://{host}/{key}"
        job: Any = conn.execute(
            "INSERT INTO jobs (url, canonical_url, source_id, status) VALUES (%s, %s, %s, 'done') RETURNING id",
            (url, url, sources[host]),
        ).fetchone()
        art: Any = conn.execute(
            "INSERT INTO articles (job_id, source_id, url, canonical_url, title, text, language, word_count,"
            " published_at, story_id) VALUES (%s, %s, %s, %s, %s, %s, 'ar', %s, %s, %s) RETURNING id",
            (job["id"], sources[host], url, url, title, body, len(body.split()), published, story_id),
        ).fetchone()
        ids[key] = art["id"]
    mentions = [
        ("a1", "t:morocco", "المغرب", 17),
        ("a1", "t:ouarzazate", "ورزازات", 100),
        ("a1", None, "رئيس الحكومة", 60),
        ("a2", "t:algeria", "الجزائري", 20),
        ("a2", "t:tunisia", "تونس", 45),
        ("a2", "t:morocco", "المغرب", 80),
        ("a2", "t:tunisia", "التونسي", 30),
    ]
    for key, entity, surface, start in mentions:
        conn.execute(
            "INSERT INTO mentions (article_id, entity_id, surface, start_char, end_char, type, method)"
            " VALUES (%s, %s, %s, %s, %s, 'GPE', 'gazetteer')",
            (ids[key], entity, surface, start, start + len(surface)),
        )
    dates = [
        ("a1", "نهاية الشهر", "2024-11", "2024-11-21", "2024-11-30"),
        ("a3", "ربيع العام المقبل", "2025-SP", "2025-03-20", "2025-06-20"),
        ("a2", "اليوم", "2024-11-21", "2024-11-21", "2024-11-21"),
    ]
    for key, surface, value, lo, hi in dates:
        conn.execute(
            "INSERT INTO time_expressions (article_id, surface, start_char, end_char, type, value, range_start,"
            " range_end) VALUES (%s, %s, 0, %s, 'DATE', %s, %s, %s)",
            (ids[key], surface, len(surface), value, lo, hi),
        )
    conn.execute(
        "UPDATE articles SET duplicate_of = %s, duplicate_kind = 'near', similarity = 0.9 WHERE id = %s",
        (ids["a3"], ids["a4"]),
    )
    return ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("بالمغرب", {"a1", "a2"}),  # proclitic in the query: finds المغرب and بالمغرب
        ("المغرب", {"a1", "a2"}),  # no proclitic: finds بالمغرب and والمغرب
        ("الطاقة الشمسية", {"a1", "a2"}),  # taa marbuta spelled ه in a2
        ("الطاقه الشمسيه", {"a1", "a2"}),
        ("للطاقة", {"a1", "a2"}),  # ل + ال with the alef elided
        ("ورزازات", {"a1"}),
        ("الكوفانيه", {"a3", "a4"}),
        ("أن سد", {"a3"}),  # hamza on alef in the query, bare alef in the text: both words needed
        ('"سد الكوفانية"', {"a3"}),  # a phrase
        ("ورزازات or تونس", {"a1", "a2"}),
        ("المغرب -تونس", {"a1"}),
        ("مدينه ورزازات", {"a1"}),
    ],
)
def test_search_finds_variants(
    conn: psycopg.Connection, fixture_ids: dict[str, Any], query: str, expected: set[str]
) -> None:
    hits = search_articles(conn=conn, query=query, date_from=date(2024, 11, 1), date_to=date(2024, 11, 30))
    by_id = {v: k for k, v in fixture_ids.items() if k.startswith("a")}
    assert {by_id[h.article_id] for h in hits if h.article_id in by_id} == expected


def test_search_ranks_headline_above_body_and_highlights_original(
    conn: psycopg.Connection, fixture_ids: dict[str, Any]
) -> None:
    hits = search_articles(conn=conn, query="كوفانية")
    assert [h.article_id for h in hits] == [fixture_ids["a3"], fixture_ids["a4"]]
    assert hits[0].rank > hits[1].rank
    # the snippet quotes the original spelling, proclitics and all
    hit = search_articles(conn=conn, query="المغرب", date_to=date(2024, 11, 20))[0]
    assert hit.article_id == fixture_ids["a1"]
    assert "«بالمغرب»" in (hit.snippet or "")
    assert hit.source == "an-a.test"


def test_search_respects_the_date_range(conn: psycopg.Connection, fixture_ids: dict[str, Any]) -> None:
    hits = search_articles(conn=conn, query="المغرب", date_from=date(2024, 11, 21), date_to=date(2024, 11, 21))
    assert [h.article_id for h in hits] == [fixture_ids["a2"]]
    assert search_articles(conn=conn, query="المغرب", date_from=date(2024, 12, 1)) == []
    assert search_articles(conn=conn, query=" ,. ") == []  # nothing to search for


def test_search_uses_the_gin_index(conn: psycopg.Connection, fixture_ids: dict[str, Any]) -> None:
    conn.execute("SET enable_seqscan = off")  # a 4-row table would otherwise be scanned: ask if the index CAN serve
    try:
        plan = "\n".join(
            r["QUERY PLAN"]
            for r in conn.execute(
                "EXPLAIN SELECT id FROM articles WHERE search_vector @@ akhbar_search_query('بالمغرب')"
            ).fetchall()
        )
    finally:
        conn.execute("RESET enable_seqscan")
    assert "articles_search_vector_idx" in plan


def test_title_trigram_search(conn: psycopg.Connection, fixture_ids: dict[str, Any]) -> None:
    hits = search_titles(conn=conn, fragment="كوفاني")
    assert fixture_ids["a3"] in [h.article_id for h in hits]
    assert fixture_ids["a4"] not in [h.article_id for h in hits]  # only in its text


def test_v_articles(conn: psycopg.Connection, fixture_ids: dict[str, Any]) -> None:
    rows = conn.execute(
        "SELECT article_id, source_name, published_day, story_id, mention_count, entity_count, date_count,"
        " duplicate_of FROM v_articles WHERE article_id = ANY(%s) ORDER BY article_id",
        ([fixture_ids[k] for k in ("a1", "a2", "a3", "a4")],),
    ).fetchall()
    got = [tuple(r.values()) for r in rows]
    assert got == [
        (fixture_ids["a1"], "an-a.test", date(2024, 11, 20), fixture_ids["story"], 3, 2, 1, None),
        (fixture_ids["a2"], "an-b.test", date(2024, 11, 21), fixture_ids["story"], 4, 3, 1, None),
        (fixture_ids["a3"], "an-c.test", date(2024, 11, 21), None, 0, 0, 1, None),
        (fixture_ids["a4"], "an-c.test", date(2024, 11, 22), None, 0, 0, 0, fixture_ids["a3"]),
    ]


def test_v_mentions_and_timeline(conn: psycopg.Connection, fixture_ids: dict[str, Any]) -> None:
    rows = conn.execute(
        "SELECT article_id, surface, name_en, entity_type FROM v_mentions WHERE entity_id = 't:tunisia'"
        " ORDER BY start_char"
    ).fetchall()
    assert [(r["article_id"], r["surface"], r["name_en"]) for r in rows] == [
        (fixture_ids["a2"], "التونسي", "Tunisia"),
        (fixture_ids["a2"], "تونس", "Tunisia"),
    ]
    timeline = conn.execute(
        "SELECT day, articles, mentions, outlets FROM v_timeline WHERE entity_id = 't:morocco' ORDER BY day"
    ).fetchall()
    assert [tuple(r.values()) for r in timeline] == [(date(2024, 11, 20), 1, 1, 1), (date(2024, 11, 21), 1, 1, 1)]


def test_v_cooccurrence(conn: psycopg.Connection, fixture_ids: dict[str, Any]) -> None:
    rows = conn.execute(
        "SELECT entity_b, count(*) AS n FROM v_cooccurrence WHERE entity_a = 't:morocco' GROUP BY entity_b"
        " ORDER BY entity_b"
    ).fetchall()
    assert [(r["entity_b"], r["n"]) for r in rows] == [("t:algeria", 1), ("t:ouarzazate", 1), ("t:tunisia", 1)]
    pairs: Any = conn.execute(
        "SELECT count(*) AS n FROM v_cooccurrence WHERE article_id = %s AND entity_a < entity_b", (fixture_ids["a2"],)
    ).fetchone()
    assert pairs["n"] == 3  # algeria-morocco, algeria-tunisia, morocco-tunisia


def test_dates_in_a_week_use_the_span_index(conn: psycopg.Connection, fixture_ids: dict[str, Any]) -> None:
    rows = conn.execute(
        "SELECT DISTINCT article_id FROM time_expressions WHERE span && daterange('2024-11-18', '2024-11-24', '[]')"
        " AND article_id = ANY(%s) ORDER BY article_id",
        ([fixture_ids[k] for k in ("a1", "a2", "a3", "a4")],),
    ).fetchall()
    assert [r["article_id"] for r in rows] == [fixture_ids["a1"], fixture_ids["a2"]]


def test_every_table_view_and_column_has_a_comment(conn: psycopg.Connection) -> None:
    bare = conn.execute(
        """
        SELECT c.relname || coalesce('.' || a.attname, '') AS name
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
          LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE c.relkind IN ('r', 'v', 'm', 'p')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
           AND (obj_description(c.oid, 'pg_class') IS NULL
                OR (a.attnum IS NOT NULL AND col_description(c.oid, a.attnum) IS NULL))
         ORDER BY 1
        """
    ).fetchall()
    assert [r["name"] for r in bare] == []


# --- the analyst role --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def analyst(database_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(analyst_conninfo(database_url), autocommit=True) as c:
        yield c


def test_analyst_role_reads_views_but_not_keys(analyst: psycopg.Connection, fixture_ids: dict[str, Any]) -> None:
    assert analyst.execute("SELECT current_user").fetchone() == ("akhbar_analyst",)
    n = analyst.execute("SELECT count(*) FROM v_articles WHERE article_id = %s", (fixture_ids["a1"],)).fetchone()
    assert n == (1,)
    assert analyst.execute("SELECT count(*) >= 0 FROM search_articles('المغرب')").fetchone() == (True,)
    # 0040's table and the views rebuilt on it are readable too (0030's default privileges)
    pairs = analyst.execute(
        "SELECT count(*) FROM v_cooccurrence WHERE article_id = %s AND entity_a < entity_b", (fixture_ids["a2"],)
    ).fetchone()
    assert pairs == (3,)
    linked = analyst.execute("SELECT count(*) FROM article_entities WHERE article_id = %s", (fixture_ids["a1"],))
    assert linked.fetchone() == (2,)
    assert analyst.execute("SELECT count(*) >= 0 FROM feeds WHERE url IS NOT NULL").fetchone() == (True,)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        analyst.execute("SELECT * FROM api_keys")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        analyst.execute("SELECT websub_secret FROM feeds")
    with pytest.raises((psycopg.errors.ReadOnlySqlTransaction, psycopg.errors.InsufficientPrivilege)):
        analyst.execute("UPDATE articles SET title = 'x' WHERE id = %s", (fixture_ids["a1"],))


def test_analyst_role_has_a_statement_timeout(analyst: psycopg.Connection) -> None:
    assert analyst.execute("SHOW statement_timeout").fetchone() == ("30s",)
    analyst.execute("SET statement_timeout = '200ms'")  # a session may lower it; the role default caps runaways
    with pytest.raises(psycopg.errors.QueryCanceled):
        analyst.execute("SELECT pg_sleep(2)")
    analyst.execute("RESET statement_timeout")


def test_akhbar_sql_runs_psql_as_the_analyst(database_url: str) -> None:
    psql = find_psql()
    assert psql is not None
    argv = psql_argv(psql, database_url, "SELECT current_user, current_setting('transaction_read_only')")
    out = subprocess.run([*argv, "-A", "-t"], capture_output=True, text=True, timeout=30, check=True)
    assert out.stdout.strip() == "akhbar_analyst|on"


def test_migration_is_idempotent_across_databases(pg_admin_url: str) -> None:
    """A second database migrates while the role already exists (roles are cluster-wide)."""
    from cli.common import migrate_and_sync
    from tests.integration.servers import fresh_database

    with fresh_database(pg_admin_url) as url:
        migrate_and_sync(url)
        with psycopg.connect(analyst_conninfo(url)) as c:
            assert c.execute("SELECT count(*) FROM v_articles").fetchone() == (0,)


# --- export ------------------------------------------------------------------------------------


def test_export_jsonl_and_parquet(database_url: str, fixture_ids: dict[str, Any], tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "export.jsonl"
    n = export_articles(database_url, date(2024, 11, 21), "jsonl", out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert n == len(rows)
    by_id = {r["article_id"]: r for r in rows}
    assert fixture_ids["a1"] not in by_id  # published on the 20th
    a2 = by_id[fixture_ids["a2"]]
    assert a2["text"] == BODY_2
    assert a2["source_host"] == "an-b.test"
    assert a2["published_at"] == "2024-11-21T14:00:00+00:00"
    assert [e["entity_id"] for e in a2["entities"]] == ["t:algeria", "t:tunisia", "t:tunisia", "t:morocco"]
    assert a2["dates"][0]["value"] == "2024-11-21"

    pq_path = tmp_path / "export.parquet"
    assert export_articles(database_url, date(2024, 11, 21), "parquet", pq_path) == n
    table = pq.read_table(pq_path).to_pylist()
    by_id_pq = {r["article_id"]: r for r in table}
    assert by_id_pq[fixture_ids["a3"]]["dates"][0]["range_start"] == date(2025, 3, 20)
    assert by_id_pq[fixture_ids["a4"]]["duplicate_of"] == fixture_ids["a3"]
    assert [e["surface"] for e in by_id_pq[fixture_ids["a2"]]["entities"]] == ["الجزائري", "التونسي", "تونس", "المغرب"]


def test_worker_written_search_forms_equal_what_the_trigger_computes(database_url: str) -> None:
    """The process worker writes search_vector and title_normalized from its Python forms
    (0050_search_forms.sql): they must be exactly what the trigger computes from title and text,
    and a later correction in SQL must still recompute them. Rolled back: other tests search."""
    from storage.articles import ArticleRow, upsert_article

    same = (
        "SELECT search_vector = akhbar_search_vector(title, text) AS vector,"
        " title_normalized = akhbar_normalize(coalesce(title, '')) AS title, search_vector::text AS v"
        " FROM articles WHERE id = %s"
    )
    with connect(database_url) as tx:
        texts = [*TRICKY, BODY_1, BODY_2, BODY_3]
        for i, text in enumerate(texts):
            url = f"https://forms.test/{i}"
            job: Any = tx.execute(
                "INSERT INTO jobs (url, canonical_url, status) VALUES (%s, %s, 'done') RETURNING id", (url, url)
            ).fetchone()
            article = ArticleRow(
                job_id=job["id"],
                page_id=None,
                source_id=None,
                url=url,
                canonical_url=url,
                title=texts[(i + 3) % len(texts)] or None,
                author=None,
                site_name=None,
                text=text,
                language="ar",
                word_count=len(text.split()),
                published_at=None,
                published_source=None,
            )
            article_id = upsert_article(conn=tx, article=article)
            row: Any = tx.execute(same, (article_id,)).fetchone()
            assert row["vector"] and row["title"], (text, row["v"])
            assert upsert_article(conn=tx, article=article) == article_id  # reprocessing: same row
            assert tx.execute(same, (article_id,)).fetchone()["vector"]  # type: ignore[index]
        tx.execute("UPDATE articles SET text = 'تصحيح: الاجتماع في بيروت' WHERE id = %s", (article_id,))
        row = tx.execute(same, (article_id,)).fetchone()
        assert row["vector"] and "'بيروت'" in row["v"]
        tx.rollback()
