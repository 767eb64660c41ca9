"""SSRF guard: address policy, URL checks, resolve-once-and-check-all."""

from __future__ import annotations

import socket
import time

import pytest

from pipeline.fetch import FetchConfig, SkipFetch, address_refusal
from pipeline.fetch.errors import RetryFetch
from pipeline.fetch.guard import check_url, resolve_checked

# address, reason with allow_private=False, reason with allow_private=True
ADDRESSES = [
    ("93.184.215.14", None, None),
    ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", None, None),
    ("127.0.0.1", "ssrf:loopback", None),
    ("127.8.9.10", "ssrf:loopback", None),
    ("::1", "ssrf:loopback", None),
    ("10.1.2.3", "ssrf:private", None),
    ("172.16.0.1", "ssrf:private", None),
    ("172.31.255.255", "ssrf:private", None),
    ("192.168.1.1", "ssrf:private", None),
    ("fd12:3456::1", "ssrf:private", None),
    ("169.254.169.254", "ssrf:metadata", "ssrf:metadata"),
    ("fd00:ec2::254", "ssrf:metadata", "ssrf:metadata"),
    ("168.63.129.16", "ssrf:metadata", "ssrf:metadata"),
    ("169.254.1.1", "ssrf:link_local", "ssrf:link_local"),
    ("fe80::1", "ssrf:link_local", "ssrf:link_local"),
    ("100.64.0.1", "ssrf:cgnat", "ssrf:cgnat"),
    ("100.127.255.254", "ssrf:cgnat", "ssrf:cgnat"),
    ("224.0.0.1", "ssrf:multicast", "ssrf:multicast"),
    ("ff02::1", "ssrf:multicast", "ssrf:multicast"),
    ("0.0.0.0", "ssrf:unspecified", "ssrf:unspecified"),
    ("::", "ssrf:unspecified", "ssrf:unspecified"),
    ("::ffff:127.0.0.1", "ssrf:ipv4_mapped", "ssrf:ipv4_mapped"),
    ("::ffff:93.184.215.14", "ssrf:ipv4_mapped", "ssrf:ipv4_mapped"),
    ("::127.0.0.1", "ssrf:ipv4_mapped", "ssrf:ipv4_mapped"),
    ("64:ff9b::7f00:1", "ssrf:nat64", "ssrf:nat64"),
    ("64:ff9b::a9fe:a9fe", "ssrf:nat64", "ssrf:nat64"),
    ("64:ff9b:1::a00:1", "ssrf:nat64", "ssrf:nat64"),
    ("2002:7f00:1::1", "ssrf:6to4", "ssrf:6to4"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "ssrf:teredo", "ssrf:teredo"),
    ("240.0.0.1", "ssrf:not_global", "ssrf:not_global"),
    ("255.255.255.255", "ssrf:not_global", "ssrf:not_global"),
    ("192.0.2.1", "ssrf:not_global", "ssrf:not_global"),
    ("198.18.0.1", "ssrf:not_global", "ssrf:not_global"),
    ("2001:db8::1", "ssrf:not_global", "ssrf:not_global"),
]


@pytest.mark.parametrize(("address", "refused", "refused_private_ok"), ADDRESSES)
def test_address_policy(address: str, refused: str | None, refused_private_ok: str | None) -> None:
    assert address_refusal(address, allow_private=False) == refused
    assert address_refusal(address, allow_private=True) == refused_private_ok


URLS = [
    ("http://example.com/a", None, ("example.com", 80)),
    ("https://EXAMPLE.com./a", None, ("example.com", 443)),
    ("https://مثال.مصر/خبر", None, ("xn--mgbh0fb.xn--wgbh1c", 443)),
    ("ftp://example.com/a", "bad_scheme", None),
    ("file:///etc/passwd", "bad_scheme", None),
    ("gopher://example.com:70/", "bad_scheme", None),
    ("http://user:pw@example.com/", "userinfo", None),
    ("http://user@example.com/", "userinfo", None),
    ("http://example.com:22/", "bad_port", None),
    ("http://example.com:8080/", "bad_port", None),
    ("https://example.com:80/", None, ("example.com", 80)),
    ("http:///nohost", "bad_url", None),
    ("http://example.com/" + "a" * 9000, "bad_url", None),
]


@pytest.mark.parametrize(("url", "reason", "target"), URLS)
def test_check_url(url: str, reason: str | None, target: tuple[str, int] | None) -> None:
    config = FetchConfig()
    if reason is None:
        checked = check_url(url, config)
        assert (checked.host, checked.port) == target
    else:
        with pytest.raises(SkipFetch) as info:
            check_url(url, config)
        assert info.value.reason == reason


def test_empty_allowed_ports_means_any_port() -> None:
    assert check_url("http://example.com:8080/", FetchConfig(allowed_ports=())).port == 8080


def _deadline() -> float:
    return time.monotonic() + 5


def test_resolve_checks_every_answer_and_refuses_a_mixed_name() -> None:
    config = FetchConfig()
    target = check_url("http://news.example/", config)
    assert resolve_checked(target, config, lambda h, p: ["93.184.215.14"], _deadline()) == ["93.184.215.14"]
    with pytest.raises(SkipFetch) as info:
        resolve_checked(target, config, lambda h, p: ["93.184.215.14", "10.0.0.5"], _deadline())
    assert info.value.reason == "ssrf:private"
    with pytest.raises(SkipFetch) as info:
        resolve_checked(target, config, lambda h, p: ["::ffff:169.254.169.254"], _deadline())
    assert info.value.reason == "ssrf:ipv4_mapped"


def test_ip_literal_is_checked_without_the_resolver() -> None:
    config = FetchConfig()

    def resolver(host: str, port: int) -> list[str]:
        raise AssertionError("an IP literal must not be resolved")

    with pytest.raises(SkipFetch) as info:
        resolve_checked(check_url("http://[::ffff:127.0.0.1]/", config), config, resolver, _deadline())
    assert info.value.reason == "ssrf:ipv4_mapped"
    with pytest.raises(SkipFetch) as info:
        resolve_checked(check_url("http://169.254.169.254/", config), config, resolver, _deadline())
    assert info.value.reason == "ssrf:metadata"


def test_dns_failures_are_classified() -> None:
    config = FetchConfig()
    target = check_url("http://nowhere.example/", config)

    def nxdomain(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def servfail(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    def slow(host: str, port: int) -> list[str]:
        time.sleep(2)
        return ["93.184.215.14"]

    with pytest.raises(SkipFetch) as skip:
        resolve_checked(target, config, nxdomain, _deadline())
    assert skip.value.reason == "dns_nxdomain"
    with pytest.raises(RetryFetch) as retry:
        resolve_checked(target, config, servfail, _deadline())
    assert retry.value.reason == "dns_error"
    started = time.monotonic()
    with pytest.raises(RetryFetch) as retry:
        resolve_checked(target, config, slow, time.monotonic() + 0.3)
    assert retry.value.reason == "timeout"
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    "url",
    ["http://2130706433/", "http://0x7f000001/", "http://017700000001/", "http://127.1/", "http://0x7f.1/"],
)
def test_numeric_host_spellings_of_loopback_are_refused(url: str) -> None:
    # The system resolver turns these spellings into 127.0.0.1 without any DNS query; the guard
    # checks what they resolve to, so no spelling gets past it.
    config = FetchConfig()
    with pytest.raises(SkipFetch) as info:
        resolve_checked(check_url(url, config), config, None, _deadline())
    assert info.value.reason == "ssrf:loopback"
