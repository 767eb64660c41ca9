-- 0001: the core of the walking skeleton: sources, API keys, jobs, raw pages, articles,
-- and the enrichment tables (knowledge base, mentions, time expressions).
-- Every table and column is commented so that `\d+` in psql explains it.

CREATE TABLE sources (
    id          bigserial PRIMARY KEY,
    host        text NOT NULL UNIQUE,
    name        text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE sources IS 'An outlet, identified by the host name its articles are served from.';
COMMENT ON COLUMN sources.host IS 'Host name without a leading www. (e.g. hespress.com).';
COMMENT ON COLUMN sources.name IS 'Human-readable outlet name when known (site_name from the page).';

CREATE TABLE api_keys (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    key_hash    text NOT NULL UNIQUE,
    prefix      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
COMMENT ON TABLE api_keys IS 'Keys feeds use in the X-API-Key header. Only the SHA-256 hash is stored; the key is shown once.';
COMMENT ON COLUMN api_keys.key_hash IS 'Hex SHA-256 of the full key.';
COMMENT ON COLUMN api_keys.prefix IS 'First characters of the key, to recognise it in listings.';

CREATE TABLE jobs (
    id            bigserial PRIMARY KEY,
    url           text NOT NULL,
    canonical_url text NOT NULL UNIQUE,
    source_id     bigint REFERENCES sources(id),
    stage         text NOT NULL DEFAULT 'fetch' CHECK (stage IN ('fetch', 'process')),
    status        text NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'running', 'done', 'skipped', 'dead')),
    attempts      integer NOT NULL DEFAULT 0,
    not_before    timestamptz,
    claimed_at    timestamptz,
    claimed_by    text,
    reason        text,
    last_error    text,
    hints         jsonb NOT NULL DEFAULT '{}'::jsonb,
    http_status   integer,
    final_url     text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);
COMMENT ON TABLE jobs IS 'One row per submitted URL: the source of truth for its progress. Redis only carries job ids.';
COMMENT ON COLUMN jobs.url IS 'The URL as submitted.';
COMMENT ON COLUMN jobs.canonical_url IS 'Canonical form used for deduplication (tracking parameters dropped, scheme and www. folded).';
COMMENT ON COLUMN jobs.stage IS 'Which stage the job is at: fetch (network) or process (extract, enrich, store).';
COMMENT ON COLUMN jobs.status IS 'queued (waiting for its stage), running (claimed by a worker), done, skipped (not an article, see reason) or dead (gave up, see last_error).';
COMMENT ON COLUMN jobs.attempts IS 'How many times a worker has claimed the job for its current stage; bounded by the max_attempts setting.';
COMMENT ON COLUMN jobs.not_before IS 'Back-off: the job is not to be claimed before this time.';
COMMENT ON COLUMN jobs.claimed_at IS 'When a worker claimed it; a running job whose claim is older than the lease is re-sent by the sweeper.';
COMMENT ON COLUMN jobs.claimed_by IS 'Worker host and pid that claimed it.';
COMMENT ON COLUMN jobs.reason IS 'Why a job ended skipped (robots, content_type:..., no_article, ...) or dead.';
COMMENT ON COLUMN jobs.last_error IS 'The last error met, kept across retries.';
COMMENT ON COLUMN jobs.hints IS 'Per-URL hints from the submitter or the feed (title, published date, source).';
COMMENT ON COLUMN jobs.http_status IS 'HTTP status of the last fetch.';
COMMENT ON COLUMN jobs.final_url IS 'URL after redirects.';
CREATE INDEX jobs_status_stage_idx ON jobs (status, stage, not_before);
CREATE INDEX jobs_created_at_idx ON jobs (created_at);

