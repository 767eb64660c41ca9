"""py-spy on the live workers during the saturated phase: where the fetch and process workers'
CPU goes inside the running stack (Celery, the database, logs and metrics included), which an
in-process profile of ``process_page`` cannot show.

``record`` attaches ``py-spy record --format raw`` (collapsed stacks, idle threads excluded) to a
worker and its prefork children; ``categorise`` sums the samples into coarse buckets by the
most specific library found anywhere in each stack.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

# (bucket, substrings of a frame): a stack goes to the first bucket any of its frames matches, so
# the more specific libraries come first and Celery (under every task) last.
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("htmldate", ("htmldate/",)),
    ("trafilatura + lxml (extraction)", ("trafilatura/", "justext", "lxml")),
    ("enrichment (dates, entities)", ("pipeline/enrich/",)),
    ("language detection", ("pipeline/language", "fasttext", "langdetect", "lingua")),
    ("charset detection / decoding", ("charset_normalizer", "pipeline/fetch/encoding", "pipeline/fetch/decode")),
    ("HTTP client (httpx/httpcore)", ("httpx/", "httpcore/", "h11/", "pipeline/fetch/")),
    ("storage (psycopg, queries, page compression)", ("psycopg", "storage/")),
    ("metrics (prometheus_client)", ("prometheus_client",)),
    ("logging (structlog, logging)", ("structlog", "logging/")),
    ("Celery / kombu / Redis client", ("celery/", "kombu/", "billiard/", "redis/", "vine/")),
)


def available() -> str | None:
    """The py-spy executable next to this interpreter, or on PATH."""
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


def record(pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes] | None:
    """Start sampling `pid` and its subprocesses for `seconds` into `out` (raw collapsed stacks)."""
    exe = available()
    if exe is None:
        return None
    argv = [exe, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "50"]
    argv += ["--subprocesses", "--format", "raw", "--nonblocking", "-o", str(out)]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stacks(raw: Path) -> Iterator[tuple[list[str], int]]:
    """(frames, samples) per line of py-spy's raw output ("frame;frame;... count"); none if absent."""
    if not raw.exists():
        return
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if n.isdigit():
            yield stack.split(";"), int(n)


def categorise(raw: Path) -> dict[str, float]:
    """Share (%) of samples per bucket, from py-spy's raw output."""
    counts: dict[str, int] = {}
    total = 0
    for frames, n in _stacks(raw):
        bucket = next(
            (name for name, keys in CATEGORIES if any(k in frame for frame in frames for k in keys)),
            "other (interpreter, task glue)",
        )
        counts[bucket] = counts.get(bucket, 0) + n
        total += n
    return {k: round(100 * v / total, 1) for k, v in sorted(counts.items(), key=lambda kv: -kv[1])} if total else {}


def hot_frames(
    raw: Path, top: int = 30, ours: tuple[str, ...] = ("workers/", "storage/", "pipeline/")
) -> dict[str, object]:
    """The functions where the samples are spent: `self` = share of samples whose innermost frame is
    that function (where the CPU actually is), `inclusive_ours` = share of samples passing through
    each of Akhbar's own functions (what a change to that function could save)."""
    self_counts: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for frames, count in _stacks(raw):
        total += count
        leaf = frames[-1].strip()
        self_counts[leaf] = self_counts.get(leaf, 0) + count
        for frame in {f.strip() for f in frames if any(k in f for k in ours)}:
            inclusive[frame] = inclusive.get(frame, 0) + count
    if not total:
        return {}

    def share(counts: dict[str, int]) -> list[tuple[str, float]]:
        best = sorted(counts.items(), key=lambda kv: -kv[1])[:top]
        return [(frame, round(100 * c / total, 1)) for frame, c in best]

    return {"samples": total, "self": share(self_counts), "inclusive_ours": share(inclusive)}
