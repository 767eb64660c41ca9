"""Gazetteer matching: run the knowledge base's automaton over a Document's normalised text.

A hit counts only on word boundaries, after an optional proclitic chain inside the same
word (و ف then ب ل ك): "وبالمغرب" → [المغرب]; "للمغرب" → ل[لمغرب] via the "lam" key. A hit
on a weak alias (also an ordinary word: "مالي", "صور", "الساحل") counts only with context:
a place head noun or a locative preposition before it; otherwise it comes back with kind
"weak" and the extractor keeps it only if the document names the same country elsewhere.
"""

from __future__ import annotations

from pipeline.enrich.entities.document import Candidate, Document
from pipeline.enrich.entities.kb import KnowledgeBase
from pipeline.enrich.entities.lexicon import FREQUENT
from pipeline.enrich.normalize import proclitic_prefixes

_PREFIXES = proclitic_prefixes()
_LAM_PREFIXES = frozenset({"ل", "ول", "فل"})
# Normalised words after which a weak alias may be a place.
_PLACE_CUE_WORDS = (
    "مدينه منطقه اقليم ولايه جهه محافظه دوله جمهوريه بلده قريه عاصمه العاصمه دول بلدان حكومه سلطات رييس قضاء ريف"
)
PLACE_CUES = frozenset(_PLACE_CUE_WORDS.split())
_WEAK_CONTEXT_WORDS = "في الى من نحو شمال جنوب شرق غرب وسط داخل خارج حدود زار يزور وصل غادر"
WEAK_CONTEXT = frozenset(_WEAK_CONTEXT_WORDS.split())


def find_gazetteer(doc: Document, kb: KnowledgeBase) -> list[Candidate]:
    """All valid alias and nisba hits (overlapping; the extractor resolves overlaps)."""
    out: list[Candidate] = []
    norm = doc.norm
    n = len(norm)
    for end_idx, (key, kind, ids) in kb.automaton.iter(norm):
        nend = end_idx + 1
        nstart = nend - len(key)
        if nend < n and norm[nend].isalnum():
            continue
        if not norm[nstart].isalnum():
            continue
        ws = doc.word_start(nstart)
        prefix = norm[ws:nstart]
        if kind == "lam":
            if prefix not in _LAM_PREFIXES:
                continue
        elif prefix not in _PREFIXES or (prefix and len(key) < 3):
            continue
        if prefix and norm[ws:nend] in kb.unsplittable:
            continue  # "والعين" is "and the eye" far more often than "and Al Ain"
        if kind != "nisba" and key in kb.weak:
            cue = _weak_cue(doc, ws)
            # A place head makes any weak alias a place; a preposition only a notable one
            # ("في بيان" is "in a statement", not Bayan in Kuwait).
            if cue != "head" and not (cue == "prep" and kind == "alias" and notable(kb, ids[0])):
                if kind == "lam" or (not prefix and _construct_or_adjective(doc, ws, nend, key)):
                    continue
                kind = "weak"  # kept only if the document points at the same country (extractor)
        start, end = doc.to_orig(nstart, nend)
        etype = "NISBA" if kind == "nisba" else kb.records[ids[0]].type
        out.append(Candidate(nstart, nend, start, end, etype, "gazetteer", 0, ids=ids, key=key, kind=kind))
    return out


def _weak_cue(doc: Document, ws: int) -> str | None:
    """ "head" after a place head noun (مدينة، دول…), "prep" after a preposition/verb of motion."""
    k = doc.token_ending_before(ws)
    if k < 0 or doc.norm[doc.tokens[k][1] : ws].strip():
        return None
    prev = doc.tok(k)
    for word in (prev, prev[1:]):
        if word in PLACE_CUES:
            return "head"
        if word in WEAK_CONTEXT:
            return "prep"
    return None


def notable(kb: KnowledgeBase, rid: str) -> bool:
    """Curated records, countries and towns of ≥ 150,000 people (a weak alias of a smaller
    town is far likelier the ordinary word: الثورة، سلمية، الشهداء)."""
    attrs = kb.records[rid].attributes
    if attrs.get("kind") != "city" or "curated" in str(attrs.get("source")) or attrs.get("capital"):
        return True
    return int(attrs.get("population") or 0) >= 150000


def _construct_or_adjective(doc: Document, ws: int, nend: int, key: str) -> bool:
    """A weak alias used as a common word: head of a construct ("صور الأقمار") or an adjective
    agreeing with a definite noun ("الدورة الجديدة")."""
    k = doc.token_starting_after(nend)
    if k < len(doc.tokens) and doc.norm[nend : doc.tokens[k][0]] == " ":
        nxt = doc.words[k]
        if not key.startswith("ال") and (nxt.startswith("ال") or nxt in FREQUENT):
            return True  # "صور الأقمار", "وقف إطلاق النار"
    if key.startswith("ال"):
        p = doc.token_ending_before(ws)
        if p >= 0 and doc.norm[doc.tokens[p][1] : ws] == " " and doc.words[p].startswith("ال"):
            return True
    return False
