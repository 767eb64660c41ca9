"""Build tests/data/dates/gold.jsonl from the hand-written markup in gold_src.txt.

The markup is the source of truth (easier to write and review than offsets); this script only
computes character offsets, derives the calendar span implied by each value (day, month, year,
ISO week, century, "a/b" interval) unless the line gives one, and checks that every weekday
named in a surface agrees with its gold date. It never looks at the tagger.
Run: python tests/data/dates/build_gold.py
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\{([^{}|]+)\|([A-Z]+)\|([^{}|]+)((?:\|[^{}|]+)*)\}")
WEEKDAYS = {"الإثنين": 0, "الاثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6}


def _span_of(value: str) -> tuple[str, str] | None:
    """Inclusive ISO span denoted by a (Gregorian) TIMEX3 value, or None."""
    if "/" in value:
        a, b = value.split("/")
        sa, sb = _span_of(a), _span_of(b)
        return (sa[0], sb[1]) if sa and sb else None
    v = value.split("T")[0]
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", v):
        return v, v
    if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
        y, mo = int(m[1]), int(m[2])
        return f"{v}-01", f"{v}-{calendar.monthrange(y, mo)[1]:02d}"
    if re.fullmatch(r"\d{4}", v):
        return f"{v}-01-01", f"{v}-12-31"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", v):
        mon = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return mon.isoformat(), (mon + dt.timedelta(days=6)).isoformat()
    if re.fullmatch(r"\d{2}", v):
        return f"{v}00-01-01", f"{v}99-12-31"
    return None


def parse_line(line: str) -> dict:
    """One markup line -> one gold record."""
    dct, region, marked = line.rstrip("\n").split("\t")
    text, exprs, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(marked):
        plain = marked[pos : m.start()]
        text.append(plain)
        out_len += len(plain)
        surface, typ, value = m[1], m[2], m[3]
        opts = dict(o.split("=", 1) for o in m[4].split("|") if o)
        rec = {"text": surface, "start": out_len, "end": out_len + len(surface), "type": typ}
        rec["value"] = None if value == "None" else value
        rec["mod"] = opts.get("mod")
        if opts.get("range") == "-" or rec["value"] is None:
            rng = None
        elif "range" in opts:
            rng = tuple(opts["range"].split(".."))
        elif typ in ("DATE", "TIME"):
            rng = _span_of(value)
        else:
            rng = None
        rec["range"] = list(rng) if rng else None
        rec["calendar"] = opts.get("cal", "gregorian")
        text.append(surface)
        out_len += len(surface)
        exprs.append(rec)
        pos = m.end()
    text.append(marked[pos:])
    full = "".join(text)
    if "{" in full or "}" in full:
        raise ValueError(f"unparsed markup in: {line}")
    return {"text": full, "dct": None if dct == "-" else dct, "region": region, "expressions": exprs}


def check(rec: dict) -> list[str]:
    """Offsets match the text; weekdays named in a surface agree with the gold date."""
    errs = []
    for e in rec["expressions"]:
        if rec["text"][e["start"] : e["end"]] != e["text"]:
            errs.append(f"offset mismatch {e['text']!r}")
        v = e["value"] or ""
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", v):
            day = dt.date.fromisoformat(v[:10])
            for name, wd in WEEKDAYS.items():
                if name in e["text"] and "كل" not in e["text"] and day.weekday() != wd:
                    errs.append(f"{e['text']!r}: {day} is not {name}")
    return errs


def main() -> int:
    """Write gold.jsonl and print counts; non-zero exit on any inconsistency."""
    recs, errs = [], []
    for line in (HERE / "gold_src.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rec = parse_line(line)
        errs += check(rec)
        recs.append(rec)
    with (HERE / "gold.jsonl").open("w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    n = sum(len(r["expressions"]) for r in recs)
    neg = sum(1 for r in recs if not r["expressions"])
    print(f"{len(recs)} sentences, {n} expressions, {neg} sentences without any")
    for e in errs:
        print("ERROR", e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
