"""Extraction stage: HTML text in, clean article (text and metadata) out, via trafilatura.

Takes decoded text (never bytes, never a URL to fetch). Returns None when the page holds
no article worth keeping, with the reason, so the job can end `skipped`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import trafilatura
from htmldate import find_date

from pipeline.language import detect_language

MIN_ARTICLE_CHARS = 200


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """What trafilatura found in a page."""

    text: str
    title: str | None
    author: str | None
    site_name: str | None
    language: str | None
    published: date | None
    published_source: str | None

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


def publication_date(html: str, url: str | None, metadata_date: str | None) -> tuple[date | None, str | None]:
    """The page's own publication date and which evidence gave it.

    trafilatura's metadata (meta tags, JSON-LD) first; then htmldate's fuller search over
    time elements, visible dates and the URL, preferring the original over the updated date.
    """
    found = _parse_iso_date(metadata_date)
    if found:
        return found, "metadata"
    try:
        guessed = find_date(html, url=url, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises assorted errors on broken markup; a missing date is not fatal
        guessed = None
    found = _parse_iso_date(guessed)
    return (found, "htmldate") if found else (None, None)


def extract_article(html: str, url: str | None = None, *, min_chars: int = MIN_ARTICLE_CHARS) -> ExtractedArticle:
    """Extract the main text and metadata of a news page; raise NoArticle when there is none."""
    if not html or not html.strip():
        raise NoArticle("empty_page")
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    text = (document.text or "").strip() if document is not None else ""
    if len(text) < min_chars:
        raise NoArticle(f"no_article: {len(text)} characters of main text (minimum {min_chars})")
    published, source = publication_date(html, url, document.date)
    return ExtractedArticle(
        text=text,
        title=(document.title or None),
        author=(document.author or None),
        site_name=(document.sitename or None),
        language=detect_language(text) or (document.language or None),
        published=published,
        published_source=source,
    )
