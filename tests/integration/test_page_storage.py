"""Raw pages round-trip through Postgres: written with LZ4 now, and rows written with zlib before
0060_page_codec.sql stay readable after the migration renames the column and adds the codec."""

from __future__ import annotations

import zlib

import psycopg
from psycopg.rows import dict_row

from storage import jobs, pages
from storage.migrate import apply_migrations, available_migrations
from tests.integration.servers import fresh_database

BODY = ("<html><body><p>" + "قال الوزير إن الحكومة ستجتمع الأسبوع المقبل. " * 400 + "</p></body></html>").encode()


def _job(conn: psycopg.Connection, url: str) -> int:
    source = jobs.upsert_sources(conn=conn, hosts=["pages.test"])["pages.test"]
    ((job, _),) = jobs.insert_jobs(conn=conn, new=[jobs.NewJob(url, url, source, {})])
    return job.id


def _store(conn: psycopg.Connection, job_id: int, body: bytes) -> None:
    pages.store_page(
        conn=conn,
        job_id=job_id,
        url="https://pages.test/a",
        final_url="https://pages.test/a",
        http_status=200,
        content_type="text/html; charset=utf-8",
        encoding="utf-8",
        encoding_source="header",
        headers={"content-type": "text/html; charset=utf-8"},
        redirects=[],
        body=body,
    )


def test_a_page_is_stored_with_lz4_and_read_back(database_url: str) -> None:
    with psycopg.connect(database_url, row_factory=dict_row) as conn:
        job_id = _job(conn, "https://pages.test/lz4")
        _store(conn, job_id, BODY)
        _store(conn, job_id, BODY + b"<!-- refetched -->")  # a re-fetch replaces the page
        row = conn.execute(
            "SELECT body_codec, length(body_compressed) AS stored, body_bytes FROM pages WHERE job_id = %s", (job_id,)
        ).fetchone()
        page = pages.page_for_job(conn=conn, job_id=job_id)
    assert row is not None and row["body_codec"] == "lz4"
    assert row["body_bytes"] == len(BODY) + 18 and row["stored"] < len(BODY) / 4  # compressed, not raw
    assert page is not None and page.body == BODY + b"<!-- refetched -->"
    assert page.text().startswith("<html><body><p>قال الوزير")


def test_pages_written_with_zlib_before_0060_are_still_read(pg_admin_url: str) -> None:
    before = [m for m in available_migrations() if m.version < 60]
    with fresh_database(pg_admin_url) as url, psycopg.connect(url, row_factory=dict_row) as conn:
        conn.autocommit = True
        conn.execute("CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL,"
                     " applied_at timestamptz NOT NULL DEFAULT now())")  # fmt: skip
        for migration in before:  # the schema as it was before 0060
            with conn.transaction():
                conn.execute(migration.sql)  # type: ignore[arg-type]
                conn.execute("INSERT INTO schema_migrations VALUES (%s, %s)", (migration.version, migration.name))
        conn.autocommit = False
        job_id = _job(conn, "https://pages.test/old")
        conn.execute(
            "INSERT INTO pages (job_id, url, final_url, http_status, encoding, body_zlib, body_bytes)"
            " VALUES (%s, 'https://pages.test/old', 'https://pages.test/old', 200, 'utf-8', %s, %s)",
            (job_id, zlib.compress(BODY, 3), len(BODY)),
        )
        conn.commit()

        applied = apply_migrations(conn)
        assert [m.version for m in applied if m.version == 60] == [60]
        conn.autocommit = False
        page = pages.page_for_job(conn=conn, job_id=job_id)
        assert page is not None and page.body == BODY
        codec = conn.execute("SELECT body_codec FROM pages WHERE job_id = %s", (job_id,)).fetchone()
        assert codec == {"body_codec": "zlib"}
