"""Measure duplicate and story decisions, their cost, and LSH lookup time as the index grows.

1. **Pairs** (tests/data/dedup_pairs.jsonl): precision and recall of the duplicate decision
   (content hash or estimated similarity >= threshold) and of the same-story decision, with a
   threshold sweep, using the pure functions and the default parameters of the step.
2. **System** (needs ``AKHBAR_TEST_DATABASE_URL``): every document of the set goes through
   workers.dedup_step in publication order in a private Postgres schema; the same pairs are
   scored from the stored marks (duplicate_of chain, story_id), which exercises the LSH index,
   candidate retrieval and story assignment for real.
3. **Cost** per article of hash + signature + band keys + story features, against
   ``trafilatura.extract`` on the real pages of /work/shared/corpus/html (read at run time).
4. **LSH lookup** (needs the database): median and p95 time of a near-duplicate lookup and of a
   story-candidate lookup at 1k, 10k and 100k stored signatures (synthetic signatures, real
   query texts; articles spread at 140 a day so the story window holds a constant load).

Writes bench/results/eval_dedup.json and prints a summary. Run from the repo root:
``AKHBAR_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test python -m bench.eval_dedup``
"""

from __future__ import annotations

import io
import json
import os
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from pipeline import dedup, stories
from workers.dedup_step import DEFAULT_DUPLICATE_THRESHOLD, DEFAULT_PARAMS, DEFAULT_POLICY

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "dedup_pairs.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus" / "html"
RESULT = ROOT / "bench" / "results" / "eval_dedup.json"
MIGRATION = ROOT / "schemas" / "sql" / "0010_dedup.sql"
MINIMAL_ARTICLES = """
CREATE TABLE articles (
    id bigserial PRIMARY KEY, source_id bigint, url text NOT NULL, canonical_url text NOT NULL,
    title text, text text NOT NULL, published_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
"""


def load_pairs() -> list[dict]:
    """The labelled pairs."""
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]


def prf(decisions: list[tuple[bool, bool]]) -> dict[str, float | int]:
    """Precision, recall and counts of (predicted, expected) decisions."""
    tp = sum(1 for p, e in decisions if p and e)
    fp = sum(1 for p, e in decisions if p and not e)
    fn = sum(1 for p, e in decisions if not p and e)
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "n": len(decisions),
    }


def _features(doc: dict) -> stories.StoryFeatures:
    return stories.story_features(
        title=doc["title"],
        text=doc["text"],
        published_at=datetime.fromisoformat(doc["published_at"]),
        entity_ids=doc["entity_ids"],
        event_dates=doc["event_dates"],
        site=dedup.site_of(doc["url"]),
    )


# ------------------------------------------------------------------------------ 1. pairs


def eval_pairs(pairs: list[dict]) -> dict[str, Any]:
    """Pure pair-level decisions with the step's defaults, plus threshold sweeps."""
    rows = []
    for p in pairs:
        a, b = p["a"], p["b"]
        same_hash = dedup.content_hash(a["text"]) == dedup.content_hash(b["text"])
        sim = dedup.similarity(dedup.signature(a["text"], DEFAULT_PARAMS), dedup.signature(b["text"], DEFAULT_PARAMS))
        score = stories.story_score(_features(a), _features(b), policy=DEFAULT_POLICY)
        rows.append((p, same_hash, sim, score))

    def dup_at(t: float) -> list[tuple[bool, bool]]:
        return [(h or s >= t, p["duplicate"]) for p, h, s, _ in rows]

    def story_at(t: float, dup_t: float) -> list[tuple[bool, bool]]:
        return [((h or s >= dup_t or sc >= t), p["same_story"]) for p, h, s, sc in rows]

    thr, st = DEFAULT_DUPLICATE_THRESHOLD, DEFAULT_POLICY.threshold
    by_kind: dict[str, dict[str, Any]] = {}
    for kind in sorted({p["kind"] for p in pairs}):
        sub = [(p, h, s, sc) for p, h, s, sc in rows if p["kind"] == kind]
        by_kind[kind] = {
            "n": len(sub),
            "jaccard_k3_min": min(p["jaccard_k3"] for p, *_ in sub),
            "jaccard_k3_max": max(p["jaccard_k3"] for p, *_ in sub),
            "estimate_min": round(min(s for _, _, s, _ in sub), 4),
            "estimate_max": round(max(s for _, _, s, _ in sub), 4),
            "called_duplicate": sum(1 for _, h, s, _ in sub if h or s >= thr),
            "called_same_story": sum(1 for _, h, s, sc in sub if h or s >= thr or sc >= st),
        }
    errors = [
        {"id": p["id"], "kind": p["kind"], "a": p["a"]["doc_id"], "b": p["b"]["doc_id"], "estimate": round(s, 3),
         "story_score": round(sc, 3), "duplicate": p["duplicate"], "same_story": p["same_story"]}
        for p, h, s, sc in rows
        if (h or s >= thr) != p["duplicate"] or (h or s >= thr or sc >= st) != p["same_story"]
    ]  # fmt: skip
    return {
        "duplicate_threshold": thr,
        "story_threshold": st,
        "duplicate": prf(dup_at(thr)),
        "same_story": prf(story_at(st, thr)),
        "same_story_excluding_duplicates": prf(
            [(h or s >= thr or sc >= st, p["same_story"]) for p, h, s, sc in rows if not p["duplicate"]]
        ),
        "by_kind": by_kind,
        "duplicate_sweep": {f"{t:.2f}": prf(dup_at(t)) for t in np.arange(0.40, 0.951, 0.05)},
        "story_sweep": {f"{t:.2f}": prf(story_at(t, thr)) for t in np.arange(0.20, 0.701, 0.05)},
        "errors": errors,
    }


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


