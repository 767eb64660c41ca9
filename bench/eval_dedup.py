"""Measure duplicate and story decisions, their cost, and LSH lookup time as the index grows.

1. **Pairs** (tests/data/dedup_pairs.jsonl): precision and recall of the duplicate decision
   (content hash or estimated similarity >= threshold) and of the same-story decision, with a
   threshold sweep, using the pure functions and the default parameters of the step.
2. **System** (needs ``AKHBAR_TEST_DATABASE_URL``): every document of the set goes through
   workers.dedup_step in publication order in a private Postgres schema; the same pairs are
   scored from the stored marks (duplicate_of chain, story_id), which exercises the LSH index,
   candidate retrieval and story assignment for real.
3. **Cost** per article of hash + signature + band keys + story features, against
   ``trafilatura.extract`` on the real pages of /work/shared/corpus/html (read at run time).
4. **LSH lookup** (needs the database; bench/dedup_scale.py): time of a near-duplicate lookup
   and of a story-candidate lookup at 1k, 10k and 100k stored signatures (synthetic signatures,
   real query texts; articles spread at 140 a day so the story window holds a constant load).

Writes bench/results/eval_dedup.json and prints a summary. Run from the repo root:
``AKHBAR_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test python -m bench.eval_dedup``
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from bench.dedup_scale import eval_lsh, private_schema
from pipeline import dedup, stories
from workers.dedup_step import DEFAULT_DUPLICATE_THRESHOLD, DEFAULT_PARAMS, DEFAULT_POLICY

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "dedup_pairs.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus" / "html"
RESULT = ROOT / "bench" / "results" / "eval_dedup.json"


def load_pairs() -> list[dict]:
    """The labelled pairs."""
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]


def prf(decisions: list[tuple[bool, bool]]) -> dict[str, float | int]:
    """Precision, recall and counts of (predicted, expected) decisions."""
    tp = sum(1 for p, e in decisions if p and e)
    fp = sum(1 for p, e in decisions if p and not e)
    fn = sum(1 for p, e in decisions if not p and e)
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "n": len(decisions),
    }


def _features(doc: dict) -> stories.StoryFeatures:
    return stories.story_features(
        title=doc["title"],
        text=doc["text"],
        published_at=datetime.fromisoformat(doc["published_at"]),
        entity_ids=doc["entity_ids"],
        event_dates=doc["event_dates"],
        site=dedup.site_of(doc["url"]),
    )


# ------------------------------------------------------------------------------ 1. pairs


def eval_pairs(pairs: list[dict]) -> dict[str, Any]:
    """Pure pair-level decisions with the step's defaults, plus threshold sweeps."""
    rows = []
    for p in pairs:
        a, b = p["a"], p["b"]
        same_hash = dedup.content_hash(a["text"]) == dedup.content_hash(b["text"])
        sim = dedup.similarity(dedup.signature(a["text"], DEFAULT_PARAMS), dedup.signature(b["text"], DEFAULT_PARAMS))
        score = stories.story_score(_features(a), _features(b), policy=DEFAULT_POLICY)
        rows.append((p, same_hash, sim, score))

    def dup_at(t: float) -> list[tuple[bool, bool]]:
        return [(h or s >= t, p["duplicate"]) for p, h, s, _ in rows]

    def story_at(t: float, dup_t: float) -> list[tuple[bool, bool]]:
        return [((h or s >= dup_t or sc >= t), p["same_story"]) for p, h, s, sc in rows]

    thr, st = DEFAULT_DUPLICATE_THRESHOLD, DEFAULT_POLICY.threshold
    by_kind: dict[str, dict[str, Any]] = {}
    for kind in sorted({p["kind"] for p in pairs}):
        sub = [(p, h, s, sc) for p, h, s, sc in rows if p["kind"] == kind]
        by_kind[kind] = {
            "n": len(sub),
            "jaccard_k3_min": min(p["jaccard_k3"] for p, *_ in sub),
            "jaccard_k3_max": max(p["jaccard_k3"] for p, *_ in sub),
            "estimate_min": round(min(s for _, _, s, _ in sub), 4),
            "estimate_max": round(max(s for _, _, s, _ in sub), 4),
            "called_duplicate": sum(1 for _, h, s, _ in sub if h or s >= thr),
            "called_same_story": sum(1 for _, h, s, sc in sub if h or s >= thr or sc >= st),
        }
    errors = [
        {"id": p["id"], "kind": p["kind"], "a": p["a"]["doc_id"], "b": p["b"]["doc_id"], "estimate": round(s, 3),
         "story_score": round(sc, 3), "duplicate": p["duplicate"], "same_story": p["same_story"]}
        for p, h, s, sc in rows
        if (h or s >= thr) != p["duplicate"] or (h or s >= thr or sc >= st) != p["same_story"]
    ]  # fmt: skip
    return {
        "duplicate_threshold": thr,
        "story_threshold": st,
        "duplicate": prf(dup_at(thr)),
        "same_story": prf(story_at(st, thr)),
        "same_story_excluding_duplicates": prf(
            [(h or s >= thr or sc >= st, p["same_story"]) for p, h, s, sc in rows if not p["duplicate"]]
        ),
        "by_kind": by_kind,
        "duplicate_sweep": {f"{t:.2f}": prf(dup_at(t)) for t in np.arange(0.40, 0.951, 0.05)},
        "story_sweep": {f"{t:.2f}": prf(story_at(t, thr)) for t in np.arange(0.20, 0.701, 0.05)},
        "errors": errors,
    }


