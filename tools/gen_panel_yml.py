#!/usr/bin/env python3
"""Write the contract and docs of marts.fct_target_panel (dbt_project/models/marts/_fct_target_panel.yml).

The panel has a column group per headline metric (var `headline_metrics` of dbt_project.yml); each group's
columns, types, constraints and bilingual descriptions follow from the metric's catalogue entry
(seeds/metrics.csv). Run after changing the list:  python tools/gen_panel_yml.py
tests/unit/test_panel_contract.py fails while the file is not current.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DBT = ROOT / "dbt_project"
OUT = DBT / "models" / "marts" / "_fct_target_panel.yml"

KEYS = [
    ("panel_id", "varchar", "面板行编号 (panel row id): md5 of region, horizon and period.", True),
    ("region_name", "varchar", "{{ doc('region_name') }}", True),
    ("region_id", "varchar", "{{ doc('region_id') }}", True),
    ("admin_level", "varchar", "{{ doc('admin_level') }}", False),
    ("adcode", "varchar", "行政区划代码 (administrative division code) of the region, from dim_region.", False),
    ("province_name", "varchar", "所属省份 (province) of the region, from dim_region.", False),
    ("horizon", "varchar", "目标期限 (horizon): year (the year's main targets, 年度主要预期目标) "
     "or five_year (the goals of a five-year plan, 五年规划目标).", True),
    ("period_start_year", "integer", "起始年份 (first year) of the period the targets are for.", True),
    ("period_end_year", "integer", "结束年份 (last year) of the period the targets are for.", True),
    ("report_year", "integer", "报告年份 (report year) of the report that set the targets.", True),
    ("filled_cells", "integer", "已填指标数 (filled cells): headline metrics with a target in this row.", True),
    ("conflict_cells", "integer", "冲突指标数 (conflicting cells): headline metrics stated twice with different "
     "targets in this row.", True),
]

GROUP = [  # (suffix, type, description: {zh} and {en} are the metric's names)
    ("fact_id", "varchar", "目标事实编号 (target fact id) in fct_targets of the {zh} ({en}) target shown"),
    ("low", "double", "目标值/下限 (target, lower end) of {zh} ({en}): the growth rate for a growth target, "
     "the level for a level target"),
    ("high", "double", "目标上限 (upper end) of a {zh} ({en}) target range, else empty"),
    ("unit", "varchar", "单位 (unit) of the {zh} ({en}) target: % or 个百分点 for growth, "
     "the unit as written for a level"),
    ("measure", "varchar", "目标口径 (measure) of the {zh} ({en}) target: growth, level, "
     "or none (a target without a number)"),
    ("comparator", "varchar", "比较方式 (comparator) of the {zh} ({en}) target: approx, at_least, at_most, "
     "flat, in_step, met, exact"),
    ("comparator_text", "varchar", "比较用语 (comparator words) of the {zh} ({en}) target as written (左右, 以上 …)"),
    ("sentence", "varchar", "原文 (source sentence) of the {zh} ({en}) target"),
    ("conflict", "boolean", "是否冲突 (conflict): the report states two different {zh} ({en}) targets "
     "for this period"),
    ("candidates", "integer", "候选目标数 (candidates): distinct {zh} ({en}) targets stated for this period"),
    ("other_sentences", "varchar", "其他表述 (other sentences) of a conflicting {zh} ({en}) target, joined by ‖"),
    ("outcome", "double", "实际完成 (outcome) of {zh} ({en}) reported in a later report, "
     "in the target's measure and unit"),
    ("status", "varchar", "完成情况 (attainment) of the {zh} ({en}) target: met, missed or unknown "
     "(macros/attainment.sql)"),
]
CHECKS = {
    "measure": "{c} in ('growth', 'level', 'none')",
    "comparator": "{c} in ('approx', 'at_least', 'at_most', 'flat', 'in_step', 'met', 'exact')",
    "status": "{c} in ('met', 'missed', 'unknown')",
    "candidates": "{c} >= 1",
}


def headline_metrics() -> list[str]:
    return yaml.safe_load((DBT / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]["headline_metrics"]


def catalogue() -> dict[str, dict]:
    with (DBT / "seeds" / "metrics.csv").open(encoding="utf-8") as fh:
        return {row["metric_code"]: row for row in csv.DictReader(fh)}


def _column(name: str, data_type: str, description: str, not_null: bool, check: str | None = None) -> dict:
    col: dict = {"name": name, "data_type": data_type, "description": description}
    constraints = ([{"type": "not_null"}] if not_null else []) + ([{"type": "check", "expression": check}] if check
                                                                    else [])
    if constraints:
        col["constraints"] = constraints
    return col


def model() -> dict:
    metrics, names = headline_metrics(), catalogue()
    columns = [_column(n, t, d, nn) for n, t, d, nn in KEYS]
    columns[0]["data_tests"] = ["unique"]
    columns[1]["data_tests"] = [{"relationships": {"arguments": {"to": "ref('dim_region')", "field": "region_name"}}}]
    for code in metrics:
        entry = names[code]
        for suffix, data_type, text in GROUP:
            col = f"{code}_{suffix}"
            check = CHECKS.get(suffix, "").format(c=col) or None
            description = text.format(zh=entry["name_zh"], en=entry["name_en"]) + "."
            columns.append(_column(col, data_type, description, suffix == "conflict", check))
    return {
        "name": "fct_target_panel",
        "description": "目标面板 (target panel): one row per region and plan period — a year (the year's main targets) "
                       "or a five-year plan (its goals) — with a column group per headline metric: the target (low, "
                       "high, unit, measure, comparator and its words, source sentence), the outcome reported a year "
                       "later and the attainment status. A cell the report states twice with different targets is "
                       "flagged (conflict, candidates, other sentences), never silently resolved. `make panel` writes "
                       "it as CSV (UTF-8 with BOM), Stata .dta and Parquet.",
        "constraints": [
            {"type": "check", "expression": "horizon in ('year', 'five_year')"},
            {"type": "check", "expression": "period_start_year <= period_end_year"},
            {"type": "check", "expression": "horizon <> 'year' or period_start_year = period_end_year"},
        ],
        "data_tests": [{"unique_combination": {"arguments": {
            "combination_of_columns": ["region_name", "horizon", "period_start_year", "period_end_year"]}}}],
        "columns": columns,
    }


def render() -> str:
    head = ("# Generated by tools/gen_panel_yml.py from var headline_metrics (dbt_project.yml) and seeds/metrics.csv:\n"
            "# edit those, then run the tool. tests/unit/test_panel_contract.py checks this file is current.\n")
    return head + yaml.safe_dump({"version": 2, "models": [model()]}, allow_unicode=True, sort_keys=False, width=118)


def main() -> int:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(model()['columns'])} columns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
