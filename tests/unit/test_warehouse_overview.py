"""The overview page from small frames: the charts' specs and rows, no stacking, filters, empty states, escaped
tables, the counts by status."""

from __future__ import annotations

import pandas as pd

from ingest.site import overview
from ingest.site.overview import OverviewData, build_charts, render_page


def _data() -> OverviewData:
    return OverviewData(
        facts_per_report=pd.DataFrame({"region_name": ["正定县"] * 4, "year": [2023, 2023, 2024, 2024],
                                       "report": ["正定县 2023", "正定县 2023", "正定县 2024", "正定县 2024"],
                                       "kind": ["实际 actual", "目标 target"] * 2, "facts": [4, 5, 5, 4]}),
        headline_targets=pd.DataFrame({"region_name": ["<b>县</b>", "正定县", "正定县"], "year": [2023, 2023, 2024],
                                       "metric": ["地区生产总值"] * 3, "growth_target": [6.0, 6.5, 6.0],
                                       "comparator": ["approx"] * 3}),
        target_vs_actual=pd.DataFrame({
            "region_name": ["正定县", "正定县", "<b>县</b>"], "year": [2023, 2023, 2024],
            "metric": ["地区生产总值", "一般公共预算收入", "地区生产总值"], "compare_on": ["growth"] * 3,
            "comparator": ["approx", "at_least", "approx"], "target_value": [6.0, 7.0, 6.0],
            "actual_value": [6.3, 6.2, None], "gap": [0.3, -0.8, None], "status": ["met", "missed", "unknown"]}),
        policy_terms=pd.DataFrame({"region_name": ["正定县"], "year": [2024], "term": ["新质生产力"],
                                   "policy_category": ["development"], "occurrences": [2]}),
    )


def test_every_chart_is_a_vega_lite_spec_with_its_data():
    charts = build_charts(_data())
    assert set(charts) == {"chart-facts", "chart-headline", "chart-status", "chart-tva", "chart-terms"}
    for spec in charts.values():
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
        assert spec["datasets"]
    # only targets with an actual are plotted against it
    (rows,) = charts["chart-tva"]["datasets"].values()
    assert {r["status"] for r in rows} == {"met", "missed"}
    # every row carries the fields the page's filters apply to
    for cid, spec in charts.items():
        for row in next(iter(spec["datasets"].values())):
            assert {f for f in overview.FILTER_FIELDS[cid].values() if f} <= set(row), (cid, row)


def test_nothing_is_stacked_years_of_a_target_are_side_by_side():
    charts = build_charts(_data())
    for cid in ("chart-facts", "chart-headline", "chart-status"):
        assert charts[cid]["encoding"]["x"]["stack"] is None, cid
    headline = charts["chart-headline"]["encoding"]
    assert headline["yOffset"]["field"] == headline["color"]["field"] == "year"  # one bar per year
    (rows,) = charts["chart-headline"]["datasets"].values()
    assert sorted((r["target"], r["year"]) for r in rows if r["region_name"] == "正定县") == [
        ("正定县 · 地区生产总值", 2023), ("正定县 · 地区生产总值", 2024)]


def test_page_embeds_each_chart_once_and_counts_statuses():
    data = _data()
    page = render_page(data, build_charts(data), "/* vega bundle */")
    assert page.count("vegaEmbed(") == 1 and page.count('class="chart"') == 5  # one call draws each chart
    assert "/* vega bundle */" in page and "2 reports" in page
    assert "met 1 · missed 1 · unknown 1" in page
    for key in ("region", "year", "metric"):
        assert f'<select id="filter-{key}">' in page
    assert '"year": [2023, 2024]' in page and '"正定县"' in page  # the filters' options
    assert overview.EMPTY["chart-tva"] in page  # what an empty chart says
    assert '<table id="table-tva">' in page and "<td>一般公共预算收入</td>" in page
    assert "&lt;b&gt;县&lt;/b&gt;" not in page  # unknown targets are not in the table
    assert "<b>县</b>" not in page and "\\u003cb\\u003e县" in page  # data never closes a tag in the page


def test_the_vega_bundle_is_made_once_and_reused(tmp_path, monkeypatch):
    import vl_convert

    from ingest.site import overview

    calls = []
    real = vl_convert.javascript_bundle
    monkeypatch.setattr(vl_convert, "javascript_bundle", lambda **kw: calls.append(kw) or real(**kw))
    first = overview.vega_bundle(tmp_path)
    assert "vegaEmbed" in first and len(calls) == 1
    assert overview.vega_bundle(tmp_path) == first and len(calls) == 1  # from the cache file
    (cached,) = tmp_path.glob(".vega-bundle-*.js")
    cached.unlink()
    assert overview.vega_bundle(tmp_path) == first and len(calls) == 2


def test_charts_stay_small_on_a_large_warehouse():
    """1,000 reports: the charts show the latest reports and regions, counts are aggregated before plotting."""
    from ingest.site import overview

    n = 1000
    regions = [f"第{i}县" for i in range(n)]
    data = OverviewData(
        facts_per_report=pd.DataFrame({"region_name": [r for r in regions for _ in (0, 1)], "year": [2024] * (2 * n),
                                       "report": [f"{r} 2024" for r in regions for _ in (0, 1)],
                                       "kind": ["实际 actual", "目标 target"] * n, "facts": [5, 3] * n}),
        headline_targets=pd.DataFrame({"region_name": regions * 3, "year": [2024] * (3 * n),
                                       "metric": ["地区生产总值"] * (3 * n), "growth_target": [6.0] * (3 * n),
                                       "comparator": ["approx"] * (3 * n)}),
        target_vs_actual=pd.DataFrame({
            "region_name": regions * 30, "year": list(range(30 * n)), "metric": ["地区生产总值"] * (30 * n),
            "compare_on": ["growth"] * (30 * n), "comparator": ["approx"] * (30 * n),
            "target_value": [6.0] * (30 * n), "actual_value": [6.5] * (30 * n), "gap": [0.5] * (30 * n),
            "status": ["met", "missed"] * (15 * n)}),
        policy_terms=pd.DataFrame({"region_name": regions * 3, "year": [2024] * (3 * n),
                                   "term": ["新质生产力"] * (3 * n), "policy_category": ["development"] * (3 * n),
                                   "occurrences": [2] * (3 * n)}),
    )
    charts = build_charts(data)
    rows = {cid: len(next(iter(spec["datasets"].values()))) for cid, spec in charts.items()}
    assert rows["chart-facts"] == 2 * overview.CHART_MAX_REPORTS
    assert "latest 40 of 1000" in charts["chart-facts"]["title"]
    shown = {r["region_name"] for r in next(iter(charts["chart-headline"]["datasets"].values()))}
    assert shown == set(sorted(regions)[-40:])  # the latest report year first, then by name
    assert rows["chart-status"] == overview.CHART_MAX_POINTS  # counts per region, year, metric, status
    assert rows["chart-tva"] == overview.CHART_MAX_POINTS
    assert min(r["year"] for r in next(iter(charts["chart-tva"]["datasets"].values()))) == 30 * n - 2000
    assert rows["chart-terms"] == overview.CHART_MAX_POINTS
    page = render_page(data, charts, "")
    assert "met 15000 · missed 15000" in page and "1000 reports" in page
