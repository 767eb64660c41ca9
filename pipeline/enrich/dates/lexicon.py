"""Word lists of the temporal tagger: month names of every system, weekdays, number words, units,
relative and part-of words. Keys are normalised with textnorm.norm_word at import, so each list
only needs one spelling per variant that normalisation does not already fold.
"""

from __future__ import annotations

from .textnorm import norm_all, norm_word


def _index(table: dict[int, tuple[str, ...]]) -> dict[str, int]:
    return {norm_word(w): k for k, words in table.items() for w in words}


# Single-word Gregorian month names. Systems: MSA/Egyptian, Levantine/Iraqi (Syriac names),
# Algerian/Tunisian (French-derived), Moroccan (Spanish/French-derived). "آب" is handled apart:
# once normalised it collides with "أب" (father).
GREG_MONTHS: dict[str, int] = _index(
    {
        1: ("يناير", "جانفي", "جانفييه", "ينار"),
        2: ("فبراير", "فيفري", "فبرير", "شباط"),
        3: ("مارس", "آذار"),
        4: ("أبريل", "إبريل", "أفريل", "نيسان", "ابريل"),
        5: ("مايو", "ماي", "أيار", "مايس"),
        6: ("يونيو", "يونيه", "جوان", "حزيران"),
        7: ("يوليو", "يوليه", "يوليوز", "جويلية", "جويليه", "تموز"),
        8: ("أغسطس", "أغسطوس", "اغستس", "أوت", "غشت"),
        9: ("سبتمبر", "شتنبر", "أيلول", "سيبتمبر"),
        10: ("أكتوبر", "اكتوبر", "أكتوبير"),
        11: ("نوفمبر", "نونبر", "نوفمير"),
        12: ("ديسمبر", "دجنبر", "ديسمبير"),
    }
)
AUGUST_AB = "آب"  # only recognised with its madda (see above)

# Two-word Levantine names: first word -> {second word -> month}. Both "الأول" and "أول" occur.
GREG_MONTHS_2: dict[str, dict[str, int]] = {
    norm_word("كانون"): {norm_word(w): m for w, m in (("الثاني", 1), ("ثاني", 1), ("الأول", 12), ("أول", 12))},
    norm_word("تشرين"): {norm_word(w): m for w, m in (("الأول", 10), ("أول", 10), ("الثاني", 11), ("ثاني", 11))},
}

# Hijri months. Single words, then two-word names.
HIJRI_MONTHS: dict[str, int] = _index(
    {1: ("محرم", "المحرم"), 2: ("صفر",), 7: ("رجب",), 8: ("شعبان",), 9: ("رمضان",), 10: ("شوال",)}
)
HIJRI_MONTHS_2: dict[str, dict[str, int]] = {
    norm_word("ربيع"): {norm_word(w): m for w, m in (("الأول", 3), ("أول", 3), ("الثاني", 4), ("الآخر", 4))},
    norm_word("جمادى"): {
        norm_word(w): m for w, m in (("الأولى", 5), ("الأول", 5), ("الثانية", 6), ("الآخرة", 6), ("الثاني", 6))
    },
    norm_word("جمادي"): {norm_word(w): m for w, m in (("الأولى", 5), ("الأول", 5), ("الثانية", 6), ("الآخرة", 6))},
    norm_word("ذو"): {norm_word(w): m for w, m in (("القعدة", 11), ("الحجة", 12))},
    norm_word("ذي"): {norm_word(w): m for w, m in (("القعدة", 11), ("الحجة", 12))},
}
# Hijri month names that are also common words or given names: need a date context.
HIJRI_AMBIGUOUS = frozenset({2, 7, 9})  # صفر = zero; رجب and رمضان are first names
HIJRI_MARKERS = norm_all(("هـ", "ه", "هجري", "هجرية", "للهجرة", "هجريا"))
GREG_MARKERS = norm_all(("م", "ميلادي", "ميلادية", "للميلاد", "ميلاديا"))

