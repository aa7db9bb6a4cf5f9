"""A small client of Airflow's REST API v2, with its JWT authentication: what an operator's script (or the
distributed test) does to trigger and follow runs. Standard library only (urllib).

The token comes from the auth manager's `POST /auth/token` (the FAB auth manager's, as deployed: user name and
password of a user of the metadata database) and is sent as `Authorization: Bearer …` on every call.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

FINISHED = {"success", "failed"}


class APIError(RuntimeError):
    """A call that the API server answered with an error status."""


class AirflowAPI:
    """Calls to one API server as one user."""

    def __init__(self, base_url: str, username: str, password: str, timeout: float = 30) -> None:
        self.base_url = base_url.rstrip("/")
        self.username = username
        self.password = password
        self.timeout = timeout
        self._token: str | None = None

    def token(self) -> str:
        """A JWT access token for the user (fetched once, kept)."""
        if self._token is None:
            answer = self._call("POST", "/auth/token", {"username": self.username, "password": self.password},
                                auth=False)
            self._token = answer["access_token"]
        return self._token

    def _call(self, method: str, path: str, body: dict | None = None, auth: bool = True) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base_url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        req.add_header("Accept", "application/json")
        if auth:
            req.add_header("Authorization", f"Bearer {self.token()}")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            raise APIError(f"{method} {path}: {exc.code} {exc.read()[:500]!r}") from None
        return json.loads(raw) if raw else None

    def get(self, path: str, **query: Any) -> Any:
        qs = urllib.parse.urlencode({k: v for k, v in query.items() if v is not None}, doseq=True)
        return self._call("GET", path + (f"?{qs}" if qs else ""))

    def post(self, path: str, body: dict) -> Any:
        return self._call("POST", path, body)

    def patch(self, path: str, body: dict) -> Any:
        return self._call("PATCH", path, body)

    # DAGs and runs

    def wait_for_dags(self, dag_ids: list[str], timeout: float = 300) -> None:
        """Until the dag-processor has parsed every DAG of `dag_ids` (an import error fails at once)."""
        deadline = time.monotonic() + timeout
        while True:
            errors = self.get("/api/v2/importErrors").get("import_errors", [])
            if errors:
                raise APIError(f"DAG import errors: {errors}")
            known = {d["dag_id"] for d in self.get("/api/v2/dags", limit=100).get("dags", [])}
            if set(dag_ids) <= known:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"DAGs {sorted(set(dag_ids) - known)} not parsed within {timeout}s")
            time.sleep(2)

    def unpause(self, dag_id: str) -> None:
        self.patch(f"/api/v2/dags/{dag_id}", {"is_paused": False})

    def trigger(self, dag_id: str, conf: dict | None = None) -> str:
        """A manual run now (no logical date); its run id."""
        run = self.post(f"/api/v2/dags/{dag_id}/dagRuns", {"logical_date": None, "conf": conf or {}})
        return run["dag_run_id"]

    def run(self, dag_id: str, run_id: str) -> dict:
        return self.get(f"/api/v2/dags/{dag_id}/dagRuns/{urllib.parse.quote(run_id, safe='')}")

    def runs(self, dag_id: str, **query: Any) -> list[dict]:
        return self.get(f"/api/v2/dags/{dag_id}/dagRuns", limit=100, **query)["dag_runs"]

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float = 900, poll: float = 3) -> dict:
        """The run once it has finished (success or failed)."""
        deadline = time.monotonic() + timeout
        while True:
            run = self.run(dag_id, run_id)
            if run["state"] in FINISHED:
                return run
            if time.monotonic() > deadline:
                raise TimeoutError(f"{dag_id} run {run_id} still {run['state']} after {timeout}s")
            time.sleep(poll)

    def task_instances(self, dag_id: str, run_id: str) -> list[dict]:
        path = f"/api/v2/dags/{dag_id}/dagRuns/{urllib.parse.quote(run_id, safe='')}/taskInstances"
        return self.get(path, limit=100)["task_instances"]

    def asset_events(self, **query: Any) -> list[dict]:
        return self.get("/api/v2/assets/events", limit=100, **query)["asset_events"]
