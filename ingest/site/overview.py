"""The warehouse overview page: static HTML with Vega-Lite charts (altair), written beside the docs.

Everything the page needs is inside the file: the Vega/Vega-Lite/vega-embed bundle comes from the
vl-convert package (no CDN), the data are inlined in the chart specs. Opened straight from disk or
served by `make docs`. It is the run's snapshot that needs no server; the interactive dashboards are
Superset's (`make bi`, bi/superset/).

* Filters: region, year and metric (select boxes above the charts) filter every chart and the table in
  the page itself (each chart's rows carry the fields; a chart without a metric ignores that filter).
* Nothing is stacked: targets of different years, actuals and targets, growth and level comparisons
  are bars side by side (yOffset), never added into one bar.
* A chart without rows says why instead of drawing empty axes (EMPTY).
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
        select r.region_name, r.report_year as year, r.region_name || ' ' || r.report_year as report, k.kind,
               k.facts
        from marts.dim_report r,
             lateral (select '实际 actual' as kind, r.indicator_count as facts
                      union all select '目标 target', r.target_count) k
        order by r.report_year, r.region_name""",
    "headline_targets": f"""
        select t.region_name, t.report_year as year, coalesce(m.metric_name_zh, t.metric_name) as metric,
               t.change_value as growth_target, t.comparator
        from marts.fct_targets t join marts.dim_metric m using (metric_code)
        where t.metric_code in {HEADLINE_METRICS} and t.change_value is not null
          and t.period_start_year = t.period_end_year
        order by t.region_name, metric""",
    "target_vs_actual": """
        select region_name, target_year as year, coalesce(m.metric_name_zh, v.metric_name) as metric, compare_on,
               comparator, target_value, actual_value, gap, status
        from marts.fct_target_vs_actual v left join marts.dim_metric m using (metric_code)
        order by region_name, target_year, metric""",
    "policy_terms": """
        select region_name, report_year as year, term, policy_category, sum(occurrences) as occurrences
        from marts.fct_keywords where term_source = 'policy_term'
        group by all order by occurrences desc, term""",
}

