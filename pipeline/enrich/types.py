"""Value objects the enrichment stages return: the contract of DESIGN.md "Enrichment output".

Offsets are Python string indices into the exact text the stage was given (never into a
normalised copy). Storage and the `akhbar enrich` JSON are built from these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """One temporal expression found in a text.

    type: DATE, TIME, DURATION or SET.
    value: TIMEX3-style value ("2021-11-24", "2020-12", "2022-W29", "P3D", "PAST_REF"), or
        None when it cannot be resolved (e.g. a weekday without a publication date).
    mod: TIMEX3 modifier (START, MID, END, APPROX, ...) or None.
    range_start / range_end: inclusive ISO dates of the calendar span it denotes, if any.
    calendar: "gregorian" or "hijri" (the surface's calendar; values are always Gregorian).
    """

    text: str
    start: int
    end: int
    type: str
    value: str | None
    mod: str | None = None
    range_start: str | None = None
    range_end: str | None = None
    calendar: str = "gregorian"

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md JSON shape: range as a two-item list or null."""
        out = asdict(self)
        rs, re_ = out.pop("range_start"), out.pop("range_end")
        out["range"] = [rs, re_] if rs and re_ else None
        return out


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention.

    type: PER, ORG, GPE, LOC, EVENT or MISC.
    entity_id: stable knowledge-base id when linked, else None (kept, never dropped).
    canonical: English canonical name when linked, else None.
    method: what found it ("gazetteer", "trigger", "crf", "coref", ...).
    """

    text: str
    start: int
    end: int
    type: str
    entity_id: str | None
    canonical: str | None
    method: str
    canonical_ar: str | None = None
    wikidata: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md JSON shape."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "canonical": self.canonical,
            "entity_id": self.entity_id,
            "method": self.method,
        }
