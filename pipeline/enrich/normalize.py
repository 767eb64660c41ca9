"""Orthographic normalisation of Arabic text for matching, with a map back to the original.

Matching (gazetteer look-ups, trigger words, coreference) runs on a *normalised* copy of the
text; every span reported to callers indexes the *original* string. Three forms exist:

- original: the text exactly as extracted (what offsets in `Mention` index);
- normalised: `normalize_arabic(original)` — letters folded, diacritics and tatweel removed,
  so it can be SHORTER than the original; `normalize_with_offsets` gives the index map;
- stripped token: a normalised token with its proclitics removed (`strip_proclitics`).

Folding (one character in, one or zero characters out, never more):
  أ إ آ ٱ ٲ ٳ → ا ; ى ی ې → ي ; ئ → ي ; ؤ → و ; ة ۃ → ه ; ک ك ڪ → ك ; گ → ك ; ڤ → ف ;
  پ → ب ; چ → ج ; ژ → ز ; Arabic-Indic and Persian digits → ASCII digits ; Latin → lower case;
  tatweel (ـ), harakat, shadda, sukun, superscript alef and Quranic marks → removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Characters removed entirely: tatweel, harakat (U+064B–U+065F), superscript alef (U+0670),
# Quranic annotation marks (U+06D6–U+06ED) and zero-width joiners/marks that some CMSs insert.
_REMOVED = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0640", "\u0670", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
)

_FOLD: dict[str, str] = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ى": "ي",
    "ی": "ي",  # Persian yeh
    "ې": "ي",
    "ئ": "ي",  # hamza on yeh: رئيس / رييس / المسئول spelled either way by outlets
    "ؤ": "و",
    "ة": "ه",
    "ۃ": "ه",
    "ک": "ك",  # Persian keheh
    "ڪ": "ك",
    "گ": "ك",  # gaf: Maghrebi/Persian G. G-spelling variants (ج غ ق) are generated in the KB instead
    "ڤ": "ف",  # veh: Maghrebi V
    "پ": "ب",
    "چ": "ج",
    "ژ": "ز",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _FOLD[chr(0x06F0 + _i)] = str(_i)  # Extended (Persian/Urdu) digits


# Folding is a chain of str.replace calls (each runs in C over the whole string): on Arabic
# text this is ~10x faster than str.translate with a dict table, which looks up every character.
_PAIRS: tuple[tuple[str, str], ...] = tuple(_FOLD.items())
_REMOVED_RE = re.compile("[" + "".join(sorted(_REMOVED)) + "]")
_UPPER_RE = re.compile("[A-Z]")


def _fold(text: str) -> str:
    """Same-length folding (letters, digits, Latin case); removed characters are kept."""
    for src, dst in _PAIRS:
        if src in text:
            text = text.replace(src, dst)
    if _UPPER_RE.search(text):
        text = _UPPER_RE.sub(lambda m: m.group().lower(), text)
    return text


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise `text` (original form) and map each normalised index to its original index.

    Returns (normalised, index_map) with len(index_map) == len(normalised); character i of
    the normalised text came from text[index_map[i]]. A normalised span [s, e) maps back to
    the original span [index_map[s], index_map[e - 1] + 1).
    """
    norm, index_map = normalize_with_index(text)
    return norm, list(index_map)


def normalize_with_index(text: str) -> tuple[str, Sequence[int]]:
    """`normalize_with_offsets` without copying an identity map: returns a `range` when no
    character was removed (the common case), a list otherwise. For hot paths."""
    folded = _fold(text)
    cuts = [m.start() for m in _REMOVED_RE.finditer(folded)]
    if not cuts:
        return folded, range(len(text))
    # Removed characters are rare: rebuild from the runs between them.
    parts: list[str] = []
    index_map: list[int] = []
    prev = 0
    for cut in [*cuts, len(folded)]:
        parts.append(folded[prev:cut])
        index_map.extend(range(prev, cut))
        prev = cut + 1
    return "".join(parts), index_map


def normalize_arabic(text: str) -> str:
    """Return the normalised form of `text` (original form in, normalised form out).

    NOT always the same length as the input: diacritics, tatweel and zero-width marks are
    removed (every other character maps to exactly one character). Use
    `normalize_with_offsets` when spans must be mapped back to the input.
    """
    return _REMOVED_RE.sub("", _fold(text))


_SPACE_RE = re.compile(r"\s+")


def normalize_key(text: str) -> str:
    """Normalise an alias for use as a dictionary/automaton key (original form in).

    `normalize_arabic` plus: hyphens, dots and runs of whitespace become one space, and the
    result is stripped. Keys therefore match text whose words are separated by any spacing.
    """
    t = normalize_arabic(text).replace("-", " ").replace("ـ", " ").replace(".", " ")
    return _SPACE_RE.sub(" ", t).strip()


# Proclitics, in the order they can stack: conjunction (و ف), then preposition (ب ل ك).
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")


def proclitic_prefixes() -> frozenset[str]:
    """Every valid proclitic chain (normalised form): "", و, ف, ب, ل, ك, وب, ول, فب, …

    At most one conjunction followed by at most one preposition. ال is not a proclitic: it
    belongs to the name (المغرب). The contraction لل (ل + ال with the alef elided) is handled
    by `strip_proclitics` and by the matcher, not listed here.
    """
    chains = {""}
    for c in ("", *_CONJ):
        for p in ("", *_PREP):
            chains.add(c + p)
    return frozenset(chains)


_PREFIXES = proclitic_prefixes()


def strip_proclitics(token: str, min_stem: int = 2) -> tuple[str, int]:
    """Strip leading proclitics from one token (normalised form in, normalised form out).

    Returns (remainder, n) where n leading characters were proclitics. Rules:
    - at most one conjunction (و ف) then at most one preposition (ب ل ك) are removed, but
      only while at least `min_stem` characters remain and the remainder is not itself
      the article alone;
    - ال stays in the remainder: "بالمغرب" → ("المغرب", 1);
    - "لل" is ل + ال with the alef elided: the first ل is the preposition and the second
      is the article's lam, which stays: "للمغرب" → ("لمغرب", 1). Callers that want the
      dictionary form can restore the alef ("ا" + remainder); the span reported for
      "للمغرب" is therefore "لمغرب" (original offsets start after the preposition);
    - a token is never stripped to nothing: "ول" → ("ول", 0).

    Stripping is greedy and lexicon-free: "وليد" gives ("ليد", 1). Callers that have a
    lexicon (the gazetteer matcher) try both the stripped and unstripped forms.
    """
    n = 0
    rest = token
    if len(rest) - 1 >= min_stem and rest[0] in _CONJ:
        rest, n = rest[1:], n + 1
    if len(rest) - 1 >= min_stem and rest[0] in _PREP:
        # "بال..." / "كال...": preposition before the article; "لل...": preposition + elided alef.
        rest, n = rest[1:], n + 1
    return rest, n


# A token of akhbar_strip_proclitics (0030_analysts.sql): a maximal run of these characters.
_SEARCH_TOKEN = re.compile("[0-9a-zA-Z\u00c0-\u024f\u0621-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff]+")


def search_forms(text: str) -> tuple[str, str]:
    """(normalised, stripped): the Python twins of ``akhbar_normalize(text)`` and
    ``akhbar_strip_proclitics(akhbar_normalize(text))``, the two forms the full-text vector of an
    article is built from (0050_search_forms.sql). Whitespace and punctuation are kept as they
    are, so the stripped form's words line up with the original's."""
    normalised = normalize_arabic(text)
    return normalised, _SEARCH_TOKEN.sub(lambda m: strip_proclitics(m.group())[0], normalised)
