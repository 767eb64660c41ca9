"""Hijri (Umm al-Qura) <-> Gregorian conversion with hijridate, returning None out of its range.

hijridate covers 1343-1500 AH (1924-2077 CE); outside that range a Hijri expression is kept with
an unresolved value rather than guessed.
"""

from __future__ import annotations

import datetime as dt

from hijridate import Gregorian, Hijri


def to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """Gregorian date of a Hijri day, or None if invalid or out of range."""
    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


def month_span(year: int, month: int) -> tuple[dt.date, dt.date] | None:
    """First and last Gregorian day of a Hijri month."""
    start = to_gregorian(year, month, 1)
    if start is None:
        return None
    try:
        length = Hijri(year, month, 1).month_length()
    except (ValueError, OverflowError):
        return None
    return start, start + dt.timedelta(days=length - 1)


def year_span(year: int) -> tuple[dt.date, dt.date] | None:
    """First and last Gregorian day of a Hijri year."""
    first, last = month_span(year, 1), month_span(year, 12)
    return (first[0], last[1]) if first and last else None


def from_gregorian(day: dt.date) -> tuple[int, int, int] | None:
    """Hijri (year, month, day) of a Gregorian date."""
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day
