"""Backfill from web archives: WARC pages go straight into the process stage (no fetch).

Each archived HTML page becomes a job like any submitted URL (same canonical-URL
deduplication: a page whose URL already has a job is counted as a duplicate and left alone),
its body is stored as the job's page, and the job is put at the process stage, all in one
transaction, so no fetch worker ever sees it. The capture date goes into the job's hints as
``captured_at``; the process stage uses it as the publication date of last resort
(published_source = "capture"). Messages are sent after each batch commits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import BinaryIO

import psycopg
import structlog

from pipeline.fetch import decode_html
from pipeline.urls import UrlRejected, canonical_url, check_submitted_url, source_host
from pipeline.warc import DEFAULT_MAX_BYTES, WarcPage, iter_warc
from storage import jobs, pages
from workers.dispatch import send_stage

log = structlog.get_logger(__name__)


@dataclass
class ImportStats:
    """What an import did: pages read, jobs created, duplicates, invalid URLs, records skipped by reason."""

    pages: int = 0
    created: int = 0
    duplicates: int = 0
    invalid: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    job_ids: list[int] = field(default_factory=list)
    messages_failed: int = 0


def _store(conn: psycopg.Connection, page: WarcPage, label: str) -> tuple[int, str, bool]:
    """Create the job and its page at the process stage (not committed). Returns (job id, url, created)."""
    hints = {"via": "warc", "warc_file": label}
    if page.captured_at is not None:
        hints["captured_at"] = page.captured_at.isoformat()
    source_id = jobs.upsert_source(conn=conn, host=source_host(page.url))
    job, created = jobs.insert_job(
        conn=conn, url=page.url, canonical_url=canonical_url(page.url), source_id=source_id, hints=hints
    )
    if not created:
        return job.id, job.url, False
    _, encoding, encoding_source = decode_html(page.body, page.content_type)
    pages.store_page(
        conn=conn,
        job_id=job.id,
        url=page.url,
        final_url=page.url,
        http_status=page.http_status,
        content_type=page.content_type,
        encoding=encoding,
        encoding_source=encoding_source,
        headers=page.headers,
        redirects=[],
        body=page.body,
    )
    jobs.requeue_for_reprocess(conn=conn, job_id=job.id)  # stage process, queued
    return job.id, job.url, True


def import_warc(
    conn: psycopg.Connection,
    stream: BinaryIO,
    *,
    label: str,
    batch_size: int = 200,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ImportStats:
    """Import every HTML page of a WARC stream; commit and send process messages per batch."""
    stats = ImportStats()
    pending: list[tuple[int, str]] = []

    def flush() -> None:
        conn.commit()
        for job_id, url in pending:  # after the commit: the worker must find the row
            if not send_stage(job_id, url, "process"):
                stats.messages_failed += 1  # the sweeper re-sends queued jobs whose message was lost
        pending.clear()

    for item in iter_warc(stream, max_bytes=max_bytes):
        if not isinstance(item, WarcPage):
            stats.skipped[item.reason] += 1
            continue
        stats.pages += 1
        try:
            check_submitted_url(item.url)
        except UrlRejected:
            stats.invalid += 1
            continue
        job_id, url, created = _store(conn, item, label)
        if created:
            stats.created += 1
            stats.job_ids.append(job_id)
            pending.append((job_id, url))
        else:
            stats.duplicates += 1
        if len(pending) >= batch_size:
            flush()
    flush()
    log.info("warc_imported", file=label, pages=stats.pages, created=stats.created, duplicates=stats.duplicates)
    return stats
