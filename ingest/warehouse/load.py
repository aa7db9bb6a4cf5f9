"""The raw layer of the warehouse: the only code that writes raw.* tables.

Loading is idempotent: a report is keyed by its content hash; loading the same report again
replaces its rows with identical rows and keeps its first `ingested_at`.
Every load is one transaction, so a failure leaves the file as it was.

How: DuckDB reads the run's batch files itself (`read_json`, every column typed from the raw tables' one
definition, ingest.intake.raw_schema.TABLES) into a temporary table of lines, and set-based statements decide
and write every table: which record of a report is written and under which name, what an error row keeps, which
rows are replaced. DuckDB holds the lines in its buffer manager (spilled to disk beyond its memory limit), not
as Python objects: memory stays bounded however many reports a run loads.

Versions: `raw.report_files` records every file name a report was seen under (the same bytes under
two names are one report). A file name that now holds new content makes the report it held before
superseded (also when an old copy stays under another name): `raw.reports.is_current` /
`superseded_by` are derived from `raw.report_files` after every load, and the staging models expose
only current reports. History stays in raw.

Tables: besides reports, report_files and ingest_errors (filled by the rules here), each table of RECORD_TABLES
holds the rows a report's record lists under its key: a table added to TABLES and RECORD_TABLES loads with no
change here.

Every value is a bound parameter or read by DuckDB from the files: no SQL is built from file names or text.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingest.duckdb_io import connect
from ingest.intake.raw_schema import _LOADER_FILLED as LOADER_FILLED
from ingest.intake.raw_schema import RECORD_TABLES, TABLES

# a column whose record value is not its table's type: the report's warnings are a list, stored as JSON text
RECORD_TYPES = {("reports", "warnings"): "VARCHAR[]"}
# the largest record (one line: a report with its texts and rows) read_json accepts; a longer line is quarantined
# as unreadable. read_json holds two buffers of this size per thread.
MAX_RECORD_BYTES = 16 << 20
# DuckDB's memory for a load: beyond it the temporary tables spill to disk (next to the warehouse file), so a
# backfill of tens of thousands of reports runs in the memory of a few hundred; a few threads, so that read_json's
# buffers stay well inside it on a machine with many cores
LOAD_MEMORY_LIMIT, LOAD_MAX_THREADS = "512MB", 4


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


@dataclasses.dataclass
class LoadStats:
    reports_loaded: int = 0
    reports_unchanged: int = 0
    sections: int = 0
    facts: int = 0
    errors: int = 0
    error_files: list[str] = dataclasses.field(default_factory=list)
    duplicate_files: list[str] = dataclasses.field(default_factory=list)  # "copy.txt = original.txt"
    superseded: int = 0  # report versions that are no longer current after this load


def child_tables() -> dict[str, str]:
    """The tables whose rows a report's record lists, and the record's key for each."""
    return {table: key for key, table in RECORD_TABLES.items()}


def _sql_type(sql_type: str) -> str:
    """A column's type without its constraints (PRIMARY KEY, NOT NULL)."""
    return "TIMESTAMPTZ" if sql_type.startswith("TIMESTAMP") else sql_type.split()[0]


def _record_columns(table: str) -> list[str]:
    """The columns of `table` a record gives (not those the loader fills)."""
    return [c for c, _ in TABLES[table] if c not in LOADER_FILLED]


def _struct(table: str, only: Iterable[str] | None = None) -> str:
    types = {c: RECORD_TYPES.get((table, c), _sql_type(t)) for c, t in TABLES[table]}
    return "STRUCT(" + ", ".join(f'"{c}" {types[c]}' for c in (only or _record_columns(table))) + ")"


def record_columns() -> dict[str, str]:
    """read_json's columns: one per kind of line, typed from TABLES (never inferred)."""
    columns = {"report": _struct("reports"), "error": _struct("ingest_errors"),
               "known": _struct("reports", ("report_id", "content_hash", "file_name"))}
    columns |= {key: _struct(table) + "[]" for table, key in child_tables().items()}
    return columns


def _read_sql() -> str:
    """The temporary table of every line of the batch files ($files), with its file's place in the list."""
    columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in record_columns().items()) + "}"
    return (f"CREATE OR REPLACE TEMP TABLE load_lines AS SELECT row_number() OVER () AS line_id, "
            f"list_position($files, filename) AS file_no, * EXCLUDE (filename) FROM read_json($files, "
            f"format = 'newline_delimited', columns = {columns}, filename = true, "
            f"maximum_object_size = {MAX_RECORD_BYTES})")


