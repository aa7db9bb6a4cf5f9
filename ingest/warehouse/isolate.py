"""The report is the unit of failure in the build too: find the reports whose rows a mart refused, quarantine them.

When `dbt build` fails on the data (a row a contract's NOT NULL or CHECK refused, a data test that found rows),
the failed node's own rule tells which rows: its compiled SELECT is run against the build copy with the rule
negated, and the rows' report ids (a `report_id` column, the `*_report_id` columns of a pairing mart, or the reports
of a `region_name`) are the culprits. Reports that this run added are quarantined (their rows leave raw.*, their
files go to raw.ingest_errors with the rule and the value, stage `build`) and the build runs again. A rule added
to a contract later is isolated the same way, with no code of its own.

A culprit the published warehouse already holds is not quarantined (that would lose a report it had): the run
fails then, as it does when no culprit can be told (a rule over many reports at once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.duckdb_io import connect
from ingest.intake.raw_schema import RECORD_TABLES
from ingest.warehouse.load import derive_current_versions


@dataclass(frozen=True)
class Rule:
    """One rule of a failed node, as SQL over the node's rows: a row breaks it when `broken` is true."""

    node: str  # the model or test
    text: str  # how the rule reads: "CHECK (value_max >= value)", "NOT NULL region_name"
    broken: str  # SQL predicate over the node's columns


@dataclass(frozen=True)
class Culprit:
    report_id: str
    rule: Rule
    value: str  # the offending row, shortened


def rules_of(node: Any) -> list[Rule]:
    """The row rules of a dbt node: a model's contract constraints (NOT NULL, CHECK), or a test (its rows)."""
    name = node.name
    if str(getattr(node.resource_type, "value", node.resource_type)) == "test":
        return [Rule(name, f"test {name}", "true")]
    rules = []
    for constraint in getattr(node, "constraints", None) or []:
        if _kind(constraint) == "check" and constraint.expression:
            expression = constraint.expression
            rules.append(Rule(name, f"CHECK ({expression})", f"not coalesce(({expression}), true)"))
    for column in (getattr(node, "columns", None) or {}).values():
        for constraint in column.constraints or []:
            if _kind(constraint) == "not_null":
                rules.append(Rule(name, f"NOT NULL {column.name}", f'"{column.name}" is null'))
            elif _kind(constraint) == "check" and constraint.expression:
                rules.append(Rule(name, f"CHECK ({constraint.expression}) on {column.name}",
                                  f"not coalesce(({constraint.expression}), true)"))
    return rules


def _kind(constraint: Any) -> str:
    return str(getattr(constraint.type, "value", constraint.type))


def _report_columns(columns: list[str]) -> list[str]:
    direct = [c for c in columns if c == "report_id"]
    return direct or [c for c in columns if c.endswith("_report_id")]


def find_culprits(warehouse: str | Path, sql: str, rules: list[Rule]) -> list[Culprit]:
    """The reports whose rows break one of `rules` of a failed node whose compiled SELECT is `sql` (empty when
    its rows name no report)."""
    if not sql or not rules:
        return []
    con = connect(warehouse, read_only=True)
    try:
        columns = [d[0] for d in con.execute(f"select * from ({sql}) limit 0").description]
        report_cols = _report_columns(columns)
        out: list[Culprit] = []
        for rule in rules:
            rows = con.execute(f"select * from ({sql}) as node_rows where {rule.broken} limit 1000").fetchall()
            for row in rows:
                record = dict(zip(columns, row, strict=True))
                value = ", ".join(f"{k}={v}" for k, v in record.items() if v is not None)[:300]
                for rid in _reports_of(con, record, report_cols):
                    out.append(Culprit(rid, rule, value))
        return out
    finally:
        con.close()


def _reports_of(con: Any, record: dict, report_cols: list[str]) -> list[str]:
    ids = [record[c] for c in report_cols if record.get(c)]
    if ids or "region_name" not in record:
        return ids
    return [r for (r,) in con.execute("select report_id from raw.reports where region_name = ? and is_current",
                                      [record["region_name"]]).fetchall()]


def published_report_ids(warehouse: str | Path) -> set[str]:
    """The reports of the published warehouse (none when there is none yet)."""
    if not Path(warehouse).is_file():
        return set()
    con = connect(warehouse, read_only=True)
    try:
        return {r for (r,) in con.execute("select report_id from raw.reports").fetchall()}
    except Exception:  # noqa: BLE001 - a warehouse without raw tables holds no report
        return set()
    finally:
        con.close()


QUARANTINE_ADVICE = ("the other reports are published; check the report's text at the value named (a misread "
                     "number, a wrong year), and report it as an extractor bug with the file attached")


def quarantine(build_path: str | Path, culprits: list[Culprit]) -> list[str]:
    """Move the culprits' reports out of raw.* into raw.ingest_errors (stage build), in one transaction; the file
    names quarantined. Their files are known to the warehouse (by name and content hash), so the inbox watcher
    does not start runs for them again; a changed file is a new report and is tried again."""
    first = {}
    for c in culprits:
        first.setdefault(c.report_id, c)
    con = connect(build_path)
    names: list[str] = []
    try:
        con.execute("BEGIN TRANSACTION")
        for rid, c in first.items():
            message = f"{c.rule.node} refused its row: {c.rule.text} ({c.value}); {QUARANTINE_ADVICE}"
            rows = con.execute("select f.file_name, r.content_hash, r.size_bytes from raw.report_files f "
                               "join raw.reports r using (report_id) where report_id = ?", [rid]).fetchall()
            for name, content_hash, size in rows:
                con.execute("delete from raw.ingest_errors where file_name = ? and content_hash = ? "
                            "and stage = 'build'", [name, content_hash])
                con.execute("insert into raw.ingest_errors values (?, ?, ?, 'build', 'violates_rule', ?, now(), "
                            "now())", [name, content_hash, size, message])
                names.append(name)
            for table in (*reversed(RECORD_TABLES.values()), "report_files", "reports"):
                con.execute(f"delete from raw.{table} where report_id = ?", [rid])
        derive_current_versions(con)  # a version this report had superseded is current again
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    return names


def quarantine_failures(build_path: str | Path, published: str | Path, failed: list[Any]) -> list[str]:
    """Quarantine the reports behind the failed nodes (dbt_runner.NodeResult with their compiled SQL and rules);
    the file names quarantined, or none when a failure cannot be put on reports this run added."""
    culprits: list[Culprit] = []
    for node in failed:
        found = find_culprits(build_path, node.compiled_code, list(node.rules))
        if not found:
            return []  # a failure no report can be blamed for: the run fails
        culprits += found
    if {c.report_id for c in culprits} & published_report_ids(published):
        return []  # quarantining would lose a report the published warehouse has
    return quarantine(build_path, culprits)


MAX_ROUNDS = 3  # builds after the first: each quarantines the reports behind the failures it found


def build_isolating(build: Callable[[], Any], build_path: str | Path,
                    published: str | Path) -> tuple[Any, list[str]]:
    """`build()` builds; while the build fails on the data only and the failures can be put on reports this run
    added, those reports are quarantined and `build()` builds again. The last build's result and the files
    quarantined."""
    result, quarantined = build(), []
    for _ in range(MAX_ROUNDS):
        if result.success or not result.data_failed_only():
            break
        names = quarantine_failures(build_path, published, result.failures())
        if not names:
            break
        quarantined += names
        result = build()
    return result, quarantined
