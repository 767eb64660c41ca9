"""Tense of the clause around an expression, used to pick the year of "في نونبر" or the week of
"الثلاثاء": future markers (سـ + verb, سوف, من المقرر, ...) win, then past markers (كان, قد, تم
and frequent reporting verbs), else None. A heuristic by design: it looks at a few tokens only.
"""

from __future__ import annotations

from .textnorm import norm_all
from .tokens import Tokens

_FUTURE = norm_all(
    (
        "سوف",
        "المقرر",
        "المنتظر",
        "المرتقب",
        "المتوقع",
        "يرتقب",
        "ينتظر",
        "يتوقع",
        "مرتقب",
        "مقرر",
        "مرتقبة",
        "تعتزم",
        "يعتزم",
        "ستكون",
        "سيكون",
    )
)
# Nouns that start like a future verb (س + ي/ت/ن).
_S_NOUNS = norm_all(
    (
        "سياسة",
        "سياسي",
        "سياسية",
        "سياسات",
        "سيارة",
        "سيارات",
        "سيد",
        "سيدة",
        "سيدات",
        "سيطرة",
        "سيناء",
        "سينما",
        "ستار",
        "ستين",
        "ستة",
        "سنة",
        "سنوات",
        "سنتين",
        "سنويا",
        "سنين",
        "سياحة",
        "سياحي",
        "سياحية",
        "سياق",
        "سيول",
        "سيادة",
        "سيادي",
        "سيرة",
        "سيتي",
        "سنوي",
        "سنوية",
        "ستون",
        "سنغال",
        "سنغافورة",
        "سيبيريا",
        "سيناريو",
        "سيول",
        "ستوكهولم",
        "سنتيم",
        "سنترال",
        "سنوات",
        "سيولة",
        "سياج",
        "سيرورة",
        "ستراتيجية",
        "سنابل",
    )
)
_PAST = norm_all(
    (
        "كان",
        "كانت",
        "كانوا",
        "قد",
        "تم",
        "جرى",
        "جرت",
        "وقع",
        "وقعت",
        "شهد",
        "شهدت",
        "سجل",
        "سجلت",
        "أعلن",
        "أعلنت",
        "قال",
        "قالت",
        "أكد",
        "أكدت",
        "بلغ",
        "بلغت",
        "ارتفع",
        "ارتفعت",
        "تراجع",
        "تراجعت",
        "انخفض",
        "انخفضت",
        "عقد",
        "عقدت",
        "انعقد",
        "انعقدت",
        "نظم",
        "نظمت",
        "زار",
        "زارت",
        "أصدر",
        "أصدرت",
        "صدر",
        "صدرت",
        "اندلع",
        "اندلعت",
        "انطلق",
        "انطلقت",
        "أطلق",
        "أطلقت",
        "توفي",
        "ولد",
        "فاز",
        "فازت",
        "خسر",
        "دخل",
        "دخلت",
        "عاد",
        "عادت",
        "قتل",
        "أصيب",
        "وافق",
        "وافقت",
        "صادق",
        "صادقت",
        "أقر",
        "أقرت",
        "رفع",
        "رفعت",
        "اعتمد",
        "اعتمدت",
        "بدأ",
        "بدأت",
        "أجرى",
        "أجرت",
        "استقبل",
        "ترأس",
        "اتخذ",
        "اتخذت",
        "قرر",
        "قررت",
        "أفاد",
        "أفادت",
        "ذكر",
        "ذكرت",
        "نشر",
        "نشرت",
        "أوضح",
        "أوضحت",
        "وصل",
        "وصلت",
        "حقق",
        "حققت",
        "تأسس",
        "تأسست",
        "أسس",
        "عرف",
        "عرفت",
        "حصل",
        "حصلت",
        "أجريت",
        "نفذ",
        "نفذت",
        "وقعا",
        "مضى",
    )
)
_SUBJ = norm_all(("أن", "لن", "وأن", "بأن"))
_BOUNDARY = {".", "!", "?", "؟", "؛", ":"}


def _is_future_verb(word: str) -> bool:
    w = word[1:] if len(word) > 4 and word[0] in "وف" else word
    return len(w) >= 4 and w[0] == "س" and w[1] in "يتن" and w not in _S_NOUNS


def _is_imperfect(word: str) -> bool:
    """Looks like an imperfect verb: يـ prefix, or تـ without the past -ت / -وا ending
    ("تسجل" yes, "تفجرت" no). Form V/VI pasts like "تراجع" are in _PAST."""
    w = word[1:] if len(word) > 4 and word[0] in "وف" else word
    if len(w) < 4 or w in _PAST or word in _PAST:
        return False
    return w[0] == "ي" or (w[0] == "ت" and not w.endswith(("ت", "وا")))


def clause_tense(t: Tokens, start: int, end: int, back: int = 10, ahead: int = 4) -> str | None:
    """ "future", "past", "present" or None for the expression spanning tokens [start, end).

    "present": the clause opens with an imperfect verb ("وتسجل المملكة الخميس ...") and has no
    other marker; news uses it for scheduled or forecast events.
    """
    window: list[str] = []
    at_clause_start = False
    for k in range(start - 1, start - 1 - back, -1):
        if k < 0 or t.word(k) in _BOUNDARY or "\n" in t.gap(k + 1):
            at_clause_start = True
            break
        window.append(t.word(k))
    before = len(window)
    for k in range(end, min(len(t), end + ahead)):
        if t.word(k) in _BOUNDARY or "\n" in t.gap(k):
            break
        window.append(t.word(k))
    if any(w in _FUTURE or _is_future_verb(w) for w in window):
        return "future"
    # "على أن تعلن", "لن يعقد": a subjunctive after أن / لن looks ahead.
    if any(a in _SUBJ and _is_imperfect(b) for a, b in zip(window[1:before], window[:before], strict=False)):
        return "future"
    for w in window:
        if w in _PAST or (len(w) > 3 and w[0] in "وف" and w[1:] in _PAST):
            return "past"
    if at_clause_start and before and _is_imperfect(window[before - 1]):
        return "present"
    return None
