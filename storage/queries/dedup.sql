-- Queries of storage/dedup.py: duplicates, the shared LSH index and story groups (0010_dedup.sql).
-- Loaded by storage.sql.queries("dedup.sql"); blocks start with `-- name: ...`.

-- name: lock_keys
SELECT pg_advisory_xact_lock(k) FROM unnest(%(keys)s::bigint[]) AS k ORDER BY k;

-- name: article_for_update
SELECT id, coalesce(published_at, created_at) AS fallback_date,
       content_hash, duplicate_of, duplicate_kind, similarity, story_id
  FROM articles WHERE id = %(article_id)s FOR UPDATE;

-- name: earlier_by_canonical_url
SELECT id FROM articles
 WHERE canonical_url = %(canonical_url)s AND id < %(article_id)s
 ORDER BY id LIMIT 1;

-- name: earliest_by_content_hash
SELECT id FROM articles
 WHERE content_hash = %(content_hash)s AND id < %(article_id)s
 ORDER BY id LIMIT 1;

-- name: lsh_candidates
SELECT s.article_id, s.minhash
  FROM (SELECT DISTINCT article_id FROM lsh_band_keys
         WHERE key = ANY(%(keys)s::bigint[]) AND article_id < %(article_id)s) c
  JOIN article_signatures s ON s.article_id = c.article_id
 WHERE s.params = %(params)s;

-- name: match_rows
SELECT a.id, a.duplicate_of, a.content_hash, a.story_id, s.minhash, s.params
  FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id
 WHERE a.id = ANY(%(ids)s::bigint[]);

-- name: story_candidates
-- Articles sharing linked entities within the date window, most shared first, bounded; the
-- LATERAL ... LIMIT 1 keeps the join to articles/stories an index probe per candidate (a hash
-- join would scan all of articles and grow with the corpus).
-- A story never spans more than max_span: daily series must not chain into one endless story.
SELECT c.article_id, x.story_id, s.story_date, s.entity_ids, s.terms, s.event_dates,
       s.minhash, s.params, s.site, s.series
  FROM (SELECT article_id, count(*) AS shared FROM story_entity_keys
         WHERE entity_id = ANY(%(entity_ids)s::text[])
           AND story_date BETWEEN %(lo)s AND %(hi)s
           AND article_id <> %(article_id)s
         GROUP BY article_id
         ORDER BY shared DESC, article_id
         LIMIT %(limit)s) c
  CROSS JOIN LATERAL (
        SELECT a.story_id FROM articles a JOIN stories st ON st.id = a.story_id
         WHERE a.id = c.article_id AND st.first_seen >= %(span_lo)s AND st.last_seen <= %(span_hi)s
         LIMIT 1) x
  JOIN article_signatures s ON s.article_id = c.article_id;

-- name: upsert_signature
INSERT INTO article_signatures
       (article_id, params, minhash, story_date, site, series, entity_ids, terms, event_dates)
VALUES (%(article_id)s, %(params)s, %(minhash)s, %(story_date)s, %(site)s, %(series)s,
        %(entity_ids)s, %(terms)s, %(event_dates)s)
ON CONFLICT (article_id) DO UPDATE
   SET params = excluded.params, minhash = excluded.minhash,
       story_date = excluded.story_date, site = excluded.site, series = excluded.series,
       entity_ids = excluded.entity_ids, terms = excluded.terms,
       event_dates = excluded.event_dates, updated_at = now()
 WHERE (article_signatures.params, article_signatures.minhash, article_signatures.story_date,
        article_signatures.site, article_signatures.series, article_signatures.entity_ids, article_signatures.terms,
        article_signatures.event_dates)
       IS DISTINCT FROM
       (excluded.params, excluded.minhash, excluded.story_date, excluded.site, excluded.series,
        excluded.entity_ids, excluded.terms, excluded.event_dates);

-- name: delete_stale_band_keys
DELETE FROM lsh_band_keys
 WHERE article_id = %(article_id)s AND NOT (key = ANY(%(keys)s::bigint[]));

-- name: insert_band_keys
INSERT INTO lsh_band_keys (key, article_id)
SELECT k, %(article_id)s FROM unnest(%(keys)s::bigint[]) AS k
ON CONFLICT DO NOTHING;

-- name: delete_stale_entity_keys
DELETE FROM story_entity_keys
 WHERE article_id = %(article_id)s
   AND (NOT (entity_id = ANY(%(entity_ids)s::text[])) OR story_date <> %(story_date)s);

-- name: insert_entity_keys
INSERT INTO story_entity_keys (entity_id, story_date, article_id)
SELECT e, %(story_date)s, %(article_id)s FROM unnest(%(entity_ids)s::text[]) AS e
ON CONFLICT DO NOTHING;

-- name: set_marks
UPDATE articles
   SET content_hash = %(content_hash)s, duplicate_of = %(duplicate_of)s,
       duplicate_kind = %(duplicate_kind)s, similarity = %(similarity)s,
       story_id = %(story_id)s
 WHERE id = %(article_id)s
   AND (content_hash, duplicate_of, duplicate_kind, similarity, story_id)
       IS DISTINCT FROM
       (%(content_hash)s::text, %(duplicate_of)s::bigint, %(duplicate_kind)s::text,
        %(similarity)s::real, %(story_id)s::bigint)
RETURNING id;

-- name: story_exists
SELECT id FROM stories WHERE id = %(story_id)s;

-- name: create_story
INSERT INTO stories (title, first_article_id, first_seen, last_seen, size, outlets)
VALUES (%(title)s, %(article_id)s, %(story_date)s, %(story_date)s, 0, 0)
RETURNING id;

-- name: refresh_story
-- One statement: recompute the aggregates of a story that still has articles, delete it when it
-- has none, and return its size afterwards (0 when deleted or absent). The update and the delete
-- exclude each other (size > 0 / size = 0), so no row is touched twice.
WITH m AS (
    SELECT a.id, a.title,
           coalesce(s.story_date, a.published_at, a.created_at) AS d,
           coalesce(s.site, '') AS site
      FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id
     WHERE a.story_id = %(story_id)s
), f AS (SELECT id, title FROM m ORDER BY d, id LIMIT 1),
n AS (
    SELECT (SELECT count(*) FROM m)::int AS size,
           (SELECT count(DISTINCT site) FROM m)::int AS outlets,
           (SELECT min(d) FROM m) AS first_seen, (SELECT max(d) FROM m) AS last_seen,
           (SELECT id FROM f) AS first_article_id, (SELECT title FROM f) AS title
), updated AS (
    UPDATE stories st
       SET size = n.size, outlets = n.outlets, first_seen = n.first_seen,
           last_seen = n.last_seen, first_article_id = n.first_article_id,
           title = coalesce(n.title, st.title), updated_at = now()
      FROM n
     WHERE st.id = %(story_id)s AND n.size > 0
       AND (st.size, st.outlets, st.first_seen, st.last_seen, st.first_article_id, st.title)
           IS DISTINCT FROM
           (n.size, n.outlets, n.first_seen, n.last_seen, n.first_article_id,
            coalesce(n.title, st.title))
    RETURNING st.id
), deleted AS (
    DELETE FROM stories st USING n WHERE st.id = %(story_id)s AND n.size = 0 RETURNING st.id
)
SELECT n.size FROM n;
