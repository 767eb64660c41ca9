"""Normalisation and anchoring: a Frame plus the publication date (dct) and the clause tense
become a TIMEX3-style value, an optional modifier and an inclusive Gregorian span.

Nothing is guessed: without a dct, anything that needs one keeps value None (vague references,
durations and sets keep their fixed values). Bare years stay year values; month-only mentions
take their year from the dct and the tense (see _pick_year).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from . import hijri
from .frames import Frame

Span = tuple[dt.date, dt.date]
_DAY = dt.timedelta(days=1)


@dataclass(slots=True)
class Resolved:
    """Anchored result of one frame."""

    type: str
    value: str | None
    mod: str | None = None
    span: Span | None = None
    calendar: str = "gregorian"
    day: dt.date | None = None  # set when the value is a single day (anchors a following clock time)


def _month_span(y: int, m: int) -> Span:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _week(day: dt.date) -> tuple[str, Span]:
    iso = day.isocalendar()
    mon = day - dt.timedelta(days=iso.weekday - 1)
    return f"{iso.year}-W{iso.week:02d}", (mon, mon + dt.timedelta(days=6))


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _pick_year(month: int, day: int | None, rel: int | None, tense: str | None, ref: tuple[int, int, int]) -> int:
    """Year of a month (and day) written without one, given the dct as (year, month, day).

    الماضي/الفارط -> the last occurrence before the dct's month; المقبل -> the next one after it;
    الجاري -> the dct's year. With no relative word, a past-tense clause and a later month means
    last year, a future clause and an earlier date means next year, anything else the dct's year.
    """
    y, m, d = ref
    here = (month, day or 0)
    now = (m, d) if day is not None else (m, 0)
    if rel == -1:
        return y if month < m else y - 1
    if rel == 1:
        return y if month > m else y + 1
    if rel == 0:
        return y
    if tense == "past" and here > now:
        return y - 1
    if tense == "future" and here < now:
        return y + 1
    return y


def _hijri_in_greg_year(month: int, gyear: int) -> int | None:
    """Hijri year whose given month starts in Gregorian year gyear ("رمضان 2020" -> 1441)."""
    h = hijri.from_gregorian(dt.date(gyear, 1, 1))
    if h is None:
        return None
    for hy in (h[0], h[0] + 1):
        sp = hijri.month_span(hy, month)
        if sp and sp[0].year == gyear:
            return hy
    return None


def _date(fr: Frame, dct: dt.date | None, tense: str | None) -> Resolved:
    cal = "hijri" if fr.hijri else "gregorian"
    out = Resolved("DATE", None, calendar=cal)
    y = fr.year
    if fr.dct_day:
        if dct is None or y is None:
            return out
        try:
            g = dt.date(y, dct.month, dct.day)
        except ValueError:
            return out
        out.value, out.span = g.isoformat(), (g, g)
        return out
    if fr.hijri and fr.year_greg and y is not None and fr.month is not None:
        y = _hijri_in_greg_year(fr.month, y)
        if y is None:
            return out
    if fr.month is None:
        if y is None:
            return out
        if fr.hijri:
            sp = hijri.year_span(y)
            if sp:
                out.value, out.span = f"{sp[0].isoformat()}/{sp[1].isoformat()}", sp
            return out
        out.value, out.span = f"{y:04d}", (dt.date(y, 1, 1), dt.date(y, 12, 31))
        return out
    if y is None:
        if dct is None:
            return out
        if fr.hijri:
            h = hijri.from_gregorian(dct)
            if h is None:
                return out
            y = _pick_year(fr.month, fr.day, fr.rel, tense, h)
        else:
            y = _pick_year(fr.month, fr.day, fr.rel, tense, (dct.year, dct.month, dct.day))
    if fr.hijri:
        if fr.day is not None:
            g = hijri.to_gregorian(y, fr.month, fr.day)
            if g:
                out.value, out.span, out.day = g.isoformat(), (g, g), g
            return out
        sp = hijri.month_span(y, fr.month)
        if sp:
            out.value, out.span = f"{sp[0].isoformat()}/{sp[1].isoformat()}", sp
        return out
    if fr.day is not None:
        try:
            g = dt.date(y, fr.month, fr.day)
        except ValueError:
            return out
        out.value, out.span, out.day = g.isoformat(), (g, g), g
        return out
    out.value, out.span = f"{y:04d}-{fr.month:02d}", _month_span(y, fr.month)
    return out


def _weekday(fr: Frame, dct: dt.date | None, tense: str | None) -> Resolved:
    if dct is None or fr.weekday is None:
        return Resolved("DATE", None)
    diff = (fr.weekday - dct.weekday()) % 7  # days forward to the next such weekday (0 = today)
    if fr.rel == 1:
        g = dct + dt.timedelta(days=diff or 7)
    elif fr.rel == -1:
        g = dct - dt.timedelta(days=(7 - diff) % 7 or 7)
    elif tense in ("future", "present") or fr.rel == 0:
        g = dct + dt.timedelta(days=diff)
    else:  # news reports default to the past: the most recent such day, today included
        g = dct - dt.timedelta(days=(7 - diff) % 7)
    return Resolved("DATE", g.isoformat(), span=(g, g), day=g)


def _relspan(fr: Frame, dct: dt.date | None) -> Resolved:
    if dct is None:
        return Resolved("DATE", None)
    rel = fr.rel or 0
    if fr.unit == "D":
        g = dct + dt.timedelta(days=rel)
        return Resolved("DATE", g.isoformat(), span=(g, g), day=g)
    if fr.unit == "W":
        val, sp = _week(dct + dt.timedelta(days=7 * rel))
        if fr.week_end:
            return Resolved("DATE", f"{val}-WE")
        return Resolved("DATE", val, span=sp)
    if fr.unit == "M":
        y, m = _shift_month(dct.year, dct.month, rel)
        return Resolved("DATE", f"{y:04d}-{m:02d}", span=_month_span(y, m))
    y = dct.year + rel
    return Resolved("DATE", f"{y:04d}", span=(dt.date(y, 1, 1), dt.date(y, 12, 31)))


def _offset(fr: Frame, dct: dt.date | None) -> Resolved:
    if fr.n is None:
        return Resolved("DATE", "PAST_REF" if fr.sign < 0 else "FUTURE_REF", mod=fr.mod)
    if dct is None:
        return Resolved("DATE", None, mod=fr.mod)
    k = fr.sign * fr.n
    if fr.unit == "W":
        val, sp = _week(dct + dt.timedelta(days=7 * k))
        return Resolved("DATE", val, mod=fr.mod, span=sp)
    if fr.unit == "M":
        y, m = _shift_month(dct.year, dct.month, k)
        return Resolved("DATE", f"{y:04d}-{m:02d}", mod=fr.mod, span=_month_span(y, m))
    if fr.unit in ("Y", "DE"):
        y = dct.year + k * (10 if fr.unit == "DE" else 1)
        return Resolved("DATE", f"{y:04d}", mod=fr.mod, span=(dt.date(y, 1, 1), dt.date(y, 12, 31)))
    g = dct + dt.timedelta(days=k) if fr.unit == "D" else dct
    return Resolved("DATE", g.isoformat(), mod=fr.mod, span=(g, g), day=g)


def _part(mod: str, sp: Span) -> Span:
    """The START / MID / END third of a span: days 1-10/11-20/21-end of a month, 4-month thirds of a
    year, equal thirds of anything else (a week: its first two days, the middle three, the last two)."""
    a, b = sp
    length = (b - a).days + 1
    if 28 <= length <= 31:
        cuts = (a, a + 10 * _DAY, a + 20 * _DAY, b + _DAY)
    elif length >= 354 and a.day == 1 and a.month == 1:
        cuts = (a, dt.date(a.year, 5, 1), dt.date(a.year, 9, 1), b + _DAY)
    else:
        third = max(1, length // 3)
        cuts = (a, a + third * _DAY, b + _DAY - third * _DAY, b + _DAY)
    i = {"START": 0, "MID": 1, "END": 2}[mod]
    return cuts[i], cuts[i + 1] - _DAY


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def _season_span(code: str, y: int) -> Span:
    a, b = _SEASON_MONTHS[code]
    end_year = y + 1 if b < a else y  # winter runs from December into the next year
    return dt.date(y, a, 1), _month_span(end_year, b)[1]


def _period(fr: Frame, dct: dt.date | None) -> Resolved:
    """Quarters (2023-Q1), halves (2023-H1) and seasons (2019-FA)."""
    unit = fr.unit or ""
    if unit in _SEASON_MONTHS and fr.sign == 1:  # "الصيف الماضي": relative to the season now
        if dct is None:
            return Resolved("DATE", None)
        spans = [(y, _season_span(unit, y)) for y in (dct.year - 2, dct.year - 1, dct.year, dct.year + 1)]
        if fr.rel == -1:
            y, sp = max(((y, s) for y, s in spans if s[1] < dct), key=lambda p: p[1])
        elif fr.rel == 1:
            y, sp = min(((y, s) for y, s in spans if s[0] > dct), key=lambda p: p[1])
        else:
            y, sp = next(((y, s) for y, s in spans if s[0] <= dct <= s[1]), (dct.year, _season_span(unit, dct.year)))
        return Resolved("DATE", f"{y:04d}-{unit}", span=sp)
    y = fr.year if fr.year is not None else (dct.year + (fr.rel or 0) if dct else None)
    if y is None:
        return Resolved("DATE", None)
    if unit in _SEASON_MONTHS:
        return Resolved("DATE", f"{y:04d}-{unit}", span=_season_span(unit, y))
    months = 3 if unit == "Q" else 6
    n = fr.n or 1
    first, last = months * (n - 1) + 1, months * n
    return Resolved("DATE", f"{y:04d}-{unit}{n}", span=(dt.date(y, first, 1), _month_span(y, last)[1]))


def resolve(
    fr: Frame, dct: dt.date | None, tense: str | None, prev_day: dt.date | None, *, generic: bool = False
) -> Resolved:
    """Anchor one frame. prev_day: the day of an expression just before (for a bare clock time).
    generic: the expression sits in a habitual sentence, so a bare month or clock time is not anchored."""
    k = fr.kind
    if generic and k == "date" and fr.month and not (fr.year or fr.day or fr.rel is not None or fr.hijri):
        return Resolved("DATE", f"XXXX-{fr.month:02d}")
    if generic and k == "time" and prev_day is None:
        return Resolved("TIME", f"XXXX-XX-XXT{fr.hour or 0:02d}:{fr.minute or 0:02d}")
    if k == "date":
        return _date(fr, dct, tense)
    if k == "weekday":
        return _weekday(fr, dct, tense)
    if k == "relday":
        if dct is None:
            return Resolved("DATE", None)
        g = dct + dt.timedelta(days=fr.days or 0)
        return Resolved("DATE", g.isoformat(), span=(g, g), day=g)
    if k == "relspan":
        return _relspan(fr, dct)
    if k == "offset":
        return _offset(fr, dct)
    if k in ("ref", "duration", "set"):
        return Resolved({"ref": "DATE", "duration": "DURATION", "set": "SET"}[k], fr.value, mod=fr.mod)
    if k == "period":
        return _period(fr, dct)
    if k == "century":
        c = (fr.n or 1) - 1
        return Resolved("DATE", f"{c:02d}", span=(dt.date(max(c * 100, 1), 1, 1), dt.date(c * 100 + 99, 12, 31)))
    if k == "partof":
        inner = resolve(fr.inner, dct, tense, prev_day)  # type: ignore[arg-type]
        inner.mod = fr.mod
        if inner.span is not None and fr.mod:
            inner.span = _part(fr.mod, inner.span)
        inner.day = None
        return inner
    if k == "range":
        a = resolve(fr.inner, dct, tense, prev_day)  # type: ignore[arg-type]
        b = resolve(fr.end, dct, tense, prev_day)  # type: ignore[arg-type]
        cal = "hijri" if "hijri" in (a.calendar, b.calendar) else "gregorian"
        if a.span is None or b.span is None or a.value is None or b.value is None:
            return Resolved("DATE", None, calendar=cal)
        return Resolved("DATE", f"{a.value}/{b.value}", span=(a.span[0], b.span[1]), calendar=cal)
    if k == "nextday":
        if fr.inner is None:
            return Resolved("DATE", None)
        inner = resolve(fr.inner, dct, tense, prev_day)
        if inner.day is None:
            return Resolved("DATE", None, calendar=inner.calendar)
        g = inner.day + _DAY
        return Resolved("DATE", g.isoformat(), span=(g, g), calendar=inner.calendar, day=g)
    if k == "daypart":
        inner = resolve(fr.inner, dct, tense, prev_day)  # type: ignore[arg-type]
        if inner.day is None:
            return Resolved("TIME", None, calendar=inner.calendar)
        g = inner.day
        if fr.daypart == "MIDNIGHT":  # the midnight at the end of that day: next day, 00:00
            n = g + _DAY
            return Resolved("TIME", f"{n.isoformat()}T00:00", span=(n, n), calendar=inner.calendar, day=n)
        return Resolved("TIME", f"{g.isoformat()}T{fr.daypart}", span=(g, g), calendar=inner.calendar, day=g)
    if k == "time":
        g = prev_day or dct
        clock = f"T{fr.hour or 0:02d}:{fr.minute or 0:02d}"
        if g is None:
            return Resolved("TIME", f"XXXX-XX-XX{clock}")
        return Resolved("TIME", f"{g.isoformat()}{clock}", span=(g, g), day=g)
    raise ValueError(f"unknown frame kind {k!r}")
