"""Liveness and readiness: /healthz says the process runs, /readyz that Postgres and Redis answer."""

from __future__ import annotations

from typing import Annotated

import redis
from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from api.deps import api_pool, checked_connection, settings_dep
from schemas.settings import Settings

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(settings: Annotated[Settings, Depends(settings_dep)]) -> JSONResponse:
    """200 when Postgres and Redis both answer, else 503 naming what is down."""
    checks: dict[str, str] = {}
    try:
        pool = api_pool(settings)
        pool.putconn(checked_connection(pool))
        checks["postgres"] = "ok"
    except Exception as exc:  # any failure means "not ready"; the reason is reported
        checks["postgres"] = f"down: {type(exc).__name__}"
    try:
        client = redis.Redis.from_url(settings.redis_url or "", socket_timeout=2, socket_connect_timeout=2)
        client.ping()
        checks["redis"] = "ok"
    except Exception as exc:  # see above
        checks["redis"] = f"down: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks}, status_code=200 if ready else 503
    )
