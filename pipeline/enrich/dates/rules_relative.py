"""Recogniser rules for relative and non-calendar expressions: today/yesterday/tomorrow,
weekdays, parts of the day, "الأسبوع المقبل", "منذ ثلاثة أشهر", vague references, durations,
sets and clock times. Same contract as rules_calendar: (skip, j, frame) or None.
"""

from __future__ import annotations

from . import lexicon as L
from .frames import Frame
from .numbers import CARD_TENS, CARD_UNITS, TEN, parse_cardinal
from .rules_calendar import Match, daymonth
from .tokens import Tokens

_OPEN_QUOTES = {"«", '"', "“", "'"}
_CLOSE_QUOTES = {"»", '"', "”", "'"}
_BEFORE_TODAY_BLOCK = {"ذلك", "نفس", "ذات", "طيله", "طوال", "تلك"}
_UNIT_VALUE = {
    "D": ("P", "D", 1),
    "W": ("P", "W", 1),
    "M": ("P", "M", 1),
    "Y": ("P", "Y", 1),
    "DE": ("P", "Y", 10),
    "CE": ("P", "Y", 100),
    "H": ("PT", "H", 1),
    "MIN": ("PT", "M", 1),
    "S": ("PT", "S", 1),
}
_FIRST = "اول"
_MIDDLE = "منتصف"
_NIGHT = {"ليل", "ليله"}
_MIDNIGHT = "MIDNIGHT"
_PLURAL_UNITS = {"ايام", "اسابيع", "اشهر", "شهور", "سنوات", "سنين", "اعوام", "عقود"}
_SINGULAR = {"يوم", "اسبوع", "شهر", "عام", "سنه", "ساعه", "عقد"}
_AFTER = "بعد"
_TOMORROW = "غد"


def duration_value(unit: str, n: int | None) -> str:
    """TIMEX3 duration: ("D", 3) -> "P3D", ("DE", 2) -> "P20Y", ("M", None) -> "PXM"."""
    prefix, letter, mult = _UNIT_VALUE[unit]
    return f"{prefix}{'X' if n is None else n * mult}{letter}"


def relday(t: Tokens, i: int) -> Match | None:
    """اليوم / أمس / غدا / أول أمس / أمس الأول / بعد غد, optionally followed by a weekday."""
    w = t.word(i)
    if w == _FIRST and t.word(i + 1) == "امس":
        days, j, skip = -2, i + 2, 0
    elif t.find(i, {_AFTER}) and t.word(i + 1) in {_TOMORROW, "غدا"}:
        days, j, skip = 2, i + 2, t.find(i, {_AFTER})[1]  # type: ignore[index]
    else:
        f = t.find(i, L.REL_DAYS)
        if f is None:
            return None
        days, j, skip = L.REL_DAYS[f[0]], i + 1, f[1]
        if f[0] == "اليوم" and (t.word(j) in L.TODAY_BLOCKERS or t.word(i - 1) in _BEFORE_TODAY_BLOCK):
            return None
        if t.word(i - 1) in _OPEN_QUOTES and t.word(j) in _CLOSE_QUOTES:
            return None  # «اليوم»: a newspaper's name
        if days == -1 and t.word(j) in {"الاول"}:
            days, j = -2, j + 1
    fr = Frame("relday", days=days)
    if (wd := L.WEEKDAYS.get(t.word(j))) is not None:
        fr.weekday, j = wd, j + 1
    return skip, j, fr


def weekday(t: Tokens, i: int) -> Match | None:
    """[يوم] WEEKDAY [المقبل|الماضي|...]."""
    skip, j = 0, i
    if (f := t.find(i, {L.DAY_NOUN})) is not None:
        skip, j = f[1], i + 1
    w = t.find(j, L.WEEKDAYS)
    if w is None or t.word(i - 1) in L.WEEKDAY_BLOCKERS or t.word(j + 1) in TEN:
        return None
    if j == i:
        skip = w[1]
    fr = Frame("weekday", weekday=L.WEEKDAYS[w[0]])
    j += 1
    if (r := L.RELATIVE.get(t.word(j))) is not None:
        fr.rel, j = r, j + 1
    return skip, j, fr


