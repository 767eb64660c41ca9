"""FetchConfig: every knob of the fetcher, as plain values (pipeline/ never reads the environment).

The worker builds one from ``schemas.settings.Settings`` (``AKHBAR_FETCH_*``); per-source
politeness overrides are ``dataclasses.replace(config, min_host_interval=...)``.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class FetchConfig:
    """Limits and manners of one fetch. Defaults are safe for the open web."""

    # Relaxes loopback and private (RFC 1918, fc00::/7) addresses only; metadata, link-local,
    # NAT64, mapped and other tunnelled IPv4 stay refused even when True (see guard.py).
    allow_private: bool = False
    # An empty tuple means "any port" (local test stacks on random ports); never empty in production.
    allowed_ports: tuple[int, ...] = (80, 443)
    max_wire_bytes: int = 5 * MIB
    max_decoded_bytes: int = 20 * MIB
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    # Wall-clock bound on a whole fetch_page call: DNS, robots.txt, limiter waits, every hop and
    # every body byte. Set the Celery soft time limit above it.
    total_timeout: float = 30.0
    max_redirects: int = 5
    user_agent: str = "AkhbarBot/0.1 (+https://github.com/akhbar-news/akhbar)"
    respect_robots: bool = True
    # Politeness: minimum seconds between two requests to one host (raised by robots Crawl-delay,
    # which is itself capped so a hostile robots.txt cannot park a job forever).
    min_host_interval: float = 1.0
    max_crawl_delay: float = 60.0
    # Longest the fetch sleeps waiting for its turn on a host; beyond it, RetryFetch("rate_limited").
    max_limiter_wait: float = 10.0
    # RFC 9309 asks crawlers to parse at least 500 KiB of robots.txt.
    max_robots_bytes: int = 512 * 1024
    # Retry-After values above this are clamped (a server asking for a year is not obeyed literally).
    max_retry_after: float = 24 * 3600.0
    # Media types accepted as the final answer, and the Accept header sent. Pages are HTML; the
    # feed poller replaces both with RSS/Atom/XML/gzip types (workers/feeds_task.py).
    accepted_types: tuple[str, ...] = ("text/html", "application/xhtml+xml")
    accept_header: str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