# ----------------------------------------------------------------------------- 2. system


def eval_system(pairs: list[dict]) -> dict[str, Any]:
    """Run every document through the step in publication order; score pairs from storage."""
    from workers.dedup_step import assign_dedup_and_story

    docs: dict[str, dict] = {}
    for p in pairs:
        for side in ("a", "b"):
            docs.setdefault(p[side]["doc_id"], p[side])
    order = sorted(docs.values(), key=lambda d: (d["published_at"], d["doc_id"]))
    with private_schema() as conn:
        ids: dict[str, int] = {}
        started = time.perf_counter()
        for d in order:
            row = conn.execute(
                "INSERT INTO articles (url, canonical_url, title, text, published_at)"
                " VALUES (%s, %s, %s, %s, %s) RETURNING id",
                (d["url"], dedup.canonical_url(d["url"]), d["title"], d["text"], d["published_at"]),
            ).fetchone()
            ids[d["doc_id"]] = row[0]
            assign_dedup_and_story(
                conn,
                article_id=row[0],
                text=d["text"],
                title=d["title"],
                url=d["url"],
                canonical_url=dedup.canonical_url(d["url"]),
                published_at=datetime.fromisoformat(d["published_at"]),
                entity_ids=d["entity_ids"],
                event_dates=d["event_dates"],
            )
            conn.commit()
        step_ms = (time.perf_counter() - started) * 1000 / len(order)
        marks = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, duplicate_of, story_id FROM articles")}
        n_stories = conn.execute("SELECT count(*) FROM stories").fetchone()[0]

    def root(i: int) -> int:
        while marks[i][0] is not None:
            i = marks[i][0]
        return i

    dup, story = [], []
    for p in pairs:
        a, b = ids[p["a"]["doc_id"]], ids[p["b"]["doc_id"]]
        # A pair is "marked duplicate" when one points (through its chain) at the other's root.
        dup.append((root(a) == root(b) and (marks[a][0] is not None or marks[b][0] is not None), p["duplicate"]))
        story.append((marks[a][1] == marks[b][1], p["same_story"]))
    return {
        "documents": len(order),
        "stories": n_stories,
        "step_ms_per_article": round(step_ms, 2),
        "duplicate": prf(dup),
        "same_story": prf(story),
    }


# -------------------------------------------------------------------------------- 3. cost


def _timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best * 1000, out


def eval_cost() -> dict[str, Any]:
    """Per-article milliseconds: trafilatura.extract vs the dedup computations on its output."""
    import trafilatura

    if not CORPUS.is_dir():
        return {"skipped": f"{CORPUS} not found"}
    extract_ms, dedup_ms, words = [], [], []
    for path in sorted(CORPUS.glob("*.html")):
        html = path.read_bytes().decode("utf-8", errors="replace")
        ms, text = _timed(lambda html=html: trafilatura.extract(html, include_comments=False))
        if not text or len(text.split()) < 50:
            continue

        def work(text: str = text) -> None:
            # Exactly what workers.dedup_step computes before it touches the database.
            fp = dedup.fingerprint(text, DEFAULT_PARAMS)
            stories.story_features(
                title="", text=fp.normalised, text_is_normalised=True, published_at=datetime.now(UTC)
            )

        dms, _ = _timed(work)
        extract_ms.append(ms)
        dedup_ms.append(dms)
        words.append(len(text.split()))
    return {
        "pages": len(extract_ms),
        "median_words": statistics.median(words),
        "extract_ms_median": round(statistics.median(extract_ms), 2),
        "dedup_ms_median": round(statistics.median(dedup_ms), 2),
        "extract_ms_mean": round(statistics.mean(extract_ms), 2),
        "dedup_ms_mean": round(statistics.mean(dedup_ms), 2),
        "dedup_over_extract_mean": round(statistics.mean(dedup_ms) / statistics.mean(extract_ms), 4),
    }


def main() -> None:
    """Run every part that can run here and write the result file."""
    pairs = load_pairs()
    result: dict[str, Any] = {
        "params": DEFAULT_PARAMS.tag,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        # Client-side timings are only comparable at similar load; server-side ones much less affected.
        "cpu_count": os.cpu_count(),
        "load_average_1m_at_start": round(os.getloadavg()[0], 2),
        "pairs": eval_pairs(pairs),
    }
    result["cost"] = eval_cost()
    if os.environ.get("AKHBAR_TEST_DATABASE_URL"):
        result["system"] = eval_system(pairs)
        result["lsh"] = eval_lsh(pairs)
    else:
        result["system"] = result["lsh"] = {"skipped": "AKHBAR_TEST_DATABASE_URL not set"}
    result["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    pr = result["pairs"]
    print(f"pairs: {len(pairs)}  threshold {pr['duplicate_threshold']}  story threshold {pr['story_threshold']}")
    print(f"duplicate  P={pr['duplicate']['precision']} R={pr['duplicate']['recall']}")
    print(f"same story P={pr['same_story']['precision']} R={pr['same_story']['recall']}")
    print(f"system: {result['system']}")
    print(f"cost: {result['cost']}")
    print(f"-> {RESULT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
