"""The overview page from small frames: one vegaEmbed call per chart, escaped tables, the counts by status."""

from __future__ import annotations

import pandas as pd

from ingest.overview import OverviewData, build_charts, render_page


def _data() -> OverviewData:
    return OverviewData(
        facts_per_report=pd.DataFrame({"report": ["正定县 2023", "正定县 2023", "正定县 2024", "正定县 2024"],
                                       "kind": ["实际 actual", "目标 target"] * 2, "facts": [4, 5, 5, 4]}),
        headline_targets=pd.DataFrame({"region_name": ["正定县"], "report_year": [2023], "metric": ["地区生产总值"],
                                       "growth_target": [6.0], "comparator": ["approx"]}),
        target_vs_actual=pd.DataFrame({
            "region_name": ["正定县", "正定县", "<b>县</b>"], "target_year": [2023, 2023, 2024],
            "metric": ["地区生产总值", "一般公共预算收入", "地区生产总值"], "compare_on": ["growth"] * 3,
            "comparator": ["approx", "at_least", "approx"], "target_value": [6.0, 7.0, 6.0],
            "actual_value": [6.3, 6.2, None], "gap": [0.3, -0.8, None], "status": ["met", "missed", "unknown"]}),
        policy_terms=pd.DataFrame({"term": ["新质生产力"], "policy_category": ["development"], "occurrences": [2],
                                   "reports": [2]}),
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


def test_page_embeds_each_chart_once_and_counts_statuses():
    data = _data()
    page = render_page(data, build_charts(data), "/* vega bundle */")
    assert page.count("vegaEmbed('#") == 5
    assert "/* vega bundle */" in page and "2 reports" in page
    assert "met 1 · missed 1 · unknown 1" in page
    assert '<table id="table-tva">' in page and "<td>一般公共预算收入</td>" in page
    assert "&lt;b&gt;县&lt;/b&gt;" not in page  # unknown targets are not in the table
    assert "<b>县</b>" not in page and "\\u003cb\\u003e县" in page  # data never closes a tag in the page


def test_the_vega_bundle_is_made_once_and_reused(tmp_path, monkeypatch):
    import vl_convert

    from ingest import overview

    calls = []
    real = vl_convert.javascript_bundle
    monkeypatch.setattr(vl_convert, "javascript_bundle", lambda **kw: calls.append(kw) or real(**kw))
    first = overview.vega_bundle(tmp_path)
    assert "vegaEmbed" in first and len(calls) == 1
    assert overview.vega_bundle(tmp_path) == first and len(calls) == 1  # from the cache file
    (cached,) = tmp_path.glob(".vega-bundle-*.js")
    cached.unlink()
    assert overview.vega_bundle(tmp_path) == first and len(calls) == 2
