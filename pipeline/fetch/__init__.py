"""Safe, polite HTTP fetching of news pages: SSRF guard, size/time caps, robots.txt, encodings.

Public interface (see docs/fetching.md)::

    fetch_page(url, config, *, limiter=None, robots=None, resolver=None, etag=None,
               last_modified=None) -> FetchResult        # raises SkipFetch / RetryFetch
    decode_html(body, content_type_header) -> (text, encoding, encoding_source)
"""

from pipeline.fetch.client import FetchResult, fetch_page
from pipeline.fetch.config import FetchConfig
from pipeline.fetch.encoding import decode_html
from pipeline.fetch.errors import FetchError, RetryFetch, SkipFetch
from pipeline.fetch.guard import address_refusal
from pipeline.fetch.politeness import HostLimiter, InMemoryHostLimiter, parse_retry_after
from pipeline.fetch.robots import RobotsCache

__all__ = [
    "FetchConfig",
    "FetchError",
    "FetchResult",
    "HostLimiter",
    "InMemoryHostLimiter",
    "RetryFetch",
    "RobotsCache",
    "SkipFetch",
    "address_refusal",
    "decode_html",
    "fetch_page",
    "parse_retry_after",
]
