"""Postgres parts of the dedup benchmark: a private schema, and LSH / story lookup time as the index grows.

Used by bench/eval_dedup.py. The scaling test stores synthetic signatures (random MinHash values,
40 band keys each) and Zipf-distributed entities for articles spread at ``PER_DAY`` a day, plants
real texts among them, and times real query texts: client-side wall time, and server-side
execution time and pages touched from ``EXPLAIN (ANALYZE, BUFFERS)`` (much less sensitive to the
load of a shared machine).
"""

from __future__ import annotations

import io
import os
import statistics
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from pipeline import dedup
from workers.dedup_step import DEFAULT_PARAMS

ROOT = Path(__file__).resolve().parent.parent
MIGRATION = ROOT / "schemas" / "sql" / "0010_dedup.sql"
MINIMAL_ARTICLES = """
CREATE TABLE articles (
    id bigserial PRIMARY KEY, source_id bigint, url text NOT NULL, canonical_url text NOT NULL,
    title text, text text NOT NULL, published_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
"""


# ---------------------------------------------------------------------------- database


@contextmanager
def private_schema() -> Iterator[Any]:
    """A connection in a fresh schema with a minimal articles table and 0010 applied."""
    import psycopg

    url = os.environ["AKHBAR_TEST_DATABASE_URL"]
    name = f"dedup_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {name}")
    try:
        with psycopg.connect(url, options=f"-c search_path={name}") as conn:
            conn.execute(MINIMAL_ARTICLES)
            conn.execute(MIGRATION.read_text(encoding="utf-8"))
            conn.commit()
            yield conn
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {name} CASCADE")


# -------------------------------------------------------------------------- 4. LSH scaling

PER_DAY = 140
ENTITIES = 5000
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def _fill(conn: Any, start: int, stop: int, rng: np.random.Generator) -> None:
    """Append synthetic articles [start, stop) with random signatures and Zipf-like entities."""
    tag = DEFAULT_PARAMS.tag
    arts, keys, ents, story_rows = io.StringIO(), io.StringIO(), io.StringIO(), io.StringIO()
    sig_rows = []
    for i in range(start, stop):
        when = T0 + timedelta(days=i / PER_DAY)
        arts.write(f"{i}\thttps://s{i % 300}.example/{i}\thttps://s{i % 300}.example/{i}\tx\t{when.isoformat()}\t{i}\n")
        story_rows.write(f"{i}\t{when.isoformat()}\t{when.isoformat()}\t1\t1\n")  # a story of one each
        sig = rng.integers(0, 2**32 - 1, DEFAULT_PARAMS.num_perm, dtype=np.uint32)
        sig_rows.append((i, tag, dedup.signature_bytes(sig), when, f"s{i % 300}.example"))
        for k in dedup.band_keys(sig, DEFAULT_PARAMS):
            keys.write(f"{k}\t{i}\n")
        for e in {int(x) for x in rng.zipf(1.3, 5) % ENTITIES}:
            ents.write(f"e{e}\t{when.isoformat()}\t{i}\n")
    with conn.cursor() as cur:
        # Bulk load without the band-key indexes, then rebuild them: minutes faster at 100k.
        cur.execute("ALTER TABLE lsh_band_keys DROP CONSTRAINT lsh_band_keys_pkey")
        cur.execute("DROP INDEX lsh_band_keys_article_idx")
        with cur.copy("COPY stories (id, first_seen, last_seen, size, outlets) FROM STDIN") as cp:
            cp.write(story_rows.getvalue())
        with cur.copy("COPY articles (id, url, canonical_url, text, published_at, story_id) FROM STDIN") as cp:
            cp.write(arts.getvalue())
        with cur.copy("COPY article_signatures (article_id, params, minhash, story_date, site) FROM STDIN") as cp:
            for row in sig_rows:
                cp.write_row(row)
        with cur.copy("COPY lsh_band_keys (key, article_id) FROM STDIN") as cp:
            cp.write(keys.getvalue())
        with cur.copy("COPY story_entity_keys (entity_id, story_date, article_id) FROM STDIN") as cp:
            cp.write(ents.getvalue())
        cur.execute("ALTER TABLE lsh_band_keys ADD PRIMARY KEY (key, article_id)")
        cur.execute("CREATE INDEX lsh_band_keys_article_idx ON lsh_band_keys (article_id)")
    conn.commit()
    # What autovacuum does in production: statistics and the visibility map (index-only scans).
    conn.autocommit = True
    conn.execute("VACUUM ANALYZE")
    conn.autocommit = False


def _explain(conn: Any, sql: str, params: dict[str, Any]) -> tuple[float, int]:
    """(server execution ms, shared buffers hit + read) of one query."""
    plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql.rstrip().rstrip(";"), params).fetchone()[0]
    top = plan[0]
    node = top["Plan"]
    return float(top["Execution Time"]), int(node.get("Shared Hit Blocks", 0)) + int(node.get("Shared Read Blocks", 0))


