"""Arabic-first enrichment: language, dates and entities of an article's text."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from pipeline.enrich.types import Mention, TimeExpression
from pipeline.language import detect_language

if TYPE_CHECKING:
    from pipeline.enrich.entities import KnowledgeBase


@dataclass(frozen=True, slots=True)
class Enrichment:
    """Everything enrichment found in one text (offsets index that text)."""

    language: str | None
    dates: list[TimeExpression] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON of DESIGN.md: {"language", "dates": [...], "entities": [...]}."""
        return {
            "language": self.language,
            "dates": [d.to_json() for d in self.dates],
            "entities": [m.to_json() for m in self.entities],
        }


def enrich_text(
    text: str, dct: date | None, kb: KnowledgeBase | None = None, *, language: str | None = None
) -> Enrichment:
    """Tag dates (anchored to `dct`, the publication date) and entities in raw `text`.
    `language`, when the caller already detected it (extraction does), is not detected again."""
    from pipeline.enrich.dates import tag_dates
    from pipeline.enrich.entities import extract_entities

    return Enrichment(
        language=language or detect_language(text),
        dates=[_checked_range(t) for t in tag_dates(text, dct)],
        entities=extract_entities(text, kb),
    )


def _checked_range(expression: TimeExpression) -> TimeExpression:
    """Keep an expression whose computed span is inverted, without the span: one tagger bug must
    not cost the whole article (Postgres refuses an inverted daterange)."""
    if expression.range_start and expression.range_end and expression.range_start > expression.range_end:
        return replace(expression, range_start=None, range_end=None)
    return expression
