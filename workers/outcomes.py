"""Recording how a stage ended: retry with back-off (in the job row), skipped, or dead."""

from __future__ import annotations

import psycopg
import structlog

from pipeline.backoff import exponential_backoff
from storage import jobs
from storage.jobs import Job
from workers.dispatch import send_stage
from workers.metrics import DEAD, JOBS, RETRIES, reason_label

log = structlog.get_logger(__name__)

# Retries due sooner than this are sent with a short countdown; later ones are left to the
# sweeper, so no message waits long in Redis (long ETAs are lost on restarts and hog workers).
MAX_COUNTDOWN_SECONDS = 60.0

# Transient outcomes caused by our own politeness, not by the page: they do not use up attempts
# (a busy host would otherwise push its jobs to dead). Their delay comes from retry_after.
NOT_THE_PAGES_FAULT = frozenset({"rate_limited", "limiter_unavailable", "robots_unavailable"})


def backoff_seconds(attempts: int, base: float, retry_after: float | None = None, cap: float = 3600.0) -> float:
    """Back-off of a job after `attempts` tries, never sooner than the server's Retry-After."""
    return exponential_backoff(attempts, base, cap=cap, retry_after=retry_after)


def retry_or_die(
    conn: psycopg.Connection,
    job: Job,
    *,
    stage: str,
    error: str,
    max_attempts: int,
    base_delay: float,
    retry_after: float | None = None,
    http_status: int | None = None,
) -> str:
    """After a transient failure: queue the job again with back-off, or end it dead when its
    attempts are spent. Commits, then sends the message when it is due soon. Returns the status."""
    refund = error in NOT_THE_PAGES_FAULT
    if job.attempts >= max_attempts and not refund:
        jobs.finish_job(
            conn=conn,
            job_id=job.id,
            stage=stage,
            status="dead",
            reason=f"gave up after {job.attempts} attempts",
            last_error=error,
            http_status=http_status,
        )
        conn.commit()
        JOBS.labels(stage, "dead").inc()
        DEAD.labels(reason_label(error)).inc()
        log.warning("job_dead", job_id=job.id, stage=stage, error=error)
        return "dead"
    delay = backoff_seconds(1 if refund else job.attempts, base_delay, retry_after)
    jobs.retry_job(
        conn=conn,
        job_id=job.id,
        stage=stage,
        delay_seconds=delay,
        error=error,
        http_status=http_status,
        refund_attempt=refund,
    )
    conn.commit()
    RETRIES.labels(stage, reason_label(error)).inc()
    if delay <= MAX_COUNTDOWN_SECONDS:
        send_stage(job.id, job.url, stage, countdown=delay)
    log.info("job_retry", job_id=job.id, stage=stage, error=error, delay=delay, attempt=job.attempts)
    return "retry"


def skip(conn: psycopg.Connection, job: Job, *, stage: str, reason: str, http_status: int | None = None) -> str:
    """End a job skipped: not an article, with the reason."""
    jobs.finish_job(conn=conn, job_id=job.id, stage=stage, status="skipped", reason=reason, http_status=http_status)
    conn.commit()
    JOBS.labels(stage, "skipped").inc()
    log.info("job_skipped", job_id=job.id, stage=stage, reason=reason)
    return "skipped"
