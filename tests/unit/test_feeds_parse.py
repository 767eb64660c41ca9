"""pipeline.feeds: kinds, entries, errors, intervals and back-off (pure, no sockets)."""

from __future__ import annotations

import gzip

import pytest

from pipeline.feeds import (
    FeedEntry,
    FeedError,
    adapt_interval,
    backoff_seconds,
    interval_bounds,
    parse_feed,
    parse_interval,
)

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>هسبريس</title>
    <link>https://www.hespress.com/</link>
    <atom:link rel="hub" href="https://pubsubhubbub.appspot.com/"/>
    <atom:link rel="self" href="https://www.hespress.com/feed"/>
    <item>
      <title>الحكومة تصادق على مشروع قانون المالية</title>
      <link>https://www.hespress.com/economie/1.html</link>
      <pubDate>Tue, 24 Nov 2026 09:30:00 +0100</pubDate>
    </item>
    <item>
      <title>relative link</title>
      <link>/sport/2.html</link>
    </item>
    <item>
      <title>guid only</title>
      <guid>https://www.hespress.com/guid/3.html</guid>
    </item>
    <item><title>no link at all</title></item>
  </channel>
</rss>""".encode()

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://example.org/"><title>RDF site</title></channel>
  <item rdf:about="https://example.org/a"><title>A</title><link>https://example.org/a</link></item>
</rdf:RDF>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>الشروق</title>
  <link rel="self" href="https://www.echoroukonline.com/feed.atom"/>
  <link rel="hub" href="https://hub.example.net/"/>
  <entry>
    <title>عنوان</title>
    <link rel="alternate" href="https://www.echoroukonline.com/a/1"/>
    <id>urn:uuid:1</id>
    <updated>2026-11-24T08:00:00Z</updated>
  </entry>
</feed>""".encode()

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://example.ma/a</loc><lastmod>2026-11-20</lastmod></url>
  <url><loc>https://example.ma/b</loc><lastmod>2026-11-21T10:00:00+01:00</lastmod></url>
  <url><loc>https://example.ma/c</loc><lastmod>yesterday</lastmod></url>
  <url><lastmod>2026-11-21</lastmod></url>
</urlset>"""

NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://www.alquds.co.uk/n/1</loc>
    <news:news>
      <news:publication><news:name>القدس العربي</news:name><news:language>ar</news:language></news:publication>
      <news:publication_date>2026-11-24T07:15:00Z</news:publication_date>
      <news:title>خبر عاجل</news:title>
    </news:news>
  </url>
</urlset>""".encode()

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://example.ma/sitemap-1.xml</loc><lastmod>2026-11-24</lastmod></sitemap>
  <sitemap><loc>/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>"""

HTML = b"""<!DOCTYPE html><html><head><title>Not a feed</title></head><body><p>hello</p></body></html>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://e.org/&lol3;</loc></url></urlset>"""


def test_rss_entries_with_titles_dates_relative_and_guid_links() -> None:
    parsed = parse_feed(RSS, url="https://www.hespress.com/feed")
    assert parsed.kind == "rss"
    assert parsed.title == "هسبريس"
    assert parsed.entries == (
        FeedEntry(
            "https://www.hespress.com/economie/1.html",
            "الحكومة تصادق على مشروع قانون المالية",
            "2026-11-24T08:30:00+00:00",
        ),
        FeedEntry("https://www.hespress.com/sport/2.html", "relative link", None),
        FeedEntry("https://www.hespress.com/guid/3.html", "guid only", None),
    )
    assert ("hub", "https://pubsubhubbub.appspot.com/") in parsed.links
    assert ("self", "https://www.hespress.com/feed") in parsed.links


def test_rss_1_0_rdf_is_rss() -> None:
    parsed = parse_feed(RDF)
    assert parsed.kind == "rss"
    assert [e.url for e in parsed.entries] == ["https://example.org/a"]


def test_atom_entry_uses_alternate_link_and_updated_date() -> None:
    parsed = parse_feed(ATOM)
    assert parsed.kind == "atom"
    assert parsed.entries == (FeedEntry("https://www.echoroukonline.com/a/1", "عنوان", "2026-11-24T08:00:00+00:00"),)
    assert ("hub", "https://hub.example.net/") in parsed.links


def test_sitemap_lastmod_kept_when_readable() -> None:
    parsed = parse_feed(SITEMAP)
    assert parsed.kind == "sitemap"
    assert parsed.entries == (
        FeedEntry("https://example.ma/a", None, "2026-11-20"),
        FeedEntry("https://example.ma/b", None, "2026-11-21T10:00:00+01:00"),
        FeedEntry("https://example.ma/c", None, None),
    )


def test_news_sitemap_carries_title_and_publication_date() -> None:
    parsed = parse_feed(NEWS)
    assert parsed.kind == "news_sitemap"
    assert parsed.entries == (FeedEntry("https://www.alquds.co.uk/n/1", "خبر عاجل", "2026-11-24T07:15:00+00:00"),)


