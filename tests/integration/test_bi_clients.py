"""The published warehouse opens, read-only, in the DuckDB clients BI tools use today: the DuckDB shell of the
README (duckdb-cli 1.5.6, the newest on PyPI) and an older duckdb Python package (1.4, as duckdb-engine for
Superset pins it) in an environment of its own. Every mart is queried and its comments are read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pipeline_helpers import ROOT, query

pytestmark = pytest.mark.integration
CLI = Path(sys.executable).with_name("duckdb")  # installed from the lock (duckdb-cli)
OLD_CLIENT_PACKAGES = ("duckdb==1.4.1", "pytz")  # duckdb 1.x needs pytz to return TIMESTAMP WITH TIME ZONE
OLD_ENV = ROOT / ".cache" / "duckdb-1.4"


def _marts(warehouse: Path) -> list[str]:
    return [t for (t,) in query(warehouse, "select table_name from duckdb_tables() where schema_name = 'marts' "
                                           "order by 1")]


def test_the_readme_duckdb_shell_reads_every_mart(seeds_run):
    wh = seeds_run["warehouse"]
    version = subprocess.run([str(CLI), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("v1.")
    for mart in _marts(wh):
        out = subprocess.run([str(CLI), "-readonly", str(wh), "-csv", "-noheader",
                              f"select count(*) from marts.{mart}"], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, (mart, out.stderr)
        assert int(out.stdout.strip()) == query(wh, f"select count(*) from marts.{mart}")[0][0]


def _old_python() -> Path:
    python = OLD_ENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(OLD_ENV)], check=True)
    if subprocess.run([str(python), "-c", "import duckdb, pytz"], capture_output=True).returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *OLD_CLIENT_PACKAGES], check=True, timeout=600)
    return python


OLD_CLIENT = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
marts = [t for (t,) in con.execute("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()]
for mart in marts:
    con.execute(f"select * from marts.{mart} limit 5").fetchall()
comment = con.execute("select comment from duckdb_columns() where table_name = 'fct_targets' "
                      "and column_name = 'fact_id'").fetchone()[0]
print(duckdb.__version__, len(marts), comment)
"""


def test_an_older_duckdb_package_reads_every_mart_and_its_comments(seeds_run):
    out = subprocess.run([str(_old_python()), "-c", OLD_CLIENT, str(seeds_run["warehouse"])], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    version, count, comment = out.stdout.strip().split(" ", 2)
    assert version.startswith("1.4") and int(count) == len(_marts(seeds_run["warehouse"]))
    assert comment.startswith("事实编号 (fact id)")
