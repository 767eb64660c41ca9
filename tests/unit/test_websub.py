"""pipeline.websub: discovery, subscription form, challenge checks, signatures (pure)."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from pipeline.feeds import parse_feed
from pipeline.websub import (
    ChallengeRefused,
    Discovery,
    discover,
    is_denial,
    parse_link_header,
    sign,
    subscription_form,
    verify_challenge,
    verify_signature,
)

TOPIC = "https://example.ma/feed.xml"


def test_link_header_parsing() -> None:
    header = '<https://hub.example/>; rel="hub", <https://example.ma/feed.xml>; rel=self, <https://x/>; rel="a b"'
    assert parse_link_header(header) == [
        ("hub", "https://hub.example/"),
        ("self", "https://example.ma/feed.xml"),
        ("a", "https://x/"),
        ("b", "https://x/"),
    ]
    assert parse_link_header(None) == []


@pytest.mark.parametrize(
    ("links", "header", "expected"),
    [
        ([("hub", "https://h1/"), ("self", TOPIC)], None, Discovery("https://h1/", TOPIC)),
        ([("hub", "https://h1/")], '<https://h0/>; rel="hub"', Discovery("https://h0/", None)),  # header wins
        ([("alternate", "https://e/")], None, Discovery(None, None)),
        ([("hub", "javascript:alert(1)"), ("hub", "https://h2/")], None, Discovery("https://h2/", None)),
    ],
)
def test_discover(links: list[tuple[str, str]], header: str | None, expected: Discovery) -> None:
    assert discover(links, header) == expected


def test_discover_from_a_parsed_atom_feed() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <link rel="hub" href="https://hub.example/"/><link rel="self" href="https://example.ma/feed.xml"/></feed>"""
    assert discover(parse_feed(body).links) == Discovery("https://hub.example/", TOPIC)


def test_subscription_form() -> None:
    form = subscription_form(
        topic=TOPIC, callback="https://akhbar.example/v1/websub/7", secret="s3", lease_seconds=3600
    )
    assert form == {
        "hub.mode": "subscribe",
        "hub.topic": TOPIC,
        "hub.callback": "https://akhbar.example/v1/websub/7",
        "hub.secret": "s3",
        "hub.lease_seconds": "3600",
    }
    unsub = subscription_form(topic=TOPIC, callback="https://a/cb", secret=None, mode="unsubscribe")
    assert unsub == {"hub.mode": "unsubscribe", "hub.topic": TOPIC, "hub.callback": "https://a/cb"}
    with pytest.raises(ValueError):
        subscription_form(topic=TOPIC, callback="https://a/cb", secret=None, mode="publish")


def test_challenge_accepted_for_our_topic() -> None:
    params = {"hub.mode": "subscribe", "hub.topic": TOPIC, "hub.challenge": "abc123", "hub.lease_seconds": "864000"}
    challenge = verify_challenge(params, expected_topic=TOPIC)
    assert (challenge.mode, challenge.challenge, challenge.lease_seconds) == ("subscribe", "abc123", 864000)


@pytest.mark.parametrize(
    ("params", "expected_topic", "says"),
    [
        ({"hub.mode": "subscribe", "hub.topic": "https://other/", "hub.challenge": "c"}, TOPIC, "topic"),
        ({"hub.mode": "subscribe", "hub.topic": TOPIC, "hub.challenge": "c"}, None, "topic"),
        ({"hub.mode": "subscribe", "hub.topic": TOPIC}, TOPIC, "challenge"),
        ({"hub.mode": "publish", "hub.topic": TOPIC, "hub.challenge": "c"}, TOPIC, "mode"),
    ],
)
def test_challenge_refused(params: dict[str, str], expected_topic: str | None, says: str) -> None:
    with pytest.raises(ChallengeRefused, match=says):
        verify_challenge(params, expected_topic=expected_topic)


def test_denial() -> None:
    assert is_denial({"hub.mode": "denied", "hub.topic": TOPIC, "hub.reason": "no"})
    assert not is_denial({"hub.mode": "subscribe"})


BODY = b"<feed xmlns='http://www.w3.org/2005/Atom'/>"


@pytest.mark.parametrize("method", ["sha1", "sha256", "sha384", "sha512"])
def test_signature_round_trip(method: str) -> None:
    header = sign("secret", BODY, method)
    expected = hmac.new(b"secret", BODY, getattr(hashlib, method)).hexdigest()
    assert header == f"{method}={expected}"
    assert verify_signature("secret", BODY, header)
    assert verify_signature("secret", BODY, header.upper().replace(method.upper(), method))  # hex case ignored


@pytest.mark.parametrize(
    ("secret", "body", "header"),
    [
        ("secret", BODY + b" ", sign("secret", BODY)),  # body changed
        ("other", BODY, sign("secret", BODY)),  # wrong secret
        ("secret", BODY, None),  # no header
        ("secret", BODY, "sha256"),  # no digest
        ("secret", BODY, "md5=" + hashlib.md5(BODY).hexdigest()),  # an unknown method on purpose
        (None, BODY, sign("secret", BODY)),  # we never gave a secret
        ("secret", BODY, "sha256=" + "0" * 64),
    ],
)
def test_signature_refused(secret: str | None, body: bytes, header: str | None) -> None:
    assert not verify_signature(secret, body, header)
