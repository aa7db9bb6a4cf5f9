"""The benchmark scripts run (on a tiny input; nothing here is timed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench import baseline, make_corpus, pipeline, report, run_all
from bench.extract_throughput import one_pass


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return [g.path for g in make_corpus.make_corpus(tmp_path_factory.mktemp("corpus"), 3)]


def test_extraction_pass_counts_every_character(corpus):
    result = one_pass(corpus[0].parent)
    assert result.files == 3
    assert result.chars == sum(len(make_corpus.decode(p.read_bytes())[0]) for p in corpus)
    assert result.seconds > 0 and result.chars_per_s_per_core > 0


LOG = """\
2026-01-01T10:00:02.000000Z [info ] [DAG TEST] starting task_id=prepare map_index=-1 [x]
2026-01-01T10:00:03.000000Z [info ] [DAG TEST] end task task_id=prepare map_index=-1 [x]
2026-01-01T10:00:03.500000Z [info ] [DAG TEST] starting task_id=extract map_index=0 [x]
2026-01-01T10:00:05.500000Z [info ] [DAG TEST] end task task_id=extract map_index=0 [x]
2026-01-01T10:00:05.500000Z [info ] [DAG TEST] starting task_id=extract map_index=1 [x]
2026-01-01T10:00:06.500000Z [info ] [DAG TEST] end task task_id=extract map_index=1 [x]
2026-01-01T10:00:07.000000Z [info ] [DAG TEST] starting task_id=dbt_build map_index=-1 [x]
2026-01-01T10:00:11.000000Z [info ] [DAG TEST] end task task_id=dbt_build map_index=-1 [x]
"""


def test_stage_times_from_the_airflow_log():
    start = pipeline._ts("2026-01-01T10:00:00.000000Z")
    stages, tasks = pipeline.stage_times(LOG, start)
    assert stages == {"airflow start": 2.0, "prepare/discover": 1.0, "extraction": 3.0, "dbt": 4.0}
    assert tasks == 4


def _results(wall_1000: float) -> dict:
    run = {"runs": 3, "peak_rss_mb": 900.0, "tasks": 70, "failed": 0, "stages_s": {"extraction": 10.0, "dbt": 50.0}}
    return {
        "machine": {"cpu": "test", "cores": 2, "ram_gb": 8, "python": "3.11", "os": "linux", "commit": "abc",
                    "date": "today", "load_avg_start": [0.1, 0.1, 0.1]},
        "sizes": [100, 1000], "runs": 3, "batch_size": 10,
        "extraction": [{"input": "seeds", "files": 5, "chars": 67512, "workers": 1, "median_s": 0.4,
                        "chars_per_s_per_core": 168780.0, "startup_s": 1.2, "runs": 3, "all_s": [0.4]}],
        "end_to_end": [{**run, "reports": 100, "wall_s": 60.0, "all_wall_s": [60.0]},
                       {**run, "reports": 1000, "wall_s": wall_1000, "all_wall_s": [wall_1000]}],
        "incremental": {**run, "base_reports": 1000, "reports": 1001, "wall_s": 25.0, "all_wall_s": [25.0]},
        "rerun": {**run, "base_reports": 1003, "reports": 1003, "wall_s": 21.5, "all_wall_s": [21.5]},
        "dag_import": {"runs": 3, "parse_s": 0.6, "airflow_import_s": 2.0, "all_parse_s": [0.6]},
    }


def test_targets_follow_the_measurements():
    ok = {t.name: t.holds for t in report.targets(_results(280.0))}
    assert all(ok.values())
    slow = {t.name: t.holds for t in report.targets(_results(700.0))}
    assert slow["1,000 reports end to end"] is False
    assert slow["cost 100 → 1,000 reports (wall-time ratio)"] is False


def test_report_writes_tables_and_plot(tmp_path):
    path = report.write(_results(280.0), tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "| 1000 | 3 | 280.0 | 0.28 | 900 | 70 |" in text
    assert "168,780" in text
    assert "median **21.5 s**" in text and "costs the difference: **3.5 s**" in text
    assert (tmp_path / report.PLOT).read_text(encoding="utf-8").lstrip().startswith("<svg")


@pytest.mark.parametrize(("files", "runner"), [
    (["ingest/runtime/run.py", "ingest/run.py"], "ingest.runtime.run"),  # today's layout
    (["ingest/run.py"], "ingest.run"),  # before ingest/ was split into rooms
])
def test_the_baseline_runner_is_the_one_its_code_has(tmp_path, files, runner):
    for f in files:
        (tmp_path / f).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f).write_text("", encoding="utf-8")
    assert baseline.runner_of(tmp_path) == runner


def test_a_tree_without_a_runner_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError):
        baseline.runner_of(tmp_path)


def test_a_baseline_is_its_commit_exported_with_the_venv_linked(tmp_path):
    commit = baseline.resolve("HEAD")
    root = baseline.export(commit, tmp_path / "base")
    committed = subprocess.run(["git", "show", f"{commit}:Makefile"], cwd=baseline.PROJECT_ROOT, capture_output=True,
                               check=True).stdout
    assert (root / "Makefile").read_bytes() == committed and baseline.runner_of(root) == "ingest.runtime.run"
    assert (root / ".venv").resolve() == Path(sys.prefix).resolve()
    assert baseline.export(commit, tmp_path / "base") == root  # exported once, then reused
    with pytest.raises(ValueError):
        baseline.resolve("no-such-ref-anywhere")


def test_a_baseline_runs_with_its_own_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(pipeline.PROJECT_ROOT))
    monkeypatch.setenv("GOV_REPORTS_HOME", str(pipeline.PROJECT_ROOT))
    old = pipeline.run_env(tmp_path, tmp_path / "home")
    assert (old["PYTHONPATH"], old["GOV_REPORTS_HOME"]) == (str(tmp_path), str(tmp_path))
    assert old["AIRFLOW__CORE__DAGS_FOLDER"] == str(tmp_path / "dags") and old["AIRFLOW_HOME"] == str(tmp_path / "home")
    monkeypatch.setenv("GOV_REPORTS_HOME", "/elsewhere")  # this checkout: the caller's environment wins, as before
    assert pipeline.run_env()["GOV_REPORTS_HOME"] == "/elsewhere"


def test_runs_alternate_between_old_and_new():
    sides = [baseline.Side("old", Path("/old"), "m", Path("/h")), baseline.Side("new", Path("/new"), "m", Path("/h"))]
    order = []

    def one(side, k):
        order.append((side.label, k))
        return pipeline.RunResult(1, 1.0, 1.0, 0)

    measured = run_all._alternated(sides, 3, one)
    assert order == [("old", 0), ("new", 0), ("new", 1), ("old", 1), ("old", 2), ("new", 2)]
    assert [len(v) for v in measured.values()] == [3, 3]


def test_report_gives_old_new_and_their_ratio(tmp_path):
    results = _results(120.0)
    old = {"runs": 3, "peak_rss_mb": 1800.0, "tasks": 70, "failed": 0, "stages_s": {}}
    results["baseline"] = {
        "ref": "main", "commit": "0123456789abcdef", "module": "ingest.run",
        "end_to_end": {**old, "reports": 1000, "wall_s": 150.0, "all_wall_s": [150.0, 151.0, 149.0]},
        "incremental": {**old, "base_reports": 1000, "reports": 1001, "wall_s": 20.0, "all_wall_s": [20.0]},
    }
    text = report.write(results, tmp_path).read_text(encoding="utf-8")
    assert "## This commit against main (0123456789ab)" in text
    assert "| 1,000 reports end to end (fresh warehouse) | 150.0 | 120.0 | **0.80** | 1,800 | 900 | **0.50** |" in text
    assert "| one report added to the 1,000-report warehouse | 20.0 | 25.0 | **1.25** |" in text
    assert "--baseline main" in text
    assert "This commit against" not in report.markdown(_results(120.0))
