"""The target panel for economists: marts.fct_target_panel as CSV (UTF-8 with BOM, for Excel), Stata .dta (variable
labels from the dbt docs) and Parquet; and its agreement with a panel typed by hand from the reports.

    python -m ingest.warehouse.panel --warehouse warehouse/gov_reports.duckdb --out warehouse/panel     (make panel)
    python -m ingest.warehouse.panel --warehouse corpus.duckdb --compare tests/corpus_panel/hand_panel.csv

Stata allows 32 characters in a variable name: each headline metric's columns take its short name (var
`headline_metrics` of dbt_project.yml: general_budget_revenue → revenue, so revenue_low, revenue_status …).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from ingest.config import DBT_PROJECT_DIR
from ingest.duckdb_io import connect

PANEL = "marts.fct_target_panel"
STATA_NAME_MAX = 32
STATA_LABEL_MAX = 80


def headline_metrics() -> dict[str, str]:
    """Metric code → its short (Stata) name, in the panel's order."""
    config = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return dict(config["vars"]["headline_metrics"])


def read_panel(warehouse: str | Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """The panel's rows and its column comments (the bilingual descriptions persisted by dbt, else none)."""
    con = connect(warehouse, read_only=True)
    try:
        frame = con.execute(f"select * from {PANEL} order by region_name, horizon, period_start_year").df()
        comments = dict(con.execute(
            "select column_name, comment from duckdb_columns() where schema_name = 'marts' "
            "and table_name = 'fct_target_panel' and comment is not null").fetchall())
    finally:
        con.close()
    return frame, comments


def stata_names(columns: list[str], metrics: dict[str, str]) -> dict[str, str]:
    """Column → Stata variable name: a metric's code replaced by its short name (gdp_low stays gdp_low)."""
    out = {}
    for col in columns:
        name = col
        for code, short in metrics.items():
            if col.startswith(code + "_"):
                name = short + col[len(code):]
                break
        if len(name) > STATA_NAME_MAX:
            raise ValueError(f"panel column {col} is {len(name)} characters in Stata (max {STATA_NAME_MAX}): give "
                             "its metric a shorter name in var headline_metrics of dbt_project.yml")
        out[col] = name
    return out


def _labels(names: dict[str, str], comments: dict[str, str]) -> dict[str, str]:
    return {names[c]: (comments.get(c) or c)[:STATA_LABEL_MAX] for c in names}


def export_panel(warehouse: str | Path, out_dir: str | Path) -> list[Path]:
    """Write the panel as fct_target_panel.csv (UTF-8 with BOM), .dta (Stata 118, labelled) and .parquet."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frame, comments = read_panel(warehouse)
    csv_path, dta_path, parquet_path = (out / f"fct_target_panel.{ext}" for ext in ("csv", "dta", "parquet"))
    frame.to_csv(csv_path, index=False, encoding="utf-8-sig")
    con = connect(warehouse, read_only=True)
    try:  # DuckDB writes the Parquet file (no pyarrow needed), with the table's types
        con.execute(f"copy (select * from {PANEL} order by region_name, horizon, period_start_year) "
                    f"to '{parquet_path.as_posix()}' (format parquet)")
    finally:
        con.close()
    names = stata_names(list(frame.columns), headline_metrics())
    stata = frame.rename(columns=names)
    for col in stata.columns:  # Stata has no nullable booleans: 0/1 with missing
        if stata[col].dtype == bool or str(stata[col].dtype) == "boolean":
            stata[col] = stata[col].astype("float64")
    text = [c for c in stata.columns if stata[c].dtype == object]
    stata[text] = stata[text].fillna("")
    long_text = [c for c in text if stata[c].str.len().max() > 2000]
    stata.to_stata(dta_path, write_index=False, version=118, variable_labels=_labels(names, comments),
                   convert_strl=long_text, data_label="gov_reports target panel (fct_target_panel)")
    return [csv_path, dta_path, parquet_path]


# ------------------------------------------------------------------------------------------ the hand-typed panel


@dataclass(frozen=True)
class CellCheck:
    doc: str
    metric_code: str
    hand: str
    panel: str
    agrees: bool


def _num(text: str | None) -> float | None:
    return None if text in (None, "") else float(text)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _cell_agrees(hand: dict, row: dict | None, code: str) -> bool:
    if row is None or row.get(f"{code}_fact_id") is None:
        return False
    if hand["measure"] == "none":
        return row[f"{code}_measure"] == "none" and (row[f"{code}_comparator"] or "") == hand["comparator"]
    low, high = _num(hand["low"]), _num(hand["high"])
    if not _same(abs(low), abs(row[f"{code}_low"]) if row[f"{code}_low"] is not None else None):
        return False  # a fall written 下降3% may be kept as 3 with the verb's sign in the measure: compare sizes
    if hand["comparator"] == "range":
        return _same(high, row[f"{code}_high"])
    return row[f"{code}_comparator"] == hand["comparator"] and _same(high, row[f"{code}_high"])


def compare_with_hand(warehouse: str | Path, hand_csv: str | Path) -> list[CellCheck]:
    """Every cell of the hand-typed panel (one row per report and headline metric) against the panel's year row of
    the same report (urban and rural incomes, which the hand table lists apart, are not headline cells)."""
    frame, _ = read_panel(warehouse)
    con = connect(warehouse, read_only=True)
    try:
        regions = dict(con.execute("select source_file, region_name from marts.dim_report").fetchall())
    finally:
        con.close()
    years = frame[frame.horizon == "year"]
    years = years.astype(object).where(pd.notna(years), None)  # missing cells as None, not NaN
    rows = {(r["region_name"], r["period_start_year"]): r for r in years.to_dict("records")}
    checks = []
    with Path(hand_csv).open(encoding="utf-8") as fh:
        for hand in csv.DictReader(fh):
            code = hand["metric_code"]
            if code not in headline_metrics() or any(w in hand["note"] for w in ("urban", "rural")):
                continue
            row = rows.get((regions.get(hand["doc"] + ".txt"), int(hand["plan_year"])))
            shown = "—" if row is None or row.get(f"{code}_fact_id") is None else (
                f"{row[f'{code}_low']}–{row[f'{code}_high']} {row[f'{code}_comparator']} ({row[f'{code}_measure']})")
            checks.append(CellCheck(hand["doc"], code, f"{hand['low']}–{hand['high']} {hand['comparator']}", shown,
                                    _cell_agrees(hand, row, code)))
    return checks


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest.warehouse.panel", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warehouse", required=True)
    ap.add_argument("--out", help="folder for fct_target_panel.csv, .dta and .parquet")
    ap.add_argument("--compare", help="a hand-typed panel (CSV) to compare the panel with")
    a = ap.parse_args(argv)
    if a.out:
        for path in export_panel(a.warehouse, a.out):
            print(f"wrote {path}")
    if a.compare:
        checks = compare_with_hand(a.warehouse, a.compare)
        for c in checks:
            if not c.agrees:
                print(f"  ✗ {c.doc} {c.metric_code}: by hand {c.hand}, panel {c.panel}")
        agree = sum(c.agrees for c in checks)
        print(json.dumps({"cells": len(checks), "agree": agree, "agreement": round(agree / max(1, len(checks)), 4)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
