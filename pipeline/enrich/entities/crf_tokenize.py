"""ANERcorp-style tokenisation with exact character offsets, for the CRF tagger.

ANERcorp separates punctuation from words and otherwise splits on whitespace; clitics stay
attached to their word (``لإسرائيل`` is one token). This module reproduces that on raw text
and returns ``(start, end)`` offsets into the string it was given (no normalisation is
applied before splitting, so offsets index the original text).

Decimal numbers (``2.5``, ``1,200``, ``٣٫٥``) stay one token, as in the corpus.
"""

from __future__ import annotations

import re

# Arabic combining marks (harakat, superscript alef, Quranic marks) and tatweel belong to
# the word they sit on; \w does not cover all of them.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"

_TOKEN_RE = re.compile(
    rf"[{_DIGIT}]+(?:[.,\u066b\u066c][{_DIGIT}]+)+"  # a number with decimal/thousands marks
    rf"|(?:[^\W_]|[{_MARKS}])+"  # a word: letters, digits, Arabic marks
    r"|([^\w\s])\1*"  # punctuation: a run of the same character ("--", "...")
    r"|_+",
    re.UNICODE,
)


def tokenize_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` like ANERcorp and return each token's ``(start, end)`` offsets.

    Expects raw (un-normalised) text; ``text[start:end]`` is the token.
    """
    return [m.span() for m in _TOKEN_RE.finditer(text)]


def tokenize(text: str) -> list[str]:
    """The tokens of ``text`` (see :func:`tokenize_spans`)."""
    return [text[s:e] for s, e in tokenize_spans(text)]
