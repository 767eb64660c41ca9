"""Extraction stage: HTML text in, clean article (text and metadata) out, via trafilatura.

Takes decoded text (never bytes, never a URL to fetch). Returns None when the page holds
no article worth keeping, with the reason, so the job can end `skipped`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import lxml.html
import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from pipeline.language import detect_language
from pipeline.page_metadata import page_metadata

MIN_ARTICLE_CHARS = 200


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """What trafilatura found in a page."""

    text: str
    title: str | None
    author: str | None
    site_name: str | None
    language: str | None
    published: date | None  # from the page's metadata (meta tags, JSON-LD, time elements)

    @property
    def word_count(self) -> int:
        """Whitespace-separated words in the text."""
        return len(self.text.split())


class NoArticle(Exception):
    """The page holds no extractable article; `reason` says why (stored on the skipped job)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _parse_iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def metadata_date(value: str | None) -> date | None:
    """The date trafilatura read from the page's metadata (meta tags, JSON-LD, time elements)."""
    return _parse_iso_date(value)


_HEADLINE_CONTEXT_CHARS = 400


def parse_page(html: str) -> HtmlElement | None:
    """The page parsed once the way trafilatura parses it, for extraction and the dateline
    search alike; None when there is nothing to parse."""
    if not html or not html.strip():
        return None
    return load_html(html)


def headline_context(page: str | HtmlElement, chars: int = _HEADLINE_CONTEXT_CHARS) -> str:
    """The visible text that follows the page's first ``<h1>`` in document order: bylines and
    datelines sit there, outside the main text trafilatura keeps. ``page`` is the HTML or the
    tree :func:`parse_page` made of it (read, not modified)."""
    if isinstance(page, HtmlElement):
        root = page
    else:
        try:
            root = lxml.html.fromstring(page)
        except (ValueError, lxml.etree.ParserError):
            return ""
    for heading in root.xpath("//body//h1"):
        pieces: list[str] = []
        size = 0
        for node in heading.xpath("following::text()[not(ancestor::script) and not(ancestor::style)]"):
            piece = " ".join(str(node).split())
            if piece:
                pieces.append(piece)
                size += len(piece) + 1
                if size >= chars:
                    break
        return " ".join(pieces)[:chars]
    return ""


# Metadata and markup only: trafilatura's default extensive search reads any date on the page (a
# top bar's "today", a footer's copyright year). Measured on the corpus pages it added no right
# date and cost about a third of extraction time where it ran (bench/results/profile_pipeline.json),
# so the fallback is the dateline instead (pipeline.article.resolve_publication_date).
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


def extract_article(
    page: str | HtmlElement, url: str | None = None, *, min_chars: int = MIN_ARTICLE_CHARS
) -> ExtractedArticle:
    """Extract the main text and metadata of a news page; raise NoArticle when there is none.

    ``page`` is the decoded HTML or the tree :func:`parse_page` made of it (not modified: the
    extractor works on its own copy).
    """
    if isinstance(page, str) and not page.strip():
        raise NoArticle("empty_page")
    tree = page if isinstance(page, HtmlElement) else parse_page(page)
    if tree is None:
        raise NoArticle(f"no_article: 0 characters of main text (minimum {min_chars})")
    metadata = page_metadata(tree, url, {**_DATE_PARAMS, "max_date": date.today().isoformat()})
    document = trafilatura.bare_extraction(
        tree,
        url=url or metadata.url,
        with_metadata=False,  # read above without the categories, tags and licence (page_metadata)
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    text = (document.text or "").strip() if document is not None else ""
    if len(text) < min_chars:
        raise NoArticle(f"no_article: {len(text)} characters of main text (minimum {min_chars})")
    return ExtractedArticle(
        text=text,
        title=(metadata.title or None),
        author=(metadata.author or None),
        site_name=(metadata.sitename or None),
        language=detect_language(text) or (metadata.language or None),
        published=metadata_date(metadata.date),
    )
