"""gov_reports: government work reports → DuckDB raw layer → dbt marts → Great Expectations → publish.

discover → extract (one mapped task per batch of reports) → load raw → dbt build (seeds, models and their
tests in one dbt invocation) → validate (GE) → docs and overview page → publish (atomic swap).

Configuration comes from DAG params (``--conf``), Airflow Variables (gov_reports_input_dir,
gov_reports_warehouse, gov_reports_batch_size, gov_reports_strict) or the environment
(GOV_REPORTS_INPUT, GOV_REPORTS_WAREHOUSE …), resolved at run time. Parsing this file does no
heavy work: no dbt, DuckDB or extraction code is imported at parse time.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

from airflow.sdk import Asset, Param, dag, task
from airflow.timetables.assets import AssetOrTimeSchedule
from airflow.timetables.trigger import CronTriggerTimetable

PROJECT_ROOT = Path(os.environ.get("GOV_REPORTS_HOME", Path(__file__).resolve().parent.parent))
if str(PROJECT_ROOT) not in sys.path:  # the project's packages (extract, ingest) sit beside dags/
    sys.path.insert(0, str(PROJECT_ROOT))

from ingest.placement import extract_queue, writer_pool, writer_queue  # noqa: E402 - light: reads the environment

# under Celery: every task that opens a DuckDB file runs on the writer's queue (one worker, the warehouse on its
# local disk), the writers among them in a pool of one slot; `extract` fans out over every worker. Unset (make
# run): Airflow's default queue and pool. See ingest/placement.py.
WRITER_QUEUE = writer_queue()
EXTRACT_QUEUE = extract_queue()
WRITER_POOL = writer_pool()

# the DAG gov_reports_inbox_watch updates this asset when new or changed files land in the inbox
INBOX_ASSET = Asset("gov_reports_inbox", uri="file:///gov_reports/inbox")
# `publish` updates this asset with every new warehouse version (row counts in the event's extra); the DAG
# gov_reports_export (and anything else downstream) is scheduled on it
WAREHOUSE_ASSET = Asset("gov_reports_warehouse", uri="file:///gov_reports/warehouse")
# daily backstop; GOV_REPORTS_SCHEDULE (a cron expression) overrides the time of day
DAILY = os.environ.get("GOV_REPORTS_SCHEDULE") or "0 2 * * *"
DEFAULT_ARGS = {
    "owner": "gov-reports-data-eng",
    "retries": 2,  # transient errors (a locked file, a busy disk); bad input fails at once (AirflowFailException)
    "retry_delay": timedelta(seconds=20),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
    "execution_timeout": timedelta(minutes=30),
    "queue": WRITER_QUEUE,  # every task but extract reads or writes the warehouse or its build copy
}


DBT_DOC = """`dbt build` of dbt_project/ against the build copy: seeds, every staging, intermediate and mart model and
its tests, in dependency order, in one dbt invocation (dbt's threads from profiles.yml). The log lists every
node with its status and seconds. A failed data test fails the run without retry (the data is wrong); an
error (a locked file, a crash) is retried. The published warehouse is untouched either way."""

EXTRACT_DOC = """One batch of reports: read, clean, describe, split, extract facts; one JSON-lines file per batch.
A bad file becomes an error record (raw.ingest_errors), never a failed task."""


def _failed_reports(context) -> list[str]:
    """The reports a failed task was working on: its batch for an extract task, else every report of the run."""
    task = context.get("task")
    files = (getattr(task, "op_kwargs", None) or {}).get("files")
    if files:
        return [Path(f).name for f in files]
    ti = context.get("ti")
    try:
        batches = ti.xcom_pull(task_ids="discover") or []
    except Exception:  # noqa: BLE001 - the callback must never raise
        batches = []
    return [Path(f).name for batch in batches for f in batch] or ["(all reports of the run)"]


def notify_failure(context) -> None:
    """Failure callback: names the failed task, the stage and the reports concerned, and what to do next."""
    ti = context.get("ti")
    task_id = getattr(ti, "task_id", "?")
    reports = _failed_reports(context)
    print(f"gov_reports FAILED at task {task_id} (run {context.get('run_id')}): "
          f"{context.get('exception')}\nreports concerned: {', '.join(reports[:50])}"
          + (f" … and {len(reports) - 50} more" if len(reports) > 50 else "")
          + "\nthe published warehouse is unchanged; fix the cause and re-run (re-running is safe)")


def _variable_get(name: str):
    from airflow.sdk import Variable

    try:
        return Variable.get(name, default=None)
    except Exception:  # noqa: BLE001 - no metadata DB reachable: fall back to env/defaults
        return None


@dag(
    dag_id="gov_reports",
    # on arrival (the inbox watcher updates INBOX_ASSET) and daily as a backstop
    # No start date, and run_immediately=0: unpausing the DAG starts no run for a 02:00 already past (Airflow 3,
    # catchup off, would start the latest one at once). New reports start a run through the inbox watcher, whose
    # first look, when it is unpaused, finds what is waiting; a second run on the same inbox would change nothing.
    schedule=AssetOrTimeSchedule(timetable=CronTriggerTimetable(DAILY, timezone="UTC", run_immediately=timedelta(0)),
                                 assets=[INBOX_ASSET]),
    catchup=False,
    max_active_runs=1,  # one writer of the warehouse at a time
    default_args=DEFAULT_ARGS,
    on_failure_callback=notify_failure,
    tags=["gov_reports", "duckdb", "dbt"],
    doc_md=__doc__,
    params={
        "input_dir": Param(None, type=["null", "string"], description="folder of report files (default: seeds/)"),
        "warehouse": Param(None, type=["null", "string"], description="published DuckDB file"),
        "batch_size": Param(None, type=["null", "integer"], minimum=1, description="reports per mapped extract task"),
        "strict": Param(None, type=["null", "boolean"], description="fail the run if any file is rejected"),
        "max_rejected_share": Param(None, type=["null", "number"], minimum=0, maximum=1,
                                    description="fail the run if more than this share of its files is rejected"),
    },
)
def gov_reports():
    @task(on_failure_callback=notify_failure, execution_timeout=timedelta(minutes=10))
    def prepare(params=None, run_id=None) -> dict:
        """Resolve the configuration (params › Variables › environment) and start the build copy from the
        published warehouse (write-audit-publish: nothing is written to the published file before `publish`)."""
        from ingest.config import resolve
        from ingest.failures import check_warehouse_file, fail_fast
        from ingest.warehouse.publish import prepare_build, prepare_site

        cfg = resolve(params or {}, run_id or "manual", _variable_get)
        with fail_fast():  # a path that is not a DuckDB file, a full disk: no retry heals them
            check_warehouse_file(cfg.warehouse)
            prepare_build(cfg.warehouse, cfg.build_path)
            prepare_site(cfg.site_dir, cfg.site_build_dir)
        print(f"input: {cfg.input_dir}\nwarehouse: {cfg.warehouse}\nbuild copy: {cfg.build_path}")
        return cfg.to_dict()

    @task(on_failure_callback=notify_failure, execution_timeout=timedelta(minutes=10))
    def discover(cfg: dict) -> list[list[str]]:
        """List the report files of the inbox (hidden, temporary and out-of-inbox files skipped), hash them, and
        cut the files the build copy does not hold yet (from this extractor version) into batches of `batch_size`
        for the mapped extract tasks. The files that need no extraction (bytes already loaded, links out of the
        inbox) get their records here, in one file for load_raw: a run that adds one report extracts one file."""
        from extract.pipeline import EXTRACTOR_VERSION
        from ingest.intake.batch import EARLY_FILE, make_batches, prune_stale_batches, triage, write_known
        from ingest.intake.batch import discover as list_files
        from ingest.warehouse.load import loaded_content_hashes

        prune_stale_batches(cfg["staging_dir"])  # batch files of earlier (finished, failed or killed) runs
        files = list_files(cfg["input_dir"])
        known = loaded_content_hashes(cfg["build_path"], EXTRACTOR_VERSION)
        write_known(cfg["staging_dir"], known)  # a retried extract task still skips what is loaded
        todo, early = triage(files, cfg, known, Path(cfg["staging_dir"]) / EARLY_FILE)
        batches = make_batches(todo, cfg["batch_size"]) or [[]]  # one (empty) batch keeps the mapping non-empty
        print(f"{len(files)} report files in {cfg['input_dir']}: {early.known} already loaded, {early.errors} "
              f"rejected unread, {len(todo)} to extract → {len(batches)} batches of ≤{cfg['batch_size']}")
        return batches

    @task(map_index_template="{{ task.op_kwargs['files'][0] | default('') | replace('/', ' ') | truncate(60) }}",
          on_failure_callback=notify_failure, doc_md=EXTRACT_DOC, queue=EXTRACT_QUEUE)
    def extract(files: list[str], cfg: dict) -> dict:
        import hashlib
        from dataclasses import asdict

        from ingest.intake.batch import extract_batch

        key = hashlib.sha256("\n".join(files).encode()).hexdigest()[:12]  # same batch → same file (idempotent)
        result = extract_batch(files, Path(cfg["staging_dir"]) / f"batch_{key}.jsonl", cfg)  # cfg: inbox, limits
        print(f"batch {key}: {result.reports} reports, {result.facts} facts, {result.errors} rejected, "
              f"{result.known} already loaded")
        return asdict(result)

    @task(pool=WRITER_POOL, on_failure_callback=notify_failure)
    def load_raw(cfg: dict, batches: list[dict]) -> dict:
        """The only writer of raw.*: loads every batch file into the build copy in one transaction, idempotently
        (report id = content hash). STRICT runs fail here when a file was rejected."""
        from dataclasses import asdict

        from ingest.failures import fail_fast
        from ingest.intake.batch import EARLY_FILE, shutdown_pools
        from ingest.warehouse.load import load_batch_files

        shutdown_pools()  # extraction is over: its workers would sit idle beside the loader and dbt

        early = Path(cfg["staging_dir"]) / EARLY_FILE
        with fail_fast():
            stats = load_batch_files(cfg["build_path"], [early, *(b["path"] for b in batches)])
        for line in stats.error_files:
            print(f"rejected: {line}")
        print(f"loaded {stats.reports_loaded} new and {stats.reports_unchanged} known reports, "
              f"{stats.sections} sections, {stats.facts} facts; {stats.errors} files rejected")
        from airflow.sdk.exceptions import AirflowFailException

        if cfg["strict"] and stats.errors:
            raise AirflowFailException(f"STRICT run: {stats.errors} file(s) rejected: {stats.error_files}")
        seen = stats.errors + stats.reports_loaded + stats.reports_unchanged + len(stats.duplicate_files)
        if cfg.get("max_rejected_share") is not None and seen and stats.errors / seen > cfg["max_rejected_share"]:
            raise AirflowFailException(f"{stats.errors} of {seen} files rejected, more than the share allowed "
                                       f"({cfg['max_rejected_share']:.0%}): {stats.error_files}")
        return asdict(stats)

    @task(pool=WRITER_POOL, on_failure_callback=notify_failure, doc_md=DBT_DOC)
    def dbt_build(cfg: dict) -> dict:
        from airflow.sdk.exceptions import AirflowFailException

        from ingest.warehouse.dbt_runner import build
        from ingest.warehouse.isolate import build_isolating

        # a build failing on rows of reports this run added quarantines them and builds again (ingest.warehouse.isolate)
        result, quarantined = build_isolating(lambda: build(cfg["build_path"], cfg["dbt_target_dir"]),
                                              cfg["build_path"], cfg["warehouse"])
        for name in quarantined:
            print(f"quarantined (a mart refused its rows, see raw.ingest_errors): {name}")
        for node in result.nodes:
            print(f"{node.resource_type:9} {node.status:7} {node.seconds:6.2f}s  {node.name}")
        print(result.summary())
        if result.success and quarantined and cfg["strict"]:
            raise AirflowFailException(f"STRICT run: {len(quarantined)} report(s) quarantined: {quarantined}")
        if result.success:
            return result.to_dict() | {"quarantined": quarantined}
        problems = "\n  ".join(result.to_dict()["failures"] or [result.error or "see the dbt log above"])
        from ingest.failures import what_to_do

        if (fix := what_to_do(RuntimeError(problems))) is not None:
            raise AirflowFailException(fix)
        if result.data_failed_only():  # the data is wrong (a failed test, a row a contract refused): no retry
            raise AirflowFailException(f"dbt found bad data, the warehouse was not published:\n  {problems}")
        raise RuntimeError(f"dbt build failed (retried; the published warehouse is unchanged):\n  {problems}")

    @task(pool=WRITER_POOL, on_failure_callback=notify_failure)
    def validate(cfg: dict, load_stats: dict) -> dict:
        """Great Expectations: the suites of expectations/suites/ on the marts of the build copy (shares and
        distributions dbt's tests do not state) and the audit of the build against the published warehouse
        (expectations/audit/: no report lost, no report's facts collapsing, a rerun changing no count). Its Data
        Docs go into the run's site (quality/); a failure fails the run and nothing is published."""
        from airflow.sdk.exceptions import AirflowFailException

        from ingest.quality.audit import audit_frames
        from ingest.quality.validate import validate_warehouse

        loaded = bool(load_stats.get("reports_loaded") or load_stats.get("superseded"))
        audit = audit_frames(cfg["build_path"], cfg["warehouse"], loaded)
        report = validate_warehouse(cfg["build_path"], docs_dir=Path(cfg["site_build_dir"]) / "quality", extra=audit)
        print(f"Great Expectations: {report.summary()}")
        if not report.success:
            raise AirflowFailException("validation failed, the warehouse was not published:\n  "
                                       + "\n  ".join(report.failures()))
        return {"success": True, "summary": report.summary(),
                "data_docs": str(Path(cfg["site_dir"]) / "quality" / "index.html")}

    @task(on_failure_callback=notify_failure)
    def docs(cfg: dict) -> str:
        """`dbt docs generate --static` against the build copy, into this run's site (published with the
        warehouse); kept when the published site was made from the same dbt project and table columns."""
        from ingest.failures import fail_fast
        from ingest.site.docs import generate_docs

        with fail_fast():
            out, generated = generate_docs(cfg["build_path"], Path(cfg["site_build_dir"]) / "docs")
        print("dbt docs: built" + ("" if generated else " (project and columns unchanged: kept)"))
        return str(Path(cfg["site_dir"]) / "docs" / out.name)

    @task(on_failure_callback=notify_failure)
    def overview(cfg: dict) -> str:
        """The static overview page (Vega-Lite charts) of this run's site, beside its docs."""
        from ingest.failures import fail_fast
        from ingest.site.overview import write_overview

        with fail_fast():
            out = write_overview(cfg["build_path"], Path(cfg["site_build_dir"]) / "overview")
        print("overview page: built")
        return str(Path(cfg["site_dir"]) / "overview" / out.name)

    @task(pool=WRITER_POOL, on_failure_callback=notify_failure, execution_timeout=timedelta(minutes=10),
          outlets=[WAREHOUSE_ASSET])
    def publish(cfg: dict, load_stats: dict, dbt_stats: dict, validation: dict, docs_path: str,
                overview_path: str, outlet_events=None) -> dict:
        """Atomic swap of the validated build copy into the published warehouse (the old one is kept for
        `make rollback`), then of this run's site (docs and overview page), and the run summary."""
        from ingest.failures import fail_fast
        from ingest.site.summary import warehouse_counts
        from ingest.warehouse.fingerprints import code_fingerprint
        from ingest.warehouse.publish import publish as swap
        from ingest.warehouse.publish import publish_site, write_summary

        with fail_fast():
            swap(cfg["build_path"], cfg["warehouse"])
            publish_site(cfg["site_build_dir"], cfg["site_dir"])
        summary = {
            "input_dir": cfg["input_dir"],
            "warehouse": cfg["warehouse"],
            "docs": docs_path,
            "overview": overview_path,
            "load": load_stats,
            "dbt": dbt_stats,
            "validation": validation,
            "counts": warehouse_counts(cfg["warehouse"]),
            "code_fingerprint": code_fingerprint(),  # a later `make run` with the same code and inbox skips
        }
        path = write_summary(cfg["warehouse"], summary)
        if outlet_events is not None:  # the asset event downstream DAGs see: where, and how many rows
            outlet_events[WAREHOUSE_ASSET].extra = {"warehouse": cfg["warehouse"], "counts": summary["counts"],
                                                    "reports_loaded": load_stats.get("reports_loaded", 0)}
        print(f"published {cfg['warehouse']} (summary: {path})")
        return summary

    cfg = prepare()
    batches = discover(cfg)
    extracted = extract.partial(cfg=cfg).expand(files=batches)
    loaded = load_raw(cfg, extracted)
    checked = validate(cfg, loaded)
    site = docs(cfg)
    page = overview(cfg)
    built = dbt_build(cfg)
    loaded >> built >> checked >> site >> page  # one DuckDB user at a time: docs, then the page
    publish(cfg, loaded, built, checked, site, page)


dag = gov_reports()
