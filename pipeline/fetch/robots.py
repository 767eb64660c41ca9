"""robots.txt rules per origin, parsed with protego and cached with a TTL.

Fetching robots.txt is done by client.py (same SSRF guard, caps and deadline as a page).
Outcomes follow RFC 9309: 2xx -> the rules; 4xx -> everything allowed; 5xx or a network
failure -> "unavailable": the page fetch is retried later (RetryFetch "robots_unavailable"),
and that answer is cached briefly so a dead robots.txt does not cost a timeout per job.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from protego import Protego


@dataclass(frozen=True)
class RobotsRules:
    """What one origin's robots.txt says; ``parser`` None means "no rules" (allow all)."""

    parser: Protego | None
    unavailable: bool = False
    status: int | None = None

    def allowed(self, url: str, user_agent: str) -> bool:
        """May ``user_agent`` (its product token) fetch ``url``?"""
        if self.unavailable:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        """The Crawl-delay (seconds) that applies to ``user_agent``, if any."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


ALLOW_ALL = RobotsRules(parser=None)


def parse_robots(status: int, text: str) -> RobotsRules:
    """Rules from a robots.txt response (after redirects were followed)."""
    if 200 <= status < 300:
        return RobotsRules(parser=Protego.parse(text), status=status)
    if 400 <= status < 500:
        return RobotsRules(parser=None, status=status)
    return RobotsRules(parser=None, unavailable=True, status=status)


def robots_token(user_agent: str) -> str:
    """The product token robots.txt groups match against: "AkhbarBot" from "AkhbarBot/0.1 (+...)"."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


class RobotsCache:
    """Thread-safe LRU cache of RobotsRules per origin ("https://host:port"), with a TTL."""

    def __init__(
        self,
        ttl: float = 3600.0,
        *,
        unavailable_ttl: float = 300.0,
        max_origins: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.unavailable_ttl = unavailable_ttl
        self._max = max_origins
        self._clock = clock
        self._lock = threading.Lock()
        self._rules: OrderedDict[str, tuple[float, RobotsRules]] = OrderedDict()
        self.fetches = 0  # how many times a robots.txt was actually fetched (for tests and metrics)

    def get(self, origin: str, fetch: Callable[[], RobotsRules]) -> RobotsRules:
        """The cached rules of ``origin``, calling ``fetch`` when absent or expired."""
        with self._lock:
            hit = self._rules.get(origin)
            if hit is not None and hit[0] > self._clock():
                self._rules.move_to_end(origin)
                return hit[1]
        rules = fetch()  # outside the lock: a slow robots.txt must not block other hosts
        ttl = self.unavailable_ttl if rules.unavailable else self.ttl
        with self._lock:
            self.fetches += 1
            self._rules[origin] = (self._clock() + ttl, rules)
            self._rules.move_to_end(origin)
            while len(self._rules) > self._max:
                self._rules.popitem(last=False)
        return rules
