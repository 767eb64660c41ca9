-- 0050: the process worker hands Postgres the search forms of an article it already computed.
--
-- Normalising an article's title and text with the regular expressions of 0030 cost Postgres
-- about 3.6 ms of CPU per article on the benchmark pages, a quarter of its work on the page path
-- (bench/store_path.py, docs/benchmark.md); the worker's Python twins of the same functions do it
-- in 0.1 ms. The worker now writes search_vector and title_normalized itself, computed from
-- the forms by akhbar_search_vector_of_forms() below. The trigger still computes both for every
-- other writer (psql, an analyst's correction, an import), and whenever a row's title or text
-- changes without a new vector. tests/integration/test_analysts.py checks that the Python and
-- SQL normalisations agree, character by character, and that a worker-written row holds exactly
-- what the trigger would have written.

-- The vector from the four forms: normalised and proclitic-stripped title (weight A) and text
-- (weight B). akhbar_search_vector() is this function applied to the SQL normalisation, so the
-- two ways of building a vector cannot drift apart.
CREATE FUNCTION akhbar_search_vector_of_forms(title_norm text, title_stripped text,
                                              body_norm text, body_stripped text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN setweight(to_tsvector('simple'::regconfig, coalesce(title_norm, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(title_stripped, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(body_norm, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, coalesce(body_stripped, '')), 'B');
COMMENT ON FUNCTION akhbar_search_vector_of_forms(text, text, text, text) IS
    'The full-text vector of an article from its search forms: akhbar_normalize() of the title and '
    'the text, and akhbar_strip_proclitics() of each (the process worker computes them in Python).';

CREATE OR REPLACE FUNCTION akhbar_search_vector(title text, body text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (SELECT akhbar_search_vector_of_forms(nt, akhbar_strip_proclitics(nt), nb, akhbar_strip_proclitics(nb))
              FROM (SELECT akhbar_normalize(coalesce(title, '')) AS nt,
                           akhbar_normalize(coalesce(body, '')) AS nb) AS n);

-- A row that arrives with its vector and normalised title keeps them: an INSERT that sets both,
-- or an UPDATE that sets a new vector. Any other insert, or a change of title or text that does
-- not bring a new vector, is computed here as before.
CREATE OR REPLACE FUNCTION articles_search_vector_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.search_vector IS NOT NULL AND NEW.title_normalized IS NOT NULL
       AND (TG_OP = 'INSERT' OR NEW.search_vector IS DISTINCT FROM OLD.search_vector) THEN
        RETURN NEW;
    END IF;
    NEW.search_vector := akhbar_search_vector(NEW.title, NEW.text);
    NEW.title_normalized := akhbar_normalize(coalesce(NEW.title, ''));
    RETURN NEW;
END $$;
COMMENT ON FUNCTION articles_search_vector_update() IS
    'Keeps articles.search_vector and title_normalized: computed from title and text unless the '
    'writer supplied them (the process worker does, 0050).';
