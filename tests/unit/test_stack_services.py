"""What `akhbar up` starts: the process worker's children and the fetch worker's environment."""

from __future__ import annotations

import os
from pathlib import Path

from cli.stack import default_process_concurrency, services
from schemas.settings import Settings


def _by_name(settings: Settings) -> dict:
    return {s.name: s for s in services(settings, Path("/tmp/akhbar-test-data"))}


def test_process_worker_runs_one_child_per_core_plus_one_unless_configured() -> None:
    assert default_process_concurrency() == (os.cpu_count() or 1) + 1
    argv = _by_name(Settings(_env_file=None))["process-worker"].argv  # type: ignore[call-arg]
    assert argv[argv.index("-c") + 1] == str(default_process_concurrency())
    argv = _by_name(Settings(_env_file=None, process_concurrency=5))["process-worker"].argv  # type: ignore[call-arg]
    assert argv[argv.index("-c") + 1] == "5"


def test_only_the_threaded_fetch_worker_limits_malloc_arenas() -> None:
    stack = _by_name(Settings(_env_file=None))  # type: ignore[call-arg]
    assert stack["fetch-worker"].env == {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072"}
    assert all(not s.env for name, s in stack.items() if name != "fetch-worker")
