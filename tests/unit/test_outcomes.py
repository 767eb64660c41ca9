"""Back-off arithmetic of retries (pure)."""

from __future__ import annotations

from workers.outcomes import backoff_seconds


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_seconds(n, 10) for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert backoff_seconds(30, 10) == 3600


def test_backoff_honours_retry_after() -> None:
    assert backoff_seconds(1, 10, retry_after=120) == 120
    assert backoff_seconds(3, 10, retry_after=5) == 40
