"""Great Expectations checkpoint on the marts.

Suites live in `expectations/suites/<table>.json` (GE's suite format), one per mart they check.
The marts are read from DuckDB into pandas DataFrames and validated with GE's pandas
datasource (GE's SQL datasource over duckdb-engine fails on DuckDB files).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from ingest.duckdb_io import connect

log = logging.getLogger(__name__)

SUITES_DIR = Path(__file__).resolve().parents[2] / "expectations" / "suites"
MART_SCHEMA = "marts"


@dataclass
class SuiteResult:
    table: str
    success: bool
    evaluated: int
    failed: list[str] = field(default_factory=list)


@dataclass
class ValidationReport:
    success: bool
    suites: list[SuiteResult]

    def summary(self) -> str:
        parts = [f"{s.table}: {'passed' if s.success else 'FAILED'} ({s.evaluated} expectations)" for s in self.suites]
        return "; ".join(parts)

    def failures(self) -> list[str]:
        return [f"{s.table}: {f}" for s in self.suites for f in s.failed]


def load_suites(suites_dir: str | Path = SUITES_DIR) -> dict[str, dict]:
    out = {}
    for path in sorted(Path(suites_dir).glob("*.json")):
        out[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    if not out:
        raise FileNotFoundError(f"no expectation suites in {suites_dir}")
    return out


_COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")
# expectations that look at rows, not at particular columns
_TABLE_LEVEL = {"expect_table_row_count_to_be_between", "expect_table_row_count_to_equal"}


def suite_columns(spec: dict) -> list[str] | None:
    """The columns a suite's expectations read, in first-use order; None when one of them needs the whole table
    (an expectation on the table's columns, or one this function does not know)."""
    columns: list[str] = []
    for exp in spec.get("expectations", []):
        kwargs = exp.get("kwargs", {})
        named = [c for k in _COLUMN_KWARGS if k in kwargs
                 for c in (kwargs[k] if isinstance(kwargs[k], list) else [kwargs[k]])]
        if not named and exp.get("type") not in _TABLE_LEVEL:
            return None
        columns += [c for c in named if c not in columns]
    return columns


def _select(table: str, columns: list[str] | None) -> str:
    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    if columns is None:
        picked = "*"
    else:  # no column at all (a row count): one constant per row, so that pandas still has the rows
        picked = ", ".join(quote(c) for c in columns) or 'true as "_row"'
    return f"select {picked} from {quote(MART_SCHEMA)}.{quote(table)}"


def for_vectorized_checks(frame):
    """`frame` with its integer columns as int64 (float64 when they hold NULLs), values unchanged.

    Great Expectations' pandas `expect_column_values_to_be_between` compares a column with vectorized pandas
    operations only when its dtype equals Python's int or float (int64, float64); on the int32 columns DuckDB
    returns for INTEGER, and on pandas' nullable Int columns, it calls a Python function per value (about half
    the validation of a 1,000-report warehouse; bench/FINDINGS.md)."""
    import pandas as pd

    casts = {}
    for name, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_integer_dtype(dtype):
            casts[name] = "float64"  # NULL → NaN, which the null checks count as null
        elif pd.api.types.is_integer_dtype(dtype) and dtype != "int64":
            casts[name] = "int64"
    return frame.astype(casts) if casts else frame


def validate_warehouse(warehouse: str | Path, suites_dir: str | Path = SUITES_DIR,
                       docs_dir: str | Path | None = None, extra: dict[str, tuple] | None = None) -> ValidationReport:
    """Run every suite against its mart table (and the `extra` suites: name → (DataFrame, suite spec), e.g. the
    audit against the published warehouse); the results, never raising on failures. With `docs_dir`, Great
    Expectations' Data Docs site of this validation is written there."""
    suites = load_suites(suites_dir)
    con = connect(warehouse, read_only=True)
    try:
        # only the columns a suite reads: the marts' long text columns never reach pandas
        frames = {table: (for_vectorized_checks(con.execute(_select(table, suite_columns(spec))).df()), spec)
                  for table, spec in suites.items()}
    finally:
        con.close()
    return run_suites({**frames, **(extra or {})}, docs_dir)


def run_suites(frames: dict[str, tuple], docs_dir: str | Path | None = None) -> ValidationReport:
    """Validate each DataFrame with its suite (name → (frame, spec)) in one ephemeral Great Expectations context."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")  # read when Great Expectations is imported
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction
    from great_expectations.core.expectation_suite import ExpectationSuite

    context = gx.get_context(mode="ephemeral")
    actions = []
    if docs_dir is not None:
        context.add_data_docs_site(site_name=DOCS_SITE, site_config={
            "class_name": "SiteBuilder", "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)}})
        actions = [UpdateDataDocsAction(name="update_data_docs", site_names=[DOCS_SITE])]
    source = context.data_sources.add_pandas("gov_reports")
    results = []
    for name, (frame, spec) in frames.items():
        suite = context.suites.add(ExpectationSuite(**spec))
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole_table")
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=f"validate_{name}", data=batch,
                                                                                suite=suite))
        checkpoint = context.checkpoints.add(gx.Checkpoint(name=f"checkpoint_{name}",
                                                           validation_definitions=[definition], actions=actions))
        results.append(_suite_result(name, checkpoint.run(batch_parameters={"dataframe": frame})))
    return ValidationReport(all(r.success for r in results), results)


DOCS_SITE = "gov_reports"


def _suite_result(name: str, run) -> SuiteResult:
    failed, evaluated = [], 0
    for validation in run.run_results.values():
        for r in validation.results:
            evaluated += 1
            if not r.success:
                kw = {k: v for k, v in r.expectation_config.kwargs.items() if k != "batch_id"}
                seen = r.result.get("unexpected_count", r.result.get("observed_value"))
                examples = r.result.get("partial_unexpected_list") or []
                failed.append(f"{r.expectation_config.type} {kw} (unexpected: {seen}"
                              + (f", e.g. {examples[:3]}" if examples else "") + ")")
    log.info("GE suite %s: %s", name, "passed" if run.success else f"FAILED {failed}")
    return SuiteResult(name, run.success, evaluated, failed)
