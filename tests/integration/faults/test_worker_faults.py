"""Killed workers lose nothing: (a) kill -9 of a prefork child mid-task, (b) kill -9 of a worker's
main process (restarted afterwards, as a supervisor would), and warm shutdown on SIGTERM."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.integration.faults.checks import assert_accounted, submit, wait_all_final, wait_done_at_least
from tests.integration.faults.conftest import MAX_ATTEMPTS
from tests.integration.faults.harness import Stack, page_server

pytestmark = pytest.mark.integration
URLS = 200


def test_kill_9_of_process_children_mid_task(
    fault_env: dict[str, str], fault_db: str, fault_key: str, fault_ports: dict[str, int], stack_logs: Path
) -> None:
    stack = Stack(fault_env, stack_logs).start()
    try:
        with page_server(fault_ports["pages"]) as base:
            ids = submit(stack.api, fault_key, [f"{base}/p/{1000 + n}.html" for n in range(URLS)])
            wait_done_at_least(fault_db, ids, 10, timeout=90)
            killed = 0
            for _ in range(3):  # children are busy: the queue holds far more work than they can take
                children = stack.worker_main("process").children()
                if children:
                    children[0].send_signal(signal.SIGKILL)
                    killed += 1
                time.sleep(1.5)
            assert killed >= 2
            wait_all_final(fault_db, ids, timeout=150, logs=lambda: stack.log("process"))
        counts = assert_accounted(fault_db, ids, MAX_ATTEMPTS)
        assert counts.get("done", 0) == URLS, counts
    finally:
        stack.stop()


def test_kill_9_of_worker_main_processes(
    fault_env: dict[str, str], fault_db: str, fault_key: str, fault_ports: dict[str, int], stack_logs: Path
) -> None:
    stack = Stack(fault_env, stack_logs).start()
    try:
        with page_server(fault_ports["pages"]) as base:
            ids = submit(stack.api, fault_key, [f"{base}/p/{2000 + n}.html" for n in range(URLS)])
            wait_done_at_least(fault_db, ids, 10, timeout=90)
            # The whole worker dies at once (main and children), messages in flight unacknowledged.
            stack.kill("process", signal.SIGKILL)
            stack.kill("fetch", signal.SIGKILL)
            time.sleep(2)
            stack.start_worker("fetch", "-Q", "fetch", "-P", "threads", "-c", "8", "-n", "fetch2@%h")
            stack.start_worker("process", "-Q", "process", "-P", "prefork", "-c", "2", "-n", "process2@%h")
            wait_all_final(fault_db, ids, timeout=150, logs=lambda: stack.log("process"))
        counts = assert_accounted(fault_db, ids, MAX_ATTEMPTS)
        assert counts.get("done", 0) == URLS, counts
    finally:
        stack.stop()


def test_sigterm_is_a_warm_shutdown(
    fault_env: dict[str, str], fault_db: str, fault_key: str, fault_ports: dict[str, int], stack_logs: Path
) -> None:
    """SIGTERM lets in-flight tasks finish (or return to the queue): no job is left half-written."""
    stack = Stack(fault_env, stack_logs).start()
    try:
        with page_server(fault_ports["pages"]) as base:
            ids = submit(stack.api, fault_key, [f"{base}/p/{3000 + n}.html" for n in range(100)])
            wait_done_at_least(fault_db, ids, 5, timeout=90)
            stack.kill("process", signal.SIGTERM)
            # A warm shutdown finishes the tasks in hand and exits cleanly.
            assert stack.procs["process"].wait(30) == 0
            stack.start_worker("process", "-Q", "process", "-P", "prefork", "-c", "2", "-n", "process3@%h")
            wait_all_final(fault_db, ids, timeout=120, logs=lambda: stack.log("process"))
        counts = assert_accounted(fault_db, ids, MAX_ATTEMPTS)
        assert counts.get("done", 0) == 100, counts
    finally:
        stack.stop()