def daypart(t: Tokens, i: int) -> Match | None:
    """صباح اليوم / مساء أمس / ليل الثلاثاء / مساء يوم الأحد / صباح 12 مارس."""
    f = t.find(i, L.DAY_PARTS)
    k = i + 1
    if f is None and (m := t.find(i, {_MIDDLE})) is not None and t.word(i + 1) in _NIGHT:
        f, k = (_MIDNIGHT, m[1]), i + 2  # "منتصف ليل الجمعة": the midnight that ends Friday
    if f is None:
        return None
    inner = relday(t, k) or daymonth(t, k) or weekday(t, k)
    if inner is None:
        return None
    j = inner[1]
    if inner[2].kind == "weekday" and t.word(j) in {"-", "/"} and t.word(j + 1) in L.WEEKDAYS:
        j += 2  # "ليل الجمعة - السبت": the night between two days, dated by the first
    return f[1], j, Frame("daypart", daypart=L.DAY_PARTS.get(f[0], _MIDNIGHT), inner=inner[2])


def relspan(t: Tokens, i: int) -> Match | None:
    """الأسبوع/الشهر/العام/السنة + المقبل/الماضي/الجاري/...; هذا العام; هذه السنة; هذا اليوم."""
    skip, j, this = 0, i, False
    if (f := t.find(i, L.THIS)) is not None:
        skip, j, this = f[1], i + 1, True
    u = t.find(j, L.SPAN_UNITS)
    if u is None:
        return None
    if j == i:
        skip = u[1]
    if this and L.SPAN_UNITS[u[0]] == "D":
        # "في مثل هذا اليوم عام 1929": the dct's month and day in that year (anniversaries).
        if t.word(j + 1) in L.YEAR_NOUNS and t.is_num(j + 2) and len(t.norms[j + 2]) == 4:
            return skip, j + 3, Frame("date", year=t.num(j + 2), dct_day=True)
        return skip, j + 1, Frame("relday", days=0)
    rel = L.RELATIVE.get(t.word(j + 1))
    if (rel is None and not this) or L.SPAN_UNITS[u[0]] == "D":
        return None
    return skip, j + 1 + (rel is not None), Frame("relspan", unit=L.SPAN_UNITS[u[0]], rel=rel or 0)


def _definite_count(t: Tokens, i: int) -> tuple[int, int] | None:
    """ "الست", "العشر", "الأربع والعشرين", "الـ10": a number with the article: (n, j)."""
    w = t.word(i)
    if w == "ال" and t.is_num(i + 1):
        return t.num(i + 1) or 0, i + 2
    if not w.startswith("ال"):
        return None
    if w[2:] in TEN:
        return 10, i + 1
    if w[2:] in CARD_TENS:
        return CARD_TENS[w[2:]], i + 1
    if w[2:] not in CARD_UNITS:
        return None
    n, j = CARD_UNITS[w[2:]], i + 1
    tens = t.word(j)
    if tens.startswith("وال") and tens[3:] in CARD_TENS:
        return n + CARD_TENS[tens[3:]], j + 1
    if tens.startswith("ال") and tens[2:] in TEN:
        return n + 10, j + 1
    return n, j


def definite_count_span(t: Tokens, i: int) -> Match | None:
    """ "الثلاث سنوات الأخيرة", "الـ 24 ساعة الماضية": the last / next N units, a duration."""
    n = _definite_count(t, i)
    if n is None or t.word(n[1]) not in L.UNITS or L.PLURAL_REF.get(t.word(n[1] + 1)) is None:
        return None
    return 0, n[1] + 2, Frame("duration", value=duration_value(L.UNITS[t.word(n[1])], n[0]))


