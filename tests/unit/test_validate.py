"""Great Expectations on the marts (ingest/quality/validate.py): the suites' columns, a passing and a failing suite."""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from ingest.quality.validate import _select, for_vectorized_checks, load_suites, suite_columns, validate_warehouse

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
    assert _select("fct_x", []) == 'select true as "_row" from "marts"."fct_x"'  # a row count reads no column


def test_every_suite_of_the_project_names_its_columns():
    """The marts' suites read only the columns they check (no suite falls back to the whole table)."""
    for table, spec in load_suites().items():
        assert suite_columns(spec) is not None, table


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


_RANGE = re.compile(r"^(\w+) between (-?[\d.]+) and (-?[\d.]+)$")
_BOUND = re.compile(r"^(\w+) (>=|<=) (-?[\d.]+)$")
_IN = re.compile(r"^(\w+) in \((.*)\)$")
_PAIR = re.compile(r"^(?:\w+ is null or )*(\w+) (<=|<|>=|>) (\w+)$")  # leading null guards: GE's ignore_row_if


def _number(text: str) -> float | int:
    return float(text) if "." in text else int(text)


def _rule_of_check(expression: str) -> tuple[str, object] | None:
    """A CHECK expression of the marts' contracts as the rule GE could repeat: ("accepted_range", column,
    {min_value, max_value}), ("accepted_values", column, {values}) or ("pair", (greater, lesser), or_equal)."""
    if m := _RANGE.match(expression):
        return "accepted_range", m[1], {"min_value": _number(m[2]), "max_value": _number(m[3])}
    if m := _BOUND.match(expression):
        return "accepted_range", m[1], {"min_value" if m[2] == ">=" else "max_value": _number(m[3])}
    if m := _IN.match(expression):
        return "accepted_values", m[1], {"values": [v.strip().strip("'") for v in m[2].split(",")]}
    if m := _PAIR.match(expression):
        lhs, op, rhs = m[1], m[2], m[3]
        greater, lesser = (lhs, rhs) if op.startswith(">") else (rhs, lhs)
        return "pair", None, {"columns": (greater, lesser), "or_equal": op.endswith("=")}
    return None


def _dbt_checks() -> dict[tuple[str, str | None], dict[str, object]]:
    """(mart, column) → the checks the dbt project makes on it: its data tests and its contract's NOT NULL and
    CHECK constraints; (mart, None) → the CHECKs over two columns of a row ("pairs")."""
    import yaml

    from ingest.config import DBT_PROJECT_DIR

    spec = yaml.safe_load((DBT_PROJECT_DIR / "models" / "marts" / "_marts.yml").read_text(encoding="utf-8"))
    checks: dict[tuple[str, str | None], dict[str, object]] = {}
    for model in spec["models"]:
        constraints = [(None, c) for c in model.get("constraints") or []]
        for column in model.get("columns", []):
            found = checks.setdefault((model["name"], column["name"]), {})
            constraints += [(column["name"], c) for c in column.get("constraints") or []]
            for test in column.get("data_tests") or []:
                name, config = (test, {}) if isinstance(test, str) else next(iter(test.items()))
                found[name] = (config or {}).get("arguments", config or {})
        for column, constraint in constraints:
            if constraint["type"] == "not_null":
                checks[(model["name"], column)]["not_null"] = True
            elif constraint["type"] == "check" and (rule := _rule_of_check(constraint["expression"])):
                kind, on, args = rule
                if kind == "pair":
                    checks.setdefault((model["name"], None), {}).setdefault("pairs", []).append(args)
                else:
                    checks.setdefault((model["name"], on), {})[kind] = args
    return checks


def _repeats_dbt(expectation: dict, checks: dict[str, object]) -> str | None:
    """The dbt check that already makes `expectation`'s rule on the same column (None if none does)."""
    kind, kwargs = expectation["type"], expectation["kwargs"]
    if "mostly" in kwargs:  # a share of the rows: a rule dbt's tests cannot state
        return None
    if kind == "expect_column_values_to_not_be_null" and checks.get("not_null"):
        return "not_null constraint"
    if kind == "expect_column_values_to_be_unique" and "unique" in checks:
        return "unique"
    if kind == "expect_column_values_to_be_in_set" and "accepted_values" in checks:
        if set(checks["accepted_values"]["values"]) <= set(kwargs["value_set"]):
            return "accepted_values"
    if kind == "expect_column_values_to_be_between" and "accepted_range" in checks:
        rng = checks["accepted_range"]
        lo_ok = kwargs.get("min_value") is None or (rng.get("min_value") is not None
                                                    and rng["min_value"] >= kwargs["min_value"])
        hi_ok = kwargs.get("max_value") is None or (rng.get("max_value") is not None
                                                    and rng["max_value"] <= kwargs["max_value"])
        if lo_ok and hi_ok:
            return "accepted_range"
    if kind == "expect_column_pair_values_a_to_be_greater_than_b":
        for pair in checks.get("pairs", []):  # dbt's rule is as strict (a strict > covers GE's or_equal)
            if pair["columns"] == (kwargs["column_A"], kwargs["column_B"]) and (
                    kwargs.get("or_equal") or not pair["or_equal"]):
                return "check constraint"
    return None


