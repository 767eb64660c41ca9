"""The bundled demo articles (``ARTICLES``) and the boilerplate strings (``NOISE_STRINGS``).

The article data lives in one module per region family; this module gathers it in a stable
order and exposes the noise every page may carry, which extraction must drop.
"""

from __future__ import annotations

from .data_gulf import ARTICLES_GULF
from .data_maghreb import ARTICLES_MAGHREB
from .data_mashreq import ARTICLES_MASHREQ
from .model import DemoArticle
from .noise import all_noise

ARTICLES: tuple[DemoArticle, ...] = (*ARTICLES_MAGHREB, *ARTICLES_MASHREQ, *ARTICLES_GULF)

# Boilerplate snippets (ticker, related/most-read headlines, comment form labels and reader
# comments, cookie banner, newsletter, footer) that must never appear in extracted text.
NOISE_STRINGS: tuple[str, ...] = all_noise()


def article_by_slug(slug: str) -> DemoArticle:
    """Return the demo article with this slug (KeyError if there is none)."""
    for article in ARTICLES:
        if article.slug == slug:
            return article
    raise KeyError(slug)
