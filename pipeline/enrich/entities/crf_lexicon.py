"""Trigger-word lexicons for the CRF tagger's features, written from general knowledge.

None of these words come from ANERcorp's test files; they are the titles, head nouns and
cue words any Arabic news reader knows. They are matched on the *normalised stem* of a
token (see ``crf_features.normalise`` and ``crf_features.stem``: proclitics and the article
removed, alef/ya/taa marbuta folded), so each word is listed once, bare.
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Titles, roles and honorifics that precede a person's name.
PERSON_TITLES = _words(
    """
    رئيس رئيسه رئيسة الرئيس ملك ملكه امير اميره سلطان شيخ شيخه امام سيد سيده انسه
    وزير وزيره نائب نائبه سفير سفيره قنصل مبعوث مندوب ممثل متحدث ناطق مستشار مستشاره
    مدير مديره امين عام قائد جنرال لواء عميد عقيد رائد نقيب مشير فريق ضابط
    دكتور د استاذ استاذه بروفيسور مهندس محامي قاضي نقيب مفتي بطريرك بابا كاردينال حاخام
    اية الله حجه ولي عهد خليفه زعيم رئيسا المرشح مرشح نجم لاعب مدرب مهاجم حارس
    كاتب كاتبه روائي شاعر شاعره صحفي صحفيه مراسل مخرج ممثله مغني مغنيه فنان فنانه
    خبير ناشط ناشطه معارض محلل باحث عالم الاب الام السيناتور سيناتور النائب عضو
    المستشار المستشاره الملكه
    """
)

# Particles inside personal names (kunya, nasab, theophoric names).
NAME_PARTICLES = _words("بن ابن ابو ابي ام بنت عبد عبدال ال ولد")

# Common given names, as a weak cue for unknown people.
GIVEN_NAMES = _words(
    """
    محمد احمد علي حسن حسين محمود مصطفي عمر عثمان خالد سعيد سعد ابراهيم اسماعيل يوسف
    عيسي موسي داود سليمان يحيي زكريا صالح عادل كمال جمال نبيل هشام وليد طارق زياد فؤاد
    فيصل فهد سلطان عبدالله عبدالعزيز عبدالرحمن عبدالمجيد ناصر منصور ماجد راشد حمد
    سلمان نايف بشار حافظ رفيق سعد نجيب انور جورج ميشال ميشيل بيار بيير جون جيمس
    ديفيد دافيد مايكل بيتر بول ريتشارد روبرت توني فلاديمير دونالد جو باراك هيلاري
    فاطمه عائشه خديجه مريم زينب ليلي سميره نوال هدي سعاد نادية ناديه رانيا امل منى
    """
)

# Head nouns that open an organisation name.
ORG_HEADS = _words(
    """
    وزاره حزب حركه جبهه شركه مؤسسه منظمه وكاله قناه صحيفه جريده مجله موقع مجلس هيئه
    جمعيه اتحاد نقابه جامعه كليه معهد مركز بنك مصرف صندوق محكمه برلمان مجلس لجنه
    حكومه اداره جيش قوات القوات كتائب سرايا لواء فيلق تنظيم جماعه تحالف ائتلاف
    رابطه منتدي اكاديميه مستشفي نادي فريق منتخب مجموعه هيئه سلطه ديوان امانه بلديه
    الامم الاتحاد الجامعه مفوضيه محطه اذاعه تلفزيون وكاله شبكه مكتب دائره مديريه
    """
)

# Words that introduce or accompany a place name.
LOCATION_CUES = _words(
    """
    مدينه عاصمه دوله بلد جمهوريه مملكه اماره امارات سلطنه ولايه ولايات اقليم منطقه
    محافظه جهه قريه بلده مخيم حي شارع ميدان ساحه جزيره جزر شبه نهر بحر بحيره خليج
    جبل جبال صحراء واد وادي قضاء ناحيه مقاطعه شمال جنوب شرق غرب وسط ضواحي حدود
    مطار ميناء معبر ضفه قطاع اراضي سواحل ساحل
    """
)

# Verbs of saying and reporting: the subject after them is often a person or an org.
REPORT_VERBS = _words(
    """
    قال قالت اعلن اعلنت اكد اكدت اضاف اضافت صرح صرحت اوضح اوضحت ذكر ذكرت افاد افادت
    نفي نفت دعا دعت طالب طالبت اشار اشارت كشف كشفت رحب رحبت ندد نددت استقبل التقي
    """
)

# Prepositions that typically precede places ("في بغداد", "الي باريس").
LOCATIVE_PREPS = _words("في الي من عبر نحو داخل خارج قرب شمال جنوب شرق غرب انحاء")

# Words that signal an event or work title (MISC in ANERcorp): tournaments, wars, prizes.
MISC_CUES = _words(
    """
    بطوله كاس دوري جائزه حرب مهرجان معرض مؤتمر قمه اتفاقيه اتفاق معاهده الالعاب
    اولمبياد مونديال فيلم كتاب روايه مسلسل برنامج عمليه ثوره انتفاضه
    """
)

LEXICONS: dict[str, frozenset[str]] = {
    "title": PERSON_TITLES,
    "particle": NAME_PARTICLES,
    "given": GIVEN_NAMES,
    "orghead": ORG_HEADS,
    "loccue": LOCATION_CUES,
    "say": REPORT_VERBS,
    "locprep": LOCATIVE_PREPS,
    "misccue": MISC_CUES,
}
