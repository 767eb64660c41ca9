"""The knowledge base in Postgres: entities and entity_aliases, and the version workers watch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

import psycopg
from psycopg.types.json import Jsonb

from storage.sql import queries

Q = queries("kb.sql")


class EntityLike(Protocol):
    """What storage needs of an entity record (pipeline.enrich.entities.EntityRecord fits)."""

    id: str
    type: str
    name_ar: str
    name_en: str | None
    wikidata: str | None
    aliases: tuple[str, ...]
    attributes: dict[str, Any]


def kb_version(*, conn: psycopg.Connection) -> tuple[int, str | None]:
    """(version counter, hash of the shipped files last loaded)."""
    row: Any = conn.execute(Q["kb_version"]).fetchone()  # type: ignore[arg-type]
    return int(row["version"]), row["shipped_hash"]


def upsert_entities(*, conn: psycopg.Connection, records: Iterable[EntityLike], origin: str = "kb") -> int:
    """Insert or refresh entities and add their aliases; returns how many entities were written."""
    entity_rows, alias_rows = [], []
    for r in records:
        entity_rows.append(
            {
                "id": r.id,
                "type": r.type,
                "name_ar": r.name_ar,
                "name_en": r.name_en,
                "wikidata": r.wikidata,
                "attributes": Jsonb(dict(r.attributes or {})),
                "origin": origin,
            }
        )
        names = {r.name_ar, *(r.aliases or ())} | ({r.name_en} if r.name_en else set())
        alias_rows.extend({"entity_id": r.id, "alias": a} for a in sorted(names) if a)
    with conn.cursor() as cur:
        cur.executemany(Q["upsert_entity"], entity_rows)  # type: ignore[arg-type]
        cur.executemany(Q["insert_alias"], alias_rows)  # type: ignore[arg-type]
    return len(entity_rows)


def set_shipped_hash(*, conn: psycopg.Connection, shipped_hash: str) -> None:
    """Record which shipped knowledge base the database now holds."""
    conn.execute(Q["set_shipped_hash"], {"hash": shipped_hash})  # type: ignore[arg-type]


def load_entities(*, conn: psycopg.Connection) -> list[dict[str, Any]]:
    """Every entity with its aliases: [{id, type, name_ar, name_en, wikidata, attributes, aliases}]."""
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in conn.execute(Q["all_aliases"]).fetchall():  # type: ignore[arg-type]
        aliases[row["entity_id"]].append(row["alias"])  # type: ignore[call-overload,index]
    out = []
    for row in conn.execute(Q["all_entities"]).fetchall():  # type: ignore[arg-type]
        entity: dict[str, Any] = dict(row)  # type: ignore[call-overload]
        entity["aliases"] = tuple(aliases.get(entity["id"], ()))
        out.append(entity)
    return out
