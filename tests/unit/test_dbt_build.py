"""The DAG's dbt step (ingest/warehouse/dbt_runner.py) and the docs step's fingerprint
(ingest/warehouse/fingerprints.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.config import DBT_PROJECT_DIR
from ingest.site import docs
from ingest.warehouse.dbt_runner import BuildResult, NodeResult, build


def _node(kind: str, status: str, name: str = "x", message: str = "") -> NodeResult:
    return NodeResult(unique_id=f"{kind}.gov_reports.{name}", resource_type=kind, name=name, status=status,
                      seconds=0.5, message=message)


REFUSED = ('Runtime Error in model fct_targets (models/marts/fct_targets.sql)\n  Constraint Error: CHECK constraint '
           'failed on table "fct_targets__dbt_tmp" with expression CHECK((report_year BETWEEN 1949 AND 2100))')


@pytest.mark.parametrize("nodes, error, failed_names, data_only", [
    ([_node("model", "success"), _node("test", "pass")], "", [], False),
    ([_node("model", "success"), _node("test", "warn")], "", [], False),
    ([_node("model", "success"), _node("test", "fail", "unique_x")], "", ["unique_x"], True),
    ([_node("unit_test", "fail", "u")], "", ["u"], True),
    ([_node("model", "error", "dim_report"), _node("test", "skipped")], "", ["dim_report"], False),
    ([_node("model", "error", "m"), _node("test", "fail", "t")], "", ["m", "t"], False),
    ([_node("test", "fail", "t")], "RuntimeError: crashed", ["t"], False),
    ([_node("model", "error", "fct_targets", REFUSED), _node("test", "skipped")], "", ["fct_targets"], True),
    ([_node("model", "error", "m", REFUSED), _node("model", "error", "n", "IO Error: database is locked")], "",
     ["m", "n"], False),
    ([], "CompilationError: bad yml", [], False),
])
def test_build_result_tells_data_failures_from_errors(nodes, error, failed_names, data_only):
    result = BuildResult(success=not failed_names and not error, seconds=3.0, nodes=nodes, error=error)
    assert [n.name for n in result.failures()] == failed_names
    assert result.data_failed_only() is data_only
    as_dict = result.to_dict()
    assert len(as_dict["failures"]) == len(failed_names)
    assert as_dict["summary"].startswith("dbt build in 3.0 s")


def test_summary_counts_kinds_and_statuses():
    result = BuildResult(True, 1.25, [_node("model", "success"), _node("model", "success"), _node("test", "pass")])
    assert result.summary() == "dbt build in 1.2 s: 2 models, 1 tests (1 pass, 2 success)"
    assert [n.name for n in result.slowest(1)] == ["x"]


def test_build_runs_dbt_and_reports_every_node(tmp_path):
    """A real `dbt build` of two seeds and the relationship test between them, against a fresh file."""
    warehouse = tmp_path / "w.duckdb"
    result = build(warehouse, tmp_path / "target", select=["metrics", "metric_aliases"])
    assert result.success, result.to_dict()
    by_name = {n.name: n for n in result.nodes}
    assert {"metrics", "metric_aliases"} <= set(by_name)
    assert any(n.resource_type == "test" and n.status == "pass" for n in result.nodes)
    assert all(n.status in ("success", "pass") for n in result.nodes)
    assert by_name["metrics"].resource_type == "seed" and by_name["metrics"].seconds > 0
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from reference.metrics").fetchone()[0] > 0
    con.close()
    assert (tmp_path / "target" / "run_results.json").is_file()
    # dbt's own log file sits beside its target, warnings and errors only (the task log has every line)
    log = (tmp_path / "target" / "logs" / "dbt.log").read_text(encoding="utf-8")
    assert "[debug]" not in log and "[info ]" not in log


def test_build_reports_a_broken_model_as_an_error_not_as_failed_data(tmp_path):
    """raw.* does not exist in an empty file: the staging models cannot build; dbt says which."""
    result = build(tmp_path / "empty.duckdb", tmp_path / "target", select=["stg_reports"])
    assert not result.success
    assert [n.name for n in result.failures()] == ["stg_reports"]
    assert not result.data_failed_only()


def test_a_row_a_contract_refuses_is_bad_data_not_an_error_to_retry(tmp_path):
    """A real build: dim_metric's CHECK on category refuses a row; the DAG fails the run at once (no retry)."""
    warehouse = tmp_path / "w.duckdb"
    assert build(warehouse, tmp_path / "target", select=["metrics", "metric_aliases"]).success
    con = duckdb.connect(str(warehouse))
    con.execute("update reference.metrics set category = 'bogus' where metric_code = 'gdp'")
    con.close()
    result = build(warehouse, tmp_path / "target", select=["dim_metric"])
    assert not result.success
    (failed,) = result.failures()
    assert failed.name == "dim_metric" and "CHECK constraint failed" in failed.message
    assert result.data_failed_only()


