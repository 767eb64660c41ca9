"""fetch_page against the in-memory internet (no sockets): statuses, redirects, pinning, conditionals."""

from __future__ import annotations

import gzip

import pytest

from pipeline.fetch import FetchConfig, InMemoryHostLimiter, RetryFetch, RobotsCache, SkipFetch, fetch_page
from tests.unit.fetch.fakenet import FakeNet, response

PUBLIC = "93.184.215.14"
OTHER_PUBLIC = "151.101.1.69"
HTML = "<html><body><p>خبر</p></body></html>".encode()
CONFIG = FetchConfig(min_host_interval=0.0)


def resolver_for(table: dict[str, list[str]], calls: list[str] | None = None):  # type: ignore[no-untyped-def]
    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        return table[host]

    return resolve


def site(pages: dict[str, bytes]):  # type: ignore[no-untyped-def]
    def handler(method: str, path: str, headers: dict[str, str]) -> bytes:
        if path in pages:
            return pages[path]
        return response(404, b"not found", {"Content-Type": "text/plain"})

    return handler


def ok_html(body: bytes = HTML, **headers: str) -> bytes:
    return response(200, body, {"Content-Type": "text/html; charset=utf-8", **headers})


def test_plain_fetch_sends_our_headers_and_connects_to_the_checked_ip(fakenet: FakeNet) -> None:
    fakenet.route(PUBLIC, 80, site({"/a": ok_html(ETag='"v1"', **{"Last-Modified": "Tue, 24 Nov 2026 10:00:00 GMT"})}))
    result = fetch_page(
        "http://news.example/a", CONFIG, resolver=resolver_for({"news.example": [PUBLIC]}), robots=RobotsCache()
    )
    assert (result.status, result.final_url, result.redirects) == (200, "http://news.example/a", ())
    assert result.text == HTML.decode()
    assert (result.encoding, result.encoding_source) == ("utf-8", "header")
    assert (result.etag, result.last_modified) == ('"v1"', "Tue, 24 Nov 2026 10:00:00 GMT")
    assert result.address == PUBLIC
    page_request = fakenet.requests[-1]
    assert page_request["host"] == "news.example"  # Host header keeps the name, not the IP
    assert page_request["user-agent"] == CONFIG.user_agent
    assert page_request["accept-encoding"].startswith("gzip, deflate")
    assert [r["path"] for r in fakenet.requests] == ["/robots.txt", "/a"]
    assert set(fakenet.connections) == {(PUBLIC, 80)}


def test_dns_rebinding_answer_is_never_used(fakenet: FakeNet) -> None:
    # The resolver answers a public address first and loopback on every later call.
    answers = iter([[PUBLIC]])
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers, ["127.0.0.1"])

    fakenet.route(PUBLIC, 80, site({"/a": ok_html()}))
    fakenet.route("127.0.0.1", 80, site({"/a": ok_html(b"<p>internal admin</p>")}))
    result = fetch_page("http://rebind.example/a", FetchConfig(respect_robots=False), resolver=rebinding)
    assert result.text == HTML.decode()
    assert calls == ["rebind.example"]  # resolved once
    assert fakenet.connections == [(PUBLIC, 80)]  # and connected to that checked answer only


def test_redirect_chain_is_followed_by_hand_and_each_hop_checked(fakenet: FakeNet) -> None:
    table = {"a.example": [PUBLIC], "b.example": [OTHER_PUBLIC]}
    fakenet.route(PUBLIC, 80, site({"/r": response(301, headers={"Location": "https://b.example/x?y=1"})}))
    fakenet.route(OTHER_PUBLIC, 443, site({"/x?y=1": ok_html()}))
    result = fetch_page("http://a.example/r", FetchConfig(respect_robots=False), resolver=resolver_for(table))
    assert result.redirects == ("http://a.example/r",)
    assert result.final_url == "https://b.example/x?y=1"
    assert fakenet.connections == [(PUBLIC, 80), (OTHER_PUBLIC, 443)]
    assert fakenet.sni == ["b.example"]  # TLS SNI / certificate name is the host name, not the IP
    assert fakenet.requests[-1]["host"] == "b.example"
    assert result.address == OTHER_PUBLIC


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://127.0.0.1/", "ssrf:loopback"),
        ("http://169.254.169.254/latest/meta-data/", "ssrf:metadata"),
        ("http://[::ffff:127.0.0.1]/", "ssrf:ipv4_mapped"),
        ("http://[64:ff9b::a9fe:a9fe]/", "ssrf:nat64"),
        ("http://internal.example/", "ssrf:private"),
        ("http://news.example:6379/", "bad_port"),
        ("file:///etc/passwd", "bad_scheme"),
        ("http://admin:admin@news.example/", "userinfo"),
    ],
)
def test_redirect_targets_are_refused(fakenet: FakeNet, location: str, reason: str) -> None:
    fakenet.route(PUBLIC, 80, site({"/r": response(302, headers={"Location": location})}))
    table = {"news.example": [PUBLIC], "internal.example": ["10.0.0.7"]}
    with pytest.raises(SkipFetch) as info:
        fetch_page("http://news.example/r", FetchConfig(respect_robots=False), resolver=resolver_for(table))
    assert info.value.reason == reason
    assert all(ip == PUBLIC for ip, _ in fakenet.connections)


