"""Turning URLs into jobs: the one path every input takes (API, feeds, CLI, WebSub).

Rows first, committed; messages after. A URL whose canonical form already has a job is a
duplicate outcome (reported, counted), not an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from pipeline.dedup import canonical_url
from pipeline.urls import source_host
from storage import jobs
from workers.dispatch import send_stages


@dataclass(frozen=True, slots=True)
class Submitted:
    """What became of one submitted URL."""

    url: str
    job_id: int
    created: bool
    job_status: str


def submit_urls(
    conn: psycopg.Connection,
    urls: Sequence[str],
    *,
    hints: dict[str, Any] | None = None,
    per_url_hints: Sequence[dict[str, Any]] | None = None,
) -> list[Submitted]:
    """Create a job per new canonical URL, commit, then send their fetch messages.

    URLs must already have passed `pipeline.urls.check_submitted_url`. `per_url_hints`, when
    given, is parallel to `urls` and merged over `hints`.
    """
    cleaned = [raw.strip() for raw in urls]
    # Two statements for the whole batch (sources, then jobs), however many URLs it holds.
    source_ids = jobs.upsert_sources(conn=conn, hosts=[source_host(url) for url in cleaned])
    new = [
        jobs.NewJob(
            url=url,
            canonical_url=canonical_url(url),
            source_id=source_ids.get(source_host(url)),
            hints={**(hints or {}), **(per_url_hints[index] if per_url_hints else {})},
        )
        for index, url in enumerate(cleaned)
    ]
    results: list[Submitted] = []
    to_send: list[tuple[int, str]] = []
    for n, (job, created) in zip(new, jobs.insert_jobs(conn=conn, new=new), strict=True):
        if created:
            to_send.append((job.id, job.url))
        results.append(Submitted(url=n.url, job_id=job.id, created=created, job_status=job.status))
    conn.commit()
    send_stages(to_send, "fetch")  # after the commit: a worker must find the row its message names
    return results
