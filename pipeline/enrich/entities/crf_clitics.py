"""Leave proclitics out of an entity span: "لإسرائيل" → the span of "إسرائيل".

ANERcorp (and so the CRF) tags whole tokens; Akhbar's mention spans exclude the proclitics
و ف (conjunctions), ب ل ك (prepositions) and their combinations (وب، ول، فل، وك…). Whether a
leading letter is a clitic or part of the name ("لبنان", "بغداد", "فرنسا", "كندا",
"واشنطن") is decided with word counts from the training split (``anercorp_vocab.tsv``): a
split wins when its remainder is a more frequent word than the whole token. For words the
counts do not know, conservative rules apply (see :func:`proclitic_length`).

"لل" (ل + the article ال, whose alef is elided in writing): the span starts after "لل", so
"للمغرب" gives the span "مغرب" and "للأمم المتحدة" gives "أمم المتحدة". The article cannot
be restored inside an offset span; a linker should look such a surface up with "ال"
prefixed (the returned :class:`Trim` says so with ``elided_article``). "لليبيا" (ل + ليبيا)
is told apart by the counts: "ليبيا" is a known word, "يبيا" is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# One-to-one letter folding, so a prefix of n folded letters is n letters of the raw token.
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})

# Candidate proclitic strings, with whether the article ال was elided into them.
_CANDIDATES: tuple[tuple[str, bool], ...] = tuple(
    [(c + p, False) for c in ("و", "ف") for p in ("ب", "ل", "ك")]
    + [("و", False), ("ف", False), ("ب", False), ("ل", False), ("ك", False)]
    + [("لل", True), ("ولل", True), ("فلل", True)]
)
# Shortest stem we will leave behind: two letters ("مصر" has three, "قم" two).
_MIN_STEM = 2


@dataclass(frozen=True, slots=True)
class Trim:
    """How many raw characters of a token are proclitics, and whether an article was elided."""

    length: int
    elided_article: bool = False


def _fold(s: str) -> str:
    return s.translate(_FOLD)


def _unknown_word_rule(clitic: str, elided: bool, rest: str) -> bool:
    """Strip a clitic from a word the counts do not know? (rule 2 of proclitic_length)"""
    if elided:
        return len(rest) >= 3
    if rest.startswith("ال"):
        return len(rest) >= 4
    return clitic == "و" and len(rest) >= 3


def proclitic_length(token: str, counts: dict[str, int]) -> Trim:
    """Raw-character length of the proclitics at the start of ``token`` (0 if none).

    ``token`` is raw text (marks allowed); ``counts`` maps folded words (alef/ya/taa
    marbuta/hamza-seat folded, marks removed) to their frequency in the training split.
    Decision, in order:
    1. Among the candidate splits whose remainder (or, for "لل", "ال" + remainder) has a
       count, take the one with the highest count, if it beats the whole token's count.
    2. Unknown words: strip the clitic when the remainder starts with the article
       ("بالرباط" → "الرباط"), or it is "لل" + ≥3 letters; strip a lone "و" before a stem of
       ≥3 letters (و-initial names are few and common enough to be in the counts).
       Otherwise keep the token whole: ب/ل/ك/ف also begin many foreign names (بايدن، لافروف).
    """
    # Index of each letter in the raw token, skipping combining marks and tatweel.
    idx = [i for i, ch in enumerate(token) if not _MARK_RE.match(ch)]
    letters = _fold("".join(token[i] for i in idx))
    whole = counts.get(letters, 0)
    best: tuple[int, str, bool] | None = None  # (count, clitic, elided)
    fallback: tuple[str, bool] | None = None
    for clitic, elided in _CANDIDATES:
        if not letters.startswith(clitic) or len(letters) - len(clitic) < _MIN_STEM:
            continue
        rest = letters[len(clitic) :]
        key = "ال" + rest if elided else rest
        c = counts.get(key, 0)
        if c > 0 and (best is None or c > best[0]):
            best = (c, clitic, elided)
        if fallback is None and not whole and _unknown_word_rule(clitic, elided, rest):
            fallback = (clitic, elided)
    if best is not None and best[0] > whole:
        clitic, elided = best[1], best[2]
    elif fallback is not None and best is None:
        clitic, elided = fallback
    else:
        return Trim(0)
    # Raw length: up to (not including) the first letter of the stem, so a mark on the
    # clitic letter ("وَ") is dropped with it.
    return Trim(idx[len(clitic)], elided)
