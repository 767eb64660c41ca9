"""Trigger patterns for entities the knowledge base does not know (normalised tokens in).

- organisations: an including head (وزارة، حزب، حركة، مجلس…) plus its construct chain of
  definite words (وزارة الخارجية المغربية، حزب العدالة والتنمية، المنظمة الجزائرية لحماية
  المستهلك), or a descriptor head (صحيفة، قناة، شركة، تنظيم…) whose following name alone is
  the span;
- places: a place head (مدينة، ولاية، إقليم، جهة، منطقة، محافظة، معبر…) whose following name
  is the span (مدينة [طنجة]); a feature head that belongs to the name ([البحر الأسود],
  [قصر قرطاج], [خليج عدن]);
- people (second pass): a title/role word (الرئيس، وزير، الجنرال، المتحدث، نظيره…), an
  optional role complement (الخارجية المغربي، باسم الجيش، and any span already recognised
  as an organisation or place: رئيس [حركة مجتمع السلم] عبد العالي حساني), then a name of one
  to three parts where particles glue to the next word (عبد الله، أبو مازن، بن سلمان، ولد
  الشيخ) and a definite part ends the name as its family name (أحمد الحشاني).
A name never starts with a frequent ordinary word (ANERcorp list) or another trigger word.
"""

from __future__ import annotations

from pipeline.enrich.entities.document import Candidate, Document
from pipeline.enrich.entities.lexicon import (
    COMPLEMENT_NOUNS,
    FEATURE_HEADS,
    FREQUENT,
    GENERIC_ORGS,
    NAME_COMPOUND_TAILS,
    NAME_PARTICLES,
    ORG_DESCRIPTORS,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_HEADS,
    PLACE_PARTICLES,
    STOP,
)
from pipeline.enrich.normalize import proclitic_prefixes, strip_proclitics

_MAX_COMPLEMENT = 8


def _with_proclitics(words: frozenset[str] | dict[str, str]) -> dict[str, str]:
    """Every proclitic-prefixed form of the given words → the bare word (normalised forms).

    "الرييس" also yields "للرييس" (ل + ال with the alef elided) and "والرييس", "بالرييس"…
    """
    out: dict[str, str] = {}
    for w in words:
        for p in proclitic_prefixes():
            out.setdefault(p + w, w)
            if w.startswith("ال") and p.endswith("ل"):
                out.setdefault(p + w[1:], w)
    return out


# One dict lookup per token decides whether it is a trigger (and which).
_TITLE_FORMS = _with_proclitics(PERSON_TITLES)
_PLACE_FORMS = _with_proclitics(PLACE_HEADS)
_FEATURE_FORMS = _with_proclitics(FEATURE_HEADS)
_DESCRIPTOR_FORMS = _with_proclitics(ORG_DESCRIPTORS)
_ORG_FORMS = _with_proclitics(ORG_HEADS)
_ANY_FORM = frozenset(_TITLE_FORMS) | frozenset(_PLACE_FORMS) | frozenset(_DESCRIPTOR_FORMS) | frozenset(_ORG_FORMS)
_ANY_FORM |= frozenset(_FEATURE_FORMS)


def _joined(doc: Document, k: int) -> bool:
    """True when token k follows token k-1 with only a space between (no punctuation)."""
    return k > 0 and doc.gap(k) == " "


def _adjective_like(word: str) -> bool:
    return word.endswith(("يه", "ي", "يين", "يون", "يا"))


def _ordinary(word: str) -> bool:
    """A frequent ordinary word, with or without proclitics (برقيه، لتمكين، والمالية)."""
    if word in FREQUENT or word in STOP:
        return True
    rest, n = strip_proclitics(word)
    return bool(n) and (rest in FREQUENT or ("ا" + rest) in FREQUENT)


