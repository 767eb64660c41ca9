"""Story grouping, pure: do two articles report the same event?

Different outlets telling one event share almost no word shingles (Jaccard well under 0.1),
so the near-duplicate signature cannot group them. A story decision combines:

* **publication dates** - articles more than ``window_days`` apart are never one story, so
  two reports sharing people and places weeks apart stay apart (publication dates, not fetch
  times: a backfill ingests months in minutes);
* **shared linked entities** - overlap of the canonical entity ids the linker found;
* **shared vocabulary** - overlap of each article's salient terms (title + text, stop words
  and clitics removed), which separates two events that involve the same people in the same
  week (a visit vs. a court ruling);
* **shared event dates** - the same resolved calendar date mentioned in both;
* **series** - two editions of one outlet's recurring report (same site, same headline once
  numbers and calendar words are removed) are never one story, however alike their text;
* **text similarity** - a near-duplicate (MinHash estimate at the duplicate threshold) is
  always the same story.

:func:`story_features` computes what is stored per article; :func:`story_score` and
:func:`same_story` compare two of them. Weights and the threshold are chosen on
tests/data/dedup_pairs.jsonl (see docs/dedup.md).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pipeline.dedup import normalise_text

# Function words of news Arabic (already in normalise_text form: ي for ى, ه for ة, bare alef).
_STOP = frozenset(
    """
    في من الي علي عن مع ان او ثم قد لقد كان كانت يكون تكون هذا هذه ذلك تلك التي الذي الذين
    اللذين هو هي هم هما نحن انه انها بان لان كما بعد قبل خلال حيث حين عند عندما لدي لكن بل
    غير بين كل بعض اي اذا ما لم لن لا ولا مما منذ حتي ايضا وقال قال قالت واضاف واضافت اضاف
    اضافت اكد اكدت واكد واكدت اشار اشارت واشار واشارت وفق وفقا حسب نحو امس اليوم غدا يوم
    وذلك وهو وهي وقد وكان وكانت فيما فيها فيه منها منه عليه عليها اليه اليها لها له لهم
    بها به بهم التي الي عام سنه العام الماضي المقبل الجاري مساء صباح ظهر الاثنين الثلاثاء
    الاربعاء الخميس الجمعه السبت الاحد وزير رئيس مصدر مصادر وكاله انباء بيان تصريح تصريحات
    the a an of to in on and for with by at from is was are were that this it as be has have
    """.split()  # noqa: SIM905 - a word list reads and edits better as text
)
# Proclitics peeled for matching only (the stored text is untouched): conjunction + article,
# prepositions + article. Longest first so "وبال" wins over "و".
_PREFIXES = ("وبال", "وال", "بال", "لل", "فال", "كال", "ال", "و", "ب", "ل", "ف")
_TOKEN = re.compile(r"\w+")


def _stem(word: str) -> str:
    """Peel one proclitic group when enough of the word remains; a light stem for matching."""
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def salient_terms(title: str, text: str, limit: int = 40, *, text_is_normalised: bool = False) -> list[str]:
    """The ``limit`` most frequent content terms of title + text, most frequent first.

    Title words count three times: headlines name the event. Digits-only tokens and words
    shorter than three letters are skipped; ties break alphabetically so the result is stable.
    ``text_is_normalised``: ``text`` is already :func:`pipeline.dedup.normalise_text` output.
    """
    counts: Counter[str] = Counter()
    body = text if text_is_normalised else normalise_text(text)
    for weight, chunk in ((3, normalise_text(title)), (1, body)):
        for token in _TOKEN.findall(chunk):
            if token in _STOP or token.isdigit() or len(token) < 3:
                continue
            stem = _stem(token)
            if stem in _STOP or len(stem) < 3:
                continue
            counts[stem] += weight
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [term for term, _ in ranked[:limit]]


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """What one article contributes to story decisions (stored beside its signature)."""

    published_at: datetime
    entity_ids: frozenset[str] = field(default_factory=frozenset)
    terms: tuple[str, ...] = ()
    event_dates: frozenset[str] = field(default_factory=frozenset)
    site: str = ""
    series: str = ""


def story_features(
    *,
    title: str,
    text: str,
    published_at: datetime,
    entity_ids: Iterable[str] = (),
    event_dates: Iterable[str] = (),
    term_limit: int = 40,
    text_is_normalised: bool = False,
    site: str = "",
) -> StoryFeatures:
    """Build :class:`StoryFeatures`. ``event_dates`` are ISO dates (``YYYY-MM-DD``) the text
    refers to, e.g. TimeExpression values of type DATE; other values are ignored.
    ``text_is_normalised``: ``text`` is :func:`pipeline.dedup.normalise_text` output already."""
    return StoryFeatures(
        published_at=published_at,
        entity_ids=frozenset(e for e in entity_ids if e),
        terms=tuple(salient_terms(title, text, term_limit, text_is_normalised=text_is_normalised)),
        event_dates=frozenset(d for d in event_dates if _ISO_DAY.fullmatch(d or "")),
        site=site,
        series=series_key(title),
    )


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# Calendar words removed from headlines to find recurring reports ("أسعار الذهب اليوم الثلاثاء 10
# مارس 2026"): weekdays, Gregorian months in Egyptian/Gulf, Levantine and Maghrebi names.
_CALENDAR_WORDS = frozenset(
    """
    الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت الاحد اثنين ثلاثاء اربعاء خميس جمعه سبت احد
    يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر
    كانون شباط اذار نيسان ايار حزيران تموز اب ايلول تشرين الاول الثاني
    جانفي فيفري افريل ماي جوان جويليه اوت
    """.split()  # noqa: SIM905 - a word list reads and edits better as text
)


def series_key(title: str) -> str:
    """The headline without numbers and calendar words: equal for one outlet's recurring report
    (daily prices, prayer times, fixtures), whose editions are a series, not one story. Empty when
    fewer than two words remain (too little to call a series)."""
    kept = [
        w
        for w in normalise_text(title).split()
        if not w.isdigit() and w not in _CALENDAR_WORDS and _stem(w) not in _CALENDAR_WORDS
    ]
    return " ".join(kept) if len(kept) >= 2 else ""


@dataclass(frozen=True, slots=True)
class StoryPolicy:
    """Weights and limits of the story decision (defaults chosen in docs/dedup.md)."""

    window_days: float = 7.0
    threshold: float = 0.4
    entity_weight: float = 0.45
    term_weight: float = 0.55
    date_bonus: float = 0.1
    date_penalty: float = 0.15
    max_story_days: float = 14.0
    min_shared_entities: int = 1
    # Shared places alone do not make one event: two reports from Rabat about Spain in one week
    # can be a state visit and a fisheries round. Below this much shared vocabulary, and with no
    # shared day, a pair is two stories whatever its entities. 0.18 sits between the highest
    # different-event pair seen (0.15, a fisheries round vs a state visit) and the lowest
    # same-event pair of tests/data/dedup_pairs.jsonl (recall drops from 0.22 on).
    min_term_overlap: float = 0.18


@dataclass(frozen=True, slots=True)
class StoryComparison:
    """The evidence for one pair, kept so a decision can be explained."""

    days_apart: float
    shared_entities: int
    entity_overlap: float
    term_overlap: float
    shared_dates: int
    score: float


def _overlap(a: Sequence[str] | frozenset[str], b: Sequence[str] | frozenset[str]) -> float:
    """Overlap coefficient |A∩B| / min(|A|,|B|): a short report inside a long one still scores."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def compare(a: StoryFeatures, b: StoryFeatures, policy: StoryPolicy = StoryPolicy()) -> StoryComparison:
    """Evidence and weighted score for two articles (score ignores the date window)."""
    days = abs((a.published_at - b.published_at).total_seconds()) / 86400.0
    shared = len(a.entity_ids & b.entity_ids)
    ent = _overlap(a.entity_ids, b.entity_ids)
    terms = _overlap(a.terms, b.terms)
    dates = len(a.event_dates & b.event_dates)
    score = policy.entity_weight * ent + policy.term_weight * terms
    if dates:
        score += policy.date_bonus
    elif a.event_dates and b.event_dates:
        # Both name their days and none is shared: most often two dated events (two matches,
        # two daily bulletins), rarely one story told on different days.
        score -= policy.date_penalty
    return StoryComparison(days, shared, ent, terms, dates, score)


