-- name: upsert_article
-- One article per job: processing a job twice updates the same row. The search vector and the
-- normalised title come from the forms the worker computed (0050_search_forms.sql).
INSERT INTO articles (job_id, page_id, source_id, url, canonical_url, title, author, site_name, text,
                      language, word_count, published_at, published_source, search_vector, title_normalized)
VALUES (%(job_id)s, %(page_id)s, %(source_id)s, %(url)s, %(canonical_url)s, %(title)s, %(author)s,
        %(site_name)s, %(text)s, %(language)s, %(word_count)s, %(published_at)s, %(published_source)s,
        akhbar_search_vector_of_forms(%(title_norm)s, %(title_stripped)s, %(text_norm)s, %(text_stripped)s),
        %(title_norm)s)
ON CONFLICT (job_id) DO UPDATE SET
    page_id = EXCLUDED.page_id, source_id = EXCLUDED.source_id, url = EXCLUDED.url,
    canonical_url = EXCLUDED.canonical_url, title = EXCLUDED.title, author = EXCLUDED.author,
    site_name = EXCLUDED.site_name, text = EXCLUDED.text, language = EXCLUDED.language,
    word_count = EXCLUDED.word_count, published_at = EXCLUDED.published_at,
    published_source = EXCLUDED.published_source, search_vector = EXCLUDED.search_vector,
    title_normalized = EXCLUDED.title_normalized, extracted_at = now()
RETURNING id;

-- name: name_source
UPDATE sources SET name = %(name)s WHERE id = %(id)s AND name IS NULL;

-- name: get_article
SELECT a.*, s.host AS source_host, COALESCE(s.name, a.site_name) AS source_name
FROM articles a LEFT JOIN sources s ON s.id = a.source_id
WHERE a.id = %(id)s;

-- name: article_for_job
SELECT id FROM articles WHERE job_id = %(job_id)s;

-- name: delete_mentions
DELETE FROM mentions WHERE article_id = %(article_id)s;

-- name: insert_mentions
-- All the mentions of an article in one statement (one firing of the article_entities trigger).
-- entity_id is kept only if that entity exists, so a stale knowledge base never breaks a write.
INSERT INTO mentions (article_id, entity_id, surface, start_char, end_char, type, method)
SELECT %(article_id)s, e.id, m.surface, m.start_char, m.end_char, m.type, m.method
  FROM unnest(%(entity_ids)s::text[], %(surfaces)s::text[], %(starts)s::integer[], %(ends)s::integer[],
              %(types)s::text[], %(methods)s::text[])
       AS m(entity_id, surface, start_char, end_char, type, method)
  LEFT JOIN entities e ON e.id = m.entity_id;

-- name: delete_time_expressions
DELETE FROM time_expressions WHERE article_id = %(article_id)s;

-- name: insert_time_expressions
-- All the time expressions of an article in one statement.
INSERT INTO time_expressions (article_id, surface, start_char, end_char, type, value, mod, calendar,
                              range_start, range_end)
SELECT %(article_id)s, t.surface, t.start_char, t.end_char, t.type, t.value, t.mod, t.calendar,
       t.range_start, t.range_end
  FROM unnest(%(surfaces)s::text[], %(starts)s::integer[], %(ends)s::integer[], %(types)s::text[],
              %(values)s::text[], %(mods)s::text[], %(calendars)s::text[], %(range_starts)s::date[],
              %(range_ends)s::date[])
       AS t(surface, start_char, end_char, type, value, mod, calendar, range_start, range_end);

-- name: mentions_of_article
SELECT m.surface, m.start_char, m.end_char, m.type, m.method, m.entity_id, e.name_en, e.name_ar
FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id
WHERE m.article_id = %(article_id)s ORDER BY m.start_char;

-- name: time_expressions_of_article
SELECT surface, start_char, end_char, type, value, mod, calendar, range_start, range_end
FROM time_expressions WHERE article_id = %(article_id)s ORDER BY start_char;

-- name: articles_for_reprocess
SELECT a.job_id FROM articles a
WHERE a.extracted_at < now() AND COALESCE(a.published_at, a.created_at) >= %(since)s
ORDER BY a.id;
