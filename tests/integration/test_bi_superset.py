"""`make bi` end to end: Apache Superset (its own environment, .venv-bi) on a published warehouse, read-only, with
the dashboards of bi/superset/assets/, driven by Debian's headless Chromium through Playwright.

* Superset is started by `make bi` on a copy of the seeds' warehouse; while people use it, a DAG run adds a
  county's 2023 and 2024 reports and publishes (atomic rename): the run succeeds, no dashboard load fails, and
  Superset keeps no file of the warehouse open (so it can hold no lock on it) between queries;
* each dashboard opens on the new warehouse and every chart shows data (no "No results"): the target vs
  actual charts need those consecutive years, so they also prove Superset reads the file the run published;
* the filters work: a region picked in the filter bar reaches every chart's query;
* screenshots go to GOV_REPORTS_SCREENSHOTS when set (`make screenshots` → docs/screenshots/superset_*.png).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from pipeline_helpers import ROOT, SEEDS, query, run_pipeline
from test_warehouse_browser import _keep, browser  # noqa: F401 - browser: the fixture, one definition
from warehouse_helpers import FIXTURES

pytestmark = pytest.mark.integration

DASHBOARDS = {  # slug → the charts it must draw (titles as in bi/superset/assets/charts/)
    "targets": ("主要增速目标", "目标数", "目标明细"),
    "target-vs-actual": ("完成情况", "增速目标差距", "目标与实际 Targets compared"),
    "facts-per-report": ("每份报告的事实数", "各指标的事实数", "报告一览"),
    "keyword-trends": ("政策用语趋势", "政策用语 × 年份", "各报告的关键词"),
}
COUNTY = "河北省石家庄市正定县"
START_TIMEOUT = 600  # the first start migrates Superset's metadata database (≈1.5 min on 2 cores)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group_pids(pgid: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # the fields after the command: state, ppid, pgrp
            pids.append(int(stat.parent.name))
    return pids


def _open_files(pgid: int) -> list[str]:
    files = []
    for pid in _group_pids(pgid):
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            try:
                files.append(os.readlink(fd))
            except OSError:
                continue
    return files


def _warehouse_files_when_idle(page, pgid: int, timeout: float = 30) -> list[str]:
    """The warehouse files Superset's processes keep open once no page asks for anything (queries still under
    way, such as a filter's values, may take a few seconds to end): none, when it holds no lock between queries."""
    page.goto("about:blank")
    deadline = time.monotonic() + timeout
    while True:
        held = [f for f in _open_files(pgid) if "gov_reports" in f and ".duckdb" in f]
        if not held or time.monotonic() > deadline:
            return held
        time.sleep(0.5)


