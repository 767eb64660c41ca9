"""Reading web archives (WARC, gzipped or not) as pages for the process stage.

Pure: a binary stream in, records out. Only ``response`` records of HTTP 200 HTML pages are
pages; everything else (requests, metadata, revisits, redirects, images, oversized bodies) is
reported as skipped with a reason so an import can say what it left out. warcio reads the
records (it undoes chunked transfer and gzip/deflate content encodings); fastwarc is faster but
its extra speed does not matter next to extraction, and warcio also writes WARCs for tests.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class WarcError(ValueError):
    """The file is not a readable WARC (or ARC) archive."""


@dataclass(frozen=True, slots=True)
class WarcPage:
    """An archived HTML page: what the process stage needs, plus when it was captured."""

    url: str
    captured_at: datetime | None
    body: bytes
    content_type: str
    http_status: int
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class WarcSkipped:
    """A record that is not an importable page, and why (``reason`` is short and countable)."""

    url: str | None
    reason: str


def parse_warc_date(value: str | None) -> datetime | None:
    """WARC-Date (ISO 8601, UTC, e.g. 2021-03-04T05:06:07Z) as an aware datetime, or None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


class _Prefixed:
    """A stream whose first bytes were already read (to check the format), put back in front."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        self._prefix = prefix
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if not self._prefix:
            return self._stream.read(size)
        if size is None or size < 0:
            data, self._prefix = self._prefix + self._stream.read(), b""
            return data
        data, self._prefix = self._prefix[:size], self._prefix[size:]
        if len(data) < size:
            data += self._stream.read(size - len(data))
        return data


def _check_format(head: bytes) -> None:
    """Refuse early what is not a WARC or ARC file (warcio would read garbage as odd records)."""
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error as exc:
            raise WarcError(f"not a WARC file: bad gzip ({exc})") from None
    if not head.lstrip(b"\r\n").startswith((b"WARC/", b"filedesc://")):
        raise WarcError(f"not a WARC file: starts with {head[:20]!r}")


def iter_warc(stream: BinaryIO, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[WarcPage | WarcSkipped]:
    """Every record of a WARC stream as a WarcPage (HTML 200 response) or a WarcSkipped.

    ``warcinfo`` records are passed over silently (they describe the file, not a capture).
    Raises WarcError when the stream is not an archive.
    """
    head = stream.read(4096)
    _check_format(head)
    try:
        for record in ArchiveIterator(_Prefixed(head, stream)):
            if record.rec_type == "warcinfo":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type != "response":
                yield WarcSkipped(url, f"record:{record.rec_type}")
                continue
            yield _page_or_skip(record, url, max_bytes)
    except ArchiveLoadFailed as exc:
        raise WarcError(f"not a WARC file: {exc}") from None


def _page_or_skip(record: Any, url: str | None, max_bytes: int) -> WarcPage | WarcSkipped:
    if not url or not url.startswith(("http://", "https://")):
        return WarcSkipped(url, "not_http")
    http = record.http_headers
    if http is None:
        return WarcSkipped(url, "no_http_headers")
    try:
        status = int(http.get_statuscode())
    except (TypeError, ValueError):
        return WarcSkipped(url, "bad_status")
    if status != 200:
        return WarcSkipped(url, f"http_{status}")
    content_type = http.get_header("Content-Type") or ""
    if _media_type(content_type) not in _HTML_TYPES:
        return WarcSkipped(url, f"content_type:{_media_type(content_type) or 'missing'}"[:80])
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return WarcSkipped(url, "too_large")
    if not body.strip():
        return WarcSkipped(url, "empty")
    headers = {k: v for k, v in http.headers}
    captured = parse_warc_date(record.rec_headers.get_header("WARC-Date"))
    return WarcPage(
        url=url, captured_at=captured, body=body, content_type=content_type, http_status=status, headers=headers
    )
