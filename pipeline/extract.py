"""Extraction stage: HTML text in, clean article (text and metadata) out, via trafilatura.

Takes decoded text (never bytes, never a URL to fetch). Returns None when the page holds
no article worth keeping, with the reason, so the job can end `skipped`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import lxml.html
import trafilatura

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


def headline_context(html: str, chars: int = _HEADLINE_CONTEXT_CHARS) -> str:
    """The visible text that follows the page's first ``<h1>`` in document order: bylines and
    datelines sit there, outside the main text trafilatura keeps."""
    try:
        root = lxml.html.fromstring(html)
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
        # Metadata and markup only: trafilatura's default extensive search reads any date on the
        # page (a top bar's "today", a footer's copyright year). Measured on the corpus pages it
        # added no right date and cost about a third of extraction time where it ran
        # (bench/results/profile_pipeline.json), so the fallback is the dateline instead
        # (pipeline.article.resolve_publication_date).
        date_extraction_params={"original_date": True, "extensive_search": False, "max_date": date.today().isoformat()},
    )
    text = (document.text or "").strip() if document is not None else ""
    if len(text) < min_chars:
        raise NoArticle(f"no_article: {len(text)} characters of main text (minimum {min_chars})")
    published = metadata_date(document.date)
    return ExtractedArticle(
        text=text,
        title=(document.title or None),
        author=(document.author or None),
        site_name=(document.sitename or None),
        language=detect_language(text) or (document.language or None),
        published=published,
    )
