"""GET /metrics on the API: request counts, plus cluster-wide gauges read at scrape time from
Postgres (jobs by status, dead jobs by reason) and Redis (queue depths)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

import redis
from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from api.deps import api_pool, checked_connection
from schemas.settings import get_settings
from storage.status import dead_reasons, jobs_by_status
from workers.queues import Queue

router = APIRouter(tags=["health"])
HTTP_REQUESTS = Counter("akhbar_http_requests_total", "API requests by route and status", ["route", "status"])


class ClusterCollector(Collector):
    """Gauges computed from the source of truth on every scrape (cheap, index-backed queries)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        settings = get_settings()
        jobs = GaugeMetricFamily(
            "akhbar_jobs_by_status", "Jobs in Postgres by stage and status", labels=["stage", "status"]
        )
        dead = GaugeMetricFamily("akhbar_dead_jobs_by_reason", "Dead jobs in Postgres by reason", labels=["reason"])
        depth = GaugeMetricFamily("akhbar_queue_depth", "Messages waiting in each Redis queue", labels=["queue"])
        try:
            pool = api_pool(settings)
            conn = checked_connection(pool)
            try:
                for row in jobs_by_status(conn=conn):
                    jobs.add_metric([row["stage"], row["status"]], row["n"])
                for row in dead_reasons(conn=conn, limit=20):
                    dead.add_metric([row["reason"] or "unknown"], row["n"])
                conn.rollback()
            finally:
                pool.putconn(conn)
        except Exception:  # a scrape during an outage reports what it can
            pass
        try:
            client = redis.Redis.from_url(settings.redis_url or "", socket_timeout=2, socket_connect_timeout=2)
            for queue in Queue:
                depth.add_metric([str(queue)], client.llen(str(queue)))
        except Exception:  # see above
            pass
        yield from (jobs, dead, depth)


_collector_registered = False


def register_collector() -> None:
    """Register the cluster collector once per process."""
    global _collector_registered
    if not _collector_registered:
        REGISTRY.register(ClusterCollector())
        _collector_registered = True


async def count_requests(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Middleware: count every request by its route template (low cardinality) and status."""
    response = await call_next(request)
    route = request.scope.get("route")
    HTTP_REQUESTS.labels(getattr(route, "path", "unmatched"), str(response.status_code)).inc()
    return response


@router.get("/metrics", include_in_schema=False)
def metrics() -> Response:
    """Prometheus exposition."""
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