CREATE TABLE pages (
    id               bigserial PRIMARY KEY,
    job_id           bigint NOT NULL UNIQUE REFERENCES jobs(id) ON DELETE CASCADE,
    url              text NOT NULL,
    final_url        text NOT NULL,
    http_status      integer NOT NULL,
    content_type     text,
    encoding         text NOT NULL,
    encoding_source  text,
    headers          jsonb NOT NULL DEFAULT '{}'::jsonb,
    redirects        text[] NOT NULL DEFAULT '{}',
    body_zlib        bytea NOT NULL,
    body_bytes       integer NOT NULL,
    wire_bytes       integer,
    elapsed_ms       integer,
    etag             text,
    last_modified    text,
    fetched_at       timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE pages IS 'Raw fetched pages, compressed, so any article can be re-extracted without fetching again.';
COMMENT ON COLUMN pages.body_zlib IS 'The page body as served (after transfer decoding), zlib-compressed.';
COMMENT ON COLUMN pages.encoding IS 'Character encoding used to decode the body.';
COMMENT ON COLUMN pages.encoding_source IS 'Where the encoding came from: header, bom, meta, detected, default or warc.';
COMMENT ON COLUMN pages.redirects IS 'Every URL of the redirect chain, in order, before final_url.';
COMMENT ON COLUMN pages.body_bytes IS 'Size of the decoded (uncompressed) body in bytes.';
COMMENT ON COLUMN pages.wire_bytes IS 'Bytes received on the wire.';

CREATE TABLE articles (
    id                bigserial PRIMARY KEY,
    job_id            bigint NOT NULL UNIQUE REFERENCES jobs(id) ON DELETE CASCADE,
    page_id           bigint REFERENCES pages(id) ON DELETE SET NULL,
    source_id         bigint REFERENCES sources(id),
    url               text NOT NULL,
    canonical_url     text NOT NULL,
    title             text,
    author            text,
    site_name         text,
    text              text NOT NULL,
    language          text,
    word_count        integer NOT NULL,
    published_at      timestamptz,
    published_source  text,
    extracted_at      timestamptz NOT NULL DEFAULT now(),
    created_at        timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE articles IS 'One clean article per job: the main text extracted by trafilatura, with metadata.';
COMMENT ON COLUMN articles.text IS 'Main text as paragraphs separated by newlines; menus, comments and related links removed.';
COMMENT ON COLUMN articles.language IS 'ISO 639-1 code detected from the text (ar, fr, fa, en, ...).';
COMMENT ON COLUMN articles.word_count IS 'Whitespace-separated words in text.';
COMMENT ON COLUMN articles.published_at IS 'Publication date/time of the article as the page states it.';
COMMENT ON COLUMN articles.published_source IS 'Which evidence gave published_at: metadata (meta tags, JSON-LD), htmldate, dateline, hint or capture.';
COMMENT ON COLUMN articles.canonical_url IS 'Canonical URL of the job that produced it.';
CREATE INDEX articles_published_at_idx ON articles (published_at);
CREATE INDEX articles_source_published_idx ON articles (source_id, published_at);

CREATE TABLE entities (
    id          text PRIMARY KEY,
    type        text NOT NULL CHECK (type IN ('PER', 'ORG', 'GPE', 'LOC', 'EVENT', 'MISC')),
    name_ar     text NOT NULL,
    name_en     text,
    wikidata    text,
    attributes  jsonb NOT NULL DEFAULT '{}'::jsonb,
    origin      text NOT NULL DEFAULT 'kb',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE entities IS 'Canonical people, organisations, places and events. Loaded from the shipped knowledge base; analysts may add rows.';
COMMENT ON COLUMN entities.id IS 'Stable identifier (e.g. per:benny_gantz, gpe:MA). Never renumbered.';
COMMENT ON COLUMN entities.type IS 'PER, ORG, GPE (country, city), LOC (other place), EVENT or MISC.';
COMMENT ON COLUMN entities.wikidata IS 'Wikidata Q-id when known.';
COMMENT ON COLUMN entities.attributes IS 'Extra facts: country code, nisba adjective forms, ...';
COMMENT ON COLUMN entities.origin IS 'kb (shipped with Akhbar) or analyst (added by akhbar kb add or SQL).';

CREATE TABLE entity_aliases (
    id          bigserial PRIMARY KEY,
    entity_id   text NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (entity_id, alias)
);
COMMENT ON TABLE entity_aliases IS 'Every spelling an entity goes by (Arabic variants, English). Matching normalises them.';
CREATE INDEX entity_aliases_alias_idx ON entity_aliases (alias);

-- Workers compare kb_state.version with the one they loaded and rebuild their matcher when it moved,
-- so plain SQL inserts by analysts take effect for the next article.
CREATE TABLE kb_state (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version     bigint NOT NULL DEFAULT 0,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    shipped_hash text
);
COMMENT ON TABLE kb_state IS 'One row: a counter bumped by any change to entities or entity_aliases.';
COMMENT ON COLUMN kb_state.shipped_hash IS 'Hash of the shipped knowledge-base files last loaded, so start-up reloads them only when they change.';
INSERT INTO kb_state DEFAULT VALUES;

CREATE FUNCTION bump_kb_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE kb_state SET version = version + 1, changed_at = now();
    RETURN NULL;
END $$;
CREATE TRIGGER entities_kb_version AFTER INSERT OR UPDATE OR DELETE ON entities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_kb_version();
CREATE TRIGGER entity_aliases_kb_version AFTER INSERT OR UPDATE OR DELETE ON entity_aliases
    FOR EACH STATEMENT EXECUTE FUNCTION bump_kb_version();

CREATE TABLE mentions (
    id          bigserial PRIMARY KEY,
    article_id  bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id   text REFERENCES entities(id) ON DELETE SET NULL,
    surface     text NOT NULL,
    start_char  integer NOT NULL,
    end_char    integer NOT NULL,
    type        text NOT NULL,
    method      text NOT NULL
);
COMMENT ON TABLE mentions IS 'Every entity mention in an article, linked to its canonical entity when known (unlinked mentions are kept).';
COMMENT ON COLUMN mentions.surface IS 'The text as written, without proclitics (و ب ل ك ف).';
COMMENT ON COLUMN mentions.start_char IS 'Start offset (Python string index) into articles.text.';
COMMENT ON COLUMN mentions.end_char IS 'End offset (exclusive) into articles.text.';
COMMENT ON COLUMN mentions.method IS 'What found it: gazetteer, trigger, crf, coref.';
CREATE INDEX mentions_article_idx ON mentions (article_id);
CREATE INDEX mentions_entity_article_idx ON mentions (entity_id, article_id);

CREATE TABLE time_expressions (
    id           bigserial PRIMARY KEY,
    article_id   bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    surface      text NOT NULL,
    start_char   integer NOT NULL,
    end_char     integer NOT NULL,
    type         text NOT NULL CHECK (type IN ('DATE', 'TIME', 'DURATION', 'SET')),
    value        text,
    mod          text,
    calendar     text NOT NULL DEFAULT 'gregorian',
    range_start  date,
    range_end    date,
    span         daterange GENERATED ALWAYS AS (daterange(range_start, range_end, '[]')) STORED
);
COMMENT ON TABLE time_expressions IS 'Every temporal expression in an article, normalised and anchored to its publication date.';
COMMENT ON COLUMN time_expressions.value IS 'TIMEX3-style value: 2021-11-24, 2020-12, 2022-W29, P3D, PAST_REF; null when unresolved.';
COMMENT ON COLUMN time_expressions.mod IS 'TIMEX3 modifier: START, MID, END, APPROX, ...';
COMMENT ON COLUMN time_expressions.calendar IS 'Calendar of the surface form: gregorian or hijri (values are Gregorian).';
COMMENT ON COLUMN time_expressions.range_start IS 'First day of the calendar span denoted (inclusive).';
COMMENT ON COLUMN time_expressions.range_end IS 'Last day of the calendar span denoted (inclusive).';
COMMENT ON COLUMN time_expressions.span IS 'daterange(range_start, range_end) for overlap queries (&&), GiST-indexed.';
CREATE INDEX time_expressions_article_idx ON time_expressions (article_id);
CREATE INDEX time_expressions_span_idx ON time_expressions USING gist (span);
