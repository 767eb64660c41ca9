"""Build tests/data/dedup_pairs.jsonl, the labelled set for duplicate and story decisions.

Input: tests/data/dedup_docs.txt (hand-written base articles, grouped by people/places and
by event). Output: one JSON object per line, a labelled pair:

    {"id", "kind", "duplicate": bool, "same_story": bool, "jaccard_k3": float, "a": doc, "b": doc}

Kinds:
  exact_copy       the same body at another outlet under a new headline (or spelling/punctuation
                   variants of it): duplicate, same story;
  agency_rewrite   republished agency copy, rewritten deterministically from a base text:
                   new headline, a dropped paragraph, swapped sentences, an agency dateline
                   and outlet boilerplate, light synonym edits, or several at once: duplicate,
                   same story;
  same_event       two outlets' own texts about one event: not duplicate, same story;
  shared_entities  two events that share people and places (days to months apart): neither;
  template         one outlet's daily templated report (gold prices, weather) on two days:
                   much shared wording, different news: neither;
  unrelated        different people, places and events: neither.

Run: ``python -m bench.build_dedup_pairs`` (deterministic; rewrite recipes are in this file).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from itertools import combinations
from pathlib import Path

from pipeline.dedup import shingles, words

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "data" / "dedup_docs.txt"
OUT = ROOT / "tests" / "data" / "dedup_pairs.jsonl"


@dataclass(frozen=True)
class Doc:
    """One article of the labelled set."""

    doc_id: str
    event: str
    site: str
    url: str
    published_at: str
    title: str
    text: str
    entity_ids: list[str]
    event_dates: list[str]


def load_docs(path: Path = DOCS) -> dict[str, Doc]:
    """Parse the ``=== ID`` blocks of dedup_docs.txt."""
    docs: dict[str, Doc] = {}
    for block in re.split(r"^=== ", path.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]:
        head, _, body = block.partition("\n---\n")
        lines = head.splitlines()
        fields = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        paragraphs = [p.strip() for p in body.strip().splitlines() if p.strip()]
        docs[lines[0].strip()] = Doc(
            doc_id=lines[0].strip(),
            event=fields["event"],
            site=fields["site"],
            url=fields["url"],
            published_at=fields["published_at"],
            title=fields["title"],
            text="\n".join(paragraphs),
            entity_ids=fields["entities"].split(),
            event_dates=fields["event_dates"].split(),
        )
    return docs


def jaccard_k3(a: str, b: str) -> float:
    """True (not estimated) Jaccard of normalised word 3-shingles."""
    sa, sb = shingles(words(a), 3), shingles(words(b), 3)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


# ------------------------------------------------------------------------------ rewrite recipes

_SENT = re.compile(r"(?<=[.!؟])\s+")
_SYNONYMS = {
    "أكد": "شدد",
    "أوضح": "بين",
    "أشار": "لفت",
    "اليوم": "هذا اليوم",
    "كما": "وكذلك",
    "خلال": "أثناء",
    "إضافة": "علاوة",
    "عدد": "جملة",
    "مؤكدا": "معتبرا",
    "مشيرا": "لافتا",
    "وقال": "وصرح",
}
_OUTLETS = ["alakhbar.press.ma", "barlamane.com", "elbalad.news", "alarabiya.net", "rt.com", "sky.news"]
_BOILERPLATE = "تابعوا آخر الأخبار العاجلة والتحليلات عبر موقعنا وحساباتنا على شبكات التواصل الاجتماعي."


def _paras(doc: Doc) -> list[str]:
    return doc.text.split("\n")


def _as(doc: Doc, suffix: str, n: int, paras: list[str], title: str, hours: float) -> Doc:
    site = _OUTLETS[n % len(_OUTLETS)]
    when = datetime.fromisoformat(doc.published_at) + timedelta(hours=hours)
    return replace(
        doc,
        doc_id=f"{doc.doc_id}-{suffix}",
        site=site,
        url=f"https://{site}/news/{doc.doc_id.lower()}-{suffix}",
        published_at=when.isoformat(),
        title=title,
        text="\n".join(paras),
    )


def new_title(doc: Doc) -> str:
    """A different headline: the lead sentence's first words."""
    return " ".join(_SENT.split(_paras(doc)[0])[0].split()[:12])


def copy_new_headline(doc: Doc, n: int) -> Doc:
    """The same body under another outlet's headline."""
    return _as(doc, "copy", n, _paras(doc), new_title(doc), 2)


def copy_spelling(doc: Doc, n: int) -> Doc:
    """The same body with hamza/ta marbuta spellings, diacritics and punctuation changed."""
    text = doc.text.replace("أ", "ا").replace("إ", "ا").replace("،", ",")
    text = text.replace("ة ", "ه ").replace(" في ", " فِي ").replace("  ", " ")
    return _as(doc, "spell", n, text.split("\n"), doc.title, 5)


