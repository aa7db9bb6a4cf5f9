"""The distributed deployment on one machine, for real: PostgreSQL (metadata database) and Redis (Celery broker)
from Debian's packages, then `deploy/init.sh` and every Airflow service of deploy/topology.py — api-server,
scheduler, dag-processor, triggerer, the writer's Celery worker and an extract worker — as separate processes.

Each Airflow service runs with the configuration docker compose gives its container (deploy/airflow.env, plus
this deployment's addresses, secrets and paths) and a host name of its own (a UTS namespace: `unshare --uts`), so
Airflow records on which "host" each task ran, as it would on separate machines. Several services share the
loopback here, so each listening service gets a free port through its configuration key (topology.LOCAL_KEYS).

The folders stand for the hosts' disks: `inbox/` and `shared/` are the shared storage every worker sees,
`writer/warehouse/` the writer's local disk, `airflow/` the Airflow home (logs) of all.

Every process is started in a session of its own and stopped by its PID (its process group: the worker's task
processes with it), in the reverse order, when the cluster is closed — also when starting it failed.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from deploy import topology
from deploy.api import AirflowAPI
from deploy.topology import Service

ADMIN = "admin"
DB_USER = DB_NAME = "airflow"


def free_port() -> int:
    """A TCP port free on the loopback now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin() -> Path:
    """The folder of Debian's PostgreSQL server programs (initdb, postgres, pg_isready)."""
    folder = Path(f"/usr/lib/postgresql/{topology.POSTGRES_MAJOR}/bin")
    if (folder / "postgres").is_file():
        return folder
    found = shutil.which("postgres")
    if not found:
        raise FileNotFoundError(f"PostgreSQL {topology.POSTGRES_MAJOR} is missing: `make services` installs "
                                "Debian's postgresql package")
    return Path(found).resolve().parent


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class Ports:
    """The loopback ports of this cluster's listening services."""

    postgres: int = field(default_factory=free_port)
    redis: int = field(default_factory=free_port)
    api: int = field(default_factory=free_port)
    scheduler_health: int = field(default_factory=free_port)
    trigger_logs: int = field(default_factory=free_port)
    worker_logs: dict[str, int] = field(default_factory=dict)

    def worker_log(self, name: str) -> int:
        return self.worker_logs.setdefault(name, free_port())


