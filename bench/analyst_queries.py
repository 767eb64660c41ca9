"""Bench: the analysts' documented queries (docs/analysts.md) on a synthetic load.

Creates a scratch database on the test server (AKHBAR_TEST_DATABASE_URL or --admin-url),
migrates it, loads N synthetic articles (default 200,000) with entity mentions, date
expressions, stories and duplicates through COPY, then runs each documented query with varied
parameters and reports p50/p95 and the plan (index-backed or not). Writes
bench/results/analyst_queries.json. Never part of `make test`.

Synthetic text: words drawn from the demo articles (cli/demo_site) with their natural
frequencies, so search sees real Arabic spellings, proclitics and a skewed vocabulary; entities
are the shipped knowledge base, drawn with a Zipf law so a few are in many articles.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.analyst_catalog import CATALOG  # noqa: E402
from cli.common import migrate_and_sync  # noqa: E402
from cli.demo_site import ARTICLES  # noqa: E402

START = datetime(2023, 1, 1, tzinfo=UTC)
DAYS = 730
BIG_TABLES = {"articles", "mentions", "time_expressions", "jobs", "stories"}

# The documented queries (docs/analysts.md) and, for those with a date range, how many days the
# bench's ranges span: a month for one entity's questions, a week for questions over everything.
QUERIES: dict[str, str] = {q.name: q.sql for q in CATALOG}
WINDOW_DAYS: dict[str, int] = {
    "entity_in_date_range": 30,
    "entity_daily_timeline": 30,
    "mentioned_with": 30,
    "entity_spellings": 30,
    "search_proclitic_exclusion": 90,
}
DEFAULT_WINDOW_DAYS = 7


def _words() -> list[str]:
    words: list[str] = []
    for a in ARTICLES:
        words += re.findall(r"\S+", a.body)
    return words


def _zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (i + 1) ** s for i in range(n)]


class Generator:
    """Deterministic synthetic rows (seeded)."""

    def __init__(self, seed: int, n: int, words_per_article: int, entity_ids: list[str]) -> None:
        self.rng = random.Random(seed)
        self.n = n
        self.wpa = words_per_article
        self.words = _words()
        self.entities = entity_ids[:]
        self.rng.shuffle(self.entities)
        # cumulative weights once: random.choices would rebuild them for every article
        self.entity_cum = list(itertools.accumulate(_zipf_weights(len(self.entities))))
        self.sources = list(range(1, 61))
        self.n_stories = max(1, n // 16)

    def article(self, i: int) -> tuple[Any, ...]:
        rng = self.rng
        offset = rng.randrange(DAYS * 86400)
        published = START + timedelta(seconds=offset)
        title = " ".join(rng.choices(self.words, k=rng.randint(6, 12)))
        text = " ".join(rng.choices(self.words, k=self.wpa))
        # A story is news of a few days: its id follows the publication time, give or take a day.
        near = int(offset / (DAYS * 86400) * self.n_stories) + rng.randint(-8, 8)
        story = min(max(near, 1), self.n_stories) if rng.random() < 0.25 else None
        src = self.sources[int(rng.paretovariate(1.2)) % len(self.sources)]
        url = f"https://outlet-{src}.example/a/{i}"
        return (i, i, src, url, url, title, text, "ar", self.wpa, published, story)

    def mentions(self, article_id: int, text_len: int) -> list[tuple[Any, ...]]:
        rng = self.rng
        out = []
        chosen = rng.choices(self.entities, cum_weights=self.entity_cum, k=rng.randint(3, 14))
        for e in chosen:
            start = rng.randrange(max(1, text_len - 20))
            linked = rng.random() > 0.15
            out.append((article_id, e if linked else None, "اسم", start, start + 3, "PER", "gazetteer"))
        return out

    def dates(self, article_id: int, published: datetime) -> list[tuple[Any, ...]]:
        rng = self.rng
        out = []
        for _ in range(rng.randint(0, 5)):
            day = published.date() + timedelta(days=rng.randint(-30, 10))
            if rng.random() < 0.8:
                lo = hi = day
                value = day.isoformat()
            else:
                lo = day.replace(day=1)
                hi = (lo + timedelta(days=32)).replace(day=1) - timedelta(days=1)
                value = lo.strftime("%Y-%m")
            out.append((article_id, "تاريخ", 0, 5, "DATE", value, lo, hi))
        return out


def _url_for(admin_url: str, dbname: str) -> str:
    params = conninfo_to_dict(admin_url)
    params["dbname"] = dbname
    return make_conninfo("", **params)


def load(url: str, n: int, words: int, seed: int, threads: int) -> dict[str, float]:
    """Fill the scratch database; returns timings of the load steps."""
    timings: dict[str, float] = {}
    with psycopg.connect(url, autocommit=True) as conn:
        entity_ids = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY id").fetchall()]
        gen0 = Generator(seed, n, words, entity_ids)
        t0 = time.perf_counter()
        with conn.cursor().copy("COPY sources (id, host, name) FROM STDIN") as cp:
            for s in gen0.sources:
                cp.write_row((s, f"outlet-{s}.example", f"Outlet {s}"))
        with conn.cursor().copy("COPY stories (id, size) FROM STDIN") as cp:
            for s in range(1, gen0.n_stories + 1):
                cp.write_row((s, 0))
        with conn.cursor().copy("COPY jobs (id, url, canonical_url, source_id, stage, status) FROM STDIN") as cp:
            for i in range(1, n + 1):
                url_i = f"https://outlet-x.example/a/{i}"
                cp.write_row((i, url_i, url_i, None, "process", "done"))
        timings["jobs_s"] = time.perf_counter() - t0

    def worker(part: int) -> None:
        gen = Generator(seed + 1000 * part, n, words, entity_ids)
        ids = range(1 + part, n + 1, threads)
        with psycopg.connect(url, autocommit=True) as c:
            arts = []
            with c.cursor().copy(
                "COPY articles (id, job_id, source_id, url, canonical_url, title, text, language, word_count,"
                " published_at, story_id) FROM STDIN"
            ) as cp:
                for i in ids:
                    row = gen.article(i)
                    cp.write_row(row)
                    arts.append((i, len(row[6]), row[9]))
            with c.cursor().copy(
                "COPY mentions (article_id, entity_id, surface, start_char, end_char, type, method) FROM STDIN"
            ) as cp:
                for i, length, _ in arts:
                    for m in gen.mentions(i, length):
                        cp.write_row(m)
            with c.cursor().copy(
                "COPY time_expressions (article_id, surface, start_char, end_char, type, value, range_start,"
                " range_end) FROM STDIN"
            ) as cp:
                for i, _, published in arts:
                    for d in gen.dates(i, published):
                        cp.write_row(d)

    t0 = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(p,)) for p in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    timings["articles_mentions_dates_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "UPDATE articles SET duplicate_of = id - 1 - id % 5, duplicate_kind = 'near', similarity = 0.9"
            " WHERE id % 20 = 0"
        )
        conn.execute(
            "UPDATE stories s SET size = x.size, outlets = x.outlets, first_seen = x.first_seen,"
            " last_seen = x.last_seen, first_article_id = x.first_id, title = 'story ' || s.id"
            " FROM (SELECT story_id, count(*) AS size, count(DISTINCT source_id) AS outlets,"
            "       min(published_at) AS first_seen, max(published_at) AS last_seen,"
            "       (array_agg(id ORDER BY published_at))[1] AS first_id"
            "       FROM articles WHERE story_id IS NOT NULL GROUP BY story_id) x WHERE x.story_id = s.id"
        )
        for seq, table in (
            ("sources_id_seq", "sources"),
            ("jobs_id_seq", "jobs"),
            ("articles_id_seq", "articles"),
            ("stories_id_seq", "stories"),
        ):
            conn.execute(f"SELECT setval('{seq}', (SELECT max(id) FROM {table}))")
        conn.execute("VACUUM ANALYZE")
    timings["finish_s"] = time.perf_counter() - t0
    return timings


def _plan_nodes(plan: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    out = [(plan["Node Type"], plan.get("Relation Name"), plan.get("Index Name"))]
    for child in plan.get("Plans", []):
        out += _plan_nodes(child)
    return out


def _variant(word: str, rng: random.Random) -> str:
    """A spelling variant a reader might type: taa marbuta/ha, hamza/bare alef, a proclitic."""
    w = word.replace("ة", "ه") if rng.random() < 0.5 else word
    w = re.sub("^[أإآ]", "ا", w) if rng.random() < 0.5 else w
    return ("و" + w) if rng.random() < 0.3 and not w.startswith("و") else w


def run_queries(url: str, runs: int, seed: int) -> dict[str, Any]:
    """Run each query `runs` times with fresh parameters; returns timings and plans."""
    rng = random.Random(seed)
    results: dict[str, Any] = {}
    words = [w for w in _words() if len(w) >= 4 and re.fullmatch(r"[\u0600-\u06FF]+", w)]
    freq: dict[str, int] = {}
    for w in words:
        freq[w] = freq.get(w, 0) + 1
    common = sorted(freq, key=lambda w: -freq[w])[:300]
    rare = [w for w, c in freq.items() if c == 1]
    with psycopg.connect(url, autocommit=True) as conn:
        top_entities = [
            r[0]
            for r in conn.execute(
                "SELECT entity_id FROM mentions WHERE entity_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 50"
            ).fetchall()
        ]
        aliases = [
            r[0]
            for r in conn.execute(
                "SELECT alias FROM entity_aliases WHERE entity_id = ANY(%s) ORDER BY alias", (top_entities,)
            ).fetchall()
        ]
        for name, sql in QUERIES.items():
            times = []
            plan_params: dict[str, Any] = {}
            rows = 0
            for _ in range(runs):
                d1 = (START + timedelta(days=rng.randrange(DAYS - 90))).date()
                window = WINDOW_DAYS.get(name, DEFAULT_WINDOW_DAYS)
                w1, w2 = rng.sample(common, 2)
                params = {
                    "entity": rng.choice(top_entities[:20]),
                    "since": d1,
                    "until": d1 + timedelta(days=window),
                    "week": d1,
                    "day": d1,
                    "phrase": " ".join(_variant(w, rng) for w in (w1, w2)),
                    "word_not": f"{_variant(rng.choice(rare), rng)} -{w1}",
                    "quoted": f'"{w1} {w2}"',
                    "alias": rng.choice(aliases) if aliases else "المغرب",
                    "fragment": rng.choice(common)[1:5],
                }
                if not times:  # one untimed run per shape first: plans cached, catalog and index roots read
                    conn.execute(sql, params).fetchall()  # type: ignore[arg-type]
                t0 = time.perf_counter()
                got = conn.execute(sql, params).fetchall()  # type: ignore[arg-type]
                times.append((time.perf_counter() - t0) * 1000)
                rows = len(got)
                plan_params = params
            plan_json = conn.execute("EXPLAIN (FORMAT JSON) " + sql, plan_params).fetchone()[0]  # type: ignore[index,operator]
            plan_text = "\n".join(
                r[0]
                for r in conn.execute("EXPLAIN " + sql, plan_params).fetchall()  # type: ignore[operator]
            )
            nodes = _plan_nodes(plan_json[0]["Plan"])
            seq_big = sorted({rel for node, rel, _ in nodes if node == "Seq Scan" and rel in BIG_TABLES})
            indexes = sorted({idx for _, _, idx in nodes if idx})
            q = statistics.quantiles(times, n=20) if len(times) > 1 else times * 19
            results[name] = {
                "runs": runs,
                "window_days": WINDOW_DAYS.get(name, DEFAULT_WINDOW_DAYS) if "%(since)s" in sql else None,
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(q[18], 2),
                "max_ms": round(max(times), 2),
                "rows_last_run": rows,
                "index_backed": not seq_big,
                "seq_scans_on_big_tables": seq_big,
                "indexes_used": indexes,
                "plan": plan_text,
            }
            print(
                f"{name:26s} p50 {results[name]['p50_ms']:8.1f} ms  p95 {results[name]['p95_ms']:8.1f} ms"
                f"  {'index' if not seq_big else 'SEQ ' + ','.join(seq_big)}  {','.join(indexes)}"
            )
    return results


def vector_cost(url: str, sample: int = 2000) -> dict[str, float]:
    """What the insert trigger costs: akhbar_search_vector over `sample` stored articles."""
    with psycopg.connect(url) as conn:
        chars = conn.execute(
            "SELECT avg(length(text))::float FROM (SELECT text FROM articles ORDER BY id LIMIT %s) x", (sample,)
        ).fetchone()[0]  # type: ignore[index]
        t0 = time.perf_counter()
        conn.execute(
            "SELECT count(akhbar_search_vector(title, text))"
            " FROM (SELECT title, text FROM articles ORDER BY id LIMIT %s) x",
            (sample,),
        ).fetchone()
        elapsed = time.perf_counter() - t0
    return {"avg_text_chars": round(chars, 1), "ms_per_article": round(elapsed * 1000 / sample, 3)}


def main(argv: list[str] | None = None) -> None:
    """Create the scratch database, load it, run the queries, write the result file."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--admin-url", default=os.environ.get("AKHBAR_TEST_DATABASE_URL"))
    p.add_argument("--articles", type=int, default=200_000)
    p.add_argument("--words", type=int, default=80, help="words per article text")
    p.add_argument("--runs", type=int, default=40)
    p.add_argument("--threads", type=int, default=2, help="parallel COPY connections")
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--keep", action="store_true", help="keep the scratch database")
    p.add_argument("--reuse", help="run the queries on this existing bench database")
    p.add_argument("--out", default=str(ROOT / "bench" / "results" / "analyst_queries.json"))
    args = p.parse_args(argv)
    if not args.admin_url:
        p.error("--admin-url or AKHBAR_TEST_DATABASE_URL is required")
    dbname = args.reuse or f"akhbar_bench_analysts_{uuid.uuid4().hex[:8]}"
    url = _url_for(args.admin_url, dbname)
    load_timings: dict[str, float] = {}
    previous = Path(args.out)
    if args.reuse and previous.exists():
        # queries re-run on a kept database: keep the load figures of the run that built it
        earlier = json.loads(previous.read_text(encoding="utf-8"))
        if earlier.get("database") == args.reuse:
            load_timings = earlier.get("load_seconds", {})
    if not args.reuse:
        with psycopg.connect(args.admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{dbname}"')
    try:
        if not args.reuse:
            migrate_and_sync(url)
            print(f"loading {args.articles} articles into {dbname} ...", flush=True)
            load_timings = load(url, args.articles, args.words, args.seed, args.threads)
            print(f"loaded: {load_timings}", flush=True)
        with psycopg.connect(url) as conn:
            counts = {
                t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                for t in ("articles", "mentions", "time_expressions", "stories", "entities", "entity_aliases")
            }
            server = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        print(f"rows: {counts}")
        queries = run_queries(url, args.runs, args.seed)
        trigger = vector_cost(url)
        print(f"search vector (insert trigger): {trigger}")
    finally:
        if not args.keep and not args.reuse:
            with psycopg.connect(args.admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    result = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "server_version": server,
        "database": dbname if (args.keep or args.reuse) else None,
        "articles": args.articles,
        "words_per_article": args.words,
        "rows": counts,
        "machine": {"cores": os.cpu_count(), "loadavg_at_end": [round(x, 2) for x in os.getloadavg()]},
        "load_seconds": {k: round(v, 1) for k, v in load_timings.items()},
        "search_vector_trigger": trigger,
        "queries": queries,
        "all_index_backed": all(q["index_backed"] for q in queries.values()),
        "max_p95_ms": max(q["p95_ms"] for q in queries.values()),
    }
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"all index-backed: {result['all_index_backed']}; worst p95 {result['max_p95_ms']} ms -> {args.out}")


if __name__ == "__main__":
    main()
