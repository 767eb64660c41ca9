"""`make bench`: the whole-pipeline benchmark, the submit-API load test, the profile, then every
evaluation script present in bench/, each in its own subprocess with a time limit.

One failing or missing script does not stop the others; the exit status is non-zero when any
step that exists failed. A summary of each step (status, seconds, last lines printed) goes to
bench/results/run_all.json. Extra arguments go to the pipeline benchmark, e.g.
``python -m bench.run_all --articles 10000`` for the RSS soak.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

# (module, extra args, time limit in seconds). The benchmark's own steps come first.
STEPS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("bench.pipeline_bench", (), 1500),
    ("bench.submit_load", (), 300),
    ("bench.profile_pipeline", (), 600),
    ("bench.store_path", (), 600),
    ("bench.eval_dates", (), 600),
    ("bench.eval_entities", (), 600),
    ("bench.eval_dedup", (), 600),
    ("bench.eval_pubdate", (), 600),
    ("bench.eval_anercorp", (), 600),
)


def run_step(module: str, args: tuple[str, ...], limit: float) -> dict[str, object]:
    """Run `python -m module args` from the repository root; never raises."""
    path = ROOT / (module.replace(".", "/") + ".py")
    if not path.exists():
        return {"module": module, "status": "missing"}
    started = time.monotonic()
    print(f"\n=== {module} {' '.join(args)}", flush=True)
    lines: list[str] = []
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    timer = threading.Timer(limit, proc.kill)  # a step over its limit is killed, the others still run
    timer.start()
    assert proc.stdout is not None
    for line in proc.stdout:  # streamed, so a long step shows its progress
        print(line, end="", flush=True)
        lines.append(line)
    code = proc.wait()
    timed_out = not timer.is_alive()
    timer.cancel()
    status = f"killed after {limit:.0f} s" if timed_out and code else ("ok" if code == 0 else f"exit {code}")
    output = "".join(lines)
    tail = output.strip().splitlines()[-5:]
    return {"module": module, "status": status, "seconds": round(time.monotonic() - started, 1), "tail": tail}


def main(argv: list[str] | None = None) -> int:
    """Run every step; print a table of outcomes and the benchmark's headline line last."""
    extra = tuple(sys.argv[1:] if argv is None else argv)
    summary = []
    for module, args, limit in STEPS:
        step_args = args + extra if module == "bench.pipeline_bench" else args
        summary.append(run_step(module, step_args, limit))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "run_all.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    print("\n=== summary")
    for step in summary:
        print(f"{step['module']:<28} {step['status']:<22} {step.get('seconds', '')}")
    headline = [line for line in summary[0].get("tail", []) if "throughput ratio" in str(line)]
    if headline:
        print(headline[0])
    failed = [s for s in summary if s["status"] not in ("ok", "missing")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
