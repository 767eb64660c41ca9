"""What every fault test asserts afterwards: every URL accounted for, one article per URL,
bounded attempts."""

from __future__ import annotations

import time
from typing import Any

import httpx

from storage.db import connect
from tests.integration.faults.harness import FINAL


def submit(api: str, key: str, urls: list[str]) -> list[int]:
    """Submit in batches through the real API; returns job ids in order."""
    ids: list[int] = []
    for start in range(0, len(urls), 100):
        response = httpx.post(
            f"{api}/v1/urls", json={"urls": urls[start : start + 100]}, headers={"X-API-Key": key}, timeout=30
        )
        assert response.status_code == 202, response.text
        ids.extend(r["job_id"] for r in response.json()["results"])
    return ids


def statuses(database_url: str, job_ids: list[int]) -> dict[str, int]:
    """{status: count} over these jobs."""
    with connect(database_url) as conn:
        rows = conn.execute(
            "SELECT status, count(*) AS n FROM jobs WHERE id = ANY(%s) GROUP BY status", (job_ids,)
        ).fetchall()
    return {r["status"]: int(r["n"]) for r in rows}


def wait_all_final(database_url: str, job_ids: list[int], timeout: float, logs: Any = None) -> dict[str, int]:
    """Wait until every job is done, skipped or dead."""
    deadline = time.monotonic() + timeout
    counts: dict[str, int] = {}
    while time.monotonic() < deadline:
        counts = statuses(database_url, job_ids)
        if sum(counts.get(s, 0) for s in FINAL) == len(job_ids):
            return counts
        time.sleep(1)
    raise AssertionError(f"not all jobs finished in {timeout:.0f} s: {counts}\n{logs() if logs else ''}")


def wait_done_at_least(database_url: str, job_ids: list[int], n: int, timeout: float) -> None:
    """Wait until at least n of these jobs are done (so a fault hits a system under way)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if statuses(database_url, job_ids).get("done", 0) >= n:
            return
        time.sleep(0.2)
    raise AssertionError(f"fewer than {n} jobs done after {timeout:.0f} s")


def assert_accounted(database_url: str, job_ids: list[int], max_attempts: int) -> dict[str, int]:
    """Every job final with a reason where it is not done; one article per done job and none
    for the others; attempts within bounds."""
    with connect(database_url) as conn:
        jobs = conn.execute(
            "SELECT j.id, j.status, j.reason, j.last_error, j.attempts,"
            " (SELECT count(*) FROM articles a WHERE a.job_id = j.id) AS articles"
            " FROM jobs j WHERE j.id = ANY(%s)",
            (job_ids,),
        ).fetchall()
    assert len(jobs) == len(job_ids)
    problems = []
    for job in jobs:
        if job["status"] not in FINAL:
            problems.append(("not final", job))
        elif job["status"] == "done" and job["articles"] != 1:
            problems.append(("articles != 1", job))
        elif job["status"] != "done" and not (job["reason"] or job["last_error"]):
            problems.append(("no reason", job))
        if job["attempts"] > max_attempts:
            problems.append(("too many attempts", job))
    assert not problems, problems[:10]
    counts: dict[str, int] = {}
    for job in jobs:
        counts[job["status"]] = counts.get(job["status"], 0) + 1
    return counts
