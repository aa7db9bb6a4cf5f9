"""The raw tables' columns and rules, and the check of one report's records against them.

The loader creates the raw tables from these definitions (keys, NOT NULL, types); the extract tasks check every
report's records against the same definitions before handing them over (`violations`), so that one report's
bad row is quarantined with its file named instead of failing the load of every report. A rule added here (a new
NOT NULL column, a key) is checked both ways at once.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import date

from extract.keywords import SectionKeyword
from extract.records import FactMention, RegionParts, ReportMeta, Section

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
    ("source_format", "VARCHAR"),  # txt, pdf, docx, html (detected from the content)
    ("size_bytes", "BIGINT"),
    ("ingested_at", "TIMESTAMP WITH TIME ZONE"),
    ("is_current", "BOOLEAN"),  # false once a newer version took over every file name it had
    ("superseded_by", "VARCHAR"),  # report_id of that newer version
    ("original_text", "VARCHAR"),
    ("cleaned_text", "VARCHAR"),
    ("paragraph_count", "INTEGER"),
    ("extractor_version", "VARCHAR"),
    ("warnings", "VARCHAR"),  # JSON list
    *[(name, "DATE" if name == "meeting_date" else typ) for name, typ in _columns(ReportMeta)],
    *_columns(RegionParts),  # province_name … parsed_level: the region name cut by cpca (extract.region)
]
SECTION_COLUMNS = [("report_id", "VARCHAR NOT NULL"), *_columns(Section)]
FACT_COLUMNS = [
    ("fact_id", "VARCHAR PRIMARY KEY"),
    ("report_id", "VARCHAR NOT NULL"),
    ("mention_no", "INTEGER"),
    *_columns(FactMention),
]
# the top terms of each report's text of one section type (extract.keywords), keyed by report_id, section_type,
# method and term_rank (and by report_id, section_type, method and term)
KEYWORD_COLUMNS = [("report_id", "VARCHAR NOT NULL"),
                   *[(name, f"{typ} NOT NULL") for name, typ in _columns(SectionKeyword)]]
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
REPORT_FILE_COLUMNS = [
    ("report_id", "VARCHAR NOT NULL"),
    ("file_name", "VARCHAR NOT NULL"),  # path inside the inbox
    ("first_seen", "TIMESTAMP WITH TIME ZONE"),
    ("last_seen", "TIMESTAMP WITH TIME ZONE"),
]
TABLES = {
    "reports": REPORT_COLUMNS,
    "report_files": REPORT_FILE_COLUMNS,
    "sections": SECTION_COLUMNS,
    "fact_mentions": FACT_COLUMNS,
    "section_keywords": KEYWORD_COLUMNS,
    "ingest_errors": ERROR_COLUMNS,
}
# the tables of a report's rows besides raw.reports, by their key in the report's record ({"report", "sections",
# "facts", "keywords"}): each holds report_id, and a report loaded again has its rows of each replaced
RECORD_TABLES = {"sections": "sections", "facts": "fact_mentions", "keywords": "section_keywords"}


def _not_null(cols: list[tuple[str, str]]) -> list[str]:
    return [c for c, t in cols if "NOT NULL" in t or "PRIMARY KEY" in t]


def _key(cols: list[tuple[str, str]]) -> str | None:
    return next((c for c, t in cols if "PRIMARY KEY" in t), None)


_CHECKS = {"INTEGER": int, "BIGINT": int, "DOUBLE": (int, float), "BOOLEAN": bool, "VARCHAR": str}
# columns the loader fills itself (not in the extracted records)
_LOADER_FILLED = {"ingested_at", "is_current", "superseded_by", "first_seen", "last_seen"}


def _type_problem(column: str, sql_type: str, value: typing.Any) -> str | None:
    kind = sql_type.split()[0]
    if value is None:
        return None
    if kind == "DATE":
        try:
            date.fromisoformat(str(value))
        except ValueError:
            return f"{column} = {value!r} is not a date"
        return None
    expected = _CHECKS.get(kind)
    if expected is None or column == "warnings":
        return None
    if kind != "BOOLEAN" and isinstance(value, bool):
        return f"{column} = {value!r} is not a {kind}"
    return None if isinstance(value, expected) else f"{column} = {value!r} is not a {kind}"


def _row_problems(table: str, row: dict) -> list[str]:
    cols = TABLES[table]
    out = [f"raw.{table}.{c} is NULL (NOT NULL)" for c in _not_null(cols)
           if c not in _LOADER_FILLED and row.get(c) is None]
    for c, t in cols:
        if c in _LOADER_FILLED:
            continue
        problem = _type_problem(c, t, row.get(c))
        if problem:
            out.append(f"raw.{table}: {problem}")
    return out


def violations(record: dict) -> list[str]:
    """What in one report's records ({"report", "sections", "facts", "keywords"}) breaks a raw table's rule: a NULL
    in a NOT NULL column, a value of the wrong type, a primary key given twice. Empty for a loadable report."""
    problems = _row_problems("reports", record["report"])
    for field, table in RECORD_TABLES.items():
        rows = record.get(field, [])
        seen: set = set()
        key = _key(TABLES[table])
        for row in rows:
            problems += _row_problems(table, row)
            if key is not None:
                if row.get(key) in seen:
                    problems.append(f"raw.{table}.{key} = {row.get(key)!r} twice (PRIMARY KEY)")
                seen.add(row.get(key))
    return list(dict.fromkeys(problems))
