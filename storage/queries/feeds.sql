-- name: insert_feed
INSERT INTO feeds (url, canonical_url, source_id, source_name, added_by, parent_id,
                   base_interval_seconds, interval_seconds)
VALUES (%(url)s, %(canonical_url)s, %(source_id)s, %(source_name)s, %(added_by)s, %(parent_id)s,
        %(interval)s, %(interval)s)
ON CONFLICT (canonical_url) DO NOTHING
RETURNING *;

-- name: feed_by_canonical_url
SELECT * FROM feeds WHERE canonical_url = %(canonical_url)s;

-- name: get_feed
SELECT * FROM feeds WHERE id = %(id)s;

-- name: list_feeds
SELECT * FROM feeds ORDER BY id LIMIT %(limit)s OFFSET %(offset)s;

-- name: claim_feed
-- The lease: only one worker polls a feed at a time. A conditional UPDATE is atomic, so of two
-- workers handed the same feed one gets the row and the other gets nothing; a worker that dies
-- leaves a lease that simply expires.
UPDATE feeds
SET lease_until = now() + make_interval(secs => %(lease)s), leased_by = %(holder)s, updated_at = now()
WHERE id = %(id)s AND enabled AND (lease_until IS NULL OR lease_until < now())
RETURNING *;

-- name: due_feeds
-- SKIP LOCKED lets two beat-driven schedulers share the due feeds without sending one twice.
SELECT id, url FROM feeds
WHERE enabled AND next_poll_at <= now() AND (lease_until IS NULL OR lease_until < now())
ORDER BY next_poll_at
LIMIT %(limit)s
FOR UPDATE SKIP LOCKED;

-- name: mark_scheduled
-- A poll message is on its way: push next_poll_at out so the next beat tick does not send
-- another. If the message is lost, the feed simply becomes due again after `resend_after`.
UPDATE feeds SET next_poll_at = now() + make_interval(secs => %(resend_after)s), updated_at = now()
WHERE id = ANY(%(ids)s);

-- name: poll_succeeded
UPDATE feeds
SET kind = COALESCE(%(kind)s, kind), title = COALESCE(%(title)s, title),
    etag = CASE WHEN %(changed)s THEN %(etag)s ELSE COALESCE(%(etag)s, etag) END,
    last_modified = CASE WHEN %(changed)s THEN %(last_modified)s ELSE COALESCE(%(last_modified)s, last_modified) END,
    last_polled_at = now(),
    last_changed_at = CASE WHEN %(changed)s THEN now() ELSE last_changed_at END,
    last_new_entry_at = CASE WHEN %(new_entries)s > 0 THEN now() ELSE last_new_entry_at END,
    last_status = %(status)s, last_http_status = %(http_status)s, consecutive_errors = 0,
    polls = polls + 1, last_new_entries = %(new_entries)s,
    interval_seconds = %(interval)s, next_poll_at = now() + make_interval(secs => %(next_in)s),
    websub_hub = COALESCE(%(hub)s, websub_hub), websub_topic = COALESCE(websub_topic, %(topic)s),
    lease_until = NULL, leased_by = NULL, updated_at = now()
WHERE id = %(id)s AND leased_by = %(holder)s
RETURNING *;

-- name: poll_failed
UPDATE feeds
SET last_polled_at = now(), last_status = %(status)s, last_error = %(error)s,
    last_http_status = %(http_status)s, consecutive_errors = consecutive_errors + 1, polls = polls + 1,
    next_poll_at = now() + make_interval(secs => %(delay)s),
    lease_until = NULL, leased_by = NULL, updated_at = now()
WHERE id = %(id)s AND leased_by = %(holder)s
RETURNING *;

-- name: record_entries
-- Inserts the entries not seen before and returns their keys: the "new entries" of a poll.
-- Rows are never deleted when an entry leaves the feed, so it cannot come back as new.
INSERT INTO feed_entries (feed_id, entry_key, url, title, published, via)
SELECT %(feed_id)s, e.entry_key, e.url, e.title, e.published, %(via)s
FROM unnest(%(keys)s::text[], %(urls)s::text[], %(titles)s::text[], %(published)s::text[])
     AS e(entry_key, url, title, published)
ON CONFLICT (feed_id, entry_key) DO NOTHING
RETURNING entry_key;

-- name: add_entries_seen
UPDATE feeds SET entries_seen = entries_seen + %(n)s,
    last_new_entry_at = CASE WHEN %(n)s > 0 THEN now() ELSE last_new_entry_at END, updated_at = now()
WHERE id = %(id)s;

-- name: entry_keys
SELECT entry_key FROM feed_entries WHERE feed_id = %(feed_id)s ORDER BY first_seen_at, entry_key;

-- name: websub_requested
UPDATE feeds
SET websub_hub = %(hub)s, websub_topic = %(topic)s, websub_secret = %(secret)s, websub_state = 'requested',
    updated_at = now()
WHERE id = %(id)s
RETURNING *;

-- name: websub_set_state
UPDATE feeds
SET websub_state = %(state)s,
    websub_lease_expires_at = CASE WHEN %(lease)s::integer IS NULL THEN websub_lease_expires_at
                                   ELSE now() + make_interval(secs => %(lease)s::integer) END,
    updated_at = now()
WHERE id = %(id)s
RETURNING *;

-- name: websub_pushed
UPDATE feeds SET websub_last_push_at = now(), updated_at = now() WHERE id = %(id)s;

-- name: feed_counts_by_status
-- Jobs made from a feed's entries, by status (feed health in the API).
SELECT j.status, count(*) AS n
FROM feed_entries e JOIN jobs j ON j.canonical_url = e.entry_key
WHERE e.feed_id = %(feed_id)s
GROUP BY j.status;

-- name: poll_deferred
-- Our own politeness (the host's turn did not come in time) is not the feed's failure: no error
-- is counted, the poll is just tried again shortly.
UPDATE feeds
SET next_poll_at = now() + make_interval(secs => %(delay)s), lease_until = NULL, leased_by = NULL, updated_at = now()
WHERE id = %(id)s AND leased_by = %(holder)s
RETURNING *;