def eval_lsh(pairs: list[dict], sizes: tuple[int, ...] = (1_000, 10_000, 100_000)) -> dict[str, Any]:
    """Lookup latency at each index size; real query texts, some with stored near-duplicates."""
    from storage import dedup as q

    rng = np.random.default_rng(13)
    queries = []
    for p in pairs:
        for side in ("a", "b"):
            queries.append(p[side])
    queries = list({d["doc_id"]: d for d in queries}.values())
    out: dict[str, Any] = {}
    with private_schema() as conn:
        stored = 0
        for size in sizes:
            _fill(conn, stored + 1, size + 1, rng)
            stored = size
            # Plant the base texts as stored articles so rewrites find real candidates.
            planted = []
            for j, d in enumerate(queries[:20]):
                aid = size + 1 + j
                sig = dedup.signature(d["text"], DEFAULT_PARAMS)
                conn.execute(
                    "INSERT INTO articles (id, url, canonical_url, text) VALUES (%s, %s, %s, 'x')",
                    (aid, f"https://plant/{aid}", f"https://plant/{aid}"),
                )
                conn.execute(
                    "INSERT INTO article_signatures (article_id, params, minhash, story_date) VALUES (%s,%s,%s,%s)",
                    (aid, DEFAULT_PARAMS.tag, dedup.signature_bytes(sig), T0),
                )
                conn.execute(
                    "INSERT INTO lsh_band_keys (key, article_id) SELECT k, %s FROM unnest(%s::bigint[]) k",
                    (aid, dedup.band_keys(sig, DEFAULT_PARAMS)),
                )
                planted.append(aid)
            conn.commit()
            lsh_ms, story_ms, found = [], [], 0
            lsh_plan: list[tuple[float, int]] = []
            story_plan: list[tuple[float, int]] = []
            for d in queries:  # warm-up pass, untimed: a worker's steady state has a warm cache
                fp = dedup.fingerprint(d["text"], DEFAULT_PARAMS)
                q.lsh_candidates(fp.band_keys, 10**12, DEFAULT_PARAMS.tag, conn=conn)
            for d in queries:
                sig = dedup.signature(d["text"], DEFAULT_PARAMS)
                keys = dedup.band_keys(sig, DEFAULT_PARAMS)
                t = time.perf_counter()
                cands = q.lsh_candidates(keys, 10**12, DEFAULT_PARAMS.tag, conn=conn)
                match = dedup.best_match(sig, [(i, dedup.signature_from_bytes(b)) for i, b in cands], 0.65)
                lsh_ms.append((time.perf_counter() - t) * 1000)
                found += match is not None
                when = T0 + timedelta(days=float(rng.uniform(0, size / PER_DAY)))
                ents = [f"e{int(x) % ENTITIES}" for x in rng.zipf(1.3, 5)]
                t = time.perf_counter()
                q.story_candidates(
                    ents,
                    lo=when - timedelta(days=7),
                    hi=when + timedelta(days=7),
                    span_lo=when - timedelta(days=14),
                    span_hi=when + timedelta(days=14),
                    article_id=0,
                    conn=conn,
                )
                story_ms.append((time.perf_counter() - t) * 1000)
                # Server-side cost, independent of client CPU load: execution time and pages touched.
                lsh_plan.append(
                    _explain(
                        conn,
                        q.QUERIES["lsh_candidates"],
                        {"keys": keys, "article_id": 10**12, "params": DEFAULT_PARAMS.tag},
                    )
                )
                story_plan.append(
                    _explain(
                        conn,
                        q.QUERIES["story_candidates"],
                        {
                            "entity_ids": ents,
                            "lo": when - timedelta(days=7),
                            "hi": when + timedelta(days=7),
                            "span_lo": when - timedelta(days=14),
                            "span_hi": when + timedelta(days=14),
                            "article_id": 0,
                            "limit": 200,
                        },
                    )
                )
            conn.rollback()
            conn.execute("DELETE FROM articles WHERE id = ANY(%s)", (planted,))
            conn.commit()
            band_rows = conn.execute("SELECT count(*) FROM lsh_band_keys").fetchone()[0]
            out[str(size)] = {
                "stored_signatures": size,
                "band_key_rows": band_rows,
                "queries": len(queries),
                "queries_with_a_near_duplicate": found,
                "lsh_lookup_ms_median": round(statistics.median(lsh_ms), 3),
                "lsh_lookup_ms_p95": round(float(np.percentile(lsh_ms, 95)), 3),
                "story_lookup_ms_median": round(statistics.median(story_ms), 3),
                "story_lookup_ms_p95": round(float(np.percentile(story_ms, 95)), 3),
                "lsh_server_ms_median": round(statistics.median(x for x, _ in lsh_plan), 3),
                "lsh_buffers_median": statistics.median(b for _, b in lsh_plan),
                "story_server_ms_median": round(statistics.median(x for x, _ in story_plan), 3),
                "story_buffers_median": statistics.median(b for _, b in story_plan),
            }
            print(f"  lsh @ {size}: {out[str(size)]}")
    return out