def same_story(
    a: StoryFeatures,
    b: StoryFeatures,
    *,
    text_similarity: float = 0.0,
    duplicate_threshold: float = 1.0,
    policy: StoryPolicy = StoryPolicy(),
) -> bool:
    """Whether two articles report the same event.

    Near-duplicates (``text_similarity >= duplicate_threshold``) always are. Otherwise the
    publication dates must lie within ``policy.window_days``, the articles must share at least
    ``policy.min_shared_entities`` linked entities (or, when neither has any, rely on terms
    alone), and the weighted score must reach ``policy.threshold``.
    """
    if text_similarity >= duplicate_threshold:
        return True
    return story_score(a, b, policy=policy) >= policy.threshold


def story_score(a: StoryFeatures, b: StoryFeatures, *, policy: StoryPolicy = StoryPolicy()) -> float:
    """The score :func:`same_story` thresholds, or 0.0 when a hard limit rules the pair out."""
    cmp = compare(a, b, policy)
    if cmp.days_apart > policy.window_days:
        return 0.0
    if a.site and a.site == b.site and a.series and a.series == b.series:
        return 0.0  # two editions of one outlet's recurring report
    if a.entity_ids and b.entity_ids and cmp.shared_entities < policy.min_shared_entities:
        return 0.0
    if cmp.term_overlap < policy.min_term_overlap and not cmp.shared_dates:
        return 0.0
    if not a.entity_ids or not b.entity_ids:
        # Without entities on one side, vocabulary alone must carry the decision.
        return cmp.term_overlap * (policy.entity_weight + policy.term_weight)
    return cmp.score
