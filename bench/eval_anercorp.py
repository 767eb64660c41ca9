"""Evaluate the shipped CRF tagger on ANERcorp's test files: exact-span, exact-type micro F1.

Two test files (read at run time, never copied): ``clean_test.txt`` (CLEANANERCorp labels)
and ``camel_test.txt`` (the CAMeL Lab split published figures use, defects included).
Scores are seqeval's CoNLL-style entity F1 (default mode), per type and micro overall.

Three views per file:
- ``tokens``: ``CrfTagger.tag_tokens`` on the gold tokens (the figure comparable with
  published results; ANERcorp tags whole tokens, clitics included).
- ``text_widened``: the sentence is joined with spaces, run through ``CrfTagger.tag``
  (Akhbar's own tokeniser and clitic trimming), and each span is widened back to whole
  tokens: checks the text path loses nothing.
- ``text_unwidened``: same spans *without* widening, against gold whole-token spans: what
  the clitic trimming costs under ANERcorp's convention (not a quality figure).

    PYTHONPATH=. .venv/bin/python bench/eval_anercorp.py
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.anercorp_io import DEFAULT_DIR, read_conll  # noqa: E402
from pipeline.enrich.entities.crf import CrfTagger  # noqa: E402

RESULT_PATH = ROOT / "bench" / "results" / "eval_anercorp.json"
PUBLISHED = {
    "note": "exact-span exact-type micro F1 on camel_test.txt, fine-tuned transformers",
    "AraBERT/CAMeLBERT fine-tuned": "0.81-0.84",
    "CAMeL Tools NER (CAMeLBERT-MSA)": 0.83,
}
_REV_TYPE = {"PER": "PERS", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}


def _scores(gold: list[list[str]], pred: list[list[str]]) -> dict[str, object]:
    rep = classification_report(gold, pred, output_dict=True, zero_division=0)
    per_type = {
        k: {m: round(float(v[m]), 4) for m in ("precision", "recall", "f1-score", "support")}
        for k, v in rep.items()
        if k in ("PERS", "ORG", "LOC", "MISC")
    }
    return {
        "precision": round(precision_score(gold, pred), 4),
        "recall": round(recall_score(gold, pred), 4),
        "f1": round(f1_score(gold, pred), 4),
        "per_type": per_type,
    }


def _spans_to_bio(
    offsets: list[tuple[int, int]], spans: list[tuple[int, int, str]], widen: bool
) -> list[str]:
    """Token BIO labels for char spans. Widened: any token the span touches is inside.
    Unwidened: a span matches a token range only if it covers whole tokens exactly; a span
    that starts inside a token (clitic trimmed) cannot be expressed and is scored as its
    type on a non-matching position (the first token gets a sentinel type so it counts as
    a miss and a false positive, as an exact-span scorer would).
    """
    labels = ["O"] * len(offsets)
    for start, end, typ in spans:
        etype = _REV_TYPE[typ]
        toks = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
        if not toks:
            continue
        exact = offsets[toks[0]][0] == start and offsets[toks[-1]][1] == end
        if not widen and not exact:
            etype = "TRIMMED_" + etype
        for k, i in enumerate(toks):
            labels[i] = ("B-" if k == 0 else "I-") + etype
    return labels


def evaluate(tagger: CrfTagger, path: Path) -> dict[str, object]:
    """All three views for one test file, plus timing of the token view."""
    sents = read_conll(path)
    gold = [tags for _, tags in sents]
    t0 = time.perf_counter()
    pred_tokens = [tagger.tag_tokens(toks) for toks, _ in sents]
    seconds = time.perf_counter() - t0
    widened, unwidened = [], []
    for toks, _ in sents:
        text = " ".join(toks)
        offsets, pos = [], 0
        for t in toks:
            offsets.append((pos, pos + len(t)))
            pos += len(t) + 1
        spans = tagger.tag(text)
        widened.append(_spans_to_bio(offsets, spans, widen=True))
        unwidened.append(_spans_to_bio(offsets, spans, widen=False))
    n_tokens = sum(len(t) for t in gold)
    return {
        "sentences": len(sents),
        "n_tokens": n_tokens,
        "tokens": _scores(gold, pred_tokens),
        "text_widened": _scores(gold, widened),
        "text_unwidened": _scores(gold, unwidened),
        "tag_tokens_per_second": round(n_tokens / seconds),
    }


def main() -> None:
    """Evaluate on both test files, write bench/results/eval_anercorp.json, print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)
    args = ap.parse_args()
    tagger = CrfTagger.load_default()
    results: dict[str, object] = {"published": PUBLISHED}
    for name in ("clean_test.txt", "camel_test.txt"):
        res = evaluate(tagger, args.data_dir / name)
        results[name] = res
        print(f"\n{name}")
        types = "  ".join(f"{t:>5}" for t in _REV_TYPE.values())
        print(f"  {'view':<16}{'P':>7}{'R':>7}{'F1':>7}   {types}")
        for view in ("tokens", "text_widened", "text_unwidened"):
            s = res[view]
            per = "  ".join(f"{s['per_type'].get(t, {}).get('f1-score', 0):5.3f}" for t in _REV_TYPE.values())
            print(f"  {view:<16}{s['precision']:7.3f}{s['recall']:7.3f}{s['f1']:7.3f}   {per}")
    print("\npublished on camel_test.txt: AraBERT/CAMeLBERT fine-tuned 0.81-0.84 (CAMeL Tools 0.83)")
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
