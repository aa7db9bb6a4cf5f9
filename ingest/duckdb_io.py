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


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    release_dbt_connection()
    if not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)
