"""What the deployment artefacts must agree on: process commands and metric names.

One table for docker-compose.yml, deploy/ and the Grafana dashboard, so that the three
cannot drift from the commands the lead defined for each process and from the metrics
the code exports. Used by tests/unit/test_deploy*.py.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Role -> the exact argv that starts it (the contract with workers/, api/ and cli/).
EXPECTED_COMMANDS: dict[str, list[str]] = {
    "migrate": ["akhbar", "migrate"],
    "api": ["uvicorn", "api.app:app", "--host", "0.0.0.0", "--port", "8000"],
    "fetch": shlex.split("celery -A workers.app worker -Q fetch -P threads -c 16 -n fetch@%h"),
    "process": shlex.split("celery -A workers.app worker -Q process -P prefork -c 3 -n process@%h"),
    "feeds": shlex.split("celery -A workers.app worker -Q feeds -P threads -c 4 -n feeds@%h"),
    "maintenance": shlex.split("celery -A workers.app worker -Q maintenance -P solo -n maint@%h"),
    "beat": ["celery", "-A", "workers.app", "beat"],
    "flower": shlex.split(
        "celery -A workers.app flower --address=0.0.0.0 --port=5555 "
        "--basic-auth=$AKHBAR_FLOWER_USER:$AKHBAR_FLOWER_PASSWORD"
    ),
}

WORKER_ROLES = ("fetch", "process", "feeds", "maintenance")

# Metric family -> (type, label names), as the code exports them with prometheus-client.
METRICS: dict[str, tuple[str, frozenset[str]]] = {
    "akhbar_jobs_total": ("counter", frozenset({"stage", "status"})),
    "akhbar_stage_seconds": ("histogram", frozenset({"stage"})),
    "akhbar_queue_depth": ("gauge", frozenset({"queue"})),
    "akhbar_retries_total": ("counter", frozenset({"stage", "reason"})),
    "akhbar_dead_jobs_total": ("counter", frozenset({"reason"})),
    "akhbar_fetch_outcomes_total": ("counter", frozenset({"host", "outcome"})),
    "akhbar_feed_polls_total": ("counter", frozenset({"outcome"})),
    "akhbar_http_requests_total": ("counter", frozenset({"route", "status"})),
}

# Words that mark a setting as a secret whatever its casing.
SECRET_WORDS = re.compile(r"PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE|_AUTH\b", re.IGNORECASE)
PLACEHOLDER = "CHANGE_ME"


def series_names() -> dict[str, str]:
    """Every exposed series name mapped to its metric family (histograms expand)."""
    names: dict[str, str] = {}
    for family, (kind, _labels) in METRICS.items():
        if kind == "histogram":
            for suffix in ("_bucket", "_sum", "_count"):
                names[family + suffix] = family
        else:
            names[family] = family
    return names


def normalise_command(command: list[str] | str) -> list[str]:
    """The argv a container really runs, seen through a ``sh -c "exec ..."`` wrapper.

    A shell wrapper is used where the command needs environment expansion at start
    (Flower's credentials); compose writes ``$$`` for a literal ``$``.
    """
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if argv[:2] == ["sh", "-c"] and len(argv) == 3:
        inner = argv[2].replace("$$", "$")
        argv = shlex.split(inner)
        if argv and argv[0] == "exec":
            argv = argv[1:]
    return argv


METRIC_MODULES = ("workers/metrics.py", "api/metrics.py")
_METRIC_TYPES = {
    "Counter": "counter",
    "CounterMetricFamily": "counter",
    "Gauge": "gauge",
    "GaugeMetricFamily": "gauge",
    "Histogram": "histogram",
    "HistogramMetricFamily": "histogram",
}


def metrics_in_code() -> dict[str, tuple[str, frozenset[str]]]:
    """The metric families the code defines, read from its source (no import needed).

    Finds ``Counter("name", "help", ["label", ...])`` and the ``*MetricFamily`` forms
    (``labels=[...]``). Counters are keyed by their exposed ``_total`` name, as METRICS is.
    """
    import ast

    found: dict[str, tuple[str, frozenset[str]]] = {}
    for relative in METRIC_MODULES:
        tree = ast.parse((ROOT / relative).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            kind = _METRIC_TYPES.get(node.func.id)
            if kind is None or not node.args or not isinstance(node.args[0], ast.Constant):
                continue
            name = str(node.args[0].value)
            label_node = node.args[2] if len(node.args) > 2 else None
            for keyword in node.keywords:
                if keyword.arg in ("labels", "labelnames"):
                    label_node = keyword.value
            labels = frozenset(
                elt.value
                for elt in getattr(label_node, "elts", [])
                if isinstance(elt, ast.Constant) and isinstance(elt.value, str)
            )
            if kind == "counter" and not name.endswith("_total"):
                name += "_total"
            found[name] = (kind, labels)
    return found
