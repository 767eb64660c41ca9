"""pipeline.page_metadata reads the fields Akhbar keeps exactly as trafilatura.extract_metadata
does (it only leaves out categories, tags and licence), and one parse serves extraction and
the dateline search."""

from __future__ import annotations

from datetime import date

import pytest
from trafilatura.metadata import extract_metadata

from cli.demo_site import ARTICLES, render_page
from pipeline.article import process_page
from pipeline.extract import extract_article, headline_context, parse_page
from pipeline.page_metadata import page_metadata

DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": date.today().isoformat()}
KEPT_FIELDS = ("title", "author", "url", "sitename", "date", "filedate")  # what Akhbar reads

AUTHORED_PAGE = """<html lang="en"><head><title>Budget talks resume | The Daily Example</title>
<meta name="author" content="Jane Roe"><meta property="og:site_name" content="the daily example">
<link rel="canonical" href="https://example.org/news/budget-talks">
<meta property="article:published_time" content="2024-12-03T08:00:00Z">
<meta property="article:section" content="Economy"><meta name="keywords" content="budget, talks"></head>
<body><nav><a href="/category/economy/">Economy</a> <a href="/tag/budget/">budget</a></nav>
<h1>Budget talks resume</h1><p class="byline">By Jane Roe, Rabat, 3 December 2024</p>
<article><p>{body}</p></article>
<footer><a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a></footer>
</body></html>""".replace("{body}", "Negotiators met again on Tuesday to discuss the budget deficit. " * 12)


def _demo_pages() -> list[tuple[str, str]]:
    return [(a.slug, render_page(a).decode(a.encoding)) for a in ARTICLES]


@pytest.mark.parametrize(("slug", "html"), [*_demo_pages(), ("authored", AUTHORED_PAGE)])
def test_kept_fields_equal_trafilaturas(slug: str, html: str) -> None:
    url = f"http://127.0.0.1/demo/{slug}"
    ours = page_metadata(parse_page(html), url, dict(DATE_PARAMS))
    theirs = extract_metadata(parse_page(html), url, dict(DATE_PARAMS))
    assert {f: getattr(ours, f) for f in KEPT_FIELDS} == {f: getattr(theirs, f) for f in KEPT_FIELDS}
    assert ours.title, slug


def test_categories_tags_and_licence_are_not_read() -> None:
    theirs = extract_metadata(parse_page(AUTHORED_PAGE), None, dict(DATE_PARAMS))
    ours = page_metadata(parse_page(AUTHORED_PAGE), None, dict(DATE_PARAMS))
    assert theirs.categories and theirs.license  # the page has them: trafilatura finds them
    assert not ours.categories and ours.license is None
    assert (ours.title, ours.author, ours.sitename, ours.url, ours.date) == (
        "Budget talks resume",
        "Jane Roe",
        "The Daily Example",
        "https://example.org/news/budget-talks",
        "2024-12-03",
    )


def test_the_parsed_tree_is_left_as_it_was() -> None:
    tree = parse_page(AUTHORED_PAGE)
    before = len(tree.xpath("//*"))
    extract_article(tree, "https://example.org/news/budget-talks")
    assert len(tree.xpath("//*")) == before
    assert headline_context(tree) == headline_context(AUTHORED_PAGE)
    assert headline_context(tree).startswith("By Jane Roe, Rabat, 3 December 2024")


def test_string_and_tree_give_the_same_article() -> None:
    url = "https://example.org/news/budget-talks"
    assert extract_article(AUTHORED_PAGE, url) == extract_article(parse_page(AUTHORED_PAGE), url)
    processed = process_page(AUTHORED_PAGE, url)
    assert processed.extracted.author == "Jane Roe"
    assert processed.published == date(2024, 12, 3)
    assert processed.published_source == "metadata"
