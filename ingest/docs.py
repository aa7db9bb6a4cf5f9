"""dbt docs for analysts: `dbt docs generate --static` against a warehouse file.

The site describes the project (models, columns, tests, lineage) and the tables' columns and types
(the catalog; dbt-duckdb records no row counts or statistics), so it only changes when the dbt
project or the warehouse's tables change. A fingerprint of the project's files, dbt's version and the
warehouse's columns is kept beside the site; a run with the fingerprint of the site already there does
not generate it again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.config import DBT_PROJECT_DIR
from ingest.dbt_runner import run_dbt

FINGERPRINT_FILE = ".project_fingerprint"
SITE_FILES = ("index.html", "static_index.html", "manifest.json", "catalog.json")
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


def docs_up_to_date(docs_dir: str | Path, fingerprint: str) -> bool:
    out = Path(docs_dir)
    marker = out / FINGERPRINT_FILE
    return (marker.is_file() and marker.read_text(encoding="utf-8").strip() == fingerprint
            and all((out / name).is_file() for name in SITE_FILES))


def generate_docs(warehouse: str | Path, docs_dir: str | Path, force: bool = False) -> tuple[Path, bool]:
    """Write the docs site (index.html and the one-file static_index.html) into docs_dir, unless the site
    there was generated from the same project; (index.html, whether it was generated now)."""
    out = Path(docs_dir).resolve()
    fingerprint = project_fingerprint(warehouse=warehouse)
    if not force and docs_up_to_date(out, fingerprint):
        return out / "index.html", False
    out.mkdir(parents=True, exist_ok=True)
    (out / FINGERPRINT_FILE).unlink(missing_ok=True)  # a site half rewritten is never taken as up to date
    run_dbt(["docs", "generate", "--static", "--target-path", str(out)], warehouse)
    (out / FINGERPRINT_FILE).write_text(fingerprint + "\n", encoding="utf-8")
    return out / "index.html", True
