"""Evaluate entity extraction on the development gold set and time it against trafilatura.

Prints, for the extractor with and without the CRF tagger:
- mention precision / recall / F1 with type, exact span and overlapping span;
- linking accuracy on matched mentions (gold and system span overlap, any type): the system's
  entity id equals the gold id, None == None counting as correct; also on gold-linked only;
- the ten most frequent errors (false negatives, false positives, type and link errors);
- per-page cost of `extract_entities` vs `trafilatura.extract` on the Arabic pages of
  /work/shared/corpus/html (read at run time, never copied).
Writes bench/results/eval_entities.json.

Usage: PYTHONPATH=. .venv/bin/python bench/eval_entities.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gold_entities import GOLD_DIR, GoldDoc, GoldMention, load_gold

from pipeline.enrich.entities import default_kb, extract_entities
from pipeline.enrich.types import Mention

RESULTS = Path(__file__).resolve().parent / "results" / "eval_entities.json"
CORPUS = Path("/work/shared/corpus")


def _prf(tp: int, n_sys: int, n_gold: int) -> dict[str, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _overlap(g: GoldMention, s: Mention) -> bool:
    return g.start < s.end and s.start < g.end


def score(docs: list[GoldDoc], use_crf: bool) -> dict[str, Any]:
    """Mention and linking scores over all gold paragraphs."""
    kb = default_kb()
    n_gold = n_sys = tp_exact = tp_overlap = tp_exact_untyped = 0
    linked_total = linked_ok = gold_linked_total = gold_linked_ok = 0
    errors: Counter[tuple[str, str, str]] = Counter()
    examples: dict[tuple[str, str, str], str] = {}
    per_type: dict[str, Counter[str]] = {}
    for doc in docs:
        sys_m = extract_entities(doc.text, kb, use_crf=use_crf)
        n_gold += len(doc.mentions)
        n_sys += len(sys_m)
        used: set[int] = set()
        for g in doc.mentions:
            pt = per_type.setdefault(g.type, Counter())
            pt["gold"] += 1
            exact = [s for s in sys_m if s.start == g.start and s.end == g.end]
            if exact:
                tp_exact_untyped += 1
                if exact[0].type == g.type:
                    tp_exact += 1
                    pt["exact"] += 1
            over = [s for s in sys_m if _overlap(g, s)]
            typed = [s for s in over if s.type == g.type]
            if typed:
                tp_overlap += 1
                pt["overlap"] += 1
            if not over:
                key = ("missed", g.type, g.text)
                errors[key] += 1
                examples.setdefault(key, doc.id)
                continue
            best = (exact or typed or over)[0]
            used.add(id(best))
            if best.type != g.type:
                key = ("type", f"{g.type}->{best.type}", g.text)
                errors[key] += 1
                examples.setdefault(key, doc.id)
            if (best.start, best.end) != (g.start, g.end) and best.type == g.type:
                key = ("boundary", g.type, f"{g.text} ≠ {best.text}")
                errors[key] += 1
                examples.setdefault(key, doc.id)
            linked_total += 1
            ok = best.entity_id == g.entity_id
            linked_ok += ok
            if g.entity_id:
                gold_linked_total += 1
                gold_linked_ok += ok
            if not ok:
                key = ("link", f"{g.entity_id}->{best.entity_id}", g.text)
                errors[key] += 1
                examples.setdefault(key, doc.id)
        for s in sys_m:
            if id(s) in used or any(_overlap(g, s) for g in doc.mentions):
                continue
            key = ("spurious", f"{s.type}/{s.method}", s.text)
            errors[key] += 1
            examples.setdefault(key, doc.id)
    return {
        "use_crf": use_crf,
        "gold_mentions": n_gold,
        "system_mentions": n_sys,
        "exact_typed": _prf(tp_exact, n_sys, n_gold),
        "overlap_typed": _prf(tp_overlap, n_sys, n_gold),
        "exact_untyped": _prf(tp_exact_untyped, n_sys, n_gold),
        "linking_accuracy": round(linked_ok / linked_total, 4) if linked_total else 0.0,
        "linking_matched": linked_total,
        "linking_accuracy_gold_linked": round(gold_linked_ok / gold_linked_total, 4) if gold_linked_total else 0.0,
        "per_type_recall": {
            t: {
                "gold": c["gold"],
                "exact": round(c["exact"] / c["gold"], 3),
                "overlap": round(c["overlap"] / c["gold"], 3),
            }
            for t, c in sorted(per_type.items())
        },
        "worst_errors": [
            {"kind": k[0], "detail": k[1], "text": k[2], "count": n, "example_doc": examples[k]}
            for k, n in errors.most_common(10)
        ],
        "error_counts": dict(Counter(k[0] for k in errors.elements())),
    }


def _arabic_pages() -> list[tuple[Path, bool]]:
    """(page, is_real_article): the two chardet files are encoding fixtures, not articles."""
    index = json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))
    return [(CORPUS / r["html_file"], r.get("kind") != "encoding-fixture") for r in index if r.get("language") == "ar"]


def timing(use_crf: bool, repeats: int = 5) -> dict[str, Any]:
    """Per-page time of trafilatura.extract vs extract_entities on the Arabic corpus pages."""
    import trafilatura

    kb = default_kb()
    rows = []
    for path, real in _arabic_pages():
        html = path.read_bytes().decode("utf-8", errors="replace")
        t_extract = min(_timed(lambda html=html: trafilatura.extract(html)) for _ in range(repeats))
        text = trafilatura.extract(html) or ""
        t_enrich = min(_timed(lambda text=text: extract_entities(text, kb, use_crf=use_crf)) for _ in range(repeats))
        rows.append(
            {
                "page": path.name,
                "chars": len(text),
                "extract_ms": round(t_extract * 1000, 2),
                "entities_ms": round(t_enrich * 1000, 3),
                "ratio": round(t_enrich / t_extract, 4) if t_extract else None,
                "real_article": real,
            }
        )
    real_rows = [r for r in rows if r["real_article"] and r["chars"] > 0]
    ratios = [r["ratio"] for r in real_rows if r["ratio"] is not None]
    return {
        "use_crf": use_crf,
        "pages": rows,
        "median_ratio": round(statistics.median(ratios), 4) if ratios else None,
        "max_ratio": round(max(ratios), 4) if ratios else None,
        "total_ratio": round(sum(r["entities_ms"] for r in real_rows) / sum(r["extract_ms"] for r in real_rows), 4)
        if real_rows
        else None,
        "pages_over_one_fifth": [r["page"] for r in real_rows if r["ratio"] and r["ratio"] > 0.2],
    }


def _timed(fn: Any) -> float:
    # CPU time of this process: the bench machine is shared, wall time swings with its load.
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def main() -> None:
    """Run the evaluation and the timing; print a summary; write the JSON result."""
    t0 = time.perf_counter()
    kb = default_kb()
    build_s = time.perf_counter() - t0
    docs = load_gold()
    heldout = load_gold(GOLD_DIR / "heldout_markup.txt")
    result: dict[str, Any] = {
        "gold": {"paragraphs": len(docs), "mentions": sum(len(d.mentions) for d in docs)},
        "heldout_gold": {"paragraphs": len(heldout), "mentions": sum(len(d.mentions) for d in heldout)},
        "kb": {"entities": len(kb), "alias_keys": len(kb.alias_index), "build_seconds": round(build_s, 3)},
        "runs": [score(docs, use_crf=False), score(docs, use_crf=True)],
        "heldout_runs": [score(heldout, use_crf=False), score(heldout, use_crf=True)],
    }
    if CORPUS.exists():
        result["timing"] = [timing(False), timing(True)]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"gold: {result['gold']}  kb: {result['kb']}")
    for name, run in [("dev", r) for r in result["runs"]] + [("held-out", r) for r in result["heldout_runs"]]:
        print(f"\n== {name} use_crf={run['use_crf']}  gold={run['gold_mentions']} system={run['system_mentions']}")
        for k in ("exact_typed", "overlap_typed", "exact_untyped"):
            m = run[k]
            print(f"  {k:14s} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}")
        print(
            f"  linking accuracy {run['linking_accuracy']:.3f} on {run['linking_matched']} matched "
            f"(gold-linked only: {run['linking_accuracy_gold_linked']:.3f})"
        )
        print(f"  per-type recall: {run['per_type_recall']}")
        print(f"  error counts: {run['error_counts']}")
        for e in run["worst_errors"]:
            print(f"    {e['count']:3d} {e['kind']:9s} {e['detail']:32s} {e['text']}  [{e['example_doc']}]")
    for t in result.get("timing", []):
        print(
            f"\ntiming use_crf={t['use_crf']}: entities/extract median {t['median_ratio']}, "
            f"max {t['max_ratio']}, total {t['total_ratio']} (real articles; over 1/5: {t['pages_over_one_fifth']})"
        )
    print(f"\nwrote {RESULTS}")


if __name__ == "__main__":
    main()
