"""The raw layer of the warehouse: the only code that writes raw.* tables.

Loading is idempotent: a report is keyed by its content hash; loading the same report again
replaces its sections and facts with identical rows and keeps its first `ingested_at`.
Every batch is loaded in one transaction, so a failure leaves the file as it was.

Versions: `raw.report_files` records every file name a report was seen under (the same bytes under
two names are one report). A file name that now holds new content makes the report it held before
superseded (also when an old copy stays under another name): `raw.reports.is_current` /
`superseded_by` are derived from `raw.report_files` after every load, and the staging models expose
only current reports. History stays in raw.

Every value is a bound parameter or a DataFrame column: no SQL is built from file names or text.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from ingest.duckdb_io import connect
from ingest.intake.raw_schema import RECORD_TABLES, TABLES


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
    """The table's columns of `rows` (a missing key is a missing value; the strings are shared, not copied)."""
    return pd.DataFrame(rows, columns=[c for c, _ in cols])


def _run(con: duckdb.DuckDBPyConnection, sql: str, frame: pd.DataFrame, params: list | None = None) -> list[tuple]:
    """Run `sql` with `frame` readable as the table batch_rows.

    DuckDB reads the local variable `batch_rows` by its name (a replacement scan). A frame registered with
    `con.register` instead stays referenced until the transaction ends, even after `unregister`: every row of a
    load (the reports' texts) would stay in memory until the commit."""
    batch_rows = frame  # noqa: F841  (read by DuckDB, see above)
    return con.execute(sql, params or []).fetchall()


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """All `rows` in one INSERT (every value a DataFrame cell, cast to its column's type)."""
    if not rows:
        return
    cols = TABLES[table]
    names = ", ".join(f'"{c}"' for c, _ in cols)
    casts = ", ".join(f'CAST("{c}" AS {t.split()[0] if t.split()[0] != "TIMESTAMP" else "TIMESTAMPTZ"})'
                      for c, t in cols)
    _run(con, f"INSERT INTO raw.{table} ({names}) SELECT {casts} FROM batch_rows", _frame(rows, cols))


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


@dataclasses.dataclass
class _Plan:
    """What one load writes, table by table (worked out from the records before anything is written)."""

    errors: dict[tuple, dict] = dataclasses.field(default_factory=dict)  # (file_name, content_hash, stage) → last
    files: dict[tuple[str, str], None] = dataclasses.field(default_factory=dict)  # (report_id, file_name) seen
    cleared: list[dict] = dataclasses.field(default_factory=list)  # content_hash/file_name out of quarantine
    # the records whose report is (re)loaded, by key → (report_id, ingested_at, file_name): its rows replace any
    # rows of the report_id; ingested_at and file_name (the first ever given) are decided here, the rows are read
    # when written
    loads: dict[typing.Hashable, tuple[str, datetime, str]] = dataclasses.field(default_factory=dict)


# A record keyed by its place in its source. The loader plans from light records (keys, names, hashes, counts) and
# asks its source (`read(keys)`) for the full records (texts, sections, facts) when it writes them, PART_REPORTS
# reports at a time.
Keyed = tuple[typing.Hashable, dict]


def _light(rec: dict) -> dict:
    """What planning needs of a record: errors and known reports whole (they are small); of a new report its
    ids and names and the number of its sections and facts, not its texts and rows."""
    if "report" not in rec:
        return rec
    report = rec["report"]
    return {"report": {k: report[k] for k in ("report_id", "file_name", "content_hash")},
            "n_sections": len(rec["sections"]), "n_facts": len(rec["facts"])}


def load_records(con: duckdb.DuckDBPyConnection, records: Iterable[dict], now: datetime | None = None) -> LoadStats:
    """Load records from extraction batches in one transaction (all or nothing)."""
    recs = list(records)
    return _load(con, [(i, _light(r)) for i, r in enumerate(recs)], lambda keys: ((k, recs[k]) for k in keys), now)


