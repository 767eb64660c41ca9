"""pipeline.author_search finds the author trafilatura's extract_author finds, on every branch of
trafilatura's expressions, on the demo pages and on generated pages that mix candidates with the
elements trafilatura prunes first."""

from __future__ import annotations

import random

import pytest
from trafilatura.metadata import extract_author

from cli.demo_site import ARTICLES, render_page
from pipeline import author_search
from pipeline.author_search import TRANSLATION_IS_CURRENT, find_author
from pipeline.extract import parse_page

BODY = "<p>" + "Negotiators met again on Tuesday to discuss the budget deficit. " * 6 + "</p>"


def _page(fragment: str) -> str:
    return f"<html><head><title>t</title></head><body>{fragment}{BODY}</body></html>"


def test_the_translation_matches_the_installed_trafilatura() -> None:
    # If this fails after an upgrade, find_author falls back to trafilatura (still correct, slower):
    # translate the new expressions in pipeline/author_search.py.
    assert TRANSLATION_IS_CURRENT


CASES = {
    "rel author": '<a rel="author" href="/u/1">Jane Roe</a>',
    "id author": '<div id="author">Jane Roe</div>',
    "itemprop author name": '<span itemprop="author name">Jane Roe</span>',
    "rel child reading me": "<p><rel>me</rel> Jane Roe</p>",
    "data-testid": '<div data-testid="AuthorCard">Jane Roe</div>',
    "class author-name": '<strong class="post author-name">Jane Roe</strong>',
    "author element": "<author>Jane Roe</author>",
    "byline class on h3": '<h3 class="byline">By Jane Roe</h3>',
    "itemprop contains author": '<span itemprop="authors">Jane Roe</span>',
    "zuozhe id": '<p id="zuozhe-1">Jane Roe</p>',
    "posted-by class": '<div class="meta posted-by">Posted by Jane Roe</div>',
    "any element, writer class": '<td class="writer">Jane Roe</td>',
    "any element, Byline component": '<section data-component="SiteByline">Jane Roe</section>',
    "any element, Author id": '<li id="mainAuthor">Jane Roe</li>',
    "first expression wins over the second": '<p class="byline">By Someone</p><a rel="author">Jane Roe</a>',
    "too short, next one taken": '<a rel="author">JR</a><span class="author">Jane Roe</span>',
    "too long": '<div id="author">' + "Jane Roe " * 20 + "</div>",
    "inside comments: pruned": '<div id="comments"><span class="author">A Reader</span></div>',
    "inside a class-matched sidebar": '<aside><div class="main-sidebar"><a rel="author">Other</a></div></aside>'
    '<span class="byline">By Jane Roe</span>',
    "a time inside the byline": '<p class="byline">By Jane Roe<time>3 Dec</time>, Rabat</p>',
    "a date span at the start": '<div class="author"><span class="date">3 Dec</span>Jane Roe</div>',
    "the byline is itself pruned": '<span class="author print">Jane Roe</span>',
    "figure around the author": '<figure><figcaption class="author">Photo: Jane Roe</figcaption></figure>',
    "nothing": "<p>No byline here.</p>",
}


@pytest.mark.parametrize("fragment", CASES.values(), ids=CASES.keys())
def test_same_author_as_trafilatura(fragment: str) -> None:
    html = _page(fragment)
    assert find_author(parse_page(html)) == extract_author(parse_page(html))


def test_the_cases_reach_both_outcomes() -> None:
    found = [extract_author(parse_page(_page(f))) for f in CASES.values()]
    assert sum(a is not None for a in found) >= 15 and None in found


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_demo_pages(article) -> None:  # type: ignore[no-untyped-def]
    html = render_page(article).decode(article.encoding)
    assert find_author(parse_page(html)) == extract_author(parse_page(html))


TAGS = ("a", "div", "span", "p", "section", "h3", "strong", "address", "li", "time", "figure", "author")
CLASSES = ("", "author", "byline", "comments", "title", "date", "sidebar-left", "post-author", "quote",
           "writer", "entry", "AuthorName", "print-only", "username", "meta-date", "channel-name")  # fmt: skip
IDS = ("", "", "", "author", "comments", "comment-list", "authorbox", "main", "xiaobian")
WORDS = ("Jane", "Roe", "By", "Rabat", "3 Dec", "", "", "Reuters staff")


def _random_fragment(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(1, 4)):
        tag = rng.choice(TAGS)
        attrs = ""
        if cls := rng.choice(CLASSES):
            attrs += f' class="{cls}"'
        if id_ := rng.choice(IDS):
            attrs += f' id="{id_}"'
        if rng.random() < 0.1:
            attrs += ' rel="author"'
        inner = rng.choice(WORDS)
        if depth < 3 and rng.random() < 0.6:
            inner += _random_fragment(rng, depth + 1)
        parts.append(f"<{tag}{attrs}>{inner}</{tag}>{rng.choice(WORDS)}")
    return "".join(parts)


def test_generated_pages() -> None:
    rng = random.Random(20261126)
    found = 0
    for _ in range(400):
        html = _page(_random_fragment(rng))
        theirs = extract_author(parse_page(html))
        assert find_author(parse_page(html)) == theirs, html
        found += theirs is not None
    assert found > 100  # the generator reaches real answers, not only None


def test_a_stale_translation_defers_to_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr(author_search, "TRANSLATION_IS_CURRENT", False)
    monkeypatch.setattr(author_search, "extract_author", lambda tree: calls.append(tree) or "From trafilatura")
    assert find_author(parse_page(_page(CASES["rel author"]))) == "From trafilatura"
    assert len(calls) == 1


def test_the_page_is_left_as_it_was() -> None:
    html = _page(CASES["a time inside the byline"] + CASES["inside comments: pruned"])
    tree = parse_page(html)
    before = [(el.tag, el.text, el.tail) for el in tree.iter()]
    find_author(tree)
    assert [(el.tag, el.text, el.tail) for el in tree.iter()] == before