# ----------------------------------------------------------------------------- 2. system


def eval_system(pairs: list[dict]) -> dict[str, Any]:
    """Run every document through the step in publication order; score pairs from storage."""
    from workers.dedup_step import assign_dedup_and_story

    docs: dict[str, dict] = {}
    for p in pairs:
        for side in ("a", "b"):
            docs.setdefault(p[side]["doc_id"], p[side])
    order = sorted(docs.values(), key=lambda d: (d["published_at"], d["doc_id"]))
    with private_schema() as conn:
        ids: dict[str, int] = {}
        started = time.perf_counter()
        for d in order:
            row = conn.execute(
                "INSERT INTO articles (url, canonical_url, title, text, published_at)"
                " VALUES (%s, %s, %s, %s, %s) RETURNING id",
                (d["url"], dedup.canonical_url(d["url"]), d["title"], d["text"], d["published_at"]),
            ).fetchone()
            ids[d["doc_id"]] = row[0]
            assign_dedup_and_story(
                conn,
                article_id=row[0],
                text=d["text"],
                title=d["title"],
                url=d["url"],
                canonical_url=dedup.canonical_url(d["url"]),
                published_at=datetime.fromisoformat(d["published_at"]),
                entity_ids=d["entity_ids"],
                event_dates=d["event_dates"],
            )
            conn.commit()
        step_ms = (time.perf_counter() - started) * 1000 / len(order)
        marks = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, duplicate_of, story_id FROM articles")}
        n_stories = conn.execute("SELECT count(*) FROM stories").fetchone()[0]

    def root(i: int) -> int:
        while marks[i][0] is not None:
            i = marks[i][0]
        return i

    dup, story = [], []
    for p in pairs:
        a, b = ids[p["a"]["doc_id"]], ids[p["b"]["doc_id"]]
        # A pair is "marked duplicate" when one points (through its chain) at the other's root.
        dup.append((root(a) == root(b) and (marks[a][0] is not None or marks[b][0] is not None), p["duplicate"]))
        story.append((marks[a][1] == marks[b][1], p["same_story"]))
    return {
        "documents": len(order),
        "stories": n_stories,
        "step_ms_per_article": round(step_ms, 2),
        "duplicate": prf(dup),
        "same_story": prf(story),
    }


# -------------------------------------------------------------------------------- 3. cost


def _timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best * 1000, out


def eval_cost() -> dict[str, Any]:
    """Per-article milliseconds: trafilatura.extract vs the dedup computations on its output."""
    import trafilatura

    if not CORPUS.is_dir():
        return {"skipped": f"{CORPUS} not found"}
    extract_ms, dedup_ms, words = [], [], []
    for path in sorted(CORPUS.glob("*.html")):
        html = path.read_bytes().decode("utf-8", errors="replace")
        ms, text = _timed(lambda html=html: trafilatura.extract(html, include_comments=False))
        if not text or len(text.split()) < 50:
            continue

        def work(text: str = text) -> None:
            # Exactly what workers.dedup_step computes before it touches the database.
            fp = dedup.fingerprint(text, DEFAULT_PARAMS)
            stories.story_features(
                title="", text=fp.normalised, text_is_normalised=True, published_at=datetime.now(UTC)
            )

        dms, _ = _timed(work)
        extract_ms.append(ms)
        dedup_ms.append(dms)
        words.append(len(text.split()))
    return {
        "pages": len(extract_ms),
        "median_words": statistics.median(words),
        "extract_ms_median": round(statistics.median(extract_ms), 2),
        "dedup_ms_median": round(statistics.median(dedup_ms), 2),
        "extract_ms_mean": round(statistics.mean(extract_ms), 2),
        "dedup_ms_mean": round(statistics.mean(dedup_ms), 2),
        "dedup_over_extract_mean": round(statistics.mean(dedup_ms) / statistics.mean(extract_ms), 4),
    }


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


def main() -> None:
    """Run every part that can run here and write the result file."""
    pairs = load_pairs()
    result: dict[str, Any] = {
        "params": DEFAULT_PARAMS.tag,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        # Client-side timings are only comparable at similar load; server-side ones much less affected.
        "cpu_count": os.cpu_count(),
        "load_average_1m_at_start": round(os.getloadavg()[0], 2),
        "pairs": eval_pairs(pairs),
    }
    result["cost"] = eval_cost()
    if os.environ.get("AKHBAR_TEST_DATABASE_URL"):
        result["system"] = eval_system(pairs)
        result["lsh"] = eval_lsh(pairs)
    else:
        result["system"] = result["lsh"] = {"skipped": "AKHBAR_TEST_DATABASE_URL not set"}
    result["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    pr = result["pairs"]
    print(f"pairs: {len(pairs)}  threshold {pr['duplicate_threshold']}  story threshold {pr['story_threshold']}")
    print(f"duplicate  P={pr['duplicate']['precision']} R={pr['duplicate']['recall']}")
    print(f"same story P={pr['same_story']['precision']} R={pr['same_story']['recall']}")
    print(f"system: {result['system']}")
    print(f"cost: {result['cost']}")
    print(f"-> {RESULT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
