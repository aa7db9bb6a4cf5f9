"""Helpers of the warehouse tests: the cookbook's queries and a read-only reader process."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline_helpers import query  # noqa: F401 - re-exported for the warehouse tests

ROOT = Path(__file__).resolve().parents[2]
COOKBOOK = ROOT / "docs" / "cookbook.md"
FIXTURES = Path(__file__).resolve().parent / "warehouse_fixtures"

_BLOCK = re.compile(r"```sql\n-- cookbook: (?P<name>\w+)\n(?P<sql>.*?)```", re.S)


def cookbook_queries(path: Path = COOKBOOK) -> dict[str, str]:
    """name → SQL of every ```sql block of the cookbook (each starts with `-- cookbook: <name>`)."""
    return {m.group("name"): m.group("sql").strip().rstrip(";") for m in _BLOCK.finditer(path.read_text("utf-8"))}


# counts a reader sees in one connection (= one version of the file); compared with the run summaries
READER_TABLES = ("marts.dim_report", "marts.fct_indicators", "marts.fct_targets", "marts.fct_target_vs_actual",
                 "marts.fct_keywords")

# a BI tool in a loop: open the published file read-only, read the counts, close; until told to stop
READER = """
import json, sys, time, traceback
from pathlib import Path
import duckdb
warehouse, stop, out, tables = sys.argv[1], Path(sys.argv[2]), open(sys.argv[3], "w"), sys.argv[4].split(",")
while not stop.exists():
    try:
        con = duckdb.connect(warehouse, read_only=True)
        try:
            counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
        finally:
            con.close()
        out.write(json.dumps({"counts": counts}) + "\\n")
    except Exception:
        out.write(json.dumps({"error": traceback.format_exc()}) + "\\n")
    out.flush()
    time.sleep(0.02)
out.close()
"""
