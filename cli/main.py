"""The `akhbar` command."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime

import typer
from rich.console import Console
from rich.table import Table

from cli.common import database_url, ensure_local_key, migrate_and_sync, settings
from storage.db import connect

app = typer.Typer(help="Akhbar: Arabic-first news ingestion.", no_args_is_help=True, add_completion=False)
keys_app = typer.Typer(help="API keys for feeds.", no_args_is_help=True)
kb_app = typer.Typer(help="The knowledge base of entities.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(kb_app, name="kb")
console = Console()


@app.command()
def up(
    allow_loopback: bool = typer.Option(False, help="Let the fetcher reach 127.0.0.1 (for the offline demo)."),
    demo: bool = typer.Option(False, help="Once the stack is up, run `akhbar demo` against it."),
) -> None:
    """Start the whole stack: Postgres and Redis (embedded unless configured), migrations, API,
    fetch/process/maintenance workers, beat and Flower. Ctrl-C stops everything."""
    import os

    from cli.stack import run_stack

    s = settings()
    if allow_loopback or demo:
        from cli.demo import DEMO_PORT

        os.environ["AKHBAR_FETCH_ALLOW_PRIVATE"] = "true"
        os.environ["AKHBAR_FETCH_ALLOWED_PORTS"] = json.dumps(sorted({*s.fetch_allowed_ports, DEMO_PORT}))

    def prepare(url: str) -> str | None:
        applied, written = migrate_and_sync(url)
        if applied:
            console.print(f"migrations applied: {', '.join(applied)}")
        if written:
            console.print(f"knowledge base loaded: {written} entities")
        with connect(url) as conn:
            key = ensure_local_key(s, conn)
        if demo and key:
            _demo_in_background(s, key)
        return key

    raise typer.Exit(run_stack(s, prepare))


def _demo_in_background(s, key: str) -> None:  # type: ignore[no-untyped-def]
    import threading

    from cli.demo import run_demo

    api = f"http://{s.api_host}:{s.api_port}"
    threading.Thread(target=run_demo, args=(api, key), kwargs={"wait_for_api": 60.0}, daemon=True).start()


@app.command()
def status() -> None:
    """One screen: queue depths, jobs by status in the last hour, throughput, top failure reasons,
    stuck jobs."""
    from cli.status_cmd import print_status

    s = settings()
    print_status(s, database_url(s))


@app.command()
def migrate() -> None:
    """Apply pending migrations and load the shipped knowledge base if it changed."""
    applied, written = migrate_and_sync(database_url(settings()))
    console.print(
        f"applied: {', '.join(applied) or 'nothing (up to date)'}; knowledge base: {written} entities written"
    )


@keys_app.command("create")
def keys_create(name: str = typer.Option(..., help="Who the key is for, e.g. the feed's name.")) -> None:
    """Create an API key. It is shown once; only its SHA-256 hash is stored."""
    from storage.keys import create_key

    with connect(database_url(settings())) as conn:
        try:
            key = create_key(conn=conn, name=name)
        except Exception as exc:
            console.print(f"[red]could not create key {name!r}: {exc}")
            raise typer.Exit(1) from None
        conn.commit()
    console.print(f"API key for {name} (shown once, keep it safe):")
    print(key)


@keys_app.command("list")
def keys_list() -> None:
    """List keys (names and prefixes; hashes are never shown)."""
    from storage.keys import list_keys

    with connect(database_url(settings())) as conn:
        rows = list_keys(conn=conn)
    table = Table("name", "prefix", "created", "revoked")
    for r in rows:
        table.add_row(r["name"], r["prefix"] + "…", str(r["created_at"])[:19], str(r["revoked_at"] or "")[:19])
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(name: str) -> None:
    """Revoke the key with this name."""
    from storage.keys import revoke_key

    with connect(database_url(settings())) as conn:
        ok = revoke_key(conn=conn, name=name)
        conn.commit()
    if not ok:
        console.print(f"[red]no active key named {name!r}")
        raise typer.Exit(1)
    console.print(f"revoked {name}")


@app.command()
def enrich(dct: str = typer.Option(None, help="Publication date YYYY-MM-DD that anchors relative dates.")) -> None:
    """Read UTF-8 text on stdin and print its dates and entities as JSON (DESIGN.md contract)."""
    from pipeline.enrich import enrich_text

    anchor = None
    if dct:
        try:
            anchor = date.fromisoformat(dct)
        except ValueError:
            console.print(f"[red]--dct must be YYYY-MM-DD, got {dct!r}")
            raise typer.Exit(2) from None
    text = sys.stdin.buffer.read().decode("utf-8")
    print(json.dumps(enrich_text(text, anchor).to_json(), ensure_ascii=False, indent=2))


@app.command()
def demo(
    api: str = typer.Option(None, help="API base URL (default: from settings)."),
    key: str = typer.Option(None, envvar="AKHBAR_API_KEY", help="API key (default: the local stack's key)."),
) -> None:
    """Serve the bundled Arabic news pages on 127.0.0.1, submit them to a running stack, and show
    what landed. The stack must allow loopback fetches (`make demo` starts one that does)."""
    from cli.common import local_key_file
    from cli.demo import run_demo

    s = settings()
    api = api or f"http://{s.api_host}:{s.api_port}"
    if not key:
        path = local_key_file(s)
        if not path.exists():
            console.print("[red]no API key: pass --key or start the stack with `make run` first")
            raise typer.Exit(2)
        key = path.read_text().strip()
    raise typer.Exit(run_demo(api, key))


@app.command()
def reprocess(since: str = typer.Option(..., help="YYYY-MM-DD: articles published (or stored) since then.")) -> None:
    """Re-extract and re-enrich stored articles from their stored pages (no fetching), e.g. after
    the knowledge base changed."""
    from storage.articles import job_ids_for_reprocess
    from storage.jobs import requeue_for_reprocess
    from workers.dispatch import send_stage

    start = datetime.fromisoformat(since)
    with connect(database_url(settings())) as conn:
        job_ids = job_ids_for_reprocess(conn=conn, since=start)
        requeued = [j for j in (requeue_for_reprocess(conn=conn, job_id=i) for i in job_ids) if j]
        conn.commit()
    sent = sum(send_stage(j.id, j.url, "process") for j in requeued)
    console.print(f"{len(requeued)} articles queued for reprocessing ({sent} messages sent)")


@kb_app.command("add")
def kb_add(
    entity_id: str = typer.Option(..., "--id", help="Stable id, e.g. per:aziz_akhannouch."),
    type_: str = typer.Option(..., "--type", help="PER, ORG, GPE, LOC, EVENT or MISC."),
    ar: str = typer.Option(..., help="Arabic canonical name."),
    en: str = typer.Option(None, help="English canonical name."),
    alias: list[str] = typer.Option([], help="Another spelling (repeatable)."),
    wikidata: str = typer.Option(None, help="Wikidata Q-id."),
) -> None:
    """Add or extend an entity. Workers pick it up for the next article; `akhbar reprocess`
    applies it to stored ones."""
    from pipeline.enrich.entities import EntityRecord
    from storage.kb import upsert_entities

    if type_ not in {"PER", "ORG", "GPE", "LOC", "EVENT", "MISC"}:
        console.print(f"[red]--type must be one of PER ORG GPE LOC EVENT MISC, got {type_!r}")
        raise typer.Exit(2)
    record = EntityRecord(
        id=entity_id, type=type_, name_ar=ar, name_en=en or "", wikidata=wikidata, aliases=tuple(alias), attributes={}
    )
    with connect(database_url(settings())) as conn:
        upsert_entities(conn=conn, records=[record], origin="analyst")
        conn.commit()
    console.print(f"entity {entity_id} saved with {len(alias) + 1 + bool(en)} names")


from cli.feeds_cmds import register as _register_feeds  # noqa: E402 - after the app and its commands

_register_feeds(app)  # akhbar feeds add|list, akhbar submit, akhbar import-warc

from cli.analyst_cmds import register as _register_analysts  # noqa: E402 - after the app

_register_analysts(app)  # akhbar sql, akhbar export

if __name__ == "__main__":
    app()
