-- name: kb_version
SELECT version, shipped_hash FROM kb_state;

-- name: set_shipped_hash
UPDATE kb_state SET shipped_hash = %(hash)s;

-- name: upsert_entity
-- Shipped rows refresh their names; a row an analyst created keeps its origin.
INSERT INTO entities (id, type, name_ar, name_en, wikidata, attributes, origin)
VALUES (%(id)s, %(type)s, %(name_ar)s, %(name_en)s, %(wikidata)s, %(attributes)s, %(origin)s)
ON CONFLICT (id) DO UPDATE SET
    type = EXCLUDED.type, name_ar = EXCLUDED.name_ar, name_en = EXCLUDED.name_en,
    wikidata = COALESCE(EXCLUDED.wikidata, entities.wikidata),
    attributes = entities.attributes || EXCLUDED.attributes, updated_at = now();

-- name: insert_alias
INSERT INTO entity_aliases (entity_id, alias) VALUES (%(entity_id)s, %(alias)s)
ON CONFLICT (entity_id, alias) DO NOTHING;

-- name: all_entities
SELECT id, type, name_ar, name_en, wikidata, attributes FROM entities ORDER BY id;

-- name: all_aliases
SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, id;