class LocalCluster:
    """Start with `start()` or `with LocalCluster(base) as cluster:`; `stop()` ends every process it started."""

    def __init__(self, base: Path, bin_dir: Path | None = None) -> None:
        self.base = Path(base).resolve()
        self.bin = Path(bin_dir or Path(sys.executable).parent)
        self.ports = Ports()
        self.services = topology.services()
        self.admin_password = secrets.token_urlsafe(12)
        self._db_password = secrets.token_urlsafe(12)
        self._secrets = {
            "AIRFLOW__CORE__FERNET_KEY": _fernet_key(),
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
            "AIRFLOW__API__SECRET_KEY": secrets.token_urlsafe(32),
        }
        self.procs: dict[str, subprocess.Popen] = {}  # name → process, in start order
        self.logs = self.base / "logs"
        self._pg_dir: Path | None = None
        self.timings: dict[str, float] = {}

    # the folders standing for the hosts' disks

    @property
    def inbox(self) -> Path:
        return self.base / "inbox"  # shared storage: the reports

    @property
    def shared(self) -> Path:
        return self.base / "shared"  # shared storage: the extract tasks' batch files

    @property
    def warehouse(self) -> Path:
        return self.base / "writer" / "warehouse" / "gov_reports.duckdb"  # the writer's local disk

    @property
    def airflow_home(self) -> Path:
        return self.base / "airflow"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.api}"

    def api(self) -> AirflowAPI:
        return AirflowAPI(self.api_url, ADMIN, self.admin_password)

    # configuration

    def deployment_env(self) -> dict[str, str]:
        """This deployment's addresses, secrets and paths (topology.DEPLOYMENT_KEYS)."""
        db = f"{DB_USER}:{self._db_password}@127.0.0.1:{self.ports.postgres}/{DB_NAME}"
        env = {
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg2://{db}",
            "AIRFLOW__CELERY__RESULT_BACKEND": f"db+postgresql://{db}",
            "AIRFLOW__CELERY__BROKER_URL": f"redis://:@127.0.0.1:{self.ports.redis}/0",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.api_url}/execution/",
            **self._secrets,
            "AIRFLOW__CORE__DAGS_FOLDER": str(topology.ROOT / "dags"),
            "GOV_REPORTS_HOME": str(topology.ROOT),
            "GOV_REPORTS_INPUT": str(self.inbox),
            "GOV_REPORTS_WAREHOUSE": str(self.warehouse),
            "GOV_REPORTS_SHARED_DIR": str(self.shared),
            "GOV_REPORTS_SCHEDULE": _daily_far_from_now(),
        }
        assert set(env) == topology.DEPLOYMENT_KEYS
        return env

    def local_env(self, svc: Service | None) -> dict[str, str]:
        """What several services on one host need (topology.LOCAL_KEYS): a port each, a home, a host name."""
        env = {
            "AIRFLOW_HOME": str(self.airflow_home),
            "PYTHONPATH": str(topology.ROOT),
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(self.ports.api),
            "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT": str(self.ports.scheduler_health),
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(self.ports.trigger_logs),
        }
        if svc is not None:
            env["HOSTNAME"] = svc.name
            if svc.command[:2] == ("celery", "worker"):
                env["AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT"] = str(self.ports.worker_log(svc.name))
        assert set(env) <= topology.LOCAL_KEYS
        return env

    def configured_env(self, svc: Service | None = None) -> dict[str, str]:
        """What configures an Airflow process of this cluster: airflow.env, this deployment's keys, the local ones
        (the static checks compare it with the compose file's environment)."""
        return topology.shared_env() | self.deployment_env() | self.local_env(svc)

    def env(self, svc: Service | None = None) -> dict[str, str]:
        """The whole environment of an Airflow process: this machine's (less any Airflow or project setting of the
        caller's, e.g. `make`'s), then the configured one."""
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("AIRFLOW", "GOV_REPORTS_", "_AIRFLOW")) and k not in ("PYTHONPATH", "HOSTNAME")}
        base["PATH"] = f"{self.bin}{os.pathsep}{base.get('PATH', '')}"
        return base | self.configured_env(svc)

    # start and stop

    def __enter__(self) -> LocalCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """PostgreSQL, Redis, airflow-init, then every Airflow service; returns once all are healthy."""
        t0 = time.monotonic()
        atexit.register(self.stop)  # an interpreter that ends without closing the cluster still stops it
        for folder in (self.logs, self.base / "redis"):
            folder.mkdir(parents=True, exist_ok=True)
        self._start_postgres()
        self._start_redis()
        self.timings["databases"] = time.monotonic() - t0
        self._init()
        self.timings["init"] = time.monotonic() - t0 - self.timings["databases"]
        for svc in self.services:
            self._start_service(svc)
        self.wait_healthy()
        self.timings["start"] = time.monotonic() - t0

    def stop(self) -> None:
        """End every process this cluster started, by PID, newest first; remove PostgreSQL's data folder."""
        atexit.unregister(self.stop)
        for name in reversed(list(self.procs)):
            proc = self.procs.pop(name)
            if proc.poll() is not None:
                continue
            sig = signal.SIGINT if name == "postgres" else signal.SIGTERM  # PostgreSQL: fast shutdown
            try:
                os.killpg(proc.pid, sig)
                proc.wait(timeout=45)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)
        if self._pg_dir is not None:
            shutil.rmtree(self._pg_dir, ignore_errors=True)
            self._pg_dir = None

    def pids(self) -> dict[str, int]:
        return {name: proc.pid for name, proc in self.procs.items()}

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        try:
            proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True, **kwargs)
        finally:
            log.close()
        self.procs[name] = proc
        return proc

    def _check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited ({proc.returncode}):\n{_tail(self.logs / f'{name}.log')}")

    def _wait(self, what: str, ready: Callable[[], bool], timeout: float, every: float = 1.0) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            self._check_alive()
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what} not ready within {timeout}s")
            time.sleep(every)

    def _start_postgres(self) -> None:
        """A new PostgreSQL cluster owned by the `postgres` user (the server refuses to run as root), password
        authentication, listening on the loopback only; the database `airflow`."""
        pg = postgres_bin()
        as_root = os.geteuid() == 0
        # outside the caller's private temporary folders, which the postgres user could not enter
        self._pg_dir = Path(tempfile.mkdtemp(prefix="gov-reports-pg-"))
        pwfile = self._pg_dir / "password"
        pwfile.write_text(self._db_password + "\n", encoding="utf-8")
        user = {}
        if as_root:
            for p in (self._pg_dir, pwfile):
                shutil.chown(p, "postgres", "postgres")
            user = {"user": "postgres", "group": "postgres", "extra_groups": []}
        data = self._pg_dir / "data"
        subprocess.run([str(pg / "initdb"), "-D", str(data), "-U", DB_USER, f"--pwfile={pwfile}",
                        "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync"],
                       check=True, capture_output=True, timeout=120, cwd=self._pg_dir, **user)
        self._spawn("postgres", [str(pg / "postgres"), "-D", str(data), "-p", str(self.ports.postgres),
                                 "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self._pg_dir}"],
                    cwd=self._pg_dir, **user)
        ready = [str(pg / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.ports.postgres), "-U", DB_USER]
        self._wait("PostgreSQL", lambda: subprocess.run(ready).returncode == 0, timeout=60, every=0.5)
        env = dict(os.environ, PGPASSWORD=self._db_password)
        subprocess.run([str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(self.ports.postgres), "-U", DB_USER,
                        DB_NAME], check=True, capture_output=True, env=env, timeout=60)

    def _start_redis(self) -> None:
        redis = shutil.which("redis-server")
        if not redis:
            raise FileNotFoundError("redis-server is missing: `make services` installs Debian's redis-server package")
        self._spawn("redis", [redis, "--port", str(self.ports.redis), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", str(self.base / "redis")])
        ping = ["redis-cli", "-p", str(self.ports.redis), "ping"]
        self._wait("Redis", lambda: subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG",
                   timeout=30, every=0.3)

    def _init(self) -> None:
        """deploy/init.sh, as docker compose's airflow-init runs it."""
        env = self.env() | {"AIRFLOW_UID": "50000", "_AIRFLOW_WWW_USER_USERNAME": ADMIN,
                            "_AIRFLOW_WWW_USER_PASSWORD": self.admin_password}
        log = self.logs / "airflow-init.log"
        with log.open("wb") as fh:
            proc = subprocess.run(["bash", str(topology.INIT_SCRIPT)], env=env, stdout=fh, stderr=subprocess.STDOUT,
                                  timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"airflow-init failed ({proc.returncode}):\n{_tail(log)}")

    def _start_service(self, svc: Service) -> None:
        """`airflow <command>` with a host name of its own (unshare --uts: a new UTS namespace, as a container)."""
        argv = ["unshare", "--uts"] + ([] if os.geteuid() == 0 else ["--map-root-user"]) + [
            "sh", "-c", 'hostname "$0" && exec "$@"', svc.name, str(self.bin / "airflow"), *svc.command]
        self._spawn(svc.name, argv, env=self.env(svc), cwd=self.base)

    # health: the compose file's health checks, run against the local ports

    def healthcheck_argv(self, svc: Service) -> list[str]:
        """The service's compose health check as a command here (the container's ports become this cluster's)."""
        kind, *rest = svc.healthcheck
        cmd = [a.replace(f"localhost:{topology.API_PORT}", f"127.0.0.1:{self.ports.api}")
                .replace(f"localhost:{topology.SCHEDULER_HEALTH_PORT}", f"127.0.0.1:{self.ports.scheduler_health}")
                .replace("$$", "$") for a in rest]
        return cmd if kind == "CMD" else ["sh", "-c", cmd[0]]

    def healthy(self, svc: Service) -> bool:
        proc = subprocess.run(self.healthcheck_argv(svc), env=self.env(svc), capture_output=True, timeout=120)
        return proc.returncode == 0

    def wait_healthy(self, timeout: float = 300) -> None:
        """Every service's health check passes (HTTP checks first; the CLI checks, each an Airflow start, once the
        API server and the scheduler answer)."""
        http = [s for s in self.services if s.healthcheck[0] == "CMD"]
        cli = [s for s in self.services if s.healthcheck[0] != "CMD"]
        for svc in http + cli:
            self._wait(f"{svc.name} (health check)", lambda svc=svc: self.healthy(svc), timeout=timeout, every=2)


def _daily_far_from_now() -> str:
    """The daily backstop's time for this cluster: twelve hours away, so that no backstop run starts during a
    test (they start on the inbox asset and the REST API)."""
    later = time.gmtime(time.time() + 12 * 3600)
    return f"{later.tm_min} {later.tm_hour} * * *"


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()