def _warehouse(path: Path, columns: str = "a integer") -> Path:
    con = duckdb.connect(str(path))
    con.execute(f"create table t ({columns})")
    con.close()
    return path


def _site(folder: Path, fingerprint: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in docs.SITE_FILES:
        (folder / name).write_text("{}", encoding="utf-8")
    (folder / docs.FINGERPRINT_FILE).write_text(fingerprint + "\n", encoding="utf-8")
    return folder


def test_fingerprint_follows_the_project_files_and_the_warehouse_columns(tmp_path):
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    wh = _warehouse(tmp_path / "w.duckdb")
    base = docs.project_fingerprint(project, wh)
    assert docs.project_fingerprint(project, wh) == base
    (project / "target").mkdir()  # dbt's own output is not part of the project
    (project / "target" / "run_results.json").write_text("{}", encoding="utf-8")
    assert docs.project_fingerprint(project, wh) == base

    model = project / "models" / "marts" / "dim_report.sql"
    model.write_text(model.read_text(encoding="utf-8") + "\n-- changed\n", encoding="utf-8")
    changed_model = docs.project_fingerprint(project, wh)
    assert changed_model != base

    con = duckdb.connect(str(wh))
    con.execute("alter table t add column b varchar")
    con.close()
    assert docs.project_fingerprint(project, wh) != changed_model
    assert docs.project_fingerprint(project, _warehouse(tmp_path / "other.duckdb")) != base  # another file name


def test_docs_are_kept_when_the_fingerprint_matches_and_every_file_is_there(tmp_path, monkeypatch):
    wh = _warehouse(tmp_path / "w.duckdb")
    site = _site(tmp_path / "docs", docs.project_fingerprint(warehouse=wh))
    ran = []
    monkeypatch.setattr(docs, "run_dbt", lambda args, warehouse: ran.append(args))

    path, generated = docs.generate_docs(wh, site)
    assert (path, generated, ran) == (site.resolve() / "index.html", False, [])

    (site / "catalog.json").unlink()  # a site missing a file is made again
    assert docs.generate_docs(wh, site)[1] is True
    assert ran and ran[-1][:3] == ["docs", "generate", "--static"]

    _site(site, "another project")
    assert docs.generate_docs(wh, site)[1] is True
    assert docs.generate_docs(wh, site, force=False)[1] is False  # the marker was written after generating
    assert docs.generate_docs(wh, site, force=True)[1] is True
    assert len(ran) == 3


def test_the_pipeline_build_leaves_unit_tests_to_the_test_suite(tmp_path, monkeypatch):
    """dbt unit tests check model logic on hand-made rows: `make test` runs them, the DAG's build does not."""
    import ingest.warehouse.dbt_runner as runner

    seen = []

    class _Result:
        success, exception, result = True, None, None

    monkeypatch.setattr(runner, "invoke", lambda args, warehouse, manifest=None: seen.append(args) or _Result())
    assert runner.build(tmp_path / "w.duckdb", tmp_path / "t").success
    (args,) = seen
    assert args[0] == "build" and args[args.index("--exclude-resource-type") + 1] == "unit_test"
    assert args[args.index("--target-path") + 1] == str(tmp_path / "t")


def _project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    return project


def test_the_seeds_fingerprint_follows_the_seed_files_and_the_project_file(tmp_path):
    import ingest.warehouse.dbt_runner as runner

    project = _project_copy(tmp_path)
    first = runner.seeds_fingerprint(project)
    assert runner.seeds_fingerprint(project) == first
    (project / "models" / "marts" / "dim_metric.sql").write_text("select 1", encoding="utf-8")
    assert runner.seeds_fingerprint(project) == first  # a model is no seed
    metrics = project / "seeds" / "metrics.csv"
    metrics.write_text(metrics.read_text(encoding="utf-8") + "extra,额外,extra,economy,money,true\n",
                       encoding="utf-8")
    changed = runner.seeds_fingerprint(project)
    assert changed != first
    with (project / "dbt_project.yml").open("a", encoding="utf-8") as fh:
        fh.write("# a comment\n")
    assert runner.seeds_fingerprint(project) not in (first, changed)
    assert runner.seed_names(project) == {"metrics", "metric_aliases", "metric_scope_words", "policy_terms",
                                          "five_year_plans"}


def _seed_tables(warehouse: Path, names: set[str]) -> None:
    con = duckdb.connect(str(warehouse))
    con.execute("create schema if not exists reference")
    for name in names:
        con.execute(f"create table reference.{name} (x integer)")
    con.close()


def test_seeds_count_as_loaded_only_with_the_same_fingerprint_and_every_table(tmp_path):
    import ingest.warehouse.dbt_runner as runner

    wh = tmp_path / "w.duckdb"
    assert not runner.seeds_loaded(wh, "fp")  # no warehouse
    _seed_tables(wh, runner.seed_names())
    assert not runner.seeds_loaded(wh, "fp")  # tables, but no build recorded them
    runner.record_seeds(wh, "fp")
    assert runner.seeds_loaded(wh, "fp")
    assert not runner.seeds_loaded(wh, "other")  # the seed files changed since
    runner.record_seeds(wh, "other")
    assert runner.seeds_loaded(wh, "other") and not runner.seeds_loaded(wh, "fp")  # replaced, one row
    con = duckdb.connect(str(wh))
    con.execute("drop table reference.metrics")
    con.close()
    assert not runner.seeds_loaded(wh, "other")  # a seed table is missing


@pytest.mark.parametrize("select", [None, ["metrics"]])
def test_a_full_build_leaves_out_the_seeds_the_warehouse_holds_and_records_those_it_loads(tmp_path, monkeypatch,
                                                                                           select):
    import ingest.warehouse.dbt_runner as runner

    seen, outcome = [], {"success": True}

    class _Result:
        exception, result = None, None

        @property
        def success(self):
            return outcome["success"]

    monkeypatch.setattr(runner, "invoke", lambda args, warehouse, manifest=None: seen.append(args) or _Result())
    wh = tmp_path / "w.duckdb"
    _seed_tables(wh, runner.seed_names())
    fingerprint = runner.seeds_fingerprint()

    outcome["success"] = False  # a failed build records nothing
    assert not runner.build(wh, tmp_path / "t", select=select).seeds_kept
    assert not runner.seeds_loaded(wh, fingerprint)
    outcome["success"] = True
    first = runner.build(wh, tmp_path / "t", select=select)
    second = runner.build(wh, tmp_path / "t", select=select)
    assert not first.seeds_kept and "resource_type:seed" not in seen[1]
    if select:  # a partial build neither leaves the seeds out nor records them
        assert not second.seeds_kept and "resource_type:seed" not in seen[2]
        assert not runner.seeds_loaded(wh, fingerprint)
    else:
        assert second.seeds_kept and seen[2][seen[2].index("--exclude") + 1] == "resource_type:seed"
        assert seen[2][seen[2].index("--indirect-selection") + 1] == "cautious"  # a model's test refing a seed runs
        assert second.summary().endswith("seeds unchanged since loaded: kept")
