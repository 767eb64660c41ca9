"""Thin Celery tasks: claim the job, call the pure stage, record the outcome, send the next step.

Messages carry (job_id, url); the url is only there so Flower's task list says what is
happening. Every task re-reads the job row and does nothing if it is not claimable, so a
duplicate delivery is harmless.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import psycopg
import structlog
from celery.exceptions import SoftTimeLimitExceeded

from pipeline.article import ProcessedArticle, process_page
from pipeline.dedup import page_canonical_url
from pipeline.extract import NoArticle
from storage import articles, jobs, pages
from storage.articles import ArticleRow
from workers.app import app
from workers.context import context, knowledge_base
from workers.dedup_step import assign_dedup_and_story
from workers.dispatch import send_stage
from workers.metrics import FETCH_OUTCOMES, JOBS, STAGE_SECONDS, reason_label
from workers.outcomes import retry_or_die, skip
from workers.queues import TaskName
from workers.sweeper import sweep_once

log = structlog.get_logger(__name__)


@app.task(name=str(TaskName.FETCH))
def fetch(job_id: int, url: str = "") -> str:
    """Fetch stage: safe fetch, store the raw page, hand the job to the process stage."""
    ctx = context()
    with ctx.pool.connection() as conn:
        job = jobs.claim_job(conn=conn, job_id=job_id, stage="fetch", worker=ctx.worker_id)
        conn.commit()
    if job is None:
        return "not claimable"
    return _recorded(job, "fetch", _fetch_claimed)


def _recorded(job: jobs.Job, stage: str, body: Callable[[jobs.Job], str]) -> str:
    """Run a claimed job's stage; an unexpected error is recorded on the job (retried, then dead)
    instead of leaving it claimed until the sweeper notices the lease ran out."""
    try:
        return body(job)
    except Exception as exc:
        log.exception("stage_failed", job_id=job.id, stage=stage)
        s = context().settings
        with context().pool.connection() as conn:
            conn.rollback()
            return retry_or_die(
                conn,
                job,
                stage=stage,
                error=f"{stage}: {exc!r}"[:2000],
                max_attempts=s.max_attempts,
                base_delay=s.retry_base_seconds,
            )


def _fetch_claimed(job: jobs.Job) -> str:
    from pipeline.fetch import RetryFetch, SkipFetch, fetch_page

    ctx, s = context(), context().settings
    host = urlsplit(job.url).hostname or ""
    log.info("fetch_start", job_id=job.id, host=host, attempt=job.attempts)
    # No database connection is held while waiting on the network.
    error: Exception | None = None
    started = time.perf_counter()
    try:
        result = fetch_page(job.url, ctx.fetch_config, limiter=ctx.host_limiter, robots=ctx.robots)
    except (SkipFetch, RetryFetch, SoftTimeLimitExceeded, OSError) as exc:
        error = exc
    STAGE_SECONDS.labels("fetch").observe(time.perf_counter() - started)
    with ctx.pool.connection() as conn:
        if isinstance(error, SkipFetch):
            FETCH_OUTCOMES.labels(host, reason_label(error.reason)).inc()
            return skip(conn, job, stage="fetch", reason=error.reason, http_status=error.status)
        if isinstance(error, RetryFetch):
            FETCH_OUTCOMES.labels(host, reason_label(error.reason)).inc()
            return retry_or_die(
                conn,
                job,
                stage="fetch",
                error=error.reason,
                max_attempts=s.max_attempts,
                base_delay=s.retry_base_seconds,
                retry_after=error.retry_after,
                http_status=error.status,
            )
        if error is not None:
            FETCH_OUTCOMES.labels(host, "error").inc()
            return retry_or_die(
                conn,
                job,
                stage="fetch",
                error=f"fetch: {error!r}",
                max_attempts=s.max_attempts,
                base_delay=s.retry_base_seconds,
            )
        FETCH_OUTCOMES.labels(host, "stored").inc()
        pages.store_page(
            conn=conn,
            job_id=job.id,
            url=job.url,
            final_url=result.final_url,
            http_status=result.status,
            content_type=result.content_type,
            encoding=result.encoding,
            encoding_source=result.encoding_source,
            headers=result.headers,
            redirects=list(result.redirects),
            body=result.body,
            wire_bytes=result.wire_bytes,
            elapsed_ms=result.elapsed_ms,
            etag=result.etag,
            last_modified=result.last_modified,
        )
        jobs.advance_job(
            conn=conn,
            job_id=job.id,
            stage="fetch",
            next_stage="process",
            http_status=result.status,
            final_url=result.final_url,
        )
        conn.commit()
    JOBS.labels("fetch", "done").inc()
    send_stage(job.id, job.url, "process")
    log.info("fetch_done", job_id=job.id, host=host, status=result.status, bytes=len(result.body))
    return "fetched"


def _midnight_utc(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None


@app.task(name=str(TaskName.PROCESS))
def process(job_id: int, url: str = "") -> str:
    """Process stage: extract, enrich, store article + mentions + dates, mark the job done."""
    ctx = context()
    with ctx.pool.connection() as conn:
        job = jobs.claim_job(conn=conn, job_id=job_id, stage="process", worker=ctx.worker_id)
        conn.commit()
    if job is None:
        return "not claimable"
    return _recorded(job, "process", _process_claimed)


def _process_claimed(job: jobs.Job) -> str:
    ctx, s = context(), context().settings
    with ctx.pool.connection() as conn:
        page = pages.page_for_job(conn=conn, job_id=job.id)
        if page is None:
            return skip(conn, job, stage="process", reason="no stored page")
        html = page.text()  # decoded once: extraction and the page's declared canonical URL both read it
        try:
            kb = knowledge_base.get(conn)
            conn.commit()
            processed = process_page(html, page.final_url, hints=job.hints, kb=kb)
        except NoArticle as exc:
            return skip(conn, job, stage="process", reason=exc.reason)
        except (SoftTimeLimitExceeded, Exception) as exc:  # a bug or a pathological page: retried, then dead
            conn.rollback()
            log.exception("process_failed", job_id=job.id)
            return retry_or_die(
                conn,
                job,
                stage="process",
                error=f"process: {exc!r}"[:2000],
                max_attempts=s.max_attempts,
                base_delay=s.retry_base_seconds,
            )
        for stage, seconds in processed.seconds.items():
            STAGE_SECONDS.labels(stage).observe(seconds)
        stored_at = time.perf_counter()
        article_id = _store(conn, job, page, html, processed)
        conn.commit()
    STAGE_SECONDS.labels("store").observe(time.perf_counter() - stored_at)
    JOBS.labels("process", "done").inc()
    log.info(
        "process_done",
        job_id=job.id,
        article_id=article_id,
        words=processed.extracted.word_count,
        dates=len(processed.enrichment.dates),
        entities=len(processed.enrichment.entities),
    )
    return "done"


def _store(
    conn: psycopg.Connection, job: jobs.Job, page: pages.StoredPage, html: str, processed: ProcessedArticle
) -> int:
    """Write the article, its enrichment and its duplicate/story marks, and finish the job, all in
    the caller's transaction (marks are set by the time the job is done).

    In pipeline mode: statements whose result is not read (the enrichment rows, the signature
    and its keys, the job's end) travel with the next one that is, instead of each waiting for its
    own round trip (bench/store_path.py measures the write path). They still run in
    order, each with its own snapshot, so the dedup step's locks come before its reads.
    """
    with conn.pipeline():
        return _store_statements(conn, job, page, html, processed)


def _store_statements(
    conn: psycopg.Connection, job: jobs.Job, page: pages.StoredPage, html: str, processed: ProcessedArticle
) -> int:
    extracted = processed.extracted
    canonical = page_canonical_url(page.final_url, html)
    article_id = articles.upsert_article(
        conn=conn,
        article=ArticleRow(
            job_id=job.id,
            page_id=page.id,
            source_id=job.source_id,
            url=job.url,
            canonical_url=canonical,
            title=extracted.title,
            author=extracted.author,
            site_name=extracted.site_name,
            text=extracted.text,
            language=extracted.language,
            word_count=extracted.word_count,
            published_at=processed.published,
            published_source=processed.published_source,
        ),
    )
    articles.replace_time_expressions(conn=conn, article_id=article_id, expressions=processed.enrichment.dates)
    articles.replace_mentions(conn=conn, article_id=article_id, mentions=processed.enrichment.entities)
    enrichment = processed.enrichment
    assign_dedup_and_story(
        conn,
        article_id=article_id,
        text=extracted.text,
        title=extracted.title or "",
        url=job.url,
        canonical_url=canonical,
        published_at=_midnight_utc(processed.published),
        entity_ids=sorted({m.entity_id for m in enrichment.entities if m.entity_id}),
        event_dates=[t.value for t in enrichment.dates if t.type == "DATE" and t.value and len(t.value) == 10],
        threshold=context().settings.dedup_threshold,
    )
    jobs.finish_job(conn=conn, job_id=job.id, stage="process", status="done")
    return article_id


@app.task(name=str(TaskName.SWEEP))
def sweep() -> dict[str, int]:
    """Re-send jobs whose message was lost or whose worker died; end dead those out of attempts."""
    ctx, s = context(), context().settings
    with ctx.pool.connection() as conn:
        return sweep_once(
            conn, queued_after=s.sweep_queued_after_seconds, lease=s.claim_lease_seconds, max_attempts=s.max_attempts
        )
