"""Integration tests of the dedup/story step against a real Postgres (storage/dedup.py + 0010).

Runs on the session's Postgres (AKHBAR_TEST_DATABASE_URL, else an embedded server).
Each session works in a private schema with a minimal ``articles`` table (the columns the
step reads) and the text of schemas/sql/0010_dedup.sql, so it never collides with other
suites; the schema is dropped at the end. To be replaced by the shared migrated fixture.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from pipeline import dedup
from workers.dedup_step import DedupOutcome, assign_dedup_and_story

pytestmark = pytest.mark.integration

# The session's Postgres (AKHBAR_TEST_DATABASE_URL, or an embedded server): set by `schema`.
DB_URL = ""
ROOT = Path(__file__).resolve().parents[2]
MIGRATION = ROOT / "schemas" / "sql" / "0010_dedup.sql"
PAIRS = ROOT / "tests" / "data" / "dedup_pairs.jsonl"

MINIMAL_ARTICLES = """
CREATE TABLE articles (
    id            bigserial PRIMARY KEY,
    source_id     bigint,
    url           text NOT NULL,
    canonical_url text NOT NULL,
    title         text,
    text          text NOT NULL,
    published_at  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);
"""


def _docs() -> dict[str, dict]:
    docs: dict[str, dict] = {}
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        for side in ("a", "b"):
            docs.setdefault(pair[side]["doc_id"], pair[side])
    return docs


DOCS = _docs()


@pytest.fixture(scope="module")
def schema(pg_admin_url: str) -> Iterator[str]:
    global DB_URL
    DB_URL = pg_admin_url
    name = f"dedup_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(DB_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
        conn.execute(f"SET search_path TO {name}")
        conn.execute(MINIMAL_ARTICLES)
        conn.execute(MIGRATION.read_text(encoding="utf-8"))
    try:
        yield name
    finally:
        with psycopg.connect(DB_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")


def _connect(schema: str) -> psycopg.Connection:
    assert DB_URL
    return psycopg.connect(DB_URL, options=f"-c search_path={schema}")


@pytest.fixture()
def conn(schema: str) -> Iterator[psycopg.Connection]:
    with _connect(schema) as c:
        c.execute("TRUNCATE articles, stories RESTART IDENTITY CASCADE")
        c.commit()
        yield c


def _insert(conn: psycopg.Connection, doc: dict, *, url: str | None = None, canonical: str | None = None) -> int:
    url = url or doc["url"]
    row = conn.execute(
        "INSERT INTO articles (url, canonical_url, title, text, published_at) VALUES (%s, %s, %s, %s, %s) RETURNING id",
        (url, canonical or dedup.canonical_url(url), doc["title"], doc["text"], doc["published_at"]),
    ).fetchone()
    assert row is not None
    return int(row[0])


def _step(conn: psycopg.Connection, article_id: int, doc: dict, *, url: str | None = None) -> DedupOutcome:
    url = url or doc["url"]
    canonical = conn.execute("SELECT canonical_url FROM articles WHERE id = %s", (article_id,)).fetchone()
    assert canonical is not None
    return assign_dedup_and_story(
        conn,
        article_id=article_id,
        text=doc["text"],
        title=doc["title"],
        url=url,
        canonical_url=canonical[0],
        published_at=datetime.fromisoformat(doc["published_at"]),
        entity_ids=doc["entity_ids"],
        event_dates=doc["event_dates"],
    )


def _ingest(conn: psycopg.Connection, doc_id: str, **kw: str) -> tuple[int, DedupOutcome]:
    doc = DOCS[doc_id]
    article_id = _insert(conn, doc, url=kw.get("url"), canonical=kw.get("canonical"))
    outcome = _step(conn, article_id, doc, url=kw.get("url"))
    conn.commit()
    return article_id, outcome


def _marks(conn: psycopg.Connection) -> dict[int, tuple]:
    rows = conn.execute(
        "SELECT id, duplicate_of, duplicate_kind, similarity, story_id, content_hash FROM articles ORDER BY id"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def _snapshot(conn: psycopg.Connection) -> tuple:
    return (
        _marks(conn),
        conn.execute("SELECT * FROM stories ORDER BY id").fetchall(),
        conn.execute("SELECT * FROM article_signatures ORDER BY article_id").fetchall(),
        conn.execute("SELECT count(*), sum(key) FROM lsh_band_keys").fetchone(),
        conn.execute("SELECT * FROM story_entity_keys ORDER BY article_id, entity_id").fetchall(),
    )


ACCEPTANCE = [
    # (label, doc id, url override, canonical override)
    ("announcement", "A1", None, None),
    ("visit", "A2", None, None),
    ("visit-3rd-outlet", "A3", None, None),
    ("other-event-weeks-later", "A4", None, None),
    ("other-event-same-week", "A5", None, None),
    ("exact-copy", "A2-copy", None, None),
    ("agency-rewrite", "A1-drop1", None, None),
    # A utm_ variant stored under the page's own short-link canonical (not foldable by URL).
    (
        "utm-variant",
        "A2",
        "https://alyaoum24.com/2026/03/05/sanchez-akhannouch-accords?utm_source=fb",
        "https://alyaoum24.com/p/98765",
    ),
    ("unrelated-1", "G1", None, None),
    ("unrelated-2", "G2", None, None),
    ("unrelated-3", "B1", None, None),
]


def test_acceptance_one_event_one_story(conn: psycopg.Connection) -> None:
    ids: dict[str, int] = {}
    outcomes: dict[str, DedupOutcome] = {}
    for label, doc_id, url, canonical in ACCEPTANCE:
        kw = {k: v for k, v in (("url", url), ("canonical", canonical)) if v}
        ids[label], outcomes[label] = _ingest(conn, doc_id, **kw)

    story = outcomes["announcement"].story_id
    for label in ("visit", "visit-3rd-outlet", "exact-copy", "agency-rewrite", "utm-variant"):
        assert outcomes[label].story_id == story, label
    apart = {outcomes[k].story_id for k in ("other-event-weeks-later", "other-event-same-week")}
    assert len(apart) == 2 and story not in apart
    unrelated = {outcomes[k].story_id for k in ("unrelated-1", "unrelated-2", "unrelated-3")}
    assert len(unrelated) == 3 and not unrelated & (apart | {story})

    marks = _marks(conn)
    assert marks[ids["exact-copy"]][:3] == (ids["visit"], "exact", 1.0)
    dup_of, kind, sim, *_ = marks[ids["agency-rewrite"]]
    assert (dup_of, kind) == (ids["announcement"], "near") and 0.65 <= sim < 1.0
    assert marks[ids["utm-variant"]][:2] == (ids["visit"], "url")
    marked = {i for i, m in marks.items() if m[0] is not None}
    assert marked == {ids["exact-copy"], ids["agency-rewrite"], ids["utm-variant"]}

    # The AMP page and a plain utm_ variant never reach storage as new keys: same canonical URL.
    a2 = conn.execute("SELECT canonical_url FROM articles WHERE id = %s", (ids["visit"],)).fetchone()
    assert a2 is not None
    amp_html = f'<html><head><link rel="canonical" href="{DOCS["A2"]["url"]}"></head><body></body></html>'
    assert dedup.page_canonical_url(DOCS["A2"]["url"] + "/amp", amp_html) == a2[0]
    assert dedup.canonical_url(DOCS["A2"]["url"] + "?utm_medium=social&amp=1") == a2[0]

    row = conn.execute(
        "SELECT size, outlets, first_article_id, first_seen, title FROM stories WHERE id = %s", (story,)
    ).fetchone()
    assert row is not None
    size, outlets, first_article, first_seen, title = row
    assert size == 6
    # hespress, alyaoum24, aljazeera and the outlet republishing the copy and the rewrite
    assert {DOCS[d]["site"] for d in ("A2-copy", "A1-drop1")} == {"barlamane.com"}
    assert outlets == 4
    assert first_article == ids["announcement"]
    assert first_seen == datetime.fromisoformat(DOCS["A1"]["published_at"])
    assert title == DOCS["A1"]["title"]
    view = conn.execute(
        "SELECT first_outlet, outlet_sites, duplicates FROM v_stories WHERE id = %s", (story,)
    ).fetchone()
    assert view == ("hespress.com", sorted(view[1]), 3) and "aljazeera.net" in view[1]
    assert conn.execute("SELECT count(*) FROM stories").fetchone() == (6,)


def test_rerunning_every_article_changes_nothing(conn: psycopg.Connection) -> None:
    labels: list[tuple[int, str, str | None]] = []
    for _label, doc_id, url, canonical in ACCEPTANCE:
        kw = {k: v for k, v in (("url", url), ("canonical", canonical)) if v}
        article_id, _ = _ingest(conn, doc_id, **kw)
        labels.append((article_id, doc_id, url))
    before = _snapshot(conn)
    for article_id, doc_id, url in reversed(labels):  # reverse order: later articles exist now
        outcome = _step(conn, article_id, DOCS[doc_id], url=url)
        assert outcome.changed is False
        assert outcome.story_created is False
    conn.commit()
    assert _snapshot(conn) == before


def test_reprocessing_with_reextracted_text_keeps_the_story(conn: psycopg.Connection) -> None:
    a1, first = _ingest(conn, "A1")
    _a2, second = _ingest(conn, "A2")
    assert first.story_id == second.story_id
    doc = dict(DOCS["A1"])
    doc["text"] = doc["text"] + "\nتابعونا على شبكات التواصل الاجتماعي."
    again = _step(conn, a1, doc)
    conn.commit()
    assert again.story_id == first.story_id and again.changed  # new hash, same story
    assert again.content_hash != first.content_hash


def test_a_story_of_one_joins_when_evidence_appears_and_its_row_is_deleted(conn: psycopg.Connection) -> None:
    # A3 first without entities (linker had nothing), then reprocessed with them once A2 exists.
    doc = dict(DOCS["A3"])
    doc["entity_ids"] = []
    a3 = _insert(conn, doc)
    lonely = _step(conn, a3, doc)
    conn.commit()
    _a2, visit = _ingest(conn, "A2")
    assert visit.story_id != lonely.story_id
    joined = _step(conn, a3, DOCS["A3"])
    conn.commit()
    assert joined.story_id == visit.story_id
    assert conn.execute("SELECT count(*) FROM stories WHERE id = %s", (lonely.story_id,)).fetchone() == (0,)


def _second_worker_waits(schema: str, conn: psycopg.Connection, doc_key: str) -> DedupOutcome:
    """Run the step for DOCS[doc_key] on another connection while `conn` holds its locks; check
    that it waits for them, then release them (commit) and return its outcome."""
    result: dict[str, DedupOutcome] = {}

    def second_worker() -> None:
        with _connect(schema) as other:
            second = _insert(other, DOCS[doc_key])
            other.commit()  # the row exists; the step below blocks on the first worker's locks
            result["out"] = _step(other, second, DOCS[doc_key])
            other.commit()

    worker = threading.Thread(target=second_worker)
    worker.start()
    time.sleep(0.5)
    assert worker.is_alive(), "the second worker should wait for the first one's locks"
    conn.commit()
    worker.join(timeout=10)
    return result["out"]


def test_concurrent_copies_still_see_each_other(schema: str, conn: psycopg.Connection) -> None:
    first = _insert(conn, DOCS["C1"])
    _step(conn, first, DOCS["C1"])  # holds the advisory locks until commit
    out = _second_worker_waits(schema, conn, "C1-copy")
    assert out.duplicate_of == first
    assert out.duplicate_kind == "exact"


def test_two_reports_of_one_event_at_the_same_instant_share_one_story(schema: str, conn: psycopg.Connection) -> None:
    # A1 and A2 tell the same visit in different words (no shared LSH band): only their entities
    # bring them together, so the second must wait for the first's story before looking.
    first = _insert(conn, DOCS["A1"])
    opened = _step(conn, first, DOCS["A1"])  # holds its locks until commit
    assert _second_worker_waits(schema, conn, "A2").story_id == opened.story_id
