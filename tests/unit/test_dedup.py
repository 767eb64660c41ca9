"""Unit tests of pipeline/dedup.py and pipeline/stories.py (pure: no sockets, no database)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from pipeline import dedup, stories, urls

PAIRS = Path(__file__).resolve().parent.parent / "data" / "dedup_pairs.jsonl"
PARAMS = dedup.SignatureParams()
THRESHOLD = 0.65  # workers.dedup_step.DEFAULT_DUPLICATE_THRESHOLD (not imported: unit tests stay pure)


def _pairs() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------------------------ URLs


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.hespress.com/politique/123.html", "https://hespress.com/politique/123.html"),
        ("http://hespress.com/politique/123.html", "https://hespress.com/politique/123.html"),
        (
            "https://www.hespress.com/politique/123.html?utm_source=fb&utm_medium=social&fbclid=IwAR",
            "https://hespress.com/politique/123.html",
        ),
        ("https://hespress.com/politique/123.html#comments", "https://hespress.com/politique/123.html"),
        ("https://m.hespress.com/politique/123.html", "https://hespress.com/politique/123.html"),
        ("https://hespress.com/politique/123.html/amp", "https://hespress.com/politique/123.html"),
        ("https://hespress.com/politique/123.html?amp=1", "https://hespress.com/politique/123.html"),
        ("https://hespress.com/amp/politique/123.html", "https://hespress.com/politique/123.html"),
        ("https://amp.hespress.com/politique/123.html", "https://hespress.com/politique/123.html"),
        ("https://www.alyaoum24.com/news/x/", "https://alyaoum24.com/news/x"),
        ("https://www.kooora.com/?n=1456789&utm_campaign=a", "https://kooora.com/?n=1456789"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        (
            "https://www.youm7.com/story/2026/2/12/x/7012345?outputType=amp",
            "https://youm7.com/story/2026/2/12/x/7012345",
        ),
    ],
)
def test_canonical_url_folds_variants(url: str, expected: str) -> None:
    assert dedup.canonical_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.hespress.com/politique/123.html?utm_source=fb",
        "http://m.alyaoum24.com/2026/03/05/x/",
        "https://www.kooora.com/?n=1456789",
        "https://hespress.com/politique/123.html/amp",
    ],
)
def test_canonical_url_agrees_with_the_job_key_where_that_folds(url: str) -> None:
    # jobs/articles.canonical_url come from pipeline.urls; the 'url' duplicate check compares with them.
    assert dedup.canonical_url(url) == urls.canonical_url(url)


def test_canonical_url_folds_more_than_the_job_key() -> None:
    url = "https://www.hespress.com/amp/politique/123.html?print=1"
    assert dedup.canonical_url(url) == "https://hespress.com/politique/123.html"
    assert urls.canonical_url(url) != dedup.canonical_url(url)


def test_canonical_url_keeps_article_parameters_apart() -> None:
    a = dedup.canonical_url("https://www.petra.gov.jo/Include/InnerPage.jsp?ID=301234&lang=ar")
    b = dedup.canonical_url("https://www.petra.gov.jo/Include/InnerPage.jsp?ID=309876&lang=ar")
    assert a != b
    assert "ID=301234" in a


def test_site_of_strips_prefixes_only_when_a_domain_remains() -> None:
    assert dedup.site_of("https://www.m.hespress.com/x") == "hespress.com"
    assert dedup.site_of("https://m.com/x") == "m.com"


HEAD = """<html><head><title>t</title>
<link rel="canonical" href="{canonical}"/>
<meta property="og:url" content="{og}"/>
</head><body><a rel="canonical" href="https://elsewhere.example/body">x</a></body></html>"""


@pytest.mark.parametrize(
    ("fetched", "canonical", "og", "expected"),
    [
        # AMP page declaring its article: folded onto the article.
        (
            "https://hespress.com/politique/123.html/amp",
            "https://www.hespress.com/politique/123.html",
            "https://hespress.com/politique/123.html",
            "https://hespress.com/politique/123.html",
        ),
        # Relative canonical resolved against the fetched URL.
        ("https://m.alyaoum24.com/a/1?utm_source=x", "/a/1", "", "https://alyaoum24.com/a/1"),
        # Syndicated copy pointing at the agency: not followed (kept as its own article).
        (
            "https://barlamane.com/news/77",
            "https://www.mapexpress.ma/ar/actualite/99",
            "https://www.mapexpress.ma/ar/actualite/99",
            "https://barlamane.com/news/77",
        ),
        # Bad canonical, good og:url on the same site.
        (
            "https://kooora.com/?n=5&fbclid=1",
            "javascript:void(0)",
            "https://www.kooora.com/?n=5",
            "https://kooora.com/?n=5",
        ),
    ],
)
def test_page_canonical_url(fetched: str, canonical: str, og: str, expected: str) -> None:
    html = HEAD.format(canonical=canonical, og=og)
    assert dedup.page_canonical_url(fetched, html) == expected


def test_declared_urls_ignores_body_links() -> None:
    html = HEAD.format(canonical="https://a.example/1", og="https://a.example/2")
    assert dedup.declared_urls(html) == ["https://a.example/1", "https://a.example/2"]
    assert dedup.page_canonical_url("https://a.example/1?x=1", None) == "https://a.example/1?x=1"


# ------------------------------------------------------------------------------- hashing


def test_content_hash_ignores_spelling_variants_diacritics_and_spacing() -> None:
    original = "أكد الرئيسُ أنّ الزيارة  ناجحة، وأنها مفيدة."
    variant = "اكد الرئيس ان الزياره ناجحة , وانها مفيدة"
    assert dedup.content_hash(original) == dedup.content_hash(variant)
    assert dedup.content_hash(original) != dedup.content_hash("أكد الرئيس أن الزيارة فاشلة")


def test_normalise_text_folds_digits_and_punctuation() -> None:
    assert dedup.normalise_text("سجل ٢٠٢٦ — «هدفا»!") == dedup.normalise_text("سجل 2026 هدفا")


def test_shingles() -> None:
    assert dedup.shingles(["a", "b", "c", "d"], 3) == {"a b c", "b c d"}
    assert dedup.shingles(["a", "b"], 3) == {"a b"}
    assert dedup.shingles([], 3) == set()


# ---------------------------------------------------------------------------- signatures


def test_signature_round_trip_and_self_similarity() -> None:
    sig = dedup.signature("وقع المغرب وإسبانيا اليوم على أربع عشرة اتفاقية في الرباط")
    assert sig.dtype == np.uint32 and sig.shape == (PARAMS.num_perm,)
    assert np.array_equal(dedup.signature_from_bytes(dedup.signature_bytes(sig)), sig)
    assert dedup.similarity(sig, sig) == 1.0


def test_signature_is_deterministic_across_calls() -> None:
    text = "قررت لجنة السياسة النقدية رفع أسعار الفائدة"
    assert np.array_equal(dedup.signature(text), dedup.signature(text))


def test_band_keys_are_signed_bigints_and_differ_per_band() -> None:
    sig = dedup.signature("نص قصير للتجربة فقط لا غير")
    keys = dedup.band_keys(sig)
    assert len(keys) == PARAMS.bands
    assert len(set(keys)) == PARAMS.bands
    assert all(-(2**63) <= k < 2**63 for k in keys)
    # A constant signature still yields distinct keys per band (band index is hashed in).
    flat = np.zeros(PARAMS.num_perm, dtype=np.uint32)
    assert len(set(dedup.band_keys(flat))) == PARAMS.bands


def test_params_reject_more_band_rows_than_permutations() -> None:
    with pytest.raises(ValueError):
        dedup.SignatureParams(num_perm=64, bands=20, rows=4)


@pytest.mark.parametrize(
    ("jaccard", "low", "high"),
    [(0.95, 0.9999, 1.0), (0.65, 0.999, 1.0), (0.1, 0.0, 0.01)],
)
def test_candidate_probability_of_default_bands(jaccard: float, low: float, high: float) -> None:
    p = dedup.candidate_probability(jaccard, PARAMS.bands, PARAMS.rows)
    assert low <= p <= high


def test_best_match_prefers_highest_then_earliest() -> None:
    a = np.arange(10, dtype=np.uint32)
    b = a.copy()
    b[:2] = 99  # 0.8
    c = a.copy()
    c[:5] = 99  # 0.5
    assert dedup.best_match(a, [(3, c), (2, b), (1, b)], 0.6) == (1, 0.8)
    assert dedup.best_match(a, [(3, c)], 0.6) is None


# ------------------------------------------------------------- the labelled set, pure parts

LABELLED = _pairs()


def test_labelled_set_has_every_kind_and_enough_pairs() -> None:
    kinds = {p["kind"] for p in LABELLED}
    assert {"exact_copy", "agency_rewrite", "same_event", "shared_entities"} <= kinds
    assert len(LABELLED) >= 60


@pytest.mark.parametrize("pair", [p for p in LABELLED if p["kind"] == "exact_copy"], ids=lambda p: p["id"])
def test_exact_copies_hash_equal(pair: dict) -> None:
    assert dedup.content_hash(pair["a"]["text"]) == dedup.content_hash(pair["b"]["text"])


@pytest.mark.parametrize(
    "pair",
    [p for p in LABELLED if p["kind"] == "agency_rewrite" and p["jaccard_k3"] >= 0.75],
    ids=lambda p: p["id"],
)
def test_single_edit_rewrites_estimate_above_threshold(pair: dict) -> None:
    sim = dedup.similarity(dedup.signature(pair["a"]["text"]), dedup.signature(pair["b"]["text"]))
    assert sim >= THRESHOLD
    assert abs(sim - pair["jaccard_k3"]) < 0.12  # 4 standard deviations of a 256-slot estimate


@pytest.mark.parametrize(
    "pair", [p for p in LABELLED if p["kind"] in ("same_event", "shared_entities", "unrelated")], ids=lambda p: p["id"]
)
def test_different_texts_are_never_near_duplicates(pair: dict) -> None:
    sim = dedup.similarity(dedup.signature(pair["a"]["text"]), dedup.signature(pair["b"]["text"]))
    assert sim < 0.2
    assert dedup.content_hash(pair["a"]["text"]) != dedup.content_hash(pair["b"]["text"])


# ---------------------------------------------------------------------------------- stories

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _f(days: float, ents: str, title: str, text: str, dates: str = "") -> stories.StoryFeatures:
    return stories.story_features(
        title=title,
        text=text,
        published_at=T0 + timedelta(days=days),
        entity_ids=ents.split(),
        event_dates=dates.split(),
    )


VISIT = "زيارة سانشيز إلى الرباط ومباحثات مع أخنوش حول الهجرة والاستثمار والربط الكهربائي"


def test_salient_terms_peel_clitics_and_skip_stop_words() -> None:
    terms = stories.salient_terms("زيارة الرباط", "وفي الرباط قال إن الزيارة والزيارة مهمة في الرباط")
    assert terms[:2] == ["رباط", "زياره"]
    assert "في" not in terms and "قال" not in terms


def test_same_event_within_window_is_one_story() -> None:
    a = _f(0, "per:sanchez per:akhannouch gpe:MA gpe:ES", "سانشيز في الرباط", VISIT, "2026-03-05")
    b = _f(
        3,
        "per:sanchez per:akhannouch gpe:MA",
        "أخنوش وسانشيز يوقعان اتفاقيات",
        VISIT + " وتوقيع اتفاقيات",
        "2026-03-05",
    )
    assert stories.same_story(a, b)


def test_same_people_weeks_apart_are_different_stories() -> None:
    a = _f(0, "per:sanchez per:akhannouch gpe:MA gpe:ES", "سانشيز في الرباط", VISIT, "2026-03-05")
    b = _f(49, "per:sanchez per:akhannouch gpe:MA gpe:ES", "سانشيز في الرباط", VISIT, "2026-03-05")
    assert stories.story_score(a, b) == 0.0
    assert not stories.same_story(a, b)


def test_near_duplicate_is_always_same_story_inside_the_window() -> None:
    a = _f(0, "gpe:MA", "x", "نص أول مختلف تماما")
    b = _f(1, "gpe:TN", "y", "كلام آخر لا علاقة له")
    assert not stories.same_story(a, b)
    assert stories.same_story(a, b, text_similarity=0.8, duplicate_threshold=0.65)


def test_disjoint_entities_veto() -> None:
    a = _f(0, "per:a gpe:x", "زيارة", VISIT)
    b = _f(0, "per:b gpe:y", "زيارة", VISIT)
    assert stories.story_score(a, b) == 0.0


def test_disjoint_event_dates_lower_the_score() -> None:
    a = _f(0, "org:team", "المنتخب يفوز", "فاز المنتخب على كرواتيا بهدفين", "2026-06-14")
    b = _f(0, "org:team", "المنتخب يفوز", "فاز المنتخب على كرواتيا بهدفين", "2026-06-19")
    c = _f(0, "org:team", "المنتخب يفوز", "فاز المنتخب على كرواتيا بهدفين", "2026-06-14")
    assert stories.story_score(a, c) - stories.story_score(a, b) == pytest.approx(
        stories.StoryPolicy().date_bonus + stories.StoryPolicy().date_penalty
    )


def test_event_dates_must_be_iso_days() -> None:
    f = _f(0, "", "t", "x", "2026-03-05 2026-W10 P3D")
    assert f.event_dates == frozenset({"2026-03-05"})


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("أسعار الذهب اليوم الثلاثاء 10 مارس 2026 في مصر", "اسعار الذهب اليوم في مصر"),
        ("أسعار الذهب اليوم الأربعاء ١١ مارس ٢٠٢٦ في مصر", "اسعار الذهب اليوم في مصر"),
        ("مواقيت الصلاة يوم الجمعة 5 حزيران", "مواقيت الصلاه يوم"),
        ("طقس الإثنين", ""),  # one word left: too little to call a series
    ],
)
def test_series_key_drops_numbers_and_calendar_words(title: str, key: str) -> None:
    assert stories.series_key(title) == key


def test_two_editions_of_one_outlets_recurring_report_are_not_one_story() -> None:
    text = "سجلت أسعار الذهب في مصر اليوم ارتفاعا ووصل سعر جرام الذهب عيار 21 إلى 4120 جنيها"

    def edition(day: int, site: str) -> stories.StoryFeatures:
        return stories.story_features(
            title=f"أسعار الذهب اليوم {day} مارس 2026 في مصر",
            text=text,
            published_at=T0 + timedelta(days=day),
            entity_ids=["gpe:EG"],
            site=site,
        )

    assert stories.story_score(edition(10, "elwatannews.com"), edition(11, "elwatannews.com")) == 0.0
    # Another outlet's gold report the same day is not a series of the first one.
    assert stories.same_story(edition(10, "elwatannews.com"), edition(10, "youm7.com"))