def test_no_suite_repeats_a_check_the_dbt_build_makes():
    """One place for each rule: a NOT NULL or CHECK constraint the marts' contracts enforce (value domains,
    ranges, the order of two columns), or a unique test of the dbt build, is not checked again by Great
    Expectations (the build fails before validation would run). The suites keep what dbt does not state: row
    counts, lengths, shares of rows (`mostly`), and ranges, pairs and not-nulls dbt does not check."""
    checks = _dbt_checks()
    assert checks[("fct_targets", "report_year")]["accepted_range"] == {"min_value": 1949, "max_value": 2100}
    assert checks[("fct_targets", None)]["pairs"]  # the contracts' CHECKs are read
    repeated = [f"{table}: {exp['type']} {exp['kwargs']} (dbt: {why})"
                for table, spec in load_suites().items() for exp in spec["expectations"]
                if (why := _repeats_dbt(exp, checks.get((table, exp["kwargs"].get("column")), {})))]
    assert not repeated, "\n".join(repeated)


@pytest.mark.parametrize(("expectation", "checks", "repeated"), [
    (_exp("expect_column_values_to_not_be_null", column="a"), {"not_null": True}, "not_null constraint"),
    (_exp("expect_column_values_to_not_be_null", column="a"), {"unique": None}, None),
    (_exp("expect_column_values_to_be_unique", column="a"), {"unique": None}, "unique"),
    (_exp("expect_column_values_to_be_in_set", column="a", value_set=["x", "y"]),
     {"accepted_values": {"values": ["x"]}}, "accepted_values"),
    (_exp("expect_column_values_to_be_in_set", column="a", value_set=["x"]),
     {"accepted_values": {"values": ["x", "y"]}}, None),  # GE's set is stricter
    (_exp("expect_column_values_to_be_in_set", column="a", value_set=["x"], mostly=0.9),
     {"accepted_values": {"values": ["x"]}}, None),
    (_exp("expect_column_values_to_be_between", column="a", min_value=0),
     {"accepted_range": {"min_value": 0, "max_value": 10}}, "accepted_range"),
    (_exp("expect_column_values_to_be_between", column="a", min_value=0, max_value=5),
     {"accepted_range": {"min_value": 0, "max_value": 10}}, None),  # GE's range is narrower
    (_exp("expect_column_values_to_be_between", column="a", min_value=0), {"accepted_range": {"max_value": 3}}, None),
    (_exp("expect_column_pair_values_a_to_be_greater_than_b", column_A="hi", column_B="lo", or_equal=True),
     {"pairs": [{"columns": ("hi", "lo"), "or_equal": True}]}, "check constraint"),
    (_exp("expect_column_pair_values_a_to_be_greater_than_b", column_A="hi", column_B="lo", or_equal=True),
     {"pairs": [{"columns": ("hi", "lo"), "or_equal": False}]}, "check constraint"),  # dbt's is stricter
    (_exp("expect_column_pair_values_a_to_be_greater_than_b", column_A="hi", column_B="lo"),
     {"pairs": [{"columns": ("hi", "lo"), "or_equal": True}]}, None),  # GE's is stricter
    (_exp("expect_column_pair_values_a_to_be_greater_than_b", column_A="lo", column_B="hi"),
     {"pairs": [{"columns": ("hi", "lo"), "or_equal": False}]}, None),
])
def test_what_counts_as_a_repeated_check(expectation, checks, repeated):
    assert _repeats_dbt(expectation, checks) == repeated


@pytest.mark.parametrize(("expression", "rule"), [
    ("report_year between 1949 and 2100", ("accepted_range", "report_year", {"min_value": 1949, "max_value": 2100})),
    ("weight >= 0.5", ("accepted_range", "weight", {"min_value": 0.5})),
    ("admin_level in ('city', 'town')", ("accepted_values", "admin_level", {"values": ["city", "town"]})),
    ("period_start_year <= period_end_year",
     ("pair", None, {"columns": ("period_end_year", "period_start_year"), "or_equal": True})),
    ("actual_fact_id is null or actual_report_year > target_report_year",
     ("pair", None, {"columns": ("actual_report_year", "target_report_year"), "or_equal": False})),
    ("value is not null or change_value is not null", None),
    ("review_year is null or review_year < report_year + 1", None),
])
def test_how_a_check_constraint_is_read(expression, rule):
    assert _rule_of_check(expression) == rule
