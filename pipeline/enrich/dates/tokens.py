"""Tokeniser of the temporal tagger: one linear regex pass over a folded copy of the text.

The folded copy has the same length as the original (every change is one character for one
character), so token offsets index the original string. Harakat and tatweel become tatweel and
are dropped inside a token's look-up key; letters and digits are split apart ("و15" -> "و", "15";
"1446هـ" -> "1446", "هـ"). Each word also offers clitic-stripped keys (و/ف then ب/ل/ك, and "لل"
for "ل+ال") with the number of characters stripped, so an expression can start after a clitic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate
from operator import sub

from .digits import DIGIT_CHARS as DIGIT_FIRST

_TATWEEL = "\u0640"
# One-to-one folding (same length): harakat/Quranic marks -> tatweel, hamza forms -> bare letters.
_FOLD = {c: _TATWEEL for c in range(0x064B, 0x0660)}
_FOLD.update({0x0670: _TATWEEL, **{c: _TATWEEL for c in range(0x0610, 0x061B)}})
_FOLD.update(
    {ord(k): v for k, v in {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}.items()}
)
# A token with the whitespace before it: letters (with the tatweel that replaced marks), a digit
# run, or one other character ("_" is \w but neither letter nor digit). Taking the whitespace
# along lets cumulative lengths give the offsets, with no match object per token.
_TOKEN = re.compile(r"\s*(?:[^\W\d_]+|[0-9\u0660-\u0669\u06f0-\u06f9]+|\w|\S)")
_PROCLITIC_1 = "وف"
_PROCLITIC_2 = "بلك"


@dataclass(slots=True)
class Tokens:
    """Parallel arrays describing the tokens of one text."""

    text: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)
    _forms: list[tuple[tuple[str, int], ...] | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.norms)

    def raw(self, i: int) -> str:
        """Original surface of token i."""
        return self.text[self.starts[i] : self.ends[i]]

    def is_num(self, i: int) -> bool:
        """Token i is a digit run."""
        return 0 <= i < len(self.norms) and self.norms[i][0] in DIGIT_FIRST

    def num(self, i: int) -> int | None:
        """Integer value of token i, or None if it is not a digit run."""
        if not self.is_num(i):
            return None
        w = self.norms[i]
        return int(w) if len(w) <= 4 else LONG_NUMBER

    def gap(self, i: int) -> str:
        """Text between token i-1 and token i ("" at the start)."""
        return self.text[self.ends[i - 1] : self.starts[i]] if i > 0 else ""

    def tight(self, i: int) -> bool:
        """Token i follows token i-1 with no space (e.g. the parts of "03:14")."""
        return 0 < i < len(self.starts) and self.ends[i - 1] == self.starts[i]

    def forms(self, i: int) -> tuple[tuple[str, int], ...]:
        """Look-up keys of token i with the number of leading clitic characters they skip."""
        if not 0 <= i < len(self.norms):
            return ()
        cached = self._forms[i]
        if cached is not None:
            return cached
        w = self.norms[i]
        out = [(w, 0)]
        skip = 0
        if len(w) > 2 and w[0] in _PROCLITIC_1:
            skip = 1
            out.append((w[1:], 1))
        rest = w[skip:]
        if len(rest) > 2 and rest[0] in _PROCLITIC_2:
            if rest.startswith("لل") and len(rest) > 3:
                out.append(("ا" + rest[1:], skip + 1))
            out.append((rest[1:], skip + 1))
        res = tuple(out)
        self._forms[i] = res
        return res

    def find(self, i: int, table: object) -> tuple[str, int] | None:
        """First (key, skip) of token i found in table (a set or dict), else None."""
        for key, skip in self.forms(i):
            if key in table:  # type: ignore[operator]
                return key, skip
        return None

    def word(self, i: int) -> str:
        """Normalised key of token i without clitic stripping ("" when out of range)."""
        return self.norms[i] if 0 <= i < len(self.norms) else ""


LONG_NUMBER = -1  # value of digit runs longer than 4: never a day, hour, count or year


def tokenize(text: str) -> Tokens:
    """Split text into tokens; see the module docstring for what a token is."""
    chunks = _TOKEN.findall(text.translate(_FOLD))
    raw = list(map(str.lstrip, chunks))
    toks = Tokens(text)
    toks.ends = list(accumulate(map(len, chunks)))
    toks.starts = list(map(sub, toks.ends, map(len, raw)))
    # A token made only of marks keeps one tatweel so that every key is non-empty.
    toks.norms = [(w.replace(_TATWEEL, "") or _TATWEEL) if _TATWEEL in w else w for w in raw]
    toks._forms = [None] * len(raw)
    return toks


__all__ = ["DIGIT_FIRST", "Tokens", "tokenize"]