# Monday = 0, as datetime.date.weekday().
WEEKDAYS: dict[str, int] = _index(
    {
        0: ("الإثنين", "الاثنين", "الأثنين"),
        1: ("الثلاثاء", "الثلثاء"),
        2: ("الأربعاء", "الاربعاء"),
        3: ("الخميس",),
        4: ("الجمعة",),
        5: ("السبت",),
        6: ("الأحد",),
    }
)
# Weekday words that name something else after these words (Friday prayer, "Sunday market" towns).
# Without the article, after "يوم" ("كل يوم جمعة").
WEEKDAYS_BARE: dict[str, int] = {k[2:]: v for k, v in WEEKDAYS.items()}
WEEKDAY_BLOCKERS = norm_all(("صلاة", "خطبة", "سوق", "صلاه", "خطب", "جمعة"))

# Relative words after a noun or month: -1 past, 0 current, +1 next.
RELATIVE: dict[str, int] = {
    **{
        norm_word(w): -1
        for w in (
            "الماضي",
            "الماضية",
            "المنصرم",
            "المنصرمة",
            "الفارط",
            "الفارطة",
            "المنقضي",
            "المنقضية",
            "السابق",
            "السابقة",
            "الفائت",
            "الفائتة",
            "الماضيين",
            "الماضيتين",
        )
    },
    **{norm_word(w): 1 for w in ("المقبل", "المقبلة", "القادم", "القادمة", "المقبلين", "القادمين")},
    **{norm_word(w): 0 for w in ("الجاري", "الجارية", "الحالي", "الحالية")},
}
# After a plural noun ("الأيام المقبلة", "السنوات الأخيرة"): a vague past or future reference.
PLURAL_REF = {**{k: v for k, v in RELATIVE.items() if v}, norm_word("الأخيرة"): -1}
THIS = norm_all(("هذا", "هذه"))

# Calendar units: normalised surface -> (unit, count implied by the form: 1 singular, 2 dual, 0 plural).
_UNITS: dict[str, tuple[str, ...]] = {
    "D": ("يوم", "يوما", "أيام", "يومين", "يومان", "يوماً"),
    "W": ("أسبوع", "أسبوعا", "أسابيع", "أسبوعين", "أسبوعان"),
    "M": ("شهر", "شهرا", "أشهر", "شهور", "شهرين", "شهران"),
    "Y": ("سنة", "سنوات", "سنين", "سنتين", "سنتان", "عام", "عاما", "أعوام", "عامين", "عامان", "سنه"),
    "DE": ("عقد", "عقدا", "عقود", "عقدين", "عقدان"),
    "CE": ("قرن", "قرنا", "قرون", "قرنين", "قرنان"),
    "H": ("ساعة", "ساعات", "ساعتين", "ساعتان"),
    "MIN": ("دقيقة", "دقائق", "دقيقتين", "دقيقتان"),
    "S": ("ثانية", "ثوان", "ثواني", "ثانيتين"),
}
UNITS: dict[str, str] = {norm_word(w): u for u, ws in _UNITS.items() for w in ws}
DUAL_UNITS = norm_all(
    (
        "يومين",
        "يومان",
        "أسبوعين",
        "أسبوعان",
        "شهرين",
        "شهران",
        "سنتين",
        "سنتان",
        "عامين",
        "عامان",
        "عقدين",
        "عقدان",
        "قرنين",
        "قرنان",
        "ساعتين",
        "ساعتان",
        "دقيقتين",
        "دقيقتان",
        "ثانيتين",
    )
)
# The dual "عقدين" can be "two contracts"; singular "عقد" is a verb/noun: only with a number.
# Definite singular units used by relative spans ("الأسبوع المقبل").
SPAN_UNITS: dict[str, str] = {
    norm_word(w): u for w, u in (("الأسبوع", "W"), ("الشهر", "M"), ("العام", "Y"), ("السنة", "Y"), ("اليوم", "D"))
}
PLURAL_SPANS = norm_all(("الأيام", "الأسابيع", "الأشهر", "الشهور", "السنوات", "الأعوام", "السنين", "العقود", "الساعات"))
PLURAL_SPAN_UNIT: dict[str, str] = {
    norm_word(w): u
    for w, u in (
        ("الأيام", "D"),
        ("الأسابيع", "W"),
        ("الأشهر", "M"),
        ("الشهور", "M"),
        ("السنوات", "Y"),
        ("الأعوام", "Y"),
        ("السنين", "Y"),
        ("العقود", "DE"),
        ("الساعات", "H"),
    )
}
YEAR_NOUNS = norm_all(("عام", "العام", "سنة", "السنة", "عامي", "سنتي"))
MONTH_NOUN = norm_word("شهر")
DAY_NOUN = norm_word("يوم")
DAYS_NOUN = norm_word("يومي")  # "يومي 15 و16 جوان"
FIRST_OF_MONTH = norm_word("غرة")
FIRST_OF_MONTH_MA = norm_word("فاتح")  # Moroccan: "فاتح ماي" is 1 May
FIRSTS = frozenset({FIRST_OF_MONTH, FIRST_OF_MONTH_MA})