def find_triggers(doc: Document, covered: bytearray) -> list[Candidate]:
    """Trigger candidates. `covered` marks normalised positions of gazetteer hits (non-person);
    the person pass also treats place/organisation trigger spans as role complements."""
    out: list[Candidate] = []
    ntok = len(doc.tokens)
    titles: list[int] = []
    for k, word in enumerate(doc.words):
        if word not in _ANY_FORM:
            continue
        cand: Candidate | None
        if word in _TITLE_FORMS:
            titles.append(k)
            continue
        if word in _PLACE_FORMS:
            cand = _name_after(doc, k + 1, ntok, PLACE_HEADS[_PLACE_FORMS[word]], place=True)
        elif word in _FEATURE_FORMS:
            cand = _feature(doc, k, ntok, word)
        elif word in _DESCRIPTOR_FORMS:
            cand = _name_after(doc, k + 1, ntok, "ORG", place=False)
        else:
            cand = _org_chain(doc, k, ntok, word)
        if cand is not None:
            out.append(cand)
    cover = bytearray(covered)
    for c in out:
        cover[c.nstart : c.nend] = b"\x01" * c.length
    for k in titles:
        cand = _person(doc, k + 1, ntok, cover)
        if cand is not None:
            out.append(cand)
    return out


def _make(doc: Document, k0: int, k1: int, etype: str, offset: int = 0) -> Candidate:
    nstart = doc.tokens[k0][0] + offset
    nend = doc.tokens[k1][1]
    start, end = doc.to_orig(nstart, nend)
    return Candidate(nstart, nend, start, end, etype, "trigger", 1, key=doc.norm[nstart:nend])


def _person(doc: Document, k: int, ntok: int, cover: bytearray) -> Candidate | None:
    # Skip the role complement: definite words, listed nouns, لل/وال words, recognised spans.
    skipped = 0
    while k < ntok and skipped < _MAX_COMPLEMENT and _joined(doc, k):
        w = doc.words[k]
        if (
            w.startswith(("ال", "لل", "وال"))
            or w in COMPLEMENT_NOUNS
            or w in _TITLE_FORMS
            or cover[doc.tokens[k][1] - 1]
        ):
            k, skipped = k + 1, skipped + 1
            continue
        break
    if k >= ntok or not _joined(doc, k) or cover[doc.tokens[k][1] - 1]:
        return None
    return _name(doc, k, ntok)


def _is_ali(doc: Document, k: int) -> bool:
    """Token k is the name علي written with ya (على, the preposition, folds to the same key)."""
    return doc.words[k] == "علي" and doc.text[doc.imap[doc.tokens[k][1] - 1]] == "ي"


def _name(doc: Document, k: int, ntok: int) -> Candidate | None:
    """A personal name starting at token k (not definite, not ordinary), 1–3 parts."""
    first = doc.words[k]
    if first.startswith(("ال", "بال", "لل", "وال", "فال", "كال")) or first.isdigit() or len(first) < 2:
        return None
    if first in _ANY_FORM or (_ordinary(first) and not _is_ali(doc, k)):
        return None
    k0, parts, j, last, max_parts = k, 0, k, k, 3
    while j < ntok and parts < max_parts:
        w = doc.words[j]
        if j > k0 and (not _joined(doc, j) or w in _ANY_FORM or len(w) < 2):
            break
        if w in NAME_PARTICLES and j + 1 < ntok and _joined(doc, j + 1):
            last, j, parts, max_parts = j + 1, j + 2, parts + 1, 4
            continue
        if j == k0:
            last, j, parts = j, j + 1, 1
            continue
        if _is_ali(doc, j):
            last, j, parts = j, j + 1, parts + 1
            continue
        if j + 1 < ntok and doc.words[j + 1] in NAME_COMPOUND_TAILS and _joined(doc, j + 1) and w not in STOP:
            last, j, parts = j + 1, j + 2, parts + 1  # حسن [فضل الله], [نصر الله]
            continue
        if w in STOP or w.isdigit() or (w[0] == "و" and len(w) > 3) or w.startswith(("بال", "كال", "فال", "لل")):
            break
        if w in NAME_COMPOUND_TAILS:
            last, j = j, j + 1
            continue
        if w.startswith("ال"):
            # A definite part ends the name as its family name (أحمد الحشاني).
            if w[2:] in STOP or w in FREQUENT:
                break
            last, j, parts = j, j + 1, parts + 1
            break
        if w in FREQUENT:
            if w[0] in "وفبل" or parts >= 2:
                break
            last = j  # a surname may be an ordinary word (يحيى سريع); nothing follows it
            break
        last, j, parts = j, j + 1, parts + 1
    return _make(doc, k0, last, "PER")


