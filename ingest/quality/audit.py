"""The audit of a build against the published warehouse, before `publish` (write-audit-publish).

dbt's tests and contracts check the build on its own. What only a comparison with the published warehouse shows
is a loss: a report it had that the build lacks, a report whose facts collapse (an extractor change that silently
drops half the facts), a report whose share of facts with a metric code falls, or a run with nothing new that
changes row counts. The frames built here are validated by Great Expectations with the suites of
expectations/audit/ (ingest.quality.validate), and their results are part of the Data Docs site.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ingest.duckdb_io import connect

AUDIT_DIR = Path(__file__).resolve().parents[2] / "expectations" / "audit"
MARTS = ("dim_report", "fct_indicators", "fct_targets", "fct_target_vs_actual", "fct_keywords", "fct_target_panel")

_REPORTS = """
with facts as (
    select report_id, count(*) as facts, avg((metric_code is not null)::int) as coded_share
    from (select report_id, metric_code from {db}.marts.fct_indicators
          union all select report_id, metric_code from {db}.marts.fct_targets)
    group by report_id
)
select r.report_id, r.file_name, coalesce(f.facts, 0) as facts, coalesce(f.coded_share, 0) as coded_share
from {db}.raw.reports as r left join facts as f using (report_id)
where r.is_current
"""


def audit_frames(build: str | Path, published: str | Path, loaded_anything: bool) -> dict[str, tuple]:
    """name → (DataFrame, suite) for run_suites; empty when there is no published warehouse yet."""
    if not Path(published).is_file():
        return {}
    con = connect(build, read_only=True)
    try:
        con.execute(f"ATTACH '{Path(published).as_posix()}' AS published (READ_ONLY)")
        before = con.execute(_REPORTS.format(db="published")).df()
        after = con.execute(_REPORTS.format(db=f'"{_current(con)}"')).df()
        superseded = {r for (r,) in con.execute("select report_id from raw.reports where not is_current").fetchall()}
        marts = _mart_counts(con, loaded_anything)
    finally:
        con.close()
    return {"report_audit": (_report_frame(before, after, superseded), _suite("report_audit")),
            "mart_audit": (marts, _suite("mart_audit"))}


def _current(con) -> str:
    return con.execute("select current_database()").fetchone()[0]


def _report_frame(before: pd.DataFrame, after: pd.DataFrame, superseded: set[str]) -> pd.DataFrame:
    """One row per report current in the published warehouse: kept (still there, or replaced by a newer version
    of its file), its facts' ratio build/published and the change of its share of coded facts."""
    both = before.merge(after, on="report_id", how="left", suffixes=("_published", "_build"))
    both["kept"] = both["facts_build"].notna() | both["report_id"].isin(superseded)
    present = both["facts_build"].notna()
    both["fact_ratio"] = (both["facts_build"] / both["facts_published"].where(both["facts_published"] > 0)).where(
        present, 1.0).fillna(1.0)
    both["coded_share_change"] = (both["coded_share_build"] - both["coded_share_published"]).where(present, 0.0)
    return both[["report_id", "file_name_published", "kept", "fact_ratio", "coded_share_change"]]


def _mart_counts(con, loaded_anything: bool) -> pd.DataFrame:
    rows = []
    for mart in MARTS:
        old, new = (_count(con, f"{db}.marts.{mart}") for db in ("published", f'"{_current(con)}"'))
        if old is not None and new is not None:
            # with nothing new loaded the build must hold what the published warehouse held; a run that loaded
            # reports may change any count (the report audit covers it)
            rows.append({"mart": mart, "published_rows": old, "build_rows": new,
                         "expected_rows": old if loaded_anything else new})
    return pd.DataFrame(rows, columns=["mart", "published_rows", "build_rows", "expected_rows"])


def _count(con, table: str) -> int | None:
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    except Exception:  # noqa: BLE001 - a mart the published warehouse does not have yet
        return None


def _suite(name: str) -> dict:
    return json.loads((AUDIT_DIR / f"{name}.json").read_text(encoding="utf-8"))
