-- Analysts' queries: search and export (the views and functions are in schemas/sql/0030_analysts.sql).

-- name: search_articles
SELECT article_id, published_at, source, title, rank, snippet, url, story_id
FROM search_articles(%(query)s, %(date_from)s, %(date_to)s, %(max_results)s);

-- name: search_titles
SELECT article_id, published_at, title, score, url
FROM search_titles(%(fragment)s, %(max_results)s);

-- name: export_articles
-- One row per article published (or, when undated, stored) since a day, with its entities and
-- dates as JSON arrays in text order. Two ORed indexed conditions rather than COALESCE, so the
-- published_at index serves the usual case.
SELECT a.id AS article_id,
       a.url,
       a.canonical_url,
       a.title,
       a.author,
       s.host AS source_host,
       coalesce(s.name, a.site_name, s.host) AS source_name,
       a.published_at,
       a.published_source,
       a.language,
       a.word_count,
       a.story_id,
       a.duplicate_of,
       a.duplicate_kind,
       a.similarity,
       a.text,
       coalesce((SELECT json_agg(json_build_object(
                            'entity_id', m.entity_id, 'type', coalesce(e.type, m.type), 'surface', m.surface,
                            'name_ar', e.name_ar, 'name_en', e.name_en, 'start', m.start_char,
                            'end', m.end_char, 'method', m.method) ORDER BY m.start_char, m.id)
                   FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id
                  WHERE m.article_id = a.id), '[]'::json) AS entities,
       coalesce((SELECT json_agg(json_build_object(
                            'surface', t.surface, 'type', t.type, 'value', t.value, 'mod', t.mod,
                            'calendar', t.calendar, 'range_start', t.range_start, 'range_end', t.range_end,
                            'start', t.start_char, 'end', t.end_char) ORDER BY t.start_char, t.id)
                   FROM time_expressions t
                  WHERE t.article_id = a.id), '[]'::json) AS dates
FROM articles a
LEFT JOIN sources s ON s.id = a.source_id
WHERE a.published_at >= %(since)s
   OR (a.published_at IS NULL AND a.created_at >= %(since)s)
ORDER BY a.id;
