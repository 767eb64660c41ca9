"""Recogniser rules for calendar expressions: month names, day + month (+ year), numeric dates,
years, Hijri dates, ranges, part-of-span modifiers and centuries.

Every rule reads Tokens from index i and returns (skip, j, frame): the clitic characters to skip
at token i, the index after the expression, and the parse; or None. Rules only look a bounded
number of tokens ahead, so the scan stays linear in the length of the text.
"""

from __future__ import annotations

from . import lexicon as L
from .frames import Frame
from .numbers import parse_cardinal, parse_ordinal
from .tokens import Tokens

Match = tuple[int, int, Frame]
_SLASH_OR_PAREN = {"/", "(", "-"}
_NUM_SEPS = {"/", "-", ".", "\\"}
_CONNECT_RANGE = {"الي", "حتي", "لغايه", "غايه"}
_BETWEEN = {"بين"}
_FROM = {"من"}


def has_trigger(t: Tokens, i: int) -> bool:
    """A preposition or temporal noun right before token i licenses a bare month or year."""
    return t.find(i - 1, L.TRIGGERS) is not None


def month_at(t: Tokens, i: int) -> tuple[int, int, bool, int] | None:
    """A month name at token i: (skip, j, month, hijri)."""
    for key, skip in t.forms(i):
        if key in L.GREG_MONTHS:
            return skip, i + 1, L.GREG_MONTHS[key], False
        if key == "اب" and L.AUGUST_AB in t.raw(i):
            return skip, i + 1, 8, False
        if key in L.GREG_MONTHS_2 and (m := L.GREG_MONTHS_2[key].get(t.word(i + 1))):
            return skip, i + 2, m, False
        if key in L.HIJRI_MONTHS:
            return skip, i + 1, L.HIJRI_MONTHS[key], True
        if key in L.HIJRI_MONTHS_2 and (m := L.HIJRI_MONTHS_2[key].get(t.word(i + 1))):
            return skip, i + 2, m, True
    return None


def _year_at(t: Tokens, j: int, hijri: bool | None) -> tuple[int, int, bool] | None:
    """A 4-digit year at token j with an optional era marker: (j_after, year, is_hijri).

    hijri=True (after a Hijri month) also accepts a Gregorian year ("رمضان 2020"): the caller
    tells them apart by the range.
    """
    if not t.is_num(j) or len(t.norms[j]) != 4:
        return None
    y = t.num(j) or 0
    k = j + 1
    marker_h = t.word(k) in L.HIJRI_MARKERS
    if marker_h or t.word(k) in L.GREG_MARKERS:
        k += 1
    is_h = marker_h or (hijri is True and 1300 <= y <= 1500)
    if is_h and not 1300 <= y <= 1500:
        return None
    if hijri is True and not marker_h and 1900 <= y <= 2100:
        return k, y, False
    if not is_h and not 1000 <= y <= 2100:
        return None
    if hijri is False and is_h:
        return None
    return k, y, is_h


def month_phrase(t: Tokens, i: int, *, bare_ok: bool) -> Match | None:
    """[شهر] MONTH [/ MONTH | (MONTH)] [YEAR [era]] [relative word]."""
    skip, j, has_noun = 0, i, False
    if (f := t.find(i, {L.MONTH_NOUN})) is not None:
        skip, j, has_noun = f[1], i + 1, True
    m = month_at(t, j)
    if m is None:
        return None
    if not has_noun:
        skip = m[0]
    j, month, hijri = m[1], m[2], m[3]
    # Paired forms: "كانون الأول/ديسمبر", "ديسمبر (كانون الأول)", "نوفمبر/تشرين الثاني".
    if t.word(j) in _SLASH_OR_PAREN and (m2 := month_at(t, j + 1)) is not None and m2[3] == hijri:
        j = m2[1] + (1 if t.word(m2[1]) == ")" else 0)
    fr = Frame("date", month=month, hijri=hijri)
    if t.word(j) == "من" and t.word(j + 1) in L.YEAR_NOUNS and (y := _year_at(t, j + 2, hijri)) is not None:
        j, fr.year = y[0], y[1]  # "في يناير من عام 2020"
        fr.year_greg = hijri and not y[2]
    elif t.word(j) in L.YEAR_NOUNS and (y := _year_at(t, j + 1, hijri)) is not None:
        j, fr.year = y[0], y[1]  # "عشرين غشت سنة 1953"
        fr.year_greg = hijri and not y[2]
    elif (y := _year_at(t, j, hijri)) is not None:
        j, fr.year = y[0], y[1]
        fr.year_greg = hijri and not y[2]
    elif t.word(j) in L.RELATIVE:
        fr.rel = L.RELATIVE[t.word(j)]
        j += 1
    elif not (has_noun or bare_ok or has_trigger(t, i)):
        return None
    # صفر / رجب / رمضان are also a number and first names: bare, they need a day (bare_ok) or,
    # for رمضان only, a preposition before.
    bare = fr.year is None and fr.rel is None and not has_noun and not bare_ok
    if hijri and month in L.HIJRI_AMBIGUOUS and bare and (month != 9 or not has_trigger(t, i)):
        return None
    return skip, j, fr


