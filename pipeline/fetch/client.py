"""fetch_page: one URL in, one FetchResult or one FetchError out, safely and politely.

Per hop (the URL, then each redirect target, at most ``max_redirects``):
check_url (scheme, userinfo, port) -> resolve once and check every address -> robots.txt
(cached per origin, fetched from the same checked addresses) -> host limiter turn -> GET
through the transport pinned to the checked addresses -> status handling -> content type
and size checks -> bounded read and decompression -> charset decision.
One deadline (``total_timeout``) covers all of it.
Never uses trafilatura.fetch_url; never lets httpx follow redirects or read the environment.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from pipeline.fetch.body import classify, looks_like_html, media_type, read_body, sniffed_binary
from pipeline.fetch.config import FetchConfig
from pipeline.fetch.decode import ACCEPT_ENCODING
from pipeline.fetch.encoding import decode_html
from pipeline.fetch.errors import FetchError, RetryFetch, SkipFetch
from pipeline.fetch.guard import Resolver, Target, check_url, resolve_checked
from pipeline.fetch.politeness import HostLimiter, parse_retry_after, wait_for_turn
from pipeline.fetch.robots import RobotsCache, RobotsRules, parse_robots, robots_token
from pipeline.fetch.transport import Deadline, PinnedBackend, make_client

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_DEFAULT_ROBOTS = RobotsCache()
# Signals from the task runner that must reach it unchanged (matched by name: pipeline/ cannot
# import Celery). Celery's soft time limit is raised inside whatever code is running.
_PASS_THROUGH = frozenset({"SoftTimeLimitExceeded"})


@dataclass(frozen=True)
class FetchResult:
    """A fetched HTML page (or a 304 answer to a conditional request)."""

    url: str
    final_url: str
    status: int
    redirects: tuple[str, ...]  # every URL that answered with a redirect, in order (url first)
    content_type: str
    headers: dict[str, str]
    body: bytes  # decompressed bytes as served
    text: str  # decoded text (what trafilatura gets)
    encoding: str
    encoding_source: str  # "header" | "bom" | "meta" | "detected" | "default"
    wire_bytes: int
    elapsed_ms: int
    etag: str | None
    last_modified: str | None
    not_modified: bool = False
    address: str = ""  # the checked IP the final response came from


class _Session:
    """State of one fetch_page call: its client, deadline and helpers."""

    def __init__(
        self,
        config: FetchConfig,
        resolver: Resolver | None,
        limiter: HostLimiter | None,
        robots: RobotsCache | None,
        deadline: Deadline,
    ) -> None:
        self.config = config
        self.deadline = deadline  # shared by every request of the call, robots.txt included
        self.resolver = resolver
        self.limiter = limiter
        self.robots = robots
        self.token = robots_token(config.user_agent)

    def send(
        self,
        client: httpx.Client,
        backend: PinnedBackend,
        target: Target,
        headers: dict[str, str],
        addresses: list[str] | None = None,
    ) -> httpx.Response:
        """Pin the checked addresses (resolving and checking them if not given) and send one GET.

        The caller closes the returned (streaming) response.
        """
        if addresses is None:
            addresses = resolve_checked(target, self.config, self.resolver, backend.deadline.at)
        backend.pin(target.host, target.port, addresses)
        request = client.build_request(
            "GET",
            target.url,
            headers={"User-Agent": self.config.user_agent, "Accept-Encoding": ACCEPT_ENCODING, **headers},
        )
        try:
            return client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise classify(exc) from exc

    def robots_rules(self, target: Target, addresses: list[str]) -> RobotsRules:
        """The robots.txt rules for the target's origin (cached); ``addresses`` are its checked IPs."""
        host = f"[{target.host}]" if ":" in target.host else target.host
        origin = f"{target.url.scheme}://{host}:{target.port}"
        cache = self.robots if self.robots is not None else _DEFAULT_ROBOTS
        return cache.get(origin, lambda: self._fetch_robots(f"{origin}/robots.txt", addresses))

    def _fetch_robots(self, url: str, addresses: list[str]) -> RobotsRules:
        """Fetch and parse robots.txt with the page's guard, caps and a deadline of its own."""
        backend = PinnedBackend(self.deadline)
        client = make_client(backend, self.config.connect_timeout, self.config.read_timeout)
        try:
            current = httpx.URL(url)
            for _ in range(self.config.max_redirects + 1):
                try:
                    target = check_url(current, self.config)
                except SkipFetch:
                    return RobotsRules(parser=None)  # a robots.txt redirect off-limits: no rules
                first_hop = target.url == httpx.URL(url)
                try:
                    response = self.send(
                        client,
                        backend,
                        target,
                        {"Accept": "text/plain, */*;q=0.5"},
                        addresses if first_hop else None,
                    )
                except SkipFetch:
                    return RobotsRules(parser=None)  # a redirect to a refused address: no usable rules
                except RetryFetch:
                    return RobotsRules(parser=None, unavailable=True)
                try:
                    location = response.headers.get("location")
                    if response.status_code in _REDIRECTS and location:
                        current = target.url.join(location)
                        continue
                    if response.status_code >= 300:
                        return parse_robots(response.status_code, "")
                    body, _ = read_body(
                        response, self.config.max_robots_bytes, self.config.max_robots_bytes, truncate=True
                    )
                except httpx.HTTPError:
                    return RobotsRules(parser=None, unavailable=True)
                except SkipFetch:
                    return RobotsRules(parser=None)  # unreadable encoding: treat as no rules
                finally:
                    response.close()
                return parse_robots(response.status_code, body.decode("utf-8", errors="replace"))
            return RobotsRules(parser=None)  # RFC 9309: too many redirects = unavailable 4xx-like
        finally:
            client.close()

    def check_robots(self, target: Target, addresses: list[str]) -> float | None:
        """Raise SkipFetch("robots") / RetryFetch("robots_unavailable"); return the Crawl-delay."""
        rules = self.robots_rules(target, addresses)
        if rules.unavailable:
            raise RetryFetch("robots_unavailable", f"robots.txt status {rules.status}", retry_after=300.0)
        if not rules.allowed(str(target.url), self.token):
            raise SkipFetch("robots", str(target.url.path)[:200])
        return rules.crawl_delay(self.token)


