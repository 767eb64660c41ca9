"""The submit API alone under load: requests/s, URLs/s and latency percentiles of POST /v1/urls
at 1 and at 100 URLs per request, from an async httpx client with many requests in flight.

The API runs as `akhbar up` starts it (uvicorn, one process) on a fresh database and a Redis DB
of its own; no worker runs, so the fetch messages only pile up in Redis and the figures are
the API's, Postgres's and Redis's alone. Every URL is distinct (``/load/{n}``), so each one
creates a job: the duplicate path (a cheaper lookup) is not what is measured.

Run: python -m bench.submit_load [--seconds 15] [--concurrency 32]
Writes bench/results/submit_load.json and prints a summary.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.stack_harness import Stack, bench_database, bench_redis
from bench.stack_load import percentiles

RESULTS = Path(__file__).resolve().parent / "results"


async def _load(api_url: str, key: str, batch: int, seconds: float, concurrency: int) -> dict[str, Any]:
    counter = itertools.count()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=api_url, headers={"X-API-Key": key}, timeout=60, limits=limits) as client:

        async def user() -> None:
            while time.perf_counter() < deadline:
                urls = [f"https://load.example.org/load/{batch}/{next(counter)}" for _ in range(batch)]
                started = time.perf_counter()
                try:
                    response = await client.post("/v1/urls", json={"urls": urls})
                    status = str(response.status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                if status == "202":
                    latencies.append(time.perf_counter() - started)
                else:
                    errors[status] = errors.get(status, 0) + 1

        began = time.perf_counter()
        await asyncio.gather(*(user() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return {
        "urls_per_request": batch,
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "urls_per_s": round(batch * len(latencies) / elapsed, 1),
        "latency_ms": {k: round(1000 * v, 1) if v is not None else None for k, v in percentiles(latencies).items()},
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Start the API alone, load it at 1 and 100 URLs per request, write and print the results."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--out", type=Path, default=RESULTS / "submit_load.json")
    args = ap.parse_args(argv)
    from bench.pipeline_bench import _api_key

    result: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cores": os.cpu_count(),
        "loadavg_at_start": os.getloadavg(),
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="akhbar-submit-") as tmp:
        tmpdir = Path(tmp)
        with bench_database(tmpdir) as db_url, bench_redis(tmpdir) as redis_url:
            env = {
                "AKHBAR_DATABASE_URL": db_url,
                "AKHBAR_REDIS_URL": redis_url,
                "AKHBAR_DATA_DIR": str(tmpdir / "data"),
                "AKHBAR_ENVIRONMENT": "local",
            }
            stack = Stack(env, tmpdir / "logs")
            try:
                stack.start_base(("api",))
                key = _api_key(db_url)
                for batch in (1, 100):
                    asyncio.run(_load(stack.api_url, key, batch, 2, min(4, args.concurrency)))  # warm-up
                    run = asyncio.run(_load(stack.api_url, key, batch, args.seconds, args.concurrency))
                    result["runs"].append(run)
                    print(
                        f"submit x{batch} URL/request: {run['requests_per_s']} req/s, {run['urls_per_s']} URLs/s, "
                        f"p50 {run['latency_ms']['p50']} ms, p99 {run['latency_ms']['p99']} ms, errors {run['errors']}",
                        flush=True,
                    )
            finally:
                stack.stop()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, default=str))
    return result


if __name__ == "__main__":
    main()