def drop_paragraph(doc: Doc, n: int) -> Doc:
    """Drop the middle paragraph; new headline."""
    p = _paras(doc)
    del p[len(p) // 2]
    return _as(doc, "drop1", n, p, new_title(doc), 3)


def swap_sentences(doc: Doc, n: int) -> Doc:
    """Swap two sentences in the first paragraph that has two, and two later paragraphs."""
    p = _paras(doc)
    for i, para in enumerate(p):
        sents = _SENT.split(para)
        if len(sents) >= 2:
            sents[0], sents[1] = sents[1], sents[0]
            p[i] = " ".join(sents)
            break
    if len(p) >= 4:
        p[-2], p[-3] = p[-3], p[-2]
    return _as(doc, "swap", n, p, new_title(doc), 1)


def agency_frame(doc: Doc, n: int) -> Doc:
    """Agency dateline on the lead, last paragraph dropped, outlet boilerplate appended."""
    p = _paras(doc)
    p[0] = "(وكالات) - " + p[0]
    p = [*p[:-1], _BOILERPLATE]
    return _as(doc, "agency", n, p, doc.title, 6)


def drop_two(doc: Doc, n: int) -> Doc:
    """Drop the second and the second-to-last paragraph (a trimmed agency copy)."""
    p = _paras(doc)
    p = [x for i, x in enumerate(p) if i not in (1, len(p) - 2)]
    return _as(doc, "drop2", n, p, new_title(doc), 20)


def light_edit(doc: Doc, n: int) -> Doc:
    """Synonym swaps in every third sentence (the desk's light touch)."""
    out = []
    k = 0
    for para in _paras(doc):
        sents = _SENT.split(para)
        for j, sent in enumerate(sents):
            if k % 3 == 0:
                for src, dst in _SYNONYMS.items():
                    if re.search(rf"(?<!\w){src}(?!\w)", sent):
                        sents[j] = re.sub(rf"(?<!\w){src}(?!\w)", dst, sent, count=1)
                        break
            k += 1
        out.append(" ".join(sents))
    return _as(doc, "edit", n, out, new_title(doc), 4)


def heavy(doc: Doc, n: int) -> Doc:
    """Dropped paragraph + swapped sentences + light edits + dateline, all at once."""
    d = agency_frame(light_edit(swap_sentences(drop_paragraph(doc, n), n), n), n)
    return replace(d, doc_id=f"{doc.doc_id}-heavy", url=f"https://{d.site}/news/{doc.doc_id.lower()}-heavy")


COPIES = (copy_new_headline, copy_spelling)
REWRITES = (drop_paragraph, swap_sentences, agency_frame, drop_two, light_edit, heavy)
BASES = ("A1", "A2", "B1", "C1", "D1", "E1", "F1")


def build(docs: dict[str, Doc]) -> list[dict]:
    """All labelled pairs, in a stable order."""
    pairs: list[tuple[str, Doc, Doc, bool, bool]] = []
    for n, base in enumerate(BASES):
        for recipe in COPIES:
            pairs.append(("exact_copy", docs[base], recipe(docs[base], n), True, True))
        for recipe in REWRITES:
            pairs.append(("agency_rewrite", docs[base], recipe(docs[base], n + 1), True, True))
    for a, b in combinations(sorted(docs), 2):
        da, db = docs[a], docs[b]
        if da.event == db.event:
            pairs.append(("same_event", da, db, False, True))
        elif da.event[0] == db.event[0] == "H":
            series = da.event.rsplit("-", 1)[0] == db.event.rsplit("-", 1)[0]
            pairs.append(("template" if series else "unrelated", da, db, False, False))
        elif da.event[0] == db.event[0] != "G":
            pairs.append(("shared_entities", da, db, False, False))
    # A rewrite of one outlet's text against another outlet's own text of the same event.
    pairs.append(("same_event", drop_paragraph(docs["A1"], 1), docs["A2"], False, True))
    pairs.append(("same_event", light_edit(docs["E1"], 2), docs["E2"], False, True))
    for a, b in (("A2", "G1"), ("B1", "G2"), ("G1", "G2"), ("G2", "G3"), ("D1", "E1"), ("C1", "F1"), ("E1", "G3")):
        pairs.append(("unrelated", docs[a], docs[b], False, False))
    return [
        {
            "id": f"p{i:03d}",
            "kind": kind,
            "duplicate": dup,
            "same_story": story,
            "jaccard_k3": round(jaccard_k3(a.text, b.text), 4),
            "a": asdict(a),
            "b": asdict(b),
        }
        for i, (kind, a, b, dup, story) in enumerate(pairs)
    ]


def main() -> None:
    """Write the pairs file and print counts per kind."""
    pairs = build(load_docs())
    with OUT.open("w", encoding="utf-8") as fh:
        for p in pairs:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    kinds: dict[str, list[float]] = {}
    for p in pairs:
        kinds.setdefault(p["kind"], []).append(p["jaccard_k3"])
    for kind, js in kinds.items():
        print(f"{kind:16s} n={len(js):3d} jaccard_k3 min={min(js):.3f} max={max(js):.3f}")
    print(f"{len(pairs)} pairs -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
