"""The Celery application: broker, serialisation, reliability settings, routes and beat schedule.

`celery -A workers.app worker -Q fetch -P threads` etc. (see cli/up.py for the full stack).
"""

from __future__ import annotations

from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown

from schemas.settings import get_settings
from workers.queues import TASK_QUEUE, Queue, TaskName


def make_app() -> Celery:
    """Build the Celery app from settings."""
    settings = get_settings()
    if not settings.redis_url:
        raise RuntimeError("AKHBAR_REDIS_URL is not set (akhbar up sets it, or point it at your Redis)")
    app = Celery("akhbar", broker=settings.redis_url, include=["workers.tasks"])
    # A task must never run longer than the visibility timeout, or Redis hands it to a second
    # worker while the first still runs; and a dead worker's task comes back after that timeout.
    visibility = settings.task_time_limit + 30
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_soft_time_limit=settings.task_soft_time_limit,
        task_time_limit=settings.task_time_limit,
        broker_transport_options={"visibility_timeout": visibility},
        result_backend_transport_options={"visibility_timeout": visibility},
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        worker_send_task_events=True,
        task_send_sent_event=True,
        task_routes={str(name): {"queue": str(queue)} for name, queue in TASK_QUEUE.items()},
        task_default_queue=str(Queue.FETCH),
        worker_max_tasks_per_child=settings.process_max_tasks_per_child,
        worker_hijack_root_logger=False,
        beat_schedule={
            "sweep": {"task": str(TaskName.SWEEP), "schedule": float(settings.sweep_interval_seconds)},
        },
        timezone="UTC",
    )
    return app


app = make_app()


@worker_process_init.connect
def _fresh_connections(**_: object) -> None:
    """A prefork child must not share its parent's database sockets."""
    from storage.db import _pools

    _pools.clear()


@worker_process_shutdown.connect
def _close_connections(**_: object) -> None:
    from storage.db import close_pools

    close_pools()