# what DuckDB raises for a line it cannot read as a record (malformed JSON, a value of the wrong type)
READ_ERRORS = (duckdb.InvalidInputException, duckdb.ConversionException)


def stage(con: duckdb.DuckDBPyConnection, files: list[Path], scratch: Path) -> None:
    """Read the batch files into temp.load_lines. A file with a line DuckDB cannot read is split into its lines
    (in `scratch`): each unreadable line becomes an error record naming the batch file and the line, the others
    load."""
    files = files or [_scratch_file(scratch, "")]  # no batch file: no line
    try:
        con.execute(_read_sql(), {"files": [str(f) for f in files]})
        return
    except READ_ERRORS:
        pass
    readable: list[Path] = []
    for f in files:
        readable += _split(con, f, scratch) if _problem(con, [f]) else [f]
    con.execute(_read_sql(), {"files": [str(f) for f in readable]})


def _problem(con: duckdb.DuckDBPyConnection, files: list[Path]) -> str | None:
    """DuckDB's complaint about a line of `files` it cannot read as a record, None when it reads them all."""
    try:
        con.execute(_read_sql().replace("load_lines", "load_probe"), {"files": [str(f) for f in files]})
        return None
    except READ_ERRORS as exc:
        return str(exc).splitlines()[0]
    finally:
        con.execute("DROP TABLE IF EXISTS load_probe")


def _split(con: duckdb.DuckDBPyConnection, batch: Path, scratch: Path) -> list[Path]:
    """`batch` as one file per line it holds (the lines DuckDB reads) and a file of error records (the others)."""
    out, errors = [], []
    lines = [line for line in batch.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    for n, line in enumerate(lines, 1):
        path = _scratch_file(scratch, line + "\n")
        problem = _problem(con, [path])
        if problem is None:
            out.append(path)
        else:
            errors.append(_unreadable(batch, n, line, problem))
    if errors:
        out.append(_scratch_file(scratch, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors)))
    return out


def _scratch_file(scratch: Path, text: str) -> Path:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".jsonl", dir=scratch, delete=False) as fh:
        fh.write(text)
    return Path(fh.name)


def _unreadable(batch: Path, n: int, line: str, problem: str) -> dict:
    """The error record of line `n` of `batch`: the report's file and hash when the line still names them."""
    try:
        value = json.loads(line)
        entry = next(value[k] for k in ("report", "known", "error") if isinstance(value.get(k), dict))
        name, content_hash = entry.get("file_name"), entry.get("content_hash")
    except (ValueError, StopIteration, AttributeError):
        found = re.search(r'"file_name": *"((?:[^"\\]|\\.)*)"', line)
        name, content_hash = (json.loads(f'"{found.group(1)}"') if found else None), None
    return {"error": {"file_name": str(name or f"{batch.name} line {n}"), "content_hash": content_hash,
                      "size_bytes": None, "stage": "load", "error_kind": "bad_record",
                      "message": f"line {n} of the batch file {batch} is not a record the loader can read "
                                 f"({problem}); the other records loaded; run again to extract the file anew, "
                                 "and report it as a bug if it comes back"}}


