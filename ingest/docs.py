"""dbt docs for analysts: `dbt docs generate --static` against a warehouse file."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from ingest.config import DBT_PROJECT_DIR


@contextmanager
def _env(name: str, value: str):
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def run_dbt(args: list[str], warehouse: str | Path) -> None:
    """Run one dbt command in-process against `warehouse`; raises with dbt's error on failure."""
    from dbt.cli.main import dbtRunner

    base = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    with _env("GOV_REPORTS_DUCKDB", str(Path(warehouse).resolve())):
        result = dbtRunner().invoke([*args, *base])
    if not result.success:
        raise RuntimeError(f"dbt {' '.join(args)} failed: {result.exception or 'see the dbt log above'}")


def generate_docs(warehouse: str | Path, docs_dir: str | Path) -> Path:
    """Write the docs site (index.html and the one-file static_index.html) into docs_dir."""
    out = Path(docs_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    run_dbt(["docs", "generate", "--static", "--target-path", str(out)], warehouse)
    return out / "index.html"
