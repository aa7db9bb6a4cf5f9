"""The gov_reports DAG end to end on seeds/: raw layer, marts, validation, publish, re-runs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from pipeline_helpers import ROOT, SEEDS, query, run_pipeline

from extract.scoring import load_gold, load_warehouse, score

pytestmark = pytest.mark.integration

# what each seed says about itself (read from the texts' front matter)
EXPECTED_REPORTS = {
    "000_48ebaaf543bb512d.txt": ("天津市西青区张家窝镇", "town", 2021, 2020, 2021),
    "001_4319d482b1ea36e8.txt": ("天津市西青区精武镇", "town", 2021, 2020, 2021),
    "002_d71a0cecef7007e3.txt": ("天津市西青区", "district", 2021, 2020, 2021),
    "003_7aa1c1bbe725dce6.txt": ("天津市静海区", "district", 2021, 2020, 2021),
    "004_f1fb1fdb5f33e3a1.txt": ("天津市津南区北闸口镇", "town", 2023, 2022, 2023),
}


def test_every_seed_has_a_report_row(seeds_run):
    rows = query(seeds_run["warehouse"],
                 "select source_file, region_name, admin_level, report_year, review_year, plan_year "
                 "from marts.dim_report order by source_file")
    assert {r[0]: tuple(r[1:]) for r in rows} == EXPECTED_REPORTS


def test_sections_are_typed(seeds_run):
    rows = query(seeds_run["warehouse"],
                 "select r.source_file, list(distinct s.section_type order by s.section_type) "
                 "from staging.stg_sections s join marts.dim_report r using (report_id) group by 1")
    types = dict(rows)
    for name in EXPECTED_REPORTS:
        assert {"review_year", "plan_year"} <= set(types[name]), name
    for name in list(EXPECTED_REPORTS)[:4]:  # the 2021 reports also review the 十三五 period
        assert "review_5y" in types[name], name


def test_both_fact_tables_have_rows_for_every_report(seeds_run):
    wh = seeds_run["warehouse"]
    for table in ("marts.fct_indicators", "marts.fct_targets"):
        rows = dict(query(wh, f"select source_file, count(*) from {table} group by 1"))
        assert set(rows) == set(EXPECTED_REPORTS), table
        assert all(n > 0 for n in rows.values())


def test_fact_table_contract_columns(seeds_run):
    common = ["fact_id", "report_id", "source_file", "region_name", "admin_level", "report_year", "section_type",
              "metric_name", "metric_code", "period_start_year", "period_end_year", "value", "value_max", "unit",
              "value_base", "base_unit", "change_value", "change_unit", "change_basis", "sentence", "char_start",
              "char_end"]
    wh = seeds_run["warehouse"]
    for table, extra in (("fct_indicators", ["approx", "is_estimated"]), ("fct_targets", ["comparator",
                                                                                          "comparator_text"])):
        cols = [r[0] for r in query(wh, "select column_name from information_schema.columns "
                                        "where table_schema='marts' and table_name=?", [table])]
        assert set(common + extra) <= set(cols), set(common + extra) - set(cols)


def test_facts_point_back_to_their_sentence(seeds_run):
    rows = query(seeds_run["warehouse"],
                 "select f.sentence, substr(r.cleaned_text, f.char_start + 1, f.char_end - f.char_start) "
                 "from marts.fct_indicators f join staging.stg_reports r using (report_id) "
                 "union all "
                 "select f.sentence, substr(r.cleaned_text, f.char_start + 1, f.char_end - f.char_start) "
                 "from marts.fct_targets f join staging.stg_reports r using (report_id)")
    assert len(rows) > 500
    for sentence, clause in rows:
        assert clause and clause in sentence


def test_key_metrics_are_coded(seeds_run):
    rows = query(seeds_run["warehouse"],
                 "select metric_code, count(*) from marts.fct_targets where metric_code is not null group by 1")
    codes = dict(rows)
    assert {"fixed_asset_investment", "general_budget_revenue"} <= set(codes)


def test_run_summary_and_docs(seeds_run):
    summary = seeds_run["summary"]
    assert summary["validation"]["success"] is True
    assert summary["counts"]["marts.dim_report"] == 5
    assert Path(summary["docs"]).exists()
    site = seeds_run["warehouse"].with_name("gov_reports.site")  # named after the warehouse, published with it
    assert Path(summary["docs"]) == site / "docs" / "index.html"
    assert Path(summary["overview"]) == site / "overview" / "index.html" and Path(summary["overview"]).exists()
    assert not (seeds_run["warehouse"].parent / "docs").exists()
    out = seeds_run["stdout"]
    assert "reports loaded    5" in out and "validation        passed" in out
    assert "done extract[2]" in out  # three mapped batches of ≤2 reports


def test_extraction_quality_does_not_regress(seeds_run):
    """Regression guard for issue 3: F1 on the seeds' gold facts stays ≥ 0.90."""
    result = score(load_gold(ROOT / "tests" / "gold"), load_warehouse(str(seeds_run["warehouse"])))
    assert result["all"]["f1"] >= 0.90, result
    assert result["actual"]["f1"] >= 0.90 and result["target"]["f1"] >= 0.90, result
    assert result["key_recall"] >= 0.95, result


