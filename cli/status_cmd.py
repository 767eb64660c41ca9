"""`akhbar status`: one screen for operators — queues, jobs, throughput, failures, stuck jobs."""

from __future__ import annotations

import redis
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table

from schemas.settings import Settings
from storage.db import connect
from storage.status import finished_recently, recent_by_status, stuck_jobs, top_failures
from workers.queues import Queue

HOUR = 3600.0


def render_status(settings: Settings, database_url: str) -> Group:
    """Build the status screen from Postgres and Redis."""
    queues = Table("queue", "waiting", title="Redis queues")
    try:
        client = redis.Redis.from_url(settings.redis_url or "", socket_timeout=2, socket_connect_timeout=2)
        for queue in Queue:
            queues.add_row(str(queue), str(client.llen(str(queue))))
    except Exception as exc:  # show the outage instead of failing the whole screen
        queues.add_row("(redis unreachable)", type(exc).__name__)
    with connect(database_url) as conn:
        recent = recent_by_status(conn=conn, seconds=HOUR)
        done_hour = finished_recently(conn=conn, seconds=HOUR)
        done_minute = finished_recently(conn=conn, seconds=60)
        failures = top_failures(conn=conn, seconds=HOUR)
        stuck = stuck_jobs(
            conn=conn, lease=settings.claim_lease_seconds, queued_after=settings.sweep_queued_after_seconds
        )
    jobs = Table("status", "jobs (last hour)", title="Jobs")
    for row in sorted(recent, key=lambda r: r["status"]):
        jobs.add_row(row["status"], str(row["n"]))
    reasons = Table("status", "reason", "jobs", title="Top failure reasons (last hour)")
    for row in failures:
        reasons.add_row(row["status"], (row["reason"] or "")[:80], str(row["n"]))
    stuck_table = Table("job", "stage", "status", "attempts", "since", "url", title="Stuck jobs (sweeper will re-send)")
    for row in stuck:
        stuck_table.add_row(
            str(row["id"]),
            row["stage"],
            row["status"],
            str(row["attempts"]),
            str(row["updated_at"])[:19],
            row["url"][:60],
        )
    throughput = Panel(f"{done_minute} articles in the last minute, {done_hour} in the last hour", title="Throughput")
    return Group(throughput, queues, jobs, reasons, stuck_table)


def print_status(settings: Settings, database_url: str) -> None:
    """Print the status screen."""
    Console().print(render_status(settings, database_url))
