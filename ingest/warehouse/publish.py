"""Write-audit-publish: every run writes a build copy; only a validated copy replaces the warehouse.

The swap is an atomic rename on the same filesystem; the previous file is kept for rollback.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from ingest.duckdb_io import STORAGE_VERSION, connect, create_file, storage_version


def previous_path(warehouse: str | Path) -> Path:
    w = Path(warehouse)
    return w.with_name(f"{w.stem}.previous{w.suffix}")


def summary_path(warehouse: str | Path) -> Path:
    w = Path(warehouse)
    return w.with_name(f"{w.stem}.last_run.json")


def prepare_build(warehouse: str | Path, build_path: str | Path) -> None:
    """Start the build copy from the published warehouse (nothing already loaded is lost)."""
    build = Path(build_path)
    build.parent.mkdir(parents=True, exist_ok=True)
    for stale in (build, build.with_name(build.name + ".wal")):
        stale.unlink(missing_ok=True)
    published = Path(warehouse)
    if published.exists():
        tmp = build.with_name(build.name + ".copying")
        tmp.unlink(missing_ok=True)
        if storage_version(published).startswith(STORAGE_VERSION):
            shutil.copyfile(published, tmp)
        else:  # a warehouse written before the format was pinned: rewritten at STORAGE_VERSION, row for row
            copy_database(published, tmp)
        os.replace(tmp, build)


def copy_database(source: str | Path, target: str | Path) -> None:
    """Every schema, table, view and comment of `source` into a new file at STORAGE_VERSION."""
    create_file(target)
    con = connect(target)
    try:
        con.execute(f"ATTACH '{Path(source).as_posix()}' AS source_db (READ_ONLY)")
        (name,) = con.execute("select current_database()").fetchone()
        con.execute(f'COPY FROM DATABASE source_db TO "{name}"')
        con.execute("DETACH source_db")
    finally:
        con.close()


def prepare_site(site_dir: str | Path, site_build_dir: str | Path) -> None:
    """Start this run's site from the published one (the docs are kept when the project did not change)."""
    build = Path(site_build_dir)
    shutil.rmtree(build, ignore_errors=True)
    if Path(site_dir).is_dir():
        shutil.copytree(site_dir, build, symlinks=True)
    else:
        build.mkdir(parents=True, exist_ok=True)


def publish_site(site_build_dir: str | Path, site_dir: str | Path) -> Path:
    """Put this run's site in place of the published one by renames (the old one is kept as <site>.previous): a
    run that failed before `publish` leaves the published site as it was, and readers never see half a site."""
    build, published = Path(site_build_dir), Path(site_dir)
    previous = published.with_name(published.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if published.exists():
        os.replace(published, previous)
    os.replace(build, published)
    return published


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(build_path: str | Path, warehouse: str | Path) -> Path:
    """Checkpoint the build copy and swap it in atomically; keep the old file as *.previous."""
    build, published = Path(build_path), Path(warehouse)
    con = connect(build)
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()
    _fsync(build)
    published.parent.mkdir(parents=True, exist_ok=True)
    if published.exists():
        prev = previous_path(published)
        tmp = prev.with_name(prev.name + ".tmp")
        tmp.unlink(missing_ok=True)
        os.link(published, tmp)
        os.replace(tmp, prev)  # the previous version stays readable under its own name
    os.replace(build, published)
    return published


def rollback(warehouse: str | Path) -> Path:
    """Put the previous published version back (the current one becomes the previous)."""
    published, prev = Path(warehouse), previous_path(warehouse)
    if not prev.exists():
        raise FileNotFoundError(f"no previous version of {published} to roll back to ({prev} is missing)")
    tmp = published.with_name(published.name + ".rollback")
    tmp.unlink(missing_ok=True)
    os.link(prev, tmp)
    if published.exists():
        os.replace(published, prev)
    os.replace(tmp, published)
    return published


def write_summary(warehouse: str | Path, summary: dict) -> Path:
    path = summary_path(warehouse)
    summary = {"finished_at": datetime.now(UTC).isoformat(), **summary}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path
