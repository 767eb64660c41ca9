"""Train the shipped CRF NER model on ANERcorp's train split (CLEANANERCorp clean_train.txt).

Steps: (1) optionally tune c1/c2 on a held-out tail of the TRAIN split (last 10 % of its
sentences; the test files are never read here), (2) retrain on the full train split with
the best setting, (3) write the model and the word-count vocabulary the clitic trimmer uses
to pipeline/enrich/entities/models/, (4) write bench/results/train_ner.json.

    PYTHONPATH=. .venv/bin/python bench/train_ner.py [--tune] [--c1 0.1 --c2 0.05]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pycrfsuite
from seqeval.metrics import f1_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.anercorp_io import DEFAULT_DIR, read_conll  # noqa: E402
from pipeline.enrich.entities.crf_features import (  # noqa: E402
    FEATURE_VERSION,
    normalise,
    sentence_features,
    windowed_document_stats,
)

MODEL_DIR = ROOT / "pipeline" / "enrich" / "entities" / "models"
MODEL_PATH = MODEL_DIR / "anercorp_crf.crfsuite"
VOCAB_PATH = MODEL_DIR / "anercorp_vocab.tsv"
RESULT_PATH = ROOT / "bench" / "results" / "train_ner.json"

# ANERcorp has no document boundaries; its documents are contiguous, so the sentences within
# this many of a sentence stand in for its document (bench/eval_anercorp.py uses the same).
DOC_RADIUS = 8

Sentences = list[tuple[list[str], list[str]]]


def train(sents: Sentences, path: Path, c1: float, c2: float, max_iter: int, minfreq: float) -> dict[str, float]:
    """Train one L-BFGS CRF on ``sents`` and write it to ``path``; returns timings."""
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    docs = windowed_document_stats([t for t, _ in sents], DOC_RADIUS)
    for (toks, tags), doc in zip(sents, docs, strict=True):
        trainer.append(sentence_features(toks, doc), tags)
    t_feat = time.perf_counter() - t0
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iter,
            "feature.minfreq": minfreq,
            # Transitions seen nowhere in training (O -> I-PERS) keep a learned-from-nothing
            # weight of 0 instead of being generated; Viterbi still rarely uses them.
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(path))
    return {"feature_seconds": t_feat, "train_seconds": time.perf_counter() - t0 - t_feat}


def predict(path: Path, sents: Sentences) -> list[list[str]]:
    """Tag ``sents`` with the model at ``path``."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    docs = windowed_document_stats([t for t, _ in sents], DOC_RADIUS)
    return [tagger.tag(sentence_features(toks, doc)) for (toks, _), doc in zip(sents, docs, strict=True)]


def _tune_one(args: tuple[Sentences, Sentences, float, float, int, float]) -> dict[str, float]:
    fit, held, c1, c2, max_iter, minfreq = args
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.crfsuite"
        timing = train(fit, path, c1, c2, max_iter, minfreq)
        pred = predict(path, held)
    f1 = f1_score([t for _, t in held], pred, mode=None)
    print(f"  c1={c1} c2={c2}: held-out F1={f1:.4f} ({timing['train_seconds']:.0f}s)", flush=True)
    return {"c1": c1, "c2": c2, "f1": f1, **timing}


def write_vocab(sents: Sentences, path: Path) -> int:
    """Counts of normalised train tokens, for the clitic trimmer's "is the remainder a word"
    test. Derived from the train split only; same licence as the model.
    """
    counts = Counter(normalise(t) for toks, _ in sents for t in toks if any(ch.isalpha() for ch in t))
    lines = [f"{w}\t{c}" for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _floats(arg: str) -> list[float]:
    return [float(x) for x in arg.split(",") if x]


def main() -> None:
    """Parse arguments, tune if asked, train the final model and record the run."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--tune", action="store_true", help="grid-search c1/c2 on the last 10%% of train")
    # Defaults: the best setting found on the held-out tail (docs/ner-model.md, "Training").
    ap.add_argument("--c1", type=float, default=0.02)
    ap.add_argument("--c2", type=float, default=0.005)
    ap.add_argument("--c1-grid", type=_floats, default=[0.02, 0.1, 0.3], help="comma-separated c1 values")
    ap.add_argument("--c2-grid", type=_floats, default=[0.005, 0.05, 0.2], help="comma-separated c2 values")
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--minfreq", type=float, default=1.0)
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = ap.parse_args()

    sents = read_conll(args.data_dir / "clean_train.txt")
    print(f"train: {len(sents)} sentences, {sum(len(t) for t, _ in sents)} tokens")
    record: dict[str, object] = {"feature_version": FEATURE_VERSION, "max_iterations": args.max_iter}
    c1, c2 = args.c1, args.c2
    if args.tune:
        cut = int(len(sents) * 0.9)
        fit, held = sents[:cut], sents[cut:]
        grid = list(itertools.product(args.c1_grid, args.c2_grid))
        print(f"tuning on {len(fit)} / held-out {len(held)} sentences, {len(grid)} settings")
        jobs = [(fit, held, a, b, args.max_iter, args.minfreq) for a, b in grid]
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(_tune_one, jobs))
        best = max(results, key=lambda r: r["f1"])
        c1, c2 = best["c1"], best["c2"]
        record["tuning"] = {"held_out": "last 10% of clean_train.txt sentences", "grid": results}
        print(f"best: c1={c1} c2={c2} F1={best['f1']:.4f}")

    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    timing = train(sents, MODEL_PATH, c1, c2, args.max_iter, args.minfreq)
    n_vocab = write_vocab(sents, VOCAB_PATH)
    record.update(
        {
            "c1": c1,
            "c2": c2,
            "minfreq": args.minfreq,
            **timing,
            "model_bytes": MODEL_PATH.stat().st_size,
            "vocab_entries": n_vocab,
        }
    )
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"model: {MODEL_PATH.relative_to(ROOT)} {MODEL_PATH.stat().st_size / 1e6:.1f} MB, "
        f"features {timing['feature_seconds']:.0f}s, training {timing['train_seconds']:.0f}s"
    )


if __name__ == "__main__":
    main()
