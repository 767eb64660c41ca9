"""Driving the running stack: keep it saturated, or feed it at a fixed rate, and read the outcome
from the jobs table (created_at -> finished_at is submit-to-stored).

URLs are ``/p/{n}/{slug}`` on the corpus server: distinct paths, so canonicalisation and URL
dedup never fold two submissions into one job.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import datetime

import httpx
import psycopg

from bench.corpus import CorpusServer

FINISHED = ("done", "skipped", "dead")


@dataclass
class Driver:
    """Submits URLs through the real API and watches the jobs table."""

    api_url: str
    key: str
    server: CorpusServer
    database_url: str
    next_n: int = 0

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.api_url, headers={"X-API-Key": self.key}, timeout=60)
        self.db = psycopg.connect(self.database_url, autocommit=True)

    def close(self) -> None:
        """Close the HTTP client and the database connection."""
        self.http.close()
        self.db.close()

    def submit(self, count: int) -> list[int]:
        """Submit `count` new URLs in one request; returns their job ids."""
        urls = [self.server.url(self.next_n + i) for i in range(count)]
        self.next_n += count
        response = self.http.post("/v1/urls", json={"urls": urls})
        response.raise_for_status()
        return [r["job_id"] for r in response.json()["results"]]

    def now(self) -> datetime:
        """The database clock (job timestamps come from it)."""
        return self.db.execute("SELECT now()").fetchone()[0]

    def backlog(self) -> int:
        """Jobs submitted and not finished."""
        return self.db.execute("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')").fetchone()[0]

    def finished_between(self, start: datetime, end: datetime) -> dict[str, int]:
        """Jobs that finished in [start, end), by status."""
        rows = self.db.execute(
            "SELECT status, count(*) FROM jobs WHERE finished_at >= %s AND finished_at < %s GROUP BY status",
            (start, end),
        ).fetchall()
        return dict(rows)

    def finished_count(self, first_id: int, last_id: int) -> int:
        """How many jobs of an id range have finished."""
        return self.db.execute(
            "SELECT count(*) FROM jobs WHERE id BETWEEN %s AND %s AND status = ANY(%s)",
            (first_id, last_id, list(FINISHED)),
        ).fetchone()[0]

    def wait_finished(self, first_id: int, last_id: int, timeout: float) -> bool:
        """Wait until every job of the range has finished (False on timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.finished_count(first_id, last_id) >= last_id - first_id + 1:
                return True
            time.sleep(0.5)
        return False

    def jobs_timeline(self, start: datetime, end: datetime) -> list[tuple[float, float, str, str | None]]:
        """(created s, finished s since `start`, status, reason) of jobs finished in the window."""
        rows = self.db.execute(
            "SELECT extract(epoch FROM created_at - %s), extract(epoch FROM finished_at - %s), status, reason "
            "FROM jobs WHERE finished_at >= %s AND finished_at < %s ORDER BY finished_at",
            (start, start, start, end),
        ).fetchall()
        return [(float(c), float(f), s, r) for c, f, s, r in rows]

    def latencies(self, first_id: int, last_id: int) -> list[float]:
        """Submit-to-stored seconds of the finished jobs of an id range."""
        rows = self.db.execute(
            "SELECT extract(epoch FROM finished_at - created_at) FROM jobs "
            "WHERE id BETWEEN %s AND %s AND status = 'done' ORDER BY 1",
            (first_id, last_id),
        ).fetchall()
        return [float(r[0]) for r in rows]

    def latency_rows(self, first_id: int, last_id: int) -> list[tuple[float, float, float | None, int | None]]:
        """Per finished job of an id range, in submission order: (submitted s after the range's
        first submission, submit-to-stored s, submit-to-fetched s, page bytes)."""
        rows = self.db.execute(
            "SELECT extract(epoch FROM j.created_at - min(j.created_at) OVER ()),"
            " extract(epoch FROM j.finished_at - j.created_at),"
            " extract(epoch FROM p.fetched_at - j.created_at), p.body_bytes"
            " FROM jobs j LEFT JOIN pages p ON p.job_id = j.id"
            " WHERE j.id BETWEEN %s AND %s AND j.status = 'done' ORDER BY j.id",
            (first_id, last_id),
        ).fetchall()
        return [(float(c), float(t), None if f is None else float(f), b) for c, t, f, b in rows]

    def reasons(self, first_id: int, last_id: int) -> dict[str, int]:
        """Statuses and reasons of the range (skips and deaths say what went wrong)."""
        rows = self.db.execute(
            "SELECT status || coalesce(': ' || left(coalesce(reason, last_error), 60), ''), count(*) "
            "FROM jobs WHERE id BETWEEN %s AND %s GROUP BY 1",
            (first_id, last_id),
        ).fetchall()
        return dict(rows)


def saturate(driver: Driver, seconds: float, backlog: int, articles: int = 0) -> tuple[datetime, datetime, int, int]:
    """Keep `backlog` jobs waiting for `seconds` (or until `articles` have finished, when given).

    Returns (window start, window end, first job id, last job id) on the database clock.
    """
    first_id = last_id = 0
    start = driver.now()
    began = time.monotonic()
    while True:
        if articles:
            if first_id and driver.finished_count(first_id, last_id) >= articles:
                break
        elif time.monotonic() - began >= seconds:
            break
        missing = backlog - driver.backlog()
        if articles and first_id:
            missing = min(missing, articles - (last_id - first_id + 1))
        if missing > 0:
            ids = driver.submit(min(missing, 200))
            first_id = first_id or ids[0]
            last_id = ids[-1]
        time.sleep(0.2)
    return start, driver.now(), first_id, last_id


def open_loop(driver: Driver, rate: float, seconds: float) -> tuple[int, int]:
    """Submit one URL per request at `rate` per second for `seconds`; returns the id range."""
    interval = 1.0 / max(rate, 0.01)
    first_id = last_id = 0
    began = time.monotonic()
    n = 0
    while time.monotonic() - began < seconds:
        ids = driver.submit(1)
        first_id = first_id or ids[0]
        last_id = ids[-1]
        n += 1
        pause = began + n * interval - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    return first_id, last_id


def percentiles(values: list[float], qs: tuple[int, ...] = (50, 95, 99)) -> dict[str, float | None]:
    """Nearest-rank percentiles (None when there is nothing to rank)."""
    ordered = sorted(values)
    out: dict[str, float | None] = {}
    for q in qs:
        if not ordered:
            out[f"p{q}"] = None
            continue
        rank = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
        out[f"p{q}"] = round(ordered[rank], 3)
    return out
