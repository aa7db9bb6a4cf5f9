"""Warehouse files are created, and kept, at a storage version the BI drivers of the day read (v1.2.0)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ingest.duckdb_io import STORAGE_VERSION, connect, storage_version
from ingest.warehouse.publish import prepare_build


def test_a_new_warehouse_file_is_created_at_the_pinned_version_and_stays_there(tmp_path: Path) -> None:
    wh = tmp_path / "w.duckdb"
    con = connect(wh)
    con.execute("create schema marts; create table marts.t (a integer); comment on table marts.t is '表 (table)'")
    con.close()
    con = duckdb.connect(str(wh))  # written again by DuckDB 2.x: the file keeps its format
    con.execute("insert into marts.t values (1)")
    con.close()
    assert storage_version(wh).startswith(STORAGE_VERSION)


def test_a_warehouse_written_before_the_format_was_pinned_is_rewritten_at_it(tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))  # DuckDB's default: the newest format, which 1.x clients cannot open
    con.execute("create schema raw; create table raw.reports (report_id varchar primary key, n integer not null)")
    con.execute("insert into raw.reports values ('a', 1), ('b', 2); comment on table raw.reports is '报告 (reports)'")
    con.close()
    assert not storage_version(old).startswith(STORAGE_VERSION)
    build = tmp_path / "work" / "build.duckdb"
    prepare_build(old, build)
    assert storage_version(build).startswith(STORAGE_VERSION)
    con = duckdb.connect(str(build), read_only=True)
    assert con.execute("select * from raw.reports order by 1").fetchall() == [("a", 1), ("b", 2)]
    assert con.execute("select comment from duckdb_tables() where table_name = 'reports'").fetchone() == \
        ("报告 (reports)",)
    assert {c[0] for c in con.execute("select constraint_type from duckdb_constraints() "
                                      "where table_name = 'reports'").fetchall()} >= {"PRIMARY KEY", "NOT NULL"}
