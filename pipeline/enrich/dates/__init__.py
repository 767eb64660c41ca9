"""Arabic temporal tagger: find dates, times, durations and sets in news text and normalise them
to TIMEX3-style values anchored to the publication date. See docs/dates.md.

Public interface:
    tag_dates(text, dct=None) -> list[TimeExpression]
    find_dateline(text) -> datetime.date | None
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right

from pipeline.enrich.types import TimeExpression

from .anchor import Resolved, resolve
from .dateline import find_dateline
from .frames import Candidate
from .recognise import recognise
from .tense import clause_tense
from .tokens import tokenize

_TYPE_OF_KIND = {"time": "TIME", "daypart": "TIME", "duration": "DURATION", "set": "SET"}
# How far (in characters) a clock time may follow a dated expression and still take its day.
_TIME_AFTER_DATE = 40


_BOUNDARY = re.compile(r"[.!?؟\n]")
# A sentence is looked for at most this far around a set expression.
_SENTENCE_WINDOW = 300


def _habitual_spans(text: str, cands: list[Candidate]) -> list[tuple[int, int]]:
    """Sentences holding a set expression ("كل سنة", "سنويا"): a bare month or clock time in them
    is generic ("كل سنة في شهر جوان" -> XXXX-06), not a particular one."""
    spans = []
    for c in cands:
        if c.frame.kind != "set":
            continue
        lo = max(0, c.start - _SENTENCE_WINDOW)
        before = [m.end() for m in _BOUNDARY.finditer(text, lo, c.start)]
        after = _BOUNDARY.search(text, c.end, c.end + _SENTENCE_WINDOW)
        a, b = before[-1] if before else lo, after.start() if after else c.end + _SENTENCE_WINDOW
        if spans and a <= spans[-1][1]:  # merged, so that a bisect finds the one span holding a position
            a = spans[-1][0]
            b = max(b, spans.pop()[1])
        spans.append((a, b))
    return spans


def tag_dates(text: str, dct: dt.date | None = None) -> list[TimeExpression]:
    """Every temporal expression of text, in order, with offsets into text.

    dct is the publication date: relative expressions ("أمس", "الأسبوع المقبل", "في نونبر") are
    anchored to it; without it they keep their type with value None (or a vague PAST_REF /
    FUTURE_REF / PRESENT_REF), never a guess.
    """
    toks = tokenize(text)
    out: list[TimeExpression] = []
    prev_day: dt.date | None = None
    prev_end = -(10**9)
    cands = recognise(toks)
    habitual = _habitual_spans(text, cands)
    habitual_starts = [a for a, _ in habitual]
    for c in cands:
        tense = clause_tense(toks, c.tok_start, c.tok_end)
        near = prev_day if c.start - prev_end <= _TIME_AFTER_DATE and "\n" not in text[prev_end : c.start] else None
        k = bisect_right(habitual_starts, c.start) - 1
        generic = k >= 0 and c.start < habitual[k][1]
        try:
            r = resolve(c.frame, dct, tense, near, generic=generic)
        except (OverflowError, ValueError):  # date arithmetic past year 1 or 9999: keep it, unresolved
            r = Resolved(_TYPE_OF_KIND.get(c.frame.kind, "DATE"), None)
        if r.day is not None:
            prev_day, prev_end = r.day, c.end
        out.append(
            TimeExpression(
                text=text[c.start : c.end],
                start=c.start,
                end=c.end,
                type=r.type,
                value=r.value,
                mod=r.mod,
                range_start=r.span[0].isoformat() if r.span else None,
                range_end=r.span[1].isoformat() if r.span else None,
                calendar=r.calendar,
            )
        )
    return out


__all__ = ["TimeExpression", "find_dateline", "tag_dates"]
