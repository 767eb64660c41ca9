-- name: jobs_by_status
SELECT stage, status, count(*) AS n FROM jobs GROUP BY stage, status;

-- name: dead_reasons
SELECT COALESCE(split_part(COALESCE(last_error, reason), ':', 1), 'unknown') AS reason, count(*) AS n
FROM jobs WHERE status = 'dead' GROUP BY 1 ORDER BY n DESC LIMIT %(limit)s;

-- name: recent_by_status
SELECT status, count(*) AS n FROM jobs WHERE updated_at >= now() - make_interval(secs => %(seconds)s)
GROUP BY status;

-- name: finished_recently
SELECT count(*) AS n FROM jobs
WHERE status = 'done' AND finished_at >= now() - make_interval(secs => %(seconds)s);

-- name: top_failures
SELECT status, COALESCE(reason, last_error) AS reason, count(*) AS n FROM jobs
WHERE status IN ('skipped', 'dead') AND updated_at >= now() - make_interval(secs => %(seconds)s)
GROUP BY 1, 2 ORDER BY n DESC LIMIT %(limit)s;

-- name: stuck_jobs
SELECT id, url, stage, status, attempts, claimed_by, updated_at, last_error FROM jobs
WHERE (status = 'running' AND claimed_at < now() - make_interval(secs => %(lease)s))
   OR (status = 'queued' AND COALESCE(not_before, updated_at) < now() - make_interval(secs => %(queued_after)s))
ORDER BY updated_at LIMIT %(limit)s;