def _decide(con: duckdb.DuckDBPyConnection, now: datetime) -> None:
    """What this load writes, from temp.load_lines and the warehouse as it is: load_seen (every report and name
    of the load), load_pick (the record each extracted report is written from, its first name and ingested_at),
    load_errors (the last error record of each file, hash and stage, with its first_seen)."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE load_seen AS
        SELECT DISTINCT coalesce(report.report_id, known.report_id) AS report_id,
               coalesce(report.file_name, known.file_name) AS file_name,
               coalesce(report.content_hash, known.content_hash) AS content_hash
        FROM load_lines WHERE report IS NOT NULL OR known IS NOT NULL""")
    # of two names for the same bytes the shorter one (x.txt rather than "x (1).txt", "x - 副本.txt") names the
    # report; a report loaded before keeps its first name and first ingested_at
    con.execute("""
        CREATE OR REPLACE TEMP TABLE load_pick AS
        WITH picked AS (
            SELECT report.report_id AS report_id,
                   arg_min(line_id, (length(report.file_name), report.file_name, line_id)) AS line_id
            FROM load_lines WHERE report IS NOT NULL GROUP BY 1
        ), named AS (
            SELECT report_id, arg_min(file_name, (length(file_name), file_name)) AS file_name
            FROM load_seen GROUP BY 1
        )
        SELECT p.report_id, p.line_id, r.report_id IS NOT NULL AS loaded_before,
               coalesce(r.ingested_at, $now::TIMESTAMPTZ) AS ingested_at,
               coalesce(r.file_name, n.file_name) AS file_name
        FROM picked p JOIN named n USING (report_id) LEFT JOIN raw.reports r USING (report_id)""", {"now": now})
    con.execute("""
        CREATE OR REPLACE TEMP TABLE load_errors AS
        WITH last AS (
            SELECT arg_max(error, (file_no, line_id)) AS error FROM load_lines WHERE error IS NOT NULL
            GROUP BY error.file_name, error.content_hash, error.stage
        ), flat AS (SELECT error.* FROM last)
        SELECT l.*, coalesce((SELECT min(e.first_seen) FROM raw.ingest_errors e
                              WHERE e.file_name = l.file_name AND e.stage = l.stage
                              AND e.content_hash IS NOT DISTINCT FROM l.content_hash),
                             $now::TIMESTAMPTZ) AS first_seen, $now::TIMESTAMPTZ AS last_seen
        FROM flat l""", {"now": now})


def _check_known(con: duckdb.DuckDBPyConnection) -> None:
    """A `known` record (bytes the warehouse holds, so not extracted) whose report the warehouse lacks is a bug
    upstream: the load fails rather than record a name for a report that is not there."""
    missing = con.execute("""
        SELECT known.file_name, known.report_id FROM load_lines WHERE known IS NOT NULL
        AND known.report_id NOT IN (SELECT report_id FROM raw.reports)
        AND known.report_id NOT IN (SELECT report_id FROM load_pick) ORDER BY 1 LIMIT 1""").fetchone()
    if missing:
        raise ValueError(f"{missing[0]}: report {missing[1]} was skipped as already loaded but is not in raw.reports")


def _stats(con: duckdb.DuckDBPyConnection) -> LoadStats:
    """The counts of what _decide found (before anything is written)."""
    one = con.execute
    errors = one("SELECT error.file_name || ' [' || error.error_kind || ']: ' || error.message FROM load_lines "
                 "WHERE error IS NOT NULL ORDER BY file_no, line_id").fetchall()
    duplicates = one("SELECT s.file_name || ' = ' || n.file_name FROM load_seen s JOIN ("
                     "SELECT report_id, arg_min(file_name, (length(file_name), file_name)) AS file_name "
                     "FROM load_seen GROUP BY 1) n USING (report_id) WHERE s.file_name <> n.file_name "
                     "ORDER BY length(s.file_name), s.file_name").fetchall()
    loaded, seen = one("SELECT count(*) FILTER (WHERE NOT loaded_before), "
                       "(SELECT count(DISTINCT report_id) FROM load_seen) FROM load_pick").fetchone()
    sections, facts = one("SELECT coalesce(sum(len(l.sections)), 0), coalesce(sum(len(l.facts)), 0) "
                          "FROM load_lines l JOIN load_pick USING (line_id)").fetchone()
    return LoadStats(reports_loaded=loaded, reports_unchanged=seen - loaded, sections=sections, facts=facts,
                     errors=len(errors), error_files=[e for (e,) in errors],
                     duplicate_files=[d for (d,) in duplicates])


def _write_files_and_errors(con: duckdb.DuckDBPyConnection, now: datetime) -> None:
    """raw.ingest_errors (an error replaces the row of its file, hash and stage) and raw.report_files (every name
    seen now), then the files that now read fine leave quarantine."""
    errors = ", ".join(_quoted(c for c, _ in TABLES["ingest_errors"]))
    con.execute("DELETE FROM raw.ingest_errors e USING load_errors k WHERE e.file_name = k.file_name "
                "AND e.content_hash IS NOT DISTINCT FROM k.content_hash AND e.stage = k.stage")
    con.execute(f"INSERT INTO raw.ingest_errors ({errors}) SELECT {errors} FROM load_errors")
    con.execute("UPDATE raw.report_files f SET last_seen = $now FROM load_seen s "
                "WHERE f.report_id = s.report_id AND f.file_name = s.file_name", {"now": now})
    con.execute("INSERT INTO raw.report_files SELECT s.report_id, s.file_name, $now, $now FROM "
                "(SELECT DISTINCT report_id, file_name FROM load_seen) s WHERE NOT EXISTS (SELECT 1 FROM "
                "raw.report_files f WHERE f.report_id = s.report_id AND f.file_name = s.file_name)", {"now": now})
    con.execute("DELETE FROM raw.ingest_errors WHERE content_hash IN (SELECT content_hash FROM load_seen) "
                "OR file_name IN (SELECT file_name FROM load_seen)")


