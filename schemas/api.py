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
    duplicate_of: int | None = Field(None, description="earlier article this one copies (exact or near)")
    duplicate_kind: str | None = Field(None, description="url, exact or near")
    similarity: float | None = Field(None, description="estimated text similarity to duplicate_of")
    story_id: int | None = Field(None, description="the story (event) this article belongs to")
    dates: list[DateOut]
    entities: list[MentionOut]


class ErrorItem(BaseModel):
    """One reason a request was refused."""

    field: str
    reason: str


class ErrorBody(BaseModel):
    """Every 4xx/5xx body: what was wrong, field by field."""

    detail: list[ErrorItem]


# --- feeds and batch submission (issue 6; docs/feeds.md) ------------------------------------


class SubmitUrlsBatch(BaseModel):
    """POST /v1/urls body as read by the route: like SubmitUrls, plus per-URL hints, and without
    the per-URL check so that ``?partial=true`` can answer invalid URLs one by one."""

    model_config = ConfigDict(extra="forbid")

    urls: list[str] = Field(min_length=1, max_length=MAX_URLS_PER_REQUEST)
    hints: dict[str, Any] = Field(default_factory=dict, description="e.g. title, published, source")
    url_hints: list[dict[str, Any]] | None = Field(
        default=None, description="hints for each URL, parallel to urls, merged over hints"
    )

    @field_validator("url_hints")
    @classmethod
    def _parallel(cls, value: list[dict[str, Any]] | None, info: Any) -> list[dict[str, Any]] | None:
        urls = info.data.get("urls")
        if value is not None and urls is not None and len(value) != len(urls):
            raise ValueError(f"must have one entry per URL ({len(urls)}), not {len(value)}")
        return value


class BatchItem(BaseModel):
    """The answer for one URL in partial mode: accepted, duplicate (of an existing job) or invalid."""

    url: str
    status: Literal["accepted", "duplicate", "invalid"]
    job_id: int | None = None
    job_status: str | None = None
    duplicate_of: int | None = None
    reason: str | None = None


class BatchResponse(BaseModel):
    """POST /v1/urls?partial=true answer: one entry per URL, in request order."""

    accepted: int
    duplicates: int
    invalid: int
    results: list[BatchItem]


class FeedIn(BaseModel):
    """POST /v1/feeds body."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(description="RSS, Atom, sitemap, sitemap index or Google News sitemap URL")
    every: str | int | None = Field(default=None, description="polling interval: 90s, 5m, 2h, 1d or seconds")
    source: str | None = Field(default=None, max_length=200, description="outlet name given to its jobs")

    @field_validator("url")
    @classmethod
    def _check_url(cls, url: str) -> str:
        try:
            check_submitted_url(url)
        except UrlRejected as exc:
            raise ValueError(str(exc)) from None
        return url.strip()


class FeedHealth(BaseModel):
    """How a feed is doing: new (never polled), healthy, failing (see last_error) or disabled."""

    state: Literal["new", "healthy", "failing", "disabled"]
    consecutive_errors: int
    last_status: str | None
    last_http_status: int | None
    last_error: str | None
    polls: int
    last_polled_at: datetime | None
    last_changed_at: datetime | None
    last_new_entry_at: datetime | None
    next_poll_at: datetime


class WebSubOut(BaseModel):
    """The feed's WebSub subscription, if it advertises a hub."""

    hub: str | None
    topic: str | None
    state: str | None
    lease_expires_at: datetime | None
    last_push_at: datetime | None


class FeedOut(BaseModel):
    """A registered feed with its health (GET /v1/feeds/{id}, POST /v1/feeds)."""

    id: int
    url: str
    kind: str | None
    title: str | None
    source: str | None
    parent_id: int | None
    enabled: bool
    base_interval_seconds: int
    interval_seconds: int
    entries_seen: int
    last_new_entries: int
    created_at: datetime
    health: FeedHealth
    websub: WebSubOut
    jobs: dict[str, int] | None = Field(default=None, description="jobs from its entries by status (GET one)")
    created: bool | None = Field(default=None, description="POST only: false when the feed was already registered")


class FeedList(BaseModel):
    """GET /v1/feeds."""

    feeds: list[FeedOut]


class JobStatusQuery(BaseModel):
    """POST /v1/urls/status body: the jobs to look up (what `akhbar submit --wait` follows)."""

    model_config = ConfigDict(extra="forbid")

    job_ids: list[int] = Field(min_length=1, max_length=MAX_URLS_PER_REQUEST)


class JobBrief(BaseModel):
    """Where one job is."""

    id: int
    stage: str
    status: str
    reason: str | None


class JobStatusAnswer(BaseModel):
    """POST /v1/urls/status answer: each known job, and counts by status (unknown ids are left out)."""

    jobs: list[JobBrief]
    counts: dict[str, int]
