"""Reading a response body within caps, sniffing what it really is, and naming transport failures.

Helpers of client.py: ``read_body`` (raw stream -> bounded decompression), media type and
magic-number sniffing, and ``classify`` (httpx exception -> the FetchError taxonomy).
"""

from __future__ import annotations

import ssl

import httpx

from pipeline.fetch.decode import BoundedDecoder
from pipeline.fetch.errors import FetchError, RetryFetch, SkipFetch

_READ_CHUNK = 64 * 1024


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


# Magic numbers of what servers most often mislabel as text/html.
_BINARY_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n", "image/png"),
    (b"GIF8", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"RIFF", "application/riff"),
)


def sniffed_binary(body: bytes) -> str | None:
    """The type of a binary body labelled HTML, by its magic number, or None."""
    for magic, media in _BINARY_MAGIC:
        if body.startswith(magic):
            return media
    if body[4:8] == b"ftyp":  # ISO base media (mp4, mov, 3gp): a box size, then "ftyp"
        return "video/mp4"
    return None


def looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<")


def classify(exc: httpx.HTTPError) -> FetchError:
    """Map an httpx exception to the taxonomy (errors.py)."""
    if isinstance(exc, httpx.TimeoutException):
        return RetryFetch("timeout", type(exc).__name__)
    if isinstance(exc, httpx.ConnectError):
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, ssl.SSLCertVerificationError):
                return SkipFetch("tls_cert", str(cause)[:200])
            if isinstance(cause, ssl.SSLError):
                return RetryFetch("tls_error", str(cause)[:200])
            cause = cause.__cause__ or cause.__context__
        if "unchecked host" in str(exc):
            return SkipFetch("ssrf:unpinned", str(exc)[:200])
        return RetryFetch("connect_error", str(exc)[:200])
    if isinstance(exc, httpx.ProtocolError):
        return RetryFetch("protocol_error", str(exc)[:200])
    if isinstance(exc, httpx.NetworkError | httpx.TransportError):
        return RetryFetch("read_error", str(exc)[:200])
    return RetryFetch("http_error", f"{type(exc).__name__}: {exc}"[:200])


def read_body(
    response: httpx.Response, max_wire: int, max_decoded: int, *, truncate: bool = False
) -> tuple[bytes, int]:
    """Read the raw stream and decompress within caps. Returns (decoded body, bytes on the wire).

    With ``truncate`` (robots.txt) the body is cut at the caps instead of raising too_large.
    """
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > max_wire and not truncate:
        raise SkipFetch("too_large", f"content-length {declared}")
    decoder = BoundedDecoder(response.headers.get("content-encoding"), max_decoded)
    wire = 0
    try:
        for chunk in response.iter_raw(_READ_CHUNK):
            wire += len(chunk)
            if wire > max_wire:
                if truncate:
                    break
                raise SkipFetch("too_large", f"over {max_wire} bytes on the wire")
            decoder.feed(chunk)
        return decoder.finish(), wire
    except SkipFetch as exc:
        if truncate and exc.reason == "too_large":
            return decoder.partial(), wire
        raise
