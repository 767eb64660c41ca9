"""The process stage as one pure function: page text in, enriched article out."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from lxml.html import HtmlElement

from pipeline.enrich import Enrichment, enrich_text
from pipeline.extract import ExtractedArticle, extract_article, headline_context, parse_page

if TYPE_CHECKING:
    from pipeline.enrich.entities import KnowledgeBase


@dataclass(frozen=True, slots=True)
class ProcessedArticle:
    """An extracted article, its publication date with its evidence, and its enrichment."""

    extracted: ExtractedArticle
    published: date | None
    published_source: str | None
    enrichment: Enrichment
    seconds: dict[str, float] = field(default_factory=dict)  # time spent per stage: extract, enrich


def _hint_date(hints: dict[str, Any], *keys: str) -> date | None:
    """The first of `keys` in `hints` that holds an ISO date (feeds and WARC imports set them)."""
    value = next((hints[k] for k in keys if hints.get(k)), None)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def resolve_publication_date(
    extracted: ExtractedArticle,
    hints: dict[str, Any],
    capture_date: date | None = None,
    page: str | HtmlElement | None = None,
) -> tuple[date | None, str | None]:
    """The anchor for relative dates, from the strongest evidence available: the page's
    metadata, a dateline beside the headline of `page` (its HTML or its parsed tree) or at the top of the text, the
    submitter's or feed's hint, and last the capture date of an archive. No date is better than
    a guessed one: a date elsewhere on the page (a top bar, a copyright year) is not used."""
    from pipeline.enrich.dates import find_dateline

    if extracted.published:
        return extracted.published, "metadata"
    near_headline = headline_context(page) if page is not None else ""
    head = "\n".join(filter(None, [near_headline, extracted.title, extracted.text[:600]]))
    dateline = find_dateline(head)
    if dateline:
        return dateline, "dateline"
    hinted = _hint_date(hints, "published", "published_at")
    if hinted:
        return hinted, "hint"
    captured = capture_date or _hint_date(hints, "captured_at")
    if captured:
        return captured, "capture"
    return None, None


def process_page(
    html: str,
    url: str | None,
    *,
    hints: dict[str, Any] | None = None,
    kb: KnowledgeBase | None = None,
    capture_date: date | None = None,
) -> ProcessedArticle:
    """Extract and enrich one page. Raises pipeline.extract.NoArticle when there is no article."""
    started = time.perf_counter()
    tree = parse_page(html)  # once, for extraction and the dateline search
    extracted = extract_article(html if tree is None else tree, url)
    published, source = resolve_publication_date(extracted, hints or {}, capture_date, tree)
    extracted_at = time.perf_counter()
    enrichment = enrich_text(extracted.text, published, kb, language=extracted.language)
    seconds = {"extract": extracted_at - started, "enrich": time.perf_counter() - extracted_at}
    return ProcessedArticle(extracted, published, source, enrichment, seconds)
