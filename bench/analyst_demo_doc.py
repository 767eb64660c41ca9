"""Run the worked queries of docs/analysts.md on the demo data and write their output into the doc.

Puts the bundled demo pages (cli/demo_site) through the real pipeline in-process, in a scratch
database on the test server: jobs are submitted like the API does, then the fetch and process
task bodies are called directly (no Celery worker; the messages they send to Redis are left
unconsumed). Then every query of DOC_QUERIES runs and its output replaces the section between
the markers in docs/analysts.md, so the doc shows real output and can be refreshed.

    AKHBAR_TEST_DATABASE_URL=... AKHBAR_TEST_REDIS_URL=... python bench/analyst_demo_doc.py --write
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOC = ROOT / "docs" / "analysts.md"
START, END = "<!-- worked-queries:start -->", "<!-- worked-queries:end -->"

# (title, what it shows, SQL). Keep each one index-backed: bench/analyst_queries.py times the
# same shapes at 200k articles.
DOC_QUERIES: list[tuple[str, str, str]] = [
    (
        "The latest articles, one row each",
        "`v_articles` has the outlet, dates, story and duplicate marks, and counts per article.",
        """SELECT article_id, source_name, published_day, language, word_count,
       mention_count, entity_count, date_count, story_id, left(title, 40) AS title
  FROM v_articles ORDER BY published_at DESC LIMIT 8;""",
    ),
    (
        "Articles mentioning an entity in a date range",
        "Morocco (`gpe:MA`) between 1 November 2024 and 31 January 2025, whatever spelling the article used.",
        """SELECT a.published_day, a.source_name, left(a.title, 50) AS title
  FROM v_articles a
 WHERE a.article_id IN (SELECT article_id FROM mentions WHERE entity_id = 'gpe:MA')
   AND a.published_at >= '2024-11-01' AND a.published_at < '2025-02-01'
 ORDER BY a.published_at;""",
    ),
    (
        "An entity's daily timeline",
        "Articles, mentions and outlets per publication day (UTC) for Egypt.",
        """SELECT day, articles, mentions, outlets
  FROM v_timeline
 WHERE entity_id = 'gpe:EG' AND day BETWEEN '2024-11-01' AND '2025-01-31'
 ORDER BY day;""",
    ),
    (
        "Who is mentioned with whom",
        "Every entity that shares an article with Egypt, by number of shared articles.",
        """SELECT entity_b, name_b_en, name_b_ar, count(*) AS articles
  FROM v_cooccurrence
 WHERE entity_a = 'gpe:EG'
 GROUP BY entity_b, name_b_en, name_b_ar
 ORDER BY articles DESC, entity_b LIMIT 10;""",
    ),
    (
        "The pairs most often mentioned together",
        "`entity_a < entity_b` counts each pair once (the view lists both orders).",
        """SELECT name_a_en, name_b_en, count(*) AS articles
  FROM v_cooccurrence
 WHERE entity_a < entity_b
 GROUP BY name_a_en, name_b_en
 ORDER BY articles DESC, name_a_en, name_b_en LIMIT 10;""",
    ),
    (
        "Which outlet reported a story first",
        "For the stories with more than one article: the first article and its outlet.",
        """SELECT DISTINCT ON (story_id) story_id, source_name AS first_outlet, published_at,
       left(title, 45) AS title
  FROM v_articles
 WHERE story_id IN (SELECT id FROM stories WHERE size > 1)
 ORDER BY story_id, published_at, article_id;""",
    ),
    (
        "How many outlets covered a story",
        "Stories by number of outlets (and articles, and duplicates among them).",
        """SELECT story_id, count(DISTINCT source_name) AS outlets, count(*) AS articles,
       count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS duplicates,
       min(published_day) AS first_day, max(published_day) AS last_day
  FROM v_articles
 WHERE story_id IS NOT NULL
 GROUP BY story_id
 ORDER BY outlets DESC, articles DESC, story_id LIMIT 8;""",
    ),
    (
        "Every article mentioning dates in a given week",
        "Date expressions whose calendar span overlaps 13-19 January 2025 (`&&` on the GiST-indexed "
        "`span`), whatever the article's own publication date.",
        """SELECT a.published_day, a.source_name, t.surface, t.value, t.range_start, t.range_end
  FROM time_expressions t JOIN v_articles a ON a.article_id = t.article_id
 WHERE t.span && daterange('2025-01-13', '2025-01-19', '[]')
 ORDER BY t.range_start, a.published_at, t.start_char;""",
    ),
    (
        "Search for a phrase with spelling variants",
        "Typed with ه for ة and without hamza; finds الأمطار الغزيرة, أمطار غزيرة, بالأمطار ... "
        "Title matches rank above text matches; the snippet quotes the original text, matches in « ».",
        """SELECT article_id, source, round(rank::numeric, 3) AS rank, snippet
  FROM search_articles('امطار غزيره');""",
    ),
    (
        "Search with a proclitic, and an exclusion",
        "بالجزائر finds الجزائر and والجزائر too; `-word` drops articles containing the word in any form "
        "(here الكتاب, so also للكتاب). `a or b` works as in web search.",
        """SELECT article_id, source, left(title, 45) AS title
  FROM search_articles('بالجزائر -الكتاب', '2024-11-01', '2025-01-31');""",
    ),
    (
        "A phrase, in order",
        "Quotes ask for the words next to each other, in order.",
        """SELECT article_id, source, snippet
  FROM search_articles('"معرض القاهرة الدولي للكتاب"');""",
    ),
    (
        "Partial title search (trigrams)",
        "A fragment of a word, compared on normalised titles through the trigram index.",
        """SELECT article_id, round(score::numeric, 2) AS score, left(title, 60) AS title
  FROM search_titles('تلقيح', 5);""",
    ),
    (
        "An entity by any alias",
        "Aliases compare in normalised form (hamza, ya and taa marbuta folded), through an index.",
        """SELECT e.id, e.name_en, e.name_ar, al.alias,
       (SELECT count(DISTINCT article_id) FROM mentions m WHERE m.entity_id = e.id) AS articles
  FROM entity_aliases al JOIN entities e ON e.id = al.entity_id
 WHERE akhbar_normalize(al.alias) = akhbar_normalize('الجزاير');""",
    ),
    (
        "Spellings used for one entity",
        "The surface forms the articles used for Algeria, and how often.",
        """SELECT surface, count(*) AS mentions, count(DISTINCT article_id) AS articles
  FROM v_mentions WHERE entity_id = 'gpe:DZ'
 GROUP BY surface ORDER BY mentions DESC, surface;""",
    ),
    (
        "Mentions not linked to the knowledge base",
        "Frequent unlinked names are candidates for `akhbar kb add`.",
        """SELECT surface, mention_type, count(*) AS mentions
  FROM v_mentions WHERE entity_id IS NULL
 GROUP BY surface, mention_type
 ORDER BY mentions DESC, surface LIMIT 10;""",
    ),
    (
        "Top entities per outlet",
        "The two most mentioned entities of each outlet (outlets told apart by site name).",
        """SELECT source_name, name_en, articles FROM (
  SELECT a.source_name, m.name_en, count(DISTINCT m.article_id) AS articles,
         row_number() OVER (PARTITION BY a.source_name
                            ORDER BY count(DISTINCT m.article_id) DESC, m.name_en) AS n
    FROM v_mentions m JOIN v_articles a USING (article_id)
   WHERE m.entity_id IS NOT NULL
   GROUP BY a.source_name, m.name_en) x
 WHERE n <= 2 ORDER BY source_name, articles DESC, name_en LIMIT 16;""",
    ),
]


def _cell(value: Any, width: int = 60) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.isoformat(sep=" ", timespec="minutes")
    elif isinstance(value, date | Decimal):
        text = str(value)
    elif isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render(columns: list[str], rows: list[tuple[Any, ...]], width: int = 60) -> str:
    """psql-like aligned output (cells cut at `width` characters)."""
    cells = [[_cell(v, width) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def load_demo(url: str, redis_url: str) -> dict[str, int]:
    """Submit the demo pages and run fetch + process in this process; returns job statuses."""
    from cli.demo_site import ARTICLES, DemoSite

    with DemoSite() as site:
        port = int(site.base_url.rsplit(":", 1)[1])
        os.environ.update(
            {
                "AKHBAR_DATABASE_URL": url,
                "AKHBAR_REDIS_URL": redis_url,
                "AKHBAR_FETCH_ALLOW_PRIVATE": "true",
                "AKHBAR_FETCH_ALLOWED_PORTS": json.dumps([80, 443, port]),
                "AKHBAR_FETCH_HOST_DELAY_SECONDS": "0",
            }
        )
        from schemas.settings import get_settings

        get_settings.cache_clear()
        from storage.db import connect
        from workers import tasks
        from workers.submission import submit_urls

        with connect(url) as conn:
            submitted = submit_urls(conn, [site.url_for(a) for a in ARTICLES])
        for s in submitted:
            tasks.fetch(s.job_id, s.url)
            tasks.process(s.job_id, s.url)
        with connect(url) as conn:
            rows = conn.execute("SELECT status, count(*) AS n FROM jobs GROUP BY status").fetchall()
    return {r["status"]: r["n"] for r in rows}


def run(url: str) -> str:
    """The worked-queries section: each query with its output."""
    parts = []
    with psycopg.connect(url, autocommit=True) as conn:
        for i, (title, note, sql) in enumerate(DOC_QUERIES, 1):
            cur = conn.execute(sql)  # type: ignore[arg-type]  # fixed, shipped queries
            columns = [d.name for d in cur.description or []]
            out = render(columns, cur.fetchall(), width=100 if "snippet" in columns else 60)
            parts.append(f"### {i}. {title}\n\n{note}\n\n```sql\n{sql}\n```\n\n```text\n{out}\n```\n")
    return "\n".join(parts)


BENCH = ROOT / "bench" / "results" / "analyst_queries.json"
BENCH_START, BENCH_END = "<!-- bench:start -->", "<!-- bench:end -->"


def bench_section() -> str:
    """The performance table, from bench/results/analyst_queries.json (bench/analyst_queries.py)."""
    if not BENCH.exists():
        return "No result yet: run `python bench/analyst_queries.py`."
    r = json.loads(BENCH.read_text(encoding="utf-8"))
    rows = r["rows"]
    lines = [
        f"`bench/analyst_queries.py` loads {r['articles']:,} synthetic articles ({r['words_per_article']} words "
        f"each; {rows['mentions']:,} mentions, {rows['time_expressions']:,} date expressions, "
        f"{rows['stories']:,} stories) into a scratch database (PostgreSQL {r['server_version']}), then runs "
        f"each query shape of this page {next(iter(r['queries'].values()))['runs']} times with varied "
        f"parameters (popular entities, random weeks and stories, common and rare words typed with "
        f"spelling variants). Result of {r['generated_at']}, on a shared 2-core machine "
        "busy with other work, so the figures are pessimistic:",
        "",
        "| query | p50 ms | p95 ms | index-backed | indexes in the plan |",
        "|---|---:|---:|---|---|",
    ]
    for name, q in r["queries"].items():
        backed = "yes" if q["index_backed"] else "no: seq scan on " + ", ".join(q["seq_scans_on_big_tables"])
        lines.append(f"| {name} | {q['p50_ms']} | {q['p95_ms']} | {backed} | {', '.join(q['indexes_used'])} |")
    trig = r.get("search_vector_trigger")
    if trig:
        lines += [
            "",
            f"Keeping `articles.search_vector` up to date costs {trig['ms_per_article']} ms per article "
            f"of {trig['avg_text_chars']:.0f} characters in the insert trigger (normalisation, proclitic "
            "stripping, two tsvectors per field); longer texts cost proportionally more.",
        ]
    lines += ["", "The plans are in the result file (`queries.<name>.plan`)."]
    return "\n".join(lines)


def _replace(doc: str, start: str, end: str, body: str) -> str:
    head, rest = doc.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n\n{body}\n{end}{tail}"


def main(argv: list[str] | None = None) -> None:
    """Load the demo into a scratch database, run the queries, print or write the section."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--admin-url", default=os.environ.get("AKHBAR_TEST_DATABASE_URL"))
    p.add_argument("--redis-url", default=os.environ.get("AKHBAR_TEST_REDIS_URL"))
    p.add_argument("--reuse", help="an existing database already holding the demo articles")
    p.add_argument("--keep", action="store_true", help="keep the scratch database")
    p.add_argument("--write", action="store_true", help=f"replace the generated sections of {DOC.name}")
    p.add_argument("--bench-only", action="store_true", help="only refresh the performance section")
    args = p.parse_args(argv)
    if not args.admin_url or not args.redis_url:
        p.error("--admin-url and --redis-url (or AKHBAR_TEST_DATABASE_URL / AKHBAR_TEST_REDIS_URL) are required")
    if args.bench_only:
        doc = DOC.read_text(encoding="utf-8")
        DOC.write_text(_replace(doc, BENCH_START, BENCH_END, bench_section() + "\n"), encoding="utf-8")
        return
    params = conninfo_to_dict(args.admin_url)
    dbname = args.reuse or f"akhbar_demo_analysts_{uuid.uuid4().hex[:8]}"
    params["dbname"] = dbname
    url = make_conninfo("", **params)
    if not args.reuse:
        with psycopg.connect(args.admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{dbname}"')
    try:
        if not args.reuse:
            from cli.common import migrate_and_sync

            migrate_and_sync(url)
            print(f"demo loaded into {dbname}: {load_demo(url, args.redis_url)}", file=sys.stderr)
        section = run(url)
    finally:
        from storage.db import close_pools

        close_pools()
        if not args.keep and not args.reuse:
            with psycopg.connect(args.admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    if args.write:
        doc = _replace(DOC.read_text(encoding="utf-8"), START, END, section)
        DOC.write_text(_replace(doc, BENCH_START, BENCH_END, bench_section() + "\n"), encoding="utf-8")
        print(f"wrote {len(DOC_QUERIES)} worked queries into {DOC}", file=sys.stderr)
    else:
        print(section)


if __name__ == "__main__":
    main()
