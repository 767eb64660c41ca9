"""Issue 10's targets, judged on one benchmark result: met, missed, or not judged by this run.

- throughput: Akhbar at least 0.8 x the bare-extraction baseline on the same cores. Judged on the
  median of the paired rounds when the run has them (each stack round is followed at once by a
  baseline run, so a drift of the machine's speed moves both), else on the headline ratio.
- latency: p95 submit-to-stored under 2 s when the system is not saturated, in every
  configuration that measured it.
- rss: no growth over a 10k-article soak beyond what ``max_tasks_per_child`` resets. Prefork
  children are recycled, so only the processes that live through the whole soak are judged (the
  process worker's main process, the fetch worker, the API): their RSS may not grow by more than
  RSS_TOLERANCE_MB over the second half. Runs of fewer articles do not judge it.
"""

from __future__ import annotations

from typing import Any

THROUGHPUT_RATIO = 0.8
P95_SECONDS = 2.0
SOAK_ARTICLES = 10_000
# A leak of 1 KB per article shows as 5 MB over the second half of a 10k soak.
RSS_TOLERANCE_MB = 5.0
# A process seen for at least this share of the longest-lived one's time lived through the run.
_LONG_LIVED = 0.9


def _verdict(met: bool | None, value: Any, basis: str) -> dict[str, Any]:
    return {"met": met, "value": value, "basis": basis}


def throughput(result: dict[str, Any]) -> dict[str, Any]:
    """Akhbar / baseline throughput against THROUGHPUT_RATIO."""
    head = result.get("headline", {})
    if head.get("paired_throughput_ratios"):
        ratio = head["paired_throughput_ratio_median"]
        basis = f"median of {len(head['paired_throughput_ratios'])} paired rounds"
    elif "throughput_ratio" in head:
        ratio, basis = head["throughput_ratio"], "headline ratio (no paired rounds)"
    else:
        return _verdict(None, None, "no ratio in this result")
    return _verdict(ratio >= THROUGHPUT_RATIO, ratio, basis)


def latency(result: dict[str, Any]) -> dict[str, Any]:
    """The worst unsaturated p95 over the configurations against P95_SECONDS."""
    p95 = {
        run["process_workers"]: run["latency_unsaturated_s"]["p95"]
        for run in result.get("stack", [])
        if run.get("latency_unsaturated_s", {}).get("p95") is not None
    }
    if not p95:
        return _verdict(None, None, "no unsaturated latency phase in this run")
    worst = max(p95.values())
    return _verdict(worst < P95_SECONDS, worst, f"worst p95 over {len(p95)} configuration(s)")


def rss(result: dict[str, Any]) -> dict[str, Any]:
    """Second-half RSS growth of the processes that lived through a 10k soak."""
    articles = result.get("settings", {}).get("articles") or 0
    if articles < SOAK_ARTICLES or not result.get("stack"):
        return _verdict(None, None, f"judged only by a soak of {SOAK_ARTICLES:,} articles (--articles)")
    run = result["stack"][0]
    growth: dict[str, float] = {}
    for role in ("process_worker", "fetch_worker", "api"):
        pids = run[f"rss_{role}"]["pids"]
        longest = max((p["seconds_seen"] for p in pids.values()), default=0.0)
        for pid, p in pids.items():
            if p["seconds_seen"] >= _LONG_LIVED * longest:
                growth[f"{role} {pid}"] = p["second_half_growth_mb"]
    if not growth:
        return _verdict(None, None, "no process lived through the soak")
    worst = max(growth, key=lambda name: growth[name])
    return _verdict(
        growth[worst] <= RSS_TOLERANCE_MB,
        growth,
        f"second-half growth of long-lived processes, worst {worst} {growth[worst]} MB, "
        f"tolerance {RSS_TOLERANCE_MB} MB",
    )


def judge(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every target's verdict."""
    return {"throughput": throughput(result), "latency": latency(result), "rss": rss(result)}


def lines(verdicts: dict[str, dict[str, Any]]) -> list[str]:
    """One printable line per target."""
    words = {True: "met", False: "MISSED", None: "not judged"}
    names = {
        "throughput": f"throughput >= {THROUGHPUT_RATIO} x baseline",
        "latency": f"unsaturated p95 < {P95_SECONDS:g} s",
        "rss": "no RSS growth beyond recycling",
    }
    out = []
    for key, v in verdicts.items():
        value = v["value"] if not isinstance(v["value"], dict) else ""
        detail = f"{value} ({v['basis']})" if value != "" and value is not None else f"({v['basis']})"
        out.append(f"target {names[key]}: {words[v['met']]} {detail}")
    return out
