"""The fetcher against the hostile site: one table row per misbehaviour, with outcome, reason and bounds."""

from __future__ import annotations

import dataclasses
import json
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pipeline.fetch import FetchConfig, FetchResult, RetryFetch, RobotsCache, SkipFetch, fetch_page
from tests.integration.fetch.conftest import PUBLIC_IP, SITE_HOST, SLOW_ROBOTS_HOST, Internet
from tests.integration.fetch.hostile_site import HostileServer

MIB = 1024 * 1024
MANIFEST = json.loads((Path(__file__).resolve().parents[2] / "data/encodings/manifest.json").read_text("utf-8"))
WIN1256_PARAGRAPH = next(c["paragraph"] for c in MANIFEST if c["file"] == "win1256_undeclared.html")


@dataclass(frozen=True)
class Row:
    """One hostile behaviour and what fetch_page must make of it."""

    path: str
    # One expected outcome per consecutive call: ("ok", None), ("skip", reason) or ("retry", reason).
    outcomes: tuple[tuple[str, str | None], ...]
    allow_private: bool = False
    config: dict[str, Any] = field(default_factory=dict)
    retry_after: float | None = None
    max_seconds: float = 5.0  # wall-clock bound on each call
    max_peak_mib: float | None = None  # tracemalloc peak bound on each call
    encoding: tuple[str, str] | None = None
    host: str = SITE_HOST


SLOW = {"total_timeout": 2.0, "read_timeout": 1.0, "connect_timeout": 1.0}

ROWS: dict[str, Row] = {
    "plain page": Row("/ok", (("ok", None),)),
    "redirect to the same site": Row("/redirect/ok", (("ok", None),)),
    "redirect to 127.0.0.1": Row("/redirect/loopback", (("skip", "ssrf:loopback"),)),
    "redirect to 169.254.169.254": Row("/redirect/metadata", (("skip", "ssrf:metadata"),)),
    "redirect to 169.254.169.254, allow_private": Row(
        "/redirect/metadata", (("skip", "ssrf:metadata"),), allow_private=True
    ),
    "redirect to [::ffff:127.0.0.1]": Row("/redirect/mapped", (("skip", "ssrf:ipv4_mapped"),)),
    "redirect to [::ffff:127.0.0.1], allow_private": Row(
        "/redirect/mapped", (("skip", "ssrf:ipv4_mapped"),), allow_private=True
    ),
    "redirect to NAT64 [64:ff9b::7f00:1]": Row("/redirect/nat64", (("skip", "ssrf:nat64"),)),
    "redirect to NAT64, allow_private": Row("/redirect/nat64", (("skip", "ssrf:nat64"),), allow_private=True),
    "redirect loop": Row("/loop/a", (("skip", "redirect_loop"),)),
    "endless redirect chain": Row("/chain/0", (("skip", "too_many_redirects"),)),
    "gzip bomb 200 MB from ~200 KB": Row("/bomb", (("skip", "too_large"),), max_peak_mib=28.0, max_seconds=10),
    "brotli bomb 200 MB from ~300 bytes": Row("/bomb-br", (("skip", "too_large"),), max_peak_mib=28.0, max_seconds=10),
    "endless body": Row("/endless", (("skip", "too_large"),), max_peak_mib=12.0, max_seconds=10),
    "slowloris body": Row("/slowloris", (("retry", "timeout"),), config=SLOW, max_seconds=2.6),
    "slowloris headers": Row("/slow-headers", (("retry", "timeout"),), config=SLOW, max_seconds=2.6),
    # The deadline covers robots.txt too: a slow robots.txt cannot stretch the fetch.
    "slowloris robots.txt": Row(
        "/ok", (("retry", "robots_unavailable"),), config=SLOW, max_seconds=2.6, host=SLOW_ROBOTS_HOST
    ),
    "5 GB Content-Length": Row("/huge", (("skip", "too_large"),), max_seconds=1.5),
    "PDF": Row("/doc.pdf", (("skip", "content_type:application/pdf"),)),
    "429 with Retry-After": Row("/rate-limited", (("retry", "http_429"),), retry_after=120.0),
    "500 that recovers on the third try": Row("/flaky/1", (("retry", "http_500"), ("retry", "http_500"), ("ok", None))),
    "404": Row("/missing", (("skip", "http_404"),)),
    "windows-1256 page without charset": Row("/win1256", (("ok", None),), encoding=("windows-1256", "detected")),
    "robots.txt disallows the page": Row("/private/page", (("skip", "robots"),)),
}


def _config(site: HostileServer, row: Row) -> FetchConfig:
    base = FetchConfig(allowed_ports=(site.port,), allow_private=row.allow_private, min_host_interval=0.0)
    return dataclasses.replace(base, **row.config)


