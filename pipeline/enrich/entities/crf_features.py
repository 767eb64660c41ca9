"""Feature extraction for the CRF tagger: one list of string features per token.

Input tokens are raw ANERcorp-style tokens (see ``crf_tokenize``); features are computed
on a normalised copy (``normalise``) so spelling variants share weights. Training
(bench/train_ner.py) and tagging (crf.py) both call :func:`sentence_features`, so any
change here requires retraining the shipped model (bump ``FEATURE_VERSION``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from pipeline.enrich.entities.crf_lexicon import LEXICONS

# Stored in the model's README and checked nowhere at run time; it documents which
# feature set a model file was trained with.
FEATURE_VERSION = 2

_DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",
        "ی": "ي",
        "گ": "ك",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
    }
)

_ARABIC_RE = re.compile("[\u0600-\u06ff]")
_LATIN_RE = re.compile("[A-Za-z]")
_DIGIT_RE = re.compile("[0-9]")

# Proclitic sequences, longest first: conjunction (و ف) + preposition (ب ل ك) + article.
# "لل" is ل + ال with the article's alef elided.
_PROCLITIC_RE = re.compile(
    "^(?:[وف]?[بلك]?ال"  # (conj)(prep) + article: والمغرب، بالرباط، وبالرباط
    "|[وف]?لل"  # (conj) + ل + elided article: للمغرب، وللأمم
    "|[وف]?[بلك]"  # (conj) + prep: لإسرائيل، وبغزة
    "|[وف])"  # conj alone: وغانتس
)


def normalise(token: str) -> str:
    """Fold a raw token for feature matching: diacritics/tatweel dropped, alef hamza forms to
    ا, ى to ي, ة to ه, ؤ/ئ to و/ي, Persian letters and Eastern digits to their common forms.

    Not offset-preserving; used only for features, never for spans.
    """
    token = unicodedata.normalize("NFC", token)
    return _DIACRITICS_RE.sub("", token).translate(_FOLD)


# The lexicons are written in plain spelling; fold them like the tokens they are matched to.
_LEXICONS_NORM = {name: frozenset(normalise(w) for w in words) for name, words in LEXICONS.items()}


def split_proclitics(norm: str) -> tuple[str, str]:
    """Split a *normalised* token into (proclitics, stem) greedily, keeping a stem of at
    least two letters. A light stemmer for features, not a morphological analyser:
    "لبنان" splits as ("ل", "بنان"); the CRF also sees the whole word, so such errors only
    add a weak feature.
    """
    m = _PROCLITIC_RE.match(norm)
    if not m or len(norm) - m.end() < 2:
        return "", norm
    return norm[: m.end()], norm[m.end() :]


@lru_cache(maxsize=1 << 16)
def shape(token: str) -> str:
    """Collapsed character-class shape: A Arabic, L Latin upper, l Latin lower, d digit, p other."""
    out = []
    for ch in token:
        if _ARABIC_RE.match(ch):
            c = "A"
        elif ch.isdigit():
            c = "d"
        elif ch.isalpha():
            c = "L" if ch.isupper() else "l"
        else:
            c = "p"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


# Both caches are keyed by the raw token; news vocabulary is Zipfian, so most look-ups hit.
@lru_cache(maxsize=1 << 16)
def _token_info(token: str) -> dict[str, str]:
    """Per-token values reused by the window features of neighbouring tokens (shared via
    the cache: callers must not mutate the returned dict).
    """
    norm = normalise(token)
    clitics, stem = split_proclitics(norm)
    lex = [name for name, words in _LEXICONS_NORM.items() if stem in words or norm in words]
    return {"n": norm, "stem": stem, "cl": clitics, "lex": "|".join(lex)}


@lru_cache(maxsize=1 << 16)
def _own_features(token: str) -> tuple[str, ...]:
    info = _token_info(token)
    norm, stem = info["n"], info["stem"]
    feats = [
        "bias",
        "w=" + token,
        "n=" + norm,
        "stem=" + stem,
        "cl=" + info["cl"],
        "shape=" + shape(token),
        "len=" + str(min(len(stem), 8)),
    ]
    for k in (1, 2, 3):
        if len(norm) > k:
            feats.append(f"p{k}=" + norm[:k])
            feats.append(f"s{k}=" + norm[-k:])
        if len(stem) > k:
            feats.append(f"sp{k}=" + stem[:k])
            feats.append(f"ss{k}=" + stem[-k:])
    # Character trigrams of the stem: transliterated foreign names share letter patterns
    # (e.g. "فو", "يو", "غ", "ز" endings) that help on words never seen in training.
    padded = "<" + stem + ">"
    feats.extend("c3=" + padded[k : k + 3] for k in range(len(padded) - 2))
    if "ال" in info["cl"]:
        feats.append("has_al")
    if info["cl"] in ("ل", "لل", "ب", "وب", "ول", "فب", "فل", "ك"):
        feats.append("prep_clitic")
    if _DIGIT_RE.search(norm):
        feats.append("has_digit")
        if norm.replace(".", "").replace(",", "").isdigit():
            feats.append("is_number")
    if _LATIN_RE.search(token):
        feats.append("is_latin")
        if token[:1].isupper():
            feats.append("latin_cap")
    if not any(ch.isalnum() for ch in token):
        feats.append("punct=" + token[:3])
    # Nisba adjectives (المغربي، الإسرائيلية) are O or MISC but look like places.
    if info["cl"].endswith("ال") and (stem.endswith("ي") or stem.endswith("يه") or stem.endswith("يين")):
        feats.append("nisba_like")
    for name in info["lex"].split("|") if info["lex"] else ():
        feats.append("lex=" + name)
    return tuple(feats)


DocStats = dict[str, Counter[str]]


def _occurrence_cues(tokens: list[str]) -> list[tuple[str, list[str]]]:
    """For each content word of one sentence: its stem and the cues its neighbours give."""
    infos = [_token_info(t) for t in tokens]
    out: list[tuple[str, list[str]]] = []
    for i, info in enumerate(infos):
        stem = info["stem"]
        if len(stem) < 3 or not stem.isalpha():
            continue
        cues = ["occ", "al" if "ال" in info["cl"] else "bare"]
        if i > 0:
            cues.extend("L:" + x for x in infos[i - 1]["lex"].split("|") if x)
            if not tokens[i - 1][:1].isalnum():
                cues.append("L:punct")
        # A title two or three words back ("الرئيس عبد المجيد تبون"): later bare "تبون"
        # inherits it.
        if any("title" in infos[j]["lex"] for j in range(max(0, i - 3), i - 1)):
            cues.append("L3:title")
        if i + 1 < len(infos):
            cues.extend("R:" + x for x in infos[i + 1]["lex"].split("|") if x)
        out.append((stem, cues))
    return out


def document_stats(sentences: list[list[str]]) -> DocStats:
    """Label-free statistics of a document, so that a word's features can use what its
    *other* occurrences look like (a surname after "الرئيس" in paragraph one is a person in
    paragraph five too): per stem, how often each neighbour cue occurs.
    """
    stats: DocStats = {}
    for tokens in sentences:
        for stem, cues in _occurrence_cues(tokens):
            stats.setdefault(stem, Counter()).update(cues)
    return stats


def windowed_document_stats(sentences: list[list[str]], radius: int) -> list[DocStats]:
    """For corpora without document boundaries (ANERcorp): for each sentence, the stats of
    the sentences within ``radius`` of it (documents are contiguous in the file).
    """
    per_sent = [document_stats([s]) for s in sentences]
    out: list[DocStats] = []
    for i in range(len(sentences)):
        merged: DocStats = {}
        for st in per_sent[max(0, i - radius) : i + radius + 1]:
            for stem, c in st.items():
                merged.setdefault(stem, Counter()).update(c)
        out.append(merged)
    return out


def _doc_features(stem: str, doc: DocStats | None) -> list[str]:
    c = doc.get(stem) if doc else None
    if not c:
        return []
    n = c["occ"]
    feats = ["doc_n=" + ("1" if n <= 1 else "2" if n <= 3 else "4+")]
    # Cues from other occurrences only matter when there are other occurrences.
    if n > 1:
        feats.extend("doc_" + k for k in c if k != "occ")
    return feats


def sentence_features(tokens: list[str], doc: DocStats | None = None) -> list[list[str]]:
    """Features for every token of one sentence: its own features plus a ±2 window of
    neighbour words, stems and lexicon hits, a few word-pair conjunctions, and, when
    ``doc`` (see :func:`document_stats`) is given, cues from the word's other occurrences
    in the document.
    """
    infos = [_token_info(t) for t in tokens]
    n = len(tokens)
    out: list[list[str]] = []
    for i, tok in enumerate(tokens):
        feats = list(_own_features(tok))
        if i == 0:
            feats.append("BOS")
        if i == n - 1:
            feats.append("EOS")
        feats.append("pos=" + str(min(i, 5)))
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                nb = infos[j]
                feats.append(f"{off}:n=" + nb["n"])
                feats.append(f"{off}:stem=" + nb["stem"])
                if nb["lex"]:
                    feats.extend(f"{off}:lex=" + x for x in nb["lex"].split("|"))
                if abs(off) == 1:
                    feats.append(f"{off}:cl=" + nb["cl"])
                    feats.append(f"{off}:shape=" + shape(tokens[j]))
            else:
                feats.append(f"{off}:" + ("BOS" if j < 0 else "EOS"))
        if i > 0:
            feats.append("-1|0:stem=" + infos[i - 1]["stem"] + "|" + infos[i]["stem"])
        if i < n - 1:
            feats.append("0|1:stem=" + infos[i]["stem"] + "|" + infos[i + 1]["stem"])
        if any("title" in infos[j]["lex"] for j in range(max(0, i - 3), i - 1)):
            feats.append("title_2_3_back")
        feats.extend(_doc_features(infos[i]["stem"], doc))
        out.append(feats)
    return out
