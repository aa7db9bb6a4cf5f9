"""Integration fixtures: real `airflow dags test` runs of the gov_reports DAG (SQLite metadata DB)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pipeline_helpers import ROOT, SEEDS, run_pipeline


@pytest.fixture(scope="session")
def airflow_env(tmp_path_factory) -> dict[str, str]:
    """An embedded Airflow home of its own (SQLite), migrated once per test session."""
    home = tmp_path_factory.mktemp("airflow_home")
    env = dict(os.environ)
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__OPENLINEAGE__DISABLED": "True",
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "False",
        "GOV_REPORTS_HOME": str(ROOT),
        "PYTHONPATH": str(ROOT),
    })
    airflow = str(Path(sys.executable).with_name("airflow"))
    subprocess.run([airflow, "db", "migrate"], env=env, check=True, capture_output=True, timeout=600)
    return env


@pytest.fixture(scope="session")
def seeds_run(airflow_env, tmp_path_factory):
    """One full run on seeds/ (batch size 2, so extraction is mapped over 3 batches)."""
    warehouse = tmp_path_factory.mktemp("wh") / "gov_reports.duckdb"
    proc = run_pipeline(airflow_env, SEEDS, warehouse, "--batch-size", "2")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    summary = json.loads(warehouse.with_name("gov_reports.last_run.json").read_text(encoding="utf-8"))
    return {"warehouse": warehouse, "stdout": proc.stdout, "summary": summary}


@pytest.fixture()
def copy_of(tmp_path):
    def _copy(path: Path) -> Path:
        dst = tmp_path / path.name
        shutil.copyfile(path, dst)
        return dst
    return _copy
