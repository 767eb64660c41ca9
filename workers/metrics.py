"""Prometheus metrics of the workers.

Prefork children each count in their own process, so workers run prometheus-client in
multiprocess mode: every process writes to PROMETHEUS_MULTIPROC_DIR and the worker's main
process serves the merged view on AKHBAR_METRICS_PORT (see workers/app.py signals).
Metrics computed from Postgres and Redis (jobs by status, queue depths) are served by the
API's /metrics instead (api/metrics.py), where one scrape sees the whole cluster.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

JOBS = Counter("akhbar_jobs_total", "Jobs that left a stage, by stage and outcome", ["stage", "status"])
STAGE_SECONDS = Histogram(
    "akhbar_stage_seconds",
    "Time spent in a pipeline stage",
    ["stage"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
RETRIES = Counter("akhbar_retries_total", "Transient failures retried, by stage and reason", ["stage", "reason"])
DEAD = Counter("akhbar_dead_jobs_total", "Jobs that ended dead, by reason", ["reason"])
FETCH_OUTCOMES = Counter("akhbar_fetch_outcomes_total", "Fetch outcomes by host", ["host", "outcome"])
FEED_POLLS = Counter("akhbar_feed_polls_total", "Feed polls by outcome", ["outcome"])


def reason_label(reason: str) -> str:
    """A low-cardinality label from a free-text reason ("http_503", "content_type:application/pdf" → "content_type")."""
    head = reason.split(":", 1)[0].split(" ", 1)[0].strip().lower()
    return head[:40] or "unknown"
