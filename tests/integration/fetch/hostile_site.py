"""A hostile (and sometimes merely broken) web site on 127.0.0.1, for fetcher integration tests.

Every path is one misbehaviour from issue 5. The server runs in a thread of the test process
(ThreadingHTTPServer, daemon threads) and records every request it receives, so tests can
prove a request never arrived.
"""

from __future__ import annotations

import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli

MIB = 1024 * 1024
ENCODINGS = Path(__file__).resolve().parents[2] / "data" / "encodings"
HTML = "<!DOCTYPE html><html lang='ar'><body><article><p>خبر عاجل من العاصمة</p></article></body></html>"
ROBOTS = "User-agent: *\nDisallow: /private/\n"


def gzip_bomb(decoded_bytes: int) -> bytes:
    """gzip of ``decoded_bytes`` zeros built 1 MiB at a time (~1 KB per MiB on the wire)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * MIB
    parts = [comp.compress(block) for _ in range(decoded_bytes // MIB)]
    parts.append(comp.flush())
    return b"".join(parts)


def brotli_bomb(decoded_bytes: int) -> bytes:
    """brotli of ``decoded_bytes`` zeros: a few hundred bytes on the wire."""
    compressor = brotli.Compressor(quality=5)
    block = b"\0" * MIB
    return b"".join(compressor.process(block) for _ in range(decoded_bytes // MIB)) + compressor.finish()


class HostileServer(ThreadingHTTPServer):
    """The server, with the state its handlers share."""

    daemon_threads = True

    def __init__(self, *, with_bomb: bool = True) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.port = self.server_address[1]
        self.requests: list[str] = []
        self.stopping = threading.Event()
        self.flaky_hits: dict[str, int] = {}
        self.lock = threading.Lock()
        # Built up front (about a second), so its cost never lands inside a measured fetch.
        self.bomb = gzip_bomb(200 * MIB) if with_bomb else b""
        self.br_bomb = brotli_bomb(200 * MIB) if with_bomb else b""

    def start(self) -> HostileServer:
        """Serve in a daemon thread."""
        threading.Thread(target=self.serve_forever, name="hostile-site", daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving and release the endless/slow handlers."""
        self.stopping.set()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: HostileServer
    protocol_version = "HTTP/1.0"  # bodies without Content-Length end when the connection closes

    def log_message(self, format: str, *args: object) -> None:  # the test output stays quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Length": str(len(body)), **(headers or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str, status: int = 302) -> None:
        self._send(status, b"", {"Location": location})

    def _html(self, body: bytes = HTML.encode(), content_type: str = "text/html; charset=utf-8") -> None:
        self._send(200, body, {"Content-Type": content_type})

    def _trickle(self, data: bytes, every: float) -> None:
        """Send ``data`` one byte at a time, then keep trickling spaces until stopped or cut off."""
        try:
            for index in range(10**9):
                if self.server.stopping.is_set():
                    return
                self.wfile.write(data[index : index + 1] if index < len(data) else b" ")
                self.wfile.flush()
                time.sleep(every)
        except OSError:
            return

    def do_GET(self) -> None:  # the http.server API names it so
        with self.server.lock:
            self.server.requests.append(self.path)
        port = self.server.port
        path = self.path
        if self.headers.get("Host", "").startswith("slow-robots.") and path == "/robots.txt":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.flush()
            self._trickle(b"User-agent: *\nDisallow: /private/\n", every=0.2)
            return
        routes = {
            "/robots.txt": lambda: self._send(200, ROBOTS.encode(), {"Content-Type": "text/plain"}),
            "/ok": self._html,
            "/private/page": self._html,
            "/redirect/ok": lambda: self._redirect("/ok", 301),
            "/redirect/loopback": lambda: self._redirect(f"http://127.0.0.1:{port}/ok"),
            "/redirect/metadata": lambda: self._redirect(f"http://169.254.169.254:{port}/latest/meta-data/"),
            "/redirect/mapped": lambda: self._redirect(f"http://[::ffff:127.0.0.1]:{port}/ok"),
            "/redirect/nat64": lambda: self._redirect(f"http://[64:ff9b::7f00:1]:{port}/ok"),
            "/loop/a": lambda: self._redirect("/loop/b"),
            "/loop/b": lambda: self._redirect("/loop/a"),
            "/doc.pdf": lambda: self._send(200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", {"Content-Type": "application/pdf"}),
            "/rate-limited": lambda: self._send(429, b"slow down", {"Retry-After": "120"}),
            "/missing": lambda: self._send(404, b"not here", {"Content-Type": "text/html"}),
            "/win1256": lambda: self._html((ENCODINGS / "win1256_undeclared.html").read_bytes(), "text/html"),
            "/bomb": lambda: self._send(
                200, self.server.bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"}
            ),
            "/bomb-br": lambda: self._send(
                200, self.server.br_bomb, {"Content-Type": "text/html", "Content-Encoding": "br"}
            ),
        }
        if path in routes:
            routes[path]()
        elif path.startswith("/chain/"):
            step = int(path.rsplit("/", 1)[1])
            self._redirect(f"/chain/{step + 1}")
        elif path.startswith("/flaky/"):
            with self.server.lock:
                hits = self.server.flaky_hits[path] = self.server.flaky_hits.get(path, 0) + 1
            if hits < 3:
                self._send(500, b"oops", {"Content-Type": "text/html"})
            else:
                self._html()
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            try:
                while not self.server.stopping.is_set():
                    self.wfile.write(chunk)
            except OSError:
                return
        elif path == "/slowloris":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.flush()
            self._trickle(b"<html><body>", every=0.2)
        elif path == "/slow-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self._trickle(b"Content-Type: text/html\r\nX-Padding: " + b"a" * 10_000, every=0.2)
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(5 * 1024**3))
            self.end_headers()
            self._trickle(b"<html>", every=0.2)
        else:
            self._send(404, b"no such hostile page")
