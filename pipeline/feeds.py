"""Feeds as data: detect what a feed document is, read its entries, and decide when to poll next.

Pure (no network, no database). Kinds: ``rss`` (RSS 0.9x/1.0/2.0), ``atom``, ``sitemap``,
``sitemap_index`` and ``news_sitemap`` (a sitemap whose URLs carry Google News
``<news:news>`` blocks with a title and a publication date).

Parsing choices: every document is first parsed by lxml with entity expansion and network
access off (so an XML bomb or an external entity cannot hurt the worker) — this is also what
tells malformed XML and an HTML page apart from a feed, with a clear reason. RSS and Atom
entries are then read by feedparser (it knows every dialect's date and link quirks);
sitemaps are read directly from the lxml tree. ultimate-sitemap-parser was not used: it
fetches sitemaps itself (with requests), which would bypass the safe fetcher.
"""

from __future__ import annotations

import calendar
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser
from lxml import etree

from pipeline.backoff import exponential_backoff

KINDS = ("rss", "atom", "sitemap", "sitemap_index", "news_sitemap")
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
# A sitemap may list 50,000 URLs (sitemaps.org); anything beyond is cut, not an error.
MAX_ENTRIES = 50_000
MAX_GUNZIPPED_BYTES = 50 * 1024 * 1024  # the sitemaps.org cap on an uncompressed sitemap
_GZIP_MAGIC = b"\x1f\x8b"
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL)
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class FeedError(ValueError):
    """A document that cannot be read as a feed. ``reason`` is short and countable
    (malformed_xml, not_a_feed, too_large, empty); the message says what was seen."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed: an article URL with what the feed says about it."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601 (UTC for RSS/Atom; as given for sitemaps)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What a feed document holds. ``sitemaps`` is filled for a sitemap index only."""

    kind: str
    title: str | None
    entries: tuple[FeedEntry, ...]
    sitemaps: tuple[FeedEntry, ...] = ()
    links: tuple[tuple[str, str], ...] = field(default=())  # (rel, href): hub and self for WebSub


