"""Submission checks and canonical URLs (pure)."""

from __future__ import annotations

import pytest

from pipeline.urls import UrlRejected, canonical_url, check_submitted_url, source_host


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("http://www.Example.com/a/b/?utm_source=x&id=3&fbclid=z#frag", "https://example.com/a/b?id=3"),
        ("https://example.com/a/b?id=3", "https://example.com/a/b?id=3"),
        ("https://m.example.com/a/b/amp?id=3&amp=1", "https://example.com/a/b?id=3"),
        ("https://example.com/news/1?b=2&a=1", "https://example.com/news/1?a=1&b=2"),
        ("https://example.com/news/1?gclid=x&utm_campaign=y", "https://example.com/news/1"),
        ("http://127.0.0.1:8123/news/x.html?utm_medium=y", "https://127.0.0.1:8123/news/x.html"),
        ("https://example.com:443/x", "https://example.com/x"),
    ],
)
def test_canonical_url_folds_variants(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_different_articles_stay_different() -> None:
    assert canonical_url("https://example.com/news/1") != canonical_url("https://example.com/news/2")
    assert canonical_url("https://example.com/n?id=1") != canonical_url("https://example.com/n?id=2")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/", "scheme must be http or https"),
        ("example.com/news", "scheme must be http or https"),
        ("https://", "no host name"),
        ("https://a:b@example.com/", "credentials"),
        ("https://example.com/" + "x" * 2048, "longer than 2048"),
        ("https://exa mple.com/", "whitespace"),
        ("", "empty"),
        ("https://example.com:99999/", "not a valid URL"),
    ],
)
def test_check_submitted_url_rejects_with_reason(url: str, reason: str) -> None:
    with pytest.raises(UrlRejected, match=reason):
        check_submitted_url(url)


def test_check_submitted_url_accepts_arabic_paths() -> None:
    check_submitted_url("https://www.hespress.com/سياسة/المغرب-123.html")


def test_source_host() -> None:
    assert source_host("https://www.hespress.com/x") == "hespress.com"
