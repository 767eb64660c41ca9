"""`akhbar demo`: the bundled Arabic pages, served on loopback, pushed through a running stack."""

from __future__ import annotations

import time

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console()
FINAL = {"done", "skipped", "dead"}
# The demo site listens here; `akhbar up --allow-loopback` adds it to the fetcher's allowed ports.
DEMO_PORT = 8765


def _wait_ready(client: httpx.Client, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if client.get("/readyz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the API did not become ready")
        time.sleep(0.5)


def run_demo(api: str, key: str, *, wait_for_api: float = 0.0, timeout: float = 300.0) -> int:
    """Serve the demo pages, submit them, follow the jobs with a progress bar, print what landed.
    Returns 0 when every page ended done."""
    from cli.demo_site import ARTICLES, DemoSite

    headers = {"X-API-Key": key}
    with DemoSite(port=DEMO_PORT) as site, httpx.Client(base_url=api, headers=headers, timeout=30) as client:
        if wait_for_api:
            _wait_ready(client, wait_for_api)
        urls = [site.url_for(a) for a in ARTICLES]
        response = client.post("/v1/urls", json={"urls": urls})
        if response.status_code != 202:
            console.print(f"[red]submit failed: {response.status_code} {response.text}")
            return 1
        job_ids = [r["job_id"] for r in response.json()["results"]]
        jobs: dict[int, dict] = {}
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console) as progress:
            bar = progress.add_task("pages through the pipeline", total=len(job_ids))
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                for job_id in job_ids:
                    if jobs.get(job_id, {}).get("status") not in FINAL:
                        jobs[job_id] = client.get(f"/v1/jobs/{job_id}").json()
                finished = sum(j.get("status") in FINAL for j in jobs.values())
                progress.update(bar, completed=finished)
                if finished == len(job_ids):
                    break
                time.sleep(0.5)
        table = Table("title", "published", "lang", "words", "dates", "entities", "status", title="What landed")
        for job_id in job_ids:
            job = jobs[job_id]
            if job.get("article_id"):
                art = client.get(f"/v1/articles/{job['article_id']}").json()
                table.add_row(
                    (art["title"] or "")[:60],
                    (art["published_at"] or "")[:10],
                    art["language"] or "",
                    str(art["word_count"]),
                    str(len(art["dates"])),
                    str(len(art["entities"])),
                    job["status"],
                )
            else:
                table.add_row(job["url"][-50:], "", "", "", "", "", f"{job['status']}: {job.get('reason') or ''}")
        console.print(table)
        done = sum(j.get("status") == "done" for j in jobs.values())
        console.print(f"{done}/{len(job_ids)} done")
        if any("ssrf" in (j.get("reason") or "") for j in jobs.values()):
            console.print(
                "[yellow]The stack refused loopback fetches: start it with `make demo` (akhbar up --allow-loopback)."
            )
        return 0 if done == len(job_ids) else 1
