"""Run the worked queries of docs/analysts.md on the demo data and write their output into the doc.

Puts the bundled demo pages (cli/demo_site) through the real pipeline in-process, in a scratch
database on the test server: jobs are submitted like the API does, then the fetch and process
task bodies are called directly (no Celery worker; the messages they send to Redis are left
unconsumed). Then every query of bench/analyst_catalog.py runs with the demo's values and its
output replaces the section between the markers in docs/analysts.md, so the doc shows real output
and can be refreshed; bench/analyst_queries.py times the same SQL at 200,000 articles.

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

from bench.analyst_catalog import CATALOG  # noqa: E402

DOC = ROOT / "docs" / "analysts.md"
START, END = "<!-- worked-queries:start -->", "<!-- worked-queries:end -->"


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
    """The worked-queries section: each query, its values inlined, with its output."""
    parts = []
    with psycopg.connect(url, autocommit=True) as conn:
        shown = psycopg.ClientCursor(conn)
        for i, q in enumerate(CATALOG, 1):
            sql = shown.mogrify(q.sql, q.demo) if q.demo else q.sql.replace("%%", "%")
            cur = conn.execute(q.sql, q.demo or None)  # type: ignore[arg-type]  # fixed, shipped queries
            columns = [d.name for d in cur.description or []]
            out = render(columns, cur.fetchall(), width=100 if "snippet" in columns else 60)
            parts.append(f"### {i}. {q.title}\n\n{q.note}\n\n```sql\n{sql}\n```\n\n```text\n{out}\n```\n")
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
        f"spelling variants), after one untimed run of each shape. Ranges span a week for questions over "
        f'everything and a month for one entity\'s (column "range"). Result of {r["generated_at"]} on '
        f"{r.get('machine', {}).get('cores', '?')} cores (load average at the end "
        f"{r.get('machine', {}).get('loadavg_at_end', '?')}):",
        "",
        "| query | range | p50 ms | p95 ms | index-backed | indexes in the plan |",
        "|---|---|---:|---:|---|---|",
    ]
    for name, q in r["queries"].items():
        backed = "yes" if q["index_backed"] else "no: seq scan on " + ", ".join(q["seq_scans_on_big_tables"])
        days = q.get("window_days")
        span = f"{days} days" if days else "–"
        lines.append(f"| {name} | {span} | {q['p50_ms']} | {q['p95_ms']} | {backed} | {', '.join(q['indexes_used'])} |")
    trig = r.get("search_vector_trigger")
    if trig:
        lines += [
            "",
            f"Keeping `articles.search_vector` up to date costs {trig['ms_per_article']} ms per article "
            f"of {trig['avg_text_chars']:.0f} characters when the trigger computes it (normalisation, proclitic "
            "stripping, two tsvectors per field; longer texts cost proportionally more), as it does for rows "
            "written from SQL. The process worker hands over the forms it normalised in Python, and Postgres "
            "only builds the tsvectors (`0050_search_forms.sql`).",
        ]
    lines += ["", "The plan of each shape, for the last set of values timed (also in the result file):", ""]
    for name, q in r["queries"].items():
        summary = f"<details><summary><code>{name}</code></summary>"
        lines += [summary, "", "```text", q["plan"], "```", "", "</details>", ""]
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
        print(f"wrote {len(CATALOG)} worked queries into {DOC}", file=sys.stderr)
    else:
        print(section)


if __name__ == "__main__":
    main()
