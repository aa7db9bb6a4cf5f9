"""Row counts of a warehouse and the run summary printed at the end of `make run`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.duckdb_io import connect

COUNTED = ("raw.reports", "raw.sections", "raw.fact_mentions", "raw.ingest_errors",
           "marts.dim_report", "marts.dim_region", "marts.dim_metric", "marts.dim_period", "marts.fct_indicators",
           "marts.fct_targets", "marts.fct_target_vs_actual", "marts.fct_keywords")


def warehouse_counts(warehouse: str | Path) -> dict[str, int]:
    con = connect(warehouse, read_only=True)
    try:
        present = {f"{s}.{t}" for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables").fetchall()}
        counts = {name: con.execute(f"select count(*) from {name}").fetchone()[0]
                  for name in COUNTED if name in present}
        if "marts.fct_target_vs_actual" in present:
            counts["marts.fct_target_vs_actual:matched"] = con.execute(
                "select count(*) from marts.fct_target_vs_actual where actual_fact_id is not null").fetchone()[0]
        return counts
    finally:
        con.close()


def render(summary: dict) -> str:
    counts = summary.get("counts", {})
    load = summary.get("load", {})
    lines = [
        "── gov_reports run summary ──",
        f"input folder      {summary.get('input_dir')}",
        f"reports loaded    {counts.get('marts.dim_report', 0)} in the warehouse "
        f"({load.get('reports_loaded', 0)} new, {load.get('reports_unchanged', 0)} unchanged)",
        f"indicators        {counts.get('marts.fct_indicators', 0)}",
        f"targets           {counts.get('marts.fct_targets', 0)}",
        f"target vs actual  {counts.get('marts.fct_target_vs_actual', 0)} targets, "
        f"{counts.get('marts.fct_target_vs_actual:matched', 0)} with an actual from a later report",
        f"keywords          {counts.get('marts.fct_keywords', 0)} (jieba top terms and policy terms)",
        f"rejected files    {load.get('errors', 0)}",
    ]
    for line in load.get("error_files", []):
        lines.append(f"  ✗ {line}")
    quarantined = summary.get("dbt", {}).get("quarantined") or []
    if quarantined:
        lines.append(f"quarantined       {len(quarantined)} (a mart refused their rows; raw.ingest_errors says "
                     "which rule)")
        lines += [f"  ✗ {name}" for name in quarantined]
    validation = summary.get("validation", {})
    lines += [
        f"validation        {'passed' if validation.get('success') else 'FAILED'}: {validation.get('summary', '')}",
        f"warehouse         {summary.get('warehouse')}",
        f"dbt docs          {summary.get('docs')}  (make docs serves it)",
        f"data quality      {validation.get('data_docs')}  (Great Expectations Data Docs)",
        f"overview page     {summary.get('overview')}",
        f"finished at       {summary.get('finished_at')}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="print the summary of the last pipeline run of a warehouse")
    ap.add_argument("warehouse")
    a = ap.parse_args(argv)
    from ingest.warehouse.publish import summary_path

    path = summary_path(a.warehouse)
    if not path.exists():
        print(f"no run summary at {path}: the run did not publish (see the Airflow log above)", file=sys.stderr)
        return 1
    print(render(json.loads(path.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
