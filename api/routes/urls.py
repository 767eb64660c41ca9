"""POST /v1/urls: feeds submit article URLs. The job row is committed before the message is sent.

By default a batch with any invalid URL is refused whole (422, one reason per URL). With
``?partial=true`` the valid URLs are accepted and each invalid one is answered with its reason
(`akhbar submit` uses it, so one bad line does not block a file).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from api.deps import ApiKey, Conn
from pipeline.urls import UrlRejected, check_submitted_url
from schemas.api import (
    BatchItem,
    BatchResponse,
    JobBrief,
    JobStatusAnswer,
    JobStatusQuery,
    SubmitResponse,
    SubmittedUrl,
    SubmitUrls,
    SubmitUrlsBatch,
)
from storage import jobs
from workers.submission import submit_urls

router = APIRouter(prefix="/v1", tags=["urls"])


@router.post("/urls", status_code=status.HTTP_202_ACCEPTED, response_model=SubmitResponse | BatchResponse)
def post_urls(
    body: SubmitUrlsBatch,
    conn: Conn,
    key: ApiKey,
    partial: bool = Query(False, description="accept the valid URLs and answer invalid ones one by one"),
) -> SubmitResponse | BatchResponse:
    """Accept 1 to 1000 URLs. Each gets a job id at once; a URL whose canonical form was already
    submitted returns the existing job as a duplicate instead of creating a second one."""
    hints = {**body.hints, "submitted_by": key}
    if not partial:
        try:  # the strict model gives the historical 422 body: one item per invalid URL
            SubmitUrls.model_validate({"urls": body.urls, "hints": body.hints})
        except ValidationError as exc:
            raise RequestValidationError(exc.errors()) from None
        submitted = submit_urls(conn, body.urls, hints=hints, per_url_hints=body.url_hints)
        results = [
            SubmittedUrl(
                url=s.url,
                job_id=s.job_id,
                status="accepted" if s.created else "duplicate",
                job_status=s.job_status,
                duplicate_of=None if s.created else s.job_id,
            )
            for s in submitted
        ]
        accepted = sum(s.created for s in submitted)
        return SubmitResponse(accepted=accepted, duplicates=len(results) - accepted, results=results)
    return _partial(conn, body, hints)


def _partial(conn: Any, body: SubmitUrlsBatch, hints: dict[str, Any]) -> BatchResponse:
    reasons: dict[int, str] = {}
    for index, url in enumerate(body.urls):
        try:
            check_submitted_url(url)
        except UrlRejected as exc:
            reasons[index] = str(exc)
    valid = [i for i in range(len(body.urls)) if i not in reasons]
    per_url = [body.url_hints[i] for i in valid] if body.url_hints else None
    submitted = iter(
        submit_urls(conn, [body.urls[i] for i in valid], hints=hints, per_url_hints=per_url) if valid else []
    )
    results = []
    for index, url in enumerate(body.urls):
        if index in reasons:
            results.append(BatchItem(url=url, status="invalid", reason=reasons[index]))
            continue
        s = next(submitted)
        results.append(
            BatchItem(
                url=s.url,
                status="accepted" if s.created else "duplicate",
                job_id=s.job_id,
                job_status=s.job_status,
                duplicate_of=None if s.created else s.job_id,
            )
        )
    accepted = sum(r.status == "accepted" for r in results)
    return BatchResponse(
        accepted=accepted,
        duplicates=sum(r.status == "duplicate" for r in results),
        invalid=len(reasons),
        results=results,
    )


@router.post("/urls/status", response_model=JobStatusAnswer)
def urls_status(body: JobStatusQuery, conn: Conn, _: ApiKey) -> JobStatusAnswer:
    """Status of up to 1000 jobs at once (a batch submitter following its jobs to the end)."""
    found = jobs.jobs_by_ids(conn=conn, ids=body.job_ids)
    briefs = [JobBrief(id=j.id, stage=j.stage, status=j.status, reason=j.reason) for j in found]
    counts: dict[str, int] = {}
    for brief in briefs:
        counts[brief.status] = counts.get(brief.status, 0) + 1
    return JobStatusAnswer(jobs=briefs, counts=counts)
