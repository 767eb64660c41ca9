"""Bounded Content-Encoding decoding: bombs stop at the cap, with peak memory measured."""

from __future__ import annotations

import gzip
import subprocess
import sys
import tracemalloc
import zlib
from pathlib import Path

import brotli
import pytest

from pipeline.fetch.decode import BoundedDecoder, parse_codings
from pipeline.fetch.errors import SkipFetch

MIB = 1024 * 1024


def gzip_bomb(decoded_bytes: int) -> bytes:
    """gzip of ``decoded_bytes`` zeros, built in 1 MiB steps (never holding the inflated data)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * MIB
    parts = [comp.compress(block) for _ in range(decoded_bytes // MIB)]
    parts.append(comp.flush())
    return b"".join(parts)


def feed_all(decoder: BoundedDecoder, data: bytes, chunk: int = 64 * 1024) -> bytes:
    for start in range(0, len(data), chunk):
        decoder.feed(data[start : start + chunk])
    return decoder.finish()


def test_gzip_bomb_stops_at_the_cap_with_bounded_memory() -> None:
    bomb = gzip_bomb(200 * MIB)
    assert len(bomb) < 300 * 1024  # ~200 KB on the wire
    cap = 20 * MIB
    tracemalloc.start()
    try:
        decoder = BoundedDecoder("gzip", cap)
        with pytest.raises(SkipFetch) as info:
            feed_all(decoder, bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.reason == "too_large"
    # Peak = the capped buffer + one step, far below the 200 MiB the bomb inflates to.
    assert peak < cap + 8 * MIB, f"peak {peak / MIB:.1f} MiB"


@pytest.mark.parametrize(
    ("coding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as the RFC says
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send
        ("identity", lambda data: data),
        (None, lambda data: data),
        ("gzip, gzip", lambda data: gzip.compress(gzip.compress(data))),
        ("br", brotli.compress),
        ("gzip, br", lambda data: brotli.compress(gzip.compress(data))),
    ],
)
def test_round_trip(coding: str | None, encode: object) -> None:
    data = ("<p>" + "نص عربي " * 5000 + "</p>").encode("utf-8")
    assert feed_all(BoundedDecoder(coding, 10 * MIB), encode(data), chunk=1000) == data  # type: ignore[operator]


def test_brotli_bomb_stops_at_the_cap_with_bounded_memory() -> None:
    compressor = brotli.Compressor(quality=5)
    block = b"\0" * MIB
    bomb = b"".join(compressor.process(block) for _ in range(200)) + compressor.finish()
    assert len(bomb) < 4096  # 200 MiB of zeros in a few hundred bytes: worse than any gzip bomb
    cap = 20 * MIB
    tracemalloc.start()
    try:
        with pytest.raises(SkipFetch) as info:
            feed_all(BoundedDecoder("br", cap), bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.reason == "too_large"
    assert peak < cap + 8 * MIB, f"peak {peak / MIB:.1f} MiB"


def test_multi_member_gzip() -> None:
    data = gzip.compress(b"<p>one</p>") + gzip.compress(b"<p>two</p>")
    assert feed_all(BoundedDecoder("gzip", MIB), data) == b"<p>one</p><p>two</p>"


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1000])
def test_multi_member_gzip_in_small_chunks(chunk: int) -> None:
    data = gzip.compress(b"<p>one</p>") + gzip.compress(b"<p>two</p>" * 100)
    assert feed_all(BoundedDecoder("gzip", MIB), data, chunk=chunk) == b"<p>one</p>" + b"<p>two</p>" * 100


def test_trailing_junk_after_gzip_is_ignored() -> None:
    data = gzip.compress(b"<p>one</p>") + b"\n\0\0junk"
    assert feed_all(BoundedDecoder("gzip", MIB), data) == b"<p>one</p>"


def test_identity_body_over_cap() -> None:
    decoder = BoundedDecoder(None, 100)
    decoder.feed(b"x" * 100)
    with pytest.raises(SkipFetch) as info:
        decoder.feed(b"x")
    assert info.value.reason == "too_large"


@pytest.mark.parametrize(
    ("coding", "data"), [("gzip", b"\x1f\x8b\x08\x00garbage-not-deflate"), ("br", b"\xff\xffnot brotli at all")]
)
def test_corrupt_body_is_skipped(coding: str, data: bytes) -> None:
    with pytest.raises(SkipFetch) as info:
        feed_all(BoundedDecoder(coding, MIB), data)
    assert info.value.reason == "bad_encoding"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("compress", "content_encoding:compress"),
        ("zstd", "content_encoding:zstd"),
        ("gzip, gzip, gzip", "content_encoding:stacked"),
    ],
)
def test_unsupported_codings(header: str, reason: str) -> None:
    with pytest.raises(SkipFetch) as info:
        parse_codings(header)
    assert info.value.reason == reason


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_whole_body_in_one_chunk_is_fully_drained(coding: str) -> None:
    # One wire chunk that inflates to far more than one 64 KiB step must still come out whole.
    data = b"<p>" + b"\0" * (10 * MIB) + b"</p>"
    encode = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress}[coding]
    decoder = BoundedDecoder(coding, 20 * MIB)
    decoder.feed(encode(data))
    assert decoder.finish() == data


_RSS_PROBE = """
import sys, zlib
import brotli
from pipeline.fetch.decode import BoundedDecoder
from pipeline.fetch.errors import SkipFetch
MIB = 1024 * 1024
def status_kib(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))
coding = sys.argv[1]
block = b"\\0" * MIB
if coding == "gzip":
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join([comp.compress(block) for _ in range(200)]) + comp.flush()
else:
    comp = brotli.Compressor(quality=5)
    bomb = b"".join([comp.process(block) for _ in range(200)]) + comp.finish()
del block, comp
try:  # reset this process's peak RSS (VmHWM) to its current RSS (Linux >= 4.0)
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
except OSError:
    pass
before = status_kib("VmRSS")
decoder = BoundedDecoder(coding, 20 * MIB)
try:
    for start in range(0, len(bomb), 65536):
        decoder.feed(bomb[start : start + 65536])
    print("no-error")
except SkipFetch as exc:
    print(exc.reason)
print((status_kib("VmHWM") - before) * 1024)
"""


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_bomb_peak_rss_in_a_fresh_process(coding: str) -> None:
    # tracemalloc does not see memory C libraries allocate themselves (brotli): measure the
    # peak resident set (VmHWM, not ru_maxrss, which a child inherits from its parent across
    # fork+exec) of a fresh process instead, so other tests do not blur the figure.
    if not Path("/proc/self/status").exists():
        pytest.skip("needs Linux /proc to read the resident set size")
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, coding], cwd=root, capture_output=True, text=True, timeout=120, check=True
    )
    reason, growth = done.stdout.split()
    assert reason == "too_large"
    # Peak RSS above the RSS before decoding 200 MiB: the 20 MiB cap plus decompressor state.
    assert int(growth) < 48 * MIB, f"peak RSS grew by {int(growth) / MIB:.1f} MiB"
    print(f"{coding}: peak RSS growth {int(growth) / MIB:.1f} MiB")
