"""An httpx transport that connects only to addresses the guard checked, within a hard deadline.

Two things httpx cannot do by itself:

* **Pinning.** httpx/httpcore would resolve the host name again at connect time, so a DNS
  answer that changed after ``guard.resolve_checked`` (rebinding) would be used. Here the
  httpcore network backend is replaced: ``connect_tcp(host, port)`` looks the host up in the
  pins the guard filled and connects to that IP. The URL keeps the host name, so the Host
  header and TLS SNI/certificate checks are those of the name, not of the IP.
* **A wall-clock deadline.** httpx timeouts are per socket operation, so a slowloris server
  sending one byte every few seconds never trips them. Every read, write, connect and TLS
  handshake here gets ``min(its timeout, time left before the deadline)``.
"""

from __future__ import annotations

import contextlib
import ssl
import time
import typing
from collections.abc import Iterator

import certifi
import httpcore
import httpx

_SYNC_BACKEND = httpcore.SyncBackend()

# httpcore exceptions -> httpx exceptions (the most specific first), so callers handle one family.
_EXC_MAP: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.NetworkError, httpx.NetworkError),
)


@contextlib.contextmanager
def _mapped() -> Iterator[None]:
    try:
        yield
    except httpx.HTTPError:
        raise
    except Exception as exc:
        for source, target in _EXC_MAP:
            if isinstance(exc, source):
                raise target(str(exc) or type(exc).__name__) from exc
        raise


def open_tcp(ip: str, port: int, timeout: float) -> httpcore.NetworkStream:
    """Open a TCP connection to an already-checked IP. Tests replace this to simulate the internet."""
    return _SYNC_BACKEND.connect_tcp(ip, port, timeout=timeout)


def normalise_host(host: str) -> str:
    """The key pins are stored under: lower case, no trailing dot, no IPv6 brackets."""
    return host.lower().rstrip(".").strip("[]")


class Deadline:
    """A monotonic wall-clock deadline; ``clamp`` shortens a per-operation timeout to fit in it."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (negative when passed)."""
        return self.at - time.monotonic()

    def clamp(self, timeout: float | None, exc: type[Exception]) -> float:
        """``min(timeout, remaining)``; raises ``exc`` when the deadline has passed."""
        left = self.remaining()
        if left <= 0:
            raise exc("fetch deadline exceeded")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """Wraps a network stream so no single operation can outlive the deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(
            ssl_context, server_hostname, self._deadline.clamp(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class PinnedBackend(httpcore.NetworkBackend):
    """Connects to the checked IPs of a host, never resolving the name itself."""

    def __init__(self, deadline: Deadline) -> None:
        self.deadline = deadline
        self.pins: dict[tuple[str, int], list[str]] = {}
        self.connected: list[tuple[str, int]] = []  # (ip, port) actually connected, for the record

    def pin(self, host: str, port: int, addresses: list[str]) -> None:
        """Record the checked addresses of ``host:port`` (called by the fetcher for every hop)."""
        self.pins[(normalise_host(host), port)] = list(addresses)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.pins.get((normalise_host(host), port))
        if not addresses:
            # Never fall back to resolving: an unpinned host was not checked by the guard.
            raise httpcore.ConnectError(f"refusing to connect to unchecked host {host}:{port}")
        last: Exception | None = None
        for ip in addresses:
            try:
                stream = open_tcp(ip, port, self.deadline.clamp(timeout, httpcore.ConnectTimeout))
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            self.connected.append((ip, port))
            return _DeadlineStream(stream, self.deadline)
        assert last is not None
        raise last

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never used by the fetcher")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: typing.Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _mapped():
            yield from self._stream

    def close(self) -> None:
        if hasattr(self._stream, "close"):
            with _mapped():
                self._stream.close()


class PinnedTransport(httpx.BaseTransport):
    """httpx transport over an httpcore pool that uses a PinnedBackend (HTTP/1.1 only)."""

    def __init__(self, backend: PinnedBackend, ssl_context: ssl.SSLContext) -> None:
        self.backend = backend
        # No keep-alive across hops: each connection is made for one checked (host, ip) pair.
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=1,
            max_keepalive_connections=0,
            retries=0,
            network_backend=backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _mapped():
            response = self._pool.handle_request(core_request)
        assert isinstance(response.stream, typing.Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


_SSL_CONTEXT: ssl.SSLContext | None = None


def ssl_context() -> ssl.SSLContext:
    """One verifying TLS context per process (certifi roots); building one costs milliseconds."""
    global _SSL_CONTEXT
    if _SSL_CONTEXT is None:
        _SSL_CONTEXT = ssl.create_default_context(cafile=certifi.where())
    return _SSL_CONTEXT


def make_client(backend: PinnedBackend, connect_timeout: float, read_timeout: float) -> httpx.Client:
    """A one-fetch httpx client: pinned transport, no redirects, no proxies or netrc from the env."""
    transport = PinnedTransport(backend, ssl_context())
    return httpx.Client(
        transport=transport,
        trust_env=False,
        follow_redirects=False,
        timeout=httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout),
    )
