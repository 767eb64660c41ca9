"""The process worker's prefork pool: Celery's own, noticing a recycled child within half a second.

A prefork child exits after `worker_max_tasks_per_child` tasks. Celery's pool often notices only
on its maintenance timer, every 5 s: meanwhile the exited child is a zombie (RSS 0 in the
benchmark's samples for 4 s) and no replacement runs. With one child that stopped the process
stage for 2.2-5.1 s at 3 of 5 recycles and broke the unsaturated p95 (docs/benchmark.md, "The
one-child stall"). The same timer every 0.5 s: the largest gap fell to 1.0 s over four recycles.
Selected with `worker_pool` in workers/app.py, so `-P prefork` on any command line gets it.
"""

from __future__ import annotations

from collections.abc import Callable

from celery.concurrency import asynpool, prefork

MAINTAIN_INTERVAL_SECONDS = 0.5  # Celery's: 5.0; a pass costs a poll of each child's exit code


class PromptReplacementPool(asynpool.AsynPool):
    """AsynPool whose maintenance (reaping exited children, starting replacements) runs every 0.5 s."""

    @property
    def timers(self) -> dict[Callable[[], None], float]:
        """The pool's periodic callbacks and their intervals."""
        return {self.maintain_pool: MAINTAIN_INTERVAL_SECONDS}


class TaskPool(prefork.TaskPool):
    """Celery's prefork task pool with PromptReplacementPool."""

    Pool = PromptReplacementPool
