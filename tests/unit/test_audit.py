"""The audit of a build against the published warehouse (ingest/quality/audit.py, expectations/audit/) with Great
Expectations: a lost report, a report whose facts collapse, a rerun that changes counts fail it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ingest.quality.audit import audit_frames
from ingest.quality.validate import run_suites


def _warehouse(path: Path, reports: dict[str, tuple[int, int]], superseded: tuple[str, ...] = ()) -> Path:
    """reports: id → (facts, facts with a metric code)."""
    con = duckdb.connect(str(path))
    con.execute("create schema raw; create schema marts")
    con.execute("create table raw.reports (report_id varchar, file_name varchar, is_current boolean)")
    con.execute("create table marts.fct_indicators (report_id varchar, metric_code varchar)")
    con.execute("create table marts.fct_targets (report_id varchar, metric_code varchar)")
    con.execute("create table marts.dim_report (report_id varchar)")
    for rid, (facts, coded) in reports.items():
        con.execute("insert into raw.reports values (?, ?, true)", [rid, f"{rid}.txt"])
        con.execute("insert into marts.dim_report values (?)", [rid])
        for n in range(facts):
            con.execute("insert into marts.fct_indicators values (?, ?)", [rid, "gdp" if n < coded else None])
    for rid in superseded:
        con.execute("insert into raw.reports values (?, ?, false)", [rid, f"{rid}.txt"])
    con.close()
    return path


@pytest.fixture()
def published(tmp_path: Path) -> Path:
    return _warehouse(tmp_path / "published.duckdb", {"a": (10, 6), "b": (8, 4)})


@pytest.mark.parametrize(("build", "superseded", "loaded", "fails"), [
    ({"a": (10, 6), "b": (8, 4)}, (), False, None),  # a rerun with nothing new
    ({"a": (10, 6), "b": (8, 4), "c": (5, 1)}, (), True, None),  # a new report
    ({"a": (10, 6), "b2": (9, 5)}, ("b",), True, None),  # b replaced by a newer version of its file
    ({"a": (10, 6)}, (), True, "kept"),  # b lost
    ({"a": (4, 2), "b": (8, 4)}, (), True, "fact_ratio"),  # a's facts collapse
    ({"a": (10, 1), "b": (8, 4)}, (), True, "coded_share_change"),  # a's metric codes collapse
    ({"a": (10, 6), "b": (8, 4), "c": (5, 1)}, (), False, "published_rows"),  # nothing loaded, counts changed
])
def test_the_audit_fails_on_what_the_published_warehouse_would_lose(published, tmp_path, build, superseded, loaded,
                                                                     fails):
    built = _warehouse(tmp_path / "build.duckdb", build, superseded)
    report = run_suites(audit_frames(built, published, loaded))
    assert report.success is (fails is None), report.failures()
    if fails:
        assert any(fails in f for f in report.failures()), report.failures()


def test_no_published_warehouse_means_nothing_to_audit(tmp_path):
    built = _warehouse(tmp_path / "build.duckdb", {"a": (1, 1)})
    assert audit_frames(built, tmp_path / "none.duckdb", True) == {}


def test_the_validation_writes_great_expectations_data_docs(published, tmp_path):
    built = _warehouse(tmp_path / "build.duckdb", {"a": (10, 6), "b": (8, 4)})
    docs = tmp_path / "quality"
    report = run_suites(audit_frames(built, published, False), docs)
    assert report.success
    assert (docs / "index.html").is_file()
    assert {p.name for p in (docs / "expectations").glob("*.html")} == {"report_audit.html", "mart_audit.html"}
