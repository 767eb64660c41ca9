"""Linking: choose one entity per mention among the candidates its alias shares.

Score per candidate (highest wins, ties keep the knowledge base's prior order — curated,
then countries, then cities by population):
- +3 when the word before the mention asks for its kind: a city head (مدينة، العاصمة) for a
  city, a media descriptor (صحيفة، قناة…) for an outlet, a title for a person;
- +2 when the type the recogniser expects (trigger/CRF type) equals the record's type, with
  LOC accepted for GPE (the CRF tags every place LOC);
- +1 per other mention in the document linked to, or nisba pointing at, the record's country.
Unlinkable recogniser spans are looked up by surface (with لل and ال variants) and, for a
one-word person name, by surname when exactly one known person carries it.
"""

from __future__ import annotations

import math
from collections import Counter

from pipeline.enrich.entities.document import Candidate, Document
from pipeline.enrich.entities.kb import KnowledgeBase
from pipeline.enrich.normalize import normalize_key

_CITY_CUES = frozenset(normalize_key(w) for w in ["مدينة", "العاصمة", "عاصمة", "بمدينة", "لمدينة"])
_CAPITAL = normalize_key("العاصمة")
_OUTLET_CUES = frozenset(normalize_key(w) for w in ["صحيفة", "جريدة", "قناة", "موقع", "شبكة", "مجلة", "يومية"])


def _prev_word(doc: Document, c: Candidate) -> str:
    k = doc.token_ending_before(doc.word_start(c.nstart))
    return doc.tok(k) if k >= 0 else ""


def _next_word(doc: Document, c: Candidate) -> str:
    k = doc.token_starting_after(c.nend)
    return doc.tok(k) if k < len(doc.tokens) else ""


def country_context(kb: KnowledgeBase, chosen: list[Candidate]) -> Counter[str]:
    """Country codes the document points at (linked mentions and nisba adjectives)."""
    ctx: Counter[str] = Counter()
    for c in chosen:
        ids = [c.entity_id] if c.entity_id else list(c.ids[:1])
        for rid in ids:
            rec = kb.records.get(rid) if rid else None
            if rec is not None:
                cc = rec.attributes.get("country")
                if cc:
                    ctx[str(cc)] += 1
    return ctx


def choose(doc: Document, kb: KnowledgeBase, c: Candidate, ctx: Counter[str], expected: str | None) -> str:
    """The best id among c.ids for this context."""
    if len(c.ids) == 1:
        return c.ids[0]
    prev, nxt = _prev_word(doc, c), _next_word(doc, c)
    countries = {kb.records[rid].attributes.get("country") for rid in c.ids}
    # Country context only separates candidates of different countries (طرابلس LY/LB); the
    # mention's own default reading is not evidence for itself.
    own = kb.records[c.ids[0]].attributes.get("country")
    # Population only ranks towns among towns: a curated region or organisation that shares
    # the alias (الساحل the Sahel, أستانا the talks) keeps its precedence.
    first_is_city = kb.records[c.ids[0]].attributes.get("kind") == "city"
    best, best_score = c.ids[0], float("-inf")
    for rank, rid in enumerate(c.ids):
        rec = kb.records[rid]
        kind = rec.attributes.get("kind")
        score = -0.01 * rank
        if (prev in _CITY_CUES or nxt == _CAPITAL) and kind == "city":
            score += 3
        if prev in _OUTLET_CUES and kind == "outlet":
            score += 3
        if expected and (expected == rec.type or (expected == "LOC" and rec.type == "GPE")):
            score += 2
        pop = int(rec.attributes.get("population") or 0)
        if pop > 0 and first_is_city:
            score += 0.4 * math.log10(pop)  # Casablanca over Dar el Beïda unless context says so
        cc = rec.attributes.get("country")
        if cc and len(countries) > 1 and rec.type in ("GPE", "LOC"):
            support = ctx.get(str(cc), 0) - (1 if cc == own else 0)
            score += min(max(support, 0), 3) * 0.5
        if score > best_score:
            best, best_score = rid, score
    return best


def lookup_span(kb: KnowledgeBase, surface_norm: str, etype: str, ctx: Counter[str] | None = None) -> tuple[str, ...]:
    """Candidate ids for a recogniser span (normalised surface), compatible with its type.

    An organisation named without its country ("وزارة الدفاع الوطني") is also tried with the
    nisba of the country the document names most ("… الجزائرية").
    """
    ids = kb.lookup(surface_norm)
    if not ids and etype == "ORG" and ctx:
        cc = ctx.most_common(1)[0][0]
        for key in kb.country_nisba.get(f"gpe:{cc}", ()):
            if key.startswith("ال") and key.endswith(("يه", "ي")):
                ids = kb.alias_index.get(f"{surface_norm} {key}", ())
                if ids:
                    break
    if not ids and etype == "PER" and " " not in surface_norm:
        ids = kb.surname_index.get(surface_norm, ())
        if len(ids) != 1:
            return ()
    if not ids and etype == "PER":
        words = surface_norm.split()
        if len(words) >= 2:
            # A name with a first name we do not know but a distinctive known full alias tail.
            return ()
    compatible = tuple(
        rid
        for rid in ids
        if kb.records[rid].type == etype
        or (etype == "LOC" and kb.records[rid].type in ("GPE", "LOC"))
        or (etype == "GPE" and kb.records[rid].type in ("GPE", "LOC"))
        or etype == "MISC"
    )
    return compatible
