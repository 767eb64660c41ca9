"""Table-driven tests of tag_dates: one case per phenomenon of issue 3, with exact values."""
# ruff: noqa: E501  -- table rows: one case per line is easier to review than wrapped rows

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.enrich.dates import tag_dates

D = dt.date.fromisoformat

# (id, text, dct, surface, type, value, mod, range) -- the expression with that surface must exist.
# One case per row is easier to review than the formatter's wrapped tuples.
# fmt: off
CASES = [
    # Month systems, with day and year
    ("msa", "أعلن الوزير يوم 24 نوفمبر 2021 عن الخطة.", None, "يوم 24 نوفمبر 2021", "DATE", "2021-11-24", None, ("2021-11-24", "2021-11-24")),
    ("egyptian-yunyah", "وصدر القرار في 30 يونيه 2013 بالقاهرة.", None, "30 يونيه 2013", "DATE", "2013-06-30", None, None),
    ("levant-2words", "أقر المجلس الموازنة في كانون الثاني 2022.", None, "كانون الثاني 2022", "DATE", "2022-01", None, ("2022-01-01", "2022-01-31")),
    ("levant-tishrin", "وتنتهي الولاية في 31 تشرين الأول 2022.", None, "31 تشرين الأول 2022", "DATE", "2022-10-31", None, None),
    ("levant-shubat", "وعقدت الجلسة في 3 شباط 2023.", None, "3 شباط 2023", "DATE", "2023-02-03", None, None),
    ("iraq-ab", "وجرت الانتخابات في آب 2020.", None, "آب 2020", "DATE", "2020-08", None, None),
    ("algeria", "تدخل الزيادات حيز التطبيق في جانفي 2024.", None, "جانفي 2024", "DATE", "2024-01", None, None),
    ("tunisia", "ينظم الاستفتاء يوم 25 جويلية 2022.", None, "يوم 25 جويلية 2022", "DATE", "2022-07-25", None, None),
    ("tunisia-ut", "انطلق المهرجان في 2 أوت 2022.", None, "2 أوت 2022", "DATE", "2022-08-02", None, None),
    ("morocco-yulyuz", "صدر الظهير في 29 يوليوز 2011.", None, "29 يوليوز 2011", "DATE", "2011-07-29", None, None),
    ("morocco-ghusht", "وقع الحادث في 14 غشت 2023.", None, "14 غشت 2023", "DATE", "2023-08-14", None, None),
    ("morocco-shutunbur", "ضرب الزلزال في 8 شتنبر 2023.", None, "8 شتنبر 2023", "DATE", "2023-09-08", None, None),
    ("morocco-dujunbur", "وسيتم ذلك في دجنبر 2023.", None, "دجنبر 2023", "DATE", "2023-12", None, None),
    # Spelling and hamza variants
    ("ibril", "وتأسست الشركة في إبريل 2020.", None, "إبريل 2020", "DATE", "2020-04", None, None),
    ("abril-bare-alef", "وتأسست الشركة في ابريل 2020.", None, "ابريل 2020", "DATE", "2020-04", None, None),
    ("aghustus", "وقع ذلك في أغسطوس 2019.", None, "أغسطوس 2019", "DATE", "2019-08", None, None),
    ("harakat", "وصل الوفد غداً إلى عمّان.", "2022-05-24", "غداً", "DATE", "2022-05-25", None, None),
    # Paired forms
    ("pair-slash-levant-first", "شهد لبنان في كانون الأول/ديسمبر 2020 احتجاجات.", None, "كانون الأول/ديسمبر 2020", "DATE", "2020-12", None, None),
    ("pair-slash-day", "القاهرة - 24 نوفمبر/تشرين الثاني 2021.", None, "24 نوفمبر/تشرين الثاني 2021", "DATE", "2021-11-24", None, None),
    ("pair-paren", "وفي ديسمبر (كانون الأول) 2020 وقع الاتفاق.", None, "ديسمبر (كانون الأول) 2020", "DATE", "2020-12", None, None),
    # Hijri
    ("hijri-month-year", "يبدأ رمضان 1445 بعد أيام.", None, "رمضان 1445", "DATE", "2024-03-11/2024-04-09", None, ("2024-03-11", "2024-04-09")),
    ("hijri-year-marker", "ميزانية العام 1446 هـ أقرت.", None, "العام 1446 هـ", "DATE", "2024-07-07/2025-06-25", None, None),
    ("hijri-lisanat", "وصدر النظام لسنة 1446 ه بموجب المرسوم.", None, "سنة 1446 ه", "DATE", "2024-07-07/2025-06-25", None, None),
    ("hijri-day", "وذلك يوم 15 رمضان 1445 هـ في مكة.", None, "يوم 15 رمضان 1445 هـ", "DATE", "2024-03-25", None, None),
    ("hijri-numeric", "بقرار مجلس الوزراء وتاريخ 14/6/1444هـ.", None, "14/6/1444هـ", "DATE", "2023-01-07", None, None),
    ("hijri-2word", "ولد في 12 ربيع الأول 1445.", None, "12 ربيع الأول 1445", "DATE", "2023-09-27", None, None),
    # Digits in three scripts
    ("arabic-indic", "وأصدر المجلس قراره في ١٥ مارس ٢٠٢٣ بتشكيل لجنة.", None, "١٥ مارس ٢٠٢٣", "DATE", "2023-03-15", None, None),
    ("persian", "تاريخ النشر: ۱۷/۷/۲۰۲۲", None, "۱۷/۷/۲۰۲۲", "DATE", "2022-07-17", None, None),
    # Ordinal days
    ("ordinal", "ولد في العاشر من ديسمبر 1940 بالقاهرة.", None, "العاشر من ديسمبر 1940", "DATE", "1940-12-10", None, None),
    ("ordinal-compound", "توفي في الحادي والعشرين من مارس 2022.", None, "الحادي والعشرين من مارس 2022", "DATE", "2022-03-21", None, None),
    ("ghurra", "تطبق الأسعار الجديدة بداية من غرة جوان 2022.", None, "غرة جوان 2022", "DATE", "2022-06-01", None, None),
    # Numeric dates, day first
    ("num-dash", "حددت الجلسة يوم 20-07-2022 للنطق بالحكم.", None, "20-07-2022", "DATE", "2022-07-20", None, None),
    ("num-spaced", "حددت الجلسة بتاريخ 20 - 07 - 2022.", None, "20 - 07 - 2022", "DATE", "2022-07-20", None, None),
    ("num-ymd", "وقعت الحادثة بتاريخ 2022/07/20.", None, "2022/07/20", "DATE", "2022-07-20", None, None),
    ("num-dmy-short", "انعقد اللقاء في 17/7/2022.", None, "17/7/2022", "DATE", "2022-07-17", None, None),
    ("num-day-first", "صدر المرسوم بتاريخ 03/04/2021.", None, "03/04/2021", "DATE", "2021-04-03", None, None),
    # Weekdays and today / yesterday / tomorrow (dct Thursday 2021-11-25)
    ("weekday-past", "وقال الوزير الثلاثاء إن المفاوضات مستمرة.", "2021-11-25", "الثلاثاء", "DATE", "2021-11-23", None, None),
    ("weekday-today", "أعلنت الوزارة اليوم الخميس عن الخطة.", "2021-11-25", "اليوم الخميس", "DATE", "2021-11-25", None, None),
    ("weekday-next", "سيعقد الاجتماع يوم الأربعاء المقبل.", "2021-11-25", "يوم الأربعاء المقبل", "DATE", "2021-12-01", None, None),
    ("weekday-last", "زار الرئيس المدينة يوم الجمعة الماضي.", "2021-11-25", "يوم الجمعة الماضي", "DATE", "2021-11-19", None, None),
    ("weekday-future-tense", "سيتوجه الوفد إلى الرياض السبت.", "2021-11-25", "السبت", "DATE", "2021-11-27", None, None),
    ("today", "تنطلق اليوم فعاليات المعرض.", "2021-11-25", "اليوم", "DATE", "2021-11-25", None, None),
    ("yesterday", "وصل الوفد أمس إلى بغداد.", "2021-11-25", "أمس", "DATE", "2021-11-24", None, None),
    ("tomorrow", "وتستأنف الدراسة غدا في جميع المدارس.", "2021-11-25", "غدا", "DATE", "2021-11-26", None, None),
    ("day-before-yesterday", "وانعقد المجلس أول أمس بقصر قرطاج.", "2021-11-25", "أول أمس", "DATE", "2021-11-23", None, None),
    ("ghadat-date", "تظاهر الآلاف غداة 7 أكتوبر 2023.", None, "غداة 7 أكتوبر 2023", "DATE", "2023-10-08", None, None),
    ("ghadat-event", "استقال الوزير غداة الانتخابات.", "2021-11-25", "غداة", "DATE", None, None, None),
    ("daypart", "فاز الأهلي مساء أمس على الزمالك.", "2021-11-25", "مساء أمس", "TIME", "2021-11-24TEV", None, None),
    # Relative spans (dct Wednesday 2022-07-20, ISO week 29)
    ("next-week", "وسيعقد المؤتمر الأسبوع المقبل.", "2022-07-20", "الأسبوع المقبل", "DATE", "2022-W30", None, ("2022-07-25", "2022-07-31")),
    ("coming-week", "وسيعقد المؤتمر الأسبوع القادم.", "2022-07-20", "الأسبوع القادم", "DATE", "2022-W30", None, None),
    ("last-month", "وشهد الشهر الماضي تراجعا.", "2022-07-20", "الشهر الماضي", "DATE", "2022-06", None, ("2022-06-01", "2022-06-30")),
    ("last-year", "وارتفعت الأرباح في العام الماضي.", "2022-07-20", "العام الماضي", "DATE", "2021", None, ("2021-01-01", "2021-12-31")),
    ("munsarim", "وشهدت السنة المنصرمة تراجعا.", "2022-07-20", "السنة المنصرمة", "DATE", "2021", None, None),
    ("farit", "وسجلت الصادرات خلال الشهر الفارط ارتفاعا.", "2022-07-20", "الشهر الفارط", "DATE", "2022-06", None, None),
    ("current-week", "ويشهد الأسبوع الجاري جولة جديدة.", "2022-07-20", "الأسبوع الجاري", "DATE", "2022-W29", None, None),
    ("current-year", "وتراجع النمو خلال العام الحالي.", "2022-07-20", "العام الحالي", "DATE", "2022", None, None),
    ("this-year", "وارتفع الإنتاج هذا العام بنسبة 30%.", "2022-07-20", "هذا العام", "DATE", "2022", None, None),
    ("months-ago", "ارتفعت الأسعار منذ ثلاثة أشهر.", "2022-07-20", "منذ ثلاثة أشهر", "DATE", "2022-04", None, None),
    ("days-ago", "وقع الهجوم قبل يومين.", "2022-07-20", "قبل يومين", "DATE", "2022-07-18", None, None),
    ("weeks-later", "ويصدر المرسوم بعد أسبوعين.", "2022-07-20", "بعد أسبوعين", "DATE", "2022-W31", None, None),
    ("past-ref", "وعاد آلاف اللاجئين خلال الأشهر الماضية.", "2022-07-20", "الأشهر الماضية", "DATE", "PAST_REF", None, None),
    ("future-ref", "ترتفع الحرارة خلال الأيام المقبلة.", "2022-07-20", "الأيام المقبلة", "DATE", "FUTURE_REF", None, None),
    # Parts of spans
    ("end-of-month", "ونظم الصالون أواخر يونيو 2022.", None, "أواخر يونيو 2022", "DATE", "2022-06", "END", ("2022-06-21", "2022-06-30")),
    ("start-of-year", "ويطبق القرار مطلع 2023.", None, "مطلع 2023", "DATE", "2023", "START", ("2023-01-01", "2023-04-30")),
    ("mid-current-month", "ويعقد المؤتمر منتصف الشهر الجاري.", "2022-07-20", "منتصف الشهر الجاري", "DATE", "2022-07", "MID", ("2022-07-11", "2022-07-20")),
    ("start-next-month", "وتنطلق الحملة بداية الشهر المقبل.", "2022-07-20", "بداية الشهر المقبل", "DATE", "2022-08", "START", None),
    ("early-month-rel", "ويبدأ الموسم في أوائل تشرين الثاني المقبل.", "2022-07-20", "أوائل تشرين الثاني المقبل", "DATE", "2022-11", "START", None),
    # Ranges
    ("range-between", "احتضنت طنجة المنتدى ما بين 12 و15 سبتمبر 2023.", None, "ما بين 12 و15 سبتمبر 2023", "DATE", "2023-09-12/2023-09-15", None, ("2023-09-12", "2023-09-15")),
    ("range-from-to", "تتواصل الأشغال من 23 إلى 25 ماي الجاري.", "2022-05-10", "من 23 إلى 25 ماي الجاري", "DATE", "2022-05-23/2022-05-25", None, None),
    ("range-months", "انخفضت الصادرات من يناير إلى غشت 2023.", None, "من يناير إلى غشت 2023", "DATE", "2023-01/2023-08", None, ("2023-01-01", "2023-08-31")),
    # Times
    ("clock-pm", "نشر في 25 نوفمبر 2021 03:14 م", None, "03:14 م", "TIME", "2021-11-25T15:14", None, None),
    ("clock-words", "تعقد الجلسة الساعة العاشرة صباحا.", "2022-07-20", "الساعة العاشرة صباحا", "TIME", "2022-07-20T10:00", None, None),
    ("clock-evening", "تنطلق المباراة الساعة 8 مساء.", "2022-07-20", "الساعة 8 مساء", "TIME", "2022-07-20T20:00", None, None),
    ("clock-half", "تبدأ السهرة الساعة الثامنة والنصف مساء.", "2022-07-20", "الساعة الثامنة والنصف مساء", "TIME", "2022-07-20T20:30", None, None),
    ("clock-no-dct", "تنطلق المباراة الساعة 8 مساء.", None, "الساعة 8 مساء", "TIME", "XXXX-XX-XXT20:00", None, None),
    # Durations
    ("dur-3-days", "استمر الإضراب ثلاثة أيام.", None, "ثلاثة أيام", "DURATION", "P3D", None, None),
    ("dur-2-weeks", "تستمر الامتحانات أسبوعين.", None, "أسبوعين", "DURATION", "P2W", None, None),
    ("dur-2-decades", "بعد حرب استمرت عقدين.", None, "عقدين", "DURATION", "P20Y", None, None),
    ("dur-digits", "وتستمر المرحلة 42 يوما.", None, "42 يوما", "DURATION", "P42D", None, None),
    ("dur-hours", "انقطعت الكهرباء لمدة 20 ساعة.", None, "20 ساعة", "DURATION", "PT20H", None, None),
    ("dur-more-than", "بعد توقف دام أكثر من شهرين.", None, "أكثر من شهرين", "DURATION", "P2M", "MORE_THAN", None),
    # Sets
    ("set-every-week", "تصدر المجلة كل أسبوع.", None, "كل أسبوع", "SET", "P1W", None, None),
    ("set-yearly", "تنظم المسابقة سنويا.", None, "سنويا", "SET", "P1Y", None, None),
    ("set-friday", "تقام الصلاة كل يوم جمعة.", None, "كل يوم جمعة", "SET", "XXXX-WXX-5", None, None),
    # Years alone: a year value, never a full date
    ("year-am", "تأسس الحزب عام 2000.", None, "عام 2000", "DATE", "2000", None, ("2000-01-01", "2000-12-31")),
    ("year-al-am", "أجريت الانتخابات في العام 1993.", None, "العام 1993", "DATE", "1993", None, None),
    ("year-fi", "أطلق البرنامج في 2020 بدعم أوروبي.", "2022-07-20", "2020", "DATE", "2020", None, None),
    ("year-coordinated", "اعتمدت الموازنة للأعوام 2023 و2024.", None, "2024", "DATE", "2024", None, None),
    ("century", "يعود المبنى إلى القرن التاسع عشر.", None, "القرن التاسع عشر", "DATE", "18", None, None),
    # Month-only mentions: year from dct and tense (dct 2023-10-09)
    ("month-past-tense", "وكان المغرب قد سجل في نونبر عجزا تجاريا.", "2023-10-09", "نونبر", "DATE", "2022-11", None, None),
    ("month-future-tense", "وسيعقد المؤتمر في نونبر بمراكش.", "2023-10-09", "نونبر", "DATE", "2023-11", None, None),
    ("month-earlier-neutral", "وبلغ التضخم ذروته في يونيو.", "2023-10-09", "يونيو", "DATE", "2023-06", None, None),
    ("month-next-rel", "ويرفع الأجر في يناير المقبل.", "2023-10-09", "يناير المقبل", "DATE", "2024-01", None, None),
    ("month-last-rel", "وارتفعت الأسعار في أكتوبر الماضي.", "2023-10-09", "أكتوبر الماضي", "DATE", "2022-10", None, None),
    ("daymonth-future-wraps", "سيكون الدخول المدرسي يوم 11 شتنبر.", "2023-10-09", "يوم 11 شتنبر", "DATE", "2024-09-11", None, None),
    ("verb-then-month", "في مارس الماضي رفع البنك الفائدة.", "2023-10-09", "مارس الماضي", "DATE", "2023-03", None, None),
    # Vague references, Hijri month with a Gregorian year, anniversaries, definite counts
    ("ref-previously", "وكانت قد صرحت سابقا بذلك.", "2026-01-08", "سابقا", "DATE", "PAST_REF", None, None),
    ("ref-later", "وستكشف عنها لاحقا.", "2020-12-01", "لاحقا", "DATE", "FUTURE_REF", None, None),
    ("ref-months-ago", "قتل القائد قبل شهور.", "2020-12-01", "قبل شهور", "DATE", "PAST_REF", None, None),
    ("ref-until-now", "ولا تزال الرواية مخفية حتى اللحظة.", "2020-12-01", "اللحظة", "DATE", "PRESENT_REF", None, None),
    ("ramadan-gregorian-year", "عرض المسلسل في رمضان 2020.", "2020-12-25", "رمضان 2020", "DATE", "2020-04-24/2020-05-23", None, None),
    ("anniversary", "ولدت في مثل هذا اليوم عام 1929.", "2020-10-07", "هذا اليوم عام 1929", "DATE", "1929-10-07", None, None),
    ("definite-count", "حصد الوباء خلال الـ 24 ساعة الماضية 3176 شخصا.", "2020-04-24", "الـ 24 ساعة الماضية", "DURATION", "PT24H", None, None),
    ("definite-compound", "أجريت خلال الساعات الأربع والعشرين الأخيرة.", "2020-04-24", "الساعات الأربع والعشرين الأخيرة", "DURATION", "PT24H", None, None),
    ("definite-before-noun", "صارعت المرض في الثلاث سنوات الأخيرة من حياتها.", None, "الثلاث سنوات الأخيرة", "DURATION", "P3Y", None, None),
    ("paired-spaced-slash", "تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", None, "09:22 مساءً", "TIME", "2020-04-24T21:22", None, None),
    ("midnight", "دارت اشتباكات بعد منتصف ليل الجمعة - السبت.", "2013-08-03", "منتصف ليل الجمعة - السبت", "TIME", "2013-08-03T00:00", None, None),
    ("night-between-days", "دارت اشتباكات ليل الجمعة - السبت في الحسكة.", "2013-08-03", "ليل الجمعة - السبت", "TIME", "2013-08-02TNI", None, None),
    ("year-glued-to-month", "منذ بداية الحراك في 13 ديسمبر2018 ونحن نواجه القمع.", None, "13 ديسمبر2018", "DATE", "2018-12-13", None, None),
    # Quarters, halves, seasons (dct 2023-10-09)
    ("quarter", "نما الاقتصاد خلال الربع الأول من 2023 بنسبة 2%.", "2023-10-09", "الربع الأول من 2023", "DATE", "2023-Q1", None, ("2023-01-01", "2023-03-31")),
    ("quarter-morocco", "بلغت البطالة 13.5 في المائة خلال الفصل الثاني من السنة الجارية.", "2023-10-09", "الفصل الثاني من السنة الجارية", "DATE", "2023-Q2", None, None),
    ("quarter-last", "تراجعت الأرباح في الربع الأخير.", "2023-10-09", "الربع الأخير", "DATE", "2023-Q4", None, None),
    ("half", "ارتفعت الصادرات في النصف الأول من العام.", "2023-10-09", "النصف الأول من العام", "DATE", "2023-H1", None, ("2023-01-01", "2023-06-30")),
    ("season-year", "وقعت الاحتجاجات في خريف 2019.", None, "خريف 2019", "DATE", "2019-FA", None, ("2019-09-01", "2019-11-30")),
    ("season-last", "شهدت البلاد موجة حر الصيف الماضي.", "2023-10-09", "الصيف الماضي", "DATE", "2023-SU", None, None),
    ("season-next", "يتوقع ارتفاع الطلب على الغاز الشتاء المقبل.", "2023-10-09", "الشتاء المقبل", "DATE", "2023-WI", None, ("2023-12-01", "2024-02-29")),
    # Habitual sentences: a bare month or clock time is generic, not anchored
    ("habitual-month", "وتجري الامتحانات كل سنة في شهر جوان.", "2022-09-05", "شهر جوان", "DATE", "XXXX-06", None, None),
    ("habitual-time", "تفتح الأسواق يوميا الساعة 8 صباحا.", "2022-09-05", "الساعة 8 صباحا", "TIME", "XXXX-XX-XXT08:00", None, None),
    ("not-habitual-next-sentence", "تصدر المجلة شهريا. وسيعقد المؤتمر في نونبر.", "2023-10-09", "نونبر", "DATE", "2023-11", None, None),
    # Without a publication date relative expressions keep their type and no value
    ("no-dct-yesterday", "أعلن الوزير أمس عن الخطة.", None, "أمس", "DATE", None, None, None),
    ("no-dct-next-week", "يعقد المجلس جلسة الأسبوع المقبل.", None, "الأسبوع المقبل", "DATE", None, None, None),
    ("no-dct-weekday", "أكد الوزير يوم الثلاثاء أن القانون جاهز.", None, "يوم الثلاثاء", "DATE", None, None, None),
    ("no-dct-month", "رفع البنك الفائدة في مارس إلى 3 في المائة.", None, "مارس", "DATE", None, None, None),
    ("no-dct-ago", "تضاعفت الأسعار منذ ثلاثة أشهر.", None, "منذ ثلاثة أشهر", "DATE", None, None, None),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "dct", "surface", "typ", "value", "mod", "rng"),
    [pytest.param(*c[1:], id=c[0]) for c in CASES],
)
def test_phenomenon(text, dct, surface, typ, value, mod, rng) -> None:
    found = tag_dates(text, D(dct) if dct else None)
    by_surface = {e.text: e for e in found}
    assert surface in by_surface, f"{surface!r} not in {[e.text for e in found]}"
    e = by_surface[surface]
    assert text[e.start : e.end] == e.text
    assert (e.type, e.value, e.mod) == (typ, value, mod)
    if rng is not None:
        assert (e.range_start, e.range_end) == rng


