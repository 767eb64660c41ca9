"""Read the entity gold set: tests/data/entities/gold_markup.txt → paragraphs with gold spans.

The markup files are the hand-edited source; `python bench/gold_entities.py` rewrites
tests/data/entities/gold.jsonl and heldout.jsonl (text + spans with offsets) from them and
reports gold ids the knowledge base does not hold (a data error to fix in the markup).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "entities"
MARKUP = GOLD_DIR / "gold_markup.txt"
JSONL = GOLD_DIR / "gold.jsonl"
_MARK = re.compile(r"\{\{([^|{}]+)\|([A-Z]+)\|([^|{}]+)\}\}")


@dataclass(frozen=True)
class GoldMention:
    """One annotated mention: offsets into the paragraph text, type, entity id or None."""

    start: int
    end: int
    text: str
    type: str
    entity_id: str | None


@dataclass(frozen=True)
class GoldDoc:
    """One annotated paragraph."""

    id: str
    outlet: str
    country: str
    text: str
    mentions: tuple[GoldMention, ...]


def parse_paragraph(markup: str) -> tuple[str, list[GoldMention]]:
    """Plain text and gold mentions of one marked-up paragraph."""
    out: list[str] = []
    mentions: list[GoldMention] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(markup):
        before = markup[pos : m.start()]
        out.append(before)
        length += len(before)
        surface, etype, eid = m.group(1), m.group(2), m.group(3)
        mentions.append(GoldMention(length, length + len(surface), surface, etype, None if eid == "-" else eid))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(markup[pos:])
    return "".join(out), mentions


def load_gold(path: Path = MARKUP) -> list[GoldDoc]:
    """All gold paragraphs of the markup file."""
    docs: list[GoldDoc] = []
    header: list[str] | None = None
    body: list[str] = []

    def flush() -> None:
        if header is not None and "".join(body).strip():
            text, mentions = parse_paragraph(" ".join(x.strip() for x in body if x.strip()))
            docs.append(GoldDoc(header[0], header[1], header[2], text, tuple(mentions)))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            flush()
            header = [p.strip() for p in line[3:].split("|")]
            body = []
        elif line.startswith("#"):
            continue
        else:
            body.append(line)
    flush()
    return docs


def main() -> None:
    """Rewrite gold.jsonl and heldout.jsonl from the markup; report counts and unknown ids."""
    from pipeline.enrich.entities import default_kb

    kb = default_kb()
    for markup, out in ((MARKUP, JSONL), (GOLD_DIR / "heldout_markup.txt", GOLD_DIR / "heldout.jsonl")):
        docs = load_gold(markup)
        unknown = sorted(
            {m.entity_id for d in docs for m in d.mentions if m.entity_id and m.entity_id not in kb.records}
        )
        with out.open("w", encoding="utf-8") as fh:
            for d in docs:
                row = {
                    "id": d.id,
                    "outlet": d.outlet,
                    "country": d.country,
                    "text": d.text,
                    "mentions": [m.__dict__ for m in d.mentions],
                }
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        n = sum(len(d.mentions) for d in docs)
        linked = sum(1 for d in docs for m in d.mentions if m.entity_id)
        print(f"{out.name}: {len(docs)} paragraphs, {n} mentions ({linked} linked, {n - linked} unknown entities)")
        if unknown:
            print("  gold ids missing from the knowledge base:", ", ".join(unknown))


if __name__ == "__main__":
    main()
