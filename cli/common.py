"""What several commands share: settings, the database URL (configured or embedded), the local key."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg

from schemas.settings import Settings, get_settings
from storage.db import connect
from storage.keys import create_key, key_name
from storage.migrate import apply_migrations


def settings() -> Settings:
    """The settings of this CLI process."""
    return get_settings()


def database_url(s: Settings) -> str:
    """AKHBAR_DATABASE_URL, or the embedded server under the data directory (started if needed)."""
    if s.database_url:
        return s.database_url
    from cli.embedded import EmbeddedPostgres

    pg = EmbeddedPostgres(s.data_dir.resolve() / "postgres")
    url = pg.start()
    # Leave it running: it belongs to `akhbar up` or to the next command.
    pg._server.cleanup_mode = None  # type: ignore[attr-defined]
    return url


def local_key_file(s: Settings) -> Path:
    """Where local mode keeps the plaintext key of the local stack (never outside local mode)."""
    return s.data_dir.resolve() / "local-api-key"


def migrate_and_sync(url: str) -> tuple[list[str], int]:
    """Apply migrations and load the shipped knowledge base; returns (applied names, entities written)."""
    from cli.kbsync import sync_shipped_kb

    with connect(url) as conn:
        applied = [f"{m.version:04d}_{m.name}" for m in apply_migrations(conn)]
    with connect(url) as conn:
        written = sync_shipped_kb(conn)
        conn.commit()
    return applied, written


def ensure_local_key(s: Settings, conn: psycopg.Connection) -> str | None:
    """In local mode, a key for the local stack kept in the data directory (so the printed curl works)."""
    if s.environment != "local":
        return None
    path = local_key_file(s)
    if path.exists():
        key = path.read_text().strip()
        if key_name(conn=conn, key=key):
            return key
    key = create_key(conn=conn, name=f"local-{int(time.time())}")
    conn.commit()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key