# what a chart says when no row is left (none in the warehouse, or none under the filters)
EMPTY = {
    "chart-facts": "没有报告 · No report under these filters.",
    "chart-headline": "没有主要增速目标 · No headline growth target under these filters: the reports set none of the "
                      "headline metrics (GDP, budget revenue, investment, retail sales, jobs, income, industrial value "
                      "added, unemployment) as a growth rate for one year.",
    "chart-status": "没有目标 · No target under these filters.",
    "chart-tva": "尚无可比较的目标 · No target has been compared with an actual yet: a target is compared when the "
                 "warehouse holds a later report of the same region that states that year's figure. Load consecutive "
                 "years of a region (e.g. its 2023 and 2024 reports) to see targets against actuals.",
    "chart-terms": "没有政策用语 · No policy term in the reports under these filters.",
    "table-tva": "没有已比较的目标 · No target compared with an actual under these filters.",
}
# the fields of each chart's rows that the page's filters (region, year, metric) apply to; None: not filtered
FILTER_FIELDS = {
    "chart-facts": {"region": "region_name", "year": "year", "metric": None},
    "chart-headline": {"region": "region_name", "year": "year", "metric": "metric"},
    "chart-status": {"region": "region_name", "year": "year", "metric": "metric"},
    "chart-tva": {"region": "region_name", "year": "year", "metric": "metric"},
    "chart-terms": {"region": "region_name", "year": "year", "metric": None},
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


def _tail(frame: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, str]:
    """At most `limit` rows, the latest years kept, and a title suffix."""
    if len(frame) <= limit:
        return frame, ""
    return frame.sort_values("year", kind="stable").tail(limit), f", latest {limit} of {len(frame)}"


def build_charts(data: OverviewData) -> dict[str, dict]:
    """Vega-Lite specs (dicts) of the page's charts, keyed by their element id."""
    import altair as alt

    per_report, more = _latest(data.facts_per_report, "report", CHART_MAX_REPORTS)
    facts = alt.Chart(per_report, title=f"每份报告的事实数 (facts per report{more})").mark_bar().encode(
        y=alt.Y("report:N", title="报告 (report)"), x=alt.X("facts:Q", title="事实数 (facts)", stack=None),
        color=alt.Color("kind:N", title="类型 (kind)"), yOffset="kind:N", tooltip=["report", "kind", "facts"])
    regions = data.headline_targets.sort_values(["year", "region_name"], kind="stable")
    regions, more = _latest(regions, "region_name", CHART_MAX_REPORTS)
    regions = regions.assign(target=regions["region_name"] + " · " + regions["metric"])
    # one row per region and metric, one bar per year in it: a year's target is never added to another's
    headline = alt.Chart(regions, title=f"主要增速目标 (headline growth targets by region and year{more})")
    headline = headline.mark_bar().encode(
        y=alt.Y("target:N", title="地区 · 指标 (region · metric)"),
        x=alt.X("growth_target:Q", title="目标增速 % (target growth)", stack=None),
        color=alt.Color("year:N", title="年份 (year)"), yOffset="year:N",
        tooltip=["region_name", "year", "metric", "growth_target", "comparator"])
    tva = data.target_vs_actual
    counts = (tva.groupby(["region_name", "year", "metric", "status", "compare_on"], dropna=False).size()
              .reset_index(name="targets"))
    counts, more = _tail(counts, CHART_MAX_POINTS)
    status = alt.Chart(counts, title=f"目标完成情况 (targets by attainment status{more})").mark_bar().encode(
        x=alt.X("sum(targets):Q", title="目标数 (targets)", stack=None), y=alt.Y("status:N", title="完成情况 (status)"),
        color=alt.Color("compare_on:N", title="比较口径 (compared on)"), yOffset="compare_on:N",
        tooltip=["status", "compare_on", "sum(targets):Q"])
    compared = tva[tva["actual_value"].notna() & (tva["compare_on"] == "growth")]
    compared, more = _tail(compared, CHART_MAX_POINTS)
    scatter = alt.Chart(compared, title=f"增速目标与实际 (growth target vs actual, %{more})")
    scatter = scatter.mark_point(filled=True, size=80).encode(
        x=alt.X("target_value:Q", title="目标 (target)"), y=alt.Y("actual_value:Q", title="实际 (actual)"),
        color=alt.Color("status:N", scale=alt.Scale(domain=["met", "missed"], range=["#2a9d8f", "#e76f51"])),
        tooltip=["region_name", "year", "metric", "comparator", "target_value", "actual_value", "gap"])
    terms, more = _tail(data.policy_terms, CHART_MAX_POINTS)
    terms = alt.Chart(terms, title=f"政策用语出现次数 (policy terms, top 20{more})").transform_aggregate(
        occurrences="sum(occurrences)", groupby=["term", "policy_category"],
    ).transform_window(rank="row_number()", sort=[alt.SortField("occurrences", order="descending")]
    ).transform_filter("datum.rank <= 20").mark_bar().encode(
        y=alt.Y("term:N", sort="-x", title="政策用语 (term)"), x=alt.X("occurrences:Q", title="出现次数"),
        color=alt.Color("policy_category:N", title="类别"), tooltip=["term", "policy_category", "occurrences:Q"])
    return {"chart-facts": facts.to_dict(), "chart-headline": headline.to_dict(), "chart-status": status.to_dict(),
            "chart-tva": scatter.to_dict(), "chart-terms": terms.to_dict()}


def _table(frame: pd.DataFrame, table_id: str, limit: int = 200) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        f'<tr data-region="{html.escape(str(row.region_name))}" data-year="{html.escape(str(row.year))}" '
        f'data-metric="{html.escape(str(row.metric))}">'
        + "".join(f"<td>{'' if pd.isna(v) else html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.head(limit).itertuples(index=False))
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _script_json(value) -> str:
    """JSON safe inside <script>: no "</script>" or "<!--" can come from the data."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def _options(data: OverviewData) -> dict[str, list]:
    """The values each filter offers: every region, year and metric of the page's rows."""
    frames = (data.facts_per_report, data.headline_targets, data.target_vs_actual, data.policy_terms)
    regions = sorted({str(v) for f in frames for v in f["region_name"].dropna()})
    years = sorted({int(v) for f in frames for v in f["year"].dropna()})
    metrics = sorted({str(v) for f in (data.headline_targets, data.target_vs_actual) for v in f["metric"].dropna()})
    return {"region": regions, "year": years, "metric": metrics}


# filters every chart's inline rows and the table in the browser, draws a chart again or says why it is empty
PAGE_SCRIPT = """
const SPECS = %(specs)s, EMPTY = %(empty)s, FIELDS = %(fields)s, OPTIONS = %(options)s;
const pick = {region: '', year: '', metric: ''};
function keep(row, fields) {
  return Object.entries(pick).every(([k, v]) => !v || !fields[k] || String(row[fields[k]]) === v);
}
function draw() {
  for (const [id, spec] of Object.entries(SPECS)) {
    const el = document.getElementById(id), copy = JSON.parse(JSON.stringify(spec));
    let rows = 0;
    for (const name of Object.keys(copy.datasets || {})) {
      copy.datasets[name] = copy.datasets[name].filter(row => keep(row, FIELDS[id]));
      rows += copy.datasets[name].length;
    }
    el.innerHTML = '';
    if (rows === 0) {
      el.classList.add('empty');
      el.textContent = EMPTY[id];
    } else {
      el.classList.remove('empty');
      vegaEmbed('#' + id, copy, {actions: false}).catch(console.error);
    }
  }
  const counts = {met: 0, missed: 0, unknown: 0};
  for (const row of Object.values(SPECS['chart-status'].datasets)[0]) {
    if (keep(row, FIELDS['chart-status'])) counts[row.status] = (counts[row.status] || 0) + row.targets;
  }
  document.getElementById('status-counts').textContent =
    `met ${counts.met} · missed ${counts.missed} · unknown ${counts.unknown}`;
  let shown = 0;
  for (const tr of document.querySelectorAll('#table-tva tbody tr')) {
    const ok = keep({region_name: tr.dataset.region, year: tr.dataset.year, metric: tr.dataset.metric},
                    FIELDS['chart-tva']);
    tr.style.display = ok ? '' : 'none';
    shown += ok ? 1 : 0;
  }
  document.getElementById('table-tva').style.display = shown ? '' : 'none';
  document.getElementById('table-tva-empty').style.display = shown ? 'none' : '';
}
for (const key of Object.keys(pick)) {
  const select = document.getElementById('filter-' + key);
  for (const value of OPTIONS[key]) select.add(new Option(String(value), String(value)));
  select.addEventListener('change', () => { pick[key] = select.value; draw(); });
}
draw();
"""


def render_page(data: OverviewData, charts: dict[str, dict], vega_bundle: str) -> str:
    status_counts = data.target_vs_actual.groupby("status").size().to_dict()
    compared = data.target_vs_actual[data.target_vs_actual["status"] != "unknown"]
    sections = [
        ("facts", "每份报告的事实数 · Facts per report", "chart-facts", ""),
        ("headline", "主要目标 · Headline targets by region and year", "chart-headline", ""),
        ("tva", "目标与实际 · Target vs actual", "chart-status",
         f'<div id="chart-tva" class="chart"></div><p id="status-counts">met {status_counts.get("met", 0)} · '
         f'missed {status_counts.get("missed", 0)} · unknown {status_counts.get("unknown", 0)}</p>'
         + _table(compared, "table-tva")
         + f'<p id="table-tva-empty" class="empty">{html.escape(EMPTY["table-tva"])}</p>'),
        ("terms", "政策用语 · Policy terms", "chart-terms", ""),
    ]
    body = "".join(f'<section id="{sid}"><h2>{html.escape(title)}</h2><div id="{cid}" class="chart"></div>{extra}'
                   f"</section>" for sid, title, cid, extra in sections)
    filters = "".join(
        f'<label>{label} <select id="filter-{key}"><option value="">全部 all</option></select></label> '
        for key, label in (("region", "地区 region"), ("year", "年份 year"), ("metric", "指标 metric")))
    script = PAGE_SCRIPT % {"specs": _script_json(charts), "empty": _script_json(EMPTY),
                            "fields": _script_json(FILTER_FIELDS), "options": _script_json(_options(data))}
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>政府工作报告数据仓库概览 · Government work report warehouse overview</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1100px}} table{{border-collapse:collapse;font-size:13px}}
td,th{{border:1px solid #ccc;padding:2px 6px}} #filters{{position:sticky;top:0;background:#fff;padding:.5em 0}}
section > div.chart{{display:block;margin:1em 0}} .empty{{color:#555;background:#f4f4f4;padding:1em}}</style>
<script>{vega_bundle}</script></head>
<body><h1>政府工作报告数据仓库概览</h1>
<p>Government work report warehouse overview: {data.facts_per_report["report"].nunique()} reports.
Model and column documentation: <a href="../docs/index.html">dbt docs</a>. Interactive dashboards: <code>make bi</code>
(Apache Superset).</p>
<div id="filters">{filters}</div>
{body}
<script>{script}</script>
</body></html>
"""


def vega_bundle(cache_dir: str | Path) -> str:
    """The Vega, Vega-Lite and vega-embed JavaScript (vl-convert bundles it offline, slowly), kept in cache_dir
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
