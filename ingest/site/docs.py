"""dbt docs for analysts: `dbt docs generate --static` against a warehouse file.

The site describes the project (models, columns, tests, lineage) and the tables' columns and types
(the catalog; dbt-duckdb records no row counts or statistics), so it only changes when the dbt
project or the warehouse's tables change. A fingerprint of the project's files, dbt's version and the
warehouse's columns is kept beside the site; a run with the fingerprint of the site already there does
not generate it again.
"""

from __future__ import annotations

from pathlib import Path

from ingest.warehouse.dbt_runner import run_dbt
from ingest.warehouse.fingerprints import hash_files, project_fingerprint, warehouse_columns

__all__ = ["FINGERPRINT_FILE", "SITE_FILES", "docs_up_to_date", "generate_docs", "hash_files", "project_fingerprint",
           "warehouse_columns"]

FINGERPRINT_FILE = ".project_fingerprint"
SITE_FILES = ("index.html", "static_index.html", "manifest.json", "catalog.json")
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
