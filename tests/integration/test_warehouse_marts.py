"""The marts on the seeds' warehouse: enforced contracts, dbt unit tests, regions, keywords, Parquet export."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from pipeline_helpers import query

from ingest.warehouse.dbt_runner import run_dbt
from ingest.warehouse.export import export_marts

pytestmark = pytest.mark.integration

MARTS = {"dim_report", "dim_region", "dim_metric", "dim_period", "fct_indicators", "fct_targets",
         "fct_target_vs_actual", "fct_keywords", "fct_target_panel"}


@pytest.fixture(scope="module")
def manifest(seeds_run) -> dict:
    """The manifest `dbt docs generate` wrote beside the docs site of the seeds' run."""
    return json.loads((Path(seeds_run["summary"]["docs"]).parent / "manifest.json").read_text(encoding="utf-8"))


def _mart_nodes(manifest: dict) -> dict[str, dict]:
    return {n["name"]: n for n in manifest["nodes"].values()
            if n["resource_type"] == "model" and n["schema"] == "marts"}


def test_every_mart_has_an_enforced_contract_matching_the_table(seeds_run, manifest):
    nodes = _mart_nodes(manifest)
    assert set(nodes) == MARTS
    for name, node in nodes.items():
        assert node["config"]["contract"]["enforced"] is True, name
        declared = {c: spec["data_type"].upper() for c, spec in node["columns"].items()}
        actual = dict(query(seeds_run["warehouse"], "select column_name, data_type from information_schema.columns "
                                                    "where table_schema = 'marts' and table_name = ?", [name]))
        assert declared == actual, name


def test_not_null_columns_are_constraints_duckdb_enforces(seeds_run, manifest, tmp_path):
    """Every column a mart declares not_null is NOT NULL in the published table, and DuckDB refuses a NULL."""
    nodes = _mart_nodes(manifest)
    declared = {(name, col) for name, node in nodes.items() for col, spec in node["columns"].items()
                if any(c["type"] == "not_null" for c in spec.get("constraints", []))}
    assert {(m, "report_id") for m in ("dim_report", "fct_indicators", "fct_targets", "fct_keywords")} <= declared
    assert all(name in {m for m, _ in declared} for name in MARTS)
    enforced = set(query(seeds_run["warehouse"], "select table_name, unnest(constraint_column_names) "
                                                 "from duckdb_constraints() where schema_name = 'marts' "
                                                 "and constraint_type = 'NOT NULL'"))
    assert declared <= enforced
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(seeds_run["warehouse"], copy)
    import duckdb

    con = duckdb.connect(str(copy))
    with pytest.raises(duckdb.ConstraintException, match="report_id"):
        con.execute("update marts.fct_indicators set report_id = null")
    con.close()


def test_row_rules_are_check_constraints_duckdb_enforces(seeds_run, manifest, tmp_path):
    """Every value domain, range and rule over one row the marts declare is a CHECK of the published table, and
    DuckDB refuses a row that breaks one (the build of such a table fails, naming the table and the rule)."""
    nodes = _mart_nodes(manifest)
    declared = {(name, c["expression"]) for name, node in nodes.items()
                for c in [*node.get("constraints", []),
                          *(c for spec in node["columns"].values() for c in spec.get("constraints", []))]
                if c["type"] == "check"}
    assert {m for m, _ in declared} == MARTS
    assert ("fct_targets", "report_year between 1949 and 2100") in declared
    enforced = Counter(t for (t,) in query(seeds_run["warehouse"], "select table_name from duckdb_constraints() "
                                                                 "where schema_name = 'marts' "
                                                                 "and constraint_type = 'CHECK'"))
    assert enforced == Counter(m for m, _ in declared)
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(seeds_run["warehouse"], copy)
    import duckdb

    con = duckdb.connect(str(copy))
    for bad in ("update marts.fct_targets set report_year = 1800",
                "update marts.dim_report set admin_level = 'planet'",
                "update marts.fct_indicators set period_start_year = period_end_year + 1"):
        with pytest.raises(duckdb.ConstraintException, match="CHECK constraint failed"):
            con.execute(bad)
    con.close()


def test_every_mart_and_column_is_described_in_chinese_and_english(manifest):
    for name, node in _mart_nodes(manifest).items():
        texts = [node["description"]] + [c["description"] for c in node["columns"].values()]
        for text in texts:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (name, text)
            assert "(" in text and any(ch.isascii() and ch.isalpha() for ch in text), (name, text)


def test_every_mart_is_tested_and_exposed(manifest):
    tested = {dep.split(".")[-1] for n in manifest["nodes"].values() if n["resource_type"] == "test"
              for dep in n["depends_on"]["nodes"]}
    assert MARTS <= tested
    exposed = {dep.split(".")[-1] for e in manifest["exposures"].values() for dep in e["depends_on"]["nodes"]}
    assert MARTS <= exposed
    unit_tested = {n["model"] for n in manifest.get("unit_tests", {}).values()}
    assert "fct_target_vs_actual" in unit_tested


