"""The FastAPI application: `uvicorn api.app:app`."""

from __future__ import annotations

from fastapi import FastAPI

from api import metrics
from api.errors import install_error_handlers
from api.routes import articles, feeds, health, jobs, urls


def create_app() -> FastAPI:
    """Build the API app with its routes and error handlers."""
    app = FastAPI(
        title="Akhbar",
        summary="Arabic-first news ingestion: submit article URLs, read clean enriched articles.",
        version="0.1.0",
    )
    install_error_handlers(app)
    metrics.register_collector()
    app.middleware("http")(metrics.count_requests)
    for module in (urls, feeds, jobs, articles, health, metrics):
        app.include_router(module.router)
    return app


app = create_app()
