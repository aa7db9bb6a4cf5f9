"""gov_reports_export: the marts as Parquet, each time a new warehouse is published.

Scheduled on the asset ``gov_reports_warehouse`` that ``gov_reports``' publish task updates: it reads the
published warehouse read-only and writes every mart to ``<warehouse stem>.parquet/<mart>/`` (partitioned by report
year, the marts' descriptions as the files' metadata), swapped in whole
(ingest/warehouse/export.py). `make export` does the same by hand.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import Asset, dag, task

PROJECT_ROOT = Path(os.environ.get("GOV_REPORTS_HOME", Path(__file__).resolve().parent.parent))
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from ingest.placement import writer_queue  # noqa: E402 - light: reads the environment

WAREHOUSE_ASSET = Asset("gov_reports_warehouse", uri="file:///gov_reports/warehouse")  # as in gov_reports.py


@dag(
    dag_id="gov_reports_export",
    schedule=[WAREHOUSE_ASSET],
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "gov-reports-data-eng", "retries": 2, "retry_delay": timedelta(seconds=30),
                  "execution_timeout": timedelta(minutes=30)},
    tags=["gov_reports", "parquet"],
    doc_md=__doc__,
)
def gov_reports_export():
    @task(queue=writer_queue())  # it reads the published warehouse: where the file is, on the writer's disk
    def export_parquet(triggering_asset_events=None, params=None) -> dict:
        """Every mart of the published warehouse (the one the asset event names, else the configured one)."""
        from ingest.config import resolve
        from ingest.warehouse.export import export_marts

        warehouse = resolve(params or {}, "export").warehouse
        for event in (triggering_asset_events or {}).get(WAREHOUSE_ASSET, []):
            warehouse = (event.extra or {}).get("warehouse", warehouse)
        exported = export_marts(warehouse)
        for t in exported:
            print(f"{t.table}: {t.rows} rows → {t.path}")
        return {t.table: t.rows for t in exported}

    export_parquet()


dag = gov_reports_export()
