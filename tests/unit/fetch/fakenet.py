"""An in-memory "internet" for unit tests of fetch_page: no sockets.

``FakeNet`` replaces ``pipeline.fetch.transport.open_tcp``. Each (ip, port) it knows maps to a
handler ``(method, path, headers) -> raw HTTP response bytes``; connecting anywhere else
fails like an unreachable host. Every connection attempt is recorded, so tests can prove
which address the fetcher really connected to.
"""

from __future__ import annotations

import ssl
import typing
from collections.abc import Callable

import httpcore

Handler = Callable[[str, str, dict[str, str]], bytes]


def response(status: int, body: bytes = b"", headers: dict[str, str] | None = None, *, reason: str = "X") -> bytes:
    """Raw HTTP/1.1 response bytes (Content-Length added unless given)."""
    hdrs = {"Content-Length": str(len(body)), **(headers or {})}
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs.items()) + "\r\n"
    return head.encode("latin-1") + body


class _Stream(httpcore.NetworkStream):
    def __init__(self, handler: Handler, log: list[dict[str, str]], sni: list[str | None]) -> None:
        self._handler = handler
        self._log = log
        self._sni = sni
        self._sent = b""
        self._reply: bytes | None = None

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._sent += buffer

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self._reply is None:
            head = self._sent.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
            method, path, _ = head[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in head[1:])}
            self._log.append({"method": method, "path": path, **headers})
            self._reply = self._handler(method, path, headers)
        chunk, self._reply = self._reply[:max_bytes], self._reply[max_bytes:]
        return chunk

    def close(self) -> None:
        pass

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        # TLS itself is not simulated; what matters here is the name the handshake would carry.
        self._sni.append(server_hostname)
        return self

    def get_extra_info(self, info: str) -> typing.Any:
        return None


class FakeNet:
    """Routes (ip, port) to handlers; records connections and requests."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, int], Handler] = {}
        self.connections: list[tuple[str, int]] = []
        self.requests: list[dict[str, str]] = []
        self.sni: list[str | None] = []  # server_hostname of every TLS handshake (SNI + cert check)

    def route(self, ip: str, port: int, handler: Handler) -> None:
        """Serve ``handler`` at ip:port."""
        self.routes[(ip, port)] = handler

    def open_tcp(self, ip: str, port: int, timeout: float) -> httpcore.NetworkStream:
        """Drop-in for transport.open_tcp."""
        self.connections.append((ip, port))
        handler = self.routes.get((ip, port))
        if handler is None:
            raise httpcore.ConnectError(f"no route to {ip}:{port}")
        return _Stream(handler, self.requests, self.sni)
