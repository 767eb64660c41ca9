-- name: insert_sources
-- DO NOTHING, not DO UPDATE: updating a sources row (even to the same host) would wait for every
-- open transaction holding a foreign-key lock on it, i.e. every worker storing an article of
-- that outlet. The caller reads the ids of the hosts that already existed.
INSERT INTO sources (host) SELECT unnest(%(hosts)s::text[])
ON CONFLICT (host) DO NOTHING
RETURNING id, host;

-- name: sources_by_host
SELECT id, host FROM sources WHERE host = ANY(%(hosts)s::text[]);

-- name: insert_jobs
-- One statement for a whole submission, rows sorted by canonical_url by the caller (same order,
-- no deadlock between concurrent batches). A canonical URL already present, or repeated within
-- the batch, inserts nothing: the caller reads the existing row.
INSERT INTO jobs (url, canonical_url, source_id, hints)
SELECT * FROM unnest(%(urls)s::text[], %(canonical_urls)s::text[], %(source_ids)s::bigint[], %(hints)s::jsonb[])
ON CONFLICT (canonical_url) DO NOTHING
RETURNING *;

-- name: jobs_by_canonical_urls
SELECT * FROM jobs WHERE canonical_url = ANY(%(canonical_urls)s::text[]);

-- name: get_job
SELECT * FROM jobs WHERE id = %(id)s;

-- name: claim_job
-- Only a queued job at the expected stage whose back-off has passed can be claimed, so a
-- duplicate delivery of the same message finds nothing and does nothing.
UPDATE jobs
SET status = 'running', attempts = attempts + 1, claimed_at = now(), claimed_by = %(worker)s,
    updated_at = now()
WHERE id = %(id)s AND stage = %(stage)s AND status = 'queued'
  AND (not_before IS NULL OR not_before <= now())
RETURNING *;

-- name: advance_job
UPDATE jobs
SET stage = %(next_stage)s, status = 'queued', attempts = 0, not_before = NULL,
    claimed_at = NULL, claimed_by = NULL, http_status = %(http_status)s, final_url = %(final_url)s,
    updated_at = now()
WHERE id = %(id)s AND status = 'running' AND stage = %(stage)s
RETURNING *;

-- name: finish_job
UPDATE jobs
SET status = %(status)s, reason = %(reason)s, last_error = COALESCE(%(last_error)s, last_error),
    http_status = COALESCE(%(http_status)s, http_status), final_url = COALESCE(%(final_url)s, final_url),
    claimed_at = NULL, finished_at = now(), updated_at = now()
WHERE id = %(id)s AND status = 'running' AND stage = %(stage)s
RETURNING *;

-- name: retry_job
-- refund_attempt: the failure was not the page's (our politeness made it wait), so the claim
-- that counted it is given back.
UPDATE jobs
SET status = 'queued', not_before = now() + make_interval(secs => %(delay)s), last_error = %(error)s,
    attempts = attempts - CASE WHEN %(refund_attempt)s THEN 1 ELSE 0 END,
    http_status = COALESCE(%(http_status)s, http_status), claimed_at = NULL, claimed_by = NULL,
    updated_at = now()
WHERE id = %(id)s AND status = 'running' AND stage = %(stage)s
RETURNING *;

-- name: requeue_for_reprocess
UPDATE jobs
SET stage = 'process', status = 'queued', attempts = 0, not_before = NULL, reason = NULL,
    claimed_at = NULL, claimed_by = NULL, finished_at = NULL, updated_at = now()
WHERE id = %(id)s
RETURNING *;

-- name: due_jobs
-- Jobs whose message may have been lost: queued and due for a while, or running past the lease.
-- SKIP LOCKED lets two sweepers share the work without waiting on each other.
SELECT id, stage, status, attempts FROM jobs
WHERE (status = 'queued' AND not_before IS NOT NULL AND not_before <= now() - make_interval(secs => %(grace)s))
   OR (status = 'queued' AND not_before IS NULL AND updated_at <= now() - make_interval(secs => %(queued_after)s))
   OR (status = 'running' AND claimed_at <= now() - make_interval(secs => %(lease)s))
ORDER BY id
LIMIT %(limit)s
FOR UPDATE SKIP LOCKED;

-- name: release_expired_claim
UPDATE jobs
SET status = 'queued', claimed_at = NULL, claimed_by = NULL,
    last_error = COALESCE(last_error, 'worker lost: claim expired'), updated_at = now()
WHERE id = %(id)s AND status = 'running'
RETURNING *;

-- name: touch_job
UPDATE jobs SET updated_at = now(), not_before = NULL
WHERE id = %(id)s AND status = 'queued' AND (not_before IS NULL OR not_before <= now());

-- name: kill_job
UPDATE jobs
SET status = 'dead', reason = %(reason)s, claimed_at = NULL, finished_at = now(), updated_at = now()
WHERE id = %(id)s AND status IN ('queued', 'running')
RETURNING *;

-- name: count_by_status
SELECT status, count(*) AS n FROM jobs WHERE id = ANY(%(ids)s) GROUP BY status;

-- name: jobs_by_ids
SELECT * FROM jobs WHERE id = ANY(%(ids)s) ORDER BY id;
