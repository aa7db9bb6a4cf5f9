"""The warehouse overview page: static HTML with Vega-Lite charts (altair), written beside the docs.

Everything the page needs is inside the file: the Vega/Vega-Lite/vega-embed bundle comes from the
vl-convert package (no CDN), the data are inlined in the chart specs. Opened straight from disk or
served by `make docs`.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ingest.duckdb_io import connect

HEADLINE_METRICS = ("gdp", "general_budget_revenue", "fixed_asset_investment", "retail_sales", "new_jobs",
                    "disposable_income", "industrial_value_added", "registered_unemployment_rate")

QUERIES = {
    "facts_per_report": """
        select r.region_name || ' ' || r.report_year as report, k.kind, k.facts
        from marts.dim_report r,
             lateral (select '实际 actual' as kind, r.indicator_count as facts
                      union all select '目标 target', r.target_count) k
        order by r.report_year, r.region_name""",
    "headline_targets": f"""
        select t.region_name, t.report_year, coalesce(m.metric_name_zh, t.metric_name) as metric,
               t.change_value as growth_target, t.comparator
        from marts.fct_targets t join marts.dim_metric m using (metric_code)
        where t.metric_code in {HEADLINE_METRICS} and t.change_value is not null
          and t.period_start_year = t.period_end_year
        order by t.region_name, metric""",
    "target_vs_actual": """
        select region_name, target_year, coalesce(m.metric_name_zh, v.metric_name) as metric, compare_on,
               comparator, target_value, actual_value, gap, status
        from marts.fct_target_vs_actual v left join marts.dim_metric m using (metric_code)
        order by region_name, target_year, metric""",
    "policy_terms": """
        select term, policy_category, sum(occurrences) as occurrences, count(distinct report_id) as reports
        from marts.fct_keywords where term_source = 'policy_term'
        group by term, policy_category order by occurrences desc, term""",
}


@dataclass(frozen=True)
class OverviewData:
    facts_per_report: pd.DataFrame
    headline_targets: pd.DataFrame
    target_vs_actual: pd.DataFrame
    policy_terms: pd.DataFrame


def read_overview_data(warehouse: str | Path) -> OverviewData:
    con = connect(warehouse, read_only=True)
    try:
        return OverviewData(**{name: con.execute(sql).df() for name, sql in QUERIES.items()})
    finally:
        con.close()


# charts stay readable and small at any warehouse size: the latest reports and regions only, counts
# aggregated before they are plotted (Vega-Lite specs carry their data inline)
CHART_MAX_REPORTS = 40
CHART_MAX_POINTS = 2000


def _latest(frame: pd.DataFrame, key: str, limit: int) -> tuple[pd.DataFrame, str]:
    """The rows of the last `limit` values of `key` (frames come ordered oldest first) and a title suffix."""
    keys = list(dict.fromkeys(frame[key]))
    if len(keys) <= limit:
        return frame, ""
    kept = set(keys[-limit:])
    return frame[frame[key].isin(kept)], f", latest {limit} of {len(keys)}"


def build_charts(data: OverviewData) -> dict[str, dict]:
    """Vega-Lite specs (dicts) of the page's charts, keyed by their element id."""
    import altair as alt

    per_report, more = _latest(data.facts_per_report, "report", CHART_MAX_REPORTS)
    facts = alt.Chart(per_report, title=f"每份报告的事实数 (facts per report{more})").mark_bar().encode(
        y=alt.Y("report:N", title="报告 (report)"), x=alt.X("facts:Q", title="事实数 (facts)"),
        color=alt.Color("kind:N", title="类型 (kind)"), tooltip=["report", "kind", "facts"])
    regions = data.headline_targets.sort_values(["report_year", "region_name"], kind="stable")
    regions, more = _latest(regions, "region_name", CHART_MAX_REPORTS)
    headline = alt.Chart(regions, title=f"主要增速目标 (headline growth targets by region{more})").mark_bar()
    headline = headline.encode(
        y=alt.Y("region_name:N", title="地区 (region)"), x=alt.X("growth_target:Q", title="目标增速 % (target growth)"),
        color=alt.Color("metric:N", title="指标 (metric)"), yOffset="metric:N",
        tooltip=["region_name", "report_year", "metric", "growth_target", "comparator"])
    tva = data.target_vs_actual
    counts = tva.groupby(["status", "compare_on"], dropna=False).size().reset_index(name="targets")
    status = alt.Chart(counts, title="目标完成情况 (targets by attainment status)").mark_bar().encode(
        x=alt.X("sum(targets):Q", title="目标数 (targets)"), y=alt.Y("status:N", title="完成情况 (status)"),
        color=alt.Color("compare_on:N", title="比较口径 (compared on)"), tooltip=["status", "compare_on", "targets"])
    compared = tva[tva["actual_value"].notna() & (tva["compare_on"] == "growth")]
    more = ""
    if len(compared) > CHART_MAX_POINTS:
        more = f", latest {CHART_MAX_POINTS} of {len(compared)}"
        compared = compared.sort_values("target_year", kind="stable").tail(CHART_MAX_POINTS)
    scatter = alt.Chart(compared, title=f"增速目标与实际 (growth target vs actual, %{more})")
    scatter = scatter.mark_point(filled=True, size=80).encode(
        x=alt.X("target_value:Q", title="目标 (target)"), y=alt.Y("actual_value:Q", title="实际 (actual)"),
        color=alt.Color("status:N", scale=alt.Scale(domain=["met", "missed"], range=["#2a9d8f", "#e76f51"])),
        tooltip=["region_name", "target_year", "metric", "comparator", "target_value", "actual_value", "gap"])
    terms = alt.Chart(data.policy_terms.head(20), title="政策用语出现次数 (policy terms)").mark_bar().encode(
        y=alt.Y("term:N", sort="-x", title="政策用语 (term)"), x=alt.X("occurrences:Q", title="出现次数"),
        color=alt.Color("policy_category:N", title="类别"), tooltip=["term", "occurrences", "reports"])
    return {"chart-facts": facts.to_dict(), "chart-headline": headline.to_dict(), "chart-status": status.to_dict(),
            "chart-tva": scatter.to_dict(), "chart-terms": terms.to_dict()}


