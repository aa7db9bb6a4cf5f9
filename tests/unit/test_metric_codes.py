"""Codes by meaning: a metric name gets the code of the longest alias it ends with only when the words before the
alias are scope words (the whole region, a time, a verb); a part of the metric gets no code. The rule is dbt's
(int_fact_metric_codes.sql); tools/dev_score.py's copy is checked against the warehouse in
tests/integration/test_real_reports.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("dev_score", ROOT / "tools" / "dev_score.py")
dev_score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dev_score)
ALIASES = dev_score.load_aliases()


@pytest.mark.parametrize(("name", "code"), [
    ("地区生产总值", "gdp"),
    ("全省地区生产总值", "gdp"),
    ("经济", "gdp"),  # 经济增长5%左右
    ("人均地区生产总值", None),  # per person: a code of its own or none
    ("南疆五地州地区生产总值", None),  # a sub-region
    ("海洋生产总值", None),  # a sector
    ("区本级固定资产投资", None),
    ("工业固定资产投资", None),
    ("全社会固定资产投资", "fixed_asset_investment"),
    ("年均新增城镇就业", "new_jobs"),
    ("东盟进出口", None),
    ("新三样出口", None),
    ("外贸进出口", "trade_total"),
    ("城乡居民人均可支配收入", "disposable_income"),
    ("城镇人均可支配收入", "urban_disposable_income"),
    ("农村牧区常住居民人均可支配收入", "rural_disposable_income"),
    ("脱贫地区农村居民人均可支配收入", None),
    ("数字经济", None),
    ("实现地区生产总值", "gdp"),
])
def test_a_code_names_the_whole_metric_of_the_region(name: str, code: str | None) -> None:
    assert dev_score.metric_code_of(name, ALIASES) == code
