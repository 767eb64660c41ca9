"""Loading the shipped knowledge base into Postgres, only when its files changed."""

from __future__ import annotations

import hashlib
from importlib import resources

import psycopg

from storage.kb import kb_version, set_shipped_hash, upsert_entities


def shipped_kb_hash() -> str:
    """SHA-256 over the knowledge-base data files shipped in pipeline/enrich/entities/data/."""
    digest = hashlib.sha256()
    root = resources.files("pipeline.enrich.entities").joinpath("data")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()


def sync_shipped_kb(conn: psycopg.Connection, *, force: bool = False) -> int:
    """Upsert the shipped entities and aliases if the files changed; returns how many were written."""
    from pipeline.enrich.entities import load_default_records

    current = shipped_kb_hash()
    _, loaded = kb_version(conn=conn)
    if loaded == current and not force:
        return 0
    with conn.transaction():
        written = upsert_entities(conn=conn, records=load_default_records(), origin="kb")
        set_shipped_hash(conn=conn, shipped_hash=current)
    return written
