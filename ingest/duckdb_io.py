"""The one place that opens DuckDB files for the pipeline's Python tasks."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb


def release_dbt_connection() -> None:
    """Close the DuckDB database that dbt-duckdb keeps open for the life of the process.

    Under `airflow dags test` every task runs in one process: in-process dbt runs (dbtRunner) leave
    dbt-duckdb's cached environment holding the file, and DuckDB refuses a second connection
    with another configuration (read-only) or after the file was swapped.
    """
    module = sys.modules.get("dbt.adapters.duckdb.connections")
    if module is None:
        return
    manager = module.DuckDBConnectionManager
    with manager._LOCK:
        env = manager._ENV
        if env is not None:
            try:
                env.close()
            finally:
                manager._ENV = None


# The storage format every warehouse file is created in. DuckDB 2.0 writes v2.0.0+ by default, which the BI
# drivers of the day cannot open (duckdb-cli 1.5.6 from PyPI, DBeaver's JDBC driver, duckdb-engine with an older
# duckdb for Superset, Metabase's driver read up to v1.x); a file created at v1.2.0 keeps that format when DuckDB
# 2.0 writes to it later, and every DuckDB client from 1.2 on reads it.
STORAGE_VERSION = "v1.2.0"


def create_file(path: str | Path) -> None:
    """Create an empty DuckDB file at STORAGE_VERSION (nothing happens if it exists)."""
    target = Path(path)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{target.as_posix()}' AS new_file (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute("DETACH new_file")
    finally:
        con.close()


def storage_version(path: str | Path) -> str:
    """The storage version a DuckDB file was created with (e.g. v1.2.0+)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select tags['storage_version'] from duckdb_databases() "
                           "where database_name = current_database()").fetchone()[0]
    finally:
        con.close()


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    release_dbt_connection()
    if not read_only:
        create_file(path)
    return duckdb.connect(str(path), read_only=read_only)
