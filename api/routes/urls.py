"""POST /v1/urls: feeds submit article URLs. The job row is committed before the message is sent."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import ApiKey, Conn
from schemas.api import SubmitResponse, SubmittedUrl, SubmitUrls
from workers.submission import submit_urls

router = APIRouter(prefix="/v1", tags=["urls"])


@router.post("/urls", status_code=status.HTTP_202_ACCEPTED, response_model=SubmitResponse)
def post_urls(body: SubmitUrls, conn: Conn, key: ApiKey) -> SubmitResponse:
    """Accept 1 to 1000 URLs. Each gets a job id at once; a URL whose canonical form was already
    submitted returns the existing job as a duplicate instead of creating a second one."""
    submitted = submit_urls(conn, body.urls, hints={**body.hints, "submitted_by": key})
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