def plural_span(t: Tokens, i: int) -> Match | None:
    """الأيام المقبلة (FUTURE_REF), الأشهر الماضية (PAST_REF), السنوات الست الماضية (P6Y)."""
    f = t.find(i, L.PLURAL_SPAN_UNIT)
    if f is None:
        return None
    unit, j = L.PLURAL_SPAN_UNIT[f[0]], i + 1
    n = _definite_count(t, j)
    if n is not None:
        j = n[1]
    if t.word(j) in {"القليله"}:
        j += 1
    rel = L.PLURAL_REF.get(t.word(j))
    if rel is None:
        return None
    if n is not None:
        return f[1], j + 1, Frame("duration", value=duration_value(unit, n[0]))
    return f[1], j + 1, Frame("ref", value="PAST_REF" if rel < 0 else "FUTURE_REF")


def duration_core(t: Tokens, i: int) -> tuple[int, str, int | None] | None:
    """N units / dual unit / عدة units / unit واحد: (j, unit, n)."""
    w = t.word(i)
    if w in L.DUAL_UNITS:
        return i + 1, L.UNITS[w], 2
    if w in L.VAGUE_COUNT and t.word(i + 1) in L.UNITS:
        return i + 2, L.UNITS[t.word(i + 1)], None
    if w in L.UNITS and t.word(i + 1) in {"واحد", "واحده"} and w not in {"عقد"}:
        return i + 2, L.UNITS[w], 1
    c = parse_cardinal(t, i)
    if c is None or c[0] <= 0 or c[0] > 1000:
        return None
    u = t.word(c[1])
    if u not in L.UNITS or u in L.DUAL_UNITS:
        return None
    return c[1] + 1, L.UNITS[u], c[0]


def _approx(t: Tokens, i: int) -> tuple[str | None, int]:
    """Optional "نحو"/"حوالي" or "أكثر من"/"أقل من" before a quantity: (mod, j)."""
    w = t.word(i)
    if w in L.APPROX_WORDS:
        return L.APPROX_WORDS[w], i + 1
    if w in L.MORE_LESS and t.word(i + 1) == "من":
        return L.MORE_LESS[w], i + 2
    return None, i


def duration(t: Tokens, i: int) -> Match | None:
    """ثلاثة أيام, أسبوعين, 15 يوما, عقدين, أكثر من شهرين, عدة أشهر."""
    mod, j = _approx(t, i)
    d = duration_core(t, j)
    if d is None:
        f = t.find(i, L.DUAL_UNITS) if j == i else None  # "وأسبوعين": clitic before a dual
        if f is None:
            return None
        return f[1], i + 1, Frame("duration", value=duration_value(L.UNITS[f[0]], 2))
    return 0, d[0], Frame("duration", value=duration_value(d[1], d[2]), mod=mod)


def offset(t: Tokens, i: int) -> Match | None:
    """منذ ثلاثة أشهر / قبل يومين / بعد أسبوعين / قبل نحو ثلاث سنوات."""
    f = t.find(i, L.OFFSET_WORDS)
    if f is None:
        return None
    mod, j = _approx(t, i + 1)
    d = duration_core(t, j)
    if d is None:
        # "قبل أسبوع", "منذ عام": a singular unit is one unit, unless a year follows ("قبل عام 2020");
        # "قبل شهور", "منذ سنوات": a bare plural is a vague past (or future) reference.
        u = t.word(j)
        if u in _PLURAL_UNITS:
            d = (j + 1, L.UNITS[u], None)
        elif u not in _SINGULAR or t.is_num(j + 1) or t.word(j + 1) in L.WEEKDAYS_BARE or t.word(j + 1) in L.WEEKDAYS:
            return None  # "قبل عام 2020", "بعد يوم الأحد": the unit heads a date, not an offset
        else:
            d = (j + 1, L.UNITS[u], 1)
    if d[1] == "CE":
        return None
    return f[1], d[0], Frame("offset", sign=L.OFFSET_WORDS[f[0]], unit=d[1], n=d[2], mod=mod)


