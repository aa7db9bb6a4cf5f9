"""`make export`: every mart of the published warehouse to one Parquet file each (DuckDB's own writer)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from ingest.duckdb_io import connect

MART_SCHEMA = "marts"


@dataclass(frozen=True)
class ExportedTable:
    table: str
    path: Path
    rows: int


def mart_tables(con) -> list[str]:
    rows = con.execute("select table_name from information_schema.tables where table_schema = ? "
                       "order by table_name", [MART_SCHEMA]).fetchall()
    return [r[0] for r in rows]


def export_marts(warehouse: str | Path, out_dir: str | Path) -> list[ExportedTable]:
    """Write marts.<table> to <out_dir>/<table>.parquet (zstd), reading the warehouse read-only."""
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    con = connect(warehouse, read_only=True)
    try:
        exported = []
        for table in mart_tables(con):
            path = out / f"{table}.parquet"
            tmp = path.with_name(path.name + ".tmp")
            con.execute(f"copy {MART_SCHEMA}.\"{table}\" to '{tmp}' (format parquet, compression zstd)")
            tmp.replace(path)
            rows = con.execute(f"select count(*) from {MART_SCHEMA}.\"{table}\"").fetchone()[0]
            exported.append(ExportedTable(table, path, rows))
        return exported
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--warehouse", default="warehouse/gov_reports.duckdb")
    ap.add_argument("--out", default=None, help="folder of the Parquet files (default: <warehouse folder>/parquet)")
    a = ap.parse_args(argv)
    warehouse = Path(a.warehouse)
    if not warehouse.exists():
        print(f"no warehouse at {warehouse}: run 'make run' first", file=sys.stderr)
        return 1
    for t in export_marts(warehouse, a.out or warehouse.parent / "parquet"):
        print(f"{t.table:<24} {t.rows:>8} rows → {t.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
