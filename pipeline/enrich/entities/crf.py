"""Statistical Arabic NER: a linear-chain CRF (python-crfsuite) trained on ANERcorp.

The model file ships in ``models/`` (trained by bench/train_ner.py on CLEANANERCorp's train
split; attribution in models/README.md) and runs offline. Two entry points:

- :meth:`CrfTagger.tag_tokens`: ANERcorp BIO labels for ANERcorp-style tokens
  (B-/I- PERS, ORG, LOC, MISC, and O).
- :meth:`CrfTagger.tag`: character spans ``(start, end, type)`` in raw text, with types
  PER (from PERS), ORG, LOC, MISC, proclitics left out of the span (see ``crf_clitics``).

Expects raw text (no normalisation needed; features normalise internally) and returns
offsets into exactly the string it was given.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from pipeline.enrich.entities.crf_clitics import proclitic_length
from pipeline.enrich.entities.crf_features import DocStats, document_stats, normalise, sentence_features
from pipeline.enrich.entities.crf_tokenize import tokenize_spans

MODEL_DIR = Path(__file__).resolve().parent / "models"
DEFAULT_MODEL = MODEL_DIR / "anercorp_crf.crfsuite"
DEFAULT_VOCAB = MODEL_DIR / "anercorp_vocab.tsv"

# ANERcorp's type names → Akhbar's (DESIGN.md "Entities").
TYPE_MAP = {"PERS": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}

# ANERcorp sentences average ~30 tokens; the CRF was trained on sentence-sized sequences,
# so long texts are cut at sentence punctuation, and hard-cut beyond this many tokens.
_MAX_SEQ = 120
_SENT_END = frozenset({".", "!", "?", "؟", "…", "...", "؛"})


def _load_vocab(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            word, _, n = line.partition("\t")
            if n:
                counts[word] = int(n)
    return counts


class CrfTagger:
    """A loaded CRF model plus the word counts its clitic trimmer uses.

    Thread-safe: a crfsuite tagger holds per-call state, so the crfsuite call (not the
    feature extraction around it) is serialised by a lock.
    """

    def __init__(self, model_path: Path, vocab_path: Path | None = None) -> None:
        """Open the crfsuite model at ``model_path``; ``vocab_path`` holds word counts
        (``word<TAB>count`` lines, folded forms) for the clitic trimmer.
        """
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self._counts = _load_vocab(vocab_path) if vocab_path else {}
        self._lock = threading.Lock()

    @classmethod
    def load_default(cls) -> CrfTagger:
        """The shipped ANERcorp model, loaded once per process."""
        return _default_tagger()

    def tag_tokens(self, tokens: list[str], doc: DocStats | None = None) -> list[str]:
        """BIO labels in ANERcorp's tag set (B-PERS, I-ORG, O, ...), one per token.

        ``tokens`` are ANERcorp-style tokens of one sentence (raw text). ``doc`` optionally
        carries :func:`document_stats` of the sentence's whole document, so repeated names
        are tagged consistently; by default the sentence is its own document.
        """
        if not tokens:
            return []
        feats = sentence_features(tokens, doc if doc is not None else document_stats([tokens]))
        with self._lock:
            return list(self._tagger.tag(feats))

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO labels for the token lists of one document, tagged with document context."""
        doc = document_stats(sentences)
        return [self.tag_tokens(toks, doc) for toks in sentences]

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        """Entity spans ``(start, end, type)`` in ``text`` (raw; offsets index it).

        Types are PER, ORG, LOC, MISC, with ANERcorp's conventions: countries and cities are
        LOC; nisba adjectives (الجزائري، الإسرائيلية), events and languages are MISC.
        A span starts after any proclitics of its first token ("لإسرائيل" → "إسرائيل";
        "للمغرب" → "مغرب", see ``crf_clitics``) and ends at the end of its last token.
        Spans never cross sentence punctuation. The whole text is one document: a name's
        other occurrences inform its features.
        """
        chunks = _chunks(text, tokenize_spans(text))
        sentences = [[text[s:e] for s, e in chunk] for chunk in chunks]
        out: list[tuple[int, int, str]] = []
        for chunk, labels in zip(chunks, self.tag_sentences(sentences), strict=True):
            for first, last, etype in _bio_entities(labels):
                start, end = chunk[first][0], chunk[last][1]
                trim = proclitic_length(text[start : chunk[first][1]], self._counts)
                out.append((start + trim.length, end, TYPE_MAP.get(etype, etype)))
        return out

    def known_count(self, word: str) -> int:
        """How often ``word`` (raw; folded here) occurs in the training split."""
        return self._counts.get(normalise(word), 0)


def _chunks(text: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Split token spans into sentence-sized sequences."""
    chunks: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    for s, e in spans:
        cur.append((s, e))
        if text[s:e] in _SENT_END or len(cur) >= _MAX_SEQ:
            chunks.append(cur)
            cur = []
    if cur:
        chunks.append(cur)
    return chunks


def _bio_entities(labels: list[str]) -> list[tuple[int, int, str]]:
    """(first, last, type) token ranges from BIO labels; a stray I- starts an entity
    (CoNLL convention, as seqeval's default mode reads it).
    """
    out: list[tuple[int, int, str]] = []
    start, etype = -1, ""
    for i, lab in enumerate([*labels, "O"]):
        prefix, _, typ = lab.partition("-")
        continues = prefix == "I" and typ == etype and start >= 0
        if start >= 0 and not continues:
            out.append((start, i - 1, etype))
            start, etype = -1, ""
        if prefix == "B" or (prefix == "I" and not continues):
            start, etype = i, typ
    return out


@lru_cache(maxsize=1)
def _default_tagger() -> CrfTagger:
    return CrfTagger(DEFAULT_MODEL, DEFAULT_VOCAB)
