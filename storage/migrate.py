"""Migration runner: numbered plain-SQL files in schemas/sql/, applied in order.

Why plain SQL rather than Alembic: there is no ORM to autogenerate from, analysts read the
DDL directly, and a numbered list applied inside transactions is all the project needs. Each
file runs in its own transaction together with its row in `schema_migrations`, under an
advisory lock so two processes starting at once (API and workers) never apply one twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import psycopg

_FILE = re.compile(r"^(\d{4})_([\w-]+)\.sql$")
_LOCK_KEY = 0x616B6862  # "akhb"


@dataclass(frozen=True, slots=True)
class Migration:
    """One migration file."""

    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    """Every migration shipped in schemas/sql/, sorted by version."""
    found = []
    for entry in resources.files("schemas.sql").iterdir():
        match = _FILE.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise RuntimeError(f"two migrations share a number: {versions}")
    return found


def apply_migrations(conn: psycopg.Connection) -> list[Migration]:
    """Apply every migration not yet recorded; return those applied now."""
    applied_now: list[Migration] = []
    conn.autocommit = True
    conn.execute("SELECT pg_advisory_lock(%s)", (_LOCK_KEY,))
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {
            row[0] if isinstance(row, tuple) else row["version"]
            for row in conn.execute("SELECT version FROM schema_migrations").fetchall()
        }
        for migration in available_migrations():
            if migration.version in done:
                continue
            with conn.transaction():
                conn.execute(migration.sql)  # type: ignore[arg-type]  # trusted, shipped DDL
                conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                    (migration.version, migration.name),
                )
            applied_now.append(migration)
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))
    return applied_now