# Words after which a bare month name or a bare 4-digit year is a date, not a verb or a count.
TRIGGERS = norm_all(
    (
        "في",
        "منذ",
        "خلال",
        "حتى",
        "حتي",
        "بحلول",
        "قبل",
        "بعد",
        "من",
        "إلى",
        "الى",
        "بين",
        "طيلة",
        "طوال",
        "مطلع",
        "نهاية",
        "بداية",
        "أواخر",
        "أوائل",
        "منتصف",
        "أواسط",
        "مستهل",
        "موعد",
        "تاريخ",
        "بتاريخ",
        "غاية",
        "ابتداء",
        "اعتبارا",
        "أثناء",
        "وخلال",
        "شهر",
        "لغاية",
        "عن",
        "إبان",
        "عقب",
        "قبيل",
        "بعيد",
        # plural year nouns before a list of years: "للأعوام 2023 و2024"
        "الأعوام",
        "أعوام",
        "السنوات",
        "سنوات",
        "عامي",
        "سنتي",
    )
)

# Part-of-span words -> TIMEX3 mod.
PART_OF: dict[str, str] = {
    # Not "أول"/"آخر"/"وسط": "أول يناير" is 1 January, "وسط" mostly means "amid".
    **{norm_word(w): "START" for w in ("مطلع", "أوائل", "بداية", "مستهل", "بدايات", "مطالع")},
    **{norm_word(w): "MID" for w in ("منتصف", "أواسط")},
    **{norm_word(w): "END" for w in ("نهاية", "أواخر", "نهايات", "ختام")},
}

# Offsets: منذ/قبل go back, بعد forward ("منذ ثلاثة أشهر", "بعد أسبوعين").
OFFSET_WORDS: dict[str, int] = {norm_word("منذ"): -1, norm_word("قبل"): -1, norm_word("بعد"): 1}
APPROX_WORDS: dict[str, str] = {
    **{norm_word(w): "APPROX" for w in ("نحو", "حوالي", "قرابة", "زهاء", "حوالى")},
}
MORE_LESS: dict[str, str] = {norm_word("أكثر"): "MORE_THAN", norm_word("أقل"): "LESS_THAN"}
VAGUE_COUNT = norm_all(("عدة", "بضعة", "بضع", "عده"))

# today / yesterday / tomorrow as day offsets.
REL_DAYS: dict[str, int] = {
    norm_word("اليوم"): 0,
    norm_word("أمس"): -1,
    norm_word("الأمس"): -1,
    norm_word("البارحة"): -1,
    norm_word("غدا"): 1,
    norm_word("غد"): 1,
    norm_word("الغد"): 1,
}
# "اليوم" is a common noun ("day") before these words.
TODAY_BLOCKERS = norm_all(
    (
        "العالمي",
        "الوطني",
        "الدولي",
        "الأول",
        "الثاني",
        "الثالث",
        "الأخير",
        "التالي",
        "نفسه",
        "ذاته",
        "الموالي",
        "السابق",
        "الواحد",
        "المفتوح",
        "الدراسي",
    )
)
NEXT_DAY = norm_word("غداة")  # the day after (an event or a date)

