"""What in the inbox is new: files whose name and content the published warehouse does not hold yet."""

from __future__ import annotations

from pathlib import Path

from ingest.duckdb_io import connect
from ingest.intake.batch import _file_digest, discover, display_name


def known_files(warehouse: str | Path) -> set[tuple[str, str]]:
    """(file name, content hash) of every file the warehouse has seen, loaded or rejected."""
    if not Path(warehouse).exists():
        return set()
    con = connect(warehouse, read_only=True)
    try:
        tables = {t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'").fetchall()}
        seen: set[tuple[str, str]] = set()
        if {"report_files", "reports"} <= tables:
            seen |= set(con.execute(
                "select f.file_name, r.content_hash from raw.report_files f join raw.reports r using (report_id)"
            ).fetchall())
        if "ingest_errors" in tables:
            seen |= set(con.execute(
                "select file_name, content_hash from raw.ingest_errors where content_hash is not null").fetchall())
        return seen
    finally:
        con.close()


def pending_files(input_dir: str | Path, warehouse: str | Path) -> list[str]:
    """Inbox files (names as the warehouse knows them) that are new or whose content changed."""
    root = Path(input_dir)
    seen = known_files(warehouse)
    pending = []
    for name in discover(root):
        path = Path(name)
        digest, _ = _file_digest(path)
        shown = display_name(path, root)
        if digest is None or (shown, digest) not in seen:
            pending.append(shown)
    return pending