def test_rerun_is_idempotent_and_other_folders_work(airflow_env, seeds_run, tmp_path):
    """Same reports again → same rows; a new folder with a bad file loads the rest and records the error."""
    wh = tmp_path / "other" / "warehouse.duckdb"
    inbox = tmp_path / "inbox with space"
    inbox.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copyfile(seed, inbox / seed.name)
    (inbox / "broken.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    first = run_pipeline(airflow_env, inbox, wh)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "broken.txt" in first.stdout
    facts = query(wh, "select fact_id from marts.fct_indicators union all select fact_id from marts.fct_targets "
                      "order by 1")
    errors = query(wh, "select file_name, stage, error_kind from raw.ingest_errors")
    assert errors == [("broken.txt", "read", "binary")]
    assert query(wh, "select count(*) from marts.dim_report") == [(2,)]

    # with nothing new and the same code, `make run` says so at once and starts no Airflow run
    noop = run_pipeline(airflow_env, inbox, wh)
    assert noop.returncode == 0 and "is up to date" in noop.stdout and "starting Airflow" not in noop.stdout

    second = run_pipeline(airflow_env, inbox, wh, "--force")  # the same files again through the whole DAG
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    again = query(wh, "select fact_id from marts.fct_indicators union all select fact_id from marts.fct_targets "
                      "order by 1")
    assert again == facts
    summary = json.loads(wh.with_name("warehouse.last_run.json").read_text(encoding="utf-8"))
    assert summary["load"]["reports_unchanged"] == 2 and summary["load"]["reports_loaded"] == 0
    # nothing changed in the project or the tables: the docs site is kept; no build leaves tables behind
    assert "(project and columns unchanged: kept)" in second.stdout
    assert query(wh, "select table_schema, table_name from information_schema.tables "
                     "where table_name like '%dbt_tmp%' or table_schema not in "
                     "('raw', 'staging', 'intermediate', 'marts', 'reference', 'meta')") == []
    # the seeds were loaded and tested by the first build only: their files did not change; every other test ran
    # again, among them fct_keywords' relationship to the seed policy_terms (the model was rebuilt)
    built = [re.search(r"dbt build in .*", run.stdout)[0] for run in (first, second)]
    from ingest.warehouse.dbt_runner import seed_names

    assert f" {len(seed_names())} seeds, " in built[0] and not built[0].endswith("kept")
    assert " seeds, " not in built[1] and built[1].endswith("seeds unchanged since loaded: kept")
    seed_spec = yaml.safe_load((ROOT / "dbt_project" / "seeds" / "_seeds.yml").read_text(encoding="utf-8"))
    seed_tests = sum(len(c.get("data_tests", [])) for seed in seed_spec["seeds"] for c in seed["columns"])
    tests = [int(re.search(r"(\d+) tests", line)[1]) for line in built]
    assert seed_tests >= 10 and tests[0] - tests[1] == seed_tests
    assert query(wh, "select count(*) from reference.metrics") == query(seeds_run["warehouse"],
                                                                        "select count(*) from reference.metrics")

    # STRICT: a rejected file fails the run and leaves the published warehouse untouched
    before = wh.read_bytes()
    strict = run_pipeline(airflow_env, inbox, wh, "--strict")
    assert strict.returncode != 0
    assert "FAILED" in strict.stderr and "unchanged" in strict.stderr
    assert wh.read_bytes() == before


def test_every_mart_and_column_carries_its_description_as_a_comment(seeds_run):
    """persist_docs: BI tools show the bilingual descriptions (duckdb_tables / duckdb_columns comments)."""
    tables = query(seeds_run["warehouse"],
                   "select table_name, comment from duckdb_tables() where schema_name = 'marts'")
    assert tables and all(comment and "(" in comment for _, comment in tables), tables
    bare = query(seeds_run["warehouse"], "select table_name, column_name from duckdb_columns() "
                                         "where schema_name = 'marts' and (comment is null or comment = '')")
    assert bare == []
    ((comment,),) = query(seeds_run["warehouse"], "select comment from duckdb_columns() where schema_name = 'marts' "
                                                  "and table_name = 'fct_targets' and column_name = 'fact_id'")
    assert comment.startswith("事实编号 (fact id)")


def test_publish_records_a_warehouse_asset_event_with_row_counts(seeds_run, airflow_env):
    import json
    import sqlite3

    db = sqlite3.connect(Path(airflow_env["AIRFLOW_HOME"]) / "airflow.db")
    try:
        rows = db.execute("select e.extra from asset_event e join asset a on a.id = e.asset_id "
                          "where a.uri = 'file:///gov_reports/warehouse' order by e.id").fetchall()
    finally:
        db.close()
    extras = [json.loads(extra) for (extra,) in rows]
    mine = [e for e in extras if e.get("warehouse") == str(seeds_run["warehouse"])]
    assert mine and mine[-1]["counts"]["marts.dim_report"] == 5
