"""URL checks at submission and the canonical form used to recognise the same article twice.

Pure: no network. The fetcher does its own, stricter checks (addresses, ports) on every hop.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

MAX_URL_LENGTH = 2048

# Parameters that identify a click, not a document.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|_ga|_gl|ref_src|"
    r"at_medium|at_campaign|xtor|ocid|cmpid|smid|__twitter_impression|amp|outputType)$",
    re.IGNORECASE,
)
_AMP_PATH = re.compile(r"/(amp|amp\.html)/?$", re.IGNORECASE)


class UrlRejected(ValueError):
    """A submitted URL that can never be fetched; the message is the reason shown to the user."""


def check_submitted_url(url: str) -> None:
    """Raise UrlRejected with a reason when `url` is not an absolute http(s) URL we accept."""
    if not isinstance(url, str) or not url.strip():
        raise UrlRejected("empty URL")
    if len(url) > MAX_URL_LENGTH:
        raise UrlRejected(f"longer than {MAX_URL_LENGTH} characters ({len(url)})")
    if any(ch.isspace() for ch in url.strip()) or any(ord(ch) < 32 for ch in url):
        raise UrlRejected("contains whitespace or control characters")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise UrlRejected(f"not a valid URL: {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise UrlRejected(f"scheme must be http or https, not {parts.scheme or 'missing'!r}")
    if not parts.hostname:
        raise UrlRejected("no host name")
    if parts.username or parts.password:
        raise UrlRejected("credentials in URLs are not accepted")
    if port is not None and not 0 < port < 65536:
        raise UrlRejected("invalid port")


def canonical_url(url: str) -> str:
    """Canonical form of an article URL: the key for "same URL" deduplication.

    Folds scheme (https), a leading ``www.`` or ``m.``/``amp.``, AMP suffixes and ``?amp=1``,
    drops tracking parameters and fragments, sorts the remaining query, and lets courlan
    normalise case, default ports and percent-encoding.
    """
    raw = urlsplit(url.strip())
    # Drop tracking parameters before courlan sees the query (it unescapes "&amp" sequences).
    kept = [(k, v) for k, v in parse_qsl(raw.query, keep_blank_values=True) if not _TRACKING.match(k)]
    stripped = urlunsplit((raw.scheme, raw.netloc, raw.path, urlencode(kept), ""))
    parts = urlsplit(normalize_url(stripped, strict=False, trailing_slash=False))
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    if path != "/" and path.endswith("/"):
        path = path.rstrip("/")
    query = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit(("https", netloc, path, urlencode(query), ""))


def source_host(url: str) -> str:
    """The outlet's host for a URL (lower case, without www.)."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
