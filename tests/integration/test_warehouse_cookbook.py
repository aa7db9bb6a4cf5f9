"""Every query of docs/cookbook.md runs on the seeds' warehouse and gives the answers the cookbook quotes."""

from __future__ import annotations

import pytest
from warehouse_helpers import cookbook_queries, query

pytestmark = pytest.mark.integration

QUERIES = cookbook_queries()


def test_cookbook_has_the_common_questions():
    assert {"targets_of_region", "gdp_growth_targets", "targets_met_missed", "attainment_summary",
            "largest_investments", "policy_terms_by_year", "top_plan_terms"} <= set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_cookbook_query_runs(seeds_run, name):
    rows = query(seeds_run["warehouse"], QUERIES[name])
    # the seeds have no region with two consecutive reports, and no province (tests/integration/test_real_reports.py
    # runs the panel's queries on the real corpus)
    if name not in ("targets_met_missed", "panel_targets_by_province"):
        assert rows, name


def test_cookbook_answers_on_the_seeds(seeds_run):
    wh = seeds_run["warehouse"]
    targets = query(wh, QUERIES["targets_of_region"])
    assert len(targets) >= 25  # 33 when written; the extractor may find a few more or fewer
    assert any(r[1] == "fixed_asset_investment" and r[5] == 8 and r[7] == "at_least" for r in targets)
    gdp = {(r[0], r[2]): r[3] for r in query(wh, QUERIES["gdp_growth_targets"])}
    assert gdp == {("天津市 › 西青区", 2021): 6.6, ("天津市 › 静海区", 2021): 4.0}
    summary = query(wh, QUERIES["attainment_summary"])  # five regions, one report each: nothing to compare yet
    assert {r[0] for r in summary} == {"unknown"} and {r[1] for r in summary} == {"growth", "level"}
    assert sum(r[2] for r in summary) == query(wh, "select count(*) from marts.fct_targets")[0][0]
    top = query(wh, QUERIES["largest_investments"])[0]
    assert (top[0], top[3], top[4], top[5], top[2]) == ("天津市静海区", "固定资产投资", 1070.0, "亿元", "review_5y")
    terms = {(r[0], r[1]): r[2] for r in query(wh, QUERIES["policy_terms_by_year"])}
    assert terms[(2021, "高质量发展")] > 0 and terms[(2023, "疫情防控")] > 0
