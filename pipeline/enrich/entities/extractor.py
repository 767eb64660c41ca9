"""Entity extraction: gazetteer + triggers + optional CRF, overlap resolution, linking, coref.

Order of precedence on overlapping spans (docs/entities.md):
1. knowledge-base (gazetteer) hits, longest first — nisba adjectives compete too and, when
   they win, suppress the span (an adjective is not a place mention);
2. trigger spans — an organisation chain that strictly contains place/organisation hits wins
   over them (وكالة [المغرب العربي] للأنباء → one ORG), otherwise triggers yield;
3. CRF spans (method "crf", when pipeline/enrich/entities/crf.py and its model exist) only
   where nothing else matched;
4. coreference adds surname-only repeats of earlier people.
Offsets index the original text; proclitics are left out of spans.
"""

from __future__ import annotations

import functools
import logging
from bisect import bisect_left
from typing import Any

from pipeline.enrich.entities.coref import resolve_coref
from pipeline.enrich.entities.document import Candidate, Document
from pipeline.enrich.entities.kb import KnowledgeBase, default_kb
from pipeline.enrich.entities.linker import choose, country_context, lookup_span
from pipeline.enrich.entities.matcher import find_gazetteer
from pipeline.enrich.entities.triggers import find_triggers
from pipeline.enrich.types import Mention

log = logging.getLogger(__name__)
_CRF_TYPES = {"PER": "PER", "PERS": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "GPE", "MISC": "MISC"}


@functools.cache
def _crf_tagger() -> Any | None:
    """The CRF tagger if its module and model ship with this checkout, else None (logged once)."""
    try:
        from pipeline.enrich.entities.crf import CrfTagger  # optional: built by a separate task
    except ImportError:
        log.info("entities: no CRF module; gazetteer + triggers only")
        return None
    try:
        return CrfTagger.load_default()
    except Exception as exc:  # a missing/corrupt model must not stop enrichment
        log.warning("entities: CRF model unavailable (%s); gazetteer + triggers only", exc)
        return None


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.nstart < b.nend and b.nstart < a.nend


def _resolve_gazetteer(cands: list[Candidate]) -> list[Candidate]:
    chosen: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-c.length, c.kind == "nisba", c.nstart)):
        if not any(_overlaps(c, o) for o in chosen):
            chosen.append(c)
    return chosen


def _add_triggers(chosen: list[Candidate], triggers: list[Candidate]) -> list[Candidate]:
    for t in sorted(triggers, key=lambda c: (-c.length, c.nstart)):
        hits = [o for o in chosen if _overlaps(t, o)]
        if not hits:
            chosen.append(t)
            continue
        contains_all = all(t.nstart <= o.nstart and o.nend <= t.nend for o in hits)
        strictly = contains_all and all(o.length < t.length for o in hits)
        if not strictly:
            continue
        if t.type == "ORG" and all(o.type in ("GPE", "LOC", "NISBA", "ORG") and o.method != "trigger" for o in hits):
            orgs = [o for o in hits if o.type == "ORG"]
            if len(orgs) == 1:
                t.ids = orgs[0].ids  # حزب العدالة والتنمية المغربي: the chain is the known party
            for o in hits:
                chosen.remove(o)
            chosen.append(t)
        elif t.type == "PER" and all(o.type in ("GPE", "LOC", "NISBA") and o.nstart > t.nstart for o in hits):
            for o in hits:
                chosen.remove(o)  # محمد [المصري]: a family name that looks like a place/nisba
            chosen.append(t)
    return chosen


def _crf_candidates(doc: Document, spans: list[tuple[int, int, str]]) -> list[Candidate]:
    out = []
    for start, end, label in spans:
        etype = _CRF_TYPES.get(label)
        if etype is None or end <= start:
            continue
        ns = bisect_left(doc.imap, start)
        ne = bisect_left(doc.imap, end)
        if ns >= ne:
            continue
        s, e = doc.to_orig(ns, ne)
        out.append(Candidate(ns, ne, s, e, etype, "crf", 2, key=doc.norm[ns:ne]))
    return out


def _link(doc: Document, kb: KnowledgeBase, chosen: list[Candidate]) -> None:
    ctx = country_context(kb, [c for c in chosen if c.method == "gazetteer"])
    for c in chosen:
        if c.type == "NISBA":
            continue
        if c.method == "gazetteer":
            c.entity_id = choose(doc, kb, c, ctx, None)
            c.type = kb.records[c.entity_id].type
            continue
        if not c.ids:
            c.ids = lookup_span(kb, c.key, c.type)
        if c.ids:
            c.entity_id = choose(doc, kb, c, ctx, c.type)
            rec_type = kb.records[c.entity_id].type
            if c.type in ("LOC", "GPE", "MISC"):
                c.type = rec_type  # linking refines LOC → GPE for countries and cities


def extract_entities(text: str, kb: KnowledgeBase | None = None, *, use_crf: bool = True) -> list[Mention]:
    """Every entity mention in `text` (original form), sorted by start offset.

    kb: the knowledge base (default: the shipped one, built once per process).
    use_crf: add the statistical tagger's spans where nothing else matched (if installed).
    """
    kb = kb or default_kb()
    doc = Document(text)
    chosen = _resolve_gazetteer(find_gazetteer(doc, kb))
    chosen = _add_triggers(chosen, find_triggers(doc, set()))
    chosen.sort(key=lambda c: c.nstart)
    _link(doc, kb, chosen)
    # Coreference runs before the CRF so a known surname is not swallowed by a wider CRF span.
    chosen += resolve_coref(doc, kb, chosen)
    tagger = _crf_tagger() if use_crf else None
    if tagger is not None:
        crf: list[Candidate] = []
        for c in sorted(_crf_candidates(doc, tagger.tag(text)), key=lambda c: -c.length):
            if not any(_overlaps(c, o) for o in chosen + crf):
                crf.append(c)
        _link(doc, kb, crf)
        chosen += [c for c in crf if not (c.type == "MISC" and c.entity_id is None)]
        chosen += resolve_coref(doc, kb, sorted(chosen, key=lambda c: c.nstart))
    chosen.sort(key=lambda c: c.nstart)
    return [_to_mention(text, kb, c) for c in chosen if c.type != "NISBA"]


def _to_mention(text: str, kb: KnowledgeBase, c: Candidate) -> Mention:
    rec = kb.records.get(c.entity_id) if c.entity_id else None
    return Mention(
        text=text[c.start : c.end],
        start=c.start,
        end=c.end,
        type=c.type,
        entity_id=rec.id if rec else None,
        canonical=rec.name_en if rec else None,
        method=c.method,
        canonical_ar=rec.name_ar if rec else None,
        wikidata=rec.wikidata if rec else None,
    )