def _day_at(t: Tokens, i: int) -> tuple[int, int, int] | None:
    """Day of month at token i: digits, an ordinal ("العاشر من"), or "غرة": (skip, j, day)."""
    if t.is_num(i) and len(t.norms[i]) <= 2 and 1 <= (t.num(i) or 0) <= 31:
        return 0, i + 1, t.num(i) or 0
    if (f := t.find(i, L.FIRSTS)) is not None:
        return f[1], i + 1, 1
    o = parse_ordinal(t, i)
    if o and 1 <= o[0] <= 31:
        return 0, o[1], o[0]
    # Cardinal words ("يوم عشرين غشت"): only straight before a month name (checked by daymonth).
    c = parse_cardinal(t, i)
    if c and 1 <= c[0] <= 31 and not t.is_num(i):
        return 0, c[1], c[0]
    return None


def daymonth(t: Tokens, i: int) -> Match | None:
    """[يوم] [WEEKDAY [،]] DAY [من] [شهر] MONTH [pair] [YEAR] [rel]."""
    skip, j, weekday = 0, i, None
    if (f := t.find(j, {L.DAY_NOUN})) is not None:
        skip, j = f[1], j + 1
    if (w := t.find(j, L.WEEKDAYS)) is not None:
        if j == i:
            skip = w[1]
        weekday, j = L.WEEKDAYS[w[0]], j + 1
        if t.word(j) in {"،", ","}:
            j += 1
    d = _day_at(t, j)
    if d is None:
        return None
    if j == i:
        skip = d[0]
    k = d[1]
    ordinal = parse_ordinal(t, j) is not None
    if t.word(k) == "من" and ordinal:
        k += 1
    elif ordinal:
        return None  # "العاشر ديسمبر" is not how dates are written; avoid ordinals of other nouns
    if not t.is_num(j) and not ordinal and t.find(j, L.FIRSTS) is None and month_at(t, k) is None:
        return None  # a cardinal word is a day only right before a month name
    mp = month_phrase(t, k, bare_ok=True)
    if mp is None:
        return None
    fr = mp[2]
    fr.day, fr.weekday = d[2], weekday
    return skip, mp[1], fr


def numeric(t: Tokens, i: int) -> Match | None:
    """20-07-2022, 20 - 07 - 2022, 17/7/2022, 2022/07/20, 14/6/1444هـ (day first by default)."""
    if not t.is_num(i) or (t.word(i - 1) in _NUM_SEPS and t.is_num(i - 2)):
        return None
    sep = t.word(i + 1)
    if sep not in _NUM_SEPS or t.word(i + 3) != sep or not (t.is_num(i + 2) and t.is_num(i + 4)):
        return None
    if t.word(i + 5) in _NUM_SEPS and t.is_num(i + 6):
        return None  # a longer chain: phone number, law number
    if any(len(t.gap(k)) > 1 for k in range(i + 1, i + 5)):
        return None
    a, b, c = (t.norms[k] for k in (i, i + 2, i + 4))
    if len(a) == 4 and len(b) <= 2 and len(c) <= 2:
        y, mo, d = int(a), int(b), int(c)
    elif len(c) == 4 and len(a) <= 2 and len(b) <= 2:
        y, mo, d = int(c), int(b), int(a)
        if mo > 12 and d <= 12:  # unambiguous month-first writing
            mo, d = d, mo
    else:
        return None
    j = i + 5
    hijri = t.word(j) in L.HIJRI_MARKERS
    if hijri or t.word(j) in L.GREG_MARKERS:
        j += 1
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    if (hijri and not 1300 <= y <= 1500) or (not hijri and not 1900 <= y <= 2100):
        return None
    return 0, j, Frame("date", year=y, month=mo, day=d, hijri=hijri)


