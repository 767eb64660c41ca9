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
import unicodedata

from charset_normalizer import from_bytes

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""",
    re.IGNORECASE,
)
_XML_DECL = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
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
    """The charset a <meta charset>, <meta http-equiv content="...charset="> or, for XHTML, the
    <?xml encoding="..."?> declaration states, if any."""
    head = body[:_META_WINDOW]
    match = _META.search(head) or _XML_DECL.match(head)
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


def _is_utf8(body: bytes) -> bool:
    """True when ``body`` has non-ASCII bytes and all of it is strictly valid UTF-8."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _meta_name(body: bytes) -> str | None:
    label = meta_charset(body)
    return canonical_name(label) if label else None


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


_TOKEN = re.compile(r"[^\x00-\x40\x5b-\x60\x7b-\x7f]+")  # runs of ASCII letters and non-ASCII
_ARABIC_CHAR = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Scripts a statistical detector lands on for short legacy-Arabic byte strings (CJK, kana, Hangul, Thai).
_NOISE_SCRIPT = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff61-\uff9f]")
# <html lang="ar"> / dir="rtl" / Content-Language in a meta tag: the page says it is Arabic-script.
_ARABIC_HINT = re.compile(rb"""(?:lang|content)\s*=\s*["']?(?:ar|fa|ur|ps|ckb)\b|dir\s*=\s*["']?rtl""", re.I)
_SHARED = re.compile("[\u00a0\u00ab\u00bb\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u2022\u00a9\u00b0]")


def _arabic_score(text: str) -> float:
    """Share of the non-ASCII words of ``text`` that are wholly Arabic-script.

    A wrong decoding shows as words mixing scripts: French "Café" read as ISO-8859-6 becomes
    "Cafى", ISO-8859-6 Arabic read as windows-1256 gains "×" and Latin letters mid-word.
    Typographic characters every candidate encoding shares (quotes, dashes, NBSP) are ignored.
    """
    good = bad = 0
    for token in _TOKEN.findall(text):
        token = _SHARED.sub("", token)
        if not token or token.isascii():
            continue
        if len(_ARABIC_CHAR.findall(token)) == len(token):
            good += 1
        else:
            bad += 1
    return good / (good + bad) if good + bad else 0.0


def _script_purity(text: str) -> float:
    """Share of the non-ASCII words of ``text`` written in a single script (any script)."""
    pure = total = 0
    for token in _TOKEN.findall(text):
        token = _SHARED.sub("", token)
        if not token or token.isascii():
            continue
        total += 1
        scripts = {unicodedata.name(ch, "?").split(" ", 1)[0] for ch in token if ch.isalpha()}
        pure += len(scripts) == 1
    return pure / total if total else 0.0


def _decoded_score(body: bytes, encoding: str) -> float:
    try:
        return _arabic_score(body.decode(encoding))
    except UnicodeDecodeError:
        return 0.0  # strict: ISO-8859-6 leaves many bytes unassigned, a sure sign it is not that


def _mostly_arabic(text: str) -> bool:
    """True when most non-ASCII words read as Arabic: the sign an Arabic decoding is right."""
    return _arabic_score(text) >= 0.8


def _detect(body: bytes) -> str | None:
    """Guess the encoding of undeclared (or wrongly declared) bytes, Arabic legacy encodings first.

    1. (Nearly) valid UTF-8 is UTF-8: other encodings almost never form valid UTF-8 sequences.
    2. charset-normalizer's best guess.
    3. Arabic-first correction: short pages fool statistical detectors (a few Arabic words in
       windows-1256 come out as cp932 or cp1252). If a legacy Arabic decoding reads as mostly
       Arabic and the guess does not, the Arabic decoding wins.
    """
    sample = body[:_DETECT_WINDOW]
    if sample.isascii():
        return "utf-8"  # pure ASCII: UTF-8 is a superset
    # Tolerant check: a sequence split by the window's end or a stray byte is not a verdict.
    if _agrees(sample, "utf-8") is not None:
        return "utf-8"
    match = from_bytes(sample).best()
    guess = canonical_name(match.encoding) if match is not None else None
    scores = {name: _decoded_score(sample, name) for name in ("windows-1256", "iso-8859-6")}
    # Ties go to the detector's own guess, then to windows-1256 (far more common on the web).
    arabic = max(scores, key=lambda name: (scores[name], name == guess, name == "windows-1256"))
    if scores[arabic] < 0.8:
        return guess
    if guess is None or guess in scores:
        return arabic
    guessed_text = sample.decode(guess, errors="replace")
    # The Arabic reading wins when the page says it is Arabic, when the guess reads as the
    # CJK/Thai noise short Arabic text typically produces, or when the guess reads worse. A
    # coherent other script (Russian in windows-1251 also "decodes" as ISO-8859-6) keeps its guess.
    if _ARABIC_HINT.search(sample[:_META_WINDOW]) or _NOISE_SCRIPT.search(guessed_text):
        return arabic
    return arabic if _script_purity(guessed_text) < scores[arabic] else guess


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
        if name != "utf-8" and _is_utf8(body):
            # A legacy charset declared on bytes that are valid, non-ASCII UTF-8: the site moved
            # to UTF-8 and kept its old header or meta. Arabic text in windows-1256 or ISO-8859-6
            # essentially never forms valid UTF-8 by chance, so the bytes win.
            return body.decode("utf-8"), "utf-8", "detected"
        text = _agrees(body, name)
        if text is not None:
            return text, name, source
    if not body.strip():
        return "", "utf-8", "default"
    detected = _detect(body)
    if detected is not None:
        return body.decode(detected, errors="replace"), detected, "detected"
    return body.decode("utf-8", errors="replace"), "utf-8", "default"
