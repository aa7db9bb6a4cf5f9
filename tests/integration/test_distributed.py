"""The distributed deployment, run for real: PostgreSQL, Redis and Airflow's api-server, scheduler, dag-processor,
triggerer and two Celery workers (the writer's and an extract host's) as separate processes, configured as
docker-compose.yml configures its containers (deploy/topology.py, deploy/airflow.env, deploy/init.sh).

One scenario, recorded by a module fixture, then checked piece by piece:
1. `make run` (ingest.runtime.run, `airflow dags test` on SQLite) builds a warehouse from a folder of real reports;
2. the cluster starts (every compose health check passes), gov_reports is unpaused and triggered through the REST
   API (JWT from the FAB auth manager) on the same reports in its inbox, in batches of two;
3. a new report lands in the inbox and the inbox watcher is unpaused: its first look updates the inbox asset,
   which starts gov_reports;
4. every process is stopped by its PID.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from pipeline_helpers import ROOT, query, run_pipeline

from deploy.cluster import LocalCluster
from deploy.topology import shared_env
from ingest.intake.batch import EARLY_FILE

pytestmark = [pytest.mark.integration, pytest.mark.distributed]

CORPUS = ROOT / "tests" / "corpus"
# real reports of three layouts (GBK with CRLF, a one-line text, a scraped web page): three batches of two
REPORTS = ["hailar_district_2013.txt", "hailar_district_2014.txt", "hailar_district_2015.txt",
           "hailar_district_2017.txt", "prov_jilin_2026.txt", "shanghai_2020.txt"]
NEW_REPORT = "hailar_district_2018.txt"  # lands in the inbox after the first run
BATCH_SIZE = 2
WRITER, EXTRACT_HOST = "airflow-worker-writer", "airflow-worker"
WRITER_TASKS = {"prepare", "discover", "load_raw", "dbt_build", "validate", "docs", "overview", "publish"}
WRITER_POOL_TASKS = {"load_raw", "dbt_build", "validate", "publish"}
VOLATILE = {("dim_report", "ingested_at")}  # when a report was loaded: differs between any two builds
RECORD = ROOT / "tests" / "artifacts" / "distributed_run.json"


def _marts(warehouse: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every mart's columns and rows (sorted), less the load time stamps."""
    out = {}
    for (table,) in query(warehouse, "select table_name from information_schema.tables "
                                     "where table_schema = 'marts' order by 1"):
        cols = [c for (c,) in query(warehouse, "select column_name from information_schema.columns where "
                                               "table_schema = 'marts' and table_name = ? order by ordinal_position",
                                    [table]) if (table, c) not in VOLATILE]
        select = ", ".join(f'"{c}"' for c in cols)
        out[table] = (cols, query(warehouse, f"select {select} from marts.{table} order by all"))
    return out


def _wait(what: str, ready, timeout: float, every: float = 3):
    deadline = time.monotonic() + timeout
    while not (found := ready()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} within {timeout}s")
        time.sleep(every)
    return found


