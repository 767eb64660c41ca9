"""Request dependencies: settings, a database connection from the pool, the API key check."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Annotated

import psycopg
from fastapi import Depends, Header, HTTPException, status
from psycopg_pool import ConnectionPool, PoolTimeout

from schemas.settings import Settings, get_settings
from storage.db import get_pool
from storage.keys import key_name

# How long a request waits for Postgres before answering 503: a paused or unreachable server
# must give the caller a clear "retry shortly", never a hung request or a 500.
POOL_WAIT_SECONDS = 3.0
PROBE_SECONDS = 2.0
_probes = ThreadPoolExecutor(max_workers=4, thread_name_prefix="db-probe")


class DatabaseUnavailable(Exception):
    """Postgres did not answer in time; answered as 503 by api.errors."""


def settings_dep() -> Settings:
    """The process settings."""
    return get_settings()


def api_pool(settings: Settings) -> ConnectionPool:
    """The API's pool: no blocking check on checkout, the probe below bounds the wait instead."""
    if not settings.database_url:
        raise RuntimeError("AKHBAR_DATABASE_URL is not set")
    return get_pool(settings.database_url, max_size=20, check=False)


def _give_back_when_free(pool: ConnectionPool, conn: psycopg.Connection, probe: object) -> None:
    def wait_and_return() -> None:
        # The probe's own failure was already reported to the caller; only the connection matters.
        with contextlib.suppress(Exception):
            probe.result()  # type: ignore[attr-defined]
        pool.putconn(conn)

    threading.Thread(target=wait_and_return, daemon=True, name="db-return").start()


def checked_connection(pool: ConnectionPool) -> psycopg.Connection:
    """A pooled connection that just answered `SELECT 1`, or DatabaseUnavailable within seconds."""
    try:
        conn = pool.getconn(timeout=POOL_WAIT_SECONDS)
    except PoolTimeout as exc:
        raise DatabaseUnavailable("no database connection available") from exc
    probe = _probes.submit(conn.execute, "SELECT 1")
    try:
        probe.result(timeout=PROBE_SECONDS)
    except FutureTimeout as exc:
        # The connection is busy with the hung probe: return it to the pool once it completes.
        _give_back_when_free(pool, conn, probe)
        raise DatabaseUnavailable(f"database did not answer within {PROBE_SECONDS:.0f} s") from exc
    except psycopg.Error as exc:
        pool.putconn(conn)  # a broken connection is discarded by the pool
        raise DatabaseUnavailable(f"database connection failed: {type(exc).__name__}") from exc
    conn.rollback()
    return conn


def db(settings: Annotated[Settings, Depends(settings_dep)]) -> Iterator[psycopg.Connection]:
    """A pooled connection for one request; the route commits, anything left is rolled back."""
    pool = api_pool(settings)
    conn = checked_connection(pool)
    try:
        yield conn
    finally:
        if not conn.closed and not conn.broken:
            with contextlib.suppress(psycopg.Error):
                conn.rollback()
        pool.putconn(conn)


Conn = Annotated[psycopg.Connection, Depends(db)]


def require_key(conn: Conn, x_api_key: Annotated[str | None, Header()] = None) -> str:
    """The name of the caller's API key; 401 naming the header when missing or wrong."""
    if not x_api_key:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, [{"field": "X-API-Key", "reason": "missing API key"}])
    name = key_name(conn=conn, key=x_api_key)
    if name is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, [{"field": "X-API-Key", "reason": "unknown or revoked API key"}]
        )
    return name


ApiKey = Annotated[str, Depends(require_key)]