@pytest.mark.parametrize(
    ("reply", "error", "reason", "retry_after"),
    [
        (response(404), SkipFetch, "http_404", None),
        (response(410), SkipFetch, "http_410", None),
        (response(403), SkipFetch, "http_403", None),
        (response(500), RetryFetch, "http_500", None),
        (response(503, headers={"Retry-After": "30"}), RetryFetch, "http_503", 30.0),
        (response(429, headers={"Retry-After": "120"}), RetryFetch, "http_429", 120.0),
        (
            response(200, b"%PDF-1.7", {"Content-Type": "application/pdf"}),
            SkipFetch,
            "content_type:application/pdf",
            None,
        ),
        (response(200, b"\x89PNG", {"Content-Type": "image/png"}), SkipFetch, "content_type:image/png", None),
        (response(200, b"GIF89a", {}), SkipFetch, "content_type:unknown", None),
        (
            response(200, b"%PDF-1.4 ...", {"Content-Type": "text/html"}),
            SkipFetch,
            "content_type:application/pdf",
            None,
        ),
        (
            response(200, b"x", {"Content-Type": "text/html", "Content-Length": "5000000000"}),
            SkipFetch,
            "too_large",
            None,
        ),
        (
            response(200, b"x", {"Content-Type": "text/html", "Content-Encoding": "zstd"}),
            SkipFetch,
            "content_encoding:zstd",
            None,
        ),
        (response(302), SkipFetch, "bad_redirect", None),
        (response(304), SkipFetch, "http_304", None),  # a 304 we did not ask for
    ],
)
def test_status_and_type_outcomes(
    fakenet: FakeNet, reply: bytes, error: type[Exception], reason: str, retry_after: float | None
) -> None:
    fakenet.route(PUBLIC, 80, site({"/p": reply}))
    with pytest.raises(error) as info:
        fetch_page(
            "http://news.example/p",
            FetchConfig(respect_robots=False),
            resolver=resolver_for({"news.example": [PUBLIC]}),
        )
    assert info.value.reason == reason  # type: ignore[attr-defined]
    if isinstance(info.value, RetryFetch):
        assert info.value.retry_after == retry_after


def test_429_defers_the_whole_host_in_the_limiter(fakenet: FakeNet) -> None:
    fakenet.route(PUBLIC, 80, site({"/p": response(429, headers={"Retry-After": "120"})}))
    limiter = InMemoryHostLimiter()
    with pytest.raises(RetryFetch):
        fetch_page(
            "http://news.example/p",
            FetchConfig(respect_robots=False),
            limiter=limiter,
            resolver=resolver_for({"news.example": [PUBLIC]}),
        )
    assert limiter.acquire("news.example", 1.0) == pytest.approx(120.0, abs=1.0)


def test_conditional_request_and_304(fakenet: FakeNet) -> None:
    fakenet.route(PUBLIC, 80, site({"/p": response(304, headers={"ETag": '"v1"'})}))
    result = fetch_page(
        "http://news.example/p",
        FetchConfig(respect_robots=False),
        resolver=resolver_for({"news.example": [PUBLIC]}),
        etag='"v1"',
        last_modified="Tue, 24 Nov 2026 10:00:00 GMT",
    )
    assert result.not_modified and result.status == 304 and result.body == b""
    assert fakenet.requests[-1]["if-none-match"] == '"v1"'
    assert fakenet.requests[-1]["if-modified-since"] == "Tue, 24 Nov 2026 10:00:00 GMT"


def test_gzip_body_is_decoded_and_wire_bytes_counted(fakenet: FakeNet) -> None:
    body = ("<html><body>" + "<p>خبر عاجل</p>" * 2000 + "</body></html>").encode()
    wire = gzip.compress(body)
    fakenet.route(PUBLIC, 80, site({"/p": ok_html(wire, **{"Content-Encoding": "gzip"})}))
    result = fetch_page(
        "http://news.example/p", FetchConfig(respect_robots=False), resolver=resolver_for({"news.example": [PUBLIC]})
    )
    assert result.body == body
    assert result.wire_bytes == len(wire)


