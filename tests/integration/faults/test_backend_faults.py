"""Backends fail and come back: (c) Redis restarted without persistence while jobs are queued,
(d) the workers' Postgres backends terminated and Postgres paused; (e) a slow, flapping site
behind a loopback proxy. Afterwards every URL is accounted for."""

from __future__ import annotations

import contextlib
import signal
import time
from pathlib import Path

import httpx
import psutil
import pytest

from cli.embedded import EmbeddedPostgres, EmbeddedRedis
from storage.db import connect
from tests.integration.faults.checks import (
    assert_accounted,
    statuses,
    submit,
    wait_all_final,
    wait_done_at_least,
)
from tests.integration.faults.conftest import MAX_ATTEMPTS
from tests.integration.faults.harness import FlappingProxy, Stack, page_server, postgres_processes

pytestmark = pytest.mark.integration


def test_redis_restart_without_persistence_loses_nothing(
    fault_env: dict[str, str],
    fault_db: str,
    fault_key: str,
    fault_ports: dict[str, int],
    fault_redis: EmbeddedRedis,
    stack_logs: Path,
) -> None:
    stack = Stack(fault_env, stack_logs).start()
    try:
        # No process worker yet: fetched jobs pile up as messages in Redis.
        stack.kill("process", signal.SIGTERM)
        stack.procs["process"].wait(30)
        with page_server(fault_ports["pages"]) as base:
            ids = submit(stack.api, fault_key, [f"{base}/p/{4000 + n}.html" for n in range(200)])
            deadline = time.monotonic() + 60
            while statuses(fault_db, ids).get("queued", 0) < 150 and time.monotonic() < deadline:
                time.sleep(0.5)
            # Redis goes away with every queued message and comes back empty.
            fault_redis.stop()
            time.sleep(1)
            fault_redis.start()
            stack.start_worker("process", "-Q", "process", "-P", "prefork", "-c", "2", "-n", "process4@%h")
            wait_all_final(fault_db, ids, timeout=150, logs=lambda: stack.log("maintenance"))
        counts = assert_accounted(fault_db, ids, MAX_ATTEMPTS)
        assert counts.get("done", 0) == 200, counts
    finally:
        stack.stop()


def test_postgres_backends_terminated_and_server_paused(
    fault_env: dict[str, str],
    fault_db: str,
    fault_key: str,
    fault_ports: dict[str, int],
    fault_pg: EmbeddedPostgres,
    stack_logs: Path,
) -> None:
    stack = Stack(fault_env, stack_logs).start()
    try:
        with page_server(fault_ports["pages"]) as base:
            ids = submit(stack.api, fault_key, [f"{base}/p/{5000 + n}.html" for n in range(200)])
            wait_done_at_least(fault_db, ids, 10, timeout=90)
            with connect(fault_db, autocommit=True) as conn:
                killed = conn.execute(
                    "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchone()["n"]
            assert killed >= 2  # the API's and the workers' connections

            processes = postgres_processes(fault_pg.pid)
            for proc in processes:
                # A backend may be exiting right now (we just terminated some): skip it.
                with contextlib.suppress(psutil.NoSuchProcess):
                    proc.suspend()
            try:
                started = time.monotonic()
                response = httpx.post(
                    f"{stack.api}/v1/urls",
                    json={"urls": [f"{base}/p/5999.html"]},
                    headers={"X-API-Key": fault_key},
                    timeout=30,
                )
                elapsed = time.monotonic() - started
                assert response.status_code == 503, response.text
                assert response.json()["detail"][0]["field"] == "database"
                assert "Retry-After" in response.headers
                assert elapsed < 10
                assert httpx.get(f"{stack.api}/readyz", timeout=30).status_code == 503
                time.sleep(5)
            finally:
                for proc in processes:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        proc.resume()
            # The API recovers by itself.
            deadline = time.monotonic() + 30
            while httpx.get(f"{stack.api}/readyz", timeout=30).status_code != 200:
                assert time.monotonic() < deadline, "API did not recover"
                time.sleep(0.5)
            assert httpx.get(f"{stack.api}/v1/jobs/{ids[0]}", headers={"X-API-Key": fault_key}).status_code == 200
            wait_all_final(fault_db, ids, timeout=150, logs=lambda: stack.log("process") + stack.log("fetch"))
        counts = assert_accounted(fault_db, ids, MAX_ATTEMPTS)
        assert counts.get("done", 0) == 200, counts
    finally:
        stack.stop()


def test_slow_flapping_site_behind_a_proxy(
    fault_env: dict[str, str],
    fault_db: str,
    fault_key: str,
    fault_ports: dict[str, int],
    stack_logs: Path,
) -> None:
    stack = Stack(fault_env, stack_logs).start()
    proxy = FlappingProxy(fault_ports["proxy"], fault_ports["pages"])
    try:
        with page_server(fault_ports["pages"]):
            base = f"http://127.0.0.1:{fault_ports['proxy']}"
            ids = submit(stack.api, fault_key, [f"{base}/p/{6000 + n}.html" for n in range(100)])
            wait_all_final(fault_db, ids, timeout=200, logs=lambda: stack.log("fetch"))
        counts = assert_accounted(fault_db, ids, MAX_ATTEMPTS)
        # Most pages get through on a retry; the proxy really did misbehave.
        assert counts.get("done", 0) >= 80, counts
        assert proxy.counts["reset"] + proxy.counts["stall"] >= 10, proxy.counts
        with connect(fault_db) as conn:
            retried = conn.execute(
                "SELECT count(*) AS n FROM jobs WHERE id = ANY(%s) AND last_error IS NOT NULL", (ids,)
            ).fetchone()["n"]
        assert retried >= 10
    finally:
        proxy.close()
        stack.stop()
