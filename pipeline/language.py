"""Language identification for news text, by script and function words.

Why by hand: trafilatura's language filter needs py3langid (a model download at first use
in some versions) and we only need to tell apart the languages Akhbar ingests (Arabic,
Persian, Urdu, French, English, Spanish...). Script counts plus a few function words do it
reliably on article-length text. Expects raw text; returns an ISO 639-1 code or None.
"""

from __future__ import annotations

import re

_ARABIC_BLOCK = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
# Letters Persian/Urdu use and Arabic does not (پ چ ژ گ ک ی ۀ), and Urdu-only ones (ٹ ڈ ڑ ں ے ھ).
_PERSIAN_LETTERS = re.compile(r"[پچژگکیۀ]")
_URDU_LETTERS = re.compile(r"[ٹڈڑںےھ]")
_ARABIC_ONLY = re.compile(r"[ةيكى]")
_WORD = re.compile(r"[a-zà-ÿ']+")
_FUNCTION_WORDS = {
    "fr": {"le", "la", "les", "des", "est", "une", "dans", "pour", "que", "qui", "sur", "au", "du", "et"},
    "en": {"the", "and", "of", "to", "is", "in", "that", "for", "on", "with", "was", "by", "as"},
    "es": {"el", "los", "las", "del", "que", "por", "con", "una", "para", "es", "en", "y"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein"},
}


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the dominant language of `text`, or None if too little text."""
    sample = text[:20000]
    arabic_script = len(_ARABIC_BLOCK.findall(sample))
    latin = len(_LATIN.findall(sample))
    if arabic_script + latin < 20:
        return None
    if arabic_script >= latin:
        urdu = len(_URDU_LETTERS.findall(sample))
        persian = len(_PERSIAN_LETTERS.findall(sample))
        arabic_only = len(_ARABIC_ONLY.findall(sample))
        if urdu > 0.01 * arabic_script and urdu * 3 > arabic_only:
            return "ur"
        if persian > arabic_only:
            return "fa"
        return "ar"
    words = _WORD.findall(sample.lower())
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else None
