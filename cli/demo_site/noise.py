"""Boilerplate text the demo layouts wrap around article bodies, collected in one place.

Every string here is something a real Arabic news page shows around an article (breaking-news
ticker, "read also" and "most read" headlines, reader comments, comment-form labels, cookie
banner, newsletter box, footer) and that a good extractor must leave out. The headlines are
fictional and deliberately unlike any article body, so a test can assert that none of them
survives extraction.
"""

from __future__ import annotations

# Breaking-news ticker items ("عاجل"), one pool per layout family.
TICKER: dict[str, tuple[str, ...]] = {
    "maghreb_portal": (
        "توقف حركة القطارات بين القنيطرة وسيدي قاسم بسبب أشغال الصيانة",
        "إعلان لوائح المقبولين لاجتياز مباراة ولوج مراكز التكوين",
        "حريق محدود بسوق شعبي دون تسجيل خسائر في الأرواح",
        "تمديد فترة التسجيل في منصة الدعم المباشر للسكن إلى آخر الشهر",
    ),
    "gulf_daily": (
        "افتتاح المرحلة الثالثة من الطريق الدائري الشمالي أمام الحركة المرورية",
        "تحويل مسار رحلات داخلية إلى صالة القدوم الجديدة اعتبارا من الغد",
        "إطلاق منصة موحدة لحجز مواعيد الفحص الفني للمركبات",
        "تعديل مواعيد الدوام في الجهات الحكومية خلال فترة الاختبارات",
    ),
    "levant_amp": (
        "انقطاع التيار الكهربائي عن أحياء في العاصمة لساعات بسبب عطل فني",
        "إغلاق معبر حدودي مؤقتا أمام حركة الشحن لأسباب لوجستية",
        "ارتفاع سعر صفيحة البنزين في التسعيرة الأسبوعية الجديدة",
        "وفاة شاب إثر حادث سير مروع على الأوتوستراد الساحلي",
    ),
    "legacy_table": (
        "تأجيل امتحانات الثلاثي الأول بعدد من المؤسسات التربوية",
        "فتح باب الترشح لبرنامج السكن الاجتماعي الجديد في البلديات",
        "تساقط أولى حبات البرد على مرتفعات المدينة القديمة",
    ),
}

# "Related news" / "read also" headlines, one pool per layout family; a page shows four of them.
RELATED: dict[str, tuple[str, ...]] = {
    "maghreb_portal": (
        "فعاليات مدنية تطالب بتأهيل المسبح البلدي المغلق منذ سنوات",
        "جماعة حضرية تصادق على ميزانية السنة المقبلة وسط انسحاب المعارضة",
        "مهنيو سيارات الأجرة يلوحون بالإضراب احتجاجا على رخص جديدة",
        "ندوة جامعية تناقش رهانات الرقمنة في الإدارة العمومية",
        "حجز أطنان من المواد الغذائية الفاسدة بمستودع سري",
        "تلاميذ يحصدون الرتبة الأولى في مسابقة وطنية للروبوتيك",
    ),
    "gulf_daily": (
        "بلدية العاصمة تطلق مبادرة لزراعة مليون شجرة في الأحياء السكنية",
        "ارتفاع الطلب على الشقق الفندقية خلال موسم المهرجانات الشتوية",
        "تخريج دفعة جديدة من برنامج القيادات الشابة في القطاع الحكومي",
        "توقيع مذكرة تفاهم لتطوير منظومة النقل الذكي في المدن الجديدة",
        "مركز ثقافي يستضيف أمسية للشعر النبطي بمشاركة عشرة شعراء",
        "إطلاق تطبيق لتتبع مواعيد الحافلات العامة بشكل لحظي",
    ),
    "levant_amp": (
        "بلدية تطلق ورشة لترميم الأدراج الحجرية في الحي القديم",
        "نقابة المعلمين تعلن برنامج تحركات الأسبوع الحالي",
        "معرض للحرف اليدوية يجمع عشرات الحرفيين من القرى الجبلية",
        "جدل حول تسعيرة مولدات الاشتراك في الأحياء الشعبية",
        "طلاب جامعيون يطورون تطبيقا لرصد تلوث مياه الأنهر",
        "مهرجان لموسيقى العود يختتم دورته بحضور جماهيري لافت",
    ),
    "legacy_table": (
        "البلدية تشرع في تهيئة الحديقة العمومية بوسط المدينة",
        "قافلة طبية تجوب المداشر النائية لفائدة المسنين",
        "فريق الحي يتأهل إلى الدور الجهوي لكأس الهواة",
        "تدشين مكتبة بلدية جديدة بعد أشغال دامت سنتين",
    ),
}

# The "most read" box of the newspaper sidebar layout.
MOST_READ: tuple[str, ...] = (
    "خمس نصائح لتخفيض فاتورة الكهرباء في فصل الشتاء",
    "قائمة المدارس الأعلى تقييما في اختبارات القراءة",
    "موعد صرف المكافآت الشهرية للطلاب الجامعيين",
    "أفضل الوجهات البرية لرحلات نهاية الأسبوع مع العائلة",
)

# Labels of the comment forms (all layouts use some of these).
COMMENT_LABELS: tuple[str, ...] = (
    "أضف تعليقك",
    "الاسم الكامل (إجباري)",
    "البريد الإلكتروني (لن يتم نشره)",
    "اكتب تعليقك هنا",
    "أرسل التعليق",
    "التعليقات المنشورة تعبر عن آراء أصحابها",
)

# Reader comments already published under an article (portal layout).
READER_COMMENTS: tuple[str, ...] = (
    "الله يحفظ بلادنا ويرزقنا الخير، مقال في المستوى",
    "كلام جميل لكن المواطن البسيط لا يرى شيئا على أرض الواقع",
    "شكرا للجريدة على المتابعة المستمرة وننتظر المزيد من التفاصيل",
)

# Headings of the boilerplate blocks themselves.
READ_ALSO = "اقرأ أيضا"
RELATED_HEADING = "أخبار ذات صلة"
MOST_READ_HEADING = "الأكثر قراءة"
COMMENTS_HEADING = "تعليقات الزوار"

# The date a portal's top bar shows: the day the page was fetched, not the publication date.
# On pages without machine-readable dates it is a realistic decoy for date extraction.
CRAWL_DAY = "2025-02-03"

COOKIE_BANNER = "يستخدم هذا الموقع ملفات تعريف الارتباط (الكوكيز) لتحسين تجربة التصفح وعرض إعلانات مخصصة"
NEWSLETTER = "اشترك في نشرتنا البريدية ليصلك ملخص أهم الأخبار كل صباح"
SHARE_LABEL = "شارك هذا المقال عبر"
AD_LABEL = "مساحة إعلانية"
RIGHTS = "جميع الحقوق محفوظة"
WEATHER_WIDGET = "حالة الطقس في مدينتك الآن"
APP_PROMO = "حمل تطبيقنا المجاني على هاتفك"


def all_noise() -> tuple[str, ...]:
    """Every boilerplate string the layouts can emit, deduplicated, in a stable order."""
    pools: list[str] = []
    for group in (TICKER, RELATED):
        for items in group.values():
            pools.extend(items)
    pools.extend(MOST_READ)
    pools.extend(COMMENT_LABELS)
    pools.extend(READER_COMMENTS)
    pools.extend((READ_ALSO, RELATED_HEADING, MOST_READ_HEADING, COMMENTS_HEADING))
    pools.extend((COOKIE_BANNER, NEWSLETTER, SHARE_LABEL, AD_LABEL, RIGHTS, WEATHER_WIDGET, APP_PROMO))
    return tuple(dict.fromkeys(pools))
