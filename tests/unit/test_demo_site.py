"""The bundled demo site: data sanity, page rendering, extraction recall, and the server.

The extraction check runs trafilatura exactly as the pipeline does (comments off, precision
favoured) on every page and requires every paragraph back and no boilerplate. The server test
is the one place this file opens a socket, on 127.0.0.1 only.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.error
import urllib.request
from collections.abc import Callable

import pytest
import trafilatura

from cli.demo_site import (
    ARTICLES,
    NOISE_STRINGS,
    DemoArticle,
    DemoSite,
    content_type,
    extraction_problems,
    render_page,
)
from cli.demo_site.datelines import MONTHS, WEEKDAYS, arabic_dateline
from cli.demo_site.model import DATE_MARKUPS, LAYOUTS
from cli.demo_site.noise import COMMENT_LABELS, MOST_READ, READ_ALSO, RELATED, TICKER

IDS = [a.slug for a in ARTICLES]


def _decoded(article: DemoArticle) -> str:
    return render_page(article).decode(article.encoding)


# --- the data -------------------------------------------------------------------------------


def test_enough_articles_with_unique_slugs_and_paths() -> None:
    assert len(ARTICLES) >= 24
    assert len({a.slug for a in ARTICLES}) == len(ARTICLES)
    assert len({a.path for a in ARTICLES}) == len(ARTICLES)
    assert len({a.title for a in ARTICLES}) == len(ARTICLES)


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_article_fields_are_well_formed(article: DemoArticle) -> None:
    assert re.fullmatch(r"[a-z0-9-]+", article.slug)
    assert re.fullmatch(r"[a-z0-9.-]+", article.site)
    assert article.layout in LAYOUTS
    assert article.encoding in ("utf-8", "windows-1256")
    assert article.language == "ar"
    assert article.date_markup and set(article.date_markup) <= set(DATE_MARKUPS)
    dt.datetime.fromisoformat(article.published_iso)  # raises if date, time or offset is malformed
    assert 3 <= len(article.paragraphs) <= 8
    assert 150 <= len(article.body.split()) <= 600
    for paragraph in article.paragraphs:
        # Extraction normalises whitespace, so the reference text must already be normal.
        assert paragraph == " ".join(paragraph.split())
        assert "<" not in paragraph and ">" not in paragraph


def test_collection_covers_what_the_pipeline_must_handle() -> None:
    assert {a.layout for a in ARTICLES} == set(LAYOUTS)
    cp1256 = [a for a in ARTICLES if a.encoding == "windows-1256"]
    assert any(a.declare_charset for a in cp1256)
    assert any(not a.declare_charset for a in cp1256)
    assert all(a.declare_charset for a in ARTICLES if a.encoding == "utf-8")
    assert sum(a.date_markup == ("dateline",) for a in ARTICLES) >= 2
    assert sum(not a.machine_readable_date for a in ARTICLES) == sum(a.date_markup == ("dateline",) for a in ARTICLES)
    regions = {a.region for a in ARTICLES}
    assert {"Morocco", "Algeria", "Tunisia", "Egypt", "Lebanon", "Jordan", "Saudi Arabia", "pan-Arab"} <= regions
    assert len({a.section for a in ARTICLES}) >= 6
    bodies = "\n".join(a.body for a in ARTICLES)
    # Variant spellings and regional month names that enrichment must cope with.
    for needle in ("غانتس", "جانتس", "دجنبر", "جانفي", "كانون الثاني", "جمادى الأولى", "الأسبوع المقبل", "بالمغرب"):
        assert needle in bodies, needle


def test_noise_never_occurs_in_bodies_or_titles() -> None:
    assert len(NOISE_STRINGS) == len(set(NOISE_STRINGS)) >= 40
    for article in ARTICLES:
        for noise in NOISE_STRINGS:
            assert noise not in article.body, (article.slug, noise)
            assert noise not in article.title, (article.slug, noise)


def test_weekdays_named_in_bodies_match_their_dates() -> None:
    """ "الخميس 26 ديسمبر 2024" must really be a Thursday, in every regional month spelling."""
    month_numbers = {name: i + 1 for names in MONTHS.values() for i, name in enumerate(names)}
    pattern = re.compile(
        rf"({'|'.join(WEEKDAYS)}) (\d{{1,2}}) ({'|'.join(sorted(month_numbers, key=len, reverse=True))}) (\d{{4}})"
    )
    checked = 0
    for article in ARTICLES:
        for weekday, day, month, year in pattern.findall(article.body):
            date = dt.date(int(year), month_numbers[month], int(day))
            assert WEEKDAYS[date.weekday()] == weekday, (article.slug, weekday, day, month, year)
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize(
    ("iso", "region", "expected"),
    [
        ("2024-12-17", "Morocco", "الثلاثاء 17 دجنبر 2024"),
        ("2025-01-13", "Tunisia", "الاثنين 13 جانفي 2025"),
        ("2025-01-20", "Lebanon", "الاثنين 20 كانون الثاني 2025"),
        ("2024-12-26", "Egypt", "الخميس 26 ديسمبر 2024"),
        ("2024-11-21", "Saudi Arabia", "الخميس 19 جمادى الأولى 1446هـ - 21 نوفمبر 2024م"),
    ],
)
def test_arabic_dateline_uses_regional_calendars(iso: str, region: str, expected: str) -> None:
    assert arabic_dateline(iso, region) == expected


# --- the pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_page_carries_body_noise_and_the_requested_date_markup(article: DemoArticle) -> None:
    page = _decoded(article)
    # The noise the extraction test checks for is really there to be removed.
    assert "عاجل" in page
    assert any(t in page for t in TICKER[article.layout])
    assert READ_ALSO in page or "أخبار ذات صلة" in page
    assert sum(t in page for t in RELATED[article.layout]) >= 3
    assert COMMENT_LABELS[0] in page
    assert "<footer" in page or 'id="footer"' in page
    assert "<script" in page
    if article.layout == "gulf_daily":
        assert all(t in page for t in MOST_READ)
    assert ("article:published_time" in page) == ("meta" in article.date_markup)
    assert ("datePublished" in page) == ("jsonld" in article.date_markup)
    assert ("<time" in page) == ("time" in article.date_markup)
    if article.date_markup == ("dateline",):
        assert article.published not in page  # only the Arabic dateline tells the date
        assert arabic_dateline(article.published, article.region, article.time) in page


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_page_encoding_and_charset_declaration(article: DemoArticle) -> None:
    raw = render_page(article)
    head = raw[:600].lower()
    if article.encoding == "utf-8":
        raw.decode("utf-8")
        assert b'<meta charset="utf-8">' in head
        return
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really single-byte Arabic, not UTF-8 in disguise
    assert html.escape(article.title) in raw.decode("cp1256")
    if article.declare_charset:
        assert b"charset=windows-1256" in head or b'charset="windows-1256"' in head
        assert content_type(article) == "text/html; charset=windows-1256"
    else:
        assert b"charset" not in raw.lower()
        assert content_type(article) == "text/html"


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_trafilatura_recovers_every_paragraph_and_no_noise(article: DemoArticle) -> None:
    text = trafilatura.extract(_decoded(article), include_comments=False, favor_precision=True)
    assert extraction_problems(article, text) == []


@pytest.mark.parametrize(
    ("mangle", "expected"),
    [
        (lambda a: a.body, []),
        (lambda a: "\n".join(a.paragraphs[1:]), ["paragraph 0 missing"]),
        (lambda a: "\n".join(reversed(a.paragraphs)), ["not contiguous"]),
        (lambda a: a.body + "\n" + NOISE_STRINGS[0], ["boilerplate leaked"]),
        (lambda a: None, ["paragraph 0 missing"]),
    ],
)
def test_extraction_problems_names_each_defect(
    mangle: Callable[[DemoArticle], str | None], expected: list[str]
) -> None:
    article = ARTICLES[0]
    problems = extraction_problems(article, mangle(article))
    assert len(problems) >= len(expected)
    for fragment, problem in zip(expected, problems, strict=False):
        assert fragment in problem


# --- the server (loopback only) -------------------------------------------------------------


def test_server_serves_pages_with_the_right_headers() -> None:
    silent = next(a for a in ARTICLES if not a.declare_charset)
    declared = next(a for a in ARTICLES if a.encoding == "windows-1256" and a.declare_charset)
    utf8 = next(a for a in ARTICLES if a.encoding == "utf-8")
    with DemoSite() as site:
        stopped_url = site.url_for(utf8)
        assert site.base_url.startswith("http://127.0.0.1:")
        assert site.url_for(utf8) == f"{site.base_url}/{utf8.site}/{utf8.slug}.html"
        for article, ctype in (
            (silent, "text/html"),
            (declared, "text/html; charset=windows-1256"),
            (utf8, "text/html; charset=utf-8"),
        ):
            with urllib.request.urlopen(site.url_for(article), timeout=5) as resp:
                assert resp.status == 200
                assert resp.headers["Content-Type"] == ctype
                assert resp.read() == render_page(article)
        with urllib.request.urlopen(f"{site.base_url}/robots.txt", timeout=5) as resp:
            assert b"Allow: /" in resp.read()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{site.base_url}/{utf8.site}/no-such-article.html", timeout=5)
        assert missing.value.code == 404
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(stopped_url, timeout=2)  # stopped means the port is closed
