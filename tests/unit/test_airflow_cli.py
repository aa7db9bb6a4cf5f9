"""ingest.runtime.airflow_cli: Airflow's command in this process, with the garbage collector set for one run."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.runtime import airflow_cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def restore_gc():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_tune_gc_freezes_what_is_alive_and_collects_young_objects_less_often(restore_gc):
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    airflow_cli.tune_gc()
    assert gc.get_freeze_count() > 1000  # this process's modules, pytest's objects …
    assert gc.get_threshold()[0] == airflow_cli.GEN0_THRESHOLD


def test_nothing_is_left_for_the_collections_at_exit(restore_gc):
    gc.unfreeze()
    garbage_free_objects = [[i] for i in range(1000)]
    airflow_cli.freeze_before_exit()
    assert gc.get_freeze_count() >= len(garbage_free_objects)
    assert gc.get_count()[0] == 0


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "AIRFLOW_HOME": str(ROOT / ".airflow"), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
           "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "ingest.runtime.airflow_cli", *args], capture_output=True, text=True,
                          env=env, timeout=300, cwd=ROOT)


def test_runs_airflows_command_and_passes_its_exit_status():
    import airflow

    done = _run("version")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == airflow.__version__
    bad = _run("no-such-command")
    assert bad.returncode != 0
