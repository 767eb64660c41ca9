"""trafilatura's author search (``trafilatura.metadata.extract_author``), same result, less CPU.

trafilatura deep-copies the page, prunes comments, dates, figures and the like from the copy, then
runs three XPath expressions whose ``re:test`` calls go back into Python once per element of the
page. Where meta tags name no author that cost about a third of page metadata on the benchmark
pages (docs/benchmark.md). All of those expressions test only an element's own tag and attributes,
so this module reads the page's class and id values as plain strings, sends back into one XPath
(without a Python callback) only those a test could accept, applies the same tests in Python to
the few elements that come back, and reads each candidate's text on the page itself: 9.4 -> 2.7
ms per page where it runs. Pruning only removes elements, so a candidate trafilatura could see is
one of ours: those inside a pruned element are skipped, and one whose own subtree would be pruned
(its text would change where a removed element's tail is joined on) is left to trafilatura.

The tests below are a translation of trafilatura's expressions; if an upgrade changes them, the
translation is stale and every call goes to trafilatura's own function (``TRANSLATION_IS_CURRENT``).
tests/unit/test_author_search.py compares both on every branch and on the demo pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lxml.etree import Element, XPath, _Element
from lxml.html import HtmlElement
from trafilatura.metadata import extract_author, normalize_authors
from trafilatura.utils import trim
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

# The expressions translated below, whitespace-normalised, as trafilatura 2.3 writes them.
_TRANSLATED = (
    "//*[self::a or self::address or self::div or self::link or self::p or self::span or self::strong]"
    "[ @rel='author' or @id='author' or @class='author' or @itemprop='author name' or rel='me' or "
    "@data-testid='AuthorCard' or @data-testid='AuthorURL' or re:test(@class, 'author-?name|AuthorName|authorName')]"
    "|//author",
    "//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span][ @class='byline' or "
    "@class='username' or @class='byl' or @class='BBL' or contains(@itemprop, 'author') or "
    "re:test(@id, 'author|zuozhe|bianji|xiaobian') or re:test(@class, "
    "'author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name')]",
    "//*[ contains(@data-component, 'Byline') or contains(@itemprop, 'author') or re:test(@id, '[Aa]uthor') "
    "or re:test(@class, '[Aa]uthor|screenname|writer|[Bb]yline')]",
    ".//*[self::a or self::div or self::section or self::span][ @id='comments' or @class='comments' or "
    "@class='title' or @class='date' or re:test(@id, '^comments|comment-?list|ProductReviews') or "
    "re:test(@class, '^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer') or contains(@data-component, 'Figure')]",
    "//time|//figure",
)


def _normalised(expression: XPath) -> str:
    return " ".join(expression.path.split())


TRANSLATION_IS_CURRENT = tuple(_normalised(x) for x in (*AUTHOR_XPATHS, *AUTHOR_DISCARD_XPATHS)) == tuple(
    " ".join(t.split()) for t in _TRANSLATED
)

# What any expression could select, in document order. The class and id values are read first
# as plain strings, and only those a test could accept go back into the query (as node-sets, see
# _as_nodes), so element proxies are made for a few dozen nodes instead of every element of the
# page: testing every element, in Python or in one XPath, was slower. trafilatura's ``rel='me'``
# lacks its @, so it tests for a <rel> child reading "me"; kept as written.
_CLASS_VALUES = XPath("//@class", smart_strings=False)
_ID_VALUES = XPath("//@id", smart_strings=False)
_CANDIDATE_NODES = XPath(
    "//@class[. = $classes]|//@id[. = $ids]|//@rel[. = 'author']|//@itemprop[contains(., 'author')]"
    "|//@data-testid[. = 'AuthorCard' or . = 'AuthorURL']"
    "|//@data-component[contains(., 'Byline') or contains(., 'Figure')]"
    "|//author|//time|//figure|//*[rel='me']"
)
_HAS_REL_ME_CHILD = XPath("boolean(rel='me')")

_NAME_CLASS = re.compile(r"author-?name|AuthorName|authorName")
_BYLINE_ID = re.compile(r"author|zuozhe|bianji|xiaobian")
_BYLINE_CLASS = re.compile(r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
_ANY_ID = re.compile(r"[Aa]uthor")
_ANY_CLASS = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    r"article-(?:share|support)|print|category|meta-date|meta-reviewer"
)


def _specific(el: HtmlElement, tag: str, cls: str, id_: str) -> bool:
    if tag == "author":
        return True
    if tag not in {"a", "address", "div", "link", "p", "span", "strong"}:
        return False
    return (
        el.get("rel") == "author"
        or id_ == "author"
        or cls == "author"
        or el.get("itemprop") == "author name"
        or el.get("data-testid") in {"AuthorCard", "AuthorURL"}
        or _NAME_CLASS.search(cls) is not None
        or _HAS_REL_ME_CHILD(el)
    )


def _byline(el: HtmlElement, tag: str, cls: str, id_: str) -> bool:
    if tag not in {"a", "div", "h3", "h4", "p", "span"}:
        return False
    return (
        cls in {"byline", "username", "byl", "BBL"}
        or "author" in el.get("itemprop", "")
        or _BYLINE_ID.search(id_) is not None
        or _BYLINE_CLASS.search(cls) is not None
    )


def _any(el: HtmlElement, tag: str, cls: str, id_: str) -> bool:
    return (
        "Byline" in el.get("data-component", "")
        or "author" in el.get("itemprop", "")
        or _ANY_ID.search(id_) is not None
        or _ANY_CLASS.search(cls) is not None
    )


def _discarded(el: HtmlElement, tag: str, cls: str, id_: str, root: HtmlElement) -> bool:
    if tag in {"time", "figure"}:
        return True
    if tag not in {"a", "div", "section", "span"} or el is root:  # ".//*": the root itself is not pruned
        return False
    return (
        id_ == "comments"
        or cls in {"comments", "title", "date"}
        or _DISCARD_ID.search(id_) is not None
        or _DISCARD_CLASS.search(cls) is not None
        or "Figure" in el.get("data-component", "")
    )


# A class or id value that could make any test below true (a superset: the tests decide).
_CLASS_MAY_MATTER = re.compile("|".join(p.pattern for p in (_NAME_CLASS, _BYLINE_CLASS, _ANY_CLASS, _DISCARD_CLASS)))
_CLASS_EXACT = frozenset({"author", "byline", "username", "byl", "BBL", "comments", "title", "date"})
_ID_MAY_MATTER = re.compile("|".join(p.pattern for p in (_BYLINE_ID, _ANY_ID, _DISCARD_ID)))
_ID_EXACT = frozenset({"author", "comments"})


def _as_nodes(values: Iterable[str]) -> list[_Element]:
    """Strings as an XPath node-set: ``@class = $set`` is true when any node's text equals it."""
    nodes = []
    for value in values:
        node = Element("v")
        node.text = value
        nodes.append(node)
    return nodes


