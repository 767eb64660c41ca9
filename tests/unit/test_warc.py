"""pipeline.warc: pages and skipped records from a WARC the test writes itself with warcio."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.warc import WarcError, WarcPage, WarcSkipped, iter_warc, parse_warc_date

PAGE = "<html><head><title>خبر</title></head><body><p>نص المقال</p></body></html>".encode()


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    date: str = "2021-03-04T05:06:07Z",
    extra: list[tuple[str, str]] | None = None,
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict={"WARC-Date": date}
    )
    writer.write_record(record)


def build_warc(gz: bool = True) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("test.warc.gz", {"software": "tests"}))
    _response(writer, "https://example.ma/a", PAGE)
    _response(writer, "https://example.ma/gone", b"<html>404</html>", status="404 Not Found")
    _response(writer, "https://example.ma/logo.png", b"\x89PNG", content_type="image/png")
    _response(
        writer,
        "https://example.ma/zipped",
        gzip.compress(PAGE),
        extra=[("Content-Encoding", "gzip")],
        date="2020-01-02T00:00:00Z",
    )
    request = writer.create_warc_record(
        "https://example.ma/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")
    )
    writer.write_record(request)
    _response(writer, "https://example.ma/big", b"<html>" + b"x" * 5000 + b"</html>")
    return out.getvalue()


@pytest.mark.parametrize("gz", [True, False])
def test_pages_and_skips(gz: bool) -> None:
    items = list(iter_warc(io.BytesIO(build_warc(gz)), max_bytes=4000))
    pages = [i for i in items if isinstance(i, WarcPage)]
    skips = [(i.url, i.reason) for i in items if isinstance(i, WarcSkipped)]
    assert [(p.url, p.captured_at) for p in pages] == [
        ("https://example.ma/a", datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)),
        ("https://example.ma/zipped", datetime(2020, 1, 2, tzinfo=UTC)),
    ]
    assert pages[0].body == PAGE
    assert pages[1].body == PAGE  # content encoding undone
    assert pages[0].content_type == "text/html; charset=utf-8"
    assert pages[0].http_status == 200
    assert skips == [
        ("https://example.ma/gone", "http_404"),
        ("https://example.ma/logo.png", "content_type:image/png"),
        ("https://example.ma/a", "record:request"),
        ("https://example.ma/big", "too_large"),
    ]


@pytest.mark.parametrize(
    "data", [b"this is not an archive\n" * 10, gzip.compress(b"<html>not an archive</html>"), b"\x1f\x8bbroken", b""]
)
def test_not_a_warc(data: bytes) -> None:
    with pytest.raises(WarcError, match="not a WARC"):
        list(iter_warc(io.BytesIO(data)))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-03-04T05:06:07Z", datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)),
        ("2021-03-04T05:06:07", datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)),
        ("garbage", None),
        (None, None),
    ],
)
def test_parse_warc_date(value: str | None, expected: datetime | None) -> None:
    assert parse_warc_date(value) == expected
