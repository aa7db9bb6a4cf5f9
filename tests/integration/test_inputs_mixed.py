"""Real-world inputs end to end: a mixed inbox (the seeds as PDF, DOCX, HTML, GBK text and a PDF without
extension, a duplicate, broken files, junk to skip) through the real DAG; then a changed file and runs
killed (SIGKILL to the `python -m ingest.runtime.run` process group) at several points, and a run that completes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pipeline_helpers import ROOT, query, run_pipeline

from extract.scoring import load_gold, load_warehouse, score
from tests.fixtures import mixed_inbox

pytestmark = pytest.mark.integration
GOLD = ROOT / "tests" / "gold"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def mixed_run(airflow_env, tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    inbox = mixed_inbox.build(root / "inbox", root / "outside")
    warehouse = root / "wh" / "gov_reports.duckdb"
    proc = run_pipeline(airflow_env, inbox, warehouse, "--batch-size", "8")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    summary = json.loads(warehouse.with_name("gov_reports.last_run.json").read_text(encoding="utf-8"))
    return {"root": root, "inbox": inbox, "warehouse": warehouse, "stdout": proc.stdout, "summary": summary}


def test_mixed_inbox_gives_the_same_facts_as_the_plain_text_seeds(mixed_run, seeds_run):
    gold = load_gold(GOLD)
    mixed = score(gold, load_warehouse(str(mixed_run["warehouse"])))
    plain = score(gold, load_warehouse(str(seeds_run["warehouse"])))
    for scope in ("all", "actual", "target"):
        assert abs(mixed[scope]["f1"] - plain[scope]["f1"]) <= 0.02, (scope, mixed[scope], plain[scope])


def test_every_readable_report_is_loaded_once_with_its_format(mixed_run):
    wh = mixed_run["warehouse"]
    rows = query(wh, "select source_file, source_format, region_name from staging.stg_reports order by 1")
    assert [(r[0], r[1]) for r in rows] == sorted(mixed_inbox.CONVERTED.values())
    assert all(r[2] for r in rows)
    assert query(wh, "select count(*) from marts.dim_report") == [(5,)]
    copy, original = mixed_inbox.DUPLICATE
    names = query(wh, "select f.file_name from raw.report_files f join raw.reports r using (report_id) "
                      "where r.file_name = ? order by 1", [original])
    assert names == sorted([(copy,), (original,)])
    assert f"{copy} = {original}" in mixed_run["summary"]["load"]["duplicate_files"]


def test_every_broken_file_has_a_clear_error_and_junk_is_skipped(mixed_run):
    wh = mixed_run["warehouse"]
    errors = query(wh, "select file_name, stage, error_kind, message, content_hash, size_bytes, first_seen, last_seen "
                       "from raw.ingest_errors order by 1")
    assert {e[0]: (e[1], e[2]) for e in errors} == mixed_inbox.BROKEN
    for name, _stage, _kind, message, digest, size, first, last in errors:
        assert len(message) > 30 and first == last
        if name != "link out.txt":
            assert len(digest) == 64 and size == (mixed_run["inbox"] / name).stat().st_size
    out = mixed_run["stdout"]
    for name, (_stage, kind) in mixed_inbox.BROKEN.items():
        assert f"{name} [{kind}]" in out, name  # listed in the run summary
    for name in mixed_inbox.SKIPPED:
        assert name not in out


# ── fault tolerance: kill a run anywhere, then run again ─────────────────────────────────────────

def run_and_kill(env: dict[str, str], inbox: Path, warehouse: Path, task: str, delay: float) -> None:
    """Start `python -m ingest.runtime.run`, SIGKILL its process group `delay` s after Airflow starts `task`."""
    log = Path(env["AIRFLOW_HOME"]) / "last-run.log"
    log.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ingest.runtime.run", "--input", str(inbox), "--warehouse", str(warehouse),
         "--batch-size", "8"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    started = re.compile(rf"\[DAG TEST\] starting task_id={task}\b")
    deadline = time.monotonic() + 900
    try:
        while not (log.exists() and started.search(log.read_text(encoding="utf-8", errors="replace"))):
            assert proc.poll() is None, f"the run ended before task {task} started"
            assert time.monotonic() < deadline, f"task {task} did not start"
            time.sleep(0.2)
        time.sleep(delay)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


KILL_POINTS = [("extract", 1.0), ("load_raw", 0.3), ("dbt_build", 5.0), ("validate", 1.5)]


def _facts_by_file(wh: Path) -> list[tuple]:
    return query(wh, "select source_file, count(*), count(distinct fact_id) from ("
                     "select source_file, fact_id from marts.fct_indicators union all "
                     "select source_file, fact_id from marts.fct_targets) group by 1 order by 1")


def test_killed_runs_leave_the_warehouse_as_it_was_and_the_next_run_completes(mixed_run, airflow_env, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(mixed_run["inbox"], inbox, symlinks=True)
    warehouse = tmp_path / "wh" / "gov_reports.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(mixed_run["warehouse"], warehouse)
    facts_before = _facts_by_file(warehouse)
    errors_before = query(warehouse, "select file_name, error_kind, first_seen from raw.ingest_errors order by 1")
    (old_id,) = query(warehouse, "select report_id from raw.reports where file_name = '003_7aa1c1bbe725dce6.txt'")[0]

    # a corrected version of one report arrives (its old bytes stay in the inbox under the duplicate's name)
    changed = inbox / "003_7aa1c1bbe725dce6.txt"
    changed.write_bytes(changed.read_bytes() + "\n（本报告文字已校对）\n".encode("gbk"))

    published = sha256(warehouse)
    for task, delay in KILL_POINTS:
        run_and_kill(airflow_env, inbox, warehouse, task, delay)
        assert sha256(warehouse) == published, f"killed during {task}: the published warehouse changed"

    final = run_pipeline(airflow_env, inbox, warehouse, "--batch-size", "8")
    assert final.returncode == 0, final.stdout[-3000:] + final.stderr[-3000:]

    # nothing lost, nothing doubled: the same facts per file, every fact once
    facts_after = _facts_by_file(warehouse)
    assert facts_after == facts_before
    assert all(n == distinct for _, n, distinct in facts_after)
    errors_after = query(warehouse, "select file_name, error_kind, first_seen from raw.ingest_errors order by 1")
    assert errors_after == errors_before
    # the changed file is a new version; the old one is kept in raw but not in the marts
    versions = query(warehouse, "select report_id, is_current, superseded_by from raw.reports "
                                "where file_name = '003_7aa1c1bbe725dce6.txt' order by ingested_at")
    new_id = versions[1][0]
    assert versions == [(old_id, False, new_id), (new_id, True, None)]
    assert query(warehouse, "select report_id from marts.dim_report where source_file = '003_7aa1c1bbe725dce6.txt'"
                 ) == [(new_id,)]
    assert query(warehouse, "select count(*) from marts.fct_targets where report_id = ?", [old_id]) == [(0,)]
    assert query(warehouse, "select count(*) from marts.dim_report") == [(5,)]
    gold = load_gold(GOLD)
    assert abs(score(gold, load_warehouse(str(warehouse)))["all"]["f1"]
               - score(gold, load_warehouse(str(mixed_run["warehouse"])))["all"]["f1"]) < 1e-9
