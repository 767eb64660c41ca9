"""The Akhbar stack for a benchmark: a fresh database, a Redis DB of its own, and the API, fetch
worker and process worker started with the argv `akhbar up` uses (cli.stack.services), plus a
psutil sampler of their CPU time and memory and a scraper of the workers' Prometheus metrics.

Beat, Flower, the feeds and maintenance workers are not started: they are idle during a
submit-driven run and would only add noise.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BENCH_REDIS_URL = "redis://127.0.0.1:6379/6"


@contextmanager
def bench_database(tmp: Path) -> Iterator[str]:
    """A fresh migrated database (KB loaded) on AKHBAR_TEST_DATABASE_URL's server, or an embedded one."""
    from cli.common import migrate_and_sync
    from tests.integration.servers import fresh_database, postgres_server

    with postgres_server(tmp) as admin, fresh_database(admin) as url:
        migrate_and_sync(url)
        yield url


@contextmanager
def bench_redis(tmp: Path) -> Iterator[str]:
    """AKHBAR_BENCH_REDIS_URL (default redis://127.0.0.1:6379/6), flushed; embedded when unreachable."""
    import redis

    url = os.environ.get("AKHBAR_BENCH_REDIS_URL", BENCH_REDIS_URL)
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
    except redis.RedisError:
        from cli.embedded import EmbeddedRedis

        server = EmbeddedRedis(tmp / "redis")
        try:
            yield server.start()
        finally:
            server.stop()
        return
    try:
        yield url
    finally:
        client.flushdb()


def _tree_cpu(proc: psutil.Process) -> float:
    """CPU seconds of a process, its live descendants, and the children it has already reaped."""
    try:
        t = proc.cpu_times()
        total = t.user + t.system + t.children_user + t.children_system
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                c = child.cpu_times()
                total += c.user + c.system
        return total
    except psutil.Error:
        return 0.0


def _postgres_backends(dbname: str) -> list[psutil.Process]:
    """The Postgres backends serving our database ("postgres: user DBNAME ..." in their title).

    The server is shared with other users of the machine, so its own total would mix their
    load in. Backends that exit during a phase take their CPU time with them (our pools keep
    theirs open, so the undercount is small).
    """
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        with contextlib.suppress(psutil.Error):
            title = " ".join(proc.info["cmdline"] or [])
            if proc.info["name"] == "postgres" and title.startswith("postgres: ") and f" {dbname} " in title:
                found.append(proc)
    return found


def _redis_server() -> psutil.Process | None:
    for proc in psutil.process_iter(["name"]):
        if (proc.info["name"] or "").startswith("redis-server"):
            return proc
    return None


@dataclass
class Sample:
    """One sampling tick: seconds since start, RSS per worker pid, CPU seconds per role."""

    t: float
    rss: dict[str, dict[int, int]]  # role -> pid -> bytes
    cpu: dict[str, float]


@dataclass
class Stack:
    """The running processes of one configuration."""

    env: dict[str, str]
    log_dir: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    metrics_ports: dict[str, int] = field(default_factory=dict)
    api_url: str = ""

    def start_base(self, names: tuple[str, ...] = ("api", "fetch-worker")) -> None:
        """Start the API and the fetch worker (they stay up across process-worker counts)."""
        from cli.embedded import free_port

        api_port = free_port()
        self.env["AKHBAR_API_PORT"] = str(api_port)
        self.api_url = f"http://127.0.0.1:{api_port}"
        self._launch(names)
        self._wait_api()

    def start_worker(self, process_workers: int) -> None:
        """Start the process worker with `process_workers` prefork children."""
        self.env["AKHBAR_PROCESS_CONCURRENCY"] = str(process_workers)
        self._launch(("process-worker",))

    def _launch(self, names: tuple[str, ...]) -> None:
        """Start the named services with exactly the argv `akhbar up` builds for them."""
        from cli.embedded import free_port
        from cli.stack import services
        from schemas.settings import Settings

        os.environ.update(self.env)  # the bench process is dedicated to the run; Settings reads the env
        settings = Settings()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for service in services(settings, self.log_dir):
            if service.name not in names:
                continue
            env = {**os.environ, **self.env, **service.env, "PYTHONPATH": str(ROOT)}
            if service.name.endswith("-worker"):
                prom = self.log_dir / f"prom-{service.name}"
                prom.mkdir(exist_ok=True)
                for stale in prom.glob("*.db"):
                    stale.unlink()
                port = free_port()
                env.update(PROMETHEUS_MULTIPROC_DIR=str(prom), AKHBAR_METRICS_PORT=str(port))
                self.metrics_ports[service.name] = port
            log = (self.log_dir / f"{service.name}.log").open("ab")
            self.procs[service.name] = subprocess.Popen(
                service.argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def _wait_api(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{self.api_url}/healthz", timeout=2).read()
                return
            time.sleep(0.3)
        raise RuntimeError(f"API did not start; see {self.log_dir}/api.log")

    def stop(self, names: tuple[str, ...] | None = None, timeout: float = 30) -> None:
        """Warm shutdown (SIGTERM to the process group), SIGKILL after `timeout`."""
        chosen = [n for n in (names or tuple(self.procs)) if n in self.procs]
        for n in chosen:
            if self.procs[n].poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.procs[n].pid, signal.SIGTERM)
        for n in chosen:
            proc = self.procs.pop(n)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)

    def scrape(self, service: str) -> dict[str, float]:
        """The worker's `akhbar_stage_seconds` sums and counts by stage, from its metrics port."""
        port = self.metrics_ports.get(service)
        out: dict[str, float] = {}
        if not port:
            return out
        try:
            text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
        except OSError:
            return out
        for line in text.splitlines():
            if line.startswith(("akhbar_stage_seconds_sum{", "akhbar_stage_seconds_count{")):
                name, value = line.rsplit(" ", 1)
                kind = "sum" if "_sum{" in name else "count"
                stage = name.split('stage="', 1)[1].split('"', 1)[0]
                out[f"{stage}.{kind}"] = out.get(f"{stage}.{kind}", 0.0) + float(value)
        return out

    def processes(self) -> dict[str, psutil.Process]:
        """Role -> psutil handle: our services and the local Redis server when found."""
        found: dict[str, psutil.Process] = {}
        for name, proc in self.procs.items():
            with contextlib.suppress(psutil.Error):
                found[name] = psutil.Process(proc.pid)
        rd = _redis_server()
        if rd:
            found["redis"] = rd
        return found

    @property
    def dbname(self) -> str:
        """Name of the benchmark's database."""
        from psycopg.conninfo import conninfo_to_dict

        return str(conninfo_to_dict(self.env["AKHBAR_DATABASE_URL"]).get("dbname", ""))


