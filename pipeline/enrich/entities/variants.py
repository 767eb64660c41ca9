"""Programmatic spelling variants for knowledge-base aliases (original form in and out).

Variants that normalisation already folds (أ/إ/ا, ى/ي, ة/ه, diacritics) are NOT generated:
the matcher normalises both sides. Generated here:
- G-spellings of foreign names (records with g=1): every ج/غ/ق/گ may be any of the others
  ("غانتس" → "جانتس", "قانتس"), at most two positions varied per alias;
- "عبد ال…" spacing: "عبد الله" ↔ "عبدالله", "عبد العزيز" ↔ "عبدالعزيز";
- "بن"/"ابن" inside a name ("محمد بن سلمان" → "محمد ابن سلمان").
"""

from __future__ import annotations

import itertools

_G_LETTERS = ("ج", "غ", "ق")
_PLACE_HEADS = ("مدينة ", "ولاية ", "محافظة ", "جهة ", "منطقة ", "إقليم ", "اقليم ", "بلدية ")


_ORG_DESCRIPTORS = ("قناة ", "صحيفة ", "جريدة ", "موقع ", "شبكة ", "شركة ", "مجلة ")


def strip_descriptor(alias: str) -> str:
    """Drop a leading media/company descriptor ("قناة الجزيرة" → "الجزيرة"); spans exclude it."""
    for head in _ORG_DESCRIPTORS:
        if alias.startswith(head) and len(alias) > len(head) + 2:
            return alias[len(head) :]
    return alias


def strip_place_head(alias: str) -> str:
    """Drop a leading place head noun ("مدينة طنجة" → "طنجة"); spans exclude it (docs/entities.md)."""
    for head in _PLACE_HEADS:
        if alias.startswith(head) and len(alias) > len(head) + 2:
            return alias[len(head) :]
    return alias


def g_variants(alias: str, max_positions: int = 2) -> list[str]:
    """All ج/غ/ق/گ substitutions of `alias` over its first `max_positions` G letters."""
    positions = [i for i, ch in enumerate(alias) if ch in _G_LETTERS or ch == "گ"][:max_positions]
    if not positions:
        return [alias]
    out = []
    for combo in itertools.product(_G_LETTERS, repeat=len(positions)):
        chars = list(alias)
        for pos, letter in zip(positions, combo, strict=True):
            chars[pos] = letter
        out.append("".join(chars))
    return out


def _abd_variants(alias: str) -> list[str]:
    out = [alias]
    if "عبد ال" in alias:
        out.append(alias.replace("عبد ال", "عبدال"))
    if "عبدال" in alias:
        out.append(alias.replace("عبدال", "عبد ال"))
    if " بن " in alias:
        out.append(alias.replace(" بن ", " ابن "))
    return out


def expand_aliases(aliases: list[str], *, g_spellings: bool = False) -> list[str]:
    """Aliases plus generated variants (G-spellings only if `g_spellings`), order kept, no duplicates."""
    out: list[str] = []
    for alias in aliases:
        alias = alias.strip()
        if not alias:
            continue
        forms = _abd_variants(alias)
        if g_spellings:
            forms = [v for f in forms for v in g_variants(f)]
        out.extend(forms)
    return list(dict.fromkeys(out))