# Parts of the day -> TIMEX3 part-of-day code.
DAY_PARTS: dict[str, str] = {
    **{norm_word(w): "MO" for w in ("صباح", "فجر", "صبيحة", "ضحى")},
    **{norm_word(w): "AF" for w in ("ظهر", "عصر", "ظهيرة", "بعد ظهر")},
    **{norm_word(w): "EV" for w in ("مساء", "عشية", "مغرب")},
    **{norm_word(w): "NI" for w in ("ليل", "ليلة", "منتصف ليل")},
}
# Time-of-day suffixes: how to shift a 12-hour clock reading.
AMPM: dict[str, str] = {
    **{norm_word(w): "AM" for w in ("صباحا", "ص", "صباحاً", "فجرا", "صباح")},
    **{norm_word(w): "PM" for w in ("مساء", "مساءً", "م", "عصرا", "ليلا", "مساءا")},
    norm_word("ظهرا"): "NOON",
}
CLOCK = norm_word("الساعة")
HOUR_WORDS: dict[str, int] = _index(
    {
        1: ("الواحدة",),
        2: ("الثانية",),
        3: ("الثالثة",),
        4: ("الرابعة",),
        5: ("الخامسة",),
        6: ("السادسة",),
        7: ("السابعة",),
        8: ("الثامنة",),
        9: ("التاسعة",),
        10: ("العاشرة",),
        11: ("الحادية",),
    }
)
FRACTIONS: dict[str, int] = {norm_word("النصف"): 30, norm_word("الربع"): 15, norm_word("الثلث"): 20}

# Sets: adverbs and "كل".
SET_ADVERBS: dict[str, str] = {
    norm_word(w): v
    for w, v in (
        ("يوميا", "P1D"),
        ("أسبوعيا", "P1W"),
        ("شهريا", "P1M"),
        ("سنويا", "P1Y"),
        ("يومياً", "P1D"),
        ("سنوياً", "P1Y"),
        ("شهرياً", "P1M"),
        ("أسبوعياً", "P1W"),
        ("ساعيا", "PT1H"),
    )
}
EVERY = norm_word("كل")

# Vague references that carry a TIMEX3 value without any anchor.
REFS: dict[str, str] = {
    norm_word(w): v
    for w, v in (
        ("الآن", "PRESENT_REF"),
        ("حاليا", "PRESENT_REF"),
        ("حالياً", "PRESENT_REF"),
        ("مؤخرا", "PAST_REF"),
        ("مؤخراً", "PAST_REF"),
        ("قريبا", "FUTURE_REF"),
        ("قريباً", "FUTURE_REF"),
        ("سابقا", "PAST_REF"),
        ("مسبقا", "PAST_REF"),
        ("لاحقا", "FUTURE_REF"),
        ("اللحظة", "PRESENT_REF"),  # only in "حتى اللحظة" (see rules_relative.ref)
    )
}
UNTIL = norm_all(("حتى", "لحد", "لغاية", "إلى"))
CENTURY = norm_word("القرن")

# Words that, right after a 4-digit number, make it a count or an amount, not a year.
COUNT_NOUNS = norm_all(
    (
        "درهم",
        "درهما",
        "دينار",
        "دينارا",
        "دولار",
        "دولارا",
        "جنيه",
        "جنيها",
        "ريال",
        "ريالا",
        "ليرة",
        "يورو",
        "شخص",
        "شخصا",
        "مليون",
        "ألف",
        "مليار",
        "طالب",
        "طالبا",
        "وظيفة",
        "حالة",
        "إصابة",
        "ناخب",
        "ناخبا",
        "كلم",
        "كيلومتر",
        "متر",
        "طن",
        "نسمة",
        "سهم",
        "برميل",
        "قتيل",
        "جريح",
        "عامل",
        "عاملا",
        "منصب",
        "مقعد",
        "صوت",
        "نقطة",
        "وحدة",
        "سيارة",
        "فرد",
        "أسرة",
        "عائلة",
        "مواطن",
        "مواطنا",
        "لاجئ",
        "لاجئا",
        "مهاجر",
        "مهاجرا",
        "حاج",
        "مترشح",
        "ملم",
        "درجة",
        "بالمئة",
        "بالمائة",
        "%",
        "موظف",
        "موظفا",
    )
)
