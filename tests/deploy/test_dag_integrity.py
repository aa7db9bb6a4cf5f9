"""DAG integrity: every DAG imports fast, without heavy work or database access, and is documented."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DAGS = sorted((ROOT / "dags").glob("*.py"))

# imports the DAG file in a fresh interpreter and counts the SQL statements sent to any database while the
# module runs (there must be none); reports the import time of the DAG module alone (Airflow imported first)
PROBE = r"""
import importlib.util, json, sys, time
import airflow.sdk  # noqa: F401  (Airflow's own import time is not the DAG's)
from sqlalchemy import event
from sqlalchemy.engine import Engine
statements = []
event.listen(Engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
path = sys.argv[1]
t0 = time.perf_counter()
spec = importlib.util.spec_from_file_location("dag_under_test", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
elapsed = time.perf_counter() - t0
during_import = list(statements)
from airflow.sdk import DAG
dags = [v for v in vars(module).values() if isinstance(v, DAG)]
out = []
for d in dags:
    out.append({
        "dag_id": d.dag_id,
        "doc_md": bool(d.doc_md),
        "tasks": [{"task_id": t.task_id, "owner": t.owner, "retries": t.retries,
                   "doc": bool(t.doc_md or t.doc), "timeout": t.execution_timeout is not None,
                   "kind": type(t).__name__} for t in d.tasks],
        "max_active_runs": d.max_active_runs,
        "catchup": d.catchup,
    })
print("RESULT" + json.dumps({"seconds": elapsed, "dags": out, "sql": during_import}))
"""


def _probe(path: Path, tmp_path: Path) -> dict:
    env = dict(os.environ)
    home = tmp_path / "airflow_home_without_db"
    home.mkdir()
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "PYTHONPATH": str(ROOT),
        "GOV_REPORTS_HOME": str(ROOT),
    })
    proc = subprocess.run([sys.executable, "-c", PROBE, str(path)], env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT"))
    return json.loads(line[len("RESULT"):])


@pytest.fixture(scope="module", params=DAGS, ids=[p.name for p in DAGS])
def probed(request, tmp_path_factory):
    return _probe(request.param, tmp_path_factory.mktemp("probe"))


def test_imports_without_error_in_under_two_seconds(probed):
    assert probed["dags"], "the file defines no DAG"
    assert probed["seconds"] < 2.0, f"DAG import took {probed['seconds']:.2f}s"


def test_dags_are_documented_and_safe_to_schedule(probed):
    for dag in probed["dags"]:
        assert dag["doc_md"], dag["dag_id"]
        assert dag["catchup"] is False, dag["dag_id"]
        assert dag["max_active_runs"] == 1, "one writer of the warehouse at a time"


def test_every_task_has_an_owner_retries_docs_and_a_timeout(probed):
    for dag in probed["dags"]:
        for task in dag["tasks"]:
            assert task["owner"] and task["owner"] != "airflow", task
            assert task["retries"] >= 1, task
            assert task["timeout"], task
            assert task["doc"], task


def test_import_does_no_database_access(probed):
    assert probed["sql"] == [], f"SQL at import time: {probed['sql'][:3]}"


def test_the_probe_sees_database_access(tmp_path):
    """The probe itself can fail: a DAG file that reads a Variable at import is caught."""
    bad = tmp_path / "bad_dag.py"
    bad.write_text(
        "from airflow.models import Variable\n"
        "from airflow.sdk import DAG\n"
        "Variable.get('input_dir', default_var=None)\n"
        "dag = DAG('bad', doc_md='x')\n", encoding="utf-8")
    assert _probe(bad, tmp_path)["sql"]


def test_publish_updates_the_warehouse_asset_and_the_export_dag_is_scheduled_on_it():
    """Outputs as assets: what publish announces is what the Parquet export (and any downstream DAG) waits for."""
    import importlib.util

    def load(name):
        spec = importlib.util.spec_from_file_location(name, ROOT / "dags" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    pipeline, export = load("gov_reports"), load("gov_reports_export")
    publish = pipeline.dag.get_task("publish")
    assert [o.uri for o in publish.outlets] == [pipeline.WAREHOUSE_ASSET.uri]
    assert export.WAREHOUSE_ASSET == pipeline.WAREHOUSE_ASSET
    assert [a.uri for a in export.dag.timetable.asset_condition.objects] == [pipeline.WAREHOUSE_ASSET.uri]
