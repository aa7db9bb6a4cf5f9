"""End to end in a real browser: Debian's headless Chromium, driven by Playwright, opens the dbt docs site
and the overview page that the seeds' run published, finds the marts and a column description, and saves
screenshots (to GOV_REPORTS_SCREENSHOTS when set, as `make screenshots` does for docs/screenshots/)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from pipeline_helpers import query

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def site(seeds_run):
    """The published folder (docs/ and overview/ side by side) served on a free localhost port, as `make docs`."""
    root = Path(seeds_run["summary"]["docs"]).parent.parent
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium (make test does it first)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    yield tab
    context.close()


def _keep(path: Path) -> None:
    target = os.environ.get("GOV_REPORTS_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(target) / path.name)


def test_docs_site_shows_the_marts_and_their_column_descriptions(site, page, tmp_path):
    page.goto(f"{site}/docs/index.html#!/model/model.gov_reports.fct_target_vs_actual")
    page.get_by_text("目标完成情况 (target vs actual)", exact=False).first.wait_for(timeout=30_000)
    body = page.inner_text("body")
    for mart in ("dim_region", "dim_metric", "dim_report", "dim_period", "fct_targets", "fct_indicators",
                 "fct_keywords"):
        assert mart in body, mart  # the project tree lists every mart
    assert "Enforced" in body  # the model's contract
    # the column table: open the status column and read its full description
    row = page.locator("tr", has_text="完成情况 (attainment status)").first
    row.scroll_into_view_if_needed()
    row.click()
    description = page.get_by_text("beating the target", exact=False).filter(visible=True).first
    description.wait_for(timeout=10_000)
    assert "met (完成) or missed (未完成)" in description.inner_text()
    page.wait_for_timeout(300)
    description.scroll_into_view_if_needed()
    shot = tmp_path / "dbt_docs_fct_target_vs_actual.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    _keep(shot)
    assert not page.errors, page.errors


def test_overview_page_draws_its_charts(site, seeds_run, page, tmp_path):
    page.goto(f"{site}/overview/index.html")
    for chart in ("chart-facts", "chart-headline", "chart-status", "chart-terms"):
        page.wait_for_selector(f"#{chart} svg, #{chart} canvas", timeout=30_000)
    assert "政府工作报告数据仓库概览" in page.inner_text("h1")
    assert "天津市" in page.inner_text("#chart-facts") or page.locator("#chart-facts canvas").count() == 1
    shot = tmp_path / "overview.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    _keep(shot)
    # the seeds hold one year per region: nothing to compare, and the chart says why instead of drawing empty axes
    assert page.locator("#chart-tva canvas, #chart-tva svg").count() == 0
    assert "No target has been compared with an actual yet" in page.inner_text("#chart-tva")
    # the filters: a region (its targets' statuses are counted again), then a year none of its reports has
    wh = seeds_run["warehouse"]
    region, targets = query(wh, "select region_name, count(*) from marts.fct_target_vs_actual group by 1 "
                                "order by 2 desc limit 1")[0]
    page.select_option("#filter-region", region)
    page.wait_for_function(f"document.getElementById('status-counts').textContent.endsWith('unknown {targets}')",
                           timeout=10_000)
    page.wait_for_selector("#chart-facts canvas, #chart-facts svg", timeout=10_000)
    # a year with no report of that region: the charts say so
    (year,) = query(wh, "select max(report_year) from marts.dim_report where report_year not in "
                        "(select report_year from marts.dim_report where region_name = ?)", [region])[0]
    page.select_option("#filter-year", str(year))
    assert "No report under these filters" in page.inner_text("#chart-facts")
    page.select_option("#filter-region", "")
    page.select_option("#filter-year", "")
    page.wait_for_selector("#chart-facts canvas, #chart-facts svg", timeout=10_000)
    assert page.locator("#filter-metric option").count() > 1
    page.click("text=dbt docs")  # the page links to the docs site
    page.wait_for_url("**/docs/index.html**", timeout=10_000)
    assert not page.errors, page.errors
