"""Publication-date fallback: a full date printed near the top of an article body or next to the
headline ("القاهرة - الثلاثاء 24 نوفمبر 2021", "نشر في : 12/03/2022", "تاريخ النشر: ...").

Only dates with day, month and year count (a dateline is never relative); a date after a label
such as "نشر في" wins over the first date of the head.
"""

from __future__ import annotations

import datetime as dt
import re

# How much of the text counts as "the top": datelines sit in the first lines.
HEAD_CHARS = 400
_LABEL = re.compile(r"(نشر|تاريخ النشر|آخر تحديث|اخر تحديث|تم النشر|نُشر|بتاريخ)\s*(في|بتاريخ)?\s*[:：]?\s*$")


def find_dateline(text: str) -> dt.date | None:
    """The date of a dateline in the head of text, or None when there is none."""
    from . import tag_dates  # late import: dateline is imported by the package itself

    head = text[:HEAD_CHARS]
    full: list[tuple[int, dt.date]] = []
    for e in tag_dates(head):
        if e.type != "DATE" or e.value is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", e.value):
            continue
        day = dt.date.fromisoformat(e.value)
        if _LABEL.search(head[max(0, e.start - 30) : e.start]):
            return day
        full.append((e.start, day))
    return full[0][1] if full else None
