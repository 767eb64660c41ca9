"""Evaluate the Arabic temporal tagger against the development gold set, with dateparser as the
baseline, and time it against trafilatura extraction on the real Arabic pages of the corpus.

Prints a summary and writes bench/results/eval_dates.json. Figures:
- span precision / recall / F1, exact (same offsets) and overlap (one-to-one, any overlap);
- value accuracy on overlap-matched spans (exact TIMEX3 string; mod too where gold has one),
  and a lenient "day inside the gold span" score that gives dateparser credit for its full dates;
- tagging time vs trafilatura.extract time on the same pages, and the 1 MB random-input time.
Run: python bench/eval_dates.py [--no-baseline]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.enrich.dates import tag_dates  # noqa: E402

GOLD = ROOT / "tests/data/dates/gold.jsonl"
CORPUS = ROOT.parent / "shared/corpus"
OUT = ROOT / "bench/results/eval_dates.json"
REAL_GOLD = ROOT / "bench/data/dates_realpages_gold.json"


def load_gold() -> list[dict]:
    """Gold records (see tests/data/dates/build_gold.py)."""
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_real_pages() -> list[dict]:
    """The hand-annotated real Arabic pages, as gold records over trafilatura.extract's text.

    bench/data/dates_realpages_gold.json locates each expression by a short context that occurs
    once in the extracted text; a context that is missing or ambiguous is an error (text drift).
    """
    import trafilatura

    index = {r["id"]: r for r in json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))}
    out = []
    for page in json.loads(REAL_GOLD.read_text(encoding="utf-8")):
        html = (CORPUS / index[page["page"]]["html_file"]).read_bytes()
        text = trafilatura.extract(html) or ""
        exprs = []
        for e in page["expressions"]:
            k = text.find(e["ctx"])
            if k < 0 or text.find(e["ctx"], k + 1) >= 0:
                raise ValueError(f"context not found once in {page['page']}: {e['ctx']!r}")
            start = k + e["ctx"].index(e["text"])
            exprs.append(
                {
                    "text": e["text"],
                    "start": start,
                    "end": start + len(e["text"]),
                    "type": e["type"],
                    "value": e["value"],
                    "mod": e["mod"],
                    "range": None,
                }
            )
        out.append({"text": text, "dct": page["dct"], "region": page["page"].split("__")[1][:18], "expressions": exprs})
    return out


def akhbar(rec: dict) -> list[dict]:
    """Akhbar predictions for one gold sentence."""
    dct = dt.date.fromisoformat(rec["dct"]) if rec["dct"] else None
    return [
        {
            "text": e.text,
            "start": e.start,
            "end": e.end,
            "type": e.type,
            "value": e.value,
            "mod": e.mod,
            "range": [e.range_start, e.range_end] if e.range_start else None,
        }
        for e in tag_dates(rec["text"], dct)
    ]


def baseline(rec: dict) -> list[dict]:
    """dateparser.search_dates(languages=['ar']) predictions, offsets recovered left to right."""
    from dateparser.search import search_dates

    settings = {}
    if rec["dct"]:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(rec["dct"])
    found = search_dates(rec["text"], languages=["ar"], settings=settings) or []
    out, pos = [], 0
    for surface, when in found:
        k = rec["text"].find(surface, pos)
        if k < 0:
            k = rec["text"].find(surface)
        if k < 0:
            continue
        pos = k + len(surface)
        has_time = when.hour or when.minute
        value = when.strftime("%Y-%m-%dT%H:%M") if has_time else when.date().isoformat()
        out.append(
            {
                "text": surface,
                "start": k,
                "end": k + len(surface),
                "type": "DATE",
                "value": value,
                "mod": None,
                "range": None,
            }
        )
    return out


def _match(gold: list[dict], pred: list[dict], exact: bool) -> list[tuple[dict, dict]]:
    """One-to-one matching of predicted to gold spans (exact offsets, or any overlap)."""
    pairs, used = [], set()
    for g in gold:
        for k, p in enumerate(pred):
            if k in used:
                continue
            ok = (
                (p["start"], p["end"]) == (g["start"], g["end"])
                if exact
                else p["start"] < g["end"] and g["start"] < p["end"]
            )
            if ok:
                pairs.append((g, p))
                used.add(k)
                break
    return pairs


def _day_in_range(g: dict, p: dict) -> bool:
    v = (p["value"] or "")[:10]
    if g["range"] and len(v) == 10 and v[4] == "-":
        return g["range"][0] <= v <= g["range"][1]
    return p["value"] == g["value"]


def score(records: list[dict], system) -> dict:
    """P/R/F1 (exact, overlap), value accuracy, per-region overlap F1, and the error list."""
    tot = defaultdict(int)
    region = defaultdict(lambda: defaultdict(int))
    errors = []
    t0 = time.perf_counter()
    for rec in records:
        gold, pred = rec["expressions"], system(rec)
        ex, ov = _match(gold, pred, True), _match(gold, pred, False)
        tot["gold"] += len(gold)
        tot["pred"] += len(pred)
        tot["exact"] += len(ex)
        tot["overlap"] += len(ov)
        r = region[rec["region"]]
        r["gold"] += len(gold)
        r["pred"] += len(pred)
        r["overlap"] += len(ov)
        for g, p in ov:
            ok = p["value"] == g["value"] and (g.get("mod") is None or p["mod"] == g["mod"])
            tot["value_ok"] += ok
            tot["lenient_ok"] += _day_in_range(g, p)
            tot["range_ok"] += p["range"] == g["range"]
            if not ok:
                errors.append({"kind": "value", "text": rec["text"], "dct": rec["dct"], "gold": g, "pred": p})
        for g, p in ex:
            tot["value_ok_exact"] += p["value"] == g["value"]
        mg = {id(g) for g, _ in ov}
        mp = {id(p) for _, p in ov}
        errors += [
            {"kind": "missed", "text": rec["text"], "dct": rec["dct"], "gold": g} for g in gold if id(g) not in mg
        ]
        errors += [
            {"kind": "spurious", "text": rec["text"], "dct": rec["dct"], "pred": p} for p in pred if id(p) not in mp
        ]
        errors += [
            {"kind": "boundary", "text": rec["text"], "gold": g, "pred": p}
            for g, p in ov
            if (g["start"], g["end"]) != (p["start"], p["end"])
        ]
    elapsed = time.perf_counter() - t0

    def prf(m: int, g: int, p: int) -> dict:
        pr, rc = (m / p if p else 0.0), (m / g if g else 0.0)
        return {
            "precision": round(pr, 4),
            "recall": round(rc, 4),
            "f1": round(2 * pr * rc / (pr + rc) if pr + rc else 0.0, 4),
        }

    ovl = tot["overlap"] or 1
    return {
        "gold": tot["gold"],
        "predicted": tot["pred"],
        "exact": prf(tot["exact"], tot["gold"], tot["pred"]),
        "overlap": prf(tot["overlap"], tot["gold"], tot["pred"]),
        "value_accuracy": round(tot["value_ok"] / ovl, 4),
        "value_accuracy_exact_spans": round(tot["value_ok_exact"] / (tot["exact"] or 1), 4),
        "lenient_day_in_span": round(tot["lenient_ok"] / ovl, 4),
        # Only meaningful where the gold has spans (the dev set); None on the real pages.
        "range_accuracy": round(tot["range_ok"] / ovl, 4)
        if any(r["expressions"] and any(e["range"] for e in r["expressions"]) for r in records)
        else None,
        "per_region_overlap": {
            k: prf(v["overlap"], v["gold"], v["pred"]) | {"gold": v["gold"]} for k, v in sorted(region.items())
        },
        "seconds": round(elapsed, 3),
        "errors": errors,
    }


def timing_vs_extraction(repeat: int = 3) -> dict:
    """trafilatura.extract time vs tag_dates time (CPU and wall) on the real Arabic article pages."""
    import trafilatura

    index = json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))
    pages = [r for r in index if r.get("language") == "ar" and r.get("kind") != "encoding-fixture"]
    cpu_ext = cpu_tag = wall_ext = wall_tag = 0.0
    n_chars = n_expr = 0
    for r in pages:
        html = (CORPUS / r["html_file"]).read_bytes()
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            text = trafilatura.extract(html) or ""
        w1, c1 = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            found = tag_dates(text, None)
        w2, c2 = time.perf_counter(), time.process_time()
        wall_ext, wall_tag = wall_ext + w1 - w0, wall_tag + w2 - w1
        cpu_ext, cpu_tag = cpu_ext + c1 - c0, cpu_tag + c2 - c1
        n_chars += len(text)
        n_expr += len(found)
    return {
        "pages": len(pages),
        "chars": n_chars,
        "expressions": n_expr,
        "repeat": repeat,
        "extract_cpu_seconds": round(cpu_ext, 4),
        "tag_cpu_seconds": round(cpu_tag, 4),
        "extract_wall_seconds": round(wall_ext, 4),
        "tag_wall_seconds": round(wall_tag, 4),
        "tag_over_extract_cpu": round(cpu_tag / cpu_ext, 4) if cpu_ext else None,
    }


def dateline_on_real_pages() -> dict:
    """find_dateline vs the gold publication date of the real Arabic pages, on three inputs:
    trafilatura's main text, the whole page as text (trafilatura.html2txt), and, for comparison,
    the first full day-month-year date anywhere in the whole-page text."""
    import re

    import trafilatura

    from pipeline.enrich.dates import find_dateline

    def first_full_date(text: str) -> str | None:
        for e in tag_dates(text):
            if e.type == "DATE" and e.value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", e.value):
                return e.value
        return None

    index = json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))
    rows = []
    for r in index:
        gold = (r.get("gold") or {}).get("publication_date")
        if r.get("language") != "ar" or r.get("kind") == "encoding-fixture" or not gold:
            continue
        html = (CORPUS / r["html_file"]).read_bytes()
        body = trafilatura.extract(html) or ""
        page = trafilatura.html2txt(html) or ""
        d_body, d_page = find_dateline(body), find_dateline(page)
        rows.append(
            {
                "page": r["id"],
                "gold": gold,
                "dateline_main_text": d_body.isoformat() if d_body else None,
                "dateline_whole_page": d_page.isoformat() if d_page else None,
                "first_full_date_whole_page": first_full_date(page),
            }
        )
    out: dict = {"pages_with_gold_date": len(rows), "rows": rows}
    for key in ("dateline_main_text", "dateline_whole_page", "first_full_date_whole_page"):
        out[key] = {
            "found": sum(1 for x in rows if x[key]),
            "correct": sum(1 for x in rows if x[key] == x["gold"]),
            "wrong": sum(1 for x in rows if x[key] and x[key] != x["gold"]),
        }
    return out


def random_megabyte(seed: int = 7) -> dict:
    """Tagging time of 1 MB of random Arabic letters, digits (three scripts), spaces and punctuation."""
    rnd = random.Random(seed)
    letters = [chr(c) for c in range(0x0621, 0x064B)]
    alphabet = letters + list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹") + [" "] * 8 + list("/-.:،")
    text = "".join(rnd.choices(alphabet, k=1_000_000))
    runs = []
    for _ in range(3):
        w0, c0 = time.perf_counter(), time.process_time()
        found = tag_dates(text, dt.date(2024, 1, 1))
        runs.append((time.perf_counter() - w0, time.process_time() - c0))
    wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    return {
        "chars": len(text),
        "wall_seconds_best_of_3": round(wall, 3),
        "cpu_seconds_best_of_3": round(cpu, 3),
        "expressions": len(found),
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
    }


def dense_megabyte() -> dict:
    """Tagging time of 1 MB of the gold sentences repeated: about ten times the date density of
    real articles, so it shows the per-expression cost that random input does not."""
    text = "\n".join(r["text"] for r in load_gold())
    text = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    c0 = time.process_time()
    found = tag_dates(text, dt.date(2024, 1, 1))
    cpu = time.process_time() - c0
    return {"chars": len(text), "cpu_seconds": round(cpu, 3), "expressions": len(found),
            "us_per_expression": round(cpu / max(1, len(found)) * 1e6, 1)}  # fmt: skip


def main() -> int:
    """Run everything, print the summary, write the JSON."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--show-errors", type=int, default=0)
    args = ap.parse_args()
    recs = load_gold()
    res = {"gold_file": str(GOLD.relative_to(ROOT)), "sentences": len(recs), "akhbar": score(recs, akhbar)}
    if not args.no_baseline:
        res["dateparser"] = score(recs, baseline)
    if CORPUS.exists():
        real = load_real_pages()
        res["real_pages"] = {"pages": len(real), "akhbar": score(real, akhbar)}
        if not args.no_baseline:
            res["real_pages"]["dateparser"] = score(real, baseline)
        res["speed_vs_trafilatura"] = timing_vs_extraction()
        res["dateline_real_pages"] = dateline_on_real_pages()
    res["random_1mb"] = random_megabyte()
    res["dense_news_1mb"] = dense_megabyte()
    rows = [("dev gold", res)] + ([("real pages", res["real_pages"])] if "real_pages" in res else [])
    for (label, block), name in ((r, n) for r in rows for n in ("akhbar", "dateparser")):
        if name not in block:
            continue
        s = block[name]
        print(f"[{label}]", end=" ")
        print(
            f"{name:10s} gold={s['gold']} pred={s['predicted']}  exact P/R/F1 = {s['exact']['precision']:.3f}/"
            f"{s['exact']['recall']:.3f}/{s['exact']['f1']:.3f}  overlap P/R/F1 = {s['overlap']['precision']:.3f}/"
            f"{s['overlap']['recall']:.3f}/{s['overlap']['f1']:.3f}  value acc = {s['value_accuracy']:.3f}"
            f"  (lenient day-in-span {s['lenient_day_in_span']:.3f}, range {s['range_accuracy']})  {s['seconds']}s"
        )
    print("per region (akhbar overlap F1):", {k: v["f1"] for k, v in res["akhbar"]["per_region_overlap"].items()})
    if "speed_vs_trafilatura" in res:
        sp = res["speed_vs_trafilatura"]
        print(
            f"speed: {sp['pages']} Arabic pages x{sp['repeat']}: trafilatura.extract {sp['extract_cpu_seconds']}s CPU,"
            f" tag_dates {sp['tag_cpu_seconds']}s CPU, ratio {sp['tag_over_extract_cpu']}"
        )
    if "dateline_real_pages" in res:
        dl = res["dateline_real_pages"]
        for key in ("dateline_main_text", "dateline_whole_page", "first_full_date_whole_page"):
            v = dl[key]
            print(
                f"{key} on {dl['pages_with_gold_date']} pages with a gold date:"
                f" found {v['found']}, correct {v['correct']}, wrong {v['wrong']}"
            )
    rm = res["random_1mb"]
    print(
        f"random 1 MB: {rm['cpu_seconds_best_of_3']}s CPU, {rm['wall_seconds_best_of_3']}s wall"
        f" (load average {rm['load_average'][0]:.1f} on {rm['cpus']} CPUs), {rm['expressions']} expressions"
    )
    dm = res["dense_news_1mb"]
    print(f"1 MB of gold sentences (dense): {dm['cpu_seconds']}s CPU, {dm['expressions']} expressions")
    shown = res["akhbar"]["errors"] + (res["real_pages"]["akhbar"]["errors"] if "real_pages" in res else [])
    for e in shown[: args.show_errors]:
        g, p = e.get("gold"), e.get("pred")
        print(
            e["kind"],
            e.get("dct"),
            "|",
            (g or {}).get("text"),
            (g or {}).get("value"),
            "->",
            (p or {}).get("text"),
            (p or {}).get("value"),
            (p or {}).get("mod"),
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