def _call(url: str, config: FetchConfig, internet: Internet, measure: bool) -> tuple[Any, float, float]:
    """(FetchResult or the FetchError raised, seconds, tracemalloc peak MiB or 0)."""
    if measure:
        tracemalloc.start()
    started = time.monotonic()
    try:
        outcome: Any = fetch_page(url, config, resolver=internet.resolver, robots=RobotsCache())
    except (SkipFetch, RetryFetch) as exc:
        outcome = exc
    seconds = time.monotonic() - started
    peak = 0.0
    if measure:
        peak = tracemalloc.get_traced_memory()[1] / MIB
        tracemalloc.stop()
    return outcome, seconds, peak


@pytest.mark.parametrize("name", list(ROWS))
def test_hostile_site(name: str, site: HostileServer, internet: Internet) -> None:
    row = ROWS[name]
    url = f"http://{row.host}:{site.port}{row.path}"
    config = _config(site, row)
    for kind, reason in row.outcomes:
        outcome, seconds, peak = _call(url, config, internet, row.max_peak_mib is not None)
        print(f"{name}: {type(outcome).__name__} {getattr(outcome, 'reason', '')} {seconds:.2f}s {peak:.1f}MiB")
        assert seconds < row.max_seconds, f"{name} took {seconds:.2f}s"
        if row.max_peak_mib is not None:
            assert peak < row.max_peak_mib, f"{name}: peak {peak:.1f} MiB"
        if kind == "ok":
            assert isinstance(outcome, FetchResult), outcome
            assert outcome.status == 200
            assert outcome.address == PUBLIC_IP
            if row.encoding is not None:
                assert (outcome.encoding, outcome.encoding_source) == row.encoding
                assert WIN1256_PARAGRAPH in outcome.text
        else:
            assert isinstance(outcome, SkipFetch if kind == "skip" else RetryFetch), outcome
            assert outcome.reason == reason
            if row.retry_after is not None:
                assert outcome.retry_after == row.retry_after
    # Whatever the site asked for, the fetcher only ever connected to the address it checked.
    assert {ip for ip, _ in internet.connections} <= {PUBLIC_IP}


def test_hostile_rows_cover_the_issue() -> None:
    paths = {row.path for row in ROWS.values()}
    for path in (
        "/redirect/loopback",
        "/redirect/metadata",
        "/redirect/mapped",
        "/redirect/nat64",
        "/loop/a",
        "/bomb",
        "/endless",
        "/slowloris",
        "/huge",
        "/doc.pdf",
        "/rate-limited",
        "/flaky/1",
        "/missing",
        "/win1256",
        "/private/page",
    ):
        assert path in paths


def test_default_config_refuses_loopback(site: HostileServer) -> None:
    before = len(site.requests)
    with pytest.raises(SkipFetch) as info:
        fetch_page(f"http://127.0.0.1:{site.port}/ok", FetchConfig(allowed_ports=(site.port,)))
    assert info.value.reason == "ssrf:loopback"
    with pytest.raises(SkipFetch) as info:
        fetch_page(f"http://localhost:{site.port}/ok", FetchConfig(allowed_ports=(site.port,)))
    assert info.value.reason == "ssrf:loopback"
    assert len(site.requests) == before  # nothing reached the server, not even robots.txt


def test_default_settings_refuse_private(monkeypatch: pytest.MonkeyPatch) -> None:
    from schemas.settings import Settings

    monkeypatch.delenv("AKHBAR_FETCH_ALLOW_PRIVATE", raising=False)
    assert Settings().fetch_allow_private is False
    assert FetchConfig().allow_private is False
    monkeypatch.setenv("AKHBAR_FETCH_ALLOW_PRIVATE", "true")
    assert Settings().fetch_allow_private is True


def test_allow_private_reaches_loopback_for_real(site: HostileServer) -> None:
    config = FetchConfig(allowed_ports=(site.port,), allow_private=True, min_host_interval=0.0)
    result = fetch_page(f"http://127.0.0.1:{site.port}/redirect/ok", config, robots=RobotsCache())
    assert (result.status, result.final_url, result.address) == (200, f"http://127.0.0.1:{site.port}/ok", "127.0.0.1")
    assert result.redirects == (f"http://127.0.0.1:{site.port}/redirect/ok",)
    assert "خبر عاجل" in result.text


def test_dns_rebinding_public_first_loopback_second(site: HostileServer, internet: Internet) -> None:
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return [PUBLIC_IP] if len(calls) == 1 else ["127.0.0.1"]

    config = FetchConfig(allowed_ports=(site.port,), respect_robots=False)
    result = fetch_page(f"http://{SITE_HOST}:{site.port}/ok", config, resolver=rebinding)
    assert result.status == 200 and result.address == PUBLIC_IP
    assert calls == [SITE_HOST]
    assert internet.connections == [(PUBLIC_IP, site.port)]

    # Same again with the public address unreachable: the fetch fails, it never falls back to loopback.
    calls.clear()
    internet.connections.clear()
    internet.public_reachable = False
    before = len(site.requests)
    with pytest.raises(RetryFetch) as info:
        fetch_page(f"http://{SITE_HOST}:{site.port}/ok", config, resolver=rebinding)
    assert info.value.reason == "connect_error"
    assert calls == [SITE_HOST]
    assert internet.connections == [(PUBLIC_IP, site.port)]
    assert len(site.requests) == before
