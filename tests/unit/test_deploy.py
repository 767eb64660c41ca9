"""deploy/: the kustomize base and example overlay, and the Grafana dashboard.

The manifests are rendered with ``kubectl kustomize`` (no cluster needed) and every
built-in resource is validated against the Kubernetes JSON schemas bundled with
kubernetes-validate, in strict mode. KEDA's CRDs have no bundled schema, so their
structure is asserted here instead. The dashboard may only query the metric families
(and their labels) the code exports.
"""

from __future__ import annotations

import base64
import copy
import json
import re
import shutil
import subprocess

import pytest
import yaml

from tests.unit.deploy_expectations import (
    EXPECTED_COMMANDS,
    METRICS,
    PLACEHOLDER,
    ROOT,
    SECRET_WORDS,
    metrics_in_code,
    normalise_command,
    series_names,
)

DEPLOY = ROOT / "deploy"
OVERLAYS = ("base", "overlays/example")
DEPLOYMENT_ROLES = ("api", "fetch", "process", "feeds", "maintenance", "beat", "flower")


def _render(target: str) -> list[dict]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: cannot render the kustomization")
    done = subprocess.run(
        [kubectl, "kustomize", str(DEPLOY / target)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request) -> list[dict]:
    """The resources one kustomization renders to."""
    return _render(request.param)


@pytest.fixture(scope="module")
def example() -> list[dict]:
    """The resources of the example overlay."""
    return _render("overlays/example")


def _by_kind(resources: list[dict], kind: str) -> dict[str, dict]:
    return {r["metadata"]["name"]: r for r in resources if r["kind"] == kind}


def _role(resource: dict) -> str:
    return resource["metadata"]["labels"]["app.kubernetes.io/component"]


def _kubernetes_validate():
    return pytest.importorskip("kubernetes_validate", reason="kubernetes-validate is not installed")


# The oldest Kubernetes still common in managed clusters, and the newest schema bundled.
KUBERNETES_VERSIONS = ("1.29.0", "latest")


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_builtin_resource_matches_the_kubernetes_schema(rendered: list[dict], version: str) -> None:
    kv = _kubernetes_validate()
    version = kv.latest_version() if version == "latest" else version
    builtin = [r for r in rendered if "keda.sh" not in r["apiVersion"]]
    assert len(builtin) >= 20
    for resource in builtin:
        kv.validate(resource, version, strict=True)  # raises ValidationError on any defect


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda d: d["spec"].update(replica=2), id="unknown-field-strict"),
        pytest.param(
            lambda d: d["spec"]["template"]["spec"]["containers"][0].update(ports=[{"containerPort": "http"}]),
            id="wrong-type",
        ),
        pytest.param(lambda d: d["spec"].pop("selector"), id="missing-required"),
    ],
)
def test_schema_validation_rejects_a_broken_deployment(example: list[dict], mutate) -> None:
    """The validator bites: one defect in a rendered Deployment fails it."""
    kv = _kubernetes_validate()
    broken = copy.deepcopy(_by_kind(example, "Deployment")["akhbar-api"])
    mutate(broken)
    with pytest.raises(kv.ValidationError):
        kv.validate(broken, kv.latest_version(), strict=True)


def test_deployments_run_the_expected_commands(rendered: list[dict]) -> None:
    deployments = _by_kind(rendered, "Deployment")
    assert {_role(d) for d in deployments.values()} == set(DEPLOYMENT_ROLES)
    for deployment in deployments.values():
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        assert normalise_command(container["command"]) == EXPECTED_COMMANDS[_role(deployment)]
    (job,) = _by_kind(rendered, "Job").values()
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["command"] == EXPECTED_COMMANDS["migrate"]


def test_pods_have_limits_probes_and_run_as_non_root(rendered: list[dict]) -> None:
    for deployment in _by_kind(rendered, "Deployment").values():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        (container,) = pod["containers"]
        resources = container["resources"]
        assert set(resources["requests"]) == set(resources["limits"]) == {"cpu", "memory"}
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        if _role(deployment) == "beat":
            # Nothing to probe (no port, no control channel); see deploy/base/beat.yaml.
            assert "livenessProbe" not in container
        else:
            assert {"livenessProbe", "readinessProbe"} <= set(container), _role(deployment)
        if _role(deployment) in ("fetch", "process", "feeds", "maintenance"):
            assert container["ports"] == [{"name": "metrics", "containerPort": 9808}]
            # Warm shutdown outlasts the 90 s hard task limit.
            assert pod["terminationGracePeriodSeconds"] > 90
            expected_env = [{"name": "PROMETHEUS_MULTIPROC_DIR", "value": "/tmp/prometheus"}]
            if _role(deployment) == "fetch":  # sixteen threads, two malloc arenas (docs/benchmark.md)
                expected_env.append({"name": "MALLOC_ARENA_MAX", "value": "2"})
                expected_env.append({"name": "MALLOC_MMAP_THRESHOLD_", "value": "131072"})
            assert container["env"] == expected_env
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            volumes = {v["name"]: v for v in pod["volumes"]}
            assert volumes[mounts["/tmp/prometheus"]]["emptyDir"]["medium"] == "Memory"
        else:
            assert "env" not in container  # multiprocess mode only where prefork needs it


