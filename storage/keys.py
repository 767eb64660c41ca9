"""API keys: generated here, stored as SHA-256 hashes, shown to the user once."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import psycopg

from storage.sql import queries

Q = queries("keys.sql")
KEY_PREFIX = "akh_"


def hash_key(key: str) -> str:
    """Hex SHA-256 of a key: what the database stores and compares."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(*, conn: psycopg.Connection, name: str) -> str:
    """Create a key named `name`; returns the plaintext key (never stored)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    conn.execute(Q["insert_key"], {"name": name, "key_hash": hash_key(key), "prefix": key[:10]})  # type: ignore[arg-type]
    return key


def key_name(*, conn: psycopg.Connection, key: str) -> str | None:
    """Name of the active key matching `key`, or None."""
    row: Any = conn.execute(Q["key_by_hash"], {"key_hash": hash_key(key)}).fetchone()  # type: ignore[arg-type]
    return str(row["name"]) if row else None


def revoke_key(*, conn: psycopg.Connection, name: str) -> bool:
    """Revoke the key with this name; False if there was none."""
    return conn.execute(Q["revoke_key"], {"name": name}).fetchone() is not None  # type: ignore[arg-type]


def list_keys(*, conn: psycopg.Connection) -> list[dict[str, Any]]:
    """Every key's name, prefix and dates (never the hash)."""
    return conn.execute(Q["list_keys"]).fetchall()  # type: ignore[arg-type,return-value]