_TESTS: tuple[Callable[[HtmlElement, str, str, str], bool], ...] = (_specific, _byline, _any)


class _NeedsPruning(Exception):
    """A candidate's text depends on what pruning removes inside it."""


def find_author(tree: HtmlElement) -> str | None:
    """The author trafilatura's ``extract_author`` finds in the page whose root is ``tree``."""
    if not TRANSLATION_IS_CURRENT or tree.getparent() is not None:
        return extract_author(tree)
    selected: list[list[HtmlElement]] = [[], [], []]
    discarded: set[HtmlElement] = set()
    try:
        candidates = _candidates(tree)
    except ValueError:  # a class or id lxml will not hold as text (a control character)
        return extract_author(tree)
    for el in candidates:
        tag, cls, id_ = el.tag, el.get("class", ""), el.get("id", "")
        if _discarded(el, tag, cls, id_, tree):
            discarded.add(el)
        for found, test in zip(selected, _TESTS, strict=True):
            if test(el, tag, cls, id_):
                found.append(el)
    try:
        author = _first_author(selected, discarded)
    except _NeedsPruning:
        return extract_author(tree)
    return normalize_authors(None, author) if author else author


def _candidates(tree: HtmlElement) -> list[HtmlElement]:
    """Elements any test could select, each once, in document order."""
    classes = {v for v in set(_CLASS_VALUES(tree)) if v in _CLASS_EXACT or _CLASS_MAY_MATTER.search(v)}
    ids = {v for v in set(_ID_VALUES(tree)) if v in _ID_EXACT or _ID_MAY_MATTER.search(v)}
    elements: dict[HtmlElement, None] = {}
    for node in _CANDIDATE_NODES(tree, classes=_as_nodes(classes), ids=_as_nodes(ids)):
        elements[node.getparent() if isinstance(node, str) else node] = None
    return list(elements)


def _first_author(selected: Iterable[list[HtmlElement]], discarded: set[HtmlElement]) -> str | None:
    """extract_metainfo(pruned copy, AUTHOR_XPATHS, len_limit=120), read on the unpruned page."""
    for found in selected:
        for el in found:
            if el in discarded or any(a in discarded for a in el.iterancestors()):
                continue  # not in the pruned copy
            if any(d is not el and el in d.iterancestors() for d in discarded):
                raise _NeedsPruning
            content = trim(" ".join(el.itertext()))
            if content and 2 < len(content) < 120:
                return content
    return None
