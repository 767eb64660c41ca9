"""Queries on jobs and sources. Every function takes a keyword-only connection."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from storage.sql import queries

Q = queries("jobs.sql")


@dataclass(frozen=True, slots=True)
class Job:
    """A row of `jobs`."""

    id: int
    url: str
    canonical_url: str
    source_id: int | None
    stage: str
    status: str
    attempts: int
    not_before: datetime | None
    claimed_at: datetime | None
    claimed_by: str | None
    reason: str | None
    last_error: str | None
    hints: dict[str, Any]
    http_status: int | None
    final_url: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Job:
        """Map a dict row to a Job."""
        return cls(**row)


def _one(conn: psycopg.Connection, name: str, params: dict[str, Any]) -> Job | None:
    row = conn.execute(Q[name], params).fetchone()  # type: ignore[arg-type]
    return Job.from_row(row) if row else None  # type: ignore[arg-type]


def upsert_source(*, conn: psycopg.Connection, host: str) -> int:
    """Id of the source for this host, created if new."""
    return upsert_sources(conn=conn, hosts=[host])[host]


def upsert_sources(*, conn: psycopg.Connection, hosts: Iterable[str]) -> dict[str, int]:
    """Source id of each host, created when new: one insert, and one select for those that existed."""
    distinct = sorted(set(hosts))
    if not distinct:
        return {}
    rows = conn.execute(Q["insert_sources"], {"hosts": distinct}).fetchall()  # type: ignore[arg-type]
    ids = {r["host"]: int(r["id"]) for r in rows}  # type: ignore[call-overload,index]
    existing = [h for h in distinct if h not in ids]
    if existing:  # a statement of its own: it sees a row another transaction committed meanwhile
        rows = conn.execute(Q["sources_by_host"], {"hosts": existing}).fetchall()  # type: ignore[arg-type]
        ids.update({r["host"]: int(r["id"]) for r in rows})  # type: ignore[call-overload,index]
    return ids


@dataclass(frozen=True, slots=True)
class NewJob:
    """One job to insert: the URL as submitted, its canonical form, its source and hints."""

    url: str
    canonical_url: str
    source_id: int | None
    hints: dict[str, Any]


def insert_jobs(*, conn: psycopg.Connection, new: Sequence[NewJob]) -> list[tuple[Job, bool]]:
    """Insert many jobs in one statement; for each input, in order, (job, created). A canonical URL
    that already had a job, or that came earlier in the same batch, gives the existing job."""
    if not new:
        return []
    batch = sorted(
        {n.canonical_url: n for n in reversed(new)}.values(),  # the first occurrence of each
        key=lambda n: n.canonical_url,
    )
    params = {
        "urls": [n.url for n in batch],
        "canonical_urls": [n.canonical_url for n in batch],
        "source_ids": [n.source_id for n in batch],
        "hints": [Jsonb(n.hints) for n in batch],
    }
    inserted = {j.canonical_url: j for j in map(Job.from_row, conn.execute(Q["insert_jobs"], params).fetchall())}  # type: ignore[arg-type]
    missing = [n.canonical_url for n in batch if n.canonical_url not in inserted]
    existing: dict[str, Job] = {}
    if missing:
        rows = conn.execute(Q["jobs_by_canonical_urls"], {"canonical_urls": missing}).fetchall()  # type: ignore[arg-type]
        existing = {j.canonical_url: j for j in map(Job.from_row, rows)}  # type: ignore[arg-type]
    out: list[tuple[Job, bool]] = []
    claimed: set[str] = set()
    for n in new:
        if n.canonical_url in inserted and n.canonical_url not in claimed:
            claimed.add(n.canonical_url)
            out.append((inserted[n.canonical_url], True))
        else:
            job = inserted.get(n.canonical_url) or existing.get(n.canonical_url)
            assert job is not None, "conflict on canonical_url but no row: impossible inside one transaction"
            out.append((job, False))
    return out


def insert_job(
    *, conn: psycopg.Connection, url: str, canonical_url: str, source_id: int | None, hints: dict[str, Any]
) -> tuple[Job, bool]:
    """Insert a job, or return the existing one for the same canonical URL. Returns (job, created)."""
    return insert_jobs(conn=conn, new=[NewJob(url, canonical_url, source_id, hints)])[0]


def get_job(*, conn: psycopg.Connection, job_id: int) -> Job | None:
    """The job with this id, or None."""
    return _one(conn, "get_job", {"id": job_id})


def jobs_by_ids(*, conn: psycopg.Connection, ids: Sequence[int]) -> list[Job]:
    """Jobs with these ids, in id order."""
    rows = conn.execute(Q["jobs_by_ids"], {"ids": list(ids)}).fetchall()  # type: ignore[arg-type]
    return [Job.from_row(r) for r in rows]  # type: ignore[arg-type]


def claim_job(*, conn: psycopg.Connection, job_id: int, stage: str, worker: str) -> Job | None:
    """Claim a queued job for a stage; None when it is not claimable (done, running, not due)."""
    return _one(conn, "claim_job", {"id": job_id, "stage": stage, "worker": worker})


def advance_job(
    *,
    conn: psycopg.Connection,
    job_id: int,
    stage: str,
    next_stage: str,
    http_status: int | None = None,
    final_url: str | None = None,
) -> Job | None:
    """Move a running job to the next stage, queued."""
    params = {
        "id": job_id,
        "stage": stage,
        "next_stage": next_stage,
        "http_status": http_status,
        "final_url": final_url,
    }
    return _one(conn, "advance_job", params)


def finish_job(
    *,
    conn: psycopg.Connection,
    job_id: int,
    stage: str,
    status: str,
    reason: str | None = None,
    last_error: str | None = None,
    http_status: int | None = None,
    final_url: str | None = None,
) -> Job | None:
    """End a running job: done, skipped (with reason) or dead (with reason and last error)."""
    params = {
        "id": job_id,
        "stage": stage,
        "status": status,
        "reason": reason,
        "last_error": last_error,
        "http_status": http_status,
        "final_url": final_url,
    }
    return _one(conn, "finish_job", params)


def retry_job(
    *,
    conn: psycopg.Connection,
    job_id: int,
    stage: str,
    delay_seconds: float,
    error: str,
    http_status: int | None = None,
    refund_attempt: bool = False,
) -> Job | None:
    """Put a running job back in the queue, not before `delay_seconds` from now."""
    params = {
        "id": job_id,
        "stage": stage,
        "delay": delay_seconds,
        "error": error,
        "http_status": http_status,
        "refund_attempt": refund_attempt,
    }
    return _one(conn, "retry_job", params)


def requeue_for_reprocess(*, conn: psycopg.Connection, job_id: int) -> Job | None:
    """Send a job back to the process stage (re-extract and re-enrich from its stored page)."""
    return _one(conn, "requeue_for_reprocess", {"id": job_id})


def due_jobs(
    *,
    conn: psycopg.Connection,
    queued_after_seconds: float,
    lease_seconds: float,
    retry_grace_seconds: float = 5.0,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Jobs whose message may be lost or whose worker died, locked for this transaction."""
    params = {
        "queued_after": queued_after_seconds,
        "lease": lease_seconds,
        "grace": retry_grace_seconds,
        "limit": limit,
    }
    return conn.execute(Q["due_jobs"], params).fetchall()  # type: ignore[arg-type,return-value]


def release_expired_claim(*, conn: psycopg.Connection, job_id: int) -> Job | None:
    """Return a running job whose claim expired to the queue."""
    return _one(conn, "release_expired_claim", {"id": job_id})


def touch_job(*, conn: psycopg.Connection, job_id: int) -> None:
    """Mark a queued job as just re-sent (restarts its 'queued too long' clock)."""
    conn.execute(Q["touch_job"], {"id": job_id})  # type: ignore[arg-type]


def kill_job(*, conn: psycopg.Connection, job_id: int, reason: str) -> Job | None:
    """End a job dead with a reason (attempts exhausted)."""
    return _one(conn, "kill_job", {"id": job_id, "reason": reason})


def count_by_status(*, conn: psycopg.Connection, ids: Sequence[int]) -> dict[str, int]:
    """{status: count} over these job ids."""
    rows = conn.execute(Q["count_by_status"], {"ids": list(ids)}).fetchall()  # type: ignore[arg-type]
    return {r["status"]: int(r["n"]) for r in rows}  # type: ignore[call-overload,index]
