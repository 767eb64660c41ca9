"""The shipped knowledge base: sizes, ids, aliases, variants, nisba attributes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from pipeline.enrich.entities import default_kb, load_default_records
from pipeline.enrich.entities.variants import expand_aliases, g_variants, strip_place_head, strip_titles


def test_default_records_are_thousands_with_unique_ids() -> None:
    records = load_default_records()
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids))
    by_kind = Counter(str(r.attributes.get("kind")) for r in records)
    assert len(records) > 2500
    assert by_kind["country"] > 240
    assert by_kind["city"] > 2000
    types = Counter(r.type for r in records)
    assert types["PER"] > 150 and types["ORG"] > 150


@pytest.mark.parametrize(
    ("rid", "name_en", "alias"),
    [
        ("gpe:MA", "Morocco", "المغرب"),
        ("gpe:EH", "Western Sahara", "الصحراء الغربية"),
        ("city:ma:casablanca", "Casablanca", "الدار البيضاء"),
        ("city:jo:amman", "Amman", "عمان"),
        ("per:benny-gantz", "Benny Gantz", "جانتس"),
        ("org:idf", "Israel Defense Forces", "جيش الاحتلال"),
    ],
)
def test_record_has_alias(rid: str, name_en: str, alias: str) -> None:
    rec = default_kb().records[rid]
    assert rec.name_en == name_en
    assert alias in rec.aliases


def test_nisba_forms_are_attributes_not_aliases() -> None:
    rec = default_kb().records["gpe:MA"]
    assert {"المغربي", "المغربية", "المغاربة"} & set(rec.attributes["nisba"]) >= {"المغربي", "المغربية"}
    assert "المغربي" not in rec.aliases


def test_wikidata_ids_are_only_where_known() -> None:
    kb = default_kb()
    assert kb.records["gpe:MA"].wikidata == "Q1028"
    assert kb.records["per:benny-gantz"].wikidata is None


@pytest.mark.parametrize(
    ("alias", "expected"),
    [("غانتس", {"غانتس", "جانتس", "قانتس"}), ("بوتين", {"بوتين"})],
)
def test_g_variants(alias: str, expected: set[str]) -> None:
    assert set(g_variants(alias)) == expected


def test_expand_aliases_abd_spacing_and_bin() -> None:
    out = expand_aliases(["عبد الله بن زايد"])
    assert {"عبد الله بن زايد", "عبدالله بن زايد", "عبد الله ابن زايد"} <= set(out)


@pytest.mark.parametrize(
    ("fn", "alias", "expected"),
    [
        (strip_place_head, "مدينة طنجة", "طنجة"),
        (strip_place_head, "الجزائر العاصمة", "الجزائر"),
        (strip_titles, "الملك محمد السادس", "محمد السادس"),
        (strip_titles, "الملك سلمان", ""),  # a lone first name would match every Salman
    ],
)
def test_alias_cleaning(fn: Callable[[str], str], alias: str, expected: str) -> None:
    assert fn(alias) == expected


def test_lookup_restores_lam_contraction() -> None:
    assert default_kb().lookup("لمغرب")[0] == "gpe:MA"
