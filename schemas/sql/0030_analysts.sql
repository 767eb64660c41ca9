-- 0030: the analysts' side of the database (issue 8; docs/analysts.md).
--
--   * akhbar_normalize(text): the SQL twin of pipeline.enrich.normalize.normalize_arabic, so
--     SQL can match text the way the pipeline does (tests compare the two character by character);
--   * Arabic full-text search: articles.search_vector (trigger-maintained) over normalised title
--     (weight A) and text (weight B), GIN-indexed; search_articles() ranks and highlights;
--     search_titles() finds partial title matches through a trigram index;
--   * views made for questions: v_articles, v_mentions, v_timeline, v_cooccurrence;
--   * the read-only role akhbar_analyst (nothing on api_keys nor on feed secrets, statement timeout);
--   * COMMENT ON every table, view and column still lacking one.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- ---------------------------------------------------------------------------------------------
-- Normalisation
-- ---------------------------------------------------------------------------------------------

-- Letters first: removal and folding with one regexp_replace per target letter (a regex over a
-- character class costs ~10 µs per 1,000 characters; translate() with a long list of letters
-- costs ~50 times more, since it scans the list for every character). Removed: tatweel, harakat
-- U+064B-065F, superscript alef, Quranic marks U+06D6-06ED, ALM and zero-width marks. Folded:
-- hamza alef forms -> ا, ى ی ې ئ -> ي, ؤ -> و, ة ۃ -> ه, ک ڪ گ -> ك, ڤ -> ف, پ -> ب, چ -> ج, ژ -> ز.
-- Same tables as normalize.py; if one changes, tests/integration/test_analysts.py fails (it
-- compares every character of the Latin and Arabic blocks) until the other does.
CREATE FUNCTION akhbar_fold_letters(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
           regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
               t,
               U&'[\061C\0640\064B-\065F\0670\06D6-\06ED\200C-\200F]', '', 'g'),
               U&'[\0623\0625\0622\0671\0672\0673]', U&'\0627', 'g'),
               U&'[\0649\06CC\06D0\0626]', U&'\064A', 'g'),
               U&'\0624', U&'\0648', 'g'),
               U&'[\0629\06C3]', U&'\0647', 'g'),
               U&'[\06A9\06AA\06AF]', U&'\0643', 'g'),
               U&'\06A4', U&'\0641', 'g'),
               U&'\067E', U&'\0628', 'g'),
               U&'\0686', U&'\062C', 'g'),
               U&'\0698', U&'\0632', 'g');
COMMENT ON FUNCTION akhbar_fold_letters(text) IS
    'The letter part of akhbar_normalize(): diacritics, tatweel and zero-width marks removed, Arabic letter variants folded.';

