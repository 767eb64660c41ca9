-- 0010: duplicates, near-duplicates and story groups (issue 13; docs/dedup.md).
--
-- Analyst-facing marks live on articles (duplicate_of, duplicate_kind, similarity, story_id);
-- the matching machinery (signatures, LSH band keys, story features) lives in side tables so
-- articles stays lean. The LSH index is shared by every worker: band keys are plain bigints
-- computed in pipeline/dedup.py, so a lookup is an indexed equality query.

CREATE TABLE stories (
    id               bigserial PRIMARY KEY,
    title            text,
    first_article_id bigint REFERENCES articles (id) ON DELETE SET NULL,
    first_seen       timestamptz,          -- earliest publication date of its articles
    last_seen        timestamptz,          -- latest publication date of its articles
    size             integer NOT NULL DEFAULT 0,
    outlets          integer NOT NULL DEFAULT 0,  -- distinct sites (host without www./m./amp.)
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stories_last_seen_idx ON stories (last_seen);

ALTER TABLE articles
    ADD COLUMN content_hash   text,
    ADD COLUMN duplicate_of   bigint REFERENCES articles (id) ON DELETE SET NULL,
    ADD COLUMN duplicate_kind text CHECK (duplicate_kind IN ('url', 'exact', 'near')),
    ADD COLUMN similarity     real CHECK (similarity BETWEEN 0 AND 1),
    ADD COLUMN story_id       bigint REFERENCES stories (id) ON DELETE SET NULL,
    -- marks point from the later article to the earlier (first-seen) one, never to itself
    ADD CONSTRAINT articles_duplicate_not_self CHECK (duplicate_of IS NULL OR duplicate_of < id);

CREATE INDEX articles_content_hash_idx ON articles (content_hash);
-- the "same URL" check looks earlier articles up by canonical URL
CREATE INDEX articles_canonical_url_idx ON articles (canonical_url);
CREATE INDEX articles_story_id_idx ON articles (story_id);
CREATE INDEX articles_duplicate_of_idx ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- One row per article: its MinHash signature and story features.
CREATE TABLE article_signatures (
    article_id   bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    params       text NOT NULL,            -- SignatureParams.tag: only equal tags are comparable
    minhash      bytea NOT NULL,           -- little-endian uint32[num_perm]
    story_date   timestamptz NOT NULL,     -- publication date (fetch time when unknown)
    site         text NOT NULL DEFAULT '',     -- host without www./m./amp.
    series       text NOT NULL DEFAULT '',     -- headline without numbers/calendar words (stories.series_key)
    entity_ids   text[] NOT NULL DEFAULT '{}',
    terms        text[] NOT NULL DEFAULT '{}',
    event_dates  text[] NOT NULL DEFAULT '{}',
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX article_signatures_story_date_idx ON article_signatures (story_date);

-- The shared LSH index: one row per (band key, article). Keys already encode the band.
CREATE TABLE lsh_band_keys (
    key        bigint NOT NULL,
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (key, article_id)
);
CREATE INDEX lsh_band_keys_article_idx ON lsh_band_keys (article_id);

-- Story candidate index: which articles mention a linked entity, by publication date.
CREATE TABLE story_entity_keys (
    entity_id  text NOT NULL,
    story_date timestamptz NOT NULL,
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX story_entity_keys_lookup_idx ON story_entity_keys (entity_id, story_date);

-- One row per story with its outlets and first reporter, for analysts.
CREATE VIEW v_stories AS
SELECT s.id,
       s.title,
       s.first_seen,
       s.last_seen,
       s.size,
       s.outlets,
       s.first_article_id,
       fa.url AS first_url,
       fsig.site AS first_outlet,
       (SELECT array_agg(DISTINCT sig.site ORDER BY sig.site)
          FROM articles a JOIN article_signatures sig ON sig.article_id = a.id
         WHERE a.story_id = s.id) AS outlet_sites,
       (SELECT count(*) FROM articles a WHERE a.story_id = s.id AND a.duplicate_of IS NOT NULL)
           AS duplicates
  FROM stories s
  LEFT JOIN articles fa ON fa.id = s.first_article_id
  LEFT JOIN article_signatures fsig ON fsig.article_id = s.first_article_id;

COMMENT ON TABLE stories IS 'One event told by one or more articles (issue 13). Every article belongs to exactly one story; a story of one when nothing matched.';
COMMENT ON COLUMN stories.title IS 'Title of the first article (earliest publication date).';
COMMENT ON COLUMN stories.first_article_id IS 'The first reporter: the article with the earliest publication date.';
COMMENT ON COLUMN stories.first_seen IS 'Earliest publication date among its articles (fetch time when a page states none).';
COMMENT ON COLUMN stories.last_seen IS 'Latest publication date among its articles.';
COMMENT ON COLUMN stories.size IS 'Number of articles, duplicates included.';
COMMENT ON COLUMN stories.outlets IS 'Number of distinct sites (host without www./m./amp.) that carried it.';
COMMENT ON COLUMN articles.content_hash IS 'SHA-256 of the normalised text (Arabic orthography folded, punctuation and spacing dropped).';
COMMENT ON COLUMN articles.duplicate_of IS 'The first-seen article this one copies (url variant, exact copy or near-duplicate); NULL on originals. Always points to an earlier id, to the root of any chain.';
COMMENT ON COLUMN articles.duplicate_kind IS 'url (same canonical URL), exact (same normalised text) or near (MinHash estimate >= threshold).';
COMMENT ON COLUMN articles.similarity IS 'Estimated Jaccard similarity of word 3-shingles with duplicate_of (1.0 for exact copies).';
COMMENT ON COLUMN articles.story_id IS 'The story this article belongs to; duplicates share their original''s story.';
COMMENT ON TABLE article_signatures IS 'Per-article matching data: MinHash signature and story features (entities, salient terms, dates).';
COMMENT ON TABLE lsh_band_keys IS 'Shared LSH index: one row per band key of each signature; a lookup is an indexed equality query.';
COMMENT ON TABLE story_entity_keys IS 'Story candidate index: linked entities of each article by publication date.';
COMMENT ON VIEW v_stories IS 'One row per story with its first reporter and the sites that carried it.';
