"""Encoding decision on the generated fixtures (tests/data/encodings/manifest.json) and edge cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.fetch import decode_html
from pipeline.fetch.encoding import canonical_name, header_charset, meta_charset

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "encodings"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", MANIFEST, ids=[c["file"] for c in MANIFEST])
def test_fixture(case: dict[str, str]) -> None:
    body = (FIXTURES / case["file"]).read_bytes()
    text, encoding, source = decode_html(body, case["content_type"])
    assert (encoding, source) == (case["encoding"], case["encoding_source"])
    assert case["paragraph"] in text
    assert "\ufffd" not in text
    assert not text.startswith("\ufeff")


def test_fixtures_cover_the_issue() -> None:
    files = {c["file"] for c in MANIFEST}
    for required in (
        "win1256_undeclared.html",
        "win1256_meta.html",
        "iso88596_undeclared.html",
        "iso88596_meta.html",
        "win1256_declared_utf8.html",
    ):
        assert required in files


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("windows-1256", "windows-1256"),
        ("CP1256", "windows-1256"),
        ("iso-8859-6", "iso-8859-6"),
        ("ISO_8859-6", "iso-8859-6"),
        ("arabic", "iso-8859-6"),
        ("UTF8", "utf-8"),
        ("iso-8859-1", "windows-1252"),
        ("us-ascii", "windows-1252"),
        ("utf-16", "utf-8"),
        ("no-such-charset", None),
    ],
)
def test_canonical_name(label: str, name: str | None) -> None:
    assert canonical_name(label) == name


def test_header_and_meta_parsing() -> None:
    assert header_charset('text/html; charset="Windows-1256"') == "Windows-1256"
    assert header_charset("text/html") is None
    assert meta_charset(b'<head><meta http-equiv="content-type" content="text/html;charset=iso-8859-6">') == (
        "iso-8859-6"
    )
    assert meta_charset(b"<meta charset=utf-8>") == "utf-8"
    assert meta_charset(b"<p>charset=utf-8</p>") is None
    assert meta_charset(b'<?xml version="1.0" encoding="windows-1256"?>\n<html>') == "windows-1256"


def test_utf8_with_a_stray_bad_byte_stays_utf8() -> None:
    text = "<p>" + "خبر عاجل من العاصمة " * 50 + "</p>"
    body = text.encode("utf-8").replace(b" ", b" \xff ", 1)
    decoded, encoding, source = decode_html(body, "text/html; charset=utf-8")
    assert (encoding, source) == ("utf-8", "header")
    assert decoded.count("\ufffd") == 1


def test_cyrillic_is_not_mistaken_for_arabic() -> None:
    # windows-1251 Russian also decodes cleanly as ISO-8859-6; the Arabic-first correction must not steal it.
    text = "<p>Правительство объявило новый план поддержки экономики страны</p>"
    assert decode_html(text.encode("cp1251"), "text/html")[1:] == ("windows-1251", "detected")


def test_empty_and_ascii_bodies() -> None:
    assert decode_html(b"", None) == ("", "utf-8", "default")
    assert decode_html(b"<p>hello</p>", None) == ("<p>hello</p>", "utf-8", "detected")
