"""No code path hands a URL to trafilatura's own downloader (no SSRF guard, retries without TLS checks)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
UNSAFE = re.compile(r"\bfetch_url\s*\(|import\s.*\bfetch_url\b|\bfetch_response\s*\(|trafilatura\.downloads")


def test_trafilatura_downloader_is_never_used() -> None:
    offenders = []
    scanned = 0
    for package in ("pipeline", "workers", "api", "cli", "storage", "bench"):
        for path in (ROOT / package).rglob("*.py"):
            scanned += 1
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if UNSAFE.search(line) and not line.lstrip().startswith("#"):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert scanned > 10
    assert offenders == []
