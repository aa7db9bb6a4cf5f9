"""Great Expectations on the marts (ingest/validate.py): the suites' columns, a passing and a failing suite."""

from __future__ import annotations

import json

import duckdb
import pytest

from ingest.validate import _select, for_vectorized_checks, load_suites, suite_columns, validate_warehouse

ROWS = {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}}


def _exp(kind: str, **kwargs) -> dict:
    return {"type": kind, "kwargs": kwargs}


@pytest.mark.parametrize("expectations, columns", [
    ([ROWS], []),
    ([ROWS, _exp("expect_column_values_to_not_be_null", column="a")], ["a"]),
    ([_exp("expect_column_values_to_be_unique", column="b"), _exp("expect_column_values_to_not_be_null", column="a"),
      _exp("expect_column_values_to_be_in_set", column="b", value_set=[1])], ["b", "a"]),
    ([_exp("expect_column_pair_values_a_to_be_greater_than_b", column_A="hi", column_B="lo", or_equal=True)],
     ["hi", "lo"]),
    ([_exp("expect_compound_columns_to_be_unique", column_list=["x", "y"])], ["x", "y"]),
    ([_exp("expect_table_columns_to_match_set", column_set=["a"])], None),  # needs every column
])
def test_suite_columns(expectations, columns):
    assert suite_columns({"name": "t", "expectations": expectations}) == columns


def test_select_reads_the_named_columns_quoted_or_the_whole_table():
    assert _select("fct_x", ["a", 'we"ird']) == 'select "a", "we""ird" from "marts"."fct_x"'
    assert _select("fct_x", None) == 'select * from "marts"."fct_x"'
    assert _select("fct_x", []) == 'select * from "marts"."fct_x"'


def test_every_suite_of_the_project_names_its_columns():
    """The marts' suites read only the columns they check (no suite falls back to the whole table)."""
    for table, spec in load_suites().items():
        assert suite_columns(spec), table


def test_a_failed_expectation_is_reported_with_its_column_and_count(tmp_path):
    wh = tmp_path / "w.duckdb"
    con = duckdb.connect(str(wh))
    con.execute("create schema marts")
    con.execute("create table marts.good (id integer, note varchar)")
    con.execute("insert into marts.good values (1, 'a'), (2, null)")
    con.execute("create table marts.bad (id integer, level varchar)")
    con.execute("insert into marts.bad values (1, 'city'), (1, 'planet'), (null, 'town')")
    con.close()
    suites = tmp_path / "suites"
    suites.mkdir()
    (suites / "good.json").write_text(json.dumps({"name": "good", "expectations": [
        ROWS, _exp("expect_column_values_to_be_unique", column="id")]}), encoding="utf-8")
    (suites / "bad.json").write_text(json.dumps({"name": "bad", "expectations": [
        ROWS, _exp("expect_column_values_to_not_be_null", column="id"),
        _exp("expect_column_values_to_be_in_set", column="level", value_set=["city", "town"])]}), encoding="utf-8")

    report = validate_warehouse(wh, suites)
    assert not report.success
    assert [(s.table, s.success, s.evaluated) for s in report.suites] == [("bad", False, 3), ("good", True, 2)]
    failures = report.failures()
    assert len(failures) == 2
    assert any("expect_column_values_to_not_be_null" in f and "'id'" in f and "unexpected: 1" in f for f in failures)
    assert any("expect_column_values_to_be_in_set" in f and "'level'" in f for f in failures)
    assert "bad: FAILED (3 expectations)" in report.summary()


def test_integer_columns_reach_great_expectations_as_int64_or_float64():
    """GE's pandas between-check is vectorized only for int64/float64 columns (else a Python call per value)."""
    con = duckdb.connect()
    frame = con.execute("select 2021::integer as year, 7::smallint as small, 5::bigint as big, 1.5::double as x, "
                        "'a' as s union all select 2022, 8, 6, null, 'b'").df()
    frame["nullable"] = frame["year"].astype("Int32")
    frame.loc[1, "nullable"] = None
    out = for_vectorized_checks(frame)
    assert {c: str(t) for c, t in out.dtypes.items() if c != "s"} == {
        "year": "int64", "small": "int64", "big": "int64", "x": "float64", "nullable": "float64"}
    assert out["year"].tolist() == [2021, 2022] and out["nullable"].isna().tolist() == [False, True]
    assert out["s"].tolist() == ["a", "b"]
    unchanged = frame[["big", "x"]]
    assert for_vectorized_checks(unchanged) is unchanged
