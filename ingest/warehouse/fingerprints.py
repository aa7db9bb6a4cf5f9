"""Fingerprints of the dbt project's files and of a warehouse's columns: what decides whether a parse, the seeds
or the docs site are still current. A module of its own so that the dbt step (ingest.warehouse.dbt_runner) and the docs step
(ingest.site.docs, which runs dbt) share them without importing each other."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.config import DBT_PROJECT_DIR, PROJECT_ROOT

# what the site is made of: the project's own files (not target/, logs/, dbt_packages/)
_PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "snapshots",
                  "analyses")
# what a published warehouse is made from besides its reports: a change here means a run must rebuild
CODE_PARTS = ("extract", "ingest", "dags", "expectations", "dbt_project/models", "dbt_project/macros",
              "dbt_project/seeds", "dbt_project/tests", "dbt_project/dbt_project.yml")
CODE_SUFFIXES = (".py", ".sql", ".yml", ".yaml", ".csv", ".json", ".md", ".txt", ".tsv")


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


def code_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """sha256 over the project's code and configuration that decide a warehouse's contents (paths and bytes; never
    bytecode): a later run with the same code and inbox has nothing to do."""
    return hash_files(hashlib.sha256(), root, CODE_PARTS, CODE_SUFFIXES)


def hash_files(digest: hashlib._Hash, root: str | Path, parts: tuple[str, ...],
               suffixes: tuple[str, ...] | None = None) -> str:
    """`digest` updated with every file of `parts` (files or folders under `root`; in folders only `suffixes`, if
    given, and never __pycache__): path and bytes; its hex."""
    root = Path(root)
    files: list[Path] = []
    for part in parts:
        path = root / part
        files += [path] if path.is_file() else sorted(
            p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            and (suffixes is None or p.suffix in suffixes))
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