@pytest.fixture(scope="module")
def bi(seeds_run, tmp_path_factory):
    """`make bi` on a copy of the seeds' warehouse, on a free port, with a Superset home of its own."""
    base = tmp_path_factory.mktemp("bi")
    warehouse = base / "gov_reports.duckdb"
    shutil.copyfile(seeds_run["warehouse"], warehouse)
    started = time.monotonic()
    setup = subprocess.run(["make", "-s", "bi-setup"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert setup.returncode == 0, setup.stdout[-3000:] + setup.stderr[-3000:]
    installed = time.monotonic() - started
    port, log = _free_port(), base / "superset.log"
    with log.open("w") as out:
        proc = subprocess.Popen(["make", "-s", "bi", f"WAREHOUSE={warehouse}", f"BI_HOME={base / 'home'}",
                                 f"BI_PORT={port}"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert proc.poll() is None, log.read_text()[-5000:]
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=5) as resp:
                    if resp.read() == b"OK":
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, log.read_text()[-5000:]
            time.sleep(2)
        print(f"\nBI environment ready in {installed:.0f}s, Superset up {time.monotonic() - started - installed:.0f}s "
              "later")
        yield {"url": url, "warehouse": warehouse, "pgid": proc.pid, "log": log, "base": base}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # make, and gunicorn's master and worker under it
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


@pytest.fixture(scope="module")
def session(bi, browser):  # noqa: F811 - the imported fixture
    """One logged-in tab (admin / admin, as the README says)."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.errors, page.base_url = [], bi["url"]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(f"{bi['url']}/login/")
    page.fill("#username", "admin")
    page.fill("#password", "admin")
    page.keyboard.press("Enter")
    page.wait_for_url("**/superset/welcome/**", timeout=60_000)
    yield page
    context.close()


def _charts(page, slug: str, expected: tuple[str, ...]) -> dict[str, str]:
    """Open a dashboard and wait until each chart has drawn: title → 'data', 'empty' or 'error: …'."""
    page.goto(f"{page.base_url}/superset/dashboard/{slug}/")
    holders = page.locator('[data-test="chart-grid-component"]')
    holders.nth(len(expected) - 1).wait_for(timeout=60_000)  # (no wait_for_function: the CSP forbids eval)
    state = {}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = {}
        for i in range(holders.count()):
            holder = holders.nth(i)
            text = holder.inner_text()
            title = text.split("\n", 1)[0]
            if "No results" in text:
                state[title] = "empty"
            elif holder.locator(".ant-alert-error, [data-test='error-message']").count():
                state[title] = "error: " + text[:300]
            elif holder.locator("canvas").count() or holder.locator("tbody tr").count():
                state[title] = "data"
        if len(state) == holders.count() >= len(expected):
            break
        page.wait_for_timeout(500)
    return state


@pytest.fixture(scope="module")
def published(bi, session, airflow_env):
    """A run that adds the county's 2023 and 2024 reports publishes while the dashboards are in use."""
    inbox = bi["base"] / "inbox"
    inbox.mkdir()
    for path in [*SEEDS.glob("*.txt"), *FIXTURES.glob("*.txt")]:
        shutil.copyfile(path, inbox / path.name)
    before = bi["warehouse"].stat().st_ino
    state = _charts(session, "facts-per-report", DASHBOARDS["facts-per-report"])
    assert set(state.values()) == {"data"}, state
    held = _warehouse_files_when_idle(session, bi["pgid"])
    assert not held, f"Superset keeps the warehouse open between queries: {held}"
    result = {}
    run = threading.Thread(target=lambda: result.update(
        proc=run_pipeline(airflow_env, inbox, bi["warehouse"], "--batch-size", "4")))
    run.start()
    loads = []
    while run.is_alive():  # the dashboards stay in use for the whole run
        loads.append(_charts(session, "facts-per-report", DASHBOARDS["facts-per-report"]))
    run.join()
    proc = result["proc"]
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {"loads": loads, "before": before, "held": _warehouse_files_when_idle(session, bi["pgid"])}


def test_a_run_publishes_while_superset_is_up_and_in_use(bi, published):
    assert bi["warehouse"].stat().st_ino != published["before"]  # a new file was renamed into place
    assert query(bi["warehouse"], "select count(*) from marts.dim_report where region_name = ?", [COUNTY]) == [(2,)]
    assert published["loads"], "no dashboard load during the run"
    failed = [s for s in published["loads"] if set(s.values()) != {"data"}]
    assert not failed, failed[:3]
    assert not published["held"], f"Superset keeps the warehouse open between queries: {published['held']}"


@pytest.mark.parametrize("slug", list(DASHBOARDS))
def test_each_dashboard_draws_every_chart_with_data(slug, bi, published, session, tmp_path):
    state = _charts(session, slug, DASHBOARDS[slug])
    for title in DASHBOARDS[slug]:
        assert any(t.startswith(title) for t in state), (title, state)
    assert set(state.values()) == {"data"}, state
    filters = session.locator('[data-test="filter-control-name"]').all_inner_texts()
    assert any("地区" in f for f in filters) and any("年份" in f for f in filters), filters
    if slug != "keyword-trends":  # keywords are terms, not metrics: that dashboard says so
        assert any("指标" in f for f in filters), filters
    if slug == "target-vs-actual":  # the county's 2023 targets against its 2024 report: the run's new file
        assert COUNTY in session.inner_text("body")
    session.wait_for_timeout(1000)  # the charts' entry animations
    shot = tmp_path / f"superset_{slug.replace('-', '_')}.png"
    session.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 30_000
    _keep(shot)
    assert not session.errors, session.errors


def test_a_region_picked_in_the_filter_bar_reaches_every_chart(bi, published, session):
    state = _charts(session, "targets", DASHBOARDS["targets"])
    assert set(state.values()) == {"data"}, state
    posts = []
    session.on("request", lambda r: posts.append(r.post_data or "") if "/api/v1/chart/data" in r.url else None)
    option = session.locator(".ant-select-item-option", has_text=COUNTY).first
    for attempt in range(3):  # the filter's values load after the charts: open its list again until they are in
        session.locator('[data-test="form-item-value"]').first.click()  # 地区 Region, the first filter
        try:
            option.wait_for(timeout=10_000)
            break
        except Exception:
            if attempt == 2:
                raise
            session.keyboard.press("Escape")
            session.wait_for_timeout(1000)
    option.click()
    session.mouse.click(800, 20)  # closes the list
    session.locator('[data-test="filter-bar__apply-button"]').click(timeout=10_000)
    def filtered():  # the charts' queries since, with the region in their filters
        return [p for p in posts if '"col":"region_name","op":"IN"' in p and COUNTY in p]

    deadline = time.monotonic() + 60
    while len(filtered()) < len(DASHBOARDS["targets"]) and time.monotonic() < deadline:
        session.wait_for_timeout(500)
    assert len(filtered()) >= len(DASHBOARDS["targets"]), posts
    session.wait_for_timeout(3000)
    table = session.locator('[data-test="chart-grid-component"]', has_text="目标明细")
    regions = set(table.locator("tbody tr td:first-child").all_inner_texts())
    assert regions == {COUNTY}, regions
    assert not session.errors, session.errors