def fetch_page(
    url: str,
    config: FetchConfig,
    *,
    limiter: HostLimiter | None = None,
    robots: RobotsCache | None = None,
    resolver: Callable[[str, int], list[str]] | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """Fetch one HTML page. Returns a FetchResult; raises SkipFetch (permanent) or RetryFetch (transient).

    ``limiter`` spaces requests per host (none when None); ``robots`` caches robots.txt per
    origin (a process-wide cache when None; ignored when ``config.respect_robots`` is False);
    ``resolver(host, port) -> [ip, ...]`` replaces getaddrinfo (tests); ``etag`` and
    ``last_modified`` make the request conditional, and a 304 gives ``not_modified=True``.
    """
    started = time.monotonic()
    deadline = Deadline(config.total_timeout)
    session = _Session(config, resolver, limiter, robots, deadline)
    backend = PinnedBackend(deadline)
    client = make_client(backend, config.connect_timeout, config.read_timeout)
    conditional: dict[str, str] = {}
    if etag:
        conditional["If-None-Match"] = etag
    if last_modified:
        conditional["If-Modified-Since"] = last_modified
    headers = {"Accept": config.accept_header, **conditional}
    redirects: list[str] = []
    seen: set[str] = set()
    granted: set[str] = set()  # hosts whose limiter turn this call already took
    current: str | httpx.URL = url
    try:
        while True:
            target = check_url(current, config)
            seen.add(str(target.url.copy_with(fragment=None)))
            # The guard runs before anything touches the host, robots.txt included.
            addresses = resolve_checked(target, config, resolver, deadline.at)
            interval = config.min_host_interval
            if config.respect_robots:
                crawl_delay = session.check_robots(target, addresses)
                if crawl_delay is not None:
                    interval = max(interval, min(crawl_delay, config.max_crawl_delay))
            if limiter is not None and target.host not in granted:
                # One turn per host per call: a same-host redirect (http -> https, /a -> /a/) is
                # part of the same fetch, and waiting again could exceed max_limiter_wait on
                # every attempt when the Crawl-delay is long, so the job would never get through.
                wait_for_turn(limiter, target.host, interval, max_wait=config.max_limiter_wait, deadline_at=deadline.at)
                granted.add(target.host)
            response = session.send(client, backend, target, headers, addresses)
            try:
                status = response.status_code
                if status in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise SkipFetch("bad_redirect", "no Location")
                    try:
                        nxt = target.url.join(location.strip())
                    except httpx.InvalidURL as exc:
                        raise SkipFetch("bad_redirect", str(exc)[:200]) from None
                    redirects.append(str(target.url))
                    if str(nxt.copy_with(fragment=None)) in seen:
                        raise SkipFetch("redirect_loop", str(nxt)[:200])
                    if len(redirects) > config.max_redirects:
                        raise SkipFetch("too_many_redirects", str(len(redirects)))
                    current = nxt
                    continue
                return _finish(
                    url,
                    target,
                    response,
                    redirects,
                    config,
                    session,
                    started,
                    bool(conditional),
                    backend.connected[-1][0] if backend.connected else "",
                )
            finally:
                response.close()
    except FetchError:
        raise
    except httpx.HTTPError as exc:
        raise classify(exc) from exc
    except Exception as exc:
        if type(exc).__name__ in _PASS_THROUGH:
            raise
        # An unforeseen library error (or a bug here) must still end as a recorded, bounded
        # outcome: retried, then `dead` with this text, never a task that vanishes.
        raise RetryFetch("internal_error", f"{type(exc).__name__}: {exc}"[:300]) from exc
    finally:
        client.close()


def _finish(
    url: str,
    target: Target,
    response: httpx.Response,
    redirects: list[str],
    config: FetchConfig,
    session: _Session,
    started: float,
    conditional: bool,
    address: str,
) -> FetchResult:
    """Turn the final (non-redirect) response into a FetchResult or a FetchError."""
    status = response.status_code
    headers = dict(response.headers.items())
    content_type = response.headers.get("content-type", "")

    def result(body: bytes, text: str, encoding: str, source: str, wire: int, not_modified: bool) -> FetchResult:
        return FetchResult(
            url=url,
            final_url=str(target.url),
            status=status,
            redirects=tuple(redirects),
            content_type=content_type,
            headers=headers,
            body=body,
            text=text,
            encoding=encoding,
            encoding_source=source,
            wire_bytes=wire,
            elapsed_ms=int((time.monotonic() - started) * 1000),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            not_modified=not_modified,
            address=address,
        )

    if status == 304 and conditional:
        return result(b"", "", "", "default", 0, True)
    if status in (429, 503) or status >= 500 or status == 408:
        retry_after = parse_retry_after(response.headers.get("retry-after"), cap=config.max_retry_after)
        if retry_after is not None and session.limiter is not None and status in (429, 503):
            with contextlib.suppress(Exception):  # a failed deferral must not hide the real outcome
                session.limiter.defer(target.host, retry_after)
        raise RetryFetch(f"http_{status}", str(target.url)[:200], retry_after=retry_after, status=status)
    if not 200 <= status < 300:
        raise SkipFetch(f"http_{status}", str(target.url)[:200], status=status)
    media = media_type(content_type)
    if media and media not in config.accepted_types:
        raise SkipFetch(f"content_type:{media}"[:80], status=status)
    body, wire = read_body(response, config.max_wire_bytes, config.max_decoded_bytes)
    if not media and not looks_like_html(body):
        raise SkipFetch("content_type:unknown", status=status)
    sniffed = sniffed_binary(body)
    if sniffed is not None and sniffed not in config.accepted_types:  # the feed poller accepts gzip
        raise SkipFetch(f"content_type:{sniffed}", "labelled HTML, sniffed binary", status=status)
    text, encoding, source = decode_html(body, content_type)
    return result(body, text, encoding, source, wire, False)
