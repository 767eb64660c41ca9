"""`akhbar up`: the whole stack as child processes, stopped together on Ctrl-C."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from cli.embedded import EmbeddedPostgres, EmbeddedRedis
from schemas.settings import Settings

console = Console()


@dataclass(frozen=True)
class Service:
    """One process of the stack."""

    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)  # added to the stack's environment


def celery(*args: str) -> list[str]:
    """argv for the celery CLI of this virtualenv."""
    return [sys.executable, "-m", "celery", "-A", "workers.app", *args]


# glibc gives each thread that allocates its own arena (up to 8 per core): sixteen fetch threads
# handling pages of up to a few MB left the fetch worker at 210 MB after 10,000 pages; two
# arenas, 185 MB, and half the growth (bench/results/soak_10000.json, docs/benchmark.md).
# A fixed mmap threshold keeps every buffer of 128 KB or more (page bodies, decoded text) out of
# the arenas, returned to the system when freed; glibc's sliding threshold otherwise moves them
# into the arenas after the first large free. Over 10,000 pages, two soaks each: peak 180-182 MB
# against 186, and 174-178 MB at the end against 182-183.
THREADED_WORKER_ENV = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072"}


def default_process_concurrency() -> int:
    """Prefork children of the process worker when AKHBAR_PROCESS_CONCURRENCY is 0: one per core,
    plus one. A child waits on Postgres and Redis for part of each task (the claim, the page, the
    article, mentions, dedup), and the spare child uses the core meanwhile: on 2 cores, 2 children
    kept the machine 85% busy and 3 children 95%; `make bench` gave 36.9 pages/s with 3 against
    34.6 with 2 (docs/benchmark.md)."""
    return (os.cpu_count() or 1) + 1


def services(settings: Settings, data_dir: Path) -> list[Service]:
    """Every process `akhbar up` starts, with the pools of DESIGN.md."""
    cores = settings.process_concurrency or default_process_concurrency()
    user, password = settings.flower_user, settings.flower_password.get_secret_value()
    return [
        Service(
            "api",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "api.app:app",
                "--host",
                settings.api_host,
                "--port",
                str(settings.api_port),
            ],
        ),
        Service(
            "fetch-worker",
            env=THREADED_WORKER_ENV,
            argv=celery(
                "worker",
                "-Q",
                "fetch",
                "-P",
                "threads",
                "-c",
                str(settings.fetch_concurrency),
                "-n",
                "fetch@%h",
                "--loglevel",
                "INFO",
            ),
        ),
        Service(
            "process-worker",
            celery(
                "worker", "-Q", "process", "-P", "prefork", "-c", str(cores), "-n", "process@%h", "--loglevel", "INFO"
            ),
        ),
        Service(  # feed polls (issue 6): I/O-bound, a few threads are plenty
            "feeds-worker",
            celery("worker", "-Q", "feeds", "-P", "threads", "-c", "4", "-n", "feeds@%h", "--loglevel", "INFO"),
        ),
        Service(
            "maintenance-worker",
            celery("worker", "-Q", "maintenance", "-P", "solo", "-n", "maint@%h", "--loglevel", "INFO"),
        ),
        Service("beat", celery("beat", "-s", str(data_dir / "celerybeat-schedule"), "--loglevel", "INFO")),
        Service(
            "flower",
            celery(
                "flower",
                f"--address={settings.flower_host}",
                f"--port={settings.flower_port}",
                f"--basic-auth={user}:{password}",
            ),
        ),
    ]


def stop_all(children: dict[str, subprocess.Popen[bytes]], timeout: float = 20.0) -> None:
    """SIGTERM every child (Celery's warm shutdown), then SIGKILL what is still there after `timeout`."""
    for proc in children.values():
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for name, proc in children.items():
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            console.print(f"[yellow]{name} did not stop in {timeout:.0f} s; killing it")
            os.killpg(proc.pid, signal.SIGKILL)


def run_stack(settings: Settings, prepare: callable) -> int:  # type: ignore[valid-type]
    """Start embedded servers when no URLs are configured, migrate, start every service, and wait.

    `prepare(database_url)` migrates and returns a local API key (or None) for the curl example.
    """
    data_dir = settings.data_dir.resolve()
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    embedded: list[EmbeddedPostgres | EmbeddedRedis] = []
    env = dict(os.environ)
    try:
        database_url = settings.database_url
        if not database_url:
            pg = EmbeddedPostgres(data_dir / "postgres")
            database_url = pg.start()
            embedded.append(pg)
            console.print(f"embedded PostgreSQL: data in {pg.data_dir}")
        redis_url = settings.redis_url
        if not redis_url:
            rd = EmbeddedRedis(data_dir / "redis")
            redis_url = rd.start()
            embedded.append(rd)
            console.print(f"embedded Redis: {redis_url}, data in {rd.data_dir}")
        env.update(AKHBAR_DATABASE_URL=database_url, AKHBAR_REDIS_URL=redis_url, AKHBAR_DATA_DIR=str(data_dir))
        key = prepare(database_url)

        children: dict[str, subprocess.Popen[bytes]] = {}
        metrics_port = 9808
        for service in services(settings, data_dir):
            log_file = (logs / f"{service.name}.log").open("ab")
            service_env = {**env, **service.env}
            if service.name.endswith("-worker"):
                # Each worker serves its metrics (merged over prefork children) on its own port.
                prom_dir = data_dir / "prometheus" / service.name
                shutil.rmtree(prom_dir, ignore_errors=True)
                prom_dir.mkdir(parents=True)
                service_env.update(PROMETHEUS_MULTIPROC_DIR=str(prom_dir), AKHBAR_METRICS_PORT=str(metrics_port))
                metrics_port += 1
            children[service.name] = subprocess.Popen(
                service.argv,
                env=service_env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _print_banner(settings, logs, key)
        return _wait(children)
    finally:
        for server in reversed(embedded):
            server.stop()


def _print_banner(settings: Settings, logs: Path, key: str | None) -> None:
    api = f"http://{settings.api_host}:{settings.api_port}"
    console.print(
        f"\n[bold green]Akhbar is running[/]\n  API      {api}\n  API docs {api}/docs\n"
        f"  Flower   http://{settings.flower_host}:{settings.flower_port}  "
        f"(user {settings.flower_user}, password from AKHBAR_FLOWER_PASSWORD)\n"
        f"  metrics  {api}/metrics (cluster), workers on 127.0.0.1:9808-9811/metrics\n  logs     {logs}/\n"
    )
    shown_key = key or "YOUR_API_KEY"
    console.print("Submit a URL:", style="bold")
    console.print(
        f"  curl -s -X POST {api}/v1/urls -H 'X-API-Key: {shown_key}' -H 'Content-Type: application/json' "
        '-d \'{"urls": ["https://www.hespress.com/"]}\'',
        soft_wrap=True,
        highlight=False,
    )
    console.print("Or see it work offline:  .venv/bin/akhbar demo\nCtrl-C stops everything.\n")


def _wait(children: dict[str, subprocess.Popen[bytes]]) -> int:
    stopping = {"signal": False}

    def _on_signal(signum: int, _frame: object) -> None:
        stopping["signal"] = True

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    code = 0
    while not stopping["signal"]:
        for name, proc in children.items():
            if proc.poll() is not None:
                console.print(f"[red]{name} exited with {proc.returncode}; stopping the stack (see its log)")
                stopping["signal"] = True
                code = 1
                break
        time.sleep(0.5)
    console.print("stopping…")
    stop_all(children)
    console.print("stopped.")
    return code
