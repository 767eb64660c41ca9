"""`-P prefork` selects Akhbar's pool, whose maintenance replaces a recycled child within 0.5 s."""

from __future__ import annotations

import os

from celery import concurrency
from celery.concurrency import asynpool


def test_prefork_on_the_command_line_selects_the_prompt_replacement_pool() -> None:
    os.environ.setdefault("AKHBAR_REDIS_URL", "redis://127.0.0.1:1/0")  # workers.app needs one; never used
    from workers.app import app
    from workers.prefork_pool import TaskPool

    # What celery's `-P` option does with "prefork" when worker_pool is configured.
    assert concurrency.get_implementation(app.conf.worker_pool) is TaskPool
    assert issubclass(TaskPool.Pool, asynpool.AsynPool)


def test_the_maintenance_timer_runs_every_half_second() -> None:
    from workers.prefork_pool import PromptReplacementPool

    pool = PromptReplacementPool.__new__(PromptReplacementPool)  # the property reads only the bound method
    (interval,) = pool.timers.values()
    assert interval == 0.5
    (callback,) = pool.timers
    assert callback.__func__ is asynpool.AsynPool.maintain_pool
