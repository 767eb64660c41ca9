"""`akhbar feeds add|list`, `akhbar submit FILE|-` and `akhbar import-warc FILE`.

`feeds` and `submit` talk to a running API (like any feed would, with an API key); `import-warc`
writes to the database directly, since archived pages skip the fetch stage and the API has no
route for raw pages.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.common import database_url, local_key_file, settings

console = Console(stderr=True)
FINAL = {"done", "skipped", "dead"}
BATCH = 1000  # the API's maximum per request
API_OPT = typer.Option(None, "--api", help="API base URL (default: from settings).")
KEY_OPT = typer.Option(None, "--key", envvar="AKHBAR_API_KEY", help="API key (default: the local stack's key).")


def _client(api: str | None, key: str | None) -> httpx.Client:
    s = settings()
    if not key:
        path = local_key_file(s)
        if not path.exists():
            console.print("[red]no API key: pass --key / AKHBAR_API_KEY or start the stack with `make run`")
            raise typer.Exit(2)
        key = path.read_text().strip()
    base = api or f"http://{s.api_host}:{s.api_port}"
    return httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=60)


def _fail(response: httpx.Response) -> typer.Exit:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = response.text[:500]
    console.print(f"[red]{response.request.method} {response.request.url.path}: {response.status_code} {detail}")
    return typer.Exit(1)


def feeds_add(
    url: str = typer.Argument(..., help="RSS, Atom, sitemap, sitemap index or Google News sitemap URL."),
    every: str = typer.Option(None, "--every", help="Polling interval: 90s, 5m, 2h, 1d (default: settings)."),
    source: str = typer.Option(None, "--source", help="Outlet name given to the jobs of this feed."),
    api: str = API_OPT,
    key: str = KEY_OPT,
) -> None:
    """Register a feed to poll. The first poll starts at once."""
    body: dict[str, Any] = {"url": url}
    if every:
        body["every"] = every
    if source:
        body["source"] = source
    with _client(api, key) as client:
        response = client.post("/v1/feeds", json=body)
    if response.status_code not in (200, 201):
        raise _fail(response)
    feed = response.json()
    verb = "registered" if feed.get("created") else "already registered"
    print(f"feed {feed['id']} {verb}: {feed['url']} every {feed['interval_seconds']} s")


def feeds_list(api: str = API_OPT, key: str = KEY_OPT) -> None:
    """List feeds with their health."""
    with _client(api, key) as client:
        response = client.get("/v1/feeds")
    if response.status_code != 200:
        raise _fail(response)
    table = Table("id", "kind", "url", "every", "health", "errors", "entries", "last poll", "next poll", "last error")
    for f in response.json()["feeds"]:
        h = f["health"]
        table.add_row(
            str(f["id"]),
            f["kind"] or "?",
            f["url"],
            f"{f['interval_seconds']}s",
            h["state"],
            str(h["consecutive_errors"]),
            str(f["entries_seen"]),
            str(h["last_polled_at"] or "")[:19],
            str(h["next_poll_at"])[:19],
            (h["last_error"] or "")[:60],
        )
    out = Console()
    # Piped (scripts, tests): wide enough that URLs and errors are not cut to 80 columns.
    (out if out.is_terminal else Console(width=240)).print(table)


@dataclass(frozen=True, slots=True)
class Line:
    """One input line: a URL and its hints (from JSON lines), or a parse problem."""

    number: int
    url: str
    hints: dict[str, Any]


def read_lines(lines: Iterable[str]) -> Iterator[Line]:
    """URLs one a line, or JSON objects one a line: {"url": ..., "hints": {...}} or {"url": ..., "title": ...}
    (every key but url is a hint). Blank lines and lines starting with # are ignored."""
    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("{"):
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield Line(number, text, {"_error": f"line {number}: not valid JSON ({exc.msg})"})
                continue
            url = obj.pop("url", None) if isinstance(obj, dict) else None
            if not isinstance(url, str):
                yield Line(number, text, {"_error": f'line {number}: JSON line without a "url" string'})
                continue
            hints = obj.pop("hints", None)
            yield Line(number, url, hints if isinstance(hints, dict) else obj)
        else:
            yield Line(number, text, {})