def _local(tag: object) -> str:
    """Local name of an element tag ("{ns}url" -> "url"); "" for comments and PIs."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def maybe_gunzip(body: bytes, max_bytes: int = MAX_GUNZIPPED_BYTES) -> bytes:
    """Decompress a gzipped document (sitemap.xml.gz served as application/gzip), within a cap."""
    if not body.startswith(_GZIP_MAGIC):
        return body
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise FeedError("malformed_gzip", str(exc)) from None
    if len(out) > max_bytes:
        raise FeedError("too_large", f"more than {max_bytes} bytes once decompressed")
    if not decompressor.eof:
        raise FeedError("malformed_gzip", "the gzip stream is truncated")
    return out


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def advertised_feeds(html: bytes, base_url: str | None = None) -> list[str]:
    """Feed URLs an HTML page advertises (<link rel="alternate" type="application/rss+xml" ...>),
    resolved against ``base_url``: what the user probably meant to register."""
    from lxml import html as lxml_html

    try:
        doc = lxml_html.document_fromstring(html[: 512 * 1024])
    except (etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for link in doc.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "alternate" in rels and (link.get("type") or "").lower().strip() in _FEED_TYPES and link.get("href"):
            href = link.get("href", "").strip()
            href = urljoin(base_url, href) if base_url else href
            if href not in found:
                found.append(href)
    return found


def _xml_root(body: bytes, url: str | None = None) -> etree._Element:
    """The root element, parsed safely; FeedError for empty, HTML or malformed documents."""
    if not body.strip():
        raise FeedError("empty", "the answer has no body")
    if _HTML_START.match(body[:4096].lstrip(b"\xef\xbb\xbf")):
        links = advertised_feeds(body, url)
        hint = f" (the page advertises: {', '.join(links[:3])})" if links else ""
        raise FeedError("not_a_feed", f"got an HTML page, not a feed{hint}")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError("malformed_xml", str(exc)[:300]) from None
    if root is None:
        raise FeedError("malformed_xml", "no root element")
    return root


def detect_kind(root: etree._Element) -> str:
    """Which of KINDS a parsed document is; FeedError("not_a_feed") otherwise."""
    name = _local(root.tag)
    if name in ("rss", "RDF"):
        return "rss"
    if name == "feed":
        return "atom"
    if name == "sitemapindex":
        return "sitemap_index"
    if name == "urlset":
        has_news = root.find(f".//{{{NEWS_NS}}}news") is not None
        return "news_sitemap" if has_news else "sitemap"
    if name == "html":
        raise FeedError("not_a_feed", "got an (X)HTML page, not a feed")
    raise FeedError("not_a_feed", f"root element <{name}> is not RSS, Atom or a sitemap")


def parse_feed(body: bytes, *, url: str | None = None) -> ParsedFeed:
    """Parse a feed document (bytes as served; gzip accepted). ``url`` resolves relative links.

    Raises FeedError with reason malformed_xml, not_a_feed, empty, too_large or malformed_gzip.
    """
    body = maybe_gunzip(body)
    root = _xml_root(body, url)
    kind = detect_kind(root)
    if kind in ("rss", "atom"):
        return _parse_syndication(body, kind, url)
    return _parse_sitemap(root, kind, url)


def _iso_from_struct(value: object) -> str | None:
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat()  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def _parse_syndication(body: bytes, kind: str, url: str | None) -> ParsedFeed:
    headers = {"content-location": url} if url else {}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    entries = []
    for item in parsed.entries[:MAX_ENTRIES]:
        link = item.get("link") or _guid_link(item)
        if not link:
            continue
        when = item.get("published_parsed") or item.get("updated_parsed")
        title = (item.get("title") or "").strip() or None
        entries.append(FeedEntry(url=link.strip(), title=title, published=_iso_from_struct(when)))
    links = tuple(
        (str(x.get("rel", "")), str(x.get("href", ""))) for x in parsed.feed.get("links", []) if x.get("href")
    )
    title = (parsed.feed.get("title") or "").strip() or None
    return ParsedFeed(kind=kind, title=title, entries=tuple(entries), links=links)


def _guid_link(item: feedparser.FeedParserDict) -> str | None:
    """An RSS item without <link> whose guid is a permalink URL (isPermaLink is the default)."""
    guid = item.get("id") or ""
    return guid if guid.startswith(("http://", "https://")) and item.get("guidislink", True) else None


def _iso_or_none(text: str | None) -> str | None:
    """A W3C datetime from a sitemap, validated and returned in ISO form; None if unreadable."""
    if not text or not text.strip():
        return None
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.isoformat() if "T" in value else parsed.date().isoformat()


def _child_text(element: etree._Element, local: str, ns: str | None = None) -> str | None:
    qualified = f"{{{ns}}}{local}" if ns else None
    for child in element:
        tag = child.tag
        if (tag == qualified) if qualified else _local(tag) == local:
            return (child.text or "").strip() or None
    return None


_NEWS_TAG = f"{{{NEWS_NS}}}news"


def _parse_sitemap(root: etree._Element, kind: str, url: str | None) -> ParsedFeed:
    # One pass over each <url>'s children (a 50,000-URL sitemap is the common case to make fast).
    item_tag = "sitemap" if kind == "sitemap_index" else "url"
    found: list[FeedEntry] = []
    for element in root:
        if _local(element.tag) != item_tag:
            continue
        loc = lastmod = title = news_date = None
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = tag.rpartition("}")[2]
            if local == "loc":
                loc = (child.text or "").strip()
            elif local == "lastmod":
                lastmod = child.text
            elif tag == _NEWS_TAG:
                title = _child_text(child, "title", NEWS_NS)
                news_date = _child_text(child, "publication_date", NEWS_NS)
        if not loc:
            continue
        published = _iso_or_none(news_date) or _iso_or_none(lastmod)
        found.append(FeedEntry(url=urljoin(url, loc) if url else loc, title=title, published=published))
        if len(found) >= MAX_ENTRIES:
            break
    if kind == "sitemap_index":
        return ParsedFeed(kind=kind, title=None, entries=(), sitemaps=tuple(found))
    return ParsedFeed(kind=kind, title=None, entries=tuple(found))


# --- when to poll next ---------------------------------------------------------------------


def parse_interval(text: str | int | float) -> int:
    """Seconds in an interval written ``90``, ``90s``, ``5m``, ``2h`` or ``1d``; ValueError otherwise."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        seconds = float(text)
    else:
        match = _INTERVAL.match(str(text))
        if not match:
            raise ValueError(f"interval must look like 90s, 5m, 2h or 1d, not {text!r}")
        seconds = float(match[1]) * _UNIT_SECONDS[match[2].lower()]
    if seconds <= 0:
        raise ValueError("interval must be positive")
    return round(seconds)


def interval_bounds(base: int, *, floor: int, ceiling: int) -> tuple[int, int]:
    """The range the adaptive interval moves in: [base/4, base*4] within the global [floor, ceiling]."""
    lo = max(floor, base // 4)
    hi = min(ceiling, base * 4)
    return (min(lo, hi), max(lo, hi)) if lo <= hi else (hi, hi)


def adapt_interval(current: int, base: int, *, new_entries: int, first_poll: bool, floor: int, ceiling: int) -> int:
    """The next polling interval, aiming at about one new entry per poll.

    No new entry: the feed changes less often than we look, so wait 1.5x longer. Exactly one:
    the pace is right. k >= 2: several entries piled up between polls, so look k times more
    often (at most 4x at once). A first poll finds the whole backlog, which says nothing about
    the pace, so it keeps the current interval.
    """
    lo, hi = interval_bounds(base, floor=floor, ceiling=ceiling)
    if first_poll or new_entries == 1:
        proposed = float(current)
    elif new_entries == 0:
        proposed = current * 1.5
    else:
        proposed = current / min(new_entries, 4)
    return int(min(hi, max(lo, round(proposed))))


def backoff_seconds(consecutive_errors: int, interval: int, *, cap: int, retry_after: float | None = None) -> int:
    """Delay before polling a failing feed again: the interval doubled per consecutive error
    (1 error: interval, 2: 2x, 3: 4x ...), capped, and never sooner than a Retry-After."""
    return round(exponential_backoff(consecutive_errors, interval, cap=cap, retry_after=retry_after))
