"""Recogniser rules for calendar periods between a month and a year: quarters ("الربع الأول من
2023", Moroccan "الفصل الثاني من السنة الجارية"), halves ("النصف الأول من العام") and seasons
("خريف 2019", "الصيف الماضي"). Same contract as rules_calendar: (skip, j, frame) or None.

"الفصل" (also a chapter or a legal article) and "النصف" (also half of a match) count only with an
explicit year context; "الربيع العربي" is not a season (a season needs a year or a relative word).
"""

from __future__ import annotations

from . import lexicon as L
from .frames import Frame
from .rules_calendar import Match
from .textnorm import norm_word
from .tokens import Tokens

QUARTER_NOUNS = {norm_word("الربع"): "Q", norm_word("الفصل"): "Q", norm_word("النصف"): "H"}
_NEEDS_YEAR = {norm_word("الفصل"), norm_word("النصف")}
_ORDINALS = {norm_word(w): n for w, n in (("الأول", 1), ("الثاني", 2), ("الثالث", 3), ("الرابع", 4))}
_LAST = {norm_word("الأخير")}
SEASONS = {
    norm_word(w): code
    for ws, code in ((("ربيع", "الربيع"), "SP"), (("صيف", "الصيف"), "SU"), (("خريف", "الخريف"), "FA"),
                     (("شتاء", "الشتاء"), "WI"))
    for w in ws
}  # fmt: skip


def _year_context(t: Tokens, j: int) -> tuple[int, int | None, int | None] | None:
    """[من] (2023 | عام 2023 | العام الجاري/الماضي | هذا العام | العام): (j_after, year, rel)."""
    if t.word(j) == "من":
        j += 1
    f = t.find(j, L.YEAR_NOUNS)  # also "للعام الحالي", "لعام 2006"
    w = f[0] if f is not None else t.word(j)
    if t.is_num(j) and len(t.norms[j]) == 4 and 1900 <= (t.num(j) or 0) <= 2100:
        return j + 1, t.num(j), None
    if w in L.YEAR_NOUNS:
        if t.is_num(j + 1) and len(t.norms[j + 1]) == 4 and 1900 <= (t.num(j + 1) or 0) <= 2100:
            return j + 2, t.num(j + 1), None
        if w in (norm_word("العام"), norm_word("السنة")):
            rel = L.RELATIVE.get(t.word(j + 1))
            return (j + 2, None, rel) if rel is not None else (j + 1, None, 0)
    if w in L.THIS and t.word(j + 1) in (norm_word("العام"), norm_word("السنة")):
        return j + 2, None, 0
    return None


def quarter(t: Tokens, i: int) -> Match | None:
    """الربع الأول [من 2023 | من العام الجاري], الفصل الثاني من سنة 2023, النصف الأول من العام."""
    f = t.find(i, QUARTER_NOUNS)
    if f is None:
        return None
    unit = QUARTER_NOUNS[f[0]]
    n = _ORDINALS.get(t.word(i + 1))
    if t.word(i + 1) in _LAST:
        n = 4 if unit == "Q" else 2
    if n is None or (unit == "H" and n > 2):
        return None
    ctx = _year_context(t, i + 2)
    if ctx is None:
        if f[0] in _NEEDS_YEAR:
            return None
        return f[1], i + 2, Frame("period", unit=unit, n=n, rel=0)
    return f[1], ctx[0], Frame("period", unit=unit, n=n, year=ctx[1], rel=ctx[2])


def season(t: Tokens, i: int) -> Match | None:
    """خريف 2019, صيف العام الماضي, الشتاء المقبل, الصيف الماضي."""
    f = t.find(i, SEASONS)
    if f is None:
        return None
    code, j = SEASONS[f[0]], i + 1
    if (rel := L.RELATIVE.get(t.word(j))) is not None and f[0].startswith("ال"):
        return f[1], j + 1, Frame("period", unit=code, rel=rel, sign=1)
    if f[0].startswith("ال"):
        return None
    ctx = _year_context(t, j)
    if ctx is None or (ctx[0] == j + 1 and ctx[1] is None):  # a bare "العام" is not a season's year
        return None
    return f[1], ctx[0], Frame("period", unit=code, year=ctx[1], rel=ctx[2])