def _chunks(items: Iterable[Line], size: int) -> Iterator[list[Line]]:
    chunk: list[Line] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def submit(
    file: str = typer.Argument(..., help="File of URLs (one a line, or JSON lines with hints); - for stdin."),
    wait: bool = typer.Option(False, "--wait", help="Follow the jobs until they all end; print a summary."),
    timeout: float = typer.Option(3600.0, help="With --wait: give up after this many seconds."),
    batch: int = typer.Option(BATCH, min=1, max=BATCH, help="URLs per request (at most 1000)."),
    api: str = API_OPT,
    key: str = KEY_OPT,
) -> None:
    """Submit URLs in batches with a progress bar. Invalid lines are reported, not fatal."""
    stream = sys.stdin if file == "-" else Path(file).open(encoding="utf-8")  # noqa: SIM115 - closed below
    outcome: Counter[str] = Counter()
    job_ids: list[int] = []
    problems: list[str] = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with _client(api, key) as client, Progress(*columns, console=console) as progress:
            bar = progress.add_task("submitting", total=None)
            for chunk in _chunks(read_lines(stream), batch):
                broken = [line for line in chunk if "_error" in line.hints]
                problems += [line.hints["_error"] for line in broken]
                outcome["invalid"] += len(broken)
                good = [line for line in chunk if "_error" not in line.hints]
                if good:
                    body = {"urls": [line.url for line in good], "url_hints": [line.hints for line in good]}
                    response = client.post("/v1/urls", params={"partial": "true"}, json=body)
                    if response.status_code != 202:
                        raise _fail(response)
                    for line, result in zip(good, response.json()["results"], strict=True):
                        outcome[result["status"]] += 1
                        if result["job_id"] is not None:
                            job_ids.append(result["job_id"])
                        if result["status"] == "invalid":
                            problems.append(f"line {line.number}: {result['reason']} ({line.url[:80]})")
                progress.update(bar, advance=len(chunk))
            if wait and job_ids:
                _follow(client, sorted(set(job_ids)), progress, timeout)
    finally:
        if stream is not sys.stdin:
            stream.close()
    for problem in problems[:50]:
        console.print(f"[yellow]{problem}")
    if len(problems) > 50:
        console.print(f"[yellow]... and {len(problems) - 50} more invalid lines")
    print(f"submitted: {outcome['accepted']} accepted, {outcome['duplicate']} duplicates, {outcome['invalid']} invalid")


def _follow(client: httpx.Client, job_ids: list[int], progress: Progress, timeout: float) -> None:
    """Poll job statuses (1000 per request) until every job ended or the timeout; print a summary."""
    bar = progress.add_task("jobs finished", total=len(job_ids))
    deadline = time.monotonic() + timeout
    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    pending = list(job_ids)
    while pending and time.monotonic() < deadline:
        still: list[int] = []
        for start in range(0, len(pending), BATCH):
            ids = pending[start : start + BATCH]
            response = client.post("/v1/urls/status", json={"job_ids": ids})
            if response.status_code != 200:
                raise _fail(response)
            for job in response.json()["jobs"]:
                if job["status"] in FINAL:
                    counts[job["status"]] += 1
                    if job["status"] != "done":
                        reasons[f"{job['status']}: {job['reason'] or '?'}"] += 1
                else:
                    still.append(job["id"])
        pending = still
        progress.update(bar, completed=len(job_ids) - len(pending))
        if pending:
            time.sleep(1.0)
    counts["unfinished"] = len(pending)
    table = Table("status", "jobs", title="Jobs by status")
    for status in ("done", "skipped", "dead", "unfinished"):
        table.add_row(status, str(counts[status]))
    Console().print(table)
    for reason, n in reasons.most_common(10):
        print(f"  {n:6d}  {reason}")
    print("jobs: " + ", ".join(f"{s}={counts[s]}" for s in ("done", "skipped", "dead", "unfinished")))


def import_warc_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .warc or .warc.gz file."),
    batch: int = typer.Option(200, min=1, help="Pages per transaction."),
) -> None:
    """Feed the HTML pages of a WARC straight into the process stage, keeping their capture date."""
    from pipeline.warc import WarcError
    from storage.db import connect
    from workers.warc_import import import_warc

    s = settings()
    with connect(database_url(s)) as conn, file.open("rb") as stream:
        try:
            stats = import_warc(conn, stream, label=file.name, batch_size=batch, max_bytes=s.fetch_max_decoded_bytes)
        except WarcError as exc:
            console.print(f"[red]{exc}")
            raise typer.Exit(1) from None
    skipped = ", ".join(f"{r}={n}" for r, n in stats.skipped.most_common()) or "none"
    print(
        f"{file.name}: {stats.pages} pages, {stats.created} jobs created at the process stage, "
        f"{stats.duplicates} duplicates, {stats.invalid} invalid URLs; records skipped: {skipped}"
    )
    if stats.messages_failed:
        print(f"{stats.messages_failed} messages could not be sent now; the sweeper will send them")


def register(app: typer.Typer) -> None:
    """Add `feeds`, `submit` and `import-warc` to the akhbar command."""
    feeds_app = typer.Typer(help="Feeds Akhbar polls (RSS, Atom, sitemaps).", no_args_is_help=True)
    feeds_app.command("add")(feeds_add)
    feeds_app.command("list")(feeds_list)
    app.add_typer(feeds_app, name="feeds")
    app.command("submit")(submit)
    app.command("import-warc")(import_warc_cmd)