def test_hijri_keeps_calendar_and_gregorian_span() -> None:
    (e,) = tag_dates("يبدأ شهر رمضان 1445 هـ غدا", None)[:1]
    assert e.calendar == "hijri"
    assert (e.range_start, e.range_end) == ("2024-03-11", "2024-04-09")


def test_bare_year_is_never_a_full_date() -> None:
    for e in tag_dates("وأطلق البرنامج في 2020 ثم عام 2021", D("2022-07-20")):
        assert e.value in ("2020", "2021")


HARD_NEGATIVES = [
    ("plain-numbers", "أصيب 14 شخصا في حادث سير على الطريق رقم 15، ونقل 3 منهم إلى المستشفى."),
    ("count-like-year", "وأوضح أن عدد الطلاب المتقدمين بلغ 2020 طالبا في محافظة الجيزة."),
    ("maras-verb", "مارس البنك المركزي ضغوطا على البنوك لخفض الفائدة."),
    ("yumaris", "ويمارس الرئيس صلاحياته، فيما مارست الحكومة ضغوطها وكثف الجيش ممارسة الرقابة."),
    ("phone-ma", "للحجز والاستعلام يرجى الاتصال بالرقم 0522-45-67-89 أو 0661 23 45 67."),
    ("phone-eg", "للاستعلام يرجى الاتصال على الرقم 01012345678 أو الخط الساخن 15301."),
    ("phone-tn", "للاستفسار يمكن الاتصال بالرقم 71.123.456 أو 98 765 432."),
    ("prices", "ويبلغ سعر الدولار 15.70 جنيه، وسعر الكيلوغرام 120 درهما، وبرميل برنت 82.20 دولار."),
    ("scores", "وانتهت المباراة بفوز الوداد 2-1 على الرجاء، فيما تعادل الجيش والمغرب الفاسي 1-1."),
    ("quran-verse", "قال تعالى في سورة البقرة الآية 183: (يا أيها الذين آمنوا كتب عليكم الصيام)."),
    ("quran-ref", "واستشهد الخطيب بقوله تعالى [البقرة: 185] وقرأ من الآية 12 إلى الآية 15."),
    ("law-article", "وتنص المادة 47 من الدستور والفصل 12 من القانون 08.09 على ذلك."),
    ("law-number-dz", "ويتعلق الأمر بالقانون رقم 18-07 المتعلق بحماية الأشخاص."),
    ("law-number-ma", "وصدر الظهير الشريف رقم 1.11.91 والقانون رقم 31.13."),
    ("big-number", "ورفعت الشركة رأسمالها إلى 1.500.000 دينار."),
    ("grade", "وحصل الطالب على 18/20 في مادة الرياضيات."),
    ("world-day", "ويحتفل العالم باليوم العالمي للبيئة."),
    ("names", "وقال رجب طيب أردوغان إن تيريزا ماي ركنت سيارة نيسان أمام المبنى."),
    ("zero", "وسجل الفريق صفر نقاط في المجموعة."),
    ("friday-prayer", "وأدى المصلون صلاة الجمعة في المسجد الأقصى."),
    ("between-numbers", "وتتراوح الأسعار بين 10 و15 مليون ليرة للأمبير الواحد."),
    ("law-chapter", "وينص الفصل الأول من القانون على ذلك."),
    ("match-half", "تقدم الفريق في النصف الأول من المباراة بهدفين."),
    ("arab-spring", "وصلت عدوى الربيع العربي إلى الخرطوم."),
    ("newspaper-name", "وقال مختصون لـ «اليوم» إن الرد سيكون محدودا."),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t in HARD_NEGATIVES])
def test_hard_negative(text: str) -> None:
    assert tag_dates(text, D("2023-06-27")) == []


def test_offsets_index_original_text_with_harakat_and_tatweel() -> None:
    text = "وَصَلَ الوفـــد غداً، وسيُعقد الاجتماعُ يومَ الأربعاءِ المقبلِ."
    found = tag_dates(text, D("2022-05-24"))
    assert [text[e.start : e.end] for e in found] == [e.text for e in found]
    assert [e.value for e in found] == ["2022-05-25", "2022-05-25"]
