"""The benchmark's Markdown table and PNG plots, from the result dict pipeline_bench builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.targets import lines as target_lines


def _fmt(value: Any) -> str:
    return "–" if value is None else str(value)


def markdown(result: dict[str, Any]) -> str:
    """A short Markdown summary: headline, references, one row per process-worker count."""
    head = result.get("headline", {})
    corpus = result["corpus"]
    lines = [
        f"# Pipeline benchmark — {result['started']}",
        "",
        f"Machine: {result['machine']['cores']} cores, load average at start "
        f"{[round(x, 2) for x in result['machine']['loadavg_at_start']]}. Corpus: {corpus['pages']} pages "
        f"({corpus['by_language']}), median {corpus['bytes_median'] // 1024} KB, max {corpus['bytes_max'] // 1024} KB.",
        "",
        f"**akhbar/baseline throughput ratio: {head.get('throughput_ratio')}** "
        f"(CPU-efficiency ratio {head.get('cpu_efficiency_ratio')}: baseline CPU ms per page / "
        "Akhbar's CPU ms per page over API, workers, Postgres and Redis)",
        "",
        *(
            [
                f"Baseline before / after the stack: {head['baseline_pages_per_s']['before']} / "
                f"{head['baseline_pages_per_s']['after']} pages/s (drift {head.get('baseline_drift')}); "
                "the ratios use their mean.",
                "",
            ]
            if head.get("baseline_pages_per_s")
            else []
        ),
        *(
            [
                "Paired rounds (a saturated stack round, then the baseline at once): throughput ratios "
                f"{head['paired_throughput_ratios']} (median {head.get('paired_throughput_ratio_median')}), "
                f"CPU-efficiency ratios {head['paired_cpu_efficiency_ratios']} "
                f"(median {head.get('paired_cpu_efficiency_ratio_median')}).",
                "",
            ]
            if head.get("paired_throughput_ratios")
            else []
        ),
        *(
            ["Targets (bench/targets.py):", "", *(f"- {line}" for line in target_lines(result["targets"])), ""]
            if result.get("targets")
            else []
        ),
        "| reference | processes | pages/s | CPU ms/page |",
        "|---|---|---|---|",
    ]
    for name in ("baseline", "pure_pipeline", "baseline_after"):
        for n, row in result.get(name, {}).items():
            lines.append(f"| {name} | {n} | {row['pages_per_s']} | {row['cpu_ms_per_page']} |")
    lines += [
        "",
        "| process workers | pages/s | articles/s | CPU ms/page (all / process / fetch / api / postgres) "
        "| extract / enrich / store ms | p50 / p95 / p99 unsaturated (s) "
        "| peak RSS MB, process / fetch / api (largest growth over a process's second half) |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in result["stack"]:
        cpu, st, lat = run["cpu_ms_per_page"], run["stage_ms_per_call"], run["latency_unsaturated_s"]
        rss = [run[f"rss_{role}"] for role in ("process_worker", "fetch_worker", "api")]
        peaks = " / ".join(str(r["peak_mb"]) for r in rss)
        growth = max((p.get("second_half_growth_mb", 0.0) for r in rss for p in r["pids"].values()), default=None)
        lines.append(
            f"| {run['process_workers']} | {run['pages_per_s']} | {run['articles_per_s']} "
            f"| {cpu['akhbar_total']} / {cpu['process-worker']} / {cpu['fetch-worker']} / {cpu['api']} / "
            f"{cpu['postgres']} | {_fmt(st.get('extract'))} / {_fmt(st.get('enrich'))} / {_fmt(st.get('store'))} "
            f"| {_fmt(lat.get('p50'))} / {_fmt(lat.get('p95'))} / {_fmt(lat.get('p99'))} "
            f"| {peaks} ({_fmt(growth)}) |"
        )
    lines += ["", "Share of the machine's CPU used by other processes meanwhile (contention): "]
    shares = [f"baseline x{n}: {row.get('other_tenants_cpu_share')}" for n, row in result["baseline"].items()]
    shares += [f"stack x{r['process_workers']}: {r.get('other_tenants_cpu_share')}" for r in result["stack"]]
    lines.append(", ".join(shares))
    if head.get("contended"):
        lines += ["", f"**Contended run** ({', '.join(head['contended'])}): read the CPU-efficiency ratio."]
    spies = {
        f"x{r['process_workers']} {role}": p for r in result["stack"] for role, p in r.get("py_spy_percent", {}).items()
    }
    if spies:
        lines += ["", "py-spy, % of samples:", ""]
        lines += [f"- {name}: {', '.join(f'{k} {v}' for k, v in p.items())}" for name, p in spies.items()]
    return "\n".join(lines) + "\n"


def plots(result: dict[str, Any], out_dir: Path, stem: str = "pipeline_bench") -> list[Path]:
    """STEM_throughput_latency.png (per 5 s of the saturated phase, then the unsaturated phase's
    latency by submission time) and STEM_rss.png (per worker process)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []
    fig, (ax1, ax2, ax3) = plt.subplots(3, 1, figsize=(9, 10))
    for run in result["stack"]:
        label = f"{run['process_workers']} process worker(s)"
        t = [b["t"] for b in run["timeline"]]
        ax1.plot(t, [b["pages_per_s"] for b in run["timeline"]], label=label)
        ax2.plot(t, [b["p95"] for b in run["timeline"]], label=f"{label}, p95")
        ax2.plot(t, [b["p50"] for b in run["timeline"]], linestyle="--", label=f"{label}, p50")
    for n, row in result["baseline"].items():
        ax1.axhline(row["pages_per_s"], linestyle=":", color="grey")
        ax1.annotate(f"baseline x{n}", (0, row["pages_per_s"]), fontsize=8, color="grey")
    ax1.set_ylabel("pages finished / s")
    ax1.legend(fontsize=8)
    ax2.set_ylabel("submit→stored (s), saturated")
    ax2.set_xlabel("seconds into the saturated phase")
    ax2.legend(fontsize=8)
    for run in result["stack"]:
        series = run.get("latency_unsaturated_s", {}).get("timeline", [])
        if series:
            label = f"{run['process_workers']} process worker(s)"
            ax3.plot([b["t"] for b in series], [b["max"] for b in series], label=f"{label}, max")
            ax3.plot([b["t"] for b in series], [b["p50"] for b in series], linestyle="--", label=f"{label}, p50")
    ax3.set_ylabel("submit→stored (s), unsaturated")
    ax3.set_xlabel("seconds into the unsaturated phase (by submission, per 2 s)")
    if ax3.lines:
        ax3.legend(fontsize=8)
    fig.tight_layout()
    path = out_dir / f"{stem}_throughput_latency.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    written.append(path)

    fig, ax = plt.subplots(figsize=(9, 4))
    for run in result["stack"]:
        pids = sorted({pid for point in run["rss_series"] for pid in point["rss_mb"]})
        for pid in pids:
            pts = [(p["t"], p["rss_mb"][pid]) for p in run["rss_series"] if p["rss_mb"].get(pid)]  # 0: exiting
            name = pid if " " in pid else f"pid {pid}"
            ax.plot([x for x, _ in pts], [y for _, y in pts], label=f"x{run['process_workers']} {name}")
    ax.set_xlabel("seconds")
    ax.set_ylabel("RSS (MB)")
    ax.set_title("RSS: process worker (parent, prefork children), fetch worker, API")
    ax.legend(fontsize=7)
    fig.tight_layout()
    path = out_dir / f"{stem}_rss.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    written.append(path)
    return written


def write_report(result: dict[str, Any], md_path: Path, out_dir: Path) -> None:
    """Write the Markdown summary and the plots (named after the Markdown file's stem)."""
    md_path.write_text(markdown(result))
    plots(result, out_dir, md_path.stem)
