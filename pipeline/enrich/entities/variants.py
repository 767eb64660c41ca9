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

from pipeline.enrich.entities.lexicon import FREQUENT
from pipeline.enrich.normalize import normalize_key

_G_LETTERS = ("ج", "غ", "ق")
_PLACE_HEADS = ("مدينة ", "ولاية ", "محافظة ", "جهة ", "منطقة ", "إقليم ", "اقليم ", "بلدية ", "دولة ", "محور ")
# Descriptors and titles stay outside spans (docs/entities.md), so aliases lose them too.
_TITLE_WORDS = frozenset(
    [
        "الملك",
        "الأمير",
        "الشيخ",
        "السلطان",
        "الرئيس",
        "العماد",
        "المشير",
        "الفريق",
        "اللواء",
        "الجنرال",
        "السيد",
        "آية",
        "ولي",
        "العهد",
        "السعودي",
        "العاهل",
        "المغربي",
        "الله",
        "البابا",
        "شيخ",
        "الأزهر",
        "بابا",
        "الفاتيكان",
    ]
)


_ORG_DESCRIPTORS = ("قناة ", "صحيفة ", "جريدة ", "موقع ", "شبكة ", "شركة ", "مجلة ", "تنظيم ", "بعثة ", "مسار ",
                    "مناورات ", "تمرين ", "مؤتمر ")  # fmt: skip


def strip_titles(alias: str) -> str:
    """Drop leading title words from a person alias ("الملك محمد السادس" → "محمد السادس")."""
    words = alias.split()
    stripped = False
    while len(words) > 1 and words[0] in _TITLE_WORDS:
        words, stripped = words[1:], True
    # "الملك سلمان" → "سلمان" would match every Salman: a title-stripped single word is dropped.
    return "" if stripped and len(words) == 1 else " ".join(words)


def strip_descriptor(alias: str) -> str:
    """Drop a leading media/company descriptor ("قناة الجزيرة" → "الجزيرة"); spans exclude it."""
    for head in _ORG_DESCRIPTORS:
        if alias.startswith(head) and len(alias) > len(head) + 2:
            rest = alias[len(head) :]
            # "تنظيم الدولة" must not become "الدولة": keep the descriptor before a common word.
            key = normalize_key(rest)
            adjective = " " not in key and key.startswith("ال") and key.endswith(("يه", "ي"))
            return alias if key in FREQUENT or adjective else rest  # قناة العربية ≠ العربية
    return alias


def strip_place_head(alias: str) -> str:
    """Drop a leading place head noun ("مدينة طنجة" → "طنجة"); spans exclude it (docs/entities.md)."""
    for head in _PLACE_HEADS:
        if alias.startswith(head) and len(alias) > len(head) + 2:
            alias = alias[len(head) :]
            break
    if alias.endswith(" العاصمة"):
        alias = alias[: -len(" العاصمة")]  # "الجزائر [العاصمة]": a descriptor after the name
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
