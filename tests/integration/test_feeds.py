"""Feeds against a real Postgres and Redis: RSS, Atom and sitemaps served from 127.0.0.1 that change
between polls. The poll task body is called directly (deterministic); the last test goes
through real workers and beat.

What is asserted every time: exactly which jobs exist for the feed's articles, and that none
is duplicated (one job per canonical URL, whatever the feed repeats, removes or re-adds).
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.conftest import Workers, wait_for
from tests.integration.feed_server import FeedServer, rss, sitemap_index, urlset

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def server(loopback_ports: list[int]) -> Iterator[FeedServer]:
    with FeedServer(loopback_ports[1]) as srv:
        yield srv


@pytest.fixture()
def db(stack_env: dict[str, str]) -> Iterator[Any]:
    from storage.db import connect

    with connect(stack_env["AKHBAR_DATABASE_URL"], autocommit=True) as conn:
        yield conn


def register(db: Any, url: str, every: int = 600, source: str | None = "Test outlet") -> int:
    from pipeline.urls import canonical_url
    from storage import feeds, jobs

    source_id = jobs.upsert_source(conn=db, host="127.0.0.1")
    feed, created = feeds.insert_feed(
        conn=db,
        url=url,
        canonical_url=canonical_url(url),
        source_id=source_id,
        interval_seconds=every,
        source_name=source,
    )
    assert created
    # Polled by calling the task here: make sure beat (if a test stack runs it) never sends it too.
    db.execute("UPDATE feeds SET next_poll_at = now() + interval '1 day' WHERE id = %s", (feed.id,))
    return feed.id


def poll(feed_id: int) -> dict[str, Any]:
    from workers.feeds_task import poll_feed

    return poll_feed.run(feed_id)


def feed_row(db: Any, feed_id: int) -> Any:
    from storage.feeds import get_feed

    return get_feed(conn=db, feed_id=feed_id)


def jobs_under(db: Any, server: FeedServer, prefix: str) -> list[dict[str, Any]]:
    """Every job whose URL is under the prefix on the test server, oldest first."""
    rows = db.execute(
        "SELECT id, url, canonical_url, hints, stage, status FROM jobs WHERE url LIKE %s ORDER BY id",
        (server.url(prefix) + "%",),
    ).fetchall()
    canon = [r["canonical_url"] for r in rows]
    assert len(canon) == len(set(canon)), f"duplicated jobs: {canon}"
    return rows


def paths(rows: list[dict[str, Any]], server: FeedServer) -> list[str]:
    return [r["url"].removeprefix(server.url("")) for r in rows]


DAY = "Tue, 24 Nov 2026 09:30:00 +0000"


def test_rss_new_removed_readded_entries_and_304(db: Any, server: FeedServer) -> None:
    a = [server.url(f"/t1/a{i}.html") for i in range(6)]
    feed_url = server.set("/t1/feed.xml", rss([(a[0], "خبر أول", DAY), (a[1], "ثاني", None), (a[2], "ثالث", None)]))
    feed_id = register(db, feed_url)

    assert poll(feed_id) == {"status": "ok", "new_entries": 3, "jobs_created": 3}
    rows = jobs_under(db, server, "/t1/")
    assert paths(rows, server) == ["/t1/a0.html", "/t1/a1.html", "/t1/a2.html"]
    first = rows[0]["hints"]
    assert first["title"] == "خبر أول" and first["published"] == "2026-11-24T09:30:00+00:00"
    assert (first["source"], first["feed_id"], first["via"]) == ("Test outlet", feed_id, "poll")
    assert "published" not in rows[1]["hints"]
    feed = feed_row(db, feed_id)
    assert (feed.kind, feed.title, feed.entries_seen, feed.consecutive_errors) == ("rss", "Test feed", 3, 0)
    assert feed.etag and feed.lease_until is None

    # Unchanged: the conditional GET gets a 304, nothing new.
    assert poll(feed_id) == {"status": "not_modified", "new_entries": 0, "jobs_created": 0}
    assert server.hits("/t1/feed.xml") == [None, feed.etag]
    assert feed_row(db, feed_id).last_status == "not_modified"

    # a2 leaves the feed, a3 and a4 arrive, a0 comes back with tracking parameters.
    server.set(
        "/t1/feed.xml",
        rss([(a[3], "4", DAY), (a[4], "5", None), (a[0] + "?utm_source=rss", "1", None), (a[1], "2", None)]),
    )
    assert poll(feed_id) == {"status": "ok", "new_entries": 2, "jobs_created": 2}
    # a2 comes back, a5 is new, and a3 is listed twice in one document.
    server.set("/t1/feed.xml", rss([(a[2], "3", None), (a[5], "6", None), (a[3], "4", None), (a[3], "4b", None)]))
    assert poll(feed_id) == {"status": "ok", "new_entries": 1, "jobs_created": 1}
    assert paths(jobs_under(db, server, "/t1/"), server) == [f"/t1/a{i}.html" for i in range(6)]
    feed = feed_row(db, feed_id)
    assert (feed.entries_seen, feed.polls, feed.consecutive_errors, feed.last_new_entries) == (6, 4, 0, 1)


def test_an_article_already_submitted_elsewhere_is_not_a_second_job(db: Any, server: FeedServer) -> None:
    from workers.submission import submit_urls

    a = [server.url(f"/t2/a{i}.html") for i in range(2)]
    submit_urls(db, [a[0]], hints={"submitted_by": "someone"})
    feed_id = register(db, server.set("/t2/feed.xml", rss([(a[0], "0", None), (a[1], "1", None)])))
    assert poll(feed_id) == {"status": "ok", "new_entries": 2, "jobs_created": 1}
    rows = jobs_under(db, server, "/t2/")
    assert paths(rows, server) == ["/t2/a0.html", "/t2/a1.html"]
    assert rows[0]["hints"] == {"submitted_by": "someone"}  # the first submission's job, untouched


def test_malformed_xml_backs_off_then_recovers(db: Any, server: FeedServer, api: Any, api_key: str) -> None:
    good = rss([(server.url("/t3/a0.html"), "0", None)])
    feed_id = register(db, server.set("/t3/feed.xml", good.replace("</channel>", "")), every=600)

    assert poll(feed_id)["status"] == "error:malformed_xml"
    feed = feed_row(db, feed_id)
    assert feed.consecutive_errors == 1 and "malformed_xml" in feed.last_error
    first_delay = (feed.next_poll_at - feed.last_polled_at).total_seconds()
    assert 595 <= first_delay <= 605
    assert poll(feed_id)["status"] == "error:malformed_xml"
    feed = feed_row(db, feed_id)
    assert feed.consecutive_errors == 2
    assert 1195 <= (feed.next_poll_at - feed.last_polled_at).total_seconds() <= 1205  # doubled
    health = api.get(f"/v1/feeds/{feed_id}", headers={"X-API-Key": api_key}).json()["health"]
    assert (health["state"], health["consecutive_errors"], health["last_status"]) == (
        "failing",
        2,
        "error:malformed_xml",
    )
    assert jobs_under(db, server, "/t3/") == []

    server.set("/t3/feed.xml", good)
    assert poll(feed_id) == {"status": "ok", "new_entries": 1, "jobs_created": 1}
    feed = feed_row(db, feed_id)
    assert (feed.consecutive_errors, feed.last_status) == (0, "ok")
    body = api.get(f"/v1/feeds/{feed_id}", headers={"X-API-Key": api_key}).json()
    assert body["health"]["state"] == "healthy" and body["entries_seen"] == 1
    assert sum(body["jobs"].values()) == 1


@pytest.mark.parametrize(
    ("path", "kwargs", "status"),
    [
        (
            "/t4/html.xml",
            {
                "body": "<!DOCTYPE html><html><head><link rel='alternate' type='application/rss+xml' href='/t4/rss'>"
                "</head><body><a href='/x'>x</a></body></html>",
                "content_type": "text/html",
            },
            "error:not_a_feed",
        ),
        ("/t4/missing.xml", None, "error:http_404"),
        ("/t4/down.xml", {"body": "oops", "status": 503, "content_type": "text/plain"}, "error:http_503"),
        ("/t4/image.xml", {"body": b"\x89PNG", "content_type": "image/png"}, "error:content_type:image/png"),
        ("/t4/empty.xml", {"body": "", "content_type": "application/xml"}, "error:empty"),
    ],
)
def test_feeds_that_are_not_feeds(db: Any, server: FeedServer, path: str, kwargs: dict | None, status: str) -> None:
    url = server.set(path, **kwargs) if kwargs else server.url(path)
    feed_id = register(db, url)
    assert poll(feed_id) == {"status": status, "new_entries": 0, "jobs_created": 0}
    feed = feed_row(db, feed_id)
    assert (feed.consecutive_errors, feed.last_status, feed.kind) == (1, status, None)
    if status == "error:not_a_feed":  # the error says what to register instead
        assert feed.last_error.endswith(f"got an HTML page, not a feed (the page advertises: {server.url('/t4/rss')})")
    assert jobs_under(db, server, "/t4/") == []


def test_sitemap_index_children_news_sitemap_and_gzip(db: Any, server: FeedServer) -> None:
    a = [server.url(f"/t5/a{i}.html") for i in range(4)]
    news = {a[0]: ("عنوان الخبر", "2026-11-20T08:00:00Z")}
    child1 = server.set("/t5/news.xml", urlset([a[0], a[1]], news=news), content_type="application/xml")
    child2 = server.set("/t5/old.xml.gz", gzip.compress(urlset([a[2]]).encode()), content_type="application/gzip")
    index_id = register(
        db, server.set("/t5/index.xml", sitemap_index([child1, child2, child1]), content_type="text/xml")
    )

    assert poll(index_id) == {"status": "ok", "new_entries": 2, "jobs_created": 0}
    assert feed_row(db, index_id).kind == "sitemap_index"
    children = db.execute("SELECT id, url FROM feeds WHERE parent_id = %s ORDER BY id", (index_id,)).fetchall()
    assert [c["url"] for c in children] == [child1, child2]
    assert poll(children[0]["id"]) == {"status": "ok", "new_entries": 2, "jobs_created": 2}
    assert poll(children[1]["id"]) == {"status": "ok", "new_entries": 1, "jobs_created": 1}
    assert (feed_row(db, children[0]["id"]).kind, feed_row(db, children[1]["id"]).kind) == ("news_sitemap", "sitemap")
    rows = jobs_under(db, server, "/t5/")
    assert paths(rows, server) == ["/t5/a0.html", "/t5/a1.html", "/t5/a2.html"]
    assert (rows[0]["hints"]["title"], rows[0]["hints"]["published"]) == ("عنوان الخبر", "2026-11-20T08:00:00+00:00")

    # The index lists the same children again: no new feed.
    assert poll(index_id)["status"] == "not_modified"
    server.set("/t5/index.xml", sitemap_index([child1, child2]) + " ", content_type="text/xml")
    assert poll(index_id) == {"status": "ok", "new_entries": 0, "jobs_created": 0}


def test_one_feed_is_never_polled_by_two_workers(db: Any, server: FeedServer) -> None:
    from storage.feeds import claim_feed

    feed_url = server.set("/t6/feed.xml", rss([(server.url("/t6/a0.html"), "0", None)]), delay=1.5)
    feed_id = register(db, feed_url)
    results: list[dict[str, Any]] = []
    threads = [threading.Thread(target=lambda: results.append(poll(feed_id))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r["status"] for r in results) == ["busy", "busy", "busy", "ok"]
    assert len(server.hits("/t6/feed.xml")) == 1
    assert len(jobs_under(db, server, "/t6/")) == 1
    # A lease held by another worker blocks a poll; once it expires, polling resumes.
    assert claim_feed(conn=db, feed_id=feed_id, holder="other:1", lease_seconds=0.5) is not None
    assert poll(feed_id)["status"] == "busy"
    wait_for(lambda: poll(feed_id)["status"] == "not_modified", timeout=10, message="lease did not expire")


def test_interval_adapts_to_the_feed(db: Any, server: FeedServer) -> None:
    a = [server.url(f"/t7/a{i}.html") for i in range(8)]
    feed_id = register(db, server.set("/t7/feed.xml", rss([(a[0], "0", None)])), every=600)
    poll(feed_id)  # first poll: the backlog says nothing about the pace
    assert feed_row(db, feed_id).interval_seconds == 600
    poll(feed_id)  # 304: nothing new, look less often
    assert feed_row(db, feed_id).interval_seconds == 900
    server.set("/t7/feed.xml", rss([(u, "x", None) for u in a[:4]]))  # 3 new at once: look 3x more often
    poll(feed_id)
    feed = feed_row(db, feed_id)
    assert feed.interval_seconds == 300
    assert 295 <= (feed.next_poll_at - feed.last_polled_at).total_seconds() <= 305


def test_schedule_sends_each_due_feed_once(db: Any, server: FeedServer) -> None:
    from workers.context import context
    from workers.feeds_task import schedule_once

    feed_id = register(db, server.set("/t8/feed.xml", rss([])))
    db.execute("UPDATE feeds SET next_poll_at = now() + interval '1 hour' WHERE id <> %s", (feed_id,))
    db.execute("UPDATE feeds SET next_poll_at = now() WHERE id = %s", (feed_id,))
    sent = schedule_once(context().pool, resend_after=120)
    if sent == []:  # a running beat got there first: it must have pushed the feed out the same way
        assert (feed_row(db, feed_id).next_poll_at - feed_row(db, feed_id).updated_at).total_seconds() > 60
        return
    assert sent == [feed_id]
    assert schedule_once(context().pool, resend_after=120) == []  # not re-sent while its poll is on its way
    feed = feed_row(db, feed_id)
    assert 110 <= (feed.next_poll_at - feed.updated_at).total_seconds() <= 130


def test_feeds_api_register_list_and_refuse(api: Any, api_key: str, server: FeedServer) -> None:
    headers = {"X-API-Key": api_key}
    url = server.set("/t9/feed.xml", rss([]))
    created = api.post("/v1/feeds", json={"url": url, "every": "5m", "source": "Outlet"}, headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["created"], body["interval_seconds"], body["source"], body["health"]["state"]) == (
        True,
        300,
        "Outlet",
        "new",
    )
    again = api.post("/v1/feeds", json={"url": url + "#frag", "every": "1h"}, headers=headers)
    assert again.status_code == 200 and again.json()["id"] == body["id"] and again.json()["created"] is False
    listed = api.get("/v1/feeds", headers=headers).json()["feeds"]
    assert body["id"] in [f["id"] for f in listed]
    for payload, field, reason in [
        ({"url": url, "every": "5 minutes"}, "every", "90s, 5m"),
        ({"url": url, "every": "1s"}, "every", "between"),
        ({"url": "ftp://x/feed"}, "url", "scheme"),
        ({"url": url, "surprise": 1}, "surprise", "not permitted"),
    ]:
        response = api.post("/v1/feeds", json=payload, headers=headers)
        assert response.status_code == 422, response.text
        assert any(d["field"] == field and reason in d["reason"] for d in response.json()["detail"]), response.json()
    assert api.get("/v1/feeds/999999", headers=headers).status_code == 404
    assert api.get("/v1/feeds").status_code == 401


def test_websub_challenge_and_signed_content(db: Any, api: Any, server: FeedServer) -> None:
    from pipeline.websub import sign
    from storage.feeds import websub_requested

    topic = server.url("/t10/feed.xml")
    feed_id = register(db, topic)
    websub_requested(conn=db, feed_id=feed_id, hub="https://hub.example/", topic=topic, secret="s3cret")
    challenge = {"hub.mode": "subscribe", "hub.topic": topic, "hub.challenge": "xyz-42", "hub.lease_seconds": "3600"}
    response = api.get(f"/v1/websub/{feed_id}", params=challenge)
    assert (response.status_code, response.text) == (200, "xyz-42")
    feed = feed_row(db, feed_id)
    assert feed.websub_state == "verified" and feed.websub_lease_expires_at is not None
    assert api.get(f"/v1/websub/{feed_id}", params={**challenge, "hub.topic": "https://evil/"}).status_code == 404
    assert api.get("/v1/websub/999999", params=challenge).status_code == 404

    a = [server.url(f"/t10/a{i}.html") for i in range(3)]
    body = rss([(a[0], "مدفوع", DAY), (a[1], "ثان", None)]).encode()
    for bad in [None, sign("wrong", body), sign("s3cret", body + b" "), "sha256=zz"]:
        headers = {"Content-Type": "application/rss+xml", **({"X-Hub-Signature": bad} if bad else {})}
        response = api.post(f"/v1/websub/{feed_id}", content=body, headers=headers)
        assert response.status_code == 403, response.text
        assert response.json()["detail"][0]["field"] == "X-Hub-Signature"
    assert jobs_under(db, server, "/t10/") == []

    response = api.post(
        f"/v1/websub/{feed_id}", content=body, headers={"X-Hub-Signature": sign("s3cret", body, "sha1")}
    )
    assert response.status_code == 202 and response.json()["new_entries"] == 2
    body2 = rss([(a[1], "ثان", None), (a[2], "ثالث", None)]).encode()
    response = api.post(f"/v1/websub/{feed_id}", content=body2, headers={"X-Hub-Signature": sign("s3cret", body2)})
    assert response.json() == {"new_entries": 1, "jobs_created": 1, "invalid": 0}
    rows = jobs_under(db, server, "/t10/")
    assert paths(rows, server) == ["/t10/a0.html", "/t10/a1.html", "/t10/a2.html"]
    assert rows[0]["hints"]["via"] == "websub" and rows[0]["hints"]["title"] == "مدفوع"
    assert feed_row(db, feed_id).websub_last_push_at is not None
    bad = b"<rss><channel>"
    assert (
        api.post(f"/v1/websub/{feed_id}", content=bad, headers={"X-Hub-Signature": sign("s3cret", bad)}).status_code
        == 400
    )


PARAGRAPHS = [
    "أعلنت وزارة الاقتصاد والمالية يوم الثلاثاء عن حزمة جديدة من الإجراءات لدعم المقاولات الصغيرة "
    "والمتوسطة في مختلف جهات المملكة، وذلك في إطار مشروع قانون المالية للسنة المقبلة.",
    "وأوضح بلاغ للوزارة أن هذه الإجراءات تشمل تخفيضات ضريبية وتسهيلات في الولوج إلى التمويل، "
    "إضافة إلى برامج للمواكبة والتكوين لفائدة حاملي المشاريع الشباب.",
    "ويرتقب أن يناقش البرلمان هذه المقتضيات خلال الأسابيع القادمة، في وقت تطالب فيه الهيئات "
    "المهنية بمزيد من الدعم لمواجهة ارتفاع الأسعار.",
]
ARTICLE = (
    '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>'
    '<meta property="article:published_time" content="2026-11-24T09:00:00+00:00"></head><body><article>'
    "<h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"
)


def test_through_real_workers_and_beat(
    workers: Workers,
    api: Any,
    api_key: str,
    db: Any,
    server: FeedServer,
) -> None:
    """POST /v1/feeds -> poll on the feeds queue -> jobs fetched and processed; then the feed
    changes, beat finds it due and the next poll adds exactly the new article."""
    workers.start("feeds", "worker", "-Q", "feeds", "-P", "threads", "-c", "4", "-n", "feeds@%h", "--loglevel", "INFO")
    try:
        a = [
            server.set(
                f"/t11/a{i}.html", ARTICLE.format(title=f"مقال رقم {i}"), content_type="text/html; charset=utf-8"
            )
            for i in range(3)
        ]
        url = server.set("/t11/feed.xml", rss([(a[0], "0", DAY), (a[1], "1", DAY)]))
        response = api.post("/v1/feeds", json={"url": url, "every": "10m"}, headers={"X-API-Key": api_key})
        assert response.status_code == 201, response.text
        feed_id = response.json()["id"]

        def finished(n: int) -> bool:
            rows = jobs_under(db, server, "/t11/a")
            return len(rows) == n and all(r["status"] in ("done", "skipped", "dead") for r in rows)

        try:
            wait_for(lambda: finished(2), timeout=200, message="first poll's jobs")
        except AssertionError as exc:
            rows = jobs_under(db, server, "/t11/a")
            raise AssertionError(f"{exc}\n{rows}\n{workers.log('feeds')}\n{workers.log('fetch')}") from None
        server.set("/t11/feed.xml", rss([(a[1], "1", DAY), (a[2], "2", DAY)]))
        db.execute("UPDATE feeds SET next_poll_at = now() WHERE id = %s", (feed_id,))  # due now: beat's turn
        try:
            wait_for(lambda: finished(3), timeout=120, message="beat-driven poll")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{workers.log('maintenance')}\n{workers.log('feeds')}") from None
        rows = jobs_under(db, server, "/t11/a")
        assert paths(rows, server) == ["/t11/a0.html", "/t11/a1.html", "/t11/a2.html"]
        assert [r["status"] for r in rows] == ["done", "done", "done"], rows
        feed = feed_row(db, feed_id)
        assert (feed.polls, feed.entries_seen, feed.consecutive_errors) == (2, 3, 0)
    finally:
        workers.stop("feeds")


def test_hub_discovered_by_a_poll_then_subscribed_verified_and_pushed(db: Any, api: Any, server: FeedServer) -> None:
    """The whole WebSub round: poll finds the hub, the subscription request reaches the hub (through
    the SSRF guard), the hub's challenge is answered, and a push signed with that secret makes jobs."""
    from urllib.parse import parse_qs

    from pipeline.websub import sign
    from workers.context import context
    from workers.websub_client import subscribe

    hub, topic = server.url("/t12/hub"), server.url("/t12/self.xml")
    links = f'<atom:link rel="hub" href="{hub}"/><atom:link rel="self" href="{topic}"/>'
    feed_id = register(db, server.set("/t12/feed.xml", rss([], extra=links)))
    assert poll(feed_id)["status"] == "ok"
    feed = feed_row(db, feed_id)
    assert (feed.websub_hub, feed.websub_topic, feed.websub_state) == (hub, topic, None)

    ctx = context()
    settings = ctx.settings.model_copy(update={"public_url": "https://akhbar.test/"})
    server.set("/t12/hub", "", status=202)
    assert subscribe(ctx.pool, feed_id, settings=settings, fetch_config=ctx.fetch_config) == "requested"
    ((_, body),) = [p for p in server.posts if p[0] == "/t12/hub"]
    form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
    secret = feed_row(db, feed_id).websub_secret
    assert form == {
        "hub.mode": "subscribe",
        "hub.topic": topic,
        "hub.callback": f"https://akhbar.test/v1/websub/{feed_id}",
        "hub.secret": secret,
        "hub.lease_seconds": str(settings.websub_lease_seconds),
    }
    assert feed_row(db, feed_id).websub_state == "requested"

    challenge = {"hub.mode": "subscribe", "hub.topic": topic, "hub.challenge": "c-1", "hub.lease_seconds": "600"}
    assert api.get(f"/v1/websub/{feed_id}", params=challenge).text == "c-1"
    pushed = rss([(server.url("/t12/a0.html"), "push", None)]).encode()
    response = api.post(f"/v1/websub/{feed_id}", content=pushed, headers={"X-Hub-Signature": sign(secret, pushed)})
    assert response.json() == {"new_entries": 1, "jobs_created": 1, "invalid": 0}
    assert paths(jobs_under(db, server, "/t12/"), server) == ["/t12/a0.html"]

    # A hub that refuses: the state says so.
    server.set("/t12/hub", "", status=500)
    assert subscribe(ctx.pool, feed_id, settings=settings, fetch_config=ctx.fetch_config).startswith("failed")
    assert feed_row(db, feed_id).websub_state == "failed"
    # Without a public URL nobody can call us back: no request is sent.
    before = len(server.posts)
    assert subscribe(ctx.pool, feed_id, settings=ctx.settings, fetch_config=ctx.fetch_config) == "no public_url"
    assert len(server.posts) == before