class Sampler:
    """Samples RSS of every worker process and CPU seconds per role once a second, in a thread."""

    def __init__(self, stack: Stack, interval: float = 1.0) -> None:
        self.stack = stack
        self.interval = interval
        self.samples: list[Sample] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-sampler", daemon=True)
        self._procs = stack.processes()
        self.started = time.time()
        # Postgres CPU is summed per backend pid ever seen, with the last value read: a backend
        # that exits (a recycled prefork child closes its connections) keeps counting what it
        # used, instead of vanishing from the sum and showing up as another tenant's CPU.
        self._backend_cpu: dict[tuple[int, float], float] = {}  # (pid, start time): CPU s
        self._lock = threading.Lock()

    def snapshot(self) -> Sample:
        """One sample now (also used for CPU deltas at phase boundaries)."""
        rss: dict[str, dict[int, int]] = {}
        for role in ("process-worker", "fetch-worker", "api"):
            proc = self._procs.get(role)
            if proc is None:
                continue
            per_pid: dict[int, int] = {}
            with contextlib.suppress(psutil.Error):
                per_pid[proc.pid] = proc.memory_info().rss
                for child in proc.children(recursive=True):
                    with contextlib.suppress(psutil.Error):
                        per_pid[child.pid] = child.memory_info().rss
            rss[role] = per_pid
        cpu = {role: _tree_cpu(p) for role, p in self._procs.items()}
        if "process-worker" in self._procs:
            # Its main process alone: Celery's consumer (Redis, prefork hand-off, acks, events),
            # which the children's page work does not include.
            with contextlib.suppress(psutil.Error):
                t = self._procs["process-worker"].cpu_times()
                cpu["process-worker-main"] = t.user + t.system
        # The services are children of this process: count its own threads only (corpus server,
        # submitter, this sampler), never its descendants.
        own = psutil.Process().cpu_times()
        cpu["bench-driver"] = own.user + own.system
        if "redis" in self._procs:  # the server's own time; its BGSAVE forks are not the request path
            with contextlib.suppress(psutil.Error):
                t = self._procs["redis"].cpu_times()
                cpu["redis"] = t.user + t.system
        with self._lock:
            for backend in _postgres_backends(self.stack.dbname):
                with contextlib.suppress(psutil.Error):
                    t = backend.cpu_times()
                    self._backend_cpu[(backend.pid, backend.create_time())] = t.user + t.system
            cpu["postgres"] = sum(self._backend_cpu.values())
        total = psutil.cpu_times()
        cpu["machine"] = total.user + total.system + getattr(total, "nice", 0.0)
        return Sample(time.time() - self.started, rss, cpu)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(self.snapshot())
            self._stop.wait(self.interval)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


def _rss_at(points: list[tuple[float, int]], t: float) -> int:
    """The RSS of the first sample at or after time t."""
    return next((rss for when, rss in points if when >= t), points[-1][1])


def rss_summary(samples: list[Sample], role: str = "process-worker") -> dict[str, object]:
    """Peak RSS per pid, growth from its first to its last sample, and growth over the second half
    of its life (MB); the parent pid first. Warm-up (imports done lazily, caches, allocator
    arenas) shows in the first half; a leak keeps growing in the second."""
    series: dict[int, list[tuple[float, int]]] = {}
    for s in samples:
        for pid, rss in s.rss.get(role, {}).items():
            if rss:  # a child being replaced (max_tasks_per_child) reads 0 on its way out
                series.setdefault(pid, []).append((s.t, rss))
    mb = 1024 * 1024
    per_pid = {
        str(pid): {
            "peak_mb": round(max(r for _, r in points) / mb, 1),
            "first_mb": round(points[0][1] / mb, 1),
            "last_mb": round(points[-1][1] / mb, 1),
            "growth_mb": round((points[-1][1] - points[0][1]) / mb, 1),
            "second_half_growth_mb": round(
                (points[-1][1] - _rss_at(points, (points[0][0] + points[-1][0]) / 2)) / mb, 1
            ),
            "seconds_seen": round(points[-1][0] - points[0][0], 1),
        }
        for pid, points in series.items()
    }
    return {"pids": per_pid, "peak_mb": max((p["peak_mb"] for p in per_pid.values()), default=0.0)}


def dump_samples(samples: list[Sample], path: Path) -> None:
    """The raw samples as JSON lines (for plots and for a closer look at a leak)."""
    with path.open("w") as out:
        for s in samples:
            out.write(json.dumps({"t": round(s.t, 2), "rss": s.rss, "cpu": s.cpu}) + "\n")
