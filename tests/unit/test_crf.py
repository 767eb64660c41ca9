"""Unit tests for the CRF NER tagger, its tokeniser, features and clitic trimming.

Uses only the shipped model file and sentences written here (no /work/shared corpus).
Model-dependent expectations are for unambiguous, frequent news names that any reasonable
ANERcorp model tags; the tokeniser and clitic tests are exact.
"""

from __future__ import annotations

import time

import pytest

from pipeline.enrich.entities.crf import CrfTagger, _bio_entities, _chunks
from pipeline.enrich.entities.crf_clitics import proclitic_length
from pipeline.enrich.entities.crf_features import (
    document_stats,
    normalise,
    sentence_features,
    split_proclitics,
)
from pipeline.enrich.entities.crf_tokenize import tokenize, tokenize_spans


@pytest.fixture(scope="module")
def tagger() -> CrfTagger:
    return CrfTagger.load_default()


# --- tokeniser -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("قال الرئيس، أمس:", ["قال", "الرئيس", "،", "أمس", ":"]),
        ("(د ب أ)", ["(", "د", "ب", "أ", ")"]),
        ('«حماس» و"فتح"', ["«", "حماس", "»", "و", '"', "فتح", '"']),
        ("بلغ النمو 2.5% و٣٫٥", ["بلغ", "النمو", "2.5", "%", "و٣", "٫", "٥"]),
        ("نحو 1,200 جندي؟", ["نحو", "1,200", "جندي", "؟"]),
        ("مُحَمَّد والـمغرب", ["مُحَمَّد", "والـمغرب"]),
        ("انتهى... -- ثم", ["انتهى", "...", "--", "ثم"]),
        ("Benny Gantz قال", ["Benny", "Gantz", "قال"]),
        ("", []),
    ],
)
def test_tokenize_like_anercorp(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_tokenize_offsets_index_original_text() -> None:
    text = "  وقال  لإسرائيل،\nبيروت "
    spans = tokenize_spans(text)
    assert spans == [(2, 6), (8, 16), (16, 17), (18, 23)]
    assert [text[s:e] for s, e in spans] == ["وقال", "لإسرائيل", "،", "بيروت"]


# --- features --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "norm"),
    [("إسرائيل", "اسراييل"), ("مصطفى", "مصطفي"), ("الجزيرة", "الجزيره"), ("مُحَمَّد", "محمد"), ("٢٠٢٤", "2024")],
)
def test_normalise(raw: str, norm: str) -> None:
    assert normalise(raw) == norm


@pytest.mark.parametrize(
    ("norm", "split"),
    [
        ("والمغرب", ("وال", "مغرب")),
        ("للامم", ("لل", "امم")),
        ("لاسرائيل", ("ل", "اسرائيل")),
        ("وبغزه", ("وب", "غزه")),
        ("مصر", ("", "مصر")),
        ("بل", ("", "بل")),  # too short to leave a stem
    ],
)
def test_split_proclitics(norm: str, split: tuple[str, str]) -> None:
    assert split_proclitics(norm) == split


def test_sentence_features_window_lexicon_and_doc() -> None:
    toks = ["قال", "الرئيس", "تبون", "إن", "تبون", "."]
    feats = sentence_features(toks, document_stats([toks]))
    assert len(feats) == len(toks)
    f2 = set(feats[2])
    assert {"w=تبون", "stem=تبون", "-1:lex=title", "-2:n=قال", "1:n=ان", "pos=2"} <= f2
    # The second "تبون" has no title before it but learns of the first one's.
    f4 = set(feats[4])
    assert "doc_n=2" in f4
    assert "doc_L:title" in f4
    assert "lex=title" in set(feats[1])
    assert "BOS" in feats[0] and "EOS" in feats[-1]


# --- clitic trimming -------------------------------------------------------------------

COUNTS = {"اسراييل": 300, "لبنان": 160, "المغرب": 90, "ليبيا": 40, "بغداد": 38, "غزه": 30, "الامم": 80}


@pytest.mark.parametrize(
    ("token", "length", "elided"),
    [
        ("لإسرائيل", 1, False),  # ل + known word
        ("لبنان", 0, False),  # the ل is part of the name: "بنان" is unknown
        ("ولبنان", 1, False),
        ("بغداد", 0, False),
        ("وبغداد", 1, False),
        ("وبغزة", 2, False),
        ("بالمغرب", 1, False),
        ("والمغرب", 1, False),
        ("للمغرب", 2, True),  # ل + (ا)ل + مغرب: span starts after "لل"
        ("وللأمم", 3, True),
        ("لليبيا", 1, False),  # ل + ليبيا, not لل + يبيا
        ("بالرباط", 1, False),  # unknown, but the remainder starts with the article
        ("وغانتس", 1, False),  # unknown: a lone و before ≥3 letters is stripped
        ("بايدن", 0, False),  # unknown: ب may begin a foreign name
        ("لافروف", 0, False),
        ("وَإسرائيل", 2, False),  # a vowel mark on the clitic goes with it
    ],
)
def test_proclitic_length(token: str, length: int, elided: bool) -> None:
    trim = proclitic_length(token, COUNTS)
    assert (trim.length, trim.elided_article) == (length, elided)