def test_a_big_sitemap_is_read_over_several_polls(db: Any, server: FeedServer) -> None:
    """At most feed_max_new_per_poll new entries per poll (each chunk committed); the rest come at the
    next polls, which must not be 304s, and nothing is submitted twice."""
    from workers.context import context
    from workers.feeds_task import feed_fetch_config, poll_once

    ctx = context()
    settings = ctx.settings.model_copy(update={"feed_max_new_per_poll": 400})
    config = feed_fetch_config(ctx.fetch_config, settings.feed_max_bytes)
    urls = [server.url(f"/t13/a{i}.html") for i in range(900)]
    feed_id = register(db, server.set("/t13/sitemap.xml", urlset(urls), content_type="application/xml"))

    def run() -> tuple[str, int]:
        outcome = poll_once(ctx.pool, feed_id, settings=settings, fetch_config=config, worker="test")
        return outcome.status, outcome.new_entries

    assert run() == ("partial", 400)
    feed = feed_row(db, feed_id)
    assert feed.etag is None and (feed.next_poll_at - feed.last_polled_at).total_seconds() < 61
    assert run() == ("partial", 400)
    assert run() == ("ok", 100)
    assert feed_row(db, feed_id).interval_seconds == 600  # a backlog does not speed polling up
    assert run() == ("not_modified", 0)
    rows = jobs_under(db, server, "/t13/")
    assert len(rows) == 900 and feed_row(db, feed_id).entries_seen == 900


