"""A text prepared for entity matching: normalised copy, offset map, tokens, and candidates.

`Document.norm` is the normalised text (`normalize_arabic`, plus hyphens/newlines/tabs as
spaces and whitespace runs collapsed to one space); `Document.to_orig(ns, ne)` maps a
normalised span back to the ORIGINAL text, extending over diacritics that follow it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from pipeline.enrich.normalize import normalize_with_index

_SPACES = re.compile("[\t\n\r\f\v\u00a0\u2009\u202f_]|(?<=\\w)[-–](?=\\w)")  # "بن-غفير" yes, "النصرة -" no
_RUNS = re.compile(" {2,}")
_SPLIT = re.compile(r"(\w+)")
# "_" was turned into a space above
_DIACRITICS = frozenset(chr(c) for c in range(0x064B, 0x0660)) | {"\u0670", "\u0640"}


@dataclass
class Candidate:
    """A proposed mention, in normalised AND original offsets (internal to the extractor).

    ids: candidate entity ids, best prior first (empty when unknown).
    priority: 0 gazetteer, 1 trigger, 2 crf, 3 coref — lower wins on overlap.
    """

    nstart: int
    nend: int
    start: int
    end: int
    type: str
    method: str
    priority: int
    ids: tuple[str, ...] = ()
    key: str = ""
    kind: str = "alias"
    entity_id: str | None = None
    context: dict = field(default_factory=dict)

    @property
    def length(self) -> int:
        """Length in normalised characters."""
        return self.nend - self.nstart


class Document:
    """Original text + normalised text + index map + word tokens (normalised offsets)."""

    def __init__(self, text: str) -> None:
        """Prepare `text` (original form)."""
        self.text = text
        norm, imap = normalize_with_index(text)
        norm = _SPACES.sub(" ", norm) if _SPACES.search(norm) else norm  # same length
        # Collapse runs of spaces so keys with one space match "a  b" and "a\nb".
        if "  " in norm:
            kept: list[int] = []
            prev = 0
            for m in _RUNS.finditer(norm):
                kept.extend(imap[prev : m.start() + 1])
                prev = m.end()
            kept.extend(imap[prev:])
            imap = kept
            norm = _RUNS.sub(" ", norm)
        self.norm = norm
        self.imap = imap
        # One regex split gives [sep, word, sep, word, …, sep]; running lengths give the spans.
        parts = _SPLIT.split(norm)
        ends_acc = list(accumulate(map(len, parts)))
        self.words: list[str] = parts[1::2]
        self._starts: list[int] = ends_acc[0::2][: len(self.words)]
        self._ends: list[int] = ends_acc[1::2]
        self.tokens: list[tuple[int, int]] = list(zip(self._starts, self._ends, strict=True))

    def to_orig(self, nstart: int, nend: int) -> tuple[int, int]:
        """Original [start, end) of the normalised span [nstart, nend)."""
        start = self.imap[nstart]
        end = self.imap[nend - 1] + 1
        while end < len(self.text) and self.text[end] in _DIACRITICS:
            end += 1
        return start, end

    def token_at(self, npos: int) -> int:
        """Index of the token containing normalised position npos, or -1."""
        k = bisect_right(self._starts, npos) - 1
        if k >= 0 and self.tokens[k][0] <= npos < self.tokens[k][1]:
            return k
        return -1

    def token_starting_after(self, npos: int) -> int:
        """Index of the first token starting at or after npos (len(tokens) if none)."""
        return bisect_left(self._starts, npos)

    def token_ending_before(self, npos: int) -> int:
        """Index of the last token ending at or before npos (-1 if none)."""
        return bisect_right(self._ends, npos) - 1

    def tok(self, k: int) -> str:
        """Normalised text of token k."""
        return self.words[k]

    def gap(self, k: int) -> str:
        """Normalised characters between token k-1 and token k (what separates them)."""
        prev_end = self.tokens[k - 1][1] if k > 0 else 0
        return self.norm[prev_end : self.tokens[k][0]]

    def word_start(self, npos: int) -> int:
        """Start of the word containing npos (scans back over letters and digits)."""
        while npos > 0 and self.norm[npos - 1].isalnum():
            npos -= 1
        return npos
