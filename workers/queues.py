"""Queue and task names in one place, split by workload (I/O fetch vs CPU process)."""

from __future__ import annotations

from enum import StrEnum


class Queue(StrEnum):
    """Celery queues; each has its own worker pool (see DESIGN.md, Queues and pools)."""

    FETCH = "fetch"
    PROCESS = "process"
    FEEDS = "feeds"
    MAINTENANCE = "maintenance"


class TaskName(StrEnum):
    """Readable task names: what Flower shows."""

    FETCH = "akhbar.fetch"
    PROCESS = "akhbar.process"
    SWEEP = "akhbar.sweep"
    POLL_FEED = "akhbar.poll_feed"
    SCHEDULE_FEEDS = "akhbar.schedule_feeds"
    WEBSUB_SUBSCRIBE = "akhbar.websub_subscribe"


STAGE_TASK = {"fetch": TaskName.FETCH, "process": TaskName.PROCESS}
TASK_QUEUE = {TaskName.FETCH: Queue.FETCH, TaskName.PROCESS: Queue.PROCESS, TaskName.SWEEP: Queue.MAINTENANCE}
TASK_QUEUE.update(
    {
        TaskName.POLL_FEED: Queue.FEEDS,
        TaskName.WEBSUB_SUBSCRIBE: Queue.FEEDS,
        TaskName.SCHEDULE_FEEDS: Queue.MAINTENANCE,
    }
)