-- Then digits (translate() only when the text has Arabic-Indic or Persian digits) and ASCII
-- upper case (lower() under the "C" collation changes A-Z only, like normalize.py).
CREATE FUNCTION akhbar_normalize(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower((CASE WHEN t ~ U&'[\0660-\0669\06F0-\06F9]'
                       THEN translate(akhbar_fold_letters(t),
                                      U&'\0660\0661\0662\0663\0664\0665\0666\0667\0668\0669\06F0\06F1\06F2\06F3\06F4\06F5\06F6\06F7\06F8\06F9',
                                      '01234567890123456789')
                       ELSE akhbar_fold_letters(t) END) COLLATE "C");
COMMENT ON FUNCTION akhbar_normalize(text) IS
    'Arabic orthographic normalisation, identical to normalize_arabic() in pipeline/enrich/normalize.py: '
    'أ إ آ ٱ -> ا, ى ی ئ -> ي, ؤ -> و, ة -> ه, ک گ -> ك, ڤ -> ف, پ -> ب, چ -> ج, ژ -> ز, Arabic-Indic and '
    'Persian digits -> 0-9, A-Z -> a-z; tatweel, harakat, Quranic marks and zero-width marks removed.';

-- Proclitic stripping, token by token, on NORMALISED text (the output of akhbar_normalize).
-- A token is a maximal run of letters/digits (the bracket class below). Like strip_proclitics()
-- in normalize.py: at most one conjunction (و ف) is removed when at least 2 letters follow, then
-- at most one preposition (ب ل ك) under the same condition; ال stays. Whitespace is never
-- touched, so the i-th whitespace-separated word of the output is the i-th word of the input
-- (akhbar_snippet relies on this to highlight the original text).
CREATE FUNCTION akhbar_strip_proclitics(normalised text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN regexp_replace(
        regexp_replace(
            normalised,
            '(^|[^0-9a-zA-Z\u00C0-\u024F\u0621-\u064A\u066E-\u06D3\u06D5\u06EE-\u06FF])[وف](?=[0-9a-zA-Z\u00C0-\u024F\u0621-\u064A\u066E-\u06D3\u06D5\u06EE-\u06FF]{2})',
            '\1', 'g'),
        '(^|[^0-9a-zA-Z\u00C0-\u024F\u0621-\u064A\u066E-\u06D3\u06D5\u06EE-\u06FF])[بلك](?=[0-9a-zA-Z\u00C0-\u024F\u0621-\u064A\u066E-\u06D3\u06D5\u06EE-\u06FF]{2})',
        '\1', 'g');
COMMENT ON FUNCTION akhbar_strip_proclitics(text) IS
    'Removes the proclitics of every token of an already normalised text, like strip_proclitics() in '
    'normalize.py (و/ف then ب/ل/ك, each only when 2 letters remain; ال stays): بالمغرب -> المغرب.';

CREATE FUNCTION akhbar_search_text(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN akhbar_strip_proclitics(akhbar_normalize(t));
COMMENT ON FUNCTION akhbar_search_text(text) IS
    'akhbar_strip_proclitics(akhbar_normalize(t)): the form of a text that search matches on.';

-- The document vector. Each text is indexed twice: its normalised tokens and its
-- proclitic-stripped tokens, so a query word matches when it equals either form of a document
-- word (greedy, lexicon-free stripping turns لبنان into بنان but للبنان into لبنان; keeping
-- both forms makes لبنان and للبنان, بيروت and ببيروت meet). The second copy's positions are
-- shifted past the first (tsvector ||), which only matters for phrase queries; see the doc.
CREATE FUNCTION akhbar_search_vector(title text, body text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (SELECT setweight(to_tsvector('simple'::regconfig, nt), 'A')
                || setweight(to_tsvector('simple'::regconfig, akhbar_strip_proclitics(nt)), 'A')
                || setweight(to_tsvector('simple'::regconfig, nb), 'B')
                || setweight(to_tsvector('simple'::regconfig, akhbar_strip_proclitics(nb)), 'B')
              FROM (SELECT akhbar_normalize(coalesce(title, '')) AS nt,
                           akhbar_normalize(coalesce(body, '')) AS nb) AS n);
COMMENT ON FUNCTION akhbar_search_vector(text, text) IS
    'The full-text vector of an article: normalised and proclitic-stripped tokens of the title '
    '(weight A) and of the text (weight B), simple configuration (no stemming, no stop words).';

-- Variants a query word may take in documents: itself (normalised) and its stripped form; then
-- the definite article, which search folds for Arabic readers: a query with ال also matches the
-- bare word and the لل contraction (للمغرب is indexed as لمغرب once its ل is stripped); a bare
-- query word also matches it with ال or as that contraction. A query written للمغرب also
-- matches المغرب.
CREATE FUNCTION akhbar_query_variants(word text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    w text := lower(akhbar_normalize(word));
    s text := akhbar_strip_proclitics(w);
    out text[] := ARRAY[w];
    b text;
BEGIN
    IF s <> w THEN out := out || s; END IF;
    FOREACH b IN ARRAY ARRAY[w, s] LOOP
        IF b LIKE 'ال%' AND length(b) >= 4 THEN
            out := out || substr(b, 3) || ('ل' || substr(b, 3));
        END IF;
    END LOOP;
    IF w !~ '^([وف]?[بلك]?ال|[وف]?لل)' AND w ~ '^[\u0621-\u064A]{2}' THEN
        out := out || ('ال' || w) || ('ل' || w);
    END IF;
    IF w ~ '^[وف]?لل' AND s LIKE 'ل%' AND length(s) >= 3 THEN out := out || ('ا' || s); END IF;
    RETURN ARRAY(SELECT DISTINCT v FROM unnest(out) AS v ORDER BY v);
END $$;
COMMENT ON FUNCTION akhbar_query_variants(text) IS
    'The lexemes one query word matches (normalised form, stripped form, article forms with the elided alef of لل).';

-- Query syntax (like websearch_to_tsquery): words are ANDed, "a quoted phrase" must appear
-- in order, `or` between two terms makes an OR, -word excludes. Returns NULL when the query
-- has no word at all.
CREATE FUNCTION akhbar_search_query(query text) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    item text;
    neg boolean;
    op text := ' & ';
    expr text := '';
    term text;
    tok text;
    parts text[];
BEGIN
    FOR item IN SELECT m[1] FROM regexp_matches(akhbar_normalize(query), '("[^"]*"?|\S+)', 'g') AS m LOOP
        IF lower(item) = 'or' THEN
            op := ' | ';
            CONTINUE;
        END IF;
        neg := item LIKE '-%' AND length(item) > 1;
        parts := '{}';
        FOR tok IN SELECT t[1] FROM regexp_matches(item,
                '([0-9a-zA-Z\u00C0-\u024F\u0621-\u064A\u066E-\u06D3\u06D5\u06EE-\u06FF]+)', 'g') AS t LOOP
            parts := parts || ('(' || (SELECT string_agg('''' || v || '''', ' | ')
                                         FROM unnest(akhbar_query_variants(tok)) AS v) || ')');
        END LOOP;
        IF cardinality(parts) = 0 THEN CONTINUE; END IF;
        term := array_to_string(parts, ' <-> ');
        IF cardinality(parts) > 1 THEN term := '(' || term || ')'; END IF;
        IF neg THEN term := '!' || term; END IF;
        expr := CASE WHEN expr = '' THEN term ELSE expr || op || term END;
        op := ' & ';
    END LOOP;
    IF expr = '' THEN RETURN NULL; END IF;
    RETURN expr::tsquery;
END $$;
COMMENT ON FUNCTION akhbar_search_query(text) IS
    'Turns a search string into a tsquery over akhbar_search_vector: words ANDed, "phrases" in order, '
    'OR, -excluded; every word expanded to its spelling and proclitic variants.';

-- ---------------------------------------------------------------------------------------------
-- Full-text search on articles
-- ---------------------------------------------------------------------------------------------

-- Trigger-maintained rather than GENERATED: the dedup step updates articles (story_id,
-- duplicate_of) and a generated column would be recomputed on every such update.
ALTER TABLE articles ADD COLUMN search_vector tsvector;
COMMENT ON COLUMN articles.search_vector IS
    'Full-text vector over the normalised title (weight A) and text (weight B), maintained by a trigger; '
    'query it with akhbar_search_query() or search_articles().';

-- The normalised title is stored too: the trigram index rechecks candidate rows against it, and
-- recomputing akhbar_normalize() per candidate made partial title search ~10 times slower.
ALTER TABLE articles ADD COLUMN title_normalized text;
COMMENT ON COLUMN articles.title_normalized IS
    'akhbar_normalize(title), maintained by a trigger; trigram-indexed for partial title search (search_titles).';

CREATE FUNCTION articles_search_vector_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := akhbar_search_vector(NEW.title, NEW.text);
    NEW.title_normalized := akhbar_normalize(coalesce(NEW.title, ''));
    RETURN NEW;
END $$;
CREATE TRIGGER articles_search_vector BEFORE INSERT OR UPDATE OF title, text ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_search_vector_update();
UPDATE articles SET search_vector = akhbar_search_vector(title, text),
                    title_normalized = akhbar_normalize(coalesce(title, ''));

CREATE INDEX articles_search_vector_idx ON articles USING gin (search_vector);
-- Partial title matches (LIKE '%...%', similarity) on the normalised title.
CREATE INDEX articles_title_trgm_idx ON articles USING gin (title_normalized gin_trgm_ops);
-- "Entity by any alias": aliases compared in normalised form.
CREATE INDEX entity_aliases_alias_norm_idx ON entity_aliases (akhbar_normalize(alias));
-- Timelines group by the UTC publication day.
CREATE INDEX articles_published_day_idx ON articles (((published_at AT TIME ZONE 'UTC')::date));

-- A snippet of the ORIGINAL text around the best match, matches wrapped in start_sel/stop_sel.
-- ts_headline cannot see variants in the original spelling, so it runs on the search form of the
-- text (whose words line up one to one with the original's whitespace-separated words) with
-- private-use markers; the chosen words are then taken from the original.
CREATE FUNCTION akhbar_snippet(doc text, query tsquery, start_sel text DEFAULT '«',
                               stop_sel text DEFAULT '»', max_words integer DEFAULT 30) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    shadow text;
    h text;
    plain text;
    off integer;
    first_word integer;
    words text[];
    marked text[];
    out text[] := '{}';
    w text;
BEGIN
    IF doc IS NULL OR query IS NULL THEN RETURN NULL; END IF;
    shadow := akhbar_search_text(doc);
    h := ts_headline('simple'::regconfig, shadow, query,
                     format('StartSel=%s, StopSel=%s, MaxWords=%s, MinWords=%s, ShortWord=1',
                            U&'\E000', U&'\E001', max_words, greatest(max_words / 2, 1)));
    plain := replace(replace(h, U&'\E000', ''), U&'\E001', '');
    off := strpos(shadow, plain);
    words := regexp_split_to_array(doc, '\s');
    IF off = 0 OR cardinality(words) <> cardinality(regexp_split_to_array(shadow, '\s')) THEN
        -- cannot align: fall back to the normalised snippet
        RETURN replace(replace(h, U&'\E000', start_sel), U&'\E001', stop_sel);
    END IF;
    first_word := regexp_count(substr(shadow, 1, off - 1), '\s') + 1;
    marked := regexp_split_to_array(h, '\s');
    FOR i IN 1 .. cardinality(marked) LOOP
        w := words[first_word + i - 1];
        IF strpos(marked[i], U&'\E000') > 0 THEN w := start_sel || w || stop_sel; END IF;
        out := out || w;
    END LOOP;
    RETURN btrim(regexp_replace(array_to_string(out, ' '), '\s+', ' ', 'g'));
END $$;
COMMENT ON FUNCTION akhbar_snippet(text, tsquery, text, text, integer) IS
    'A passage of the original text around the best match of the query, matching words wrapped in '
    'start_sel/stop_sel (default « »); spelling variants and proclitics are highlighted too.';

CREATE FUNCTION search_articles(query text, date_from date DEFAULT NULL, date_to date DEFAULT NULL,
                                max_results integer DEFAULT 50)
    RETURNS TABLE (article_id bigint, published_at timestamptz, source text, title text, rank real,
                   snippet text, url text, story_id bigint)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH q AS (SELECT akhbar_search_query(query) AS tsq),
    hits AS (
        SELECT a.id, a.published_at, a.source_id, a.site_name, a.title, a.text, a.url, a.story_id,
               ts_rank(a.search_vector, q.tsq) AS rank
          FROM articles a, q
         WHERE a.search_vector @@ q.tsq
           AND (date_from IS NULL OR a.published_at >= date_from::timestamp AT TIME ZONE 'UTC')
           AND (date_to IS NULL OR a.published_at < (date_to + 1)::timestamp AT TIME ZONE 'UTC')
         ORDER BY rank DESC, a.published_at DESC NULLS LAST, a.id
         LIMIT max_results)
    SELECT h.id, h.published_at, coalesce(h.site_name, s.name, s.host), h.title, h.rank,
           akhbar_snippet(h.text, q.tsq), h.url, h.story_id
      FROM hits h CROSS JOIN q LEFT JOIN sources s ON s.id = h.source_id
     ORDER BY h.rank DESC, h.published_at DESC NULLS LAST, h.id
$$;
COMMENT ON FUNCTION search_articles(text, date, date, integer) IS
    'Full-text search: articles matching the query (spelling variants and proclitics folded; "phrase", or, '
    '-word supported), published between date_from and date_to inclusive (UTC days; NULL = open), ranked '
    'with title matches above text matches, each with a highlighted snippet of the original text.';

CREATE FUNCTION search_titles(fragment text, max_results integer DEFAULT 50)
    RETURNS TABLE (article_id bigint, published_at timestamptz, title text, score real, url text)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT a.id, a.published_at, a.title, word_similarity(akhbar_normalize(fragment), a.title_normalized), a.url
      FROM articles a
     WHERE a.title_normalized LIKE '%' || akhbar_normalize(fragment) || '%'
        OR akhbar_normalize(fragment) <% a.title_normalized
     ORDER BY 4 DESC, a.published_at DESC NULLS LAST, a.id
     LIMIT max_results
$$;
COMMENT ON FUNCTION search_titles(text, integer) IS
    'Partial and fuzzy title search through the trigram index: titles containing the normalised fragment, '
    'or a word sequence similar to it (pg_trgm word_similarity), best first.';

-- ---------------------------------------------------------------------------------------------
-- time_expressions.span: empty for expressions without a calendar span
-- ---------------------------------------------------------------------------------------------

-- 0001 defined span as daterange(range_start, range_end, '[]'), which for a duration (P3D) or a
-- vague reference (PAST_REF), whose range is NULL, is the UNBOUNDED range: every such row
-- overlapped every week, and `span && daterange(...)` returned them all (and read them all from
-- the index). Recreate the column so that it is NULL there. Same name, same GiST index.
ALTER TABLE time_expressions DROP COLUMN span;
ALTER TABLE time_expressions ADD COLUMN span daterange GENERATED ALWAYS AS (
    CASE WHEN range_start IS NOT NULL AND range_end IS NOT NULL
         THEN daterange(range_start, range_end, '[]') END) STORED;
COMMENT ON COLUMN time_expressions.span IS
    'daterange [range_start, range_end] for overlap queries (span && daterange(a, b, ''[]'')), GiST-indexed; '
    'NULL when the expression has no calendar span (durations, sets, vague references).';
CREATE INDEX time_expressions_span_idx ON time_expressions USING gist (span);

-- ---------------------------------------------------------------------------------------------
-- Views made for questions
-- ---------------------------------------------------------------------------------------------

-- Counts are correlated subqueries (index lookups per article) rather than joins + GROUP BY,
-- so a filter on the view (a date range, a story) is applied before anything is counted.
CREATE VIEW v_articles AS
SELECT a.id AS article_id,
       a.title,
       s.host AS source_host,
       coalesce(a.site_name, s.name, s.host) AS source_name,
       a.published_at,
       (a.published_at AT TIME ZONE 'UTC')::date AS published_day,
       a.published_source,
       a.language,
       a.author,
       a.word_count,
       a.story_id,
       a.duplicate_of,
       a.duplicate_kind,
       a.similarity,
       (SELECT count(*) FROM mentions m WHERE m.article_id = a.id) AS mention_count,
       (SELECT count(DISTINCT m.entity_id) FROM mentions m WHERE m.article_id = a.id) AS entity_count,
       (SELECT count(*) FROM time_expressions t WHERE t.article_id = a.id) AS date_count,
       a.url,
       a.canonical_url,
       a.extracted_at
  FROM articles a
  LEFT JOIN sources s ON s.id = a.source_id;
COMMENT ON VIEW v_articles IS
    'One row per article: outlet, dates, language, story and duplicate marks, and counts of its entity '
    'mentions and date expressions. The text itself is in articles.text.';
COMMENT ON COLUMN v_articles.article_id IS 'articles.id.';
COMMENT ON COLUMN v_articles.title IS 'Headline as extracted.';
COMMENT ON COLUMN v_articles.source_host IS 'Host of the outlet (sources.host), e.g. hespress.com.';
COMMENT ON COLUMN v_articles.source_name IS 'Outlet name: the page''s site_name, else sources.name, else the host.';
COMMENT ON COLUMN v_articles.published_at IS 'Publication date/time as the page states it (articles.published_at).';
COMMENT ON COLUMN v_articles.published_day IS 'Publication day in UTC (indexed: articles_published_day_idx).';
COMMENT ON COLUMN v_articles.published_source IS 'Evidence for published_at: metadata, htmldate, dateline, hint or capture.';
COMMENT ON COLUMN v_articles.language IS 'ISO 639-1 language code detected from the text.';
COMMENT ON COLUMN v_articles.author IS 'Byline when the page gives one.';
COMMENT ON COLUMN v_articles.word_count IS 'Whitespace-separated words in the text.';
COMMENT ON COLUMN v_articles.story_id IS 'Story group (stories.id, v_stories) the article belongs to.';
COMMENT ON COLUMN v_articles.duplicate_of IS 'Earlier article this one duplicates (null when original).';
COMMENT ON COLUMN v_articles.duplicate_kind IS 'url, exact or near (see articles.duplicate_kind).';
COMMENT ON COLUMN v_articles.similarity IS 'Estimated Jaccard similarity to duplicate_of (near duplicates).';
COMMENT ON COLUMN v_articles.mention_count IS 'Entity mentions in the article, linked or not.';
COMMENT ON COLUMN v_articles.entity_count IS 'Distinct canonical entities mentioned (linked mentions only).';
COMMENT ON COLUMN v_articles.date_count IS 'Temporal expressions found in the article.';
COMMENT ON COLUMN v_articles.url IS 'URL the article was fetched from.';
COMMENT ON COLUMN v_articles.canonical_url IS 'Canonical URL (tracking parameters dropped).';
COMMENT ON COLUMN v_articles.extracted_at IS 'When the text was (last) extracted and enriched.';

CREATE VIEW v_mentions AS
SELECT m.id AS mention_id,
       m.article_id,
       a.published_at,
       (a.published_at AT TIME ZONE 'UTC')::date AS published_day,
       a.source_id,
       s.host AS source_host,
       m.entity_id,
       coalesce(e.type, m.type) AS entity_type,
       e.name_ar,
       e.name_en,
       e.wikidata,
       m.surface,
       m.type AS mention_type,
       m.start_char,
       m.end_char,
       m.method
  FROM mentions m
  JOIN articles a ON a.id = m.article_id
  LEFT JOIN sources s ON s.id = a.source_id
  LEFT JOIN entities e ON e.id = m.entity_id;
COMMENT ON VIEW v_mentions IS
    'One row per entity mention: article x entity with the canonical names and type, the spelling used and '
    'its offsets. Unlinked mentions have a null entity_id.';
COMMENT ON COLUMN v_mentions.mention_id IS 'mentions.id.';
COMMENT ON COLUMN v_mentions.article_id IS 'The article (articles.id, v_articles.article_id).';
COMMENT ON COLUMN v_mentions.published_at IS 'Publication date/time of the article.';
COMMENT ON COLUMN v_mentions.published_day IS 'Publication day of the article in UTC.';
COMMENT ON COLUMN v_mentions.source_id IS 'Outlet of the article (sources.id).';
COMMENT ON COLUMN v_mentions.source_host IS 'Host of the outlet.';
COMMENT ON COLUMN v_mentions.entity_id IS 'Canonical entity (entities.id), null when the mention is not linked.';
COMMENT ON COLUMN v_mentions.entity_type IS 'Type of the canonical entity, else the type the recogniser gave the mention.';
COMMENT ON COLUMN v_mentions.name_ar IS 'Canonical Arabic name of the entity.';
COMMENT ON COLUMN v_mentions.name_en IS 'Canonical English name of the entity.';
COMMENT ON COLUMN v_mentions.wikidata IS 'Wikidata Q-id of the entity when known.';
COMMENT ON COLUMN v_mentions.surface IS 'The spelling used in the article, without proclitics.';
COMMENT ON COLUMN v_mentions.mention_type IS 'Type given by the recogniser (PER, ORG, GPE, LOC, EVENT, MISC).';
COMMENT ON COLUMN v_mentions.start_char IS 'Start offset (Python string index) into articles.text.';
COMMENT ON COLUMN v_mentions.end_char IS 'End offset (exclusive) into articles.text.';
COMMENT ON COLUMN v_mentions.method IS 'What found it: gazetteer, trigger, crf, coref.';

CREATE VIEW v_timeline AS
SELECT m.entity_id,
       e.name_ar,
       e.name_en,
       e.type AS entity_type,
       (a.published_at AT TIME ZONE 'UTC')::date AS day,
       count(DISTINCT m.article_id) AS articles,
       count(*) AS mentions,
       count(DISTINCT a.source_id) AS outlets
  FROM mentions m
  JOIN articles a ON a.id = m.article_id
  JOIN entities e ON e.id = m.entity_id
 WHERE a.published_at IS NOT NULL
 GROUP BY m.entity_id, e.name_ar, e.name_en, e.type, (a.published_at AT TIME ZONE 'UTC')::date;
COMMENT ON VIEW v_timeline IS
    'Entity x publication day (UTC): how many articles mention the entity that day, how many mentions, how '
    'many outlets. Linked mentions of dated articles only; filter on entity_id for a fast answer.';
COMMENT ON COLUMN v_timeline.entity_id IS 'Canonical entity (entities.id).';
COMMENT ON COLUMN v_timeline.name_ar IS 'Canonical Arabic name.';
COMMENT ON COLUMN v_timeline.name_en IS 'Canonical English name.';
COMMENT ON COLUMN v_timeline.entity_type IS 'PER, ORG, GPE, LOC, EVENT or MISC.';
COMMENT ON COLUMN v_timeline.day IS 'Publication day of the articles, in UTC.';
COMMENT ON COLUMN v_timeline.articles IS 'Articles published that day that mention the entity.';
COMMENT ON COLUMN v_timeline.mentions IS 'Mentions of the entity in those articles.';
COMMENT ON COLUMN v_timeline.outlets IS 'Distinct outlets (sources) among those articles.';

-- Each unordered pair appears twice, once in each order, so "who is mentioned with X" is a
-- filter on entity_a alone, which the planner pushes into the indexed scan of X's mentions; the
-- partners come from a LATERAL lookup per article (mentions_article_idx), so the view never
-- deduplicates the whole mentions table.
CREATE VIEW v_cooccurrence AS
SELECT x.article_id,
       a.published_at,
       (a.published_at AT TIME ZONE 'UTC')::date AS published_day,
       x.entity_id AS entity_a,
       ea.name_ar AS name_a_ar,
       ea.name_en AS name_a_en,
       ea.type AS type_a,
       y.entity_id AS entity_b,
       eb.name_ar AS name_b_ar,
       eb.name_en AS name_b_en,
       eb.type AS type_b
  FROM (SELECT DISTINCT m.article_id, m.entity_id FROM mentions m WHERE m.entity_id IS NOT NULL) AS x
  JOIN articles a ON a.id = x.article_id
  CROSS JOIN LATERAL (SELECT DISTINCT m2.entity_id
                        FROM mentions m2
                       WHERE m2.article_id = x.article_id
                         AND m2.entity_id IS NOT NULL
                         AND m2.entity_id <> x.entity_id) AS y
  JOIN entities ea ON ea.id = x.entity_id
  JOIN entities eb ON eb.id = y.entity_id;
COMMENT ON VIEW v_cooccurrence IS
    'Pairs of canonical entities mentioned in the same article, one row per article and ordered pair: each '
    'pair appears twice (A,B and B,A). Filter on entity_a for "who is mentioned with A"; add '
    'entity_a < entity_b to count each pair once.';
COMMENT ON COLUMN v_cooccurrence.article_id IS 'The article mentioning both entities.';
COMMENT ON COLUMN v_cooccurrence.published_at IS 'Publication date/time of the article.';
COMMENT ON COLUMN v_cooccurrence.published_day IS 'Publication day of the article in UTC.';
COMMENT ON COLUMN v_cooccurrence.entity_a IS 'First entity of the pair (entities.id).';
COMMENT ON COLUMN v_cooccurrence.name_a_ar IS 'Arabic name of entity_a.';
COMMENT ON COLUMN v_cooccurrence.name_a_en IS 'English name of entity_a.';
COMMENT ON COLUMN v_cooccurrence.type_a IS 'Type of entity_a.';
COMMENT ON COLUMN v_cooccurrence.entity_b IS 'Second entity of the pair (entities.id).';
COMMENT ON COLUMN v_cooccurrence.name_b_ar IS 'Arabic name of entity_b.';
COMMENT ON COLUMN v_cooccurrence.name_b_en IS 'English name of entity_b.';
COMMENT ON COLUMN v_cooccurrence.type_b IS 'Type of entity_b.';

-- ---------------------------------------------------------------------------------------------
-- Comments on what earlier migrations left uncommented
-- ---------------------------------------------------------------------------------------------

-- Only where no comment exists yet, so a comment the owning migration adds later wins; objects
-- that are gone are skipped. tests/integration/test_analysts.py checks that nothing is left bare.
DO $$
DECLARE
    r record;
    rel regclass;
BEGIN
    FOR r IN SELECT * FROM (VALUES
        ('schema_migrations', NULL, 'Migrations applied (schemas/sql/NNNN_name.sql), written by storage/migrate.py.'),
        ('schema_migrations', 'version', 'The NNNN number of the migration file.'),
        ('schema_migrations', 'name', 'The name part of the migration file.'),
        ('schema_migrations', 'applied_at', 'When it was applied.'),
        ('sources', 'id', 'Outlet id.'),
        ('sources', 'created_at', 'When the outlet was first seen.'),
        ('api_keys', 'id', 'Key id.'),
        ('api_keys', 'name', 'Who the key is for (feed or partner name); unique.'),
        ('api_keys', 'created_at', 'When the key was created.'),
        ('api_keys', 'revoked_at', 'When the key was revoked; null while it is valid.'),
        ('jobs', 'id', 'Job id, carried by queue messages.'),
        ('jobs', 'source_id', 'Outlet of the URL (sources.id).'),
        ('jobs', 'created_at', 'When the URL was submitted.'),
        ('jobs', 'updated_at', 'Last change of the row.'),
        ('jobs', 'finished_at', 'When the job ended done, skipped or dead.'),
        ('pages', 'id', 'Page id.'),
        ('pages', 'job_id', 'The job that fetched it (jobs.id); one page per job.'),
        ('pages', 'url', 'URL requested.'),
        ('pages', 'final_url', 'URL after redirects.'),
        ('pages', 'http_status', 'HTTP status of the answer.'),
        ('pages', 'content_type', 'Content-Type header of the answer.'),
        ('pages', 'headers', 'Response headers kept for the record (JSON object).'),
        ('pages', 'elapsed_ms', 'Fetch duration in milliseconds.'),
        ('pages', 'etag', 'ETag header of the answer.'),
        ('pages', 'last_modified', 'Last-Modified header of the answer.'),
        ('pages', 'fetched_at', 'When it was fetched.'),
        ('articles', 'id', 'Article id.'),
        ('articles', 'job_id', 'The job that produced it (jobs.id); one article per job.'),
        ('articles', 'page_id', 'The stored raw page it was extracted from (pages.id).'),
        ('articles', 'source_id', 'Outlet (sources.id).'),
        ('articles', 'url', 'URL the article was fetched from.'),
        ('articles', 'title', 'Headline as extracted.'),
        ('articles', 'author', 'Byline when the page gives one.'),
        ('articles', 'site_name', 'Outlet name as the page gives it (og:site_name).'),
        ('articles', 'extracted_at', 'When the text was (last) extracted and enriched.'),
        ('articles', 'created_at', 'When the article row was first written.'),
        ('articles', 'content_hash', 'Hash of the normalised text: equal hashes are exact duplicates.'),
        ('articles', 'duplicate_of', 'Earlier article this one duplicates; null when it is the first seen.'),
        ('articles', 'duplicate_kind', 'How it duplicates duplicate_of: url (same canonical URL), exact (same text) or near (MinHash).'),
        ('articles', 'similarity', 'Estimated Jaccard similarity (MinHash) to duplicate_of.'),
        ('articles', 'story_id', 'Story group the article belongs to (stories.id).'),
        ('entities', 'name_ar', 'Canonical Arabic name.'),
        ('entities', 'name_en', 'Canonical English name.'),
        ('entities', 'created_at', 'When the entity was added.'),
        ('entities', 'updated_at', 'Last change of the entity.'),
        ('entity_aliases', 'id', 'Alias id.'),
        ('entity_aliases', 'entity_id', 'The entity (entities.id) this spelling names.'),
        ('entity_aliases', 'alias', 'One spelling as written (compare with akhbar_normalize() on both sides).'),
        ('entity_aliases', 'created_at', 'When the alias was added.'),
        ('kb_state', 'singleton', 'Always true: the table has exactly one row.'),
        ('kb_state', 'version', 'Bumped by every change to entities or entity_aliases; workers reload when it moves.'),
        ('kb_state', 'changed_at', 'When version last moved.'),
        ('mentions', 'id', 'Mention id.'),
        ('mentions', 'article_id', 'The article (articles.id).'),
        ('mentions', 'entity_id', 'Canonical entity (entities.id); null when the mention is not linked.'),
        ('mentions', 'type', 'Type given by the recogniser: PER, ORG, GPE, LOC, EVENT or MISC.'),
        ('time_expressions', 'id', 'Expression id.'),
        ('time_expressions', 'article_id', 'The article (articles.id).'),
        ('time_expressions', 'surface', 'The expression as written.'),
        ('time_expressions', 'start_char', 'Start offset (Python string index) into articles.text.'),
        ('time_expressions', 'end_char', 'End offset (exclusive) into articles.text.'),
        ('time_expressions', 'type', 'DATE, TIME, DURATION or SET (TIMEX3 types).'),
        ('stories', NULL, 'Story groups: articles of several outlets (or one) reporting the same event; see docs/dedup.md.'),
        ('stories', 'id', 'Story id (articles.story_id).'),
        ('stories', 'title', 'Title of the first article of the story.'),
        ('stories', 'first_article_id', 'Earliest published article of the story (articles.id).'),
        ('stories', 'first_seen', 'Earliest publication date among its articles.'),
        ('stories', 'last_seen', 'Latest publication date among its articles.'),
        ('stories', 'size', 'Articles in the story.'),
        ('stories', 'outlets', 'Distinct sites (host without www./m./amp.) that published it.'),
        ('stories', 'created_at', 'When the story was created.'),
        ('stories', 'updated_at', 'Last change of the story.'),
        ('article_signatures', NULL, 'Dedup machinery: one MinHash signature and the story features of each article.'),
        ('article_signatures', 'article_id', 'The article (articles.id).'),
        ('article_signatures', 'params', 'Signature parameters tag; only signatures with equal tags are comparable.'),
        ('article_signatures', 'minhash', 'MinHash signature, little-endian uint32 array.'),
        ('article_signatures', 'story_date', 'Publication date (fetch time when unknown) used for story windows.'),
        ('article_signatures', 'site', 'Site of the article (host without www./m./amp.).'),
        ('article_signatures', 'entity_ids', 'Linked entities of the article, for story matching.'),
        ('article_signatures', 'terms', 'Salient terms of the article, for story matching.'),
        ('article_signatures', 'event_dates', 'Event dates mentioned, for story matching.'),
        ('article_signatures', 'updated_at', 'When the signature was computed.'),
        ('article_signatures', 'series', 'Headline without numbers and calendar words: articles of one site sharing it are a recurring series, never one story.'),
        ('lsh_band_keys', NULL, 'Dedup machinery: the shared LSH index, one row per (band key, article).'),
        ('lsh_band_keys', 'key', 'LSH band key (encodes the band and the hash of its rows).'),
        ('lsh_band_keys', 'article_id', 'The article (articles.id).'),
        ('story_entity_keys', NULL, 'Story candidate index: which articles mention a linked entity, by date.'),
        ('story_entity_keys', 'entity_id', 'Linked entity (entities.id).'),
        ('story_entity_keys', 'story_date', 'Publication date of the article.'),
        ('story_entity_keys', 'article_id', 'The article (articles.id).'),
        ('v_stories', NULL, 'One row per story: size, outlets, first article and its outlet.'),
        ('v_stories', 'id', 'Story id.'),
        ('v_stories', 'title', 'Title of the story (its first article).'),
        ('v_stories', 'first_seen', 'Earliest publication date among its articles.'),
        ('v_stories', 'last_seen', 'Latest publication date among its articles.'),
        ('v_stories', 'size', 'Articles in the story.'),
        ('v_stories', 'outlets', 'Distinct sites that published it.'),
        ('v_stories', 'first_article_id', 'The first article (articles.id).'),
        ('v_stories', 'first_url', 'URL of the first article.'),
        ('v_stories', 'first_outlet', 'Site that reported the story first.'),
        ('v_stories', 'outlet_sites', 'Every site that published it, sorted.'),
        ('v_stories', 'duplicates', 'Articles of the story marked as duplicates of another.'),
        ('feeds', 'id', 'Feed id.'),
        ('feeds', 'created_at', 'When the feed was registered.'),
        ('feeds', 'updated_at', 'Last change of the row.'),
        ('feed_entries', 'feed_id', 'The feed (feeds.id).')
    ) AS v (tbl, col, note) LOOP
        rel := to_regclass(format('public.%I', r.tbl));
        CONTINUE WHEN rel IS NULL;
        IF r.col IS NULL THEN
            IF obj_description(rel, 'pg_class') IS NULL THEN
                EXECUTE format('COMMENT ON %s %s IS %L',
                               CASE WHEN (SELECT relkind FROM pg_class WHERE oid = rel) = 'v' THEN 'VIEW' ELSE 'TABLE' END,
                               rel, r.note);
            END IF;
        ELSIF EXISTS (SELECT 1 FROM pg_attribute a
                       WHERE a.attrelid = rel AND a.attname = r.col AND NOT a.attisdropped
                         AND col_description(rel, a.attnum) IS NULL) THEN
            EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', rel, r.col, r.note);
        END IF;
    END LOOP;
END $$;

-- ---------------------------------------------------------------------------------------------
-- The read-only analyst role
-- ---------------------------------------------------------------------------------------------

-- Roles are cluster-wide while migrations run per database (tests create many databases, maybe
-- at once): create it only if missing and tolerate a concurrent creation. Without the right to
-- create roles (a managed database), the migration goes on and says so; a DBA can run this
-- block later. Reads only: SELECT on tables and views, never api_keys nor feeds.websub_secret;
-- every session read-only with a statement timeout. Set a password with
-- ALTER ROLE akhbar_analyst PASSWORD '...' before handing it out over the network.
DO $$
DECLARE
    can_manage boolean := (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user);
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'akhbar_analyst') THEN
        IF NOT can_manage THEN
            RAISE NOTICE 'akhbar_analyst not created: % may not create roles', current_user;
            RETURN;
        END IF;
        BEGIN
            CREATE ROLE akhbar_analyst LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- created meanwhile by a migration of another database
        END;
    END IF;
    IF can_manage THEN
        BEGIN
            ALTER ROLE akhbar_analyst SET statement_timeout = '30s';
            ALTER ROLE akhbar_analyst SET idle_in_transaction_session_timeout = '10min';
            ALTER ROLE akhbar_analyst SET default_transaction_read_only = on;
        EXCEPTION WHEN OTHERS THEN
            -- concurrent ALTER ROLE from another database ("tuple concurrently updated"): same values
            RAISE NOTICE 'akhbar_analyst settings not changed: %', SQLERRM;
        END;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO akhbar_analyst', current_database());
    GRANT USAGE ON SCHEMA public TO akhbar_analyst;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO akhbar_analyst;
    REVOKE ALL ON api_keys FROM akhbar_analyst;
    -- feeds: every column but the WebSub secret
    REVOKE ALL ON feeds FROM akhbar_analyst;
    EXECUTE (SELECT format('GRANT SELECT (%s) ON feeds TO akhbar_analyst', string_agg(quote_ident(attname), ', '))
               FROM pg_attribute
              WHERE attrelid = 'feeds'::regclass AND attnum > 0 AND NOT attisdropped
                AND attname <> 'websub_secret');
    -- Tables and views created by later migrations are readable too; a migration that adds a
    -- secret must REVOKE it from akhbar_analyst explicitly.
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO akhbar_analyst;
END $$;