@pytest.fixture(scope="module")
def scenario(airflow_env, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("reports")
    for name in REPORTS:
        shutil.copyfile(CORPUS / name, folder / name)
    rec: dict = {"reports": REPORTS, "new_report": NEW_REPORT, "timings": {}}

    # 1. `make run` on the folder: the reference warehouse
    reference = tmp_path_factory.mktemp("make_run") / "gov_reports.duckdb"
    t0 = time.monotonic()
    proc = run_pipeline(airflow_env, folder, reference)
    rec["timings"]["make_run"] = time.monotonic() - t0
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    rec["reference"] = reference

    # 2.–4. the cluster
    cluster = LocalCluster(tmp_path_factory.mktemp("cluster"))
    t0 = time.monotonic()
    with cluster:
        rec["timings"]["cluster_start"] = time.monotonic() - t0
        rec["pids"] = cluster.pids()
        rec["commands"] = {s.name: ["airflow", *s.command] for s in cluster.services}
        rec["owners"] = {p.name: (p.stat().st_uid, p.stat().st_gid)
                         for p in (cluster.inbox, cluster.shared, cluster.warehouse.parent)}
        rec["health"] = {s.name: cluster.healthy(s) for s in cluster.services}
        for name in REPORTS:
            shutil.copyfile(folder / name, cluster.inbox / name)
        api = cluster.api()
        api.wait_for_dags(["gov_reports", "gov_reports_inbox_watch", "gov_reports_export"])
        api.unpause("gov_reports")

        t0 = time.monotonic()
        run_id = api.trigger("gov_reports", {"batch_size": BATCH_SIZE})
        rec["run"] = api.wait_for_run("gov_reports", run_id, timeout=900)
        rec["timings"]["distributed_run"] = time.monotonic() - t0
        rec["task_instances"] = api.task_instances("gov_reports", run_id)
        rec["batch_files"] = sorted(str(p.relative_to(cluster.base)) for p in cluster.base.rglob("batch_*.jsonl")
                                    if p.name != EARLY_FILE)  # the extract tasks' (discover writes the early one)
        rec["warehouse"] = cluster.warehouse.with_name("first_run.duckdb")
        shutil.copyfile(cluster.warehouse, rec["warehouse"])  # the file as the first run published it

        # the inbox watcher: a new report; unpaused, its first look finds it
        shutil.copyfile(CORPUS / NEW_REPORT, cluster.inbox / NEW_REPORT)
        t0 = time.monotonic()
        api.unpause("gov_reports_inbox_watch")
        _wait("the inbox asset updated", lambda: api.asset_events(source_dag_id="gov_reports_inbox_watch"),
              timeout=300)
        runs = _wait("a gov_reports run started by the inbox asset",
                     lambda: [r for r in api.runs("gov_reports") if r["run_type"] == "asset_triggered"], timeout=120)
        rec["asset_run"] = api.wait_for_run("gov_reports", runs[0]["dag_run_id"], timeout=600)
        rec["timings"]["watcher_to_published"] = time.monotonic() - t0
        rec["asset_run_task_instances"] = api.task_instances("gov_reports", runs[0]["dag_run_id"])
        rec["inbox_events"] = api.asset_events(source_dag_id="gov_reports_inbox_watch")
        rec["watch_runs"] = api.runs("gov_reports_inbox_watch")
        rec["final_warehouse"] = cluster.warehouse
        t0 = time.monotonic()
    rec["timings"]["cluster_stop"] = time.monotonic() - t0
    rec["timings"].update({f"start_{k}": v for k, v in cluster.timings.items()})
    rec["alive_after_stop"] = [name for name, pid in rec["pids"].items() if _alive(pid)]
    _write_record(rec)
    return rec


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _write_record(rec: dict) -> None:
    """What ran where and how long it took (tests/artifacts/distributed_run.json), for the record."""
    tis = sorted(rec["task_instances"], key=lambda t: (t["start_date"] or "", t["map_index"]))
    out = {
        "timings_s": {k: round(v, 1) for k, v in rec["timings"].items()},
        "processes": {name: {"pid": pid, "command": rec["commands"].get(name)} for name, pid in rec["pids"].items()},
        "first_run": [{"task": t["task_id"], "map_index": t["map_index"], "host": t["hostname"], "queue": t["queue"],
                       "pool": t["pool"], "seconds": t["duration"]} for t in tis],
        "watcher_run": [{"task": t["task_id"], "map_index": t["map_index"], "host": t["hostname"]}
                        for t in rec["asset_run_task_instances"]],
    }
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    RECORD.write_text(json.dumps(out, indent=2), encoding="utf-8")
    print(f"\ndistributed run: {json.dumps(out['timings_s'])}")


def _by_task(tis: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for ti in tis:
        out.setdefault(ti["task_id"], []).append(ti)
    return out


def test_every_service_was_healthy_and_is_stopped_by_pid(scenario):
    assert set(scenario["pids"]) == {"postgres", "redis", "airflow-apiserver", "airflow-scheduler",
                                     "airflow-dag-processor", "airflow-triggerer", WRITER, EXTRACT_HOST}
    assert all(scenario["health"].values()), scenario["health"]  # the compose health checks, run here
    assert scenario["alive_after_stop"] == []


def test_init_gives_the_data_folders_to_the_airflow_user(scenario):
    if os.geteuid() != 0:
        pytest.skip("only root can give folders away (as airflow-init runs)")
    assert set(scenario["owners"].values()) == {(50000, 0)}, scenario["owners"]


def test_the_run_triggered_through_the_api_succeeded(scenario):
    run = scenario["run"]
    assert run["state"] == "success" and run["run_type"] == "manual", run
    assert run["conf"] == {"batch_size": BATCH_SIZE}
    assert {t["state"] for t in scenario["task_instances"]} == {"success"}


def test_mapped_extract_tasks_ran_on_both_workers(scenario):
    extracts = _by_task(scenario["task_instances"])["extract"]
    assert len(extracts) == len(REPORTS) // BATCH_SIZE
    assert {t["hostname"] for t in extracts} == {WRITER, EXTRACT_HOST}, extracts
    assert {t["queue"] for t in extracts} == {shared_env()["GOV_REPORTS_EXTRACT_QUEUE"]}


def test_every_task_that_opens_duckdb_ran_only_on_the_writer(scenario):
    env = shared_env()
    tasks = _by_task(scenario["task_instances"])
    assert set(tasks) == WRITER_TASKS | {"extract"}
    for name in WRITER_TASKS:
        (ti,) = tasks[name]
        assert (ti["hostname"], ti["queue"]) == (WRITER, env["GOV_REPORTS_WRITER_QUEUE"]), ti
        assert ti["pool"] == (env["GOV_REPORTS_WRITER_POOL"] if name in WRITER_POOL_TASKS else "default_pool"), ti


def test_batches_were_handed_over_on_shared_storage(scenario):
    files = scenario["batch_files"]
    assert len(files) == len(REPORTS) // BATCH_SIZE, files
    assert all(f.startswith("shared/") for f in files), files  # not beside the warehouse on the writer's disk


def test_the_published_warehouse_equals_the_one_make_run_builds(scenario):
    distributed, reference = _marts(scenario["warehouse"]), _marts(scenario["reference"])
    assert set(distributed) == set(reference) and len(reference) >= 8
    for table in reference:
        assert distributed[table][0] == reference[table][0], table
        assert distributed[table][1] == reference[table][1], table
    assert query(scenario["warehouse"], "select count(*) from marts.dim_report") == [(len(REPORTS),)]


def test_the_inbox_watcher_updates_the_asset_and_starts_a_run(scenario):
    event = [e for e in scenario["inbox_events"] if e["uri"] == "file:///gov_reports/inbox"][0]
    assert event["extra"] == {"files": [NEW_REPORT], "count": 1}, event
    assert scenario["asset_run"]["dag_run_id"] in {r["run_id"] for r in event["created_dagruns"]}
    assert scenario["asset_run"]["state"] == "success"
    tasks = _by_task(scenario["asset_run_task_instances"])
    assert len(tasks["extract"]) == 1 and {t["hostname"] for t in tasks["load_raw"] + tasks["publish"]} == {WRITER}
    sources = {r for (r,) in query(scenario["final_warehouse"], "select source_file from marts.dim_report")}
    assert sources == set(REPORTS) | {NEW_REPORT}
