"""find_dateline cases, the linear-time bound on hostile input, and the gold file's integrity."""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

import pytest

from pipeline.enrich.dates import find_dateline, tag_dates

ROOT = Path(__file__).resolve().parents[3]
GOLD_DIR = ROOT / "tests/data/dates"

DATELINES = [
    (
        "cairo",
        "القاهرة - الثلاثاء 23 نوفمبر 2021: افتتح الرئيس المشروع.\nوقال في كلمته إن العمل بدأ في 3 مارس 2019.",
        "2021-11-23",
    ),
    ("label-numeric", "بقلم المحرر\nنشر في : 12/03/2022\nوأضاف أن الاتفاق وقع في 1 يناير 2020.", "2022-03-12"),
    ("label-wins", "اجتماع 5 مايو 2020 للجنة\nتاريخ النشر: 7 مايو 2020", "2020-05-07"),
    ("levant-paired", "تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً\nبلغت حصيلة الوفيات 50 ألفا.", "2020-04-24"),
    ("hijri-dateline", "الرياض - الثلاثاء 2 رمضان 1445 هـ\nأعلنت الوزارة ...", "2024-03-12"),
    ("arabic-indic", "دبي - ١٥ مارس ٢٠٢٣\nأعلنت الهيئة ...", "2023-03-15"),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in DATELINES])
def test_find_dateline(text: str, expected: str) -> None:
    assert find_dateline(text) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(
    "text",
    [
        "وقال الوزير أمس إن الاجتماع سيعقد الأسبوع المقبل.",  # relative only: never a dateline
        "وقع الحادث في مارس 2020 ثم في عام 2021.",  # no full date
        "مقدمة طويلة " * 60 + "القاهرة - 24 نوفمبر 2021",  # too far from the top
    ],
)
def test_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


def test_one_megabyte_of_random_arabic_and_digits_is_fast() -> None:
    rnd = random.Random(3)
    alphabet = (
        [chr(c) for c in range(0x0621, 0x064B)] + list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹") + [" "] * 8 + list("/-.:،")
    )
    text = "".join(rnd.choices(alphabet, k=1_000_000))
    t0 = time.process_time()
    found = tag_dates(text, dt.date(2024, 1, 1))
    elapsed = time.process_time() - t0
    assert elapsed < 5.0, f"1 MB took {elapsed:.2f}s of CPU"
    assert all(text[e.start : e.end] == e.text for e in found)


def test_repetitive_input_has_no_backtracking_blowup() -> None:
    # Long runs of separators, digits and trigger words: the worst case for a regex tagger.
    text = ("12/" * 50_000) + ("في " * 50_000) + ("من 1 إلى " * 20_000) + ("٣-" * 50_000)
    t0 = time.process_time()
    tag_dates(text, dt.date(2024, 1, 1))
    assert time.process_time() - t0 < 5.0


def test_gold_jsonl_is_built_from_markup_and_offsets_match() -> None:
    sys.path.insert(0, str(GOLD_DIR))
    try:
        import build_gold
    finally:
        sys.path.pop(0)
    built = [
        build_gold.parse_line(line)
        for line in (GOLD_DIR / "gold_src.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    stored = [json.loads(x) for x in (GOLD_DIR / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert built == stored, "gold.jsonl is stale: run python tests/data/dates/build_gold.py"
    n = 0
    for rec in stored:
        assert build_gold.check(rec) == []
        n += len(rec["expressions"])
    assert n >= 200
    assert sum(1 for r in stored if not r["expressions"]) >= 20  # hard-negative sentences
    assert {r["region"] for r in stored} >= {"EG", "LB", "SY", "JO", "IQ", "PS", "DZ", "TN", "MA", "SA", "AE"}


def test_random_word_salad_never_raises_and_offsets_hold() -> None:
    # Lexicon words, numbers and punctuation in random order, with ordinary and extreme dcts:
    # every expression keeps valid offsets; date arithmetic overflow leaves a value of None.
    from pipeline.enrich.dates import lexicon as L

    words = [*L.GREG_MONTHS, *L.WEEKDAYS, *L.RELATIVE, *L.PART_OF, *L.REL_DAYS, *L.DAY_PARTS, *L.UNITS]
    words += ["كانون", "الثاني", "ربيع", "رمضان", "كل", "الساعة", "منذ", "بعد", "من", "إلى", "بين", "و", "في", "عام"]
    words += ["هـ", "م", "مساء", "الربع", "خريف", "منتصف", "ليل", "غداة", "غرة", "هذا", "اليوم", "/", "-", ".", ":"]
    nums = ["0", "1", "12", "29", "31", "32", "2020", "1445", "0522", "٢٠٢٢", "۱۷", "9999", "24", "60"]
    dcts = [None, dt.date(2024, 2, 29), dt.date(1, 1, 1), dt.date(9999, 12, 31)]
    rnd = random.Random(9)
    for _ in range(3000):
        parts = [rnd.choice(words) if rnd.random() < 0.6 else rnd.choice(nums) for _ in range(rnd.randint(1, 10))]
        text = rnd.choice([" ", ""]).join(parts)
        for e in tag_dates(text, rnd.choice(dcts)):
            assert text[e.start : e.end] == e.text and e.start < e.end
        find_dateline(text)


def test_dense_text_scales_linearly() -> None:
    # Many expressions, many set expressions: per-expression work must not grow with the text.
    sentences = [json.loads(x)["text"] for x in (GOLD_DIR / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    base = "\n".join(sentences)

    def cpu(n: int) -> float:
        text = (base * (n // len(base) + 1))[:n]
        best = float("inf")
        for _ in range(2):
            t0 = time.process_time()
            tag_dates(text, dt.date(2024, 1, 1))
            best = min(best, time.process_time() - t0)
        return best

    small, large = cpu(50_000), cpu(400_000)
    assert large < 20 * max(small, 0.01), f"8x the text took {large / small:.1f}x the time"
