"""gov_reports_inbox_watch: starts gov_reports when new or changed report files land in the inbox.

Every ten minutes a sensor (reschedule mode: it frees its worker slot between pokes) compares the inbox with
the files the published warehouse already holds (raw.report_files: name and content hash). When something is
new or changed it updates the asset ``gov_reports_inbox``, which schedules the DAG ``gov_reports``; when nothing
arrives the sensor times out softly (skipped, not failed). ``gov_reports`` also runs daily as a backstop.
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

INBOX_ASSET = Asset("gov_reports_inbox", uri="file:///gov_reports/inbox")  # the same asset as in gov_reports.py


@dag(
    dag_id="gov_reports_inbox_watch",
    schedule=os.environ.get("GOV_REPORTS_WATCH_SCHEDULE") or "*/10 * * * *",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "gov-reports-data-eng",
        "retries": 2,
        "retry_delay": timedelta(seconds=30),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(minutes=15),
    },
    tags=["gov_reports"],
    doc_md=__doc__,
)
def gov_reports_inbox_watch():
    # it reads the published warehouse: on the writer's queue, whose worker has the file on its disk
    @task.sensor(poke_interval=60, timeout=9 * 60, mode="reschedule", soft_fail=True, queue=writer_queue())
    def new_reports(params=None):
        """True (with the list of files) once the inbox holds files the published warehouse does not have."""
        from airflow.sdk.bases.sensor import PokeReturnValue

        from ingest.config import resolve
        from ingest.intake.inbox import pending_files

        cfg = resolve(params or {}, "watch")
        pending = pending_files(cfg.input_dir, cfg.warehouse)
        return PokeReturnValue(is_done=bool(pending), xcom_value=pending)

    @task(outlets=[INBOX_ASSET])
    def announce(pending: list[str], outlet_events=None) -> int:
        """Update the inbox asset (this schedules gov_reports) with the names of the new files."""
        outlet_events[INBOX_ASSET].extra = {"files": pending[:100], "count": len(pending)}
        print(f"{len(pending)} new or changed report file(s): {', '.join(pending[:20])}")
        return len(pending)

    announce(new_reports())


dag = gov_reports_inbox_watch()
