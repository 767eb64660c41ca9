"""Feeds: register and inspect polled feeds (/v1/feeds), and the WebSub callback (/v1/websub/{id}).

Registering commits the feed row, then sends its first poll; beat polls it from then on. The
WebSub callback has no API key (hubs have none): a subscription is verified by echoing the
hub's challenge for the exact topic we asked for, and content is accepted only with a valid
X-Hub-Signature HMAC made with the secret we gave the hub.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.responses import PlainTextResponse

from api.deps import ApiKey, Conn, settings_dep
from pipeline.feeds import FeedError, parse_feed, parse_interval
from pipeline.urls import canonical_url, source_host
from pipeline.websub import ChallengeRefused, is_denial, verify_challenge, verify_signature
from schemas.api import FeedHealth, FeedIn, FeedList, FeedOut, WebSubOut
from schemas.settings import Settings
from storage import feeds as feeds_db
from storage import jobs
from storage.feeds import Feed
from workers.feed_ingest import ingest_entries, send_poll

router = APIRouter(prefix="/v1", tags=["feeds"])
Config = Annotated[Settings, Depends(settings_dep)]


def _refuse(code: int, field: str, reason: str) -> HTTPException:
    return HTTPException(code, [{"field": field, "reason": reason}])


def feed_out(feed: Feed, *, job_counts: dict[str, int] | None = None, created: bool | None = None) -> FeedOut:
    """The API view of a feed row, with its health."""
    if not feed.enabled:
        state = "disabled"
    elif feed.polls == 0:
        state = "new"
    else:
        state = "failing" if feed.consecutive_errors else "healthy"
    health = FeedHealth(
        state=state,
        consecutive_errors=feed.consecutive_errors,
        last_status=feed.last_status,
        last_http_status=feed.last_http_status,
        last_error=feed.last_error,
        polls=feed.polls,
        last_polled_at=feed.last_polled_at,
        last_changed_at=feed.last_changed_at,
        last_new_entry_at=feed.last_new_entry_at,
        next_poll_at=feed.next_poll_at,
    )
    websub = WebSubOut(
        hub=feed.websub_hub,
        topic=feed.websub_topic,
        state=feed.websub_state,
        lease_expires_at=feed.websub_lease_expires_at,
        last_push_at=feed.websub_last_push_at,
    )
    return FeedOut(
        id=feed.id,
        url=feed.url,
        kind=feed.kind,
        title=feed.title,
        source=feed.source_name,
        parent_id=feed.parent_id,
        enabled=feed.enabled,
        base_interval_seconds=feed.base_interval_seconds,
        interval_seconds=feed.interval_seconds,
        entries_seen=feed.entries_seen,
        last_new_entries=feed.last_new_entries,
        created_at=feed.created_at,
        health=health,
        websub=websub,
        jobs=job_counts,
        created=created,
    )


@router.post("/feeds", status_code=status.HTTP_201_CREATED, response_model=FeedOut)
def post_feed(body: FeedIn, conn: Conn, key: ApiKey, settings: Config, response: Response) -> FeedOut:
    """Register a feed to poll (201), or return the one already registered for that URL (200).
    The first poll is sent at once; the kind (RSS, Atom, sitemap...) is detected by it."""
    try:
        interval = parse_interval(body.every) if body.every is not None else settings.feed_default_interval_seconds
    except ValueError as exc:
        raise _refuse(422, "every", str(exc)) from None
    lo, hi = settings.feed_min_interval_seconds, settings.feed_max_interval_seconds
    if not lo <= interval <= hi:
        raise _refuse(422, "every", f"must be between {lo} and {hi} seconds, not {interval}")
    source_id = jobs.upsert_source(conn=conn, host=source_host(body.url))
    feed, created = feeds_db.insert_feed(
        conn=conn,
        url=body.url,
        canonical_url=canonical_url(body.url),
        source_id=source_id,
        interval_seconds=interval,
        source_name=body.source,
        added_by=key,
    )
    if created:  # its first poll is sent below: beat must not send a second one meanwhile
        feeds_db.mark_scheduled(conn=conn, feed_ids=[feed.id], resend_after=settings.feed_lease_seconds)
    conn.commit()
    if created:
        send_poll(feed.id, feed.url)  # after the commit: the worker must find the row
    else:
        response.status_code = status.HTTP_200_OK
    return feed_out(feed, created=created)


@router.get("/feeds", response_model=FeedList)
def list_feeds(conn: Conn, _: ApiKey, limit: int = 1000, offset: int = 0) -> FeedList:
    """Every feed with its health, in registration order."""
    return FeedList(feeds=[feed_out(f) for f in feeds_db.list_feeds(conn=conn, limit=min(limit, 1000), offset=offset)])


@router.get("/feeds/{feed_id}", response_model=FeedOut)
def get_feed(feed_id: int, conn: Conn, _: ApiKey) -> FeedOut:
    """One feed: health, interval, WebSub state, and the jobs its entries became, by status."""
    feed = feeds_db.get_feed(conn=conn, feed_id=feed_id)
    if feed is None:
        raise _refuse(404, "feed_id", f"no feed {feed_id}")
    return feed_out(feed, job_counts=feeds_db.job_counts(conn=conn, feed_id=feed_id))


@router.get("/websub/{feed_id}", response_class=PlainTextResponse)
def websub_verify(feed_id: int, request: Request, conn: Conn) -> PlainTextResponse:
    """Hub verification of intent: echo hub.challenge for the topic we subscribed to (else 404)."""
    feed = feeds_db.get_feed(conn=conn, feed_id=feed_id)
    if feed is None:
        raise _refuse(404, "feed_id", f"no feed {feed_id}")
    params = dict(request.query_params)
    if is_denial(params):
        feeds_db.websub_set_state(conn=conn, feed_id=feed.id, state="denied")
        conn.commit()
        return PlainTextResponse("")
    try:
        challenge = verify_challenge(params, expected_topic=feed.websub_topic)
    except ChallengeRefused as exc:
        raise _refuse(404, "hub.topic", str(exc)) from None
    if challenge.mode == "subscribe" and feed.websub_state not in ("requested", "verified"):
        raise _refuse(404, "hub.mode", "no subscription was requested for this feed")
    if challenge.mode == "unsubscribe" and feed.enabled and feed.websub_state != "unsubscribed":
        raise _refuse(404, "hub.mode", "no unsubscription was requested for this feed")
    state = "verified" if challenge.mode == "subscribe" else "unsubscribed"
    feeds_db.websub_set_state(conn=conn, feed_id=feed.id, state=state, lease_seconds=challenge.lease_seconds)
    conn.commit()
    return PlainTextResponse(challenge.challenge)


async def _raw_body(request: Request) -> bytes:
    return await request.body()


@router.post("/websub/{feed_id}", status_code=status.HTTP_202_ACCEPTED)
def websub_content(
    feed_id: int,
    request: Request,
    conn: Conn,
    settings: Config,
    body: Annotated[bytes, Depends(_raw_body)],
) -> dict[str, int]:
    """Content distribution: the hub POSTs the updated feed. A missing or wrong signature is a
    403 and nothing is created; otherwise new entries become jobs like polled ones."""
    feed = feeds_db.get_feed(conn=conn, feed_id=feed_id)
    if feed is None:
        raise _refuse(404, "feed_id", f"no feed {feed_id}")
    if len(body) > settings.feed_max_bytes:
        raise _refuse(413, "body", f"larger than {settings.feed_max_bytes} bytes")
    if not verify_signature(feed.websub_secret, body, request.headers.get("x-hub-signature")):
        raise _refuse(403, "X-Hub-Signature", "missing or invalid signature for this feed's secret")
    try:
        parsed = parse_feed(body, url=feed.url)
    except FeedError as exc:
        raise _refuse(400, "body", str(exc)) from None
    ingested = ingest_entries(conn, feed, parsed.entries, via="websub")  # commits, then sends fetch messages
    feeds_db.websub_pushed(conn=conn, feed_id=feed.id)
    conn.commit()
    return {
        "new_entries": ingested.new,
        "jobs_created": sum(s.created for s in ingested.submitted),
        "invalid": ingested.invalid,
    }
