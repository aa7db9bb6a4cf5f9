"""The benchmark scripts run (on a tiny input; nothing here is timed)."""

from __future__ import annotations

import pytest

from bench import make_corpus, pipeline, report
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
