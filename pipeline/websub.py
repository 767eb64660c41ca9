"""WebSub (W3C Recommendation, formerly PubSubHubbub) as pure functions: find a feed's hub,
build the subscription request, check the hub's challenge, verify signed content.

No network here: the worker sends the request built by `subscription_form` through the
guarded client, and the API callback calls `verify_challenge` / `verify_signature`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Methods a hub may sign with (WebSub section 8); sha1 is still what most hubs send.
_ALGORITHMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}
_LINK_PART = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")
_REL = re.compile(r"""rel\s*=\s*"?([^";,]+)"?""", re.IGNORECASE)
DEFAULT_LEASE_SECONDS = 10 * 24 * 3600


class ChallengeRefused(ValueError):
    """A verification request that must be answered 404: wrong topic, mode or missing challenge."""


@dataclass(frozen=True, slots=True)
class Discovery:
    """Where to subscribe for a feed: its hub and its topic (self URL)."""

    hub: str | None
    topic: str | None


def parse_link_header(value: str | None) -> list[tuple[str, str]]:
    """(rel, href) pairs of an HTTP Link header (RFC 8288); one pair per rel value."""
    if not value:
        return []
    pairs = []
    for match in _LINK_PART.finditer(value):
        href, params = match[1].strip(), match[2]
        rel = _REL.search(params)
        if href and rel:
            pairs.extend((r.lower(), href) for r in rel[1].split())
    return pairs


def discover(feed_links: Iterable[tuple[str, str]], link_header: str | None = None) -> Discovery:
    """The hub and self links of a feed. HTTP Link headers win over links in the document, as
    the spec orders; a feed without a hub gives Discovery(None, ...)."""
    hub = topic = None
    for rel, href in [*parse_link_header(link_header), *feed_links]:
        rel = rel.lower()
        if rel == "hub" and hub is None and href.startswith(("http://", "https://")):
            hub = href
        elif rel == "self" and topic is None and href.startswith(("http://", "https://")):
            topic = href
    return Discovery(hub=hub, topic=topic)


def new_secret() -> str:
    """A fresh subscription secret (hubs accept up to 200 bytes)."""
    return secrets.token_hex(32)


def subscription_form(
    *,
    topic: str,
    callback: str,
    secret: str | None,
    mode: str = "subscribe",
    lease_seconds: int | None = DEFAULT_LEASE_SECONDS,
) -> dict[str, str]:
    """The form body POSTed (application/x-www-form-urlencoded) to the hub to (un)subscribe."""
    if mode not in ("subscribe", "unsubscribe"):
        raise ValueError(f"mode must be subscribe or unsubscribe, not {mode!r}")
    form = {"hub.mode": mode, "hub.topic": topic, "hub.callback": callback}
    if secret:
        form["hub.secret"] = secret
    if lease_seconds and mode == "subscribe":
        form["hub.lease_seconds"] = str(int(lease_seconds))
    return form


@dataclass(frozen=True, slots=True)
class Challenge:
    """A hub's verification request that we accept: echo ``challenge`` with a 200."""

    mode: str
    topic: str
    challenge: str
    lease_seconds: int | None


def verify_challenge(params: Mapping[str, str], *, expected_topic: str | None) -> Challenge:
    """Check a GET to the callback (hub.mode, hub.topic, hub.challenge, hub.lease_seconds).

    Raises ChallengeRefused when the topic is not the one we subscribed to, the mode is unknown
    or there is no challenge. A "denied" notice is not a challenge: see `is_denial`.
    """
    mode = params.get("hub.mode", "")
    topic = params.get("hub.topic", "")
    challenge = params.get("hub.challenge", "")
    if mode not in ("subscribe", "unsubscribe"):
        raise ChallengeRefused(f"hub.mode must be subscribe or unsubscribe, not {mode!r}")
    if not expected_topic or topic != expected_topic:
        raise ChallengeRefused("hub.topic is not a topic this callback subscribed to")
    if not challenge:
        raise ChallengeRefused("hub.challenge is missing")
    lease_raw = params.get("hub.lease_seconds")
    lease = int(lease_raw) if lease_raw and lease_raw.isdigit() else None
    return Challenge(mode=mode, topic=topic, challenge=challenge, lease_seconds=lease)


def is_denial(params: Mapping[str, str]) -> bool:
    """True for the hub's "subscription denied" notice (hub.mode=denied, with hub.reason)."""
    return params.get("hub.mode") == "denied"


def sign(secret: str, body: bytes, method: str = "sha256") -> str:
    """The X-Hub-Signature value a hub sends for ``body``: ``method=hexdigest``."""
    digest = hmac.new(secret.encode("utf-8"), body, _ALGORITHMS[method]).hexdigest()
    return f"{method}={digest}"


def verify_signature(secret: str | None, body: bytes, header: str | None) -> bool:
    """True when ``header`` (X-Hub-Signature) is a valid HMAC of ``body`` under ``secret``.

    False for a missing secret or header, an unknown method, or a wrong digest; the comparison
    takes constant time.
    """
    if not secret or not header or "=" not in header:
        return False
    method, _, given = header.strip().partition("=")
    algorithm = _ALGORITHMS.get(method.strip().lower())
    if algorithm is None:
        return False
    expected = hmac.new(secret.encode("utf-8"), body, algorithm).hexdigest()
    return hmac.compare_digest(expected, given.strip().lower())
