-- name: upsert_page
-- A re-fetch of the same job replaces its page: the newest copy is the one to re-extract from.
INSERT INTO pages (job_id, url, final_url, http_status, content_type, encoding, encoding_source, headers,
                   redirects, body_compressed, body_codec, body_bytes, wire_bytes, elapsed_ms, etag, last_modified)
VALUES (%(job_id)s, %(url)s, %(final_url)s, %(http_status)s, %(content_type)s, %(encoding)s,
        %(encoding_source)s, %(headers)s, %(redirects)s, %(body_compressed)s, %(body_codec)s, %(body_bytes)s, %(wire_bytes)s,
        %(elapsed_ms)s, %(etag)s, %(last_modified)s)
ON CONFLICT (job_id) DO UPDATE SET
    url = EXCLUDED.url, final_url = EXCLUDED.final_url, http_status = EXCLUDED.http_status,
    content_type = EXCLUDED.content_type, encoding = EXCLUDED.encoding,
    encoding_source = EXCLUDED.encoding_source, headers = EXCLUDED.headers, redirects = EXCLUDED.redirects,
    body_compressed = EXCLUDED.body_compressed, body_codec = EXCLUDED.body_codec,
    body_bytes = EXCLUDED.body_bytes, wire_bytes = EXCLUDED.wire_bytes,
    elapsed_ms = EXCLUDED.elapsed_ms, etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified,
    fetched_at = now()
RETURNING id;

-- name: page_for_job
SELECT * FROM pages WHERE job_id = %(job_id)s;
