"""Fingerprints of the dbt project's files and of a warehouse's columns: what decides whether a parse, the seeds
or the docs site are still current. A module of its own so that the dbt step (ingest.dbt_runner) and the docs step
(ingest.docs, which runs dbt) share them without importing each other."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.config import DBT_PROJECT_DIR

# what the site is made of: the project's own files (not target/, logs/, dbt_packages/)
_PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "snapshots",
                  "analyses")


def warehouse_columns(warehouse: str | Path) -> str:
    """Every column of every table and view of the warehouse with its type: what the docs' catalog lists."""
    from ingest.duckdb_io import connect

    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute("select table_schema, table_name, column_name, data_type from information_schema.columns "
                           "order by table_schema, table_name, ordinal_position").fetchall()
    finally:
        con.close()
    return "\n".join("\t".join(map(str, row)) for row in rows)


def project_fingerprint(project_dir: str | Path = DBT_PROJECT_DIR, warehouse: str | Path | None = None) -> str:
    """sha256 over every file of the dbt project (path and bytes), dbt's version and, given a warehouse,
    its file name and columns."""
    from dbt.version import __version__ as dbt_version

    digest = hashlib.sha256(f"dbt {dbt_version}\n".encode())
    if warehouse is not None:
        digest.update(f"warehouse {Path(warehouse).name}\n{warehouse_columns(warehouse)}\n".encode())
    return hash_files(digest, project_dir, _PROJECT_PARTS)


def hash_files(digest: hashlib._Hash, root: str | Path, parts: tuple[str, ...]) -> str:
    """`digest` updated with every file of `parts` (files or folders under `root`): path and bytes; its hex."""
    root = Path(root)
    files: list[Path] = []
    for part in parts:
        path = root / part
        files += [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