def _quoted(columns: Iterable[str]) -> list[str]:
    return [f'"{c}"' for c in columns]


def _write_reports(con: duckdb.DuckDBPyConnection) -> None:
    """The picked reports' rows replace any rows of the same reports, in raw.reports and each RECORD_TABLES table."""
    for table in [*child_tables(), "reports"]:
        con.execute(f"DELETE FROM raw.{table} WHERE report_id IN (SELECT report_id FROM load_pick)")
    names = [c for c, _ in TABLES["reports"]]
    values = {c: f'l.report."{c}"' for c in _record_columns("reports")} | {
        "ingested_at": "p.ingested_at", "file_name": "p.file_name", "is_current": "NULL", "superseded_by": "NULL",
        # the list as JSON text, as Python's json.dumps writes it
        "warnings": "'[' || array_to_string(list_transform(coalesce(l.report.warnings, []), lambda w: to_json(w)), "
                    "', ') || ']'"}
    con.execute(f"INSERT INTO raw.reports ({', '.join(_quoted(names))}) SELECT {', '.join(values[c] for c in names)} "
                "FROM load_lines l JOIN load_pick p USING (line_id)")
    for table, key in child_tables().items():
        cols = ", ".join(_quoted(_record_columns(table)))
        con.execute(f"INSERT INTO raw.{table} ({cols}) SELECT r.* FROM (SELECT unnest(l.{key}) AS r "
                    "FROM load_lines l JOIN load_pick USING (line_id))")


def _apply(con: duckdb.DuckDBPyConnection, now: datetime, alone: str | None = None) -> LoadStats:
    """Write temp.load_lines into raw.* in one transaction (all or nothing); with `alone`, that report's record
    only, rolled back (temp.load_lines too)."""
    con.execute("BEGIN TRANSACTION")
    try:
        if alone is not None:
            con.execute("DELETE FROM load_lines WHERE report IS NULL OR report.report_id <> ?", [alone])
        _backfill_report_files(con)
        before = _current_ids(con)
        _decide(con, now)
        _check_known(con)
        stats = _stats(con)
        _write_files_and_errors(con, now)
        _write_reports(con)
        derive_current_versions(con)
        stats.superseded = len(before - _current_ids(con))
        con.execute("COMMIT" if alone is None else "ROLLBACK")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return stats


# what DuckDB raises when a row breaks a table's rule (a key, NOT NULL, a type): the data's fault, not the system's
ROW_ERRORS = (duckdb.ConstraintException, duckdb.ConversionException)


def load_isolating(con: duckdb.DuckDBPyConnection, files: list[Path], now: datetime | None = None) -> LoadStats:
    """Load the batch files; if a row breaks a rule of the warehouse, find the reports whose own rows do (each
    loaded alone and rolled back), quarantine them (raw.ingest_errors, stage load) and load the others. The extract
    tasks check each report against the raw tables' rules already (ingest.intake.raw_schema); this catches what only
    the warehouse can see (a key another report already holds) and any rule added to the tables later."""
    now = (now or datetime.now(UTC)).astimezone(UTC)  # one time zone for every timestamp written
    ensure_schema(con)
    with tempfile.TemporaryDirectory(prefix="load_") as scratch:
        stage(con, files, Path(scratch))
    try:
        return _apply(con, now)
    except ROW_ERRORS:
        culprits = {rid: problem for rid in _extracted(con) if (problem := _alone(con, rid, now))}
        if not culprits:
            raise
        for rid, problem in culprits.items():
            _quarantine(con, rid, problem)
        return _apply(con, now)
    finally:
        for table in ("load_lines", "load_seen", "load_pick", "load_errors"):
            con.execute(f"DROP TABLE IF EXISTS temp.{table}")


