"""Sending job messages. Called only after the transaction that made the job due has committed."""

from __future__ import annotations

import structlog

from workers.queues import STAGE_TASK, TASK_QUEUE

log = structlog.get_logger(__name__)


def send_stages(jobs: list[tuple[int, str]], stage: str) -> int:
    """Send the messages of many jobs at one stage through one producer (a batch submit or a feed
    poll pays one connection checkout, not one per URL). Returns how many were sent; the rest
    stay queued in Postgres for the sweeper."""
    from workers.app import app

    task = STAGE_TASK[stage]
    sent = 0
    try:
        with app.producer_or_acquire() as producer:
            for job_id, url in jobs:
                app.send_task(str(task), args=[job_id, url], queue=str(TASK_QUEUE[task]), producer=producer)
                sent += 1
    except Exception as exc:  # the broker went away mid-batch: the sweeper re-sends the rest
        log.warning("send_failed", stage=stage, sent=sent, unsent=len(jobs) - sent, error=repr(exc))
    return sent


def send_stage(job_id: int, url: str, stage: str, *, countdown: float | None = None) -> bool:
    """Send the message for a job's current stage. Returns False if the broker was unreachable:
    the job row stays queued and the sweeper re-sends it, so nothing is lost."""
    from workers.app import app

    task = STAGE_TASK[stage]
    try:
        app.send_task(
            str(task),
            args=[job_id, url],
            queue=str(TASK_QUEUE[task]),
            countdown=countdown,
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
        )
    except Exception as exc:  # kombu raises OperationalError and friends; the sweeper recovers
        log.warning("send_failed", job_id=job_id, stage=stage, error=repr(exc))
        return False
    return True
