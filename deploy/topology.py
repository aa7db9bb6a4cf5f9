"""The distributed deployment as data: which Airflow services run, with which command, configuration and health
check. docker-compose.yml runs them as containers, the distributed test (deploy/cluster.py) as local processes;
tests/deploy/test_compose.py checks that the compose file says exactly what this module says.

One writer host, many extract hosts: the worker `airflow-worker-writer` serves the writer queue (every task that
opens a DuckDB file, the warehouse on its local disk) and the extract queue; the scalable `airflow-worker`s serve
the extract queue only. Batch files and reports travel over shared storage as plain files (GOV_REPORTS_SHARED_DIR,
GOV_REPORTS_INPUT); the DuckDB file never does.

No Airflow import here: the static checks read this module without starting anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
ENV_FILE = DEPLOY / "airflow.env"  # the configuration every Airflow process shares
INIT_SCRIPT = DEPLOY / "init.sh"  # airflow-init: folders, migration, pool, admin user

# the services' versions: Debian bookworm's packages, which the test runs, and the compose file's images
POSTGRES_MAJOR = 15
REDIS_MAJOR = 7
POSTGRES_IMAGE = f"postgres:{POSTGRES_MAJOR}-bookworm"
REDIS_IMAGE = f"redis:{REDIS_MAJOR}.0-bookworm"

# ports inside a container (compose) and their configuration keys (the test picks free ones on the loopback)
API_PORT = 8080  # [api] port
SCHEDULER_HEALTH_PORT = 8974  # [scheduler] scheduler_health_check_server_port
WORKER_LOG_PORT = 8793  # [logging] worker_log_server_port
TRIGGER_LOG_PORT = 8794  # [logging] trigger_log_server_port

# what differs per deployment: addresses, secrets, paths (set by docker-compose.yml and .env for containers, by
# deploy/cluster.py for the local processes), never in airflow.env
DEPLOYMENT_KEYS = frozenset({
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
    "AIRFLOW__CELERY__RESULT_BACKEND",
    "AIRFLOW__CELERY__BROKER_URL",
    "AIRFLOW__CORE__EXECUTION_API_SERVER_URL",
    "AIRFLOW__CORE__FERNET_KEY",
    "AIRFLOW__API_AUTH__JWT_SECRET",
    "AIRFLOW__API__SECRET_KEY",
    "AIRFLOW__CORE__DAGS_FOLDER",
    "GOV_REPORTS_HOME",
    "GOV_REPORTS_INPUT",
    "GOV_REPORTS_WAREHOUSE",
    "GOV_REPORTS_SHARED_DIR",
    "GOV_REPORTS_SCHEDULE",
})
# what only the local processes need (several services on one host: a port each; no container sets HOME for them)
LOCAL_KEYS = frozenset({
    "AIRFLOW_HOME",
    "PYTHONPATH",
    "HOSTNAME",
    "AIRFLOW__API__HOST",
    "AIRFLOW__API__PORT",
    "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT",
    "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT",
    "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT",
})
# what only containers need (the official image's entrypoint)
CONTAINER_KEYS = frozenset({"DUMB_INIT_SETSID"})


def shared_env(path: Path = ENV_FILE) -> dict[str, str]:
    """The KEY=value lines of airflow.env (comments and blank lines skipped), as docker compose reads them."""
    env: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, sep, value = line.partition("=")
            if not sep:
                raise ValueError(f"{path}: not KEY=value: {line!r}")
            env[key.strip()] = value.strip()
    return env


@dataclass(frozen=True)
class Service:
    """One Airflow service: a container in compose, a process in the test."""

    name: str  # the compose service, and the host name of its process in the test
    command: tuple[str, ...]  # the arguments of `airflow` (the image's entrypoint runs `airflow <command>`)
    healthcheck: tuple[str, ...]  # the compose healthcheck's `test`, which the test runs too
    writer: bool = False  # holds the warehouse on its local disk


def _celery_ping() -> tuple[str, ...]:
    return ("CMD-SHELL", 'celery --app airflow.providers.celery.executors.celery_executor.app inspect ping '
                         '-d "celery@$${HOSTNAME}"')


def services(env: dict[str, str] | None = None) -> list[Service]:
    """The long-running Airflow services, in start order (the API server first: workers talk to it)."""
    env = env or shared_env()
    writer_queue, extract_queue = env["GOV_REPORTS_WRITER_QUEUE"], env["GOV_REPORTS_EXTRACT_QUEUE"]
    return [
        Service("airflow-apiserver", ("api-server",),
                ("CMD", "curl", "--fail", f"http://localhost:{API_PORT}/api/v2/version")),
        Service("airflow-scheduler", ("scheduler",),
                ("CMD", "curl", "--fail", f"http://localhost:{SCHEDULER_HEALTH_PORT}/health")),
        Service("airflow-dag-processor", ("dag-processor",),
                ("CMD-SHELL", 'airflow jobs check --job-type DagProcessorJob --hostname "$${HOSTNAME}"')),
        Service("airflow-triggerer", ("triggerer",),
                ("CMD-SHELL", 'airflow jobs check --job-type TriggererJob --hostname "$${HOSTNAME}"')),
        # the writer: one slot (the writer tasks run one after another anyway); it takes extract batches too
        Service("airflow-worker-writer",
                ("celery", "worker", "--queues", f"{writer_queue},{extract_queue}", "--concurrency", "1"),
                _celery_ping(), writer=True),
        # an extract host: one extract task per slot, each in one process (GOV_REPORTS_EXTRACT_WORKERS=1);
        # scale with `docker compose up --scale airflow-worker=N`, size --concurrency to the host's cores
        Service("airflow-worker", ("celery", "worker", "--queues", extract_queue, "--concurrency", "2"),
                _celery_ping()),
    ]


def service(name: str) -> Service:
    return next(s for s in services() if s.name == name)
