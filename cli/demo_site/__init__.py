"""The bundled demo news site: Arabic articles wrapped in real-site boilerplate, on loopback.

Used by ``akhbar demo`` and the end-to-end integration test. ``ARTICLES`` holds the data,
``render_page`` the HTML, ``DemoSite`` serves it, ``NOISE_STRINGS`` lists the boilerplate that
extraction must leave out.
"""

from .articles import ARTICLES, NOISE_STRINGS, article_by_slug
from .checks import extraction_problems
from .layouts import render_page
from .model import DemoArticle
from .server import DemoSite, content_type

__all__ = [
    "ARTICLES",
    "NOISE_STRINGS",
    "DemoArticle",
    "DemoSite",
    "article_by_slug",
    "content_type",
    "extraction_problems",
    "render_page",
]
