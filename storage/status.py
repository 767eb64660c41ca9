"""Read-only queries for operators: /metrics gauges and `akhbar status`."""

from __future__ import annotations

from typing import Any

import psycopg

from storage.sql import queries

Q = queries("status.sql")


def _all(conn: psycopg.Connection, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return conn.execute(Q[name], params or {}).fetchall()  # type: ignore[arg-type,return-value]


def jobs_by_status(*, conn: psycopg.Connection) -> list[dict[str, Any]]:
    """[{stage, status, n}] over all jobs."""
    return _all(conn, "jobs_by_status")


def dead_reasons(*, conn: psycopg.Connection, limit: int = 20) -> list[dict[str, Any]]:
    """[{reason, n}] of dead jobs, most frequent first."""
    return _all(conn, "dead_reasons", {"limit": limit})


def recent_by_status(*, conn: psycopg.Connection, seconds: float) -> list[dict[str, Any]]:
    """[{status, n}] of jobs touched in the last `seconds`."""
    return _all(conn, "recent_by_status", {"seconds": seconds})


def finished_recently(*, conn: psycopg.Connection, seconds: float) -> int:
    """Jobs that ended done in the last `seconds`."""
    return int(_all(conn, "finished_recently", {"seconds": seconds})[0]["n"])


def top_failures(*, conn: psycopg.Connection, seconds: float, limit: int = 10) -> list[dict[str, Any]]:
    """[{status, reason, n}]: the commonest skip and death reasons of the last `seconds`."""
    return _all(conn, "top_failures", {"seconds": seconds, "limit": limit})


def stuck_jobs(*, conn: psycopg.Connection, lease: float, queued_after: float, limit: int = 10) -> list[dict[str, Any]]:
    """Jobs the sweeper should be re-sending: running past the lease or queued too long."""
    return _all(conn, "stuck_jobs", {"lease": lease, "queued_after": queued_after, "limit": limit})