def test_robots_disallow_and_crawl_delay(fakenet: FakeNet) -> None:
    robots = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 4\n"
    fakenet.route(
        PUBLIC, 80, site({"/robots.txt": response(200, robots, {"Content-Type": "text/plain"}), "/news": ok_html()})
    )
    cache = RobotsCache()
    limiter = InMemoryHostLimiter()
    resolve = resolver_for({"news.example": [PUBLIC]})
    with pytest.raises(SkipFetch) as info:
        fetch_page("http://news.example/private/1", CONFIG, robots=cache, resolver=resolve)
    assert info.value.reason == "robots"
    fetch_page("http://news.example/news", CONFIG, robots=cache, limiter=limiter, resolver=resolve)
    assert cache.fetches == 1  # cached per origin
    # Crawl-delay 4 raised the host interval above min_host_interval=0.
    assert limiter.acquire("news.example", 0.0) == pytest.approx(4.0, abs=0.5)


def test_robots_5xx_means_retry_later(fakenet: FakeNet) -> None:
    fakenet.route(PUBLIC, 80, site({"/robots.txt": response(503), "/news": ok_html()}))
    with pytest.raises(RetryFetch) as info:
        fetch_page(
            "http://news.example/news", CONFIG, robots=RobotsCache(), resolver=resolver_for({"news.example": [PUBLIC]})
        )
    assert info.value.reason == "robots_unavailable"


def test_unreachable_host_is_retried(fakenet: FakeNet) -> None:
    with pytest.raises(RetryFetch) as info:
        fetch_page(
            "http://down.example/", FetchConfig(respect_robots=False), resolver=resolver_for({"down.example": [PUBLIC]})
        )
    assert info.value.reason == "connect_error"


def test_same_host_redirect_takes_one_limiter_turn(fakenet: FakeNet) -> None:
    fakenet.route(PUBLIC, 80, site({"/a": response(301, headers={"Location": "/a/"}), "/a/": ok_html()}))
    limiter = InMemoryHostLimiter()
    # An interval far above max_limiter_wait: a second wait inside the same call would give up.
    config = FetchConfig(respect_robots=False, min_host_interval=60.0, max_limiter_wait=1.0)
    result = fetch_page(
        "http://news.example/a", config, limiter=limiter, resolver=resolver_for({"news.example": [PUBLIC]})
    )
    assert result.final_url == "http://news.example/a/"
    assert limiter.acquire("news.example", 60.0) == pytest.approx(60.0, abs=1.0)  # the one turn taken


def test_unexpected_errors_become_retry_but_time_limits_pass_through(
    fakenet: FakeNet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.fetch import client

    class SoftTimeLimitExceeded(Exception):  # the name Celery's exception has
        pass

    fakenet.route(PUBLIC, 80, site({"/p": ok_html()}))
    resolve = resolver_for({"news.example": [PUBLIC]})
    config = FetchConfig(respect_robots=False)

    def broken(*args: object) -> None:
        raise ValueError("a library bug")

    monkeypatch.setattr(client, "decode_html", broken)
    with pytest.raises(RetryFetch) as info:
        fetch_page("http://news.example/p", config, resolver=resolve)
    assert info.value.reason == "internal_error"
    assert "ValueError: a library bug" in (info.value.detail or "")

    def stopped(*args: object) -> None:
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(client, "decode_html", stopped)
    with pytest.raises(SoftTimeLimitExceeded):
        fetch_page("http://news.example/p", config, resolver=resolve)


def test_huge_and_bomb_robots_txt_are_read_up_to_512_kib(fakenet: FakeNet) -> None:
    filler = b"# " + b"x" * 1000 + b"\n"
    robots = b"User-agent: *\nDisallow: /early/\n" + filler * 700 + b"Disallow: /late/\n"  # rule after ~700 KB
    bomb = gzip.compress(b"User-agent: *\nDisallow: /zipped/\n" + b"#" * (50 * 1024 * 1024))
    fakenet.route(
        PUBLIC,
        80,
        site(
            {
                "/robots.txt": response(200, robots, {"Content-Type": "text/plain"}),
                "/early/1": ok_html(),
                "/late/1": ok_html(),
            }
        ),
    )
    fakenet.route(
        OTHER_PUBLIC,
        80,
        site({"/robots.txt": response(200, bomb, {"Content-Encoding": "gzip"}), "/zipped/1": ok_html()}),
    )
    resolve = resolver_for({"news.example": [PUBLIC], "zip.example": [OTHER_PUBLIC]})
    cache = RobotsCache()
    with pytest.raises(SkipFetch) as info:
        fetch_page("http://news.example/early/1", CONFIG, robots=cache, resolver=resolve)
    assert info.value.reason == "robots"
    # The rule beyond the 512 KiB that RFC 9309 asks crawlers to read is not seen.
    assert fetch_page("http://news.example/late/1", CONFIG, robots=cache, resolver=resolve).status == 200
    with pytest.raises(SkipFetch) as info:
        fetch_page("http://zip.example/zipped/1", CONFIG, robots=cache, resolver=resolve)
    assert info.value.reason == "robots"
