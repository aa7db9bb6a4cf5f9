"""Helpers shared by the integration tests: run the pipeline the way `make run` does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def run_pipeline(env: dict[str, str], input_dir: Path, warehouse: Path, *extra: str) -> subprocess.CompletedProcess:
    """The same entry point as `make run`."""
    return subprocess.run(
        [sys.executable, "-m", "ingest.runtime.run", "--input", str(input_dir), "--warehouse", str(warehouse), *extra],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )


def query(warehouse: Path, sql: str, params=None) -> list[tuple]:
    """Rows of a read-only query on a warehouse file."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
