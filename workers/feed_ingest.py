"""From feed entries to jobs, shared by the poll task and the WebSub callback.

Entries go through `storage.feeds.record_entries` (which says which ones this feed never
showed before) and then through `workers.submission.submit_urls`, the one path from URL to
job: rows committed, then messages. An entry already seen in the feed is not submitted again,
and one whose canonical URL already has a job (from another feed, the API or a WARC) comes back
as a duplicate from submit_urls, so nothing is ever fetched twice.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import psycopg
import structlog

from pipeline.feeds import FeedEntry
from pipeline.urls import UrlRejected, canonical_url, check_submitted_url
from storage import feeds as feeds_db
from storage.feeds import EntryRow, Feed
from workers.queues import TASK_QUEUE, TaskName
from workers.submission import Submitted, submit_urls

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Ingested:
    """What became of a feed's entries: how many were new to the feed, the submission results
    of those (accepted or duplicate of an existing job), how many links were unusable, and
    whether every entry was looked at (False when the per-poll budget ran out)."""

    new: int
    submitted: tuple[Submitted, ...]
    invalid: int
    complete: bool = True


# Entries are recorded and submitted in chunks, each committed: a first poll of a 50,000-URL
# sitemap makes steady, durable progress instead of one transaction that may hit the time limit.
CHUNK = 200


def feed_hints(feed: Feed, via: str) -> dict[str, Any]:
    """Hints every job from this feed carries: the outlet, the feed it came from, and how."""
    source = feed.source_name or (urlsplit(feed.url).hostname or "").removeprefix("www.")
    return {"source": source, "feed_id": feed.id, "feed_url": feed.url, "via": via}


def ingest_entries(
    conn: psycopg.Connection,
    feed: Feed,
    entries: Sequence[FeedEntry],
    *,
    via: str,
    max_new: int | None = None,
    deadline: float | None = None,
) -> Ingested:
    """Record the feed's entries and submit the new ones as jobs, in document order (newest first
    in RSS/Atom): at most ``max_new`` new ones, and no new chunk once ``time.monotonic()`` is past
    ``deadline`` (so a poll ends well inside the task time limit). Commits after each chunk."""
    rows: dict[str, tuple[EntryRow, FeedEntry]] = {}
    invalid = 0
    for entry in entries:
        try:
            check_submitted_url(entry.url)
        except UrlRejected:
            invalid += 1
            continue
        key = canonical_url(entry.url)
        if key not in rows:  # the same article twice in one document counts once
            rows[key] = (EntryRow(key=key, url=entry.url, title=entry.title, published=entry.published), entry)
    items = list(rows.values())
    new, submitted, start = 0, [], 0
    while start < len(items):
        budget = CHUNK if max_new is None else min(CHUNK, max_new - new)
        if budget <= 0 or (start and deadline is not None and time.monotonic() > deadline):
            break  # (the first chunk always goes through, so even a slow fetch makes progress)
        chunk = items[start : start + budget]
        start += len(chunk)
        new_keys = feeds_db.record_entries(conn=conn, feed_id=feed.id, entries=[r for r, _ in chunk], via=via)
        fresh = [entry for row, entry in chunk if row.key in new_keys]
        if not fresh:
            conn.commit()
            continue
        per_url = [{k: v for k, v in (("title", e.title), ("published", e.published)) if v} for e in fresh]
        submitted += submit_urls(conn, [e.url for e in fresh], hints=feed_hints(feed, via), per_url_hints=per_url)
        new += len(fresh)
    conn.commit()
    if new:
        log.info("feed_entries", feed_id=feed.id, via=via, new=new, jobs=sum(s.created for s in submitted))
    return Ingested(new=new, submitted=tuple(submitted), invalid=invalid, complete=start >= len(items))


def send_poll(feed_id: int, url: str = "") -> bool:
    """Send a poll message for a feed (after the transaction that made it due has committed).
    False when the broker is unreachable: the feed stays due and beat sends it later."""
    from workers.app import app

    try:
        app.send_task(str(TaskName.POLL_FEED), args=[feed_id, url], queue=str(TASK_QUEUE[TaskName.POLL_FEED]))
    except Exception as exc:  # kombu raises OperationalError and friends; beat re-sends
        log.warning("send_poll_failed", feed_id=feed_id, error=repr(exc))
        return False
    return True


def send_subscribe(feed_id: int) -> bool:
    """Ask a feeds worker to subscribe to the feed's WebSub hub."""
    from workers.app import app

    try:
        app.send_task(str(TaskName.WEBSUB_SUBSCRIBE), args=[feed_id], queue=str(TASK_QUEUE[TaskName.WEBSUB_SUBSCRIBE]))
    except Exception as exc:
        log.warning("send_subscribe_failed", feed_id=feed_id, error=repr(exc))
        return False
    return True