def test_beat_is_a_single_replica_recreated_never_surged(rendered: list[dict]) -> None:
    beat = _by_kind(rendered, "Deployment")["akhbar-beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    assert all(
        so["spec"]["scaleTargetRef"]["name"] != "akhbar-beat" for so in _by_kind(rendered, "ScaledObject").values()
    )


def test_pod_disruption_budgets_select_running_deployments(rendered: list[dict]) -> None:
    deployments = _by_kind(rendered, "Deployment")
    pdbs = _by_kind(rendered, "PodDisruptionBudget")
    covered = set()
    for pdb in pdbs.values():
        selector = pdb["spec"]["selector"]["matchLabels"]
        matches = [
            name
            for name, d in deployments.items()
            if selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert len(matches) == 1, pdb["metadata"]["name"]
        covered.update(matches)
    assert {"akhbar-api", "akhbar-fetch", "akhbar-process"} <= covered
    assert "akhbar-beat" not in covered


def test_keda_scales_fetch_and_process_on_their_redis_lists(rendered: list[dict]) -> None:
    deployments = _by_kind(rendered, "Deployment")
    auths = _by_kind(rendered, "TriggerAuthentication")
    secrets = _by_kind(rendered, "Secret")
    scaled = _by_kind(rendered, "ScaledObject")
    assert {so["spec"]["scaleTargetRef"]["name"] for so in scaled.values()} == {
        "akhbar-fetch",
        "akhbar-process",
    }
    for so in scaled.values():
        assert so["apiVersion"] == "keda.sh/v1alpha1"
        target = deployments[so["spec"]["scaleTargetRef"]["name"]]
        assert "replicas" not in target["spec"]  # KEDA owns the count
        assert 1 <= so["spec"]["minReplicaCount"] < so["spec"]["maxReplicaCount"]
        (trigger,) = so["spec"]["triggers"]
        assert trigger["type"] == "redis"
        assert trigger["metadata"]["listName"] == _role(target)
        assert int(trigger["metadata"]["listLength"]) > 0
        assert trigger["metadata"]["databaseIndex"] == "0"
        auth = auths[trigger["authenticationRef"]["name"]]
        assert {ref["parameter"] for ref in auth["spec"]["secretTargetRef"]} == {"address", "password"}
        for ref in auth["spec"]["secretTargetRef"]:
            if secrets:  # the overlay generates them; the base only names them
                assert ref["key"] in secrets[ref["name"]]["data"]


def test_example_overlay_runs_three_fetch_and_two_process_workers(example: list[dict]) -> None:
    scaled = _by_kind(example, "ScaledObject")
    assert scaled["akhbar-fetch"]["spec"]["minReplicaCount"] == 3
    assert scaled["akhbar-process"]["spec"]["minReplicaCount"] == 2
    for name in ("akhbar-fetch", "akhbar-process"):
        pod = _by_kind(example, "Deployment")[name]["spec"]["template"]["spec"]
        (spread,) = pod["topologySpreadConstraints"]
        assert spread["topologyKey"] == "kubernetes.io/hostname"


def test_backends_are_external_and_configured_from_secrets(example: list[dict]) -> None:
    services = _by_kind(example, "Service")
    for name in ("akhbar-postgres", "akhbar-redis"):
        assert services[name]["spec"]["type"] == "ExternalName"
        assert services[name]["spec"]["externalName"].endswith(".example.internal")
    secrets = _by_kind(example, "Secret")
    configmaps = _by_kind(example, "ConfigMap")
    for deployment in _by_kind(example, "Deployment").values():
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        refs = container["envFrom"]
        assert refs[0]["configMapRef"]["name"] in configmaps
        app_secret = secrets[refs[1]["secretRef"]["name"]]
        keys = set(app_secret["data"])
        assert {"AKHBAR_DATABASE_URL", "AKHBAR_REDIS_URL", "AKHBAR_FLOWER_PASSWORD"} <= keys
    (config,) = configmaps.values()
    assert config["data"]["AKHBAR_ENVIRONMENT"] not in ("", "local")  # default secrets refused
    assert config["data"]["AKHBAR_METRICS_HOST"] == "0.0.0.0"  # probes and Prometheus reach it
    assert config["data"]["AKHBAR_METRICS_PORT"] == "9808"
    assert not any(SECRET_WORDS.search(k) for k in config["data"])


def test_example_secrets_hold_placeholders_only(example: list[dict]) -> None:
    secrets = _by_kind(example, "Secret")
    assert len(secrets) == 2
    for secret in secrets.values():
        for key, encoded in secret["data"].items():
            value = base64.b64decode(encoded).decode()
            if SECRET_WORDS.search(key):
                assert value == PLACEHOLDER, key
            for match in re.finditer(r"://[^:/@\s]*:([^@\s]+)@", value):
                assert match.group(1) == PLACEHOLDER, key


def test_flower_and_api_services_point_at_their_pods(rendered: list[dict]) -> None:
    services = _by_kind(rendered, "Service")
    assert services["akhbar-flower"]["spec"]["type"] == "ClusterIP"  # reach it by port-forward
    assert services["akhbar-flower"]["spec"]["ports"][0]["port"] == 5555
    assert services["akhbar-api"]["spec"]["ports"][0]["port"] == 8000
    for name in ("akhbar-fetch-metrics", "akhbar-process-metrics"):
        assert services[name]["spec"]["clusterIP"] == "None"


# --- Grafana dashboard -------------------------------------------------------------

DASHBOARD = DEPLOY / "grafana" / "akhbar-dashboard.json"
GROUPING = re.compile(r"\b(?:by|without)\s*\(([^)]*)\)")
SELECTOR = re.compile(r"(akhbar_\w+)\s*\{([^}]*)\}")


def _exprs() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    panels = [p for p in dashboard["panels"] if p["type"] != "row"]
    assert len({p["id"] for p in dashboard["panels"]}) == len(dashboard["panels"])
    return [t["expr"] for p in panels for t in p["targets"]]


def test_dashboard_queries_only_exported_metrics_and_all_of_them() -> None:
    known = series_names()
    used_families = set()
    for expr in _exprs():
        names = re.findall(r"\bakhbar_\w+", expr)
        assert names, expr
        for name in names:
            assert name in known, f"{name} is not an exported series ({expr})"
            used_families.add(known[name])
    assert used_families == set(METRICS)


def test_dashboard_groups_and_filters_only_on_exported_labels() -> None:
    known = series_names()
    for expr in _exprs():
        families = {known[n] for n in re.findall(r"\bakhbar_\w+", expr)}
        allowed = set().union(*(METRICS[f][1] for f in families))
        if any(n.endswith("_bucket") for n in re.findall(r"\bakhbar_\w+", expr)):
            allowed.add("le")
        for group in GROUPING.findall(expr):
            assert {g.strip() for g in group.split(",") if g.strip()} <= allowed, expr
        for name, matchers in SELECTOR.findall(expr):
            labels = {m.split("=")[0].rstrip("!~").strip() for m in matchers.split(",") if m.strip()}
            assert labels <= METRICS[known[name]][1], expr


def test_the_dashboard_metric_list_matches_what_the_code_defines() -> None:
    """The contract list above is not a wish: each family exists in the code, same type and labels."""
    defined = metrics_in_code()
    for family, (kind, labels) in METRICS.items():
        assert family in defined, f"{family} is not defined in workers/metrics.py or api/metrics.py"
        assert defined[family] == (kind, labels), family


def test_every_pod_meets_the_restricted_pod_security_standard(example: list[dict]) -> None:
    """The example Namespace enforces `restricted`; a pod that breaks it would never start."""
    (namespace,) = _by_kind(example, "Namespace").values()
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    templates = [r["spec"]["template"]["spec"] for r in example if r["kind"] in ("Deployment", "Job")]
    assert len(templates) == len(DEPLOYMENT_ROLES) + 1
    for pod in templates:
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] != 0
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert all(set(volume) <= {"name", "emptyDir"} for volume in pod["volumes"])  # no hostPath
        for container in pod["containers"]:
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"] == {"drop": ["ALL"]}
            assert "ports" not in container or all(p["containerPort"] > 1024 for p in container["ports"])


def test_dashboard_is_importable_and_laid_out_on_the_grid() -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    assert dashboard["uid"] == "akhbar-overview"
    assert [v["name"] for v in dashboard["templating"]["list"]] == ["datasource"]
    for panel in dashboard["panels"]:
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24, panel["title"]
        if panel["type"] != "row":
            assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
            assert all(t["datasource"] == panel["datasource"] for t in panel["targets"])
