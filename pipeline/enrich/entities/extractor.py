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
from pipeline.enrich.entities.lexicon import FREQUENT, GENERIC_ORGS
from pipeline.enrich.entities.linker import choose, country_context, lookup_span
from pipeline.enrich.entities.matcher import find_gazetteer, notable
from pipeline.enrich.entities.triggers import find_triggers
from pipeline.enrich.normalize import strip_proclitics
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


def _resolve_gazetteer(cands: list[Candidate], size: int) -> list[Candidate]:
    """Longest hits first; a hit overlapping an already chosen one is dropped."""
    chosen: list[Candidate] = []
    taken = bytearray(size + 1)
    for c in sorted(cands, key=lambda c: (-c.length, c.kind == "nisba", c.nstart)):
        if not any(taken[c.nstart : c.nend]):
            chosen.append(c)
            taken[c.nstart : c.nend] = b"\x01" * c.length
    return chosen


def _add_triggers(chosen: list[Candidate], triggers: list[Candidate], kb: KnowledgeBase) -> list[Candidate]:
    """Add trigger spans; one replaces the gazetteer hits it strictly contains only when:
    - ORG: the hits are places/nisbas (وكالة [المغرب العربي] للأنباء), or one known
      organisation at its start followed by nisbas (حزب العدالة والتنمية المغربي → inherits);
    - PER: the hits are nisbas or one-word town names that are also given names (رشيد، سارة);
    - place/feature: the hits are towns inside a longer name (كرم أبو [سالم]، خليج [عدن])."""
    size = max([c.nend for c in chosen + triggers], default=0) + 1
    owner: list[Candidate | None] = [None] * size  # which chosen span covers each position
    for c in chosen:
        owner[c.nstart : c.nend] = [c] * c.length
    for t in sorted(triggers, key=lambda c: (-c.length, c.nstart)):
        hits = list({id(o): o for o in owner[t.nstart : t.nend] if o is not None}.values())
        if not hits:
            chosen.append(t)
            owner[t.nstart : t.nend] = [t] * t.length
            continue
        inside = all(t.nstart <= o.nstart and o.nend <= t.nend and o.length < t.length for o in hits)
        if not inside or any(o.method != "gazetteer" for o in hits):
            continue
        kinds = [kb.records[o.ids[0]].attributes.get("kind") if o.type != "NISBA" else "nisba" for o in hits]
        orgs = [o for o in hits if o.type == "ORG"]
        if t.type == "ORG":
            if any(o.type not in ("GPE", "LOC", "NISBA", "ORG") for o in hits):
                continue
            if orgs:
                # Only "known organisation + nisba adjective(s)" to the end of the chain.
                rest = [o for o in hits if o is not orgs[0]]
                if len(orgs) != 1 or orgs[0].nstart != t.nstart or not rest:
                    continue
                if any(o.type != "NISBA" for o in rest) or max(o.nend for o in rest) != t.nend:
                    continue
                t.ids = orgs[0].ids
        elif t.type == "PER":
            if not all(k == "nisba" or (k == "city" and " " not in o.key) for o, k in zip(hits, kinds, strict=True)):
                continue
        elif not all(o.type in ("GPE", "LOC") and k != "country" for o, k in zip(hits, kinds, strict=True)):
            continue
        for o in hits:
            chosen.remove(o)
        chosen.append(t)
        owner[t.nstart : t.nend] = [t] * t.length
    return chosen


def _generic(c: Candidate) -> bool:
    """An unlinked statistical span that is a common word or a function name (المنتخب، الخارجية,
    مجلس الوزراء) or MISC: dropped, the CRF over-tags these."""
    words = c.key.split()
    if c.type == "MISC" or c.key in GENERIC_ORGS:
        return True
    return len(words) == 1 and (words[0] in FREQUENT or strip_proclitics(words[0])[0] in FREQUENT)


def _is_city(kb: KnowledgeBase, c: Candidate) -> bool:
    return bool(c.ids) and kb.records[c.ids[0]].attributes.get("kind") == "city"


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
            c.ids = lookup_span(kb, c.key, c.type, ctx)
        if c.ids:
            c.entity_id = choose(doc, kb, c, ctx, c.type)
            rec_type = kb.records[c.entity_id].type
            if c.type in ("LOC", "GPE", "MISC"):
                c.type = rec_type  # linking refines LOC → GPE for countries and cities


def extract_entities(text: str, kb: KnowledgeBase | None = None, *, use_crf: bool = False) -> list[Mention]:
    """Every entity mention in `text` (original form), sorted by start offset.

    kb: the knowledge base (default: the shipped one, built once per process).
    use_crf: also add the CRF tagger's spans where nothing else matched (if crf.py and its
        model ship). Off by default: measured in bench/eval_entities.py, it costs 0.5–0.6 of
        trafilatura.extract per page (the bar is 0.2) for no F1 gain on the gold sets.
    """
    kb = kb if kb is not None else default_kb()
    doc = Document(text)
    hits = find_gazetteer(doc, kb)
    strong = [c for c in hits if c.kind != "weak"]
    # A weak alias (an ordinary word too: العيون، صور) counts if the document names its country.
    ctx = country_context(kb, strong)
    weak = [
        c
        for c in hits
        if c.kind == "weak" and any(notable(kb, i) and kb.records[i].attributes.get("country") in ctx for i in c.ids)
    ]
    chosen = _resolve_gazetteer(strong + weak, len(doc.norm))
    covered = bytearray(len(doc.norm) + 1)
    for c in chosen:
        # Spans a role complement may contain (organisations, countries, regions); a one-word
        # town is left out because it is often a given name too (رشيد، سارة، نور).
        if c.type != "PER" and not (c.type == "GPE" and " " not in c.key and _is_city(kb, c)):
            covered[c.nstart : c.nend] = b"\x01" * c.length
    chosen = _add_triggers(chosen, find_triggers(doc, covered), kb)
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
        chosen += [c for c in crf if c.entity_id is not None or not _generic(c)]
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
