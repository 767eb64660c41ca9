"""The scan: walk the tokens once, try every rule that can start at a token, keep the longest
match, jump past it. Each rule looks a bounded number of tokens ahead, and a token that cannot
start any rule (most of them) costs one set look-up, so the whole pass is linear in the text.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from . import lexicon as L
from . import numbers as N
from . import rules_calendar as C
from . import rules_periods as P
from . import rules_relative as R
from .frames import Candidate, Frame
from .tokens import DIGIT_FIRST, Tokens

Rule = Callable[[Tokens, int], "C.Match | None"]


def _month_rule(t: Tokens, i: int) -> C.Match | None:
    return C.month_phrase(t, i, bare_ok=False)


_MONTH_KEYS = {*L.GREG_MONTHS, *L.GREG_MONTHS_2, *L.HIJRI_MONTHS, *L.HIJRI_MONTHS_2, "اب", L.MONTH_NOUN}
_ORDINALS = {*N.ORD_UNITS, *N.ORD_TENS, N.ORD_TEN, N.ORD_TEN_F}
_NUMBER_WORDS = {*N.CARD_UNITS, *N.CARD_TENS, *N.TEN, *N.HUNDRED}
_YEAR = "year"  # placeholder: the year rule needs the scan state (previous year), see recognise()
NUM = "<num>"

# (rule, words it can start with). Listed in priority order for matches of equal length.
_RULE_STARTS: tuple[tuple[Rule | str, set[str]], ...] = (
    (C.date_range, {"ما", "بين", "من", L.DAYS_NOUN}),
    (C.daymonth, {L.DAY_NOUN, *L.WEEKDAYS, *L.FIRSTS, *_ORDINALS, *_NUMBER_WORDS, NUM}),
    (C.numeric, {NUM}),
    (C.part_of, set(L.PART_OF)),
    (R.daypart, {*L.DAY_PARTS, "منتصف"}),
    (R.relday, {*L.REL_DAYS, "اول", "بعد"}),
    (R.weekday, {L.DAY_NOUN, *L.WEEKDAYS}),
    (R.offset, set(L.OFFSET_WORDS)),
    (C.century, {L.CENTURY}),
    (P.quarter, set(P.QUARTER_NOUNS)),
    (P.season, set(P.SEASONS)),
    (R.relspan, {*L.THIS, *L.SPAN_UNITS}),
    (R.plural_span, set(L.PLURAL_SPAN_UNIT)),
    (R.setexpr, {*L.SET_ADVERBS, L.EVERY}),
    (R.clock, {L.CLOCK, NUM}),
    (R.duration, {*L.APPROX_WORDS, *L.MORE_LESS, *L.DUAL_UNITS, *L.VAGUE_COUNT, *L.UNITS, *_NUMBER_WORDS, NUM}),
    (R.ref, set(L.REFS)),
    (R.definite_count_span, {"ال", *("ال" + k for k in (*N.CARD_UNITS, *N.TEN, *N.CARD_TENS))}),
    (R.nextday, {L.NEXT_DAY}),
    (_month_rule, _MONTH_KEYS),
    (_YEAR, {*L.YEAR_NOUNS, NUM}),
)
_DISPATCH: dict[str, tuple[Rule | str, ...]] = {}
for _rule, _keys in _RULE_STARTS:
    for _k in _keys:
        _DISPATCH[_k] = (*_DISPATCH.get(_k, ()), _rule)
STARTERS: frozenset[str] = frozenset(k for k in _DISPATCH if k != NUM)
# Every starter with the proclitics a token may carry, so most tokens are rejected by one look-up.
_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
_EXPANDED: frozenset[str] = frozenset(
    {p + k for k in STARTERS for p in _PREFIXES}
    | {p + "ل" + k[1:] for k in STARTERS if k.startswith("ال") for p in ("", "و", "ف")}
)
_ORDER = {r: k for k, (r, _) in enumerate(_RULE_STARTS)}
_NUM_NEXT = frozenset({"/", "-", ".", ":", "\\", "و"})


_SEPS = frozenset({"/", "-", ".", "\\"})
_NUM_FOLLOW = _EXPANDED | _SEPS | {":"} | L.HIJRI_MARKERS


def _rules_at(t: Tokens, i: int) -> tuple[Rule | str, ...]:
    """Rules that may match at token i, chosen from the token and (for a number) the next one."""
    if t.is_num(i):
        nxt = t.word(i + 1)
        four = len(t.norms[i]) == 4
        if nxt in _SEPS:
            return (C.numeric, _YEAR) if four else (C.numeric,)
        if nxt == ":":
            return (R.clock, _YEAR) if four else (R.clock,)
        if nxt in _EXPANDED:
            return (C.daymonth, R.duration, _YEAR) if four else (C.daymonth, R.duration)
        return (_YEAR,) if four else ()
    rules: tuple[Rule | str, ...] = ()
    for key, _ in t.forms(i):
        for r in _DISPATCH.get(key, ()):
            if r not in rules:
                rules = (*rules, r)
    return tuple(sorted(rules, key=_ORDER.__getitem__))


def _coordinate(cands: list[Candidate], t: Tokens) -> None:
    """ "في يوليوز وغشت الماضيين": a bare month takes the relative word of the next one."""
    for a, b in pairwise(cands):
        fa, fb = a.frame, b.frame
        if (
            fa.kind == fb.kind
            and fa.kind in ("date", "weekday")
            and fa.year is None
            and fa.rel is None
            and fb.rel is not None
            and (fa.month is not None or fa.kind == "weekday")
            and t.text[a.end : b.start].strip() in ("و", "")
        ):
            fa.rel = fb.rel  # "يومي السبت والأحد الماضيين" too


def recognise(t: Tokens) -> list[Candidate]:
    """All expressions in the token stream, left to right, non-overlapping."""
    out: list[Candidate] = []
    prev_year_end, resume = -10, 0
    norms = t.norms
    # One C-speed pass picks the few tokens that could start anything.
    # Numbers count only if they could be a day, hour, count or year (<= 4 digits) and are followed
    # by something a date or duration can continue with.
    follow = [*norms[1:], ""]
    hot = [
        k
        for k, (w, x) in enumerate(zip(norms, follow, strict=True))
        if (w in _EXPANDED if w[0] not in DIGIT_FIRST else len(w) <= 4 and (len(w) == 4 or x in _NUM_FOLLOW))
    ]
    for i in hot:
        if i < resume:
            continue
        rules = _rules_at(t, i)
        if not rules:
            continue
        best: tuple[int, int, Frame] | None = None
        for rule in rules:
            m = C.year(t, i, prev_year_end) if rule == _YEAR else rule(t, i)  # type: ignore[operator]
            if m is not None and (best is None or m[1] > best[1]):
                best = m
        if best is None:
            continue
        skip, j, frame = best
        start = t.starts[i] + skip
        while start < t.ends[i] - 1 and t.text[start] == "\u0640":  # "بـالعام": the tatweel belongs to the clitic
            start += 1
        out.append(Candidate(start, t.ends[j - 1], i, j, frame))
        if frame.kind == "date" and frame.month is None and frame.year is not None:
            prev_year_end = j - 1
        resume = j
    _coordinate(out, t)
    return out
