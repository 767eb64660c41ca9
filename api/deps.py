"""Request dependencies: settings, a database connection from the pool, the API key check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import psycopg
from fastapi import Depends, Header, HTTPException, status

from schemas.settings import Settings, get_settings
from storage.db import get_pool
from storage.keys import key_name


def settings_dep() -> Settings:
    """The process settings."""
    return get_settings()


def db(settings: Annotated[Settings, Depends(settings_dep)]) -> Iterator[psycopg.Connection]:
    """A pooled connection for one request; committed by the route, rolled back on error."""
    if not settings.database_url:
        raise RuntimeError("AKHBAR_DATABASE_URL is not set")
    with get_pool(settings.database_url, max_size=10).connection(timeout=5.0) as conn:
        yield conn


Conn = Annotated[psycopg.Connection, Depends(db)]


def require_key(conn: Conn, x_api_key: Annotated[str | None, Header()] = None) -> str:
    """The name of the caller's API key; 401 naming the header when missing or wrong."""
    if not x_api_key:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, [{"field": "X-API-Key", "reason": "missing API key"}])
    name = key_name(conn=conn, key=x_api_key)
    if name is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, [{"field": "X-API-Key", "reason": "unknown or revoked API key"}]
        )
    return name


ApiKey = Annotated[str, Depends(require_key)]