def _name_after(doc: Document, k: int, ntok: int, etype: str, place: bool) -> Candidate | None:
    """The proper name right after a place head or an organisation descriptor (1–3 tokens)."""
    if k >= ntok or not _joined(doc, k):
        return None
    first = doc.words[k]
    if first in STOP or first.isdigit() or len(first) < 2 or first in _ANY_FORM:
        return None
    definite = first.startswith("ال")
    if not definite and (_adjective_like(first) or (place and first.endswith("ه")) or first in FREQUENT):
        return None  # منطقة عازلة، منطقة حدودية، شركة كبرى: a common noun phrase, not a name
    if definite and not place and first in FREQUENT:
        return None  # فريق العمل، مجموعة العمل: a common noun, not a name
    last, j = k, k + 1
    while j < ntok and j - k < 3 and _joined(doc, j):
        w = doc.words[j]
        if w in STOP or w in _ANY_FORM or w[0] == "و" or w in FREQUENT:
            break
        if w.startswith("ال") != definite or (definite and _adjective_like(w)):
            break
        if place and (definite or not (doc.words[j - 1] in PLACE_PARTICLES or w in PLACE_PARTICLES)):
            break  # unknown place names are one word unless a particle glues them (بيت لاهيا)
        last, j = j, j + 1
    return _make(doc, k, last, etype)


def _feature(doc: Document, k: int, ntok: int, word: str) -> Candidate | None:
    """Feature head + name, head included: البحر الأسود، خليج عدن، قصر قرطاج، سد النهضة."""
    j = k + 1
    if j >= ntok or not _joined(doc, j):
        return None
    w = doc.words[j]
    if w in STOP or w in _ANY_FORM or w.isdigit() or (not w.startswith("ال") and w in FREQUENT):
        return None
    last = j
    if j + 1 < ntok and _joined(doc, j + 1) and doc.words[j + 1].startswith("ال") and w.startswith("ال"):
        nxt = doc.words[j + 1]
        if nxt not in STOP and not nxt.startswith(("الذي", "التي")):
            last = j + 1  # البحر الأبيض / رأس الرجاء الصالح style two-word names
    rest, n = strip_proclitics(word)
    offset = n if _FEATURE_FORMS.get(word) in (rest, "ا" + rest) else 0
    return _make(doc, k, last, "LOC", offset=offset)


def _org_chain(doc: Document, k: int, ntok: int, word: str) -> Candidate | None:
    """Including head + construct chain of definite words (and a conjoined definite word)."""
    definite_head = _ORG_FORMS[word].startswith("ال")
    last, j = None, k + 1
    proper_used = 0
    while j < ntok and j - k <= 5 and _joined(doc, j):
        w = doc.words[j]
        if w in STOP or w in _ANY_FORM:
            break
        if w.startswith(("ال", "لل")):
            last, j = j, j + 1
            continue
        if w.startswith("وال") and last is not None:
            last, j = j, j + 1
            continue
        nxt_def = j + 1 < ntok and _joined(doc, j + 1) and doc.words[j + 1].startswith("ال")
        if w.startswith("ل") and last is not None and nxt_def:
            last, j = j, j + 1  # المنظمة الجزائرية [لحماية المستهلك]
            continue
        ok_proper = not _adjective_like(w) and not w.endswith("ه") and w not in FREQUENT
        if not definite_head and proper_used == j - k - 1 and proper_used < 2 and (ok_proper or nxt_def):
            last, j, proper_used = j, j + 1, proper_used + 1
            continue
        break
    if last is None:
        return None
    rest, n = strip_proclitics(word)
    offset = n if _ORG_FORMS[word] in (rest, "ا" + rest) else 0
    cand = _make(doc, k, last, "ORG", offset=offset)
    return None if cand.key in GENERIC_ORGS else cand
