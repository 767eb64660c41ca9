"""What the recogniser understood about one expression, before anchoring to a publication date.

A Frame is the parse (which calendar fields were written, which relative words, which modifier);
anchor.py turns it into a TIMEX3 value and a calendar span. Keeping the two apart lets the same
parse be anchored to different publication dates, and keeps the recogniser free of date maths.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Frame:
    """Parsed temporal expression.

    kind:
      date      calendar fields (year / month / day, any may be missing), Gregorian or Hijri
      weekday   a weekday name, maybe with a relative word
      relday    today / yesterday / tomorrow (days = offset)
      relspan   "الأسبوع المقبل": unit W/M/Y with rel -1/0/+1
      offset    "منذ ثلاثة أشهر": n units back (sign -1) or forward (+1)
      ref       fixed vague value (PAST_REF, PRESENT_REF, FUTURE_REF)
      duration  / set: fixed value ("P3D", "P1W", "XXXX-WXX-5")
      time      clock time (hour, minute), date from inner or context
      daypart   "مساء أمس": inner day + part of day
      partof    "أواخر يونيو": inner span + mod
      range     inner = first end, end = second end
      century   century (1-based)
      period    quarter (unit Q) / half (H) n of a year, or a season (unit SP/SU/FA/WI)
      nextday   "غداة": the day after inner (None when the anchor is an event)
    """

    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hijri: bool = False
    weekday: int | None = None
    rel: int | None = None
    days: int | None = None
    unit: str | None = None
    n: int | None = None
    sign: int = 0
    mod: str | None = None
    hour: int | None = None
    minute: int | None = None
    daypart: str | None = None
    value: str | None = None
    inner: Frame | None = None
    end: Frame | None = None
    week_end: bool = False
    year_greg: bool = False  # a Hijri month with a Gregorian year ("رمضان 2020")
    dct_day: bool = False  # "في مثل هذا اليوم عام 1929": month and day are the dct's


@dataclass(slots=True)
class Candidate:
    """A recognised expression: character span in the original text, token span, parse."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    frame: Frame
