"""The optional CRF recogniser: its spans fill gaps only, and linking refines their types."""

from __future__ import annotations

import pytest

from pipeline.enrich.entities import default_kb, extract_entities
from pipeline.enrich.entities import extractor as extractor_module


class FakeTagger:
    """Stands in for crf.CrfTagger: returns fixed (start, end, type) spans."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = spans

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        return self.spans


def _with_tagger(monkeypatch: pytest.MonkeyPatch, spans: list[tuple[int, int, str]]) -> None:
    monkeypatch.setattr(extractor_module, "_crf_tagger", lambda: FakeTagger(spans))


def test_crf_fills_gaps_and_gazetteer_wins_on_overlap(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "وقالت سميرة بنعلي إن بيني غانتس زار الرباط"
    name = (text.index("سميرة"), text.index("سميرة") + len("سميرة بنعلي"), "PER")
    wider = (text.index("بيني"), text.index("زار") + 3, "PER")  # overlaps the KB hit
    _with_tagger(monkeypatch, [name, wider])
    got = {(m.text, m.method, m.entity_id) for m in extract_entities(text, default_kb(), use_crf=True)}
    assert ("سميرة بنعلي", "crf", None) in got
    assert ("بيني غانتس", "gazetteer", "per:benny-gantz") in got
    assert not any(t.startswith("بيني غانتس زار") for t, _, _ in got)


def test_crf_loc_linked_in_kb_becomes_gpe(monkeypatch: pytest.MonkeyPatch) -> None:
    # العيون is also "the eyes": without context the gazetteer leaves it, the CRF span is linked.
    text = "زار الوفد العيون أمس"
    assert extract_entities(text, default_kb()) == []
    start = text.index("العيون")
    _with_tagger(monkeypatch, [(start, start + len("العيون"), "LOC")])
    mentions = extract_entities(text, default_kb(), use_crf=True)
    assert [(m.text, m.type, m.entity_id, m.method) for m in mentions] == [("العيون", "GPE", "city:eh:laayoune", "crf")]


def test_crf_is_not_called_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> None:
        raise AssertionError("CRF used although use_crf=False")

    monkeypatch.setattr(extractor_module, "_crf_tagger", boom)
    assert extract_entities("زار المغرب", default_kb())[0].entity_id == "gpe:MA"