# --- BIO decoding and chunking ---------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "entities"),
    [
        (["B-PERS", "I-PERS", "O", "B-LOC"], [(0, 1, "PERS"), (3, 3, "LOC")]),
        (["I-ORG", "I-ORG", "B-ORG"], [(0, 1, "ORG"), (2, 2, "ORG")]),
        (["B-PERS", "I-LOC"], [(0, 0, "PERS"), (1, 1, "LOC")]),
        (["O", "O"], []),
    ],
)
def test_bio_entities(labels: list[str], entities: list[tuple[int, int, str]]) -> None:
    assert _bio_entities(labels) == entities


def test_chunks_cut_at_sentence_punctuation() -> None:
    text = "قال هذا. وقال ذلك؟ ثم"
    chunks = _chunks(text, tokenize_spans(text))
    assert [[text[s:e] for s, e in c] for c in chunks] == [["قال", "هذا", "."], ["وقال", "ذلك", "؟"], ["ثم"]]


# --- the shipped model -----------------------------------------------------------------


def test_load_default_is_cached_and_fast() -> None:
    t0 = time.perf_counter()
    a = CrfTagger.load_default()
    assert time.perf_counter() - t0 < 1.0
    assert CrfTagger.load_default() is a


def test_tag_tokens_labels(tagger: CrfTagger) -> None:
    toks = ["وقال", "الرئيس", "الأمريكي", "جورج", "بوش", "في", "واشنطن", "إن", "الأمم", "المتحدة", "."]
    labels = tagger.tag_tokens(toks)
    assert len(labels) == len(toks)
    assert labels[3:5] == ["B-PERS", "I-PERS"]
    assert labels[6] == "B-LOC"
    assert labels[8:10] == ["B-ORG", "I-ORG"]
    assert labels[0] == labels[4 + 1] == labels[-1] == "O"
    assert set(labels) <= {"O"} | {f"{p}-{t}" for p in "BI" for t in ("PERS", "ORG", "LOC", "MISC")}
    assert tagger.tag_tokens([]) == []


def _surfaces(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    return [(text[s:e], t) for s, e, t in spans]


def test_tag_spans_types_and_offsets(tagger: CrfTagger) -> None:
    text = "وقال الرئيس الأمريكي جورج بوش في واشنطن إن الأمم المتحدة ستجتمع في نيويورك."
    found = _surfaces(text, tagger.tag(text))
    assert ("جورج بوش", "PER") in found
    assert ("واشنطن", "LOC") in found
    assert ("الأمم المتحدة", "ORG") in found
    assert ("نيويورك", "LOC") in found
    for s, e, _ in tagger.tag(text):
        assert 0 <= s < e <= len(text)


def test_tag_leaves_proclitics_out(tagger: CrfTagger) -> None:
    text = "وصل الوفد إلى بيروت ثم توجه لإسرائيل وللعراق وبغداد."
    found = _surfaces(text, tagger.tag(text))
    assert ("إسرائيل", "LOC") in found
    assert ("بغداد", "LOC") in found
    assert ("بيروت", "LOC") in found
    # لل + عراق: the elided article cannot be in the span; the span starts after "لل".
    assert ("عراق", "LOC") in found


def test_tag_keeps_offsets_with_marks_and_newlines(tagger: CrfTagger) -> None:
    text = "مقدمة\n\nوَصَلَ   الرئيس  الفرنسي جاك شيراك إلى   لبنان."
    spans = tagger.tag(text)
    surfaces = _surfaces(text, spans)
    assert ("لبنان", "LOC") in surfaces
    assert ("جاك شيراك", "PER") in surfaces


def test_tag_empty_and_punctuation_only(tagger: CrfTagger) -> None:
    assert tagger.tag("") == []
    assert tagger.tag(" ... ، ") == []


def test_tagging_speed(tagger: CrfTagger) -> None:
    # A loose floor (the test machine is shared and often loaded): only a pathological
    # slowdown fails. Measured speed is in docs/ner-model.md and bench/results.
    text = "وقال الرئيس الأمريكي جورج بوش في واشنطن إن الأمم المتحدة ستجتمع في نيويورك. " * 200
    t0 = time.perf_counter()
    tagger.tag(text)
    n_tokens = len(tokenize(text))
    assert n_tokens / (time.perf_counter() - t0) > 300
