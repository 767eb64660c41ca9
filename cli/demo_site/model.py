"""The record type of one bundled demo article (data lives in the ``data_*`` modules)."""

from __future__ import annotations

from dataclasses import dataclass

# Layout names understood by ``layouts.render_page``.
LAYOUTS = ("maghreb_portal", "gulf_daily", "levant_amp", "legacy_table")

# Ways a page can state its publication date; a page carries any non-empty subset.
#   meta     <meta property="article:published_time"> (+ og tags)
#   jsonld   a schema.org NewsArticle block with datePublished
#   time     a visible <time datetime="..."> element
#   dateline a visible Arabic dateline in the outlet's regional month names, nothing machine-readable
DATE_MARKUPS = ("meta", "jsonld", "time", "dateline")


@dataclass(frozen=True)
class DemoArticle:
    """One fictional but plausible Arabic news article and how its page is dressed.

    ``paragraphs`` are plain text (no markup, single spaces); ``body`` is what an extractor
    must recover from the rendered page, verbatim.
    """

    slug: str
    outlet: str
    title: str
    author: str | None
    published: str  # ISO date, e.g. "2024-11-21"
    section: str
    paragraphs: tuple[str, ...]
    layout: str
    encoding: str = "utf-8"  # "utf-8" | "windows-1256"
    declare_charset: bool = True  # False: no charset in the HTTP header nor in the page
    site: str = ""  # domain-like label of the outlet, e.g. "sada-atlas.ma"; also the URL path prefix
    region: str = ""  # Morocco, Algeria, Tunisia, Egypt, Lebanon, Jordan, ..., pan-Arab
    time: str = "09:00"  # local publication time, HH:MM
    utc_offset: str = "+01:00"  # the outlet's UTC offset on that date
    language: str = "ar"
    date_markup: tuple[str, ...] = ("meta", "jsonld", "time")

    @property
    def body(self) -> str:
        """The article text as extraction must return it: paragraphs joined by newlines."""
        return "\n".join(self.paragraphs)

    @property
    def published_iso(self) -> str:
        """The publication timestamp with offset, e.g. ``2024-11-21T10:30:00+01:00``."""
        return f"{self.published}T{self.time}:00{self.utc_offset}"

    @property
    def machine_readable_date(self) -> bool:
        """True when the page states its date in meta tags, JSON-LD or a <time> element.

        False for the dateline-only pages, where the date is only in Arabic words (and a
        portal's top bar or the footer's copyright year can mislead a generic date finder).
        """
        return bool({"meta", "jsonld", "time"} & set(self.date_markup))

    @property
    def path(self) -> str:
        """The URL path the demo server serves this page under."""
        return f"/{self.site}/{self.slug}.html"
