"""The sweeper: Postgres is the source of truth, so anything Redis or a dead worker dropped
is found in the jobs table and sent again."""

from __future__ import annotations

import psycopg
import structlog

from storage import jobs
from workers.dispatch import send_stage

log = structlog.get_logger(__name__)


def sweep_once(
    conn: psycopg.Connection, *, queued_after: float, lease: float, max_attempts: int, limit: int = 500
) -> dict[str, int]:
    """One pass: release expired claims, re-send lost messages, end dead what is out of attempts.

    Rows are locked with FOR UPDATE SKIP LOCKED, so two sweepers never handle the same job.
    Messages are sent after the commit; a duplicate message is harmless (claims are conditional).
    """
    counts = {"resent": 0, "released": 0, "dead": 0}
    to_send: list[tuple[int, str, str]] = []
    with conn.transaction():
        for row in jobs.due_jobs(conn=conn, queued_after_seconds=queued_after, lease_seconds=lease, limit=limit):
            job_id, stage, status, attempts = row["id"], row["stage"], row["status"], row["attempts"]
            if status == "running":
                if attempts >= max_attempts:
                    jobs.kill_job(conn=conn, job_id=job_id, reason=f"worker lost {attempts} times ({stage})")
                    counts["dead"] += 1
                    continue
                job = jobs.release_expired_claim(conn=conn, job_id=job_id)
                counts["released"] += 1
            else:
                jobs.touch_job(conn=conn, job_id=job_id)
                job = jobs.get_job(conn=conn, job_id=job_id)
            if job is not None:
                to_send.append((job.id, job.url, job.stage))
    for job_id, url, stage in to_send:
        if send_stage(job_id, url, stage):
            counts["resent"] += 1
    if any(counts.values()):
        log.info("sweep", **counts)
    return counts
