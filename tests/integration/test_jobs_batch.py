"""One statement inserts a whole submission: order, duplicates within the batch and with
earlier jobs, and sources, as the one-URL-at-a-time path did."""

from __future__ import annotations

import psycopg
from psycopg.rows import dict_row

from storage import jobs


def test_insert_jobs_keeps_order_and_reports_duplicates(database_url: str) -> None:
    with psycopg.connect(database_url, row_factory=dict_row) as conn:
        sources = jobs.upsert_sources(conn=conn, hosts=["b.batch.test", "a.batch.test", "b.batch.test"])
        assert set(sources) == {"a.batch.test", "b.batch.test"}
        assert jobs.upsert_sources(conn=conn, hosts=["a.batch.test"]) == {"a.batch.test": sources["a.batch.test"]}

        ((earlier, created),) = jobs.insert_jobs(
            conn=conn,
            new=[jobs.NewJob("https://a.batch.test/old", "https://a.batch.test/old", sources["a.batch.test"], {})],
        )
        assert created
        conn.commit()

        batch = [
            jobs.NewJob(
                "https://b.batch.test/z?utm_source=x", "https://b.batch.test/z", sources["b.batch.test"], {"n": 1}
            ),
            jobs.NewJob("https://a.batch.test/old", "https://a.batch.test/old", sources["a.batch.test"], {}),
            jobs.NewJob("https://a.batch.test/new", "https://a.batch.test/new", sources["a.batch.test"], {"n": 3}),
            jobs.NewJob("https://b.batch.test/z#frag", "https://b.batch.test/z", sources["b.batch.test"], {"n": 4}),
        ]
        out = jobs.insert_jobs(conn=conn, new=batch)
        conn.commit()

    assert [created for _, created in out] == [True, False, True, False]
    z, old, new, z_again = (job for job, _ in out)
    assert old.id == earlier.id
    assert z_again.id == z.id and z.url == "https://b.batch.test/z?utm_source=x"  # the first occurrence wins
    assert z.hints == {"n": 1} and new.hints == {"n": 3}
    assert z.source_id == sources["b.batch.test"] and new.status == "queued"