def test_ingest_stops_at_its_deadline_after_one_chunk(db: Any, server: FeedServer) -> None:
    import time

    from pipeline.feeds import FeedEntry
    from workers.feed_ingest import CHUNK, ingest_entries

    feed_id = register(db, server.url("/t14/feed.xml"))
    entries = [FeedEntry(server.url(f"/t14/a{i}.html")) for i in range(CHUNK * 2 + 50)]
    first = ingest_entries(db, feed_row(db, feed_id), entries, via="poll", deadline=time.monotonic() - 1)
    assert (first.new, first.complete) == (CHUNK, False)  # past the deadline: one chunk, then stop
    rest = ingest_entries(db, feed_row(db, feed_id), entries, via="poll")
    assert (rest.new, rest.complete) == (CHUNK + 50, True)
    assert len(jobs_under(db, server, "/t14/")) == CHUNK * 2 + 50


class _BusyHost:
    """A host limiter whose host is never free (another worker keeps fetching from it)."""

    def acquire(self, host: str, min_interval: float) -> float:
        return 1000.0

    def defer(self, host: str, seconds: float) -> None:
        pass


def test_waiting_for_the_host_is_not_an_error(db: Any, server: FeedServer) -> None:
    from workers.context import context
    from workers.feeds_task import feed_fetch_config, poll_once

    ctx = context()
    feed_id = register(db, server.set("/t15/feed.xml", rss([(server.url("/t15/a.html"), "a", None)])))
    outcome = poll_once(
        ctx.pool,
        feed_id,
        settings=ctx.settings,
        worker="test",
        limiter=_BusyHost(),
        fetch_config=feed_fetch_config(ctx.fetch_config, ctx.settings.feed_max_bytes),
    )
    assert outcome.status == "deferred"
    feed = feed_row(db, feed_id)
    assert (feed.consecutive_errors, feed.polls, feed.lease_until, feed.last_status) == (0, 0, None, None)
    assert server.hits("/t15/feed.xml") == []
    assert poll(feed_id)["status"] == "ok"


