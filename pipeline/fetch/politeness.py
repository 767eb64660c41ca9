"""Per-host politeness: the HostLimiter protocol, an in-memory limiter, and Retry-After parsing.

The limiter answers one question, atomically: "may I send a request to this host now?".
``acquire(host, min_interval)`` either grants the turn (returns 0.0 and starts the host's
quiet period of ``min_interval`` seconds) or returns how many seconds are left before the
next turn, without reserving anything. Callers poll (``wait_for_turn``). Not reserving
keeps the schedule from filling with future slots that callers later abandon.

The in-memory limiter serves pure use and one process; workers use the Redis-backed one in
``workers/host_limiter.py`` so every worker process and machine shares one schedule per host.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol, runtime_checkable

from pipeline.fetch.errors import RetryFetch


@runtime_checkable
class HostLimiter(Protocol):
    """Shared per-host request schedule."""

    def acquire(self, host: str, min_interval: float) -> float:
        """0.0 if the caller may request ``host`` now (its turn is taken), else seconds to wait."""
        ...

    def defer(self, host: str, seconds: float) -> None:
        """Keep everyone off ``host`` for at least ``seconds`` (429/503 Retry-After)."""
        ...


class InMemoryHostLimiter:
    """A thread-safe HostLimiter for one process."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._free_at: dict[str, float] = {}

    def acquire(self, host: str, min_interval: float) -> float:
        """See HostLimiter.acquire."""
        host = host.lower()
        with self._lock:
            now = self._clock()
            free_at = self._free_at.get(host, 0.0)
            if now >= free_at:
                self._free_at[host] = now + max(min_interval, 0.0)
                return 0.0
            return free_at - now

    def defer(self, host: str, seconds: float) -> None:
        """See HostLimiter.defer."""
        host = host.lower()
        with self._lock:
            until = self._clock() + max(seconds, 0.0)
            self._free_at[host] = max(self._free_at.get(host, 0.0), until)


def wait_for_turn(
    limiter: HostLimiter,
    host: str,
    min_interval: float,
    *,
    max_wait: float,
    deadline_at: float,
    sleep: Callable[[float], None] = time.sleep,
) -> float:
    """Block until ``limiter`` grants ``host``; returns seconds waited.

    Raises RetryFetch("rate_limited", retry_after=...) when the wait would exceed ``max_wait``
    or the fetch deadline (``deadline_at``, a time.monotonic() value): the job goes back to
    the queue instead of holding a worker thread. RetryFetch("limiter_unavailable") when the
    limiter itself fails: fetching without it would break the promise made to the host.
    """
    started = time.monotonic()
    while True:
        try:
            wait = limiter.acquire(host, min_interval)
        except Exception as exc:  # the shared store (Redis) is down: try the job again later
            raise RetryFetch("limiter_unavailable", f"{type(exc).__name__}: {exc}"[:200], retry_after=30.0) from exc
        if wait <= 0:
            return time.monotonic() - started
        waited = time.monotonic() - started
        if waited + wait > max_wait or time.monotonic() + wait > deadline_at:
            raise RetryFetch("rate_limited", host, retry_after=round(wait, 3))
        sleep(wait)


def parse_retry_after(value: str | None, *, cap: float, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP-date), clamped to [0, cap]."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delta = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(delta, 0.0), cap)