def _table(frame: pd.DataFrame, table_id: str, limit: int = 200) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join("<tr>" + "".join(f"<td>{'' if pd.isna(v) else html.escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in frame.head(limit).itertuples(index=False))
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _script_json(value) -> str:
    """JSON safe inside <script>: no "</script>" or "<!--" can come from the data."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def render_page(data: OverviewData, charts: dict[str, dict], vega_bundle: str) -> str:
    status_counts = data.target_vs_actual.groupby("status").size().to_dict()
    sections = [
        ("facts", "每份报告的事实数 · Facts per report", "chart-facts", ""),
        ("headline", "主要目标 · Headline targets by region", "chart-headline", ""),
        ("tva", "目标与实际 · Target vs actual", "chart-status",
         f'<div id="chart-tva" class="chart"></div><p>met {status_counts.get("met", 0)} · '
         f'missed {status_counts.get("missed", 0)} · unknown {status_counts.get("unknown", 0)}</p>'
         + _table(data.target_vs_actual[data.target_vs_actual["status"] != "unknown"], "table-tva")),
        ("terms", "政策用语 · Policy terms", "chart-terms", ""),
    ]
    body = "".join(f'<section id="{sid}"><h2>{html.escape(title)}</h2><div id="{cid}" class="chart"></div>{extra}'
                   f"</section>" for sid, title, cid, extra in sections)
    embeds = "\n".join(f"vegaEmbed('#{cid}', {_script_json(spec)}, {{actions: false}})"
                       f".catch(console.error);" for cid, spec in charts.items())
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>政府工作报告数据仓库概览 · Government work report warehouse overview</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1100px}} table{{border-collapse:collapse;font-size:13px}}
td,th{{border:1px solid #ccc;padding:2px 6px}}
section > div.chart{{display:block;margin:1em 0}}</style>
<script>{vega_bundle}</script></head>
<body><h1>政府工作报告数据仓库概览</h1>
<p>Government work report warehouse overview: {data.facts_per_report["report"].nunique()} reports.
Model and column documentation: <a href="../docs/index.html">dbt docs</a>.</p>
{body}
<script>{embeds}</script>
</body></html>
"""


def vega_bundle(cache_dir: str | Path) -> str:
    """The Vega, Vega-Lite and vega-embed JavaScript (vl-convert bundles it offline, ~2.5 s), kept in cache_dir
    under the versions it was made for, so the page of a later run reuses it."""
    import vl_convert
    from altair.utils.html import vl_version_for_vl_convert

    version = vl_version_for_vl_convert()
    cache = Path(cache_dir) / f".vega-bundle-{vl_convert.__version__}-{version}.js"
    if cache.is_file():
        return cache.read_text(encoding="utf-8")
    bundle = vl_convert.javascript_bundle(vl_version=version)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_name(cache.name + ".tmp")
    tmp.write_text(bundle, encoding="utf-8")
    tmp.replace(cache)
    return bundle


def write_overview(warehouse: str | Path, out_dir: str | Path) -> Path:
    """Write <out_dir>/index.html from the marts of `warehouse`."""
    data = read_overview_data(warehouse)
    out = Path(out_dir).resolve()
    page = render_page(data, build_charts(data), vega_bundle(out))
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(path)
    return path
