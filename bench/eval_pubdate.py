"""Publication-date accuracy on the real pages of ../shared/corpus (read at run time, never copied).

For each page with a gold publication date: what Akhbar's resolution gives (metadata, then
the dateline beside the headline) against htmldate's extensive search alone. Writes bench/results/eval_pubdate.json.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from htmldate import find_date

from pipeline.article import resolve_publication_date
from pipeline.extract import NoArticle, extract_article
from pipeline.fetch import decode_html

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
RESULTS = Path(__file__).resolve().parent / "results" / "eval_pubdate.json"


def main(corpus: Path = CORPUS) -> dict[str, object]:
    """Score every page with a gold date; print a table and the totals."""
    records = json.loads((corpus / "index.json").read_text())
    rows = []
    for rec in records:
        gold = (rec.get("gold") or {}).get("publication_date")
        if not gold:
            continue
        html, _, _ = decode_html((corpus / rec["html_file"]).read_bytes(), None)
        try:
            extracted = extract_article(html, rec.get("url"), min_chars=1)
            akhbar, source = resolve_publication_date(extracted, {}, page=html)
        except NoArticle:
            akhbar, source = None, "no_article"
        try:
            htmldate_only = find_date(html, url=rec.get("url"), original_date=True, extensive_search=True)
        except Exception:  # htmldate raises on some markup; counted as no answer
            htmldate_only = None
        rows.append(
            {
                "id": rec["id"],
                "language": rec["language"],
                "gold": gold,
                "akhbar": str(akhbar) if akhbar else None,
                "source": source,
                "htmldate_extensive": htmldate_only,
            }
        )
    by_lang: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    baseline: Counter[str] = Counter()
    for r in rows:
        by_lang[r["language"]] += 1
        correct[r["language"]] += r["akhbar"] == r["gold"]
        baseline[r["language"]] += r["htmldate_extensive"] == r["gold"]
        mark = "ok " if r["akhbar"] == r["gold"] else "BAD"
        print(
            f"{mark} {r['id'][:55]:55} gold={r['gold']} akhbar={r['akhbar']} ({r['source']})"
            f" htmldate={r['htmldate_extensive']}"
        )
    summary = {
        lang: {
            "pages": n,
            "akhbar_accuracy": round(correct[lang] / n, 3),
            "htmldate_extensive_accuracy": round(baseline[lang] / n, 3),
        }
        for lang, n in sorted(by_lang.items())
    }
    total = sum(by_lang.values())
    summary["all"] = {
        "pages": total,
        "akhbar_accuracy": round(sum(correct.values()) / total, 3),
        "htmldate_extensive_accuracy": round(sum(baseline.values()) / total, 3),
    }
    print(json.dumps(summary, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"summary": summary, "pages": rows}, ensure_ascii=False, indent=2))
    return summary


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
