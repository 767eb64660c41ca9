"""Error bodies: every refusal names the field and the reason; a database outage is a 503."""

from __future__ import annotations

from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    out = ""
    for p in parts:
        out += f"[{p}]" if p.isdigit() else (f".{p}" if out else p)
    return out or "body"


def _validation_items(exc: RequestValidationError) -> list[dict[str, str]]:
    items = []
    for err in exc.errors():
        message = str(err.get("msg", "invalid"))
        message = message.removeprefix("Value error, ")
        field = _field(err.get("loc", ()))
        if err.get("type") == "missing":
            message = "required field is missing"
        # Per-URL problems come back as "urls[3]: reason; urls[7]: reason": one item each.
        if field == "urls" and message.startswith("urls["):
            for piece in message.split("; "):
                name, _, reason = piece.partition(": ")
                items.append({"field": name, "reason": reason})
            continue
        items.append({"field": field, "reason": message})
    return items


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that shape every error body as {"detail": [{"field", "reason"}]}."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_items(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if isinstance(detail, str):
            detail = [{"field": "request", "reason": detail}]
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)

    async def _database_down(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(
            {
                "detail": [
                    {"field": "database", "reason": f"database unavailable, retry shortly ({type(exc).__name__})"}
                ]
            },
            status_code=503,
            headers={"Retry-After": "5"},
        )

    from api.deps import DatabaseUnavailable

    app.add_exception_handler(DatabaseUnavailable, _database_down)
    app.add_exception_handler(psycopg.OperationalError, _database_down)
    app.add_exception_handler(PoolTimeout, _database_down)
