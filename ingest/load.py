"""The raw layer of the warehouse: the only code that writes raw.* tables.

Loading is idempotent: a report is keyed by its content hash; loading the same report again
replaces its sections and facts with identical rows and keeps its first `ingested_at`.
Every batch is loaded in one transaction, so a failure leaves the file as it was.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from extract.records import FactMention, ReportMeta, Section
from ingest.duckdb_io import connect

_PY_TO_SQL = {int: "INTEGER", float: "DOUBLE", str: "VARCHAR", bool: "BOOLEAN"}


def _sql_type(tp: typing.Any) -> str:
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    base = args[0] if args else tp
    return _PY_TO_SQL.get(base, "VARCHAR")


def _columns(cls: type) -> list[tuple[str, str]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, _sql_type(hints[f.name])) for f in dataclasses.fields(cls)]


REPORT_COLUMNS: list[tuple[str, str]] = [
    ("report_id", "VARCHAR PRIMARY KEY"),
    ("content_hash", "VARCHAR NOT NULL"),
    ("file_name", "VARCHAR NOT NULL"),
    ("encoding", "VARCHAR"),
    ("size_bytes", "BIGINT"),
    ("ingested_at", "TIMESTAMP WITH TIME ZONE"),
    ("original_text", "VARCHAR"),
    ("cleaned_text", "VARCHAR"),
    ("paragraph_count", "INTEGER"),
    ("extractor_version", "VARCHAR"),
    ("warnings", "VARCHAR"),  # JSON list
    *[(name, "DATE" if name == "meeting_date" else typ) for name, typ in _columns(ReportMeta)],
]
SECTION_COLUMNS = [("report_id", "VARCHAR NOT NULL"), *_columns(Section)]
FACT_COLUMNS = [
    ("fact_id", "VARCHAR PRIMARY KEY"),
    ("report_id", "VARCHAR NOT NULL"),
    ("mention_no", "INTEGER"),
    *_columns(FactMention),
]
ERROR_COLUMNS = [
    ("file_name", "VARCHAR NOT NULL"),
    ("content_hash", "VARCHAR"),
    ("size_bytes", "BIGINT"),
    ("stage", "VARCHAR NOT NULL"),
    ("error_kind", "VARCHAR NOT NULL"),
    ("message", "VARCHAR NOT NULL"),
    ("first_seen", "TIMESTAMP WITH TIME ZONE"),
    ("last_seen", "TIMESTAMP WITH TIME ZONE"),
]
TABLES = {
    "reports": REPORT_COLUMNS,
    "sections": SECTION_COLUMNS,
    "fact_mentions": FACT_COLUMNS,
    "ingest_errors": ERROR_COLUMNS,
}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for table, cols in TABLES.items():
        ddl = ", ".join(f'"{c}" {t}' for c, t in cols)
        con.execute(f"CREATE TABLE IF NOT EXISTS raw.{table} ({ddl})")
        existing = {r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_schema='raw' and table_name=?",
            [table]).fetchall()}
        for c, t in cols:  # additive schema evolution: new record fields become new columns
            if c not in existing:
                con.execute(f'ALTER TABLE raw.{table} ADD COLUMN "{c}" {t.replace(" PRIMARY KEY", "")}')


def _frame(rows: list[dict], cols: list[tuple[str, str]]) -> pd.DataFrame:
    names = [c for c, _ in cols]
    return pd.DataFrame([{n: r.get(n) for n in names} for r in rows], columns=names)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    cols = TABLES[table]
    frame = _frame(rows, cols)  # noqa: F841 - read by DuckDB's replacement scan below
    names = ", ".join(f'"{c}"' for c, _ in cols)
    casts = ", ".join(f'CAST("{c}" AS {t.split()[0] if t.split()[0] != "TIMESTAMP" else "TIMESTAMPTZ"})'
                      for c, t in cols)
    con.execute(f"INSERT INTO raw.{table} ({names}) SELECT {casts} FROM frame")


@dataclasses.dataclass
class LoadStats:
    reports_loaded: int = 0
    reports_unchanged: int = 0
    sections: int = 0
    facts: int = 0
    errors: int = 0
    error_files: list[str] = dataclasses.field(default_factory=list)


def load_records(con: duckdb.DuckDBPyConnection, records: Iterable[dict], now: datetime | None = None) -> LoadStats:
    """Load records from extraction batches in one transaction (all or nothing)."""
    now = now or datetime.now(UTC)
    stats = LoadStats()
    ensure_schema(con)
    con.execute("BEGIN TRANSACTION")
    try:
        for rec in records:
            if "error" in rec:
                _upsert_error(con, rec["error"], now)
                stats.errors += 1
                stats.error_files.append(f'{rec["error"]["file_name"]}: {rec["error"]["message"]}')
                continue
            report = dict(rec["report"])
            rid = report["report_id"]
            prev = con.execute("select ingested_at from raw.reports where report_id = ?", [rid]).fetchone()
            report["ingested_at"] = prev[0] if prev else now
            report["warnings"] = json.dumps(report.get("warnings") or [], ensure_ascii=False)
            for table in ("fact_mentions", "sections", "reports"):
                con.execute(f"DELETE FROM raw.{table} WHERE report_id = ?", [rid])
            _insert(con, "reports", [report])
            _insert(con, "sections", rec["sections"])
            _insert(con, "fact_mentions", rec["facts"])
            # a file that now reads fine is no longer in quarantine
            con.execute("DELETE FROM raw.ingest_errors WHERE content_hash = ?", [report["content_hash"]])
            stats.sections += len(rec["sections"])
            stats.facts += len(rec["facts"])
            if prev:
                stats.reports_unchanged += 1
            else:
                stats.reports_loaded += 1
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return stats


def _upsert_error(con: duckdb.DuckDBPyConnection, err: dict, now: datetime) -> None:
    key = [err["file_name"], err.get("content_hash"), err["stage"]]
    prev = con.execute(
        "select first_seen from raw.ingest_errors where file_name = ? and content_hash is not distinct from ? "
        "and stage = ?", key).fetchone()
    con.execute(
        "DELETE FROM raw.ingest_errors where file_name = ? and content_hash is not distinct from ? and stage = ?", key)
    row = dict(err)
    row["first_seen"] = prev[0] if prev else now
    row["last_seen"] = now
    _insert(con, "ingest_errors", [row])


def load_batch_files(warehouse: str | Path, batch_files: Iterable[str | Path]) -> LoadStats:
    """Open the warehouse (the only writer) and load every batch file into raw.*."""
    from ingest.batch import read_batch

    Path(warehouse).parent.mkdir(parents=True, exist_ok=True)
    records: list[dict] = []
    for f in batch_files:
        records.extend(read_batch(f))
    con = connect(warehouse)
    try:
        return load_records(con, records)
    finally:
        con.close()
