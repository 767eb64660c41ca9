"""Host limiter semantics, waiting for a turn, Retry-After parsing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.fetch import InMemoryHostLimiter, parse_retry_after
from pipeline.fetch.errors import RetryFetch
from pipeline.fetch.politeness import HostLimiter, wait_for_turn


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_in_memory_limiter_spaces_requests_per_host() -> None:
    clock = Clock()
    limiter = InMemoryHostLimiter(clock)
    assert isinstance(limiter, HostLimiter)
    assert limiter.acquire("a.example", 2.0) == 0.0
    assert limiter.acquire("A.EXAMPLE", 2.0) == pytest.approx(2.0)
    assert limiter.acquire("b.example", 2.0) == 0.0  # other hosts are independent
    clock.now += 1.5
    assert limiter.acquire("a.example", 2.0) == pytest.approx(0.5)
    clock.now += 0.5
    assert limiter.acquire("a.example", 2.0) == 0.0
    limiter.defer("a.example", 30.0)
    assert limiter.acquire("a.example", 2.0) == pytest.approx(30.0)
    limiter.defer("a.example", 5.0)  # a shorter deferral never shortens a longer one
    assert limiter.acquire("a.example", 2.0) == pytest.approx(30.0)


def test_wait_for_turn_sleeps_then_gives_up_beyond_max_wait() -> None:
    clock = Clock()
    limiter = InMemoryHostLimiter(clock)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += seconds

    far = 1e12
    wait_for_turn(limiter, "h", 3.0, max_wait=10, deadline_at=far, sleep=sleep)
    wait_for_turn(limiter, "h", 3.0, max_wait=10, deadline_at=far, sleep=sleep)
    assert slept == [pytest.approx(3.0)]
    limiter.defer("h", 60)
    with pytest.raises(RetryFetch) as info:
        wait_for_turn(limiter, "h", 3.0, max_wait=10, deadline_at=far, sleep=sleep)
    assert info.value.reason == "rate_limited"
    assert info.value.retry_after == pytest.approx(60.0)


NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        ("0", 0.0),
        ("999999999", 86400.0),
        ("Wed, 25 Nov 2026 12:01:30 GMT", 90.0),
        ("Wed, 25 Nov 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("-5", None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    got = parse_retry_after(value, cap=86400.0, now=NOW)
    assert got == (pytest.approx(seconds) if seconds is not None else None)


def test_a_failing_limiter_means_retry_later() -> None:
    class Down:
        def acquire(self, host: str, min_interval: float) -> float:
            raise ConnectionError("redis is down")

        def defer(self, host: str, seconds: float) -> None:
            raise ConnectionError("redis is down")

    with pytest.raises(RetryFetch) as info:
        wait_for_turn(Down(), "h", 1.0, max_wait=10, deadline_at=1e12)
    assert info.value.reason == "limiter_unavailable"
    assert info.value.retry_after == 30.0
