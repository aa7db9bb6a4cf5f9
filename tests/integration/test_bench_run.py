"""`make bench` on a tiny input: every benchmark script runs through the real DAG and writes its report."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from pipeline_helpers import ROOT

pytestmark = pytest.mark.integration


def test_the_whole_benchmark_runs_on_two_reports(airflow_env, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run_all", "--sizes", "2", "--runs", "1", "--extract-workers", "1",
         "--work", str(tmp_path / "work"), "--out", str(out)],
        cwd=ROOT, env=airflow_env, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (e2e,) = results["end_to_end"]
    assert (e2e["reports"], e2e["failed"]) == (2, 0)
    assert e2e["stages_s"]["dbt"] > 0 and e2e["stages_s"]["extraction"] > 0 and e2e["peak_rss_mb"] > 100
    assert results["incremental"]["reports"] == 3 and results["incremental"]["failed"] == 0
    # nothing new: the run ends before Airflow starts, and no older run's log is taken for its stages
    assert results["rerun"]["failed"] == 0 and results["rerun"]["stages_s"] == {}
    assert all(t["chars_per_s_per_core"] > 0 for t in results["extraction"])
    assert results["dag_import"]["parse_s"] > 0
    text = (out / "RESULTS.md").read_text(encoding="utf-8")
    assert "## Targets" in text and "| 2 | 1 |" in text and "it ends before Airflow starts" in text
    assert (out / "results.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")
