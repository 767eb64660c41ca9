-- name: insert_key
INSERT INTO api_keys (name, key_hash, prefix) VALUES (%(name)s, %(key_hash)s, %(prefix)s) RETURNING id;

-- name: key_by_hash
SELECT id, name FROM api_keys WHERE key_hash = %(key_hash)s AND revoked_at IS NULL;

-- name: revoke_key
UPDATE api_keys SET revoked_at = now() WHERE name = %(name)s AND revoked_at IS NULL RETURNING id;

-- name: list_keys
SELECT name, prefix, created_at, revoked_at FROM api_keys ORDER BY id;
