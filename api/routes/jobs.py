"""GET /v1/jobs/{id}: where a URL is in the pipeline, and why it stopped if it did."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from api.deps import ApiKey, Conn
from schemas.api import JobOut
from storage import articles, jobs

router = APIRouter(prefix="/v1", tags=["jobs"])


@router.get("/jobs/{job_id}", response_model=JobOut)
def get_job(job_id: int, conn: Conn, _: ApiKey) -> JobOut:
    """Status, attempts, timestamps, last error and, once done, the article id."""
    job = jobs.get_job(conn=conn, job_id=job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, [{"field": "job_id", "reason": f"no job {job_id}"}])
    article_id = articles.article_id_for_job(conn=conn, job_id=job_id)
    return JobOut(**{k: getattr(job, k) for k in JobOut.model_fields if hasattr(job, k)}, article_id=article_id)