def test_a_lapsing_subscription_is_renewed_by_the_next_poll(db: Any, server: FeedServer) -> None:
    import json

    import redis

    from storage.feeds import websub_requested, websub_set_state
    from workers.context import context
    from workers.feeds_task import feed_fetch_config, poll_once

    ctx = context()
    settings = ctx.settings.model_copy(update={"public_url": "https://akhbar.test"})
    config = feed_fetch_config(ctx.fetch_config, settings.feed_max_bytes)
    hub = server.url("/t16/hub")
    url = server.set("/t16/feed.xml", rss([], extra=f'<atom:link rel="hub" href="{hub}"/>'))
    feed_id = register(db, url)
    websub_requested(conn=db, feed_id=feed_id, hub=hub, topic=url, secret="s")
    queue = redis.Redis.from_url(ctx.settings.redis_url)

    def subscribe_messages() -> int:
        bodies = [json.loads(m) for m in queue.lrange("feeds", 0, -1)]
        return sum(
            b["headers"]["task"] == "akhbar.websub_subscribe" and b["headers"]["argsrepr"] == f"[{feed_id}]"
            for b in bodies
        )

    websub_set_state(conn=db, feed_id=feed_id, state="verified", lease_seconds=10 * 86400)
    poll_once(ctx.pool, feed_id, settings=settings, fetch_config=config, worker="test")
    assert subscribe_messages() == 0  # a long lease left: nothing to do
    websub_set_state(conn=db, feed_id=feed_id, state="verified", lease_seconds=60)  # lapses before the next polls
    poll_once(ctx.pool, feed_id, settings=settings, fetch_config=config, worker="test")
    assert subscribe_messages() == 1
    websub_set_state(conn=db, feed_id=feed_id, state="denied")
    poll_once(ctx.pool, feed_id, settings=settings, fetch_config=config, worker="test")
    assert subscribe_messages() == 1  # a denial is respected
