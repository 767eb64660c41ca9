"""Visible Arabic datelines in each region's own month names (and Hijri dates for the Gulf).

Real outlets name months differently: Moroccan sites write "دجنبر", Algerian and Tunisian ones
"ديسمبر"/"جانفي", Levantine and Iraqi ones "كانون الأول", Egyptian and Gulf ones "ديسمبر"
(Gulf papers add the Hijri date). The demo pages print these so that date extraction has to
cope with them, in particular on the pages that carry no machine-readable date at all.
"""

from __future__ import annotations

import datetime as dt

from hijridate import Gregorian

WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")

MONTHS: dict[str, tuple[str, ...]] = {
    "moroccan": (
        "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
        "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر",
    ),
    "maghrebi": (
        "جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان",
        "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    ),
    "levantine": (
        "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
        "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
    ),
    "egyptian": (
        "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
        "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    ),
}  # fmt: skip

HIJRI_MONTHS = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)  # fmt: skip

# Which month-name family an outlet's region uses; Gulf outlets also print the Hijri date.
REGION_STYLE: dict[str, str] = {
    "Morocco": "moroccan",
    "Algeria": "maghrebi",
    "Tunisia": "maghrebi",
    "Lebanon": "levantine",
    "Jordan": "levantine",
    "Palestine": "levantine",
    "Iraq": "levantine",
    "Egypt": "egyptian",
    "Saudi Arabia": "egyptian",
    "UAE": "egyptian",
    "Qatar": "egyptian",
    "Kuwait": "egyptian",
    "pan-Arab": "egyptian",
}
GULF = frozenset({"Saudi Arabia", "UAE", "Qatar", "Kuwait"})


def arabic_dateline(iso_date: str, region: str, time: str | None = None) -> str:
    """Return e.g. "الخميس 28 نونبر 2024 - 11:20" in the region's month names.

    Gulf regions get "الخميس 19 جمادى الأولى 1446هـ - 21 نوفمبر 2024م".
    """
    day = dt.date.fromisoformat(iso_date)
    months = MONTHS[REGION_STYLE.get(region, "egyptian")]
    weekday = WEEKDAYS[day.weekday()]
    gregorian = f"{day.day} {months[day.month - 1]} {day.year}"
    if region in GULF:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
        text = f"{weekday} {hijri.day} {HIJRI_MONTHS[hijri.month - 1]} {hijri.year}هـ - {gregorian}م"
    else:
        text = f"{weekday} {gregorian}"
    return f"{text} - {time}" if time else text
