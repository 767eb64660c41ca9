"""Deciding the character encoding of an HTML page, Arabic legacy encodings first in mind.

Order: BOM, HTTP header charset, <meta> charset, detection (charset-normalizer), default UTF-8.
The BOM goes first, as browsers do (WHATWG "encoding sniffing"): it is three bytes that cannot
be there by accident, while a header charset is often a server default nobody checked.

A declared charset is only trusted if the bytes agree with it: a page that declares UTF-8
but is windows-1256 (common on old Arabic CMSes behind a new web server) fails strict UTF-8
decoding and falls through to the next source. A handful of stray invalid bytes in an
otherwise UTF-8 page does not: those are decoded with U+FFFD replacements.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""",
    re.IGNORECASE,
)
_META_WINDOW = 8192  # WHATWG prescans 1024 bytes; real pages put long <script>s first.
_DETECT_WINDOW = 256 * 1024  # detection on the first 256 KiB is as good and bounded in time
# WHATWG label mapping that matters here: these labels mean windows-1252 in every browser.
_ALIASES = {"iso-8859-1": "windows-1252", "latin-1": "windows-1252", "ascii": "windows-1252"}
# Share of non-ASCII characters that may be invalid before a "UTF-8" declaration is disbelieved.
_UTF8_TOLERANCE = 0.01


def canonical_name(label: str) -> str | None:
    """A stable, human name for a charset label ("cp1256" -> "windows-1256"), or None if unknown."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    if name.startswith("cp125"):
        name = "windows-" + name[2:]
    elif name.startswith("iso8859-"):
        name = "iso-8859-" + name[len("iso8859-") :]
    elif name in ("utf-16", "utf-32"):  # a declared UTF-16 without BOM is a lie in HTML
        name = "utf-8"
    return _ALIASES.get(name, name)


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, as given (not validated)."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def meta_charset(body: bytes) -> str | None:
    """The charset a <meta charset> or <meta http-equiv content="...charset="> declares, if any."""
    match = _META.search(body[:_META_WINDOW])
    return match.group(1).decode("ascii", "replace") if match else None


def _agrees(body: bytes, encoding: str) -> str | None:
    """Decoded text if ``body`` is believably in ``encoding``, else None."""
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        pass
    if encoding != "utf-8":
        return None
    text = body.decode("utf-8", errors="replace")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    bad = text.count("\ufffd")
    if non_ascii and bad / non_ascii <= _UTF8_TOLERANCE:
        return text
    return None


def _meta_name(body: bytes) -> str | None:
    label = meta_charset(body)
    return canonical_name(label) if label else None


def _mostly_arabic(text: str) -> bool:
    """True when most non-ASCII letters are Arabic-script: the sign an Arabic decoding is right."""
    non_ascii = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    arabic = sum(1 for ch in non_ascii if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f")
    return bool(non_ascii) and arabic / len(non_ascii) > 0.5


def _arabic_override(body: bytes) -> tuple[str, str, str] | None:
    """For a header claiming windows-1252: the meta or detected Arabic encoding when the bytes agree."""
    meta = _meta_name(body)
    if meta is not None and meta != "windows-1252":
        text = _agrees(body, meta)
        if text is not None:
            return text, meta, "meta"
    detected = _detect(body)
    if detected in ("windows-1256", "iso-8859-6"):
        text = body.decode(detected, errors="replace")
        if _mostly_arabic(text):
            return text, detected, "detected"
    return None


def _detect(body: bytes) -> str | None:
    best = from_bytes(body[:_DETECT_WINDOW]).best()
    if best is None:
        return None
    return canonical_name(best.encoding)


def decode_html(body: bytes, content_type_header: str | None) -> tuple[str, str, str]:
    """Decode an HTML body. Returns ``(text, encoding, encoding_source)``.

    ``encoding_source`` is one of "bom", "header", "meta", "detected", "default". The text
    never contains a BOM; undecodable bytes become U+FFFD. Reused by the WARC importer.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name, "bom"
    declared = header_charset(content_type_header)
    header_name = canonical_name(declared) if declared else None
    if header_name == "windows-1252":
        # "ISO-8859-1" is a web-server default (old Apache) more often than a decision; on Arabic
        # legacy sites the page is really windows-1256. Let the meta tag or Arabic detection win.
        text_and_name = _arabic_override(body)
        if text_and_name is not None:
            return text_and_name[0], text_and_name[1], text_and_name[2]
    for source, name in (("header", header_name), ("meta", _meta_name(body))):
        if name is None:
            continue
        text = _agrees(body, name)
        if text is not None:
            return text, name, source
    if not body.strip():
        return "", "utf-8", "default"
    detected = _detect(body)
    if detected is not None:
        if detected in ("windows-1252", "utf-8") or detected.startswith("ascii"):
            # Pure ASCII or a Western guess: prefer UTF-8 when the bytes are valid UTF-8.
            text = _agrees(body, "utf-8")
            if text is not None:
                return text, "utf-8", "detected"
        return body.decode(detected, errors="replace"), detected, "detected"
    return body.decode("utf-8", errors="replace"), "utf-8", "default"