def setexpr(t: Tokens, i: int) -> Match | None:
    """سنويا, يوميا, كل أسبوع, كل ثلاثة أشهر, كل يوم جمعة."""
    f = t.find(i, L.SET_ADVERBS)
    if f is not None:
        return f[1], i + 1, Frame("set", value=L.SET_ADVERBS[f[0]])
    f = t.find(i, {L.EVERY})
    if f is None:
        return None
    j = i + 1
    if t.word(j) == L.DAY_NOUN and (w := L.WEEKDAYS_BARE.get(t.word(j + 1))) is not None:
        return f[1], j + 2, Frame("set", value=f"XXXX-WXX-{w + 1}")
    if (w := L.WEEKDAYS.get(t.word(j))) is not None:
        return f[1], j + 1, Frame("set", value=f"XXXX-WXX-{w + 1}")
    if t.word(j) in L.UNITS and t.word(j) not in L.DUAL_UNITS and t.word(j) not in {"عقد"}:
        return f[1], j + 1, Frame("set", value=duration_value(L.UNITS[t.word(j)], 1))
    d = duration_core(t, j)
    if d is not None:
        return f[1], d[0], Frame("set", value=duration_value(d[1], d[2]))
    return None


def ref(t: Tokens, i: int) -> Match | None:
    """الآن / حاليا (PRESENT_REF), مؤخرا (PAST_REF), قريبا (FUTURE_REF)."""
    f = t.find(i, L.REFS)
    if f is None or (f[0] == "اللحظه" and t.word(i - 1) not in L.UNTIL):
        return None
    return f[1], i + 1, Frame("ref", value=L.REFS[f[0]])


def _ampm(t: Tokens, j: int, hour: int) -> tuple[int, int]:
    """Apply a following صباحا/مساء/م/ص/ظهرا to a 12-hour reading: (hour, j_after)."""
    kind = L.AMPM.get(t.word(j))
    if kind is None:
        return hour, j
    if kind == "PM" and hour < 12:
        hour += 12
    elif kind == "AM" and hour == 12:
        hour = 0
    elif kind == "NOON" and hour < 6:
        hour += 12
    return hour, j + 1


def clock(t: Tokens, i: int) -> Match | None:
    """03:14 م / الساعة 10 صباحا / الساعة العاشرة والنصف مساء / الساعة 11:30 ليلا."""
    skip, j, has_clock = 0, i, False
    if (f := t.find(i, {L.CLOCK})) is not None:
        skip, j, has_clock = f[1], i + 1, True
    minute = 0
    if t.is_num(j) and len(t.norms[j]) <= 2:
        hour = t.num(j) or 0
        if t.word(j + 1) == ":" and t.tight(j + 1) and t.tight(j + 2) and t.is_num(j + 2):
            if len(t.norms[j + 2]) != 2 or (
                t.word(j + 3) == ":" and t.is_num(j + 4) and t.tight(j + 4) and len(t.norms[j + 4]) != 2
            ):
                return None
            minute, j = t.num(j + 2) or 0, j + 3
            if t.word(j) == ":" and t.is_num(j + 1) and t.tight(j + 1):
                j += 2  # seconds
        elif not has_clock:
            return None
        else:
            j += 1
    elif has_clock and t.word(j) in L.HOUR_WORDS:
        hour, j = L.HOUR_WORDS[t.word(j)], j + 1
        if t.word(j) in TEN:
            hour, j = (11 if hour == 1 else 12), j + 1
    else:
        return None
    if has_clock and (fr := t.find(j, L.FRACTIONS)) is not None and fr[1] == 1:
        minute, j = L.FRACTIONS[fr[0]], j + 1
    if hour > 24 or minute > 59:
        return None
    hour, j = _ampm(t, j, hour)
    if not has_clock and j == i + 3 and t.word(i - 1) in {"[", "("}:
        return None  # "(2:25)" reads as a verse reference, not a time
    return skip, j, Frame("time", hour=hour % 24, minute=minute)


def nextday(t: Tokens, i: int) -> Match | None:
    """غداة + date: the day after; غداة alone keeps an unresolved DATE (the anchor is an event)."""
    f = t.find(i, {L.NEXT_DAY})
    if f is None:
        return None
    inner = daymonth(t, i + 1) or relday(t, i + 1) or weekday(t, i + 1)
    if inner is None:
        return f[1], i + 1, Frame("nextday")
    return f[1], inner[1], Frame("nextday", inner=inner[2])
