"""One extra DAG run: the seeds plus a county's 2023 and 2024 reports, published while BI readers query.

* write-audit-publish under load: a reader process opens the published file read-only in a loop
  through the whole run; it must see no error and only complete versions (the counts of the
  previous run's summary or of this run's, never a mix);
* target vs actual: the 2023 targets of 河北省石家庄市正定县 against the 2023 figures of its 2024
  report, through the real extractor, dbt and the published warehouse.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest
from pipeline_helpers import SEEDS, run_pipeline
from warehouse_helpers import FIXTURES, READER, READER_TABLES, cookbook_queries, query

pytestmark = pytest.mark.integration

COUNTY = "河北省石家庄市正定县"


@pytest.fixture(scope="module")
def fixture_run(airflow_env, seeds_run, tmp_path_factory):
    base = tmp_path_factory.mktemp("consecutive")
    warehouse = base / "gov_reports.duckdb"
    shutil.copyfile(seeds_run["warehouse"], warehouse)  # the version BI tools read before the run
    inbox = base / "inbox"
    inbox.mkdir()
    for path in [*SEEDS.glob("*.txt"), *FIXTURES.glob("*.txt")]:
        shutil.copyfile(path, inbox / path.name)
    stop, log = base / "stop-reader", base / "reader.jsonl"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse), str(stop), str(log),
                               ",".join(READER_TABLES)])
    try:
        time.sleep(1)  # the reader sees the old version first
        proc = run_pipeline(airflow_env, inbox, warehouse, "--batch-size", "4")
        time.sleep(1)  # … and the new one last
    finally:
        stop.touch()
        reader.wait(timeout=60)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    summary = json.loads(warehouse.with_name("gov_reports.last_run.json").read_text(encoding="utf-8"))
    reads = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return {"warehouse": warehouse, "summary": summary, "before": seeds_run["summary"], "reads": reads}


def _version(counts: dict) -> tuple:
    return tuple(counts[t] for t in READER_TABLES)


def test_readers_see_only_complete_versions_and_no_errors(fixture_run):
    reads = fixture_run["reads"]
    errors = [r["error"] for r in reads if "error" in r]
    assert not errors, errors[:3]
    assert len(reads) >= 20, len(reads)
    before, after = _version(fixture_run["before"]["counts"]), _version(fixture_run["summary"]["counts"])
    assert before != after and after[0] == before[0] + 2  # two more reports
    seen = [_version(r["counts"]) for r in reads]
    assert set(seen) <= {before, after}, set(seen) - {before, after}
    assert seen[0] == before and seen[-1] == after
    switch = seen.index(after)
    assert all(v == after for v in seen[switch:])  # once published, never back to the old version


def test_a_county_target_meets_its_actual_of_the_next_report(fixture_run):
    rows = query(fixture_run["warehouse"],
                 "select metric_code, target_year, compare_on, comparator, target_value, actual_value, gap, status, "
                 "target_report_year, actual_report_year, admin_level from marts.fct_target_vs_actual "
                 "where region_name = ? and metric_code is not null order by target_year, metric_code", [COUNTY])
    got = {(r[0], r[1]): r[2:] for r in rows}
    assert got[("gdp", 2023)] == ("growth", "approx", 6.0, 6.3, 0.3, "met", 2023, 2024, "district")
    assert got[("general_budget_revenue", 2023)][:6] == ("growth", "at_least", 7.0, 6.2, -0.8, "missed")
    assert got[("fixed_asset_investment", 2023)][:6] == ("growth", "exact", 10.0, 11.5, 1.5, "met")
    assert got[("new_jobs", 2023)][:6] == ("level", "at_least", 5000.0, 5600.0, 600.0, "met")
    assert got[("registered_unemployment_rate", 2023)][:6] == ("level", "at_most", 4.5, 3.9, -0.6, "met")
    # no 2025 report yet: the 2024 targets wait for their actuals
    assert {v[5] for (code, year), v in got.items() if year == 2024} == {"unknown"}


def test_cookbook_lists_the_met_and_missed_targets(fixture_run):
    rows = query(fixture_run["warehouse"], cookbook_queries()["targets_met_missed"])
    county = {(r[2], r[10]) for r in rows if r[0] == COUNTY}
    assert {("地区生产总值", "met"), ("一般公共预算收入", "missed"), ("城镇新增就业", "met")} <= county


def test_the_county_is_a_region_with_two_reports(fixture_run):
    rows = query(fixture_run["warehouse"], "select region_path, admin_level, city_name, adcode, report_count, "
                                           "first_report_year, last_report_year from marts.dim_region "
                                           "where region_name = ?", [COUNTY])
    assert rows == [("河北省 › 石家庄市 › 正定县", "district", "石家庄市", "130123", 2, 2023, 2024)]
