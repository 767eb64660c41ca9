"""POST /v1/urls: feeds submit article URLs. The job row is committed before the message is sent."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import ApiKey, Conn
from pipeline.urls import canonical_url, source_host
from schemas.api import SubmittedUrl, SubmitResponse, SubmitUrls
from storage import jobs
from workers.dispatch import send_stage

router = APIRouter(prefix="/v1", tags=["urls"])


@router.post("/urls", status_code=status.HTTP_202_ACCEPTED, response_model=SubmitResponse)
def submit_urls(body: SubmitUrls, conn: Conn, key: ApiKey) -> SubmitResponse:
    """Accept 1 to 1000 URLs. Each gets a job id at once; a URL whose canonical form was already
    submitted returns the existing job as a duplicate instead of creating a second one."""
    results: list[SubmittedUrl] = []
    to_send: list[tuple[int, str]] = []
    hints = {**body.hints, "submitted_by": key}
    for url in body.urls:
        url = url.strip()
        canonical = canonical_url(url)
        source_id = jobs.upsert_source(conn=conn, host=source_host(url))
        job, created = jobs.insert_job(conn=conn, url=url, canonical_url=canonical, source_id=source_id, hints=hints)
        if created:
            to_send.append((job.id, job.url))
        results.append(SubmittedUrl(
            url=url, job_id=job.id, status="accepted" if created else "duplicate", job_status=job.status,
            duplicate_of=None if created else job.id,
        ))
    conn.commit()
    for job_id, url in to_send:  # after the commit: a worker must find the row its message names
        send_stage(job_id, url, "fetch")
    accepted = sum(r.status == "accepted" for r in results)
    return SubmitResponse(accepted=accepted, duplicates=len(results) - accepted, results=results)
