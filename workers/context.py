"""Per-process worker state: settings, the database pool, fetch configuration, and the
knowledge base, reloaded when analysts change it in Postgres."""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import structlog
from psycopg_pool import ConnectionPool

from schemas.settings import Settings, get_settings
from storage.db import get_pool

log = structlog.get_logger(__name__)

if TYPE_CHECKING:
    from pipeline.enrich.entities import KnowledgeBase
    from pipeline.fetch import FetchConfig, HostLimiter, RobotsCache


@dataclass
class WorkerContext:
    """What every task of this process shares."""

    settings: Settings

    @property
    def pool(self) -> ConnectionPool:
        """This process's connection pool (a forked child builds its own)."""
        assert self.settings.database_url, "AKHBAR_DATABASE_URL is not set"
        return get_pool(self.settings.database_url, max_size=max(4, self.settings.fetch_concurrency + 2))

    @property
    def worker_id(self) -> str:
        """host:pid, recorded on claimed jobs."""
        return f"{socket.gethostname()}:{os.getpid()}"

    @property
    def host_limiter(self) -> HostLimiter | None:
        """The per-host schedule shared by every worker through Redis (None if unavailable)."""
        return _host_limiter(self.settings.redis_url or "")

    @property
    def robots(self) -> RobotsCache:
        """robots.txt rules of this process, cached per origin with the configured TTL."""
        return _robots_cache(self.settings.robots_ttl_seconds)

    @property
    def fetch_config(self) -> FetchConfig:
        """Fetch limits and policy from settings."""
        return _fetch_config(self.settings)


def _fetch_config(s: Settings) -> FetchConfig:
    from pipeline.fetch import FetchConfig

    return FetchConfig(
        allow_private=s.fetch_allow_private,
        allowed_ports=tuple(s.fetch_allowed_ports),
        max_wire_bytes=s.fetch_max_bytes,
        max_decoded_bytes=s.fetch_max_decoded_bytes,
        connect_timeout=s.fetch_connect_timeout,
        read_timeout=s.fetch_read_timeout,
        total_timeout=s.fetch_total_timeout,
        max_redirects=s.fetch_max_redirects,
        user_agent=s.fetch_user_agent,
        respect_robots=s.respect_robots,
        min_host_interval=s.fetch_host_delay_seconds,
    )


@cache
def _robots_cache(ttl: float) -> RobotsCache:
    from pipeline.fetch import RobotsCache

    return RobotsCache(ttl=ttl)


@cache
def _host_limiter(redis_url: str) -> HostLimiter | None:
    if not redis_url:
        return None
    import redis

    from workers.host_limiter import RedisHostLimiter

    return RedisHostLimiter(redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5))


@cache
def context() -> WorkerContext:
    """The process-wide context."""
    return WorkerContext(settings=get_settings())


class KnowledgeBaseCache:
    """The matcher built from Postgres, rebuilt when kb_state.version moves (one cheap query
    per article), so `akhbar kb add` or plain SQL inserts take effect for the next article."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: int | None = None
        self._kb: KnowledgeBase | None = None

    def preload(self, database_url: str) -> KnowledgeBase:
        """Build the knowledge base now, in a process about to fork its workers: they inherit it
        and only rebuild it if the version moves."""
        from storage.db import connect

        with connect(database_url) as conn:
            return self.get(conn, reason="preload")

    def get(self, conn, reason: str = "") -> KnowledgeBase:  # type: ignore[no-untyped-def]
        """The current knowledge base, reloading it if the database version changed."""
        from pipeline.enrich.entities import EntityRecord, KnowledgeBase
        from storage.kb import kb_version, load_entities

        version, _ = kb_version(conn=conn)
        if self._kb is not None and version == self._version:
            return self._kb
        with self._lock:
            if self._kb is None or version != self._version:
                why = reason or ("first_use" if self._kb is None else "version_changed")
                started = time.perf_counter()
                rows = load_entities(conn=conn)
                records = [
                    EntityRecord(
                        id=r["id"],
                        type=r["type"],
                        name_ar=r["name_ar"],
                        name_en=r["name_en"] or "",
                        wikidata=r["wikidata"],
                        aliases=tuple(r["aliases"]),
                        attributes=r["attributes"] or {},
                    )
                    for r in rows
                ]
                self._kb = KnowledgeBase.from_records(records)
                self._version = version
                log.info(
                    "knowledge_base_built",
                    reason=why,
                    pid=os.getpid(),
                    version=version,
                    entities=len(records),
                    seconds=round(time.perf_counter() - started, 3),
                )
        assert self._kb is not None
        return self._kb


knowledge_base = KnowledgeBaseCache()
