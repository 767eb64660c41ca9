-- 0020: feeds Akhbar polls (RSS, Atom, sitemaps) or is pushed by (WebSub), and the entries
-- already seen in each (issue 6; docs/feeds.md).
--
-- A feed is polled by at most one worker at a time: the poll task takes a lease on the row
-- (lease_until) with a conditional UPDATE and never holds a transaction open over the network.

CREATE TABLE feeds (
    id                    bigserial PRIMARY KEY,
    url                   text NOT NULL,
    canonical_url         text NOT NULL UNIQUE,
    kind                  text CHECK (kind IN ('rss', 'atom', 'sitemap', 'sitemap_index', 'news_sitemap')),
    title                 text,
    source_id             bigint REFERENCES sources (id),
    source_name           text,
    parent_id             bigint REFERENCES feeds (id) ON DELETE CASCADE,
    added_by              text,
    enabled               boolean NOT NULL DEFAULT true,
    base_interval_seconds integer NOT NULL CHECK (base_interval_seconds > 0),
    interval_seconds      integer NOT NULL CHECK (interval_seconds > 0),
    etag                  text,
    last_modified         text,
    last_polled_at        timestamptz,
    last_changed_at       timestamptz,
    last_new_entry_at     timestamptz,
    next_poll_at          timestamptz NOT NULL DEFAULT now(),
    last_status           text,
    last_http_status      integer,
    last_error            text,
    consecutive_errors    integer NOT NULL DEFAULT 0,
    polls                 bigint NOT NULL DEFAULT 0,
    entries_seen          bigint NOT NULL DEFAULT 0,
    last_new_entries      integer NOT NULL DEFAULT 0,
    lease_until           timestamptz,
    leased_by             text,
    websub_hub            text,
    websub_topic          text,
    websub_secret         text,
    websub_state          text CHECK (websub_state IN ('requested', 'verified', 'denied', 'failed', 'unsubscribed')),
    websub_lease_expires_at timestamptz,
    websub_last_push_at   timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE feeds IS 'Feeds Akhbar polls (RSS, Atom, sitemaps, sitemap indexes, Google News sitemaps) or that push to it through WebSub; one row per canonical feed URL, with its health.';
COMMENT ON COLUMN feeds.url IS 'The feed URL as registered (or as listed in its parent sitemap index).';
COMMENT ON COLUMN feeds.canonical_url IS 'Canonical form of url (same rules as jobs.canonical_url): registering the same feed twice returns the existing row.';
COMMENT ON COLUMN feeds.kind IS 'rss, atom, sitemap, sitemap_index or news_sitemap; detected at each successful poll (null until the first).';
COMMENT ON COLUMN feeds.title IS 'The feed''s own title (RSS channel title, Atom feed title), when it has one.';
COMMENT ON COLUMN feeds.source_id IS 'The outlet (sources row) of the feed''s host.';
COMMENT ON COLUMN feeds.source_name IS 'Outlet name given at registration; passed to every job from this feed as the "source" hint.';
COMMENT ON COLUMN feeds.parent_id IS 'For a sitemap found in a sitemap index: the index feed it came from.';
COMMENT ON COLUMN feeds.added_by IS 'API key name (or cli) that registered the feed.';
COMMENT ON COLUMN feeds.enabled IS 'False stops polling (the row and its entries stay).';
COMMENT ON COLUMN feeds.base_interval_seconds IS 'Polling interval asked for at registration (akhbar feeds add --every); the adaptive interval stays within [base/4, base*4].';
COMMENT ON COLUMN feeds.interval_seconds IS 'Current adaptive interval: shortened while the feed keeps publishing, lengthened while it does not change.';
COMMENT ON COLUMN feeds.etag IS 'ETag of the last 200 answer, sent back as If-None-Match.';
COMMENT ON COLUMN feeds.last_modified IS 'Last-Modified of the last 200 answer, sent back as If-Modified-Since.';
COMMENT ON COLUMN feeds.last_polled_at IS 'When the last poll finished (success or failure).';
COMMENT ON COLUMN feeds.last_changed_at IS 'When a poll last got a 200 answer (not a 304).';
COMMENT ON COLUMN feeds.last_new_entry_at IS 'When a poll or a WebSub push last found an entry never seen before.';
COMMENT ON COLUMN feeds.next_poll_at IS 'When beat sends the next poll. Failing feeds back off here (exponentially, capped).';
COMMENT ON COLUMN feeds.last_status IS 'Outcome of the last poll: ok, partial (more new entries than one poll submits; the rest next poll), not_modified, or error:<reason> (http_404, timeout, malformed_xml, not_a_feed, ...).';
COMMENT ON COLUMN feeds.last_http_status IS 'HTTP status of the last answer, when there was one.';
COMMENT ON COLUMN feeds.last_error IS 'Human-readable detail of the last failure; kept after recovery for the record.';
COMMENT ON COLUMN feeds.consecutive_errors IS 'Failed polls in a row; 0 once the feed heals. Drives the back-off.';
COMMENT ON COLUMN feeds.polls IS 'Polls done, all outcomes.';
COMMENT ON COLUMN feeds.entries_seen IS 'Distinct entries (by canonical URL) ever seen in this feed, polled or pushed.';
COMMENT ON COLUMN feeds.last_new_entries IS 'New entries found by the last successful poll.';
COMMENT ON COLUMN feeds.lease_until IS 'A worker is polling the feed until this time; nobody else may poll it before (a dead worker''s lease just expires).';
COMMENT ON COLUMN feeds.leased_by IS 'host:pid of the worker holding the lease.';
COMMENT ON COLUMN feeds.websub_hub IS 'WebSub hub the feed advertises (<link rel="hub">).';
COMMENT ON COLUMN feeds.websub_topic IS 'WebSub topic (the feed''s rel="self" URL, else its URL).';
COMMENT ON COLUMN feeds.websub_secret IS 'Secret given to the hub; content distributions must carry an X-Hub-Signature HMAC made with it.';
COMMENT ON COLUMN feeds.websub_state IS 'requested (subscription sent), verified (hub challenge answered), denied, failed, unsubscribed.';
COMMENT ON COLUMN feeds.websub_lease_expires_at IS 'When the hub subscription lapses (from hub.lease_seconds at verification).';
COMMENT ON COLUMN feeds.websub_last_push_at IS 'When the hub last delivered content with a valid signature.';
CREATE INDEX feeds_due_idx ON feeds (next_poll_at) WHERE enabled;
CREATE INDEX feeds_parent_idx ON feeds (parent_id);

CREATE TABLE feed_entries (
    feed_id        bigint NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    entry_key      text NOT NULL,
    url            text NOT NULL,
    title          text,
    published      text,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    via            text NOT NULL DEFAULT 'poll' CHECK (via IN ('poll', 'websub')),
    PRIMARY KEY (feed_id, entry_key)
);
COMMENT ON TABLE feed_entries IS 'Every entry ever seen in a feed, so a poll submits only new ones; rows stay when the entry leaves the feed, so it is never submitted twice.';
COMMENT ON COLUMN feed_entries.entry_key IS 'Canonical URL of the entry link: equals jobs.canonical_url of the job it produced (join on it).';
COMMENT ON COLUMN feed_entries.url IS 'The entry link as the feed gave it.';
COMMENT ON COLUMN feed_entries.title IS 'Entry title from the feed (RSS/Atom title, news:title).';
COMMENT ON COLUMN feed_entries.published IS 'Entry date from the feed as an ISO 8601 string (pubDate, updated, news:publication_date, lastmod).';
COMMENT ON COLUMN feed_entries.first_seen_at IS 'When Akhbar first saw the entry.';
COMMENT ON COLUMN feed_entries.via IS 'poll (found by polling) or websub (pushed by the hub).';
CREATE INDEX feed_entries_key_idx ON feed_entries (entry_key);
