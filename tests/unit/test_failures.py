"""Errors no retry heals fail the task at once (no retries) and say what to do."""

from __future__ import annotations

import errno
from pathlib import Path

import duckdb
import pytest
from airflow.sdk.exceptions import AirflowFailException

from ingest.failures import NotADuckDBFile, check_warehouse_file, fail_fast, what_to_do


def test_a_warehouse_path_that_is_not_a_duckdb_file_is_refused(tmp_path: Path) -> None:
    csv = tmp_path / "w.duckdb"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(NotADuckDBFile, match="is not a DuckDB database file"):
        check_warehouse_file(csv)
    with pytest.raises(NotADuckDBFile, match="is not a file"):
        check_warehouse_file(tmp_path)
    good = tmp_path / "good.duckdb"
    duckdb.connect(str(good)).close()
    check_warehouse_file(good)
    check_warehouse_file(tmp_path / "new.duckdb")  # not there yet: created by the run


@pytest.mark.parametrize(("exc", "says"), [
    (OSError(errno.ENOSPC, "No space left on device"), "no space left"),
    (duckdb.IOException("IO Error: Could not write file: No space left on device"), "no space left"),
    (PermissionError(errno.EACCES, "Permission denied"), "no permission"),
    (NotADuckDBFile("the warehouse path x is not a DuckDB database file"), "not a DuckDB"),
    (duckdb.IOException("Could not set lock on file"), None),  # another process: may pass, retried
    (RuntimeError("a bug"), None),
])
def test_what_no_retry_heals(exc: Exception, says: str | None) -> None:
    fix = what_to_do(exc)
    assert (fix is None) if says is None else (says in fix)


def test_fail_fast_turns_them_into_a_failure_without_retries() -> None:
    with pytest.raises(AirflowFailException, match="no space left"):
        with fail_fast():
            raise OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(RuntimeError):
        with fail_fast():
            raise RuntimeError("transient")
