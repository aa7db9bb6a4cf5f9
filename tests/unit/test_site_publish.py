"""The docs site and the overview page are built on the build side and published with the warehouse, in a folder
named after it (never a loose docs/ beside it)."""

from __future__ import annotations

from pathlib import Path

from ingest.config import resolve, site_path
from ingest.warehouse.publish import prepare_site, publish_site


def test_the_site_is_named_after_the_warehouse(tmp_path: Path) -> None:
    cfg = resolve({"warehouse": str(tmp_path / "x.duckdb")}, "r1")
    assert Path(cfg.site_dir) == tmp_path / "x.site" == site_path(tmp_path / "x.duckdb")
    assert Path(cfg.site_build_dir).is_relative_to(tmp_path / ".x.work")
    assert not (tmp_path / "docs").exists()


def test_a_run_builds_its_site_aside_and_publishes_it_whole(tmp_path: Path) -> None:
    site, build = tmp_path / "x.site", tmp_path / ".x.work" / "site"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.html").write_text("old docs", encoding="utf-8")
    prepare_site(site, build)
    assert (build / "docs" / "index.html").read_text(encoding="utf-8") == "old docs"  # kept when unchanged
    (build / "docs" / "index.html").write_text("new docs", encoding="utf-8")
    (build / "overview").mkdir()
    (build / "overview" / "index.html").write_text("new page", encoding="utf-8")
    assert (site / "docs" / "index.html").read_text(encoding="utf-8") == "old docs"  # untouched until publish
    publish_site(build, site)
    assert (site / "docs" / "index.html").read_text(encoding="utf-8") == "new docs"
    assert (site / "overview" / "index.html").read_text(encoding="utf-8") == "new page"
    assert (tmp_path / "x.site.previous" / "docs" / "index.html").read_text(encoding="utf-8") == "old docs"
    assert not build.exists()


def test_a_run_that_fails_before_publish_leaves_the_published_site(tmp_path: Path) -> None:
    site, build = tmp_path / "x.site", tmp_path / ".x.work" / "site"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.html").write_text("published", encoding="utf-8")
    prepare_site(site, build)
    (build / "docs" / "index.html").write_text("trunc", encoding="utf-8")  # a docs step cut short (disk full)
    prepare_site(site, build)  # the next run starts again from the published site
    assert (build / "docs" / "index.html").read_text(encoding="utf-8") == "published"
    assert (site / "docs" / "index.html").read_text(encoding="utf-8") == "published"