def _extracted(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r for (r,) in con.execute("SELECT DISTINCT report.report_id FROM load_lines WHERE report IS NOT NULL "
                                      "ORDER BY 1").fetchall()]


def _alone(con: duckdb.DuckDBPyConnection, report_id: str, now: datetime) -> str | None:
    """What the warehouse refuses of the report's rows when they are loaded alone (rolled back), else None."""
    try:
        _apply(con, now, alone=report_id)
        return None
    except ROW_ERRORS as exc:
        return str(exc).splitlines()[0]


def _quarantine(con: duckdb.DuckDBPyConnection, report_id: str, problem: str) -> None:
    """The report's records become error records (stage load) naming the rule its rows break."""
    message = (f"its rows break a rule of the warehouse ({problem}); the other reports loaded; report it as an "
               "extractor bug with the file attached")
    con.execute("""
        INSERT INTO load_lines (line_id, file_no, error)
        SELECT line_id, file_no, {'file_name': report.file_name, 'content_hash': report.content_hash,
               'size_bytes': NULL, 'stage': 'load', 'error_kind': 'violates_rule', 'message': $message}
        FROM load_lines WHERE report.report_id = $rid""", {"message": message, "rid": report_id})
    con.execute("DELETE FROM load_lines WHERE report.report_id = ?", [report_id])


def load_batch_files(warehouse: str | Path, batch_files: Iterable[str | Path]) -> LoadStats:
    """Open the warehouse (the only writer) and load every batch file into raw.*, in one transaction."""
    Path(warehouse).parent.mkdir(parents=True, exist_ok=True)
    con = connect(warehouse)
    try:
        con.execute(f"SET memory_limit = '{LOAD_MEMORY_LIMIT}'")
        con.execute(f"SET threads = least(current_setting('threads'), {LOAD_MAX_THREADS})")
        return load_isolating(con, list(dict.fromkeys(Path(f) for f in batch_files)))
    finally:
        con.close()


def load_records(con: duckdb.DuckDBPyConnection, records: Iterable[dict], now: datetime | None = None) -> LoadStats:
    """Load records (as extraction writes them to batch files) in one transaction (all or nothing)."""
    with tempfile.TemporaryDirectory(prefix="records_") as folder:
        path = Path(folder) / "records.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        return load_isolating(con, [path], now)


def loaded_content_hashes(warehouse: str | Path, extractor_version: str) -> set[str]:
    """Content hashes of the reports in `warehouse` extracted by `extractor_version` (none if no warehouse)."""
    if not Path(warehouse).exists():
        return set()
    con = connect(warehouse, read_only=True)
    try:
        exists = con.execute("select count(*) from information_schema.tables "
                             "where table_schema = 'raw' and table_name = 'reports'").fetchone()[0]
        if not exists:
            return set()
        rows = con.execute("select content_hash from raw.reports where extractor_version = ?",
                           [extractor_version]).fetchall()
        return {r[0] for r in rows}
    finally:
        con.close()


def _backfill_report_files(con: duckdb.DuckDBPyConnection) -> None:
    """Warehouses loaded before raw.report_files existed: each report's own file name."""
    con.execute("INSERT INTO raw.report_files SELECT report_id, file_name, ingested_at, ingested_at FROM raw.reports "
                "WHERE report_id NOT IN (SELECT report_id FROM raw.report_files)")


def _current_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("select report_id from raw.reports where is_current").fetchall()}


def derive_current_versions(con: duckdb.DuckDBPyConnection) -> None:
    """A file name belongs to the report last seen under it; a report that lost any of its names to another
    report is superseded by it (an old copy under a second name does not keep an old version alive)."""
    con.execute("""
        WITH holder AS (
            SELECT file_name, arg_max(report_id, (last_seen, first_seen, report_id)) AS current_id
            FROM raw.report_files GROUP BY file_name
        ), taken AS (
            SELECT f.report_id, min(h.current_id) FILTER (WHERE h.current_id <> f.report_id) AS superseded_by
            FROM raw.report_files f JOIN holder h USING (file_name) GROUP BY f.report_id
        ), derived AS (
            SELECT r.report_id, t.superseded_by FROM raw.reports r LEFT JOIN taken t USING (report_id)
        )
        UPDATE raw.reports SET is_current = derived.superseded_by IS NULL, superseded_by = derived.superseded_by
        FROM derived WHERE raw.reports.report_id = derived.report_id
    """)
