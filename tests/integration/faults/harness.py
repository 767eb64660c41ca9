"""Fault-test harness: a private Postgres and Redis we are allowed to pause, kill and restart,
a page server with many small articles, a flapping proxy, and the stack (API under uvicorn and
Celery workers) as real subprocesses pointed at them."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import psutil

from cli.embedded import EmbeddedRedis, free_port

ROOT = Path(__file__).resolve().parents[3]
FINAL = ("done", "skipped", "dead")

_PARAGRAPHS = [
    "أعلنت وزارة الاقتصاد والمالية، يوم الثلاثاء، عن حزمة إجراءات جديدة لدعم المقاولات الصغرى والمتوسطة"
    " المتضررة من ارتفاع أسعار الطاقة، تشمل تأجيل سداد بعض الضرائب وتسهيل الولوج إلى التمويل البنكي.",
    "وأوضح بلاغ للوزارة أن هذه الإجراءات ستدخل حيز التنفيذ ابتداء من فاتح دجنبر المقبل، وستستفيد منها"
    " أزيد من عشرة آلاف مقاولة موزعة على مختلف جهات المملكة، وفق معايير تحددها لجنة مشتركة.",
    "من جهته، رحب الاتحاد العام لمقاولات المغرب بهذه الخطوة، معتبرا أنها تستجيب لجزء مهم من المطالب"
    " التي رفعها خلال الأشهر الماضية، وداعيا إلى تسريع صرف المساعدات قبل نهاية السنة الجارية.",
]


def article_html(n: int) -> bytes:
    """A small, distinct Arabic article page: the n in the title and first paragraph keeps texts apart."""
    paragraphs = [f"(رقم {n}) " + _PARAGRAPHS[0], *_PARAGRAPHS[1:]]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>إجراءات لدعم المقاولات رقم {n}</title>"
        f'<meta property="article:published_time" content="2024-11-{1 + n % 28:02d}T10:00:00+01:00"></head>'
        f"<body><nav><a href='/'>الرئيسية</a></nav><article><h1>إجراءات لدعم المقاولات رقم {n}</h1>"
        f"{body}</article><footer>جميع الحقوق محفوظة</footer></body></html>"
    ).encode()


class _PageHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            payload, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path.startswith("/p/") and self.path.endswith(".html"):
            payload, ctype = article_html(int(self.path[3:-5])), "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        if self.server.delay:  # type: ignore[attr-defined]
            time.sleep(self.server.delay)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def page_server(port: int, delay: float = 0.0) -> Iterator[str]:
    """Serve /p/<n>.html on 127.0.0.1:port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _PageHandler)
    server.daemon_threads = True
    server.delay = delay  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


class FlappingProxy:
    """A TCP proxy on loopback in front of the page server that, per connection, forwards it,
    forwards it slowly, resets it, or stalls it past the fetcher's timeouts (seeded, repeatable)."""

    def __init__(self, listen_port: int, upstream_port: int, seed: int = 7) -> None:
        self.listen_port, self.upstream_port = listen_port, upstream_port
        self.random = random.Random(seed)
        self.counts = {"forward": 0, "slow": 0, "reset": 0, "stall": 0}
        self._sock = socket.create_server(("127.0.0.1", listen_port))
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        self._sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            mode = self.random.choices(["forward", "slow", "reset", "stall"], weights=[5, 2, 2, 1])[0]
            self.counts[mode] += 1
            threading.Thread(target=self._serve, args=(client, mode), daemon=True).start()

    def _serve(self, client: socket.socket, mode: str) -> None:
        with contextlib.closing(client):
            if mode == "reset":
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                return
            if mode == "stall":
                self._stop.wait(8)
                return
            if mode == "slow":
                time.sleep(1.0)
            with contextlib.closing(socket.create_connection(("127.0.0.1", self.upstream_port))) as upstream:
                client.settimeout(5)
                upstream.settimeout(5)
                request = client.recv(65536)
                upstream.sendall(request)
                while chunk := upstream.recv(65536):
                    client.sendall(chunk)

    def close(self) -> None:
        """Stop accepting."""
        self._stop.set()
        self._sock.close()


@dataclass
class Stack:
    """The API and workers as subprocesses, all pointed at one database and one Redis."""

    env: dict[str, str]
    log_dir: Path
    api_port: int = field(default_factory=free_port)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def api(self) -> str:
        """Base URL of the API."""
        return f"http://127.0.0.1:{self.api_port}"

    def _spawn(self, name: str, argv: list[str]) -> None:
        log = (self.log_dir / f"{name}.log").open("ab")
        env = {**os.environ, **self.env, "PYTHONPATH": str(ROOT)}
        self.procs[name] = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def start_worker(self, name: str, *args: str) -> None:
        """Start `celery -A workers.app worker <args>`."""
        self._spawn(name, [sys.executable, "-m", "celery", "-A", "workers.app", "worker", *args])

    def start(self) -> Stack:
        """API, fetch (threads), process (prefork 2), maintenance (solo) with beat."""
        self._spawn(
            "api",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "api.app:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.api_port),
                "--log-level",
                "warning",
            ],
        )
        self.start_worker("fetch", "-Q", "fetch", "-P", "threads", "-c", "8", "-n", "fetch@%h")
        self.start_worker("process", "-Q", "process", "-P", "prefork", "-c", "2", "-n", "process@%h")
        self.start_worker(
            "maintenance",
            "-Q",
            "maintenance",
            "-P",
            "solo",
            "-n",
            "maint@%h",
            "-B",
            "-s",
            str(self.log_dir / "beat-schedule"),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.api}/readyz", timeout=2).status_code == 200:
                    return self
            time.sleep(0.3)
        raise RuntimeError(f"API did not become ready:\n{self.log('api')}")

    def worker_main(self, name: str) -> psutil.Process:
        """The main process of a worker."""
        return psutil.Process(self.procs[name].pid)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Signal a whole process group (main and children)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.procs[name].pid, sig)

    def stop(self) -> None:
        """Warm shutdown of everything, then SIGKILL what remains."""
        for name in list(self.procs):
            self.kill(name, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        self.procs.clear()

    def log(self, name: str) -> str:
        """Tail of a process's log."""
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


def restartable_redis(data_dir: Path, port: int) -> EmbeddedRedis:
    """A Redis without persistence that a test may stop and start on the same port."""
    server = EmbeddedRedis(data_dir, port=port)
    return server


def postgres_processes(postmaster_pid: int) -> list[psutil.Process]:
    """The postmaster and all its children (to pause the whole server)."""
    main = psutil.Process(postmaster_pid)
    children = []
    for child in main.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            child.status()
            children.append(child)
    return [main, *children]
