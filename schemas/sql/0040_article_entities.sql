-- 0040: article_entities, one row per article and linked entity, kept by triggers.
--
-- "Which entities does an article mention" is the fact behind timelines, co-occurrences and top
-- entities. Read from mentions it needs a DISTINCT over (article, entity) first, which the planner
-- cannot push a date filter through: "the pairs most mentioned together this week" read all 1.7
-- million mentions of the 200,000-article bench (1.8 s). Stored once, with the article's date and
-- outlet beside it, every such question is an index range scan (bench/analyst_queries.py).

CREATE TABLE article_entities (
    article_id     bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id      text NOT NULL REFERENCES entities(id) ON DELETE CASCADE ON UPDATE CASCADE,
    mentions       integer NOT NULL,
    published_at   timestamptz,
    published_day  date GENERATED ALWAYS AS ((published_at AT TIME ZONE 'UTC')::date) STORED,
    source_id      bigint,
    PRIMARY KEY (article_id, entity_id)
);
COMMENT ON TABLE article_entities IS
    'One row per article and canonical entity it mentions (linked mentions only), with the article''s '
    'publication date and outlet. Derived from mentions and articles by triggers: do not write it, '
    'write mentions.';
COMMENT ON COLUMN article_entities.article_id IS 'The article (articles.id).';
COMMENT ON COLUMN article_entities.entity_id IS 'The canonical entity (entities.id).';
COMMENT ON COLUMN article_entities.mentions IS 'How many mentions of the entity the article holds.';
COMMENT ON COLUMN article_entities.published_at IS 'articles.published_at, copied (null when the article has no date).';
COMMENT ON COLUMN article_entities.published_day IS 'Publication day in UTC.';
COMMENT ON COLUMN article_entities.source_id IS 'articles.source_id, copied (the outlet).';

-- An entity's articles in a date range (co-occurrence, "articles mentioning X in March").
CREATE INDEX article_entities_entity_published_idx ON article_entities (entity_id, published_at) INCLUDE (article_id);
-- An entity's days (v_timeline), answered from the index alone.
CREATE INDEX article_entities_entity_day_idx ON article_entities (entity_id, published_day)
    INCLUDE (article_id, mentions, source_id);
-- Everything of a date range ("the pairs of the week", "top entities of the day").
CREATE INDEX article_entities_published_idx ON article_entities (published_at);

-- Mentions are replaced per article in one DELETE and one INSERT (storage/articles.py); the
-- statement-level trigger recomputes the rows of every article those statements touched.
CREATE FUNCTION article_entities_from_mentions() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    touched bigint[];
BEGIN
    -- A transition table exists only for the events its trigger declares, hence one branch each.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT article_id) INTO touched FROM new_mentions;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT article_id) INTO touched FROM old_mentions;
    ELSE
        SELECT array_agg(DISTINCT article_id) INTO touched
          FROM (SELECT article_id FROM new_mentions UNION ALL SELECT article_id FROM old_mentions) u;
    END IF;
    IF touched IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM article_entities WHERE article_id = ANY (touched);
    INSERT INTO article_entities (article_id, entity_id, mentions, published_at, source_id)
    SELECT m.article_id, m.entity_id, count(*), a.published_at, a.source_id
      FROM unnest(touched) AS t(article_id)
      JOIN mentions m ON m.article_id = t.article_id
      JOIN articles a ON a.id = t.article_id
     WHERE m.entity_id IS NOT NULL
     GROUP BY m.article_id, m.entity_id, a.published_at, a.source_id;
    RETURN NULL;
END $$;
CREATE TRIGGER mentions_article_entities_insert AFTER INSERT ON mentions
    REFERENCING NEW TABLE AS new_mentions
    FOR EACH STATEMENT EXECUTE FUNCTION article_entities_from_mentions();
CREATE TRIGGER mentions_article_entities_update AFTER UPDATE ON mentions
    REFERENCING OLD TABLE AS old_mentions NEW TABLE AS new_mentions
    FOR EACH STATEMENT EXECUTE FUNCTION article_entities_from_mentions();
CREATE TRIGGER mentions_article_entities_delete AFTER DELETE ON mentions
    REFERENCING OLD TABLE AS old_mentions
    FOR EACH STATEMENT EXECUTE FUNCTION article_entities_from_mentions();

-- A corrected publication date or outlet follows into the copies.
CREATE FUNCTION article_entities_follow_article() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE article_entities SET published_at = NEW.published_at, source_id = NEW.source_id
     WHERE article_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_article_entities AFTER UPDATE OF published_at, source_id ON articles
    FOR EACH ROW
    WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.source_id IS DISTINCT FROM NEW.source_id)
    EXECUTE FUNCTION article_entities_follow_article();

INSERT INTO article_entities (article_id, entity_id, mentions, published_at, source_id)
SELECT m.article_id, m.entity_id, count(*), a.published_at, a.source_id
  FROM mentions m JOIN articles a ON a.id = m.article_id
 WHERE m.entity_id IS NOT NULL
 GROUP BY m.article_id, m.entity_id, a.published_at, a.source_id;

-- The partners of an article's entity are its other rows: a join on the primary key, no DISTINCT.
-- Each unordered pair appears twice, once in each order: filter on entity_a for "who is mentioned
-- with X", add entity_a < entity_b to count each pair once.
CREATE OR REPLACE VIEW v_cooccurrence AS
SELECT x.article_id,
       x.published_at,
       x.published_day,
       x.entity_id AS entity_a,
       ea.name_ar AS name_a_ar,
       ea.name_en AS name_a_en,
       ea.type AS type_a,
       y.entity_id AS entity_b,
       eb.name_ar AS name_b_ar,
       eb.name_en AS name_b_en,
       eb.type AS type_b
  FROM article_entities x
  JOIN article_entities y ON y.article_id = x.article_id AND y.entity_id <> x.entity_id
  JOIN entities ea ON ea.id = x.entity_id
  JOIN entities eb ON eb.id = y.entity_id;

-- Same columns and meaning as before, now one index range per entity.
CREATE OR REPLACE VIEW v_timeline AS
SELECT ae.entity_id,
       e.name_ar,
       e.name_en,
       e.type AS entity_type,
       ae.published_day AS day,
       count(*) AS articles,
       sum(ae.mentions) AS mentions,
       count(DISTINCT ae.source_id) AS outlets
  FROM article_entities ae
  JOIN entities e ON e.id = ae.entity_id
 WHERE ae.published_day IS NOT NULL
 GROUP BY ae.entity_id, e.name_ar, e.name_en, e.type, ae.published_day;

-- mentions(article_id) becomes (article_id, entity_id): the entities of an article read from the
-- index alone (entity_count of v_articles, the triggers above).
CREATE INDEX mentions_article_entity_idx ON mentions (article_id, entity_id);
DROP INDEX mentions_article_idx;

-- akhbar_analyst reads article_entities through 0030's default privileges.
