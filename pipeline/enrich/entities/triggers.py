"""Trigger patterns for entities the knowledge base does not know (normalised tokens in).

- people: a title/role word (الرئيس، وزير، الجنرال، المتحدث…), an optional role complement
  (الخارجية المغربي، باسم الجيش، أركان الجيش الإسرائيلي), then a name of one to three parts
  where particles glue to the next word (عبد الله، أبو مازن، بن سلمان، ولد الشيخ) and a final
  definite part is a family name (أحمد الحشاني);
- organisations: an including head (وزارة، حزب، حركة، مجلس…) plus its construct chain of
  definite words (وزارة الخارجية المغربية، حزب العدالة والتنمية), or a descriptor head
  (صحيفة، قناة، شركة…) whose following name alone is the span;
- places: a place head (مدينة، ولاية، إقليم، جهة، منطقة، محافظة…) whose following name is
  the span (مدينة [طنجة]).
Tokens may carry proclitics (والوزير، بمدينة، لحزب); they are stripped for the test.
"""

from __future__ import annotations

from pipeline.enrich.entities.document import Candidate, Document
from pipeline.enrich.entities.lexicon import (
    COMPLEMENT_NOUNS,
    NAME_COMPOUND_TAILS,
    NAME_PARTICLES,
    ORG_DESCRIPTORS,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_HEADS,
    STOP,
)
from pipeline.enrich.normalize import strip_proclitics

_MAX_COMPLEMENT = 6


def _bare(word: str) -> str:
    """A normalised token without proclitics, with the alef of لل restored."""
    if word in PERSON_TITLES or word in ORG_HEADS or word in PLACE_HEADS or word in ORG_DESCRIPTORS:
        return word
    rest, n = strip_proclitics(word)
    if n and rest.startswith("ل") and word[n - 1] == "ل" and ("ا" + rest) != rest:
        restored = "ا" + rest
        if restored in PERSON_TITLES or restored in ORG_HEADS:
            return restored
    return rest


def _joined(doc: Document, k: int) -> bool:
    """True when token k follows token k-1 with only a space between (no punctuation)."""
    return k > 0 and doc.gap(k) == " "


def _adjective_like(word: str) -> bool:
    return word.endswith(("يه", "ي", "يين", "يون"))


def find_triggers(doc: Document, blocked: set[int]) -> list[Candidate]:
    """Trigger candidates; `blocked` holds token indexes already inside gazetteer PER/ORG hits."""
    out: list[Candidate] = []
    ntok = len(doc.tokens)
    for k in range(ntok):
        word = doc.tok(k)
        bare = _bare(word)
        if bare in PERSON_TITLES:
            cand = _person(doc, k + 1, ntok)
        elif bare in PLACE_HEADS:
            cand = _name_after(doc, k + 1, ntok, PLACE_HEADS[bare], place=True)
        elif bare in ORG_DESCRIPTORS:
            cand = _name_after(doc, k + 1, ntok, "ORG", place=False)
        elif bare in ORG_HEADS:
            cand = _org_chain(doc, k, ntok, word)
        else:
            continue
        if cand is not None:
            out.append(cand)
    return out


def _make(doc: Document, k0: int, k1: int, etype: str, offset: int = 0) -> Candidate:
    nstart = doc.tokens[k0][0] + offset
    nend = doc.tokens[k1][1]
    start, end = doc.to_orig(nstart, nend)
    return Candidate(nstart, nend, start, end, etype, "trigger", 1, key=doc.norm[nstart:nend])


def _person(doc: Document, k: int, ntok: int) -> Candidate | None:
    # Skip the role complement: definite words, listed nouns, and ل-prefixed words.
    skipped = 0
    while k < ntok and skipped < _MAX_COMPLEMENT and _joined(doc, k):
        w = doc.tok(k)
        if w.startswith("ال") or w in COMPLEMENT_NOUNS or w.startswith("لل") or w in PERSON_TITLES:
            k, skipped = k + 1, skipped + 1
            continue
        break
    if k >= ntok or (skipped and not _joined(doc, k)) or (not skipped and not _joined(doc, k)):
        return None
    return _name(doc, k, ntok)


def _name(doc: Document, k: int, ntok: int) -> Candidate | None:
    """A personal name starting at token k (not definite, not a stop word), 1–3 parts."""
    first = doc.tok(k)
    if first in STOP or first.startswith("ال") or first.isdigit() or len(first) < 2:
        return None
    if first[0] == "و" and first[1:] in STOP:
        return None
    k0, parts, j = k, 0, k
    last = k
    while j < ntok and parts < 3:
        w = doc.tok(j)
        if j > k0 and not _joined(doc, j):
            break
        if w in NAME_PARTICLES and j + 1 < ntok and _joined(doc, j + 1):
            last, j, parts = j + 1, j + 2, parts + 1
            continue
        if j == k0:
            last, j, parts = j, j + 1, 1
            continue
        if w in STOP or w.isdigit() or (w[0] == "و" and len(w) > 3 and parts >= 1):
            break
        if w in NAME_COMPOUND_TAILS:
            last, j = j, j + 1
            continue
        if w.startswith("ال"):
            # A definite part ends the name as its family name (أحمد الحشاني), unless it is a
            # nisba of a country or a title (handled by the caller's overlap rules).
            if w[2:] in STOP or w in STOP:
                break
            last, j, parts = j, j + 1, parts + 1
            break
        last, j, parts = j, j + 1, parts + 1
    return _make(doc, k0, last, "PER")


def _name_after(doc: Document, k: int, ntok: int, etype: str, place: bool) -> Candidate | None:
    """The proper name right after a place head or an organisation descriptor (1–3 tokens)."""
    if k >= ntok or not _joined(doc, k):
        return None
    first = doc.tok(k)
    if first in STOP or first.isdigit() or len(first) < 2:
        return None
    if not first.startswith("ال") and (first.endswith("ه") or _adjective_like(first)) and place:
        return None  # منطقة عازلة، منطقة حدودية: a common noun phrase, not a name
    if not first.startswith("ال") and _adjective_like(first) and len(first) > 4:
        return None
    last, j = k, k + 1
    while j < ntok and j - k < 3 and _joined(doc, j):
        w = doc.tok(j)
        if w in STOP or (w.startswith("ال") and _adjective_like(w)) or w[0] == "و":
            break
        if w.startswith("ال") and not first.startswith("ال"):
            break
        if place and first.startswith("ال"):
            break
        last, j = j, j + 1
    return _make(doc, k, last, etype)


def _org_chain(doc: Document, k: int, ntok: int, word: str) -> Candidate | None:
    """Including head + construct chain of definite words (and a conjoined definite word)."""
    definite_head = _bare(word).startswith("ال")
    last, j = None, k + 1
    proper_used = 0
    while j < ntok and j - k <= 5 and _joined(doc, j):
        w = doc.tok(j)
        if w in STOP or w in PERSON_TITLES:
            break
        if w.startswith("ال") or w.startswith("لل"):
            last, j = j, j + 1
            continue
        if w.startswith("وال") and last is not None and j + 0 < ntok:
            last, j = j, j + 1
            continue
        if not definite_head and last is None and proper_used < 2 and not _adjective_like(w) and not w.endswith("ه"):
            last, j, proper_used = j, j + 1, proper_used + 1
            continue
        break
    if last is None:
        return None
    # The span starts after proclitics of the head word (لحزب → [حزب …]).
    rest, n = strip_proclitics(word)
    offset = n if _bare(word) == rest or ("ا" + rest) == _bare(word) else 0
    return _make(doc, k, last, "ORG", offset=offset)