def test_sitemap_index_lists_child_sitemaps_resolved_against_its_url() -> None:
    parsed = parse_feed(INDEX, url="https://example.ma/sitemap_index.xml")
    assert parsed.kind == "sitemap_index"
    assert parsed.entries == ()
    assert [s.url for s in parsed.sitemaps] == [
        "https://example.ma/sitemap-1.xml",
        "https://example.ma/sitemap-2.xml.gz",
    ]


def test_gzipped_sitemap_is_read() -> None:
    assert parse_feed(gzip.compress(SITEMAP)).entries[0].url == "https://example.ma/a"


@pytest.mark.parametrize(
    ("body", "reason", "says"),
    [
        (HTML, "not_a_feed", "HTML page"),
        (b"<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", "not_a_feed", "HTML"),
        (b'<?xml version="1.0"?><rss><channel><item><title>x</title></channel></rss>', "malformed_xml", "mismatch"),
        (b"<rss><channel>", "malformed_xml", ""),
        (b"just some text", "malformed_xml", ""),
        (b"   \n ", "empty", "no body"),
        (b'<?xml version="1.0"?><catalog><book/></catalog>', "not_a_feed", "<catalog>"),
        (b"\x1f\x8b\x08\x00garbage", "malformed_gzip", ""),
    ],
)
def test_bad_documents_give_a_clear_reason(body: bytes, reason: str, says: str) -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(body)
    assert caught.value.reason == reason
    assert says.lower() in str(caught.value).lower()


def test_an_html_page_names_the_feeds_it_advertises() -> None:
    page = b"""<!DOCTYPE html><html><head>
      <link rel="alternate" type="application/rss+xml" title="RSS" href="/feed/">
      <link rel="alternate" type="application/atom+xml" href="https://example.ma/atom.xml">
      <link rel="alternate" hreflang="fr" href="https://example.ma/fr/">
      <link rel="stylesheet" type="text/css" href="/s.css"></head><body>news</body></html>"""
    with pytest.raises(FeedError) as caught:
        parse_feed(page, url="https://example.ma/")
    assert caught.value.reason == "not_a_feed"
    assert str(caught.value) == (
        "not_a_feed: got an HTML page, not a feed (the page advertises: https://example.ma/feed/, "
        "https://example.ma/atom.xml)"
    )


def test_entity_expansion_is_off() -> None:
    """A billion-laughs document must not expand: either refused or parsed with the entity left out."""
    try:
        parsed = parse_feed(BOMB)
    except FeedError:
        return
    assert all("lollol" not in e.url for e in parsed.entries)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("90s", 90), ("5m", 300), ("5M", 300), ("2h", 7200), ("1d", 86400), ("1.5h", 5400), (600, 600)],
)
def test_parse_interval(text: str | int, seconds: int) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "5 minutes", "-5m", "0", "m5", "5w"])
def test_parse_interval_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_interval(text)


def test_interval_bounds_are_base_over_4_to_base_times_4_within_global_limits() -> None:
    assert interval_bounds(900, floor=60, ceiling=21600) == (225, 3600)
    assert interval_bounds(120, floor=60, ceiling=21600) == (60, 480)
    assert interval_bounds(86400, floor=60, ceiling=21600) == (21600, 21600)


@pytest.mark.parametrize(
    ("current", "new", "first", "expected"),
    [
        (900, 0, False, 1350),  # nothing new: wait 1.5x longer
        (900, 1, False, 900),  # one new entry per poll: the pace is right
        (900, 2, False, 450),  # two piled up: look twice as often
        (900, 10, False, 225),  # many: at most 4x more often, and never below base/4
        (900, 30, True, 900),  # a first poll's backlog says nothing about the pace
        (3600, 0, False, 3600),  # already at base*4: stays
        (225, 5, False, 225),  # already at base/4: stays
    ],
)
def test_adapt_interval(current: int, new: int, first: bool, expected: int) -> None:
    assert adapt_interval(current, 900, new_entries=new, first_poll=first, floor=60, ceiling=21600) == expected


def test_adapt_interval_converges_to_the_publishing_pace() -> None:
    """A feed publishing every 10 minutes, polled from a 1-hour start, ends up polled every 10-20 minutes."""
    interval, t, published = 3600, 0, 0
    for _ in range(60):
        t += interval
        new = t // 600 - published
        published = t // 600
        interval = adapt_interval(interval, 3600, new_entries=new, first_poll=False, floor=60, ceiling=86400)
    assert 600 <= interval <= 1350


@pytest.mark.parametrize(
    ("errors", "retry_after", "expected"),
    [(1, None, 600), (2, None, 1200), (3, None, 2400), (10, None, 21600), (1, 3000.0, 3000), (1, 10**9, 21600)],
)
def test_backoff(errors: int, retry_after: float | None, expected: int) -> None:
    assert backoff_seconds(errors, 600, cap=21600, retry_after=retry_after) == expected
