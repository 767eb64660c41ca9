"""robots.txt rules and the per-origin TTL cache."""

from __future__ import annotations

from pipeline.fetch.robots import RobotsCache, RobotsRules, parse_robots, robots_token

ROBOTS = """
User-agent: *
Disallow: /private/
Crawl-delay: 2

User-agent: AkhbarBot
Disallow: /no-akhbar/
Crawl-delay: 7

User-agent: BadBot
Disallow: /
"""


def test_rules_for_our_token() -> None:
    rules = parse_robots(200, ROBOTS)
    token = robots_token("AkhbarBot/0.1 (+https://example.org/bot)")
    assert token == "AkhbarBot"
    assert rules.allowed("https://site.example/news/1", token)
    assert not rules.allowed("https://site.example/no-akhbar/1", token)
    # Our own group replaces "*": /private/ is allowed to AkhbarBot by this file.
    assert rules.allowed("https://site.example/private/1", token)
    assert rules.crawl_delay(token) == 7.0
    assert not rules.allowed("https://site.example/private/1", "OtherBot")


def test_status_codes_follow_rfc_9309() -> None:
    assert parse_robots(404, "").allowed("https://x.example/a", "AkhbarBot")
    assert parse_robots(403, "").allowed("https://x.example/a", "AkhbarBot")
    unavailable = parse_robots(503, "")
    assert unavailable.unavailable
    assert not unavailable.allowed("https://x.example/a", "AkhbarBot")


def test_cache_ttl_and_short_ttl_for_unavailable() -> None:
    now = [0.0]
    cache = RobotsCache(ttl=100, unavailable_ttl=10, clock=lambda: now[0])
    calls: list[str] = []

    def fetch_ok() -> RobotsRules:
        calls.append("ok")
        return parse_robots(200, ROBOTS)

    cache.get("https://a.example:443", fetch_ok)
    cache.get("https://a.example:443", fetch_ok)
    assert calls == ["ok"]
    now[0] = 101
    cache.get("https://a.example:443", fetch_ok)
    assert calls == ["ok", "ok"]

    def fetch_down() -> RobotsRules:
        calls.append("down")
        return parse_robots(500, "")

    cache.get("https://b.example:443", fetch_down)
    now[0] += 5
    cache.get("https://b.example:443", fetch_down)
    now[0] += 6
    cache.get("https://b.example:443", fetch_down)
    assert calls.count("down") == 2
    assert cache.fetches == 4


def test_cache_is_bounded() -> None:
    cache = RobotsCache(max_origins=2)
    for host in ("a", "b", "c"):
        cache.get(host, lambda: RobotsRules(parser=None))
    cache.get("a", lambda: RobotsRules(parser=None))
    assert cache.fetches == 4  # "a" was evicted by "c"
