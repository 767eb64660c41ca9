"""A page's title, author, site name, canonical URL and publication date, read with trafilatura's
own metadata readers, without the categories, tags and licence it also hunts for.

``trafilatura.extract_metadata`` ends by scanning every link of the page for category, tag and
licence markers. Akhbar stores none of them, and on the benchmark pages those scans cost about a
tenth of extraction's CPU (docs/benchmark.md). The author search is trafilatura's, reimplemented
for speed with the same result (pipeline/author_search.py). This module runs the same readers in the same
order for the fields Akhbar keeps, so their values do not change: tests/unit/test_page_metadata.py
compares them with trafilatura's on the demo pages, and on the 300 benchmark pages text, title,
author, site name, date and headline context were identical when this was written.
"""

from __future__ import annotations

import logging
from typing import Any

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document

from pipeline.author_search import find_author

log = logging.getLogger(__name__)


def page_metadata(tree: HtmlElement, url: str | None, date_params: dict[str, Any]) -> Document:
    """Title, author, URL, site name and date of a parsed page (``tree`` is not modified).

    ``url`` is the URL the page was fetched from, used when the page declares none;
    ``date_params`` are htmldate's ``find_date`` keyword arguments.
    """
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # a single word in an author meta tag is a handle or a site name
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as err:  # trafilatura guards this call the same way ("bugs in json_metadata.py")
        log.warning("JSON-LD metadata unreadable: %s", err)
    metadata.title = metadata.title or extract_title(tree)
    metadata.author = metadata.author or find_author(tree)  # trafilatura's search, cheaper
    metadata.url = metadata.url or extract_url(tree, url)
    metadata.date = find_date(tree, **{**date_params, "url": metadata.url})
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url and (match := META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.filedate = date_params.get("max_date")
    metadata.clean_and_trim()
    return metadata
