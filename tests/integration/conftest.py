"""Integration fixtures: a migrated database, Redis, the API, and real Celery workers as subprocesses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.servers import fresh_database, postgres_server, redis_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def pg_admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Admin URL of the session's Postgres server."""
    with postgres_server(tmp_path_factory.mktemp("pg")) as url:
        yield url


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The session's Redis, empty."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="session")
def database_url(pg_admin_url: str) -> Iterator[str]:
    """A fresh, migrated database with the shipped knowledge base loaded."""
    with fresh_database(pg_admin_url) as url:
        from cli.common import migrate_and_sync

        migrate_and_sync(url)
        yield url


@pytest.fixture(scope="session")
def loopback_ports() -> list[int]:
    """Ports the test servers listen on; the fetcher is told to allow exactly these (plus 80/443)."""
    from cli.embedded import free_port

    return [free_port() for _ in range(4)]


@pytest.fixture(scope="session")
def stack_env(
    database_url: str, redis_url: str, loopback_ports: list[int], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """Environment of every process of the test stack; also applied to this process."""
    env = {
        "AKHBAR_DATABASE_URL": database_url,
        "AKHBAR_REDIS_URL": redis_url,
        "AKHBAR_DATA_DIR": str(tmp_path_factory.mktemp("data")),
        # The demo site and test servers live on 127.0.0.1: the tests opt in to loopback explicitly.
        "AKHBAR_FETCH_ALLOW_PRIVATE": "true",
        "AKHBAR_FETCH_ALLOWED_PORTS": json.dumps([80, 443, *loopback_ports]),
        "AKHBAR_RETRY_BASE_SECONDS": "0.5",
        "AKHBAR_SWEEP_INTERVAL_SECONDS": "2",
        "AKHBAR_SWEEP_QUEUED_AFTER_SECONDS": "10",
        "AKHBAR_CLAIM_LEASE_SECONDS": "30",
        "AKHBAR_FETCH_HOST_DELAY_SECONDS": "0",
        "AKHBAR_RESPECT_ROBOTS": "true",
    }
    os.environ.update(env)
    from schemas.settings import get_settings

    get_settings.cache_clear()
    return env


@pytest.fixture(scope="session")
def api_key(stack_env: dict[str, str]) -> str:
    """A fresh API key in the test database."""
    from storage.db import connect
    from storage.keys import create_key

    with connect(stack_env["AKHBAR_DATABASE_URL"]) as conn:
        key = create_key(conn=conn, name="integration-tests")
        conn.commit()
    return key


@pytest.fixture(scope="session")
def api(stack_env: dict[str, str]) -> Iterator[object]:
    """The real FastAPI app behind an HTTP client (in-process, real database and Redis)."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app()) as client:
        yield client


class Workers:
    """Celery workers started as subprocesses, stopped with a warm shutdown."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
        self.log_dir = log_dir
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        """Start `celery -A workers.app <args>` as `name`."""
        log = (self.log_dir / f"{name}.log").open("ab")
        argv = [sys.executable, "-m", "celery", "-A", "workers.app", *args]
        proc = subprocess.Popen(
            argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs[name] = proc
        return proc

    def stop(self, name: str | None = None, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        """Stop one worker (or all): SIGTERM then SIGKILL after `timeout`."""
        names = [name] if name else list(self.procs)
        for n in names:
            proc = self.procs.get(n)
            if proc and proc.poll() is None:
                os.killpg(proc.pid, sig)
        for n in names:
            proc = self.procs.pop(n, None)
            if proc is None:
                continue
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)

    def log(self, name: str, tail: int | None = 5000) -> str:
        """What a worker printed: its last `tail` characters (for failure messages), or all of it."""
        path = self.log_dir / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return text[-tail:] if tail else text


@pytest.fixture(scope="session")
def workers(stack_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workers]:
    """The worker set of DESIGN.md: fetch (threads), process (prefork, 2), maintenance (solo) + beat."""
    pool = Workers(stack_env, tmp_path_factory.mktemp("worker-logs"))
    pool.start("fetch", "worker", "-Q", "fetch", "-P", "threads", "-c", "8", "-n", "fetch@%h", "--loglevel", "INFO")
    pool.start(
        "process", "worker", "-Q", "process", "-P", "prefork", "-c", "2", "-n", "process@%h", "--loglevel", "INFO"
    )
    # No feeds worker here: tests/integration/test_feeds.py inspects the feeds queue itself and
    # starts its own feeds worker for its real-worker test.
    pool.start(
        "maintenance",
        "worker",
        "-Q",
        "maintenance",
        "-P",
        "solo",
        "-n",
        "maint@%h",
        "-B",
        "-s",
        str(tmp_path_factory.mktemp("beat") / "schedule"),
        "--loglevel",
        "INFO",
    )
    yield pool
    pool.stop()


def wait_for(predicate: Callable[[], bool], timeout: float, interval: float = 0.5, message: str = "") -> None:
    """Poll `predicate` until true or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s: {message}")
