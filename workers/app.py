"""The Celery application: broker, serialisation, reliability settings, routes and beat schedule.

`celery -A workers.app worker -Q fetch -P threads` etc. (see cli/up.py for the full stack).
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import setup_logging, worker_init, worker_process_init, worker_process_shutdown

from schemas.settings import get_settings
from workers.queues import TASK_QUEUE, Queue, TaskName


def make_app() -> Celery:
    """Build the Celery app from settings."""
    settings = get_settings()
    if not settings.redis_url:
        raise RuntimeError("AKHBAR_REDIS_URL is not set (akhbar up sets it, or point it at your Redis)")
    app = Celery("akhbar", broker=settings.redis_url, include=["workers.tasks", "workers.feeds_task"])
    # A task must never run longer than the visibility timeout, or Redis hands it to a second
    # worker while the first still runs; and a dead worker's task comes back after that timeout.
    visibility = settings.task_time_limit + 10
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
        # Flower reads the workers' events (received, started, succeeded with their arguments);
        # the client-side "sent" event would add 40 % to every send for one more state.
        worker_send_task_events=settings.task_events,
        task_send_sent_event=False,
        task_routes={str(name): {"queue": str(queue)} for name, queue in TASK_QUEUE.items()},
        task_default_queue=str(Queue.FETCH),
        worker_max_tasks_per_child=settings.process_max_tasks_per_child,
        # `-P prefork` runs this subclass: a recycled child is replaced within 0.5 s, not up to 5 s.
        worker_pool="workers.prefork_pool:TaskPool",
        worker_hijack_root_logger=False,
        beat_schedule={
            "sweep": {"task": str(TaskName.SWEEP), "schedule": float(settings.sweep_interval_seconds)},
            "schedule-feeds": {
                "task": str(TaskName.SCHEDULE_FEEDS),
                "schedule": float(settings.feed_schedule_interval_seconds),
            },
        },
        timezone="UTC",
    )
    return app


app = make_app()


@setup_logging.connect
def _json_logs(**_: object) -> None:
    """Celery leaves logging to us: JSON lines with structlog."""
    from workers.logs import configure_logging

    configure_logging()


@worker_process_init.connect
def _fresh_connections(**_: object) -> None:
    """A prefork child must not share its parent's database sockets."""
    from storage.db import _pools

    _pools.clear()


@worker_process_shutdown.connect
def _close_connections(pid: int | None = None, **_: object) -> None:
    import os

    from storage.db import close_pools

    close_pools()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR") and pid:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)


@worker_init.connect
def _preload_knowledge_base(sender: Any = None, **_: object) -> None:
    """The process worker forks its prefork children after this signal, and again each time one
    is recycled (worker_max_tasks_per_child): a knowledge base built here once is inherited by
    all of them, where each child would otherwise read 3,000 entities and build its matcher
    (0.23-0.33 s of CPU each time, measured). Best effort: if Postgres is down now, children load it."""
    consumed = getattr(getattr(getattr(sender, "app", None), "amqp", None), "queues", None)
    if consumed is None or str(Queue.PROCESS) not in consumed.consume_from:
        return
    settings = get_settings()
    if not settings.database_url:
        return
    import psycopg
    import structlog

    from workers.context import knowledge_base
    from workers.logs import configure_logging

    configure_logging()  # Celery sets logging up after this signal; this line must be JSON too
    try:
        kb = knowledge_base.preload(settings.database_url)
    except psycopg.Error as exc:
        structlog.get_logger(__name__).warning("knowledge_base_preload_failed", error=str(exc))
        return
    # One enrichment here imports the date tagger's modules and compiles its patterns in the
    # parent too: a fresh child's first page cost 110 ms more than the next ones without it.
    from pipeline.enrich import enrich_text

    enrich_text("قال الوزير في الرباط يوم 3 دجنبر 2024 إن الحكومة ستجتمع الأسبوع المقبل.", None, kb, language="ar")


@worker_init.connect
def _serve_metrics(**_: object) -> None:
    """Serve this worker's metrics on AKHBAR_METRICS_PORT (merged over prefork children when
    PROMETHEUS_MULTIPROC_DIR is set, as `akhbar up` and the deployments do)."""
    settings = get_settings()
    if not settings.metrics_port:
        return
    import os

    from prometheus_client import CollectorRegistry, start_http_server

    registry = None
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    start_http_server(settings.metrics_port, addr=settings.metrics_host, registry=registry or _default_registry())


def _default_registry():  # type: ignore[no-untyped-def]
    from prometheus_client import REGISTRY

    return REGISTRY
