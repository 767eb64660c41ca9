"""Number words: cardinals ("ثلاثة", "خمسة وعشرين") and ordinals ("العاشر", "الحادي والعشرين").

Parsers read Tokens from index i and return (value, index after the phrase) or None. A "و"
joining units and tens is either its own token or a clitic on the tens word.
"""

from __future__ import annotations

from .textnorm import norm_word
from .tokens import Tokens

_UNITS_C = {
    1: ("واحد", "واحدة", "أحد", "إحدى"),
    2: ("اثنان", "اثنين", "اثنتين", "اثنتان", "اثنا", "اثني", "اثنتا", "اثنتي"),
    3: ("ثلاث", "ثلاثة"),
    4: ("أربع", "أربعة"),
    5: ("خمس", "خمسة"),
    6: ("ست", "ستة"),
    7: ("سبع", "سبعة"),
    8: ("ثمان", "ثماني", "ثمانية"),
    9: ("تسع", "تسعة"),
}
_TENS_C = {
    20: ("عشرون", "عشرين"),
    30: ("ثلاثون", "ثلاثين"),
    40: ("أربعون", "أربعين"),
    50: ("خمسون", "خمسين"),
    60: ("ستون", "ستين"),
    70: ("سبعون", "سبعين"),
    80: ("ثمانون", "ثمانين"),
    90: ("تسعون", "تسعين"),
}
CARD_UNITS = {norm_word(w): v for v, ws in _UNITS_C.items() for w in ws}
CARD_TENS = {norm_word(w): v for v, ws in _TENS_C.items() for w in ws}
TEN = {norm_word(w) for w in ("عشر", "عشرة")}
HUNDRED = {norm_word(w) for w in ("مئة", "مائة")}

_ORD_UNITS = {
    1: ("الأول", "الأولى", "الحادي", "الحادية"),
    2: ("الثاني", "الثانية"),
    3: ("الثالث", "الثالثة"),
    4: ("الرابع", "الرابعة"),
    5: ("الخامس", "الخامسة"),
    6: ("السادس", "السادسة"),
    7: ("السابع", "السابعة"),
    8: ("الثامن", "الثامنة"),
    9: ("التاسع", "التاسعة"),
}
ORD_UNITS = {norm_word(w): v for v, ws in _ORD_UNITS.items() for w in ws}
ORD_TEN = norm_word("العاشر")
ORD_TEN_F = norm_word("العاشرة")
ORD_TENS = {norm_word("ال" + w[0]): v for v, w in _TENS_C.items() if v <= 90}
ORD_TENS.update({norm_word("ال" + w[1]): v for v, w in _TENS_C.items()})
# "الأول" alone is 1 but "الحادي" needs a following عشر / والعشرين.
_COMPOUND_ONLY = {norm_word("الحادي"), norm_word("الحادية")}


def _tens_word(toks: Tokens, i: int, table: dict[str, int]) -> int | None:
    """Tens value of token i, accepting a "و" clitic or a separate "و" token before it."""
    for key, skip in toks.forms(i):
        if key in table and skip <= 1:
            return table[key]
    return None


def parse_cardinal(toks: Tokens, i: int) -> tuple[int, int] | None:
    """A cardinal number from token i: digits, a word, "خمسة عشر", "خمسة وعشرين", "مئة"."""
    if toks.is_num(i):
        return toks.num(i) or 0, i + 1  # type: ignore[return-value]
    w = toks.word(i)
    if w in CARD_UNITS:
        u = CARD_UNITS[w]
        if toks.word(i + 1) in TEN:
            return 10 + u, i + 2
        j = i + 1
        if toks.word(j) == "و":
            j += 1
        if (t := _tens_word(toks, j, CARD_TENS)) is not None:
            return t + u, j + 1
        return u, i + 1
    if w in TEN:
        return 10, i + 1
    if w in CARD_TENS:
        return CARD_TENS[w], i + 1
    if w in HUNDRED:
        return 100, i + 1
    return None


def parse_ordinal(toks: Tokens, i: int) -> tuple[int, int] | None:
    """An ordinal 1..99 from token i: "العاشر", "الحادي عشر", "الخامس والعشرين", "العشرين"."""
    w = toks.word(i)
    if w in ORD_UNITS:
        u = ORD_UNITS[w]
        if toks.word(i + 1) in TEN:
            return 10 + u, i + 2
        j = i + 1
        if toks.word(j) == "و":
            j += 1
        if (t := _tens_word(toks, j, ORD_TENS)) is not None:
            return t + u, j + 1
        if w in _COMPOUND_ONLY:
            return None
        return u, i + 1
    if w in (ORD_TEN, ORD_TEN_F):
        return 10, i + 1
    if w in ORD_TENS:
        return ORD_TENS[w], i + 1
    return None
