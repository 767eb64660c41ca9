"""Shared places without shared vocabulary do not make one story (the fisheries-round case)."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.stories import StoryFeatures, same_story

PLACES = frozenset({"gpe:MA", "gpe:ES", "city:ma:rabat", "org:eu"})


def _features(day: int, terms: tuple[str, ...], dates: frozenset[str] = frozenset()) -> StoryFeatures:
    return StoryFeatures(datetime(2026, 3, day, tzinfo=UTC), PLACES, terms, dates)


def test_same_places_different_vocabulary_are_two_stories() -> None:
    visit = _features(2, ("زياره", "سانشيز", "رسميه", "مباحثات", "الهجره", "الاستثمار", "اخنوش"))
    fisheries = _features(4, ("تراخيص", "الصيد", "السفن", "المفاوضات", "الاطلسيه", "اخنوش"))
    assert not same_story(visit, fisheries)


def test_same_places_and_vocabulary_are_one_story() -> None:
    terms = ("زياره", "سانشيز", "رسميه", "مباحثات", "الهجره", "الاستثمار")
    assert same_story(_features(2, terms), _features(3, (*terms[:5], "الرباط")))


def test_a_shared_day_keeps_a_low_vocabulary_pair_together() -> None:
    day = frozenset({"2026-03-05"})
    a = _features(2, ("زياره", "سانشيز", "رسميه", "مباحثات", "الهجره", "الاستثمار", "اخنوش"), day)
    b = _features(5, ("سانشيز", "اخنوش", "قمه", "اتفاقيات", "توقيع", "الطاقه", "الموانئ"), day)
    assert same_story(a, b)