def year(t: Tokens, i: int, prev_year_end: int) -> Match | None:
    """عام 2020 / لسنة 1446 هـ / 1446 هـ / (في|منذ|...) 2020 / "2023 و2024" after a year."""
    skip, j, noun = 0, i, False
    if (f := t.find(i, L.YEAR_NOUNS)) is not None:
        skip, j, noun = f[1], i + 1, True
    y = _year_at(t, j, None)
    if y is None:
        return None
    k, val, is_h = y
    explicit_h = t.word(k - 1) in L.HIJRI_MARKERS
    if not noun and not explicit_h:
        coordinated = t.word(i - 1) == "و" and prev_year_end == i - 2
        if not (has_trigger(t, i) or coordinated):
            return None
        nxt = t.word(k)
        if nxt in L.COUNT_NOUNS or (nxt in _NUM_SEPS and t.is_num(k + 1)) or nxt == ":":
            return None
    return skip, k, Frame("date", year=val, hijri=is_h)


def date_range(t: Tokens, i: int) -> Match | None:
    """ "ما بين 12 و15 سبتمبر", "من 23 إلى 25 ماي الجاري", "يومي 15 و16 جوان", "من يناير إلى غشت 2023"."""
    j = i + 1 if t.word(i) == "ما" else i
    f = t.find(j, _BETWEEN | _FROM | {L.DAYS_NOUN})
    if f is None:
        return None
    skip = f[1] if j == i else 0
    is_from = f[0] in _FROM
    j += 1
    first = daymonth(t, j) or month_phrase(t, j, bare_ok=True)
    if first is None:
        d = _day_at(t, j)
        if d is None or not t.is_num(j):
            return None
        first = (0, d[1], Frame("date", day=d[2]))
    k = first[1]
    conn = t.word(k)
    if conn in _CONNECT_RANGE or conn == "-" or (conn == "و" and not is_from):
        k += 1
        if conn == "الي" and t.word(k) == "غايه":  # "إلى غاية"
            k += 1
    elif is_from or not (len(conn) > 2 and conn[0] == "و"):  # else "ومارس": clitic و on the 2nd end
        return None
    second = daymonth(t, k) or month_phrase(t, k, bare_ok=True)
    if second is None:
        return None
    a, b = first[2], second[2]
    if a.month is None and (b.day is None or b.month is None):
        return None
    if a.month is None:
        a.month, a.hijri = b.month, b.hijri
    if a.year is None and a.rel is None:
        a.year, a.rel = b.year, b.rel
    return skip, second[1], Frame("range", inner=a, end=b)


def part_of(t: Tokens, i: int) -> Match | None:
    """أواخر/أوائل/مطلع/منتصف/نهاية/بداية + month, year, or the current/next/last unit."""
    f = t.find(i, L.PART_OF)
    if f is None:
        return None
    mod, j = L.PART_OF[f[0]], i + 1
    inner = month_phrase(t, j, bare_ok=True) or year(t, j, -1)
    if inner is None and t.is_num(j) and len(t.norms[j]) == 4 and 1900 <= (t.num(j) or 0) <= 2100:
        inner = (0, j + 1, Frame("date", year=t.num(j)))
    if inner is not None:
        return f[1], inner[1], Frame("partof", mod=mod, inner=inner[2])
    unit = L.SPAN_UNITS.get(t.word(j))
    if unit is None:
        return None
    rel = L.RELATIVE.get(t.word(j + 1))
    k = j + 1 + (rel is not None)
    if unit == "W" and mod == "END" and rel is None:
        return f[1], k, Frame("relspan", unit="W", rel=0, week_end=True)
    return f[1], k, Frame("partof", mod=mod, inner=Frame("relspan", unit=unit, rel=rel or 0))


def century(t: Tokens, i: int) -> Match | None:
    """القرن التاسع عشر / القرن الحادي والعشرين."""
    f = t.find(i, {L.CENTURY})
    if f is None:
        return None
    o = parse_ordinal(t, i + 1)
    if o is None or not 1 <= o[0] <= 21:
        return None
    return f[1], o[1], Frame("century", n=o[0])
