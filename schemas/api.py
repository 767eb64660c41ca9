"""Request and response bodies of the HTTP API (the contract feeds code against)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.urls import UrlRejected, check_submitted_url

MAX_URLS_PER_REQUEST = 1000


class SubmitUrls(BaseModel):
    """POST /v1/urls body: 1 to 1000 URLs, with optional hints applied to all of them."""

    model_config = ConfigDict(extra="forbid")

    urls: list[str] = Field(min_length=1, max_length=MAX_URLS_PER_REQUEST)
    hints: dict[str, Any] = Field(default_factory=dict, description="e.g. title, published, source")

    @field_validator("urls")
    @classmethod
    def _check_each(cls, urls: list[str]) -> list[str]:
        problems = []
        for index, url in enumerate(urls):
            try:
                check_submitted_url(url)
            except UrlRejected as exc:
                problems.append(f"urls[{index}]: {exc}")
        if problems:
            raise ValueError("; ".join(problems))
        return urls


class SubmittedUrl(BaseModel):
    """The answer for one submitted URL."""

    url: str
    job_id: int
    status: Literal["accepted", "duplicate"]
    job_status: str
    duplicate_of: int | None = None


class SubmitResponse(BaseModel):
    """POST /v1/urls answer: one entry per URL, in request order."""

    accepted: int
    duplicates: int
    results: list[SubmittedUrl]


class JobOut(BaseModel):
    """GET /v1/jobs/{id}."""

    id: int
    url: str
    canonical_url: str
    stage: str
    status: str
    attempts: int
    reason: str | None
    last_error: str | None
    http_status: int | None
    final_url: str | None
    not_before: datetime | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    article_id: int | None = None


class MentionOut(BaseModel):
    """One entity mention of an article."""

    text: str
    start: int
    end: int
    type: str
    method: str
    entity_id: str | None
    canonical: str | None
    canonical_ar: str | None


class DateOut(BaseModel):
    """One time expression of an article."""

    text: str
    start: int
    end: int
    type: str
    value: str | None
    mod: str | None
    calendar: str
    range: list[str] | None


class ArticleOut(BaseModel):
    """GET /v1/articles/{id}."""

    id: int
    job_id: int
    url: str
    canonical_url: str
    source: str | None
    title: str | None
    author: str | None
    text: str
    language: str | None
    word_count: int
    published_at: datetime | None
    published_source: str | None
    extracted_at: datetime
    dates: list[DateOut]
    entities: list[MentionOut]
    extra: dict[str, Any] = Field(default_factory=dict, description="dedup and story fields when present")


class ErrorItem(BaseModel):
    """One reason a request was refused."""

    field: str
    reason: str


class ErrorBody(BaseModel):
    """Every 4xx/5xx body: what was wrong, field by field."""

    detail: list[ErrorItem]
