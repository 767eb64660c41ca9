"""In-document coreference for people: a later surname-only mention links to the full name.

"أفيف كوخافي … وقال كوخافي" → the second mention gets the first's entity (or stays unlinked
with it if the full name was unknown) and method "coref". Surnames are the last word of a
multi-word PER mention, ≥ 3 letters, not a stop word, weak alias or nisba. Words are compared
without proclitics (ولكوخافي → كوخافي).
"""

from __future__ import annotations

from pipeline.enrich.entities.document import Candidate, Document
from pipeline.enrich.entities.kb import KnowledgeBase
from pipeline.enrich.entities.lexicon import NAME_PARTICLES, STOP
from pipeline.enrich.normalize import proclitic_prefixes


def resolve_coref(doc: Document, kb: KnowledgeBase, chosen: list[Candidate]) -> list[Candidate]:
    """New coref candidates for uncovered surname tokens; also links one-word PER mentions.

    `chosen` is the non-overlapping mention list (sorted by start); it is updated in place
    for existing one-word PER mentions and the new candidates are returned.
    """
    antecedents: dict[str, Candidate] = {}
    covered = bytearray(len(doc.norm) + 1)
    for c in chosen:
        if c.type != "NISBA":  # السوداني may be the adjective or Mr al-Sudani: coref decides
            covered[c.nstart : c.nend] = b"\x01" * (c.nend - c.nstart)
    persons = sorted((c for c in chosen if c.type == "PER"), key=lambda c: c.nstart)
    for c in persons:
        words = doc.norm[c.nstart : c.nend].split()
        if len(words) >= 2 and words[-2] not in NAME_PARTICLES:  # "خالد عبد الكريم": no "الكريم"
            sur = words[-1]
            if len(sur) >= 3 and sur not in STOP and sur not in kb.weak:
                antecedents.setdefault(sur, c)
                if sur.startswith("ال"):
                    antecedents.setdefault(sur[2:], c)
        elif c.entity_id is None and words:
            ante = antecedents.get(words[0])
            if ante is not None and ante.nstart < c.nstart:
                c.entity_id = ante.entity_id
                c.ids = ante.ids
                c.method = c.method + "+coref"
    if not antecedents:
        return []
    # Every proclitic form of every surname → (surname, proclitic length): one lookup per token.
    forms = {p + sur: (sur, len(p)) for sur in antecedents for p in proclitic_prefixes()}
    new: list[Candidate] = []
    for k, word in enumerate(doc.words):
        hit = forms.get(word)
        if hit is None:
            continue
        s, e = doc.tokens[k]
        if covered[s]:
            continue
        sur, n = hit
        ante = antecedents[sur]
        if sur in kb.nisba_index and k > 0 and doc.words[k - 1].startswith("ال"):
            continue  # "الجيش السوداني": the adjective, not Mr al-Sudani
        if ante.nstart < s:
            start, end = doc.to_orig(s + n, e)
            new.append(
                Candidate(
                    s + n, e, start, end, "PER", "coref", 3,
                    ids=ante.ids, key=sur, entity_id=ante.entity_id,
                )
            )  # fmt: skip
    return new
