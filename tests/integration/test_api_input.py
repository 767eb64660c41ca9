"""The API refuses bad input with a 4xx naming the field and the reason, and loses nothing."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.integration

LONG_URL = "https://example.com/" + "a" * 2100


@pytest.mark.parametrize(
    ("headers", "body", "status", "field", "reason_part"),
    [
        ({}, {"urls": ["https://example.com/a"]}, 401, "X-API-Key", "missing"),
        ({"X-API-Key": "akh_wrong"}, {"urls": ["https://example.com/a"]}, 401, "X-API-Key", "unknown"),
        (None, {"urls": ["ftp://example.com/a"]}, 422, "urls[0]", "scheme must be http or https"),
        (None, {"urls": ["javascript:alert(1)"]}, 422, "urls[0]", "scheme must be http or https"),
        (None, {"urls": ["https://example.com/ok", LONG_URL]}, 422, "urls[1]", "longer than 2048"),
        (None, {"urls": ["https://user:pw@example.com/"]}, 422, "urls[0]", "credentials"),
        (None, {"urls": ["not a url"]}, 422, "urls[0]", "whitespace"),
        (None, {"urls": []}, 422, "urls", "at least 1"),
        (None, {"urls": [f"https://example.com/{i}" for i in range(1001)]}, 422, "urls", "at most 1000"),
        (None, {}, 422, "urls", "required"),
        (None, {"urls": "https://example.com/"}, 422, "urls", "valid list"),
        (None, {"urls": ["https://example.com/"], "surprise": 1}, 422, "surprise", "not permitted"),
    ],
)
def test_bad_input_is_refused_with_field_and_reason(
    api: Any,
    api_key: str,
    headers: dict[str, str] | None,
    body: dict[str, Any],
    status: int,
    field: str,
    reason_part: str,
) -> None:
    response = api.post("/v1/urls", json=body, headers={"X-API-Key": api_key} if headers is None else headers)
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert any(d["field"] == field and reason_part in d["reason"] for d in detail), detail


def test_body_that_is_not_json_is_refused(api: Any, api_key: str) -> None:
    response = api.post(
        "/v1/urls", content=b"urls=x", headers={"X-API-Key": api_key, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["reason"]


def test_refused_batch_creates_no_job(api: Any, api_key: str, database_url: str) -> None:
    from storage.db import connect

    url = "https://refused-batch.example.org/news/1"
    response = api.post("/v1/urls", json={"urls": [url, "mailto:x@y.z"]}, headers={"X-API-Key": api_key})
    assert response.status_code == 422
    with connect(database_url) as conn:
        assert conn.execute("SELECT count(*) AS n FROM jobs WHERE url = %s", (url,)).fetchone()["n"] == 0


def test_unknown_job_and_article_are_404(api: Any, api_key: str) -> None:
    for path, field in (("/v1/jobs/999999999", "job_id"), ("/v1/articles/999999999", "article_id")):
        response = api.get(path, headers={"X-API-Key": api_key})
        assert response.status_code == 404
        assert response.json()["detail"][0]["field"] == field


def test_health_and_readiness(api: Any) -> None:
    assert api.get("/healthz").json() == {"status": "ok"}
    ready = api.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"postgres": "ok", "redis": "ok"}


def test_api_keys_are_stored_hashed(api_key: str, database_url: str) -> None:
    from storage.db import connect
    from storage.keys import hash_key

    with connect(database_url) as conn:
        rows = conn.execute("SELECT key_hash, prefix FROM api_keys").fetchall()
    assert all(api_key not in r["key_hash"] for r in rows)
    assert hash_key(api_key) in {r["key_hash"] for r in rows}


def test_openapi_docs_are_served(api: Any) -> None:
    assert api.get("/docs").status_code == 200
    assert "/v1/urls" in api.get("/openapi.json").json()["paths"]
