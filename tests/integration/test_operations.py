"""What operators look at: the API's /metrics and `akhbar status` report real numbers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from typer.testing import CliRunner

pytestmark = pytest.mark.integration


def _metric(text: str, name: str, **labels: str) -> float | None:
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


def test_metrics_report_jobs_queues_and_requests(api: Any, api_key: str, database_url: str) -> None:
    from storage.db import connect

    api.post("/v1/urls", json={"urls": ["https://metrics-test.example.org/a"]}, headers={"X-API-Key": api_key})
    with connect(database_url) as conn:
        before = conn.execute("SELECT count(*) AS n FROM jobs").fetchone()["n"]
        text = api.get("/metrics").text
        after = conn.execute("SELECT count(*) AS n FROM jobs").fetchone()["n"]
        finished = conn.execute(
            "SELECT stage, status, count(*) AS n FROM jobs WHERE status IN ('done', 'skipped', 'dead') GROUP BY 1, 2"
        ).fetchall()
    # Workers of other tests move jobs between statuses meanwhile: the gauges add up to every job,
    # and a finished count read after the scrape can only have grown.
    gauges = [float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith("akhbar_jobs_by_status{")]
    assert before <= sum(gauges) <= after
    for row in finished:
        assert (_metric(text, "akhbar_jobs_by_status", stage=row["stage"], status=row["status"]) or 0) <= row["n"]
    for queue in ("fetch", "process", "feeds", "maintenance"):
        assert _metric(text, "akhbar_queue_depth", queue=queue) is not None
    assert (_metric(text, "akhbar_http_requests_total", route="/v1/urls", status="202") or 0) >= 1


def test_status_screen(api: Any, stack_env: dict[str, str]) -> None:
    from cli.main import app

    result = CliRunner().invoke(app, ["status"])
    assert result.exit_code == 0, result.output
    for heading in ("Throughput", "Redis queues", "Jobs", "Top failure reasons", "Stuck jobs"):
        assert heading in result.output
    assert re.search(r"\d+ articles in the last minute", result.output)
