"""Sending a WebSub subscription request to a hub, through the fetcher's SSRF guard.

The hub URL comes from a feed document, i.e. from the internet: it gets the same checks as
any fetched URL (scheme, port, every resolved address, pinned connection, no redirects).
The secret and topic are stored before the request is sent, because hubs may verify the
subscription (GET on our callback) before they even answer the POST.
"""

from __future__ import annotations

import httpx
import structlog
from psycopg_pool import ConnectionPool

from pipeline.fetch import FetchConfig, FetchError
from pipeline.fetch.guard import check_url, resolve_checked
from pipeline.fetch.transport import Deadline, PinnedBackend, make_client
from pipeline.websub import new_secret, subscription_form
from schemas.settings import Settings
from storage import feeds as feeds_db

log = structlog.get_logger(__name__)


def post_form_guarded(url: str, form: dict[str, str], config: FetchConfig) -> int:
    """POST a form to ``url`` after the fetcher's address checks; returns the HTTP status.
    Raises FetchError (SkipFetch for a refused address) or httpx.HTTPError."""
    backend = PinnedBackend(Deadline(config.total_timeout))
    target = check_url(url, config)
    backend.pin(target.host, target.port, resolve_checked(target, config, None, backend.deadline.at))
    with make_client(backend, config.connect_timeout, config.read_timeout) as client:
        response = client.post(target.url, data=form, headers={"User-Agent": config.user_agent})
        return response.status_code


def callback_url(public_url: str, feed_id: int) -> str:
    """Where the hub calls us back for this feed (api/routes/feeds.py serves it)."""
    return f"{public_url.rstrip('/')}/v1/websub/{feed_id}"


def subscribe(pool: ConnectionPool, feed_id: int, *, settings: Settings, fetch_config: FetchConfig) -> str:
    """Subscribe to the feed's hub; returns the state reached (requested or failed) or why not."""
    if not settings.public_url:
        return "no public_url"
    with pool.connection() as conn:
        feed = feeds_db.get_feed(conn=conn, feed_id=feed_id)
        if feed is None or not feed.websub_hub:
            return "no hub"
        topic = feed.websub_topic or feed.url
        secret = feed.websub_secret or new_secret()
        feeds_db.websub_requested(conn=conn, feed_id=feed.id, hub=feed.websub_hub, topic=topic, secret=secret)
        conn.commit()
    form = subscription_form(
        topic=topic,
        callback=callback_url(settings.public_url, feed.id),
        secret=secret,
        lease_seconds=settings.websub_lease_seconds,
    )
    try:
        status = post_form_guarded(feed.websub_hub, form, fetch_config)
    except (FetchError, httpx.HTTPError, OSError) as exc:
        log.warning("websub_subscribe_failed", feed_id=feed.id, error=repr(exc))
        status = 0
    if status in (200, 202, 204):
        return "requested"
    with pool.connection() as conn:
        feeds_db.websub_set_state(conn=conn, feed_id=feed.id, state="failed")
        conn.commit()
    return f"failed (hub answered {status})" if status else "failed"
