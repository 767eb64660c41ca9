"""The fetch error taxonomy: every failed fetch is a SkipFetch (permanent) or a RetryFetch (transient).

::

    FetchError            reason: short, stable, machine-readable ("http_404", "ssrf:loopback", ...)
    ├── SkipFetch         permanent: the job ends `skipped` with the reason, never retried
    │                     robots, content_type:*, content_encoding:*, too_large, bad_encoding,
    │                     http_404/410/other 4xx, ssrf:*, bad_url, bad_scheme, bad_port, userinfo,
    │                     bad_redirect, redirect_loop, too_many_redirects, dns_nxdomain, tls_cert
    └── RetryFetch        transient: the job is retried later with back-off (retry_after when known)
                          timeout, connect_error, read_error, protocol_error, dns_error, http_5xx,
                          http_429, http_408, rate_limited, limiter_unavailable,
                          robots_unavailable, tls_error, internal_error

Reasons never contain the URL or free text, so they can be grouped and counted; details (the
address that was refused, the size that was seen) go in ``detail``, and the HTTP status of
the answer that caused the error (if any) in ``status``.
"""

from __future__ import annotations


class FetchError(Exception):
    """Base class of every fetch failure; ``reason`` is the stable, countable part."""

    def __init__(self, reason: str, detail: str | None = None, *, status: int | None = None) -> None:
        super().__init__(reason if detail is None else f"{reason} ({detail})")
        self.reason = reason
        self.detail = detail
        self.status = status


class SkipFetch(FetchError):
    """A permanent outcome: fetching this URL again would give the same answer."""


class RetryFetch(FetchError):
    """A transient outcome: try again later, not before ``retry_after`` seconds when it is set."""

    def __init__(
        self,
        reason: str,
        detail: str | None = None,
        *,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(reason, detail, status=status)
        self.retry_after = retry_after
