"""Orthographic normalisation of single Arabic words for lexicon look-up (never for output).

Folds the spelling variation news outlets show on the same word: harakat and tatweel removed,
hamza-carrying alefs (أ إ آ ٱ) to bare alef, alef maqsura to ya, ta marbuta to ha. Offsets are
never taken from normalised text: callers normalise one token at a time and keep the original.
"""

from __future__ import annotations

import re

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks, tatweel: all optional in news.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def norm_word(word: str) -> str:
    """Normalised look-up key of one word (see module docstring); idempotent."""
    return _MARKS.sub("", word).translate(_FOLD)


def norm_all(words: list[str] | tuple[str, ...] | set[str]) -> frozenset[str]:
    """A frozen set of the normalised keys of several spellings."""
    return frozenset(norm_word(w) for w in words)
