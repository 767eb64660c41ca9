"""Read ANERcorp files (``token TAG`` per line, blank line between sentences) at run time.

Used by bench/train_ner.py and bench/eval_anercorp.py only; the corpus lives under
/work/shared/corpus/anercorp (override with $ANERCORP_DIR) and is never copied into the repo.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DIR = Path(os.environ.get("ANERCORP_DIR", "/work/shared/corpus/anercorp"))


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of ``path`` as (tokens, tags) pairs. Lines without exactly two fields are
    skipped (there are none in the shipped files; this guards against stray whitespace).
    """
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if toks:
                sents.append((toks, tags))
                toks, tags = [], []
            continue
        if len(parts) != 2:
            continue
        toks.append(parts[0])
        tags.append(parts[1])
    if toks:
        sents.append((toks, tags))
    return sents
