"""Exponential back-off, shared by job retries and failing feed polls (pure)."""

from __future__ import annotations


def exponential_backoff(failures: int, base: float, *, cap: float, retry_after: float | None = None) -> float:
    """Seconds to wait after `failures` consecutive failures: `base` doubled per failure after the
    first (1: base, 2: 2x, 3: 4x ...), capped, and never sooner than the server's Retry-After."""
    exponent = min(max(0, failures - 1), 60)
    delay = min(float(cap), base * (2.0**exponent))
    if retry_after is not None:
        delay = max(delay, min(float(cap), retry_after))
    return delay
