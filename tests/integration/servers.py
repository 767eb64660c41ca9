"""Test servers: the machine's Postgres/Redis when AKHBAR_TEST_*_URL name them, embedded wheels
otherwise; a fresh database per test session so runs never see each other's rows."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo


@contextmanager
def postgres_server(tmp: Path) -> Iterator[str]:
    """URL of an admin connection to a Postgres server for the session."""
    url = os.environ.get("AKHBAR_TEST_DATABASE_URL")
    if url:
        yield url
        return
    from cli.embedded import scratch_postgres

    with scratch_postgres() as pg:
        assert pg._server is not None
        yield pg._server.get_uri()  # type: ignore[attr-defined]


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """Create a uniquely named database on the server, yield its URL, drop it afterwards."""
    name = f"akhbar_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    params = conninfo_to_dict(admin_url)
    params["dbname"] = name
    url = make_conninfo("", **params)
    try:
        yield url
    finally:
        from storage.db import close_pools

        close_pools()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def redis_server(tmp: Path) -> Iterator[str]:
    """URL of a Redis database for the session, emptied first."""
    import redis

    url = os.environ.get("AKHBAR_TEST_REDIS_URL")
    if url:
        redis.Redis.from_url(url).flushdb()
        yield url
        return
    from cli.embedded import EmbeddedRedis

    server = EmbeddedRedis(tmp / "redis")
    try:
        yield server.start()
    finally:
        server.stop()