def test_dbt_unit_tests_of_target_vs_actual_pass(seeds_run, tmp_path):
    """dbt's own unit tests (models/marts/_unit_tests.yml) on a copy of the seeds' warehouse."""
    copy = tmp_path / "unit.duckdb"
    shutil.copyfile(seeds_run["warehouse"], copy)
    run_dbt(["test", "--select", "test_type:unit", "--target-path", str(tmp_path / "target")], copy)


def test_regions_are_cut_by_cpca(seeds_run):
    rows = query(seeds_run["warehouse"], "select region_name, region_path, admin_level, province_name, county_name, "
                                         "town_name, adcode, parent_region_name from marts.dim_region")
    by_name = {r[0]: r[1:] for r in rows}
    assert by_name["天津市西青区张家窝镇"] == ("天津市 › 西青区 › 张家窝镇", "town", "天津市", "西青区", "张家窝镇",
                                       "120111", "天津市西青区")
    assert by_name["天津市静海区"] == ("天津市 › 静海区", "district", "天津市", "静海区", None, "120118", "天津市")
    # a town's parent that also reports is a row of the dimension
    assert query(seeds_run["warehouse"], "select count(*) from marts.dim_region c join marts.dim_region p "
                                         "on c.parent_region_id = p.region_id") == [(2,)]


def test_keywords_count_policy_terms_in_section_text(seeds_run):
    wh = seeds_run["warehouse"]
    per_report = dict(query(wh, "select report_id, count(distinct section_type) from marts.fct_keywords "
                                "where term_source = 'tfidf' group by 1"))
    assert len(per_report) == 5 and min(per_report.values()) >= 2
    # occurrences agree with a plain count on the section text
    rows = query(wh, "select k.term, k.occurrences, t.section_text from marts.fct_keywords k "
                     "join intermediate.int_section_text t using (report_id, section_type) "
                     "where k.term_source = 'policy_term'")
    assert rows and all(text.count(term) == n > 0 for term, n, text in rows)
    assert {"高质量发展", "乡村振兴", "营商环境"} <= {r[0] for r in rows}
    # the terms computed at extract time were counted on the text int_section_text cuts (the same rule)
    extracted = query(wh, "select k.term, k.occurrences, t.section_text from marts.fct_keywords k "
                          "join intermediate.int_section_text t using (report_id, section_type) "
                          "where k.term_source in ('tfidf', 'textrank')")
    assert extracted and all(text.count(term) == n > 0 for term, n, text in extracted)
    # each character of a report's text belongs to one section type at most
    lengths = query(wh, "select r.report_id, sum(t.char_count), length(r.cleaned_text) "
                        "from intermediate.int_section_text t join staging.stg_reports r using (report_id) "
                        "group by r.report_id, r.cleaned_text")
    assert all(covered <= total for _, covered, total in lengths)


def test_target_vs_actual_has_every_target(seeds_run):
    wh = seeds_run["warehouse"]
    assert query(wh, "select count(*) from marts.fct_target_vs_actual") == query(
        wh, "select count(*) from marts.fct_targets")
    # five different regions: no target has an actual from a later report of its region
    assert query(wh, "select distinct status from marts.fct_target_vs_actual") == [("unknown",)]


def test_export_writes_every_mart_to_parquet_by_report_year_with_its_descriptions(seeds_run, tmp_path):
    import json

    exported = export_marts(seeds_run["warehouse"], tmp_path / "parquet")
    assert {t.table for t in exported} == MARTS
    for t in exported:
        files = f"{t.path}/**/*.parquet"
        assert query(seeds_run["warehouse"], f"select count(*) from read_parquet('{files}')") == [(t.rows,)]
    targets = next(t for t in exported if t.table == "fct_targets")
    assert targets.partitioned and {p.name for p in targets.path.iterdir()} >= {"report_year=2021"}
    meta = dict(query(seeds_run["warehouse"], "select key::varchar, decode(value) from parquet_kv_metadata("
                                              f"'{targets.path}/report_year=2021/*.parquet')"))
    assert meta["gov_reports.table"].startswith("目标 (targets)")
    assert json.loads(meta["gov_reports.columns"])["fact_id"].startswith("事实编号 (fact id)")


def test_overview_page_is_published_beside_the_docs(seeds_run):
    page = Path(seeds_run["summary"]["overview"])
    assert page == Path(seeds_run["summary"]["docs"]).parent.parent / "overview" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert 'id="chart-facts"' in text and "vegaEmbed(" in text and "天津市西青区" in text
    assert "cdn.jsdelivr" not in text.split("<script>", 2)[-1]  # the chart code loads nothing from the web
