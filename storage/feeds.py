"""Queries on feeds and the entries seen in them. Every function takes a keyword-only connection."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

import psycopg

from storage.sql import queries

Q = queries("feeds.sql")


@dataclass(frozen=True, slots=True)
class Feed:
    """A row of `feeds` (see schemas/sql/0020_feeds.sql for what each column means)."""

    id: int
    url: str
    canonical_url: str
    kind: str | None
    title: str | None
    source_id: int | None
    source_name: str | None
    parent_id: int | None
    added_by: str | None
    enabled: bool
    base_interval_seconds: int
    interval_seconds: int
    etag: str | None
    last_modified: str | None
    last_polled_at: datetime | None
    last_changed_at: datetime | None
    last_new_entry_at: datetime | None
    next_poll_at: datetime
    last_status: str | None
    last_http_status: int | None
    last_error: str | None
    consecutive_errors: int
    polls: int
    entries_seen: int
    last_new_entries: int
    lease_until: datetime | None
    leased_by: str | None
    websub_hub: str | None
    websub_topic: str | None
    websub_secret: str | None
    websub_state: str | None
    websub_lease_expires_at: datetime | None
    websub_last_push_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Feed:
        """Map a dict row to a Feed (columns added by later migrations are ignored)."""
        return cls(**{f.name: row[f.name] for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class EntryRow:
    """An entry to record: its key (canonical URL), link, title and date as the feed gave them."""

    key: str
    url: str
    title: str | None
    published: str | None


def _one(conn: psycopg.Connection, name: str, params: dict[str, Any]) -> Feed | None:
    row = conn.execute(Q[name], params).fetchone()  # type: ignore[arg-type]
    return Feed.from_row(row) if row else None  # type: ignore[arg-type]


def insert_feed(
    *,
    conn: psycopg.Connection,
    url: str,
    canonical_url: str,
    source_id: int | None,
    interval_seconds: int,
    source_name: str | None = None,
    added_by: str | None = None,
    parent_id: int | None = None,
) -> tuple[Feed, bool]:
    """Register a feed, or return the existing one with the same canonical URL. Returns (feed, created)."""
    params = {
        "url": url,
        "canonical_url": canonical_url,
        "source_id": source_id,
        "source_name": source_name,
        "added_by": added_by,
        "parent_id": parent_id,
        "interval": interval_seconds,
    }
    feed = _one(conn, "insert_feed", params)
    if feed is not None:
        return feed, True
    existing = _one(conn, "feed_by_canonical_url", {"canonical_url": canonical_url})
    assert existing is not None, "conflict on canonical_url but no row: impossible inside one transaction"
    return existing, False


def get_feed(*, conn: psycopg.Connection, feed_id: int) -> Feed | None:
    """The feed with this id, or None."""
    return _one(conn, "get_feed", {"id": feed_id})


def list_feeds(*, conn: psycopg.Connection, limit: int = 1000, offset: int = 0) -> list[Feed]:
    """Feeds in id order."""
    rows = conn.execute(Q["list_feeds"], {"limit": limit, "offset": offset}).fetchall()  # type: ignore[arg-type]
    return [Feed.from_row(r) for r in rows]  # type: ignore[arg-type]


def claim_feed(*, conn: psycopg.Connection, feed_id: int, holder: str, lease_seconds: float) -> Feed | None:
    """Take the polling lease on a feed; None when it is disabled or another worker holds it."""
    return _one(conn, "claim_feed", {"id": feed_id, "holder": holder, "lease": lease_seconds})


def due_feeds(*, conn: psycopg.Connection, limit: int = 200) -> list[dict[str, Any]]:
    """Feeds due for a poll and not leased, locked for this transaction (SKIP LOCKED)."""
    return conn.execute(Q["due_feeds"], {"limit": limit}).fetchall()  # type: ignore[arg-type,return-value]


def mark_scheduled(*, conn: psycopg.Connection, feed_ids: Sequence[int], resend_after: float) -> None:
    """Record that polls were sent: the feeds are not due again before `resend_after` seconds."""
    conn.execute(Q["mark_scheduled"], {"ids": list(feed_ids), "resend_after": resend_after})  # type: ignore[arg-type]


def poll_succeeded(
    *,
    conn: psycopg.Connection,
    feed_id: int,
    holder: str,
    changed: bool,
    status: str,
    http_status: int | None,
    interval_seconds: int,
    new_entries: int,
    kind: str | None = None,
    title: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    hub: str | None = None,
    topic: str | None = None,
    next_in_seconds: int | None = None,
) -> Feed | None:
    """Record a good poll (200 or 304): errors reset, validators and interval stored, lease released,
    next poll after the interval (or after `next_in_seconds`). None when the lease was lost meanwhile
    (another worker's result stands)."""
    params = {
        "id": feed_id,
        "holder": holder,
        "changed": changed,
        "status": status,
        "http_status": http_status,
        "interval": interval_seconds,
        "new_entries": new_entries,
        "kind": kind,
        "title": title,
        "etag": etag,
        "last_modified": last_modified,
        "hub": hub,
        "topic": topic,
        "next_in": interval_seconds if next_in_seconds is None else next_in_seconds,
    }
    return _one(conn, "poll_succeeded", params)


def poll_failed(
    *,
    conn: psycopg.Connection,
    feed_id: int,
    holder: str,
    status: str,
    error: str,
    http_status: int | None,
    delay_seconds: int,
) -> Feed | None:
    """Record a failed poll: one more consecutive error, next poll after the back-off, lease released."""
    params = {
        "id": feed_id,
        "holder": holder,
        "status": status,
        "error": error[:2000],
        "http_status": http_status,
        "delay": delay_seconds,
    }
    return _one(conn, "poll_failed", params)


def record_entries(
    *, conn: psycopg.Connection, feed_id: int, entries: Sequence[EntryRow], via: str = "poll"
) -> set[str]:
    """Insert entries not seen before in this feed; returns the keys that were new.
    Also adds their number to the feed's entries_seen (same transaction)."""
    if not entries:
        return set()
    params = {
        "feed_id": feed_id,
        "via": via,
        "keys": [e.key for e in entries],
        "urls": [e.url for e in entries],
        "titles": [e.title for e in entries],
        "published": [e.published for e in entries],
    }
    rows = conn.execute(Q["record_entries"], params).fetchall()  # type: ignore[arg-type]
    new = {r["entry_key"] for r in rows}  # type: ignore[call-overload,index]
    if new:
        conn.execute(Q["add_entries_seen"], {"id": feed_id, "n": len(new)})  # type: ignore[arg-type]
    return new


def entry_keys(*, conn: psycopg.Connection, feed_id: int) -> list[str]:
    """Every entry key recorded for a feed, oldest first."""
    rows = conn.execute(Q["entry_keys"], {"feed_id": feed_id}).fetchall()  # type: ignore[arg-type]
    return [r["entry_key"] for r in rows]  # type: ignore[call-overload,index]


def websub_requested(*, conn: psycopg.Connection, feed_id: int, hub: str, topic: str, secret: str) -> Feed | None:
    """Store the hub, topic and secret of a subscription request just sent."""
    return _one(conn, "websub_requested", {"id": feed_id, "hub": hub, "topic": topic, "secret": secret})


def websub_set_state(
    *, conn: psycopg.Connection, feed_id: int, state: str, lease_seconds: int | None = None
) -> Feed | None:
    """Set the subscription state (verified, denied, failed, unsubscribed) and its lease when given."""
    return _one(conn, "websub_set_state", {"id": feed_id, "state": state, "lease": lease_seconds})


def websub_pushed(*, conn: psycopg.Connection, feed_id: int) -> None:
    """Note that the hub delivered signed content just now."""
    conn.execute(Q["websub_pushed"], {"id": feed_id})  # type: ignore[arg-type]


def job_counts(*, conn: psycopg.Connection, feed_id: int) -> dict[str, int]:
    """{job status: count} over the jobs made from this feed's entries."""
    rows = conn.execute(Q["feed_counts_by_status"], {"feed_id": feed_id}).fetchall()  # type: ignore[arg-type]
    return {r["status"]: int(r["n"]) for r in rows}  # type: ignore[call-overload,index]


def poll_deferred(*, conn: psycopg.Connection, feed_id: int, holder: str, delay_seconds: float) -> Feed | None:
    """Release the lease without counting an error; the feed is due again after `delay_seconds`."""
    return _one(conn, "poll_deferred", {"id": feed_id, "holder": holder, "delay": delay_seconds})
