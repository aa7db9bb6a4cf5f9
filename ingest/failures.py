"""Errors that waiting cannot heal: the task fails at once, without retries, and says what to do.

Airflow retries a failed task (a locked file, a busy disk may pass). A warehouse path that is not a DuckDB file, a
full disk or a folder without write permission will not: retrying only delays the message. `fail_fast` turns
them into Airflow's no-retry failure with the fix.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path

DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


class NotADuckDBFile(ValueError):
    pass


def check_warehouse_file(path: str | Path) -> None:
    """A published warehouse that exists must be a DuckDB database file (not a CSV, a folder, a SQLite file)."""
    p = Path(path)
    if not p.exists():
        return
    if not p.is_file():
        raise NotADuckDBFile(f"the warehouse path {p} is not a file; set WAREHOUSE to a .duckdb file path")
    with p.open("rb") as fh:
        head = fh.read(12)
    if head[8:12] != DUCKDB_MAGIC:
        raise NotADuckDBFile(f"the warehouse path {p} is not a DuckDB database file; set WAREHOUSE to another path "
                             "(a new one is created) or move that file away")


def what_to_do(exc: BaseException) -> str | None:
    """The fix for an error no retry heals, or None for one that may pass."""
    if isinstance(exc, NotADuckDBFile | FileNotFoundError):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "No space left on device" in str(exc):
        return f"no space left on the disk ({exc}); free space where the warehouse and its work folder live"
    if isinstance(exc, PermissionError) or isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EROFS):
        return f"no permission to write ({exc}); give the Airflow user write access to the warehouse folder"
    return None


@contextlib.contextmanager
def fail_fast() -> Iterator[None]:
    """Re-raise an error no retry heals as Airflow's AirflowFailException (no retries), with what to do."""
    try:
        yield
    except Exception as exc:
        fix = what_to_do(exc)
        if fix is None:
            raise
        from airflow.sdk.exceptions import AirflowFailException

        raise AirflowFailException(fix) from exc
