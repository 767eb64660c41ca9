"""Feed tasks: poll one feed (feeds queue), send polls for due feeds (beat), subscribe to a hub.

A poll takes a lease on the feed row (so two workers never poll one feed), makes a
conditional GET through the safe fetcher with no database connection held, parses the
answer with the pure `pipeline.feeds`, turns new entries into jobs through the one
submission path, and records the outcome: validators, adaptive interval and next poll on
success; one more consecutive error and an exponential back-off on failure.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import structlog
from celery.exceptions import SoftTimeLimitExceeded
from psycopg_pool import ConnectionPool

from pipeline.feeds import FeedError, ParsedFeed, adapt_interval, backoff_seconds, parse_feed
from pipeline.fetch import FetchConfig, FetchResult, HostLimiter, RetryFetch, SkipFetch, fetch_page
from pipeline.urls import UrlRejected, canonical_url, check_submitted_url, source_host
from pipeline.websub import discover
from schemas.settings import Settings
from storage import feeds as feeds_db
from storage import jobs
from storage.feeds import Feed
from workers.app import app
from workers.context import context
from workers.feed_ingest import ingest_entries, send_poll, send_subscribe
from workers.queues import TaskName

log = structlog.get_logger(__name__)

# Feeds are served with many types (and often the wrong one): accept them all and let the
# parser decide, so an HTML page answers "not_a_feed" rather than an opaque content-type skip.
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
    "text/plain",
    "text/html",
    "application/xhtml+xml",
)
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
MAX_CHILD_SITEMAPS = 1000


def feed_fetch_config(base: FetchConfig, max_bytes: int) -> FetchConfig:
    """The page fetch configuration with feed media types and a larger size cap (sitemaps)."""
    return replace(
        base,
        accepted_types=FEED_TYPES,
        accept_header=FEED_ACCEPT,
        max_wire_bytes=max_bytes,
        max_decoded_bytes=max(base.max_decoded_bytes, max_bytes * 3),
    )


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """What one poll did (returned by the task, shown in Flower, asserted by tests)."""

    status: str  # busy | ok | partial | not_modified | deferred | error:<reason> | lease_lost
    new_entries: int = 0
    jobs_created: int = 0


def poll_once(
    pool: ConnectionPool,
    feed_id: int,
    *,
    settings: Settings,
    fetch_config: FetchConfig,
    worker: str,
    limiter: HostLimiter | None = None,
) -> PollOutcome:
    """Poll one feed now if nobody else is polling it. Safe to run twice. ``limiter`` is the
    per-host politeness schedule shared with page fetches."""
    started = time.monotonic()
    holder = f"{worker}:{uuid.uuid4().hex[:8]}"  # thread pools share a pid: the lease needs its own token
    with pool.connection() as conn:
        feed = feeds_db.claim_feed(conn=conn, feed_id=feed_id, holder=holder, lease_seconds=settings.feed_lease_seconds)
        conn.commit()
    if feed is None:
        return PollOutcome("busy")
    result: FetchResult | None = None
    try:  # no database connection is held while waiting on the network
        result = fetch_page(feed.url, fetch_config, limiter=limiter, etag=feed.etag, last_modified=feed.last_modified)
        parsed = None if result.not_modified else parse_feed(result.body, url=result.final_url)
    except RetryFetch as exc:
        if exc.reason in ("rate_limited", "limiter_unavailable"):  # our own politeness, not the feed's fault
            return _deferred(pool, feed, holder, exc.retry_after or 30.0)
        return _failed(pool, feed, holder, settings, exc.reason, str(exc), exc.status, exc.retry_after)
    except SkipFetch as exc:
        return _failed(pool, feed, holder, settings, exc.reason, str(exc), exc.status, None)
    except FeedError as exc:
        return _failed(pool, feed, holder, settings, exc.reason, str(exc), result.status if result else None, None)
    except (SoftTimeLimitExceeded, OSError) as exc:
        return _failed(pool, feed, holder, settings, "exception", repr(exc), None, None)
    return _succeeded(pool, feed, holder, settings, result, parsed, started)


def _deferred(pool: ConnectionPool, feed: Feed, holder: str, delay: float) -> PollOutcome:
    with pool.connection() as conn:
        done = feeds_db.poll_deferred(conn=conn, feed_id=feed.id, holder=holder, delay_seconds=delay)
        conn.commit()
    return PollOutcome("deferred" if done else "lease_lost")


def _failed(
    pool: ConnectionPool,
    feed: Feed,
    holder: str,
    settings: Settings,
    reason: str,
    error: str,
    http_status: int | None,
    retry_after: float | None,
) -> PollOutcome:
    delay = backoff_seconds(
        feed.consecutive_errors + 1,
        feed.interval_seconds,
        cap=settings.feed_max_backoff_seconds,
        retry_after=retry_after,
    )
    with pool.connection() as conn:
        done = feeds_db.poll_failed(
            conn=conn,
            feed_id=feed.id,
            holder=holder,
            status=f"error:{reason}",
            error=error,
            http_status=http_status,
            delay_seconds=delay,
        )
        conn.commit()
    log.warning("feed_poll_failed", feed_id=feed.id, reason=reason, errors=feed.consecutive_errors + 1, delay=delay)
    return PollOutcome(f"error:{reason}" if done else "lease_lost")


def _succeeded(
    pool: ConnectionPool,
    feed: Feed,
    holder: str,
    settings: Settings,
    result: FetchResult,
    parsed: ParsedFeed | None,
    started: float,
) -> PollOutcome:
    new = created = 0
    hub = topic = None
    complete = True  # False when the per-poll budget of new entries ran out: the rest comes next poll
    with pool.connection() as conn:
        if parsed is not None and parsed.kind == "sitemap_index":
            new = _register_children(conn, feed, parsed)
            conn.commit()
        elif parsed is not None:
            ingested = ingest_entries(
                conn,
                feed,
                parsed.entries,
                via="poll",
                max_new=settings.feed_max_new_per_poll,
                # Submitting costs tens of ms a URL: stop well inside the time limit, the rest next poll.
                deadline=started + settings.task_soft_time_limit * 0.6,
            )
            new, created, complete = ingested.new, sum(s.created for s in ingested.submitted), ingested.complete
        if parsed is not None:
            found = discover(parsed.links, result.headers.get("link"))
            hub, topic = found.hub, found.topic or (feed.url if found.hub else None)
        interval = adapt_interval(
            feed.interval_seconds,
            feed.base_interval_seconds,
            new_entries=new,
            # A backlog (first poll, or one read over several polls) says nothing about the pace.
            first_poll=feed.last_changed_at is None or feed.last_status == "partial" or not complete,
            floor=settings.feed_min_interval_seconds,
            ceiling=settings.feed_max_interval_seconds,
        )
        status = "not_modified" if parsed is None else ("ok" if complete else "partial")
        done = feeds_db.poll_succeeded(
            conn=conn,
            feed_id=feed.id,
            holder=holder,
            changed=parsed is not None,
            status=status,
            http_status=result.status,
            interval_seconds=interval,
            new_entries=new,
            kind=parsed.kind if parsed else None,
            title=parsed.title if parsed else None,
            # Partial: drop the validators (the next GET must not get a 304) and come back soon.
            etag=result.etag if complete else None,
            last_modified=result.last_modified if complete else None,
            hub=hub,
            topic=topic,
            next_in_seconds=None if complete else settings.feed_min_interval_seconds,
        )
        conn.commit()
    if done is None:
        return PollOutcome("lease_lost", new, created)
    if (hub or done.websub_hub) and settings.public_url and _should_subscribe(done):  # a 304 keeps the hub
        send_subscribe(feed.id)
    log.info("feed_polled", feed_id=feed.id, status=status, new=new, jobs=created, interval=interval)
    return PollOutcome(status, new, created)


def _should_subscribe(feed: Feed) -> bool:
    """Subscribe when never subscribed (or it failed / was dropped), and renew a verified
    subscription that would lapse before the poll after next. Renewing from the poll (not from
    beat) bounds it to once per interval even when a hub grants very short leases."""
    if feed.websub_state in (None, "failed", "unsubscribed"):
        return True
    if feed.websub_state != "verified" or feed.websub_lease_expires_at is None:
        return False  # requested: the hub has not answered yet; denied: respect it
    horizon = datetime.now(UTC) + timedelta(seconds=2 * feed.interval_seconds)
    return feed.websub_lease_expires_at < horizon


def _register_children(conn, feed: Feed, parsed: ParsedFeed) -> int:  # type: ignore[no-untyped-def]
    """A sitemap index lists sitemaps: each becomes a feed of its own (polled on its own
    schedule, same source and interval). Returns how many were new."""
    created = 0
    for child in parsed.sitemaps[:MAX_CHILD_SITEMAPS]:
        try:
            check_submitted_url(child.url)
        except UrlRejected:
            continue
        source_id = jobs.upsert_source(conn=conn, host=source_host(child.url))
        _, is_new = feeds_db.insert_feed(
            conn=conn,
            url=child.url,
            canonical_url=canonical_url(child.url),
            source_id=source_id,
            interval_seconds=feed.base_interval_seconds,
            source_name=feed.source_name,
            added_by=feed.added_by,
            parent_id=feed.id,
        )
        created += is_new
    return created


@app.task(name=str(TaskName.POLL_FEED))
def poll_feed(feed_id: int, url: str = "") -> dict[str, object]:
    """Poll one feed (the url argument is only there so Flower shows what is polled)."""
    ctx = context()
    s = ctx.settings
    outcome = poll_once(
        ctx.pool,
        feed_id,
        settings=s,
        fetch_config=feed_fetch_config(ctx.fetch_config, s.feed_max_bytes),
        worker=ctx.worker_id,
        limiter=ctx.host_limiter,
    )
    return {"status": outcome.status, "new_entries": outcome.new_entries, "jobs_created": outcome.jobs_created}


def schedule_once(pool: ConnectionPool, *, resend_after: float, limit: int = 200) -> list[int]:
    """Send a poll for every due feed; returns their ids. Rows are updated and committed first,
    so a lost message only delays the poll until the feed is due again."""
    with pool.connection() as conn:
        due = feeds_db.due_feeds(conn=conn, limit=limit)
        ids = [int(r["id"]) for r in due]
        if ids:
            feeds_db.mark_scheduled(conn=conn, feed_ids=ids, resend_after=resend_after)
        conn.commit()
    for row in due:
        send_poll(int(row["id"]), str(row["url"]))
    return ids


@app.task(name=str(TaskName.SCHEDULE_FEEDS))
def schedule_due_feeds() -> int:
    """Beat: send polls for the feeds whose next_poll_at has come."""
    ctx = context()
    return len(schedule_once(ctx.pool, resend_after=ctx.settings.feed_lease_seconds))


@app.task(name=str(TaskName.WEBSUB_SUBSCRIBE))
def websub_subscribe(feed_id: int) -> str:
    """Subscribe to the hub a feed advertises (needs AKHBAR_PUBLIC_URL for the callback)."""
    from workers.websub_client import subscribe

    ctx = context()
    return subscribe(ctx.pool, feed_id, settings=ctx.settings, fetch_config=ctx.fetch_config)
