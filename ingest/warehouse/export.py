"""The marts of the published warehouse as Parquet (DuckDB's own writer): what `make export` and the DAG
gov_reports_export (started by the warehouse asset that `publish` updates) write.

Each mart becomes a folder `<mart>/`: partitioned by report year (`report_year=2026/data_0.parquet`, Hive style)
when the mart has one, else one file. The marts' bilingual descriptions travel as the files' key-value metadata
(Parquet has no column comments): `gov_reports.table` (the mart's description) and `gov_reports.columns` (a JSON
object column → description). The export is written beside the final folder and swapped in by rename, so a
reader never sees half an export.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from ingest.duckdb_io import connect

MART_SCHEMA = "marts"
PARTITION = "report_year"


@dataclass(frozen=True)
class ExportedTable:
    table: str
    path: Path
    rows: int
    partitioned: bool


def mart_tables(con) -> list[str]:
    rows = con.execute("select table_name from information_schema.tables where table_schema = ? "
                       "order by table_name", [MART_SCHEMA]).fetchall()
    return [r[0] for r in rows]


def default_out(warehouse: str | Path) -> Path:
    """<warehouse stem>.parquet/ beside the warehouse (named after it, like its site)."""
    w = Path(warehouse)
    return w.with_name(f"{w.stem}.parquet")


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _metadata(con, table: str) -> str:
    """KV_METADATA of a mart's files: its description and its columns' (the comments dbt persisted)."""
    (table_comment,) = con.execute("select coalesce(comment, '') from duckdb_tables() where schema_name = ? "
                                   "and table_name = ?", [MART_SCHEMA, table]).fetchone()
    columns = dict(con.execute("select column_name, coalesce(comment, '') from duckdb_columns() "
                               "where schema_name = ? and table_name = ? order by column_index",
                               [MART_SCHEMA, table]).fetchall())
    return ("{" + f"'gov_reports.table': {_sql_string(table_comment)}, "
            f"'gov_reports.columns': {_sql_string(json.dumps(columns, ensure_ascii=False))}" + "}")


def _export_table(con, table: str, target: Path) -> ExportedTable:
    columns = {c for (c,) in con.execute("select column_name from duckdb_columns() where schema_name = ? "
                                         "and table_name = ?", [MART_SCHEMA, table]).fetchall()}
    partitioned = PARTITION in columns
    options = f"format parquet, compression zstd, kv_metadata {_metadata(con, table)}"
    if partitioned:
        con.execute(f"copy {MART_SCHEMA}.\"{table}\" to '{target.as_posix()}' ({options}, partition_by ({PARTITION}))")
    else:
        target.mkdir(parents=True)
        con.execute(f"copy {MART_SCHEMA}.\"{table}\" to '{(target / 'data_0.parquet').as_posix()}' ({options})")
    rows = con.execute(f"select count(*) from {MART_SCHEMA}.\"{table}\"").fetchone()[0]
    return ExportedTable(table, target, rows, partitioned)


def export_marts(warehouse: str | Path, out_dir: str | Path | None = None) -> list[ExportedTable]:
    """Write every mart to <out_dir>/<mart>/ (default: default_out(warehouse)), reading the warehouse
    read-only; the old export is replaced whole at the end."""
    out = Path(out_dir or default_out(warehouse)).resolve()
    staging = out.with_name(out.name + ".writing")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    con = connect(warehouse, read_only=True)
    try:
        exported = [_export_table(con, table, staging / table) for table in mart_tables(con)]
    finally:
        con.close()
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    return [ExportedTable(t.table, out / t.table, t.rows, t.partitioned) for t in exported]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warehouse", default="warehouse/gov_reports.duckdb")
    ap.add_argument("--out", default=None, help="folder of the export (default: <warehouse stem>.parquet/)")
    a = ap.parse_args(argv)
    warehouse = Path(a.warehouse)
    if not warehouse.exists():
        print(f"no warehouse at {warehouse}: run 'make run' first", file=sys.stderr)
        return 1
    for t in export_marts(warehouse, a.out):
        print(f"{t.table:<24} {t.rows:>8} rows → {t.path}{' (by report_year)' if t.partitioned else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