def _load(con: duckdb.DuckDBPyConnection, light: list[Keyed], read: Callable[[list], Iterable[Keyed]],
          now: datetime | None = None, dry_run: bool = False) -> LoadStats:
    """Load in one transaction (all or nothing): plan from the light records (`_light`, in the order of
    _originals_first), then write each table with one statement per kind of change (set-based upserts, bulk
    deletes of replaced rows), the new rows with one INSERT per table and part of PART_REPORTS reports."""
    now = (now or datetime.now(UTC)).astimezone(UTC)  # one time zone for every timestamp written
    stats = LoadStats()
    ensure_schema(con)
    con.execute("BEGIN TRANSACTION")
    try:
        _backfill_report_files(con)
        before = _current_ids(con)
        plan = _plan(con, _originals_first(light), now, stats)
        _write(con, plan, now, read)
        derive_current_versions(con)
        stats.superseded = len(before - _current_ids(con))
        con.execute("ROLLBACK" if dry_run else "COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return stats


def _plan(con: duckdb.DuckDBPyConnection, records: list[Keyed], now: datetime, stats: LoadStats) -> _Plan:
    """The rows of every table, as loading the (light) records one by one in this order would leave them."""
    plan = _Plan()
    ids = {(r.get("report") or r.get("known"))["report_id"] for _, r in records if "error" not in r}
    loaded = {rid: (_utc(ts), name) for rid, ts, name in _run(
        con, "SELECT report_id, ingested_at, file_name FROM raw.reports "
             "WHERE report_id IN (SELECT report_id FROM batch_rows)", pd.DataFrame({"report_id": sorted(ids)}))
    } if ids else {}
    seen_now: dict[str, str] = {}  # report_id → the name it is loaded under in this load
    for key, rec in records:
        if "error" in rec:
            err = rec["error"]
            plan.errors.pop(key := (err["file_name"], err.get("content_hash"), err["stage"]), None)
            plan.errors[key] = err  # the last record of a file, hash and stage wins
            stats.errors += 1
            stats.error_files.append(f'{err["file_name"]} [{err["error_kind"]}]: {err["message"]}')
            continue
        entry = rec.get("report") or rec["known"]
        rid, name = entry["report_id"], entry["file_name"]
        if "known" in rec and rid not in loaded and rid not in seen_now:
            raise ValueError(f"{name}: report {rid} was skipped as already loaded but is not in raw.reports")
        plan.files[(rid, name)] = None
        # a file (name or content) that now reads fine is no longer in quarantine
        plan.cleared.append({"content_hash": entry["content_hash"], "file_name": name})
        if rid in seen_now:  # the same bytes under another name: one report, both names recorded
            stats.duplicate_files.append(f"{name} = {seen_now[rid]}")
            continue
        seen_now[rid] = name
        if "known" in rec:  # already loaded from these bytes: only the file name is recorded
            stats.reports_unchanged += 1
            continue
        prev = loaded.get(rid)
        plan.loads[key] = (rid, prev[0] if prev else now, prev[1] if prev else name)  # the first name stays
        stats.sections += rec["n_sections"]
        stats.facts += rec["n_facts"]
        if prev:
            stats.reports_unchanged += 1
        else:
            stats.reports_loaded += 1
    return plan


def _utc(ts: datetime | None) -> datetime | None:
    """A timestamp read back from DuckDB, in UTC like `now` (the same instant: one time zone per column)."""
    return ts.astimezone(UTC) if ts is not None else None


def _write(con: duckdb.DuckDBPyConnection, plan: _Plan, now: datetime, read: Callable[[list], Iterable[Keyed]]
           ) -> None:
    if plan.errors:  # an error replaces the row of the same file, hash and stage and keeps its first_seen
        keys = pd.DataFrame(list(plan.errors), columns=["file_name", "content_hash", "stage"])
        gone = _run(con, "DELETE FROM raw.ingest_errors e USING batch_rows k WHERE e.file_name = k.file_name "
                         "AND e.content_hash IS NOT DISTINCT FROM k.content_hash AND e.stage = k.stage "
                         "RETURNING e.file_name, e.content_hash, e.stage, e.first_seen", keys)
        first_seen: dict[tuple, datetime | None] = {}
        for *key, ts in gone:
            first_seen.setdefault(tuple(key), _utc(ts))
        _insert(con, "ingest_errors", [{**err, "first_seen": first_seen.get(key, now), "last_seen": now}
                                       for key, err in plan.errors.items()])
    if plan.files:
        pairs = pd.DataFrame(list(plan.files), columns=["report_id", "file_name"])
        _run(con, "UPDATE raw.report_files f SET last_seen = ? FROM batch_rows p "
                  "WHERE f.report_id = p.report_id AND f.file_name = p.file_name", pairs, [now])
        _run(con, "INSERT INTO raw.report_files SELECT p.report_id, p.file_name, ?, ? FROM batch_rows p "
                  "WHERE NOT EXISTS (SELECT 1 FROM raw.report_files f "
                  "WHERE f.report_id = p.report_id AND f.file_name = p.file_name)", pairs, [now, now])
    if plan.cleared:
        _run(con, "DELETE FROM raw.ingest_errors WHERE content_hash IN (SELECT content_hash FROM batch_rows) "
                  "OR file_name IN (SELECT file_name FROM batch_rows)", pd.DataFrame(plan.cleared))
    if plan.loads:  # a report loaded again: its rows are replaced (keywords, facts, sections, then the report)
        ids = pd.DataFrame({"report_id": [rid for rid, _, _ in plan.loads.values()]})
        for table in (*reversed(RECORD_TABLES.values()), "reports"):
            _run(con, f"DELETE FROM raw.{table} WHERE report_id IN (SELECT report_id FROM batch_rows)", ids)
        for part in _parts(read(list(plan.loads))):
            reports = []
            for key, rec in part:
                _, ingested_at, file_name = plan.loads[key]
                reports.append({**rec["report"], "ingested_at": ingested_at, "file_name": file_name,
                                "warnings": json.dumps(rec["report"].get("warnings") or [], ensure_ascii=False)})
            _insert(con, "reports", reports)  # a shallow copy of each report: the texts are shared
            for field, table in RECORD_TABLES.items():  # a record of an older extractor may lack a field
                _insert(con, table, [row for _, rec in part for row in rec.get(field, [])])


PART_REPORTS = 100  # reports whose rows are written per INSERT (and held at once, when read again from disk)


def _parts(pairs: Iterable[Keyed]) -> Iterator[list[Keyed]]:
    """`pairs` in lists of PART_REPORTS."""
    part: list[Keyed] = []
    for pair in pairs:
        part.append(pair)
        if len(part) == PART_REPORTS:
            yield part
            part = []
    if part:
        yield part


def _file_name(rec: dict) -> str:
    return (rec.get("report") or rec["known"])["file_name"]


def _originals_first(records: Iterable[Keyed]) -> list[Keyed]:
    """Errors, then reports by name length: of two names for the same bytes, the shorter one (x.txt rather
    than "x (1).txt", "x - 副本.txt") becomes the report's name; re-runs keep the first name ever given."""
    recs = list(records)
    errors = [(k, r) for k, r in recs if "error" in r]
    reports = [(k, r) for k, r in recs if "error" not in r]
    return errors + sorted(reports, key=lambda kr: (len(_file_name(kr[1])), _file_name(kr[1])))


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


# characters of report text a load keeps parsed between its plan and its writes (two texts a report: ~2,000
# reports of this corpus, ~80-160 MB); the batch files beyond it are parsed again when their rows are written
LOAD_CACHE_CHARS = 40_000_000


def _text_chars(records: list[dict]) -> int:
    return sum(len(r["report"].get("original_text") or "") + len(r["report"].get("cleaned_text") or "")
               for r in records if "report" in r)


def load_batch_files(warehouse: str | Path, batch_files: Iterable[str | Path]) -> LoadStats:
    """Open the warehouse (the only writer) and load every batch file into raw.*, in one transaction.

    The plan needs only the records' ids, names and counts; the batch files' parsed records are kept for the
    writes up to LOAD_CACHE_CHARS of text, and the files beyond it are parsed again when their rows are written.
    A run's memory so stays bounded however many reports it loads (a backfill of tens of thousands of files)."""
    from ingest.intake.batch import read_batch

    files = [Path(f) for f in batch_files]
    light: list[Keyed] = []
    kept: dict[int, list[dict]] = {}
    held = 0
    for i, f in enumerate(files):
        records = read_batch(f)
        light += [((i, j), _light(rec)) for j, rec in enumerate(records)]
        if held + (chars := _text_chars(records)) <= LOAD_CACHE_CHARS:
            kept[i], held = records, held + chars

    def read(keys: list) -> Iterator[Keyed]:
        wanted: dict[int, set[int]] = {}
        for i, j in keys:
            wanted.setdefault(i, set()).add(j)
        for i in sorted(wanted):  # a file's records are let go once its rows are taken
            records = kept.pop(i, None) or read_batch(files[i])
            yield from (((i, j), rec) for j, rec in enumerate(records) if j in wanted[i])

    Path(warehouse).parent.mkdir(parents=True, exist_ok=True)
    con = connect(warehouse)
    try:
        return load_isolating(con, light, read)
    finally:
        con.close()


# what DuckDB raises when a row breaks a table's rule (a key, NOT NULL, a type): the data's fault, not the system's
ROW_ERRORS = (duckdb.ConstraintException, duckdb.ConversionException)


def load_isolating(con: duckdb.DuckDBPyConnection, light: list[Keyed], read: Callable[[list], Iterable[Keyed]]
                   ) -> LoadStats:
    """Load; if a row breaks a rule of the warehouse, find the reports whose own rows do (each loaded alone and
    rolled back), quarantine them (raw.ingest_errors, stage load) and load the others. The extract tasks check
    each report against the raw tables' rules already (ingest.intake.raw_schema); this catches what only the warehouse
    can see (a key another report already holds) and any rule added to the tables later."""
    try:
        return _load(con, light, read)
    except ROW_ERRORS:
        culprits = {}
        for key, rec in light:
            if "report" not in rec:
                continue
            try:
                _load(con, [(key, rec)], read, dry_run=True)
            except ROW_ERRORS as exc:
                culprits[key] = str(exc).splitlines()[0]
        if not culprits:
            raise
        return _load(con, [(k, _quarantined(r, culprits[k]) if k in culprits else r) for k, r in light], read)


def _quarantined(rec: dict, problem: str) -> dict:
    report = rec["report"]
    return {"error": {"file_name": report["file_name"], "content_hash": report["content_hash"], "size_bytes": None,
                      "stage": "load", "error_kind": "violates_rule",
                      "message": f"its rows break a rule of the warehouse ({problem}); the other reports loaded; "
                                 "report it as an extractor bug with the file attached"}}
