"""Judge an extracted text against the demo article it came from.

Shared by the unit test and the end-to-end test so both apply the same standard: every
paragraph of the body back, verbatim and in order, and none of the boilerplate.
"""

from __future__ import annotations

from .articles import NOISE_STRINGS
from .model import DemoArticle


def extraction_problems(article: DemoArticle, text: str | None) -> list[str]:
    """Return human-readable problems with ``text`` as the extraction of ``article`` ([] if clean).

    Reports each missing paragraph (by index and opening words), a body that is present only
    piecemeal (paragraphs split, reordered or interleaved with other text), and each leaked
    boilerplate string.
    """
    text = text or ""
    problems = [f"paragraph {i} missing: {p[:40]}…" for i, p in enumerate(article.paragraphs) if p not in text]
    if not problems and article.body not in text:
        problems.append("paragraphs present but not contiguous and in order")
    problems.extend(f"boilerplate leaked: {n}" for n in NOISE_STRINGS if n in text)
    return problems
