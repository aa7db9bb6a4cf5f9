"""Where tasks run (ingest/placement.py) and where batch files go (GOV_REPORTS_SHARED_DIR): from the environment,
with defaults that leave `make run` as it was. The DAG files are parsed for real, in a fresh interpreter each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.config import resolve

ROOT = Path(__file__).resolve().parents[2]
PLACEMENT_ENV = ("GOV_REPORTS_WRITER_QUEUE", "GOV_REPORTS_EXTRACT_QUEUE", "GOV_REPORTS_WRITER_POOL",
                 "AIRFLOW__OPERATORS__DEFAULT_QUEUE")

PROBE = r"""
import importlib.util, json, sys
out = {}
for path in sys.argv[1:]:
    spec = importlib.util.spec_from_file_location("dag_" + str(len(out)), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out[module.dag.dag_id] = {t.task_id: [t.queue, t.pool] for t in module.dag.tasks}
print("RESULT" + json.dumps(out))
"""


def _placement(tmp_path: Path, **env: str) -> dict[str, dict[str, list[str]]]:
    clean = {k: v for k, v in os.environ.items() if k not in PLACEMENT_ENV}
    clean.update({"AIRFLOW_HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "GOV_REPORTS_HOME": str(ROOT),
                  "AIRFLOW__CORE__LOAD_EXAMPLES": "False", **env})
    dags = [str(ROOT / "dags" / f"{name}.py") for name in ("gov_reports", "gov_reports_inbox", "gov_reports_export")]
    proc = subprocess.run([sys.executable, "-c", PROBE, *dags], env=clean, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(next(ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT"))[len("RESULT"):])


def test_unset_everything_runs_on_airflows_default_queue_and_pool(tmp_path):
    """`make run` and a LocalExecutor: one host, queues ignored, the pool Airflow always has."""
    placed = _placement(tmp_path)
    assert {tuple(qp) for dag in placed.values() for qp in dag.values()} == {("default", "default_pool")}


def test_configured_the_writer_queue_takes_every_duckdb_task_and_extract_fans_out(tmp_path):
    placed = _placement(tmp_path, GOV_REPORTS_WRITER_QUEUE="duckdb_writer", GOV_REPORTS_EXTRACT_QUEUE="extract",
                        GOV_REPORTS_WRITER_POOL="duckdb_writer")
    pipeline = placed["gov_reports"]
    assert pipeline.pop("extract") == ["extract", "default_pool"]
    assert {task: queue for task, (queue, _) in pipeline.items()} == dict.fromkeys(pipeline, "duckdb_writer")
    assert {task for task, (_, pool) in pipeline.items() if pool == "duckdb_writer"} == {
        "load_raw", "dbt_build", "validate", "publish"}
    # the watcher's sensor and the export read the published warehouse: on the writer too
    assert placed["gov_reports_inbox_watch"]["new_reports"][0] == "duckdb_writer"
    assert placed["gov_reports_inbox_watch"]["announce"][0] == "default"
    assert placed["gov_reports_export"]["export_parquet"][0] == "duckdb_writer"


def test_an_airflow_default_queue_of_its_own_is_the_default(tmp_path):
    placed = _placement(tmp_path, AIRFLOW__OPERATORS__DEFAULT_QUEUE="everything")
    assert {qp[0] for qp in placed["gov_reports"].values()} == {"everything"}


@pytest.fixture()
def no_shared_dir(monkeypatch):
    monkeypatch.delenv("GOV_REPORTS_SHARED_DIR", raising=False)


def test_batch_files_go_beside_the_warehouse_by_default(tmp_path, no_shared_dir):
    cfg = resolve({"warehouse": str(tmp_path / "wh" / "w.duckdb")}, "run 1")
    assert Path(cfg.staging_dir) == tmp_path / "wh" / ".w.work" / "batches" / "run_1"
    assert Path(cfg.build_path).parent == Path(cfg.staging_dir).parents[1]


def test_a_shared_dir_takes_the_batch_files_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.setenv("GOV_REPORTS_SHARED_DIR", str(tmp_path / "nfs"))
    cfg = resolve({"warehouse": str(tmp_path / "local" / "w.duckdb")}, "run")
    assert Path(cfg.staging_dir) == tmp_path / "nfs" / ".w.work" / "batches" / "run"
    for local in (cfg.build_path, cfg.dbt_target_dir, cfg.site_build_dir, cfg.site_dir):  # the writer's disk
        assert Path(local).is_relative_to(tmp_path / "local"), local


def test_a_variable_names_the_shared_dir_too(tmp_path, no_shared_dir):
    cfg = resolve({"warehouse": str(tmp_path / "w.duckdb")}, "run",
                  {"gov_reports_shared_dir": str(tmp_path / "shared")}.get)
    assert Path(cfg.staging_dir).is_relative_to(tmp_path / "shared")
