"""Fault fixtures: a private embedded Postgres and Redis (we pause, kill and restart them, which
must never touch the machine's shared services), one migrated database, and stack settings
tuned so recovery happens in seconds rather than minutes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.embedded import EmbeddedPostgres, EmbeddedRedis, free_port, scratch_postgres

MAX_ATTEMPTS = 5


@pytest.fixture(scope="package")
def fault_pg() -> Iterator[EmbeddedPostgres]:
    """An embedded PostgreSQL for the fault tests alone."""
    with scratch_postgres("akhbar-fault-pg-") as pg:
        yield pg


@pytest.fixture(scope="package")
def fault_db(fault_pg: EmbeddedPostgres) -> str:
    """Its database, migrated, with the shipped knowledge base."""
    from cli.common import migrate_and_sync

    assert fault_pg._server is not None
    url = fault_pg._server.get_uri()  # type: ignore[attr-defined]
    migrate_and_sync(url)
    return str(url)


@pytest.fixture(scope="package")
def fault_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    """A Redis with no persistence, restartable on the same port."""
    server = EmbeddedRedis(tmp_path_factory.mktemp("fault-redis"), port=free_port(), persistent=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def fault_ports() -> dict[str, int]:
    """Loopback ports for the page server and the flapping proxy."""
    return {"pages": free_port(), "proxy": free_port()}


@pytest.fixture(scope="package")
def fault_env(fault_db: str, fault_redis: EmbeddedRedis, fault_ports: dict[str, int]) -> dict[str, str]:
    """Settings of every process of the fault stack."""
    return {
        "AKHBAR_DATABASE_URL": fault_db,
        "AKHBAR_REDIS_URL": fault_redis.url,
        "AKHBAR_FETCH_ALLOW_PRIVATE": "true",
        "AKHBAR_FETCH_ALLOWED_PORTS": json.dumps([fault_ports["pages"], fault_ports["proxy"]]),
        "AKHBAR_FETCH_HOST_DELAY_SECONDS": "0",
        "AKHBAR_FETCH_CONNECT_TIMEOUT": "2",
        "AKHBAR_FETCH_READ_TIMEOUT": "2",
        "AKHBAR_FETCH_TOTAL_TIMEOUT": "4",
        "AKHBAR_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
        "AKHBAR_RETRY_BASE_SECONDS": "0.5",
        "AKHBAR_SWEEP_INTERVAL_SECONDS": "1",
        "AKHBAR_SWEEP_QUEUED_AFTER_SECONDS": "5",
        "AKHBAR_CLAIM_LEASE_SECONDS": "12",
        "AKHBAR_TASK_SOFT_TIME_LIMIT": "8",
        "AKHBAR_TASK_TIME_LIMIT": "10",
    }


@pytest.fixture(scope="package")
def fault_key(fault_db: str) -> str:
    """An API key on the fault database."""
    from storage.db import connect
    from storage.keys import create_key

    with connect(fault_db) as conn:
        key = create_key(conn=conn, name="fault-tests")
        conn.commit()
    return key


@pytest.fixture
def stack_logs(tmp_path: Path) -> Path:
    """Where this test's processes write their logs."""
    return tmp_path
