"""`make run`: run the gov_reports DAG in-process (`airflow dags test`), show progress, print the summary.

Airflow's command runs through `ingest.runtime.airflow_cli`, which sets Python's garbage collector for a one-shot
run; the DAG's tasks run exactly as a scheduler's worker runs them.

Airflow's own log goes to .airflow/last-run.log; the console shows one line per finished task.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from ingest.config import PROJECT_ROOT
from ingest.warehouse.fingerprints import code_fingerprint


def up_to_date(input_dir: Path, warehouse: Path) -> str | None:
    """Why a run would change nothing (every file of the inbox is in the warehouse, read by this code), else None."""
    from ingest.intake.inbox import pending_files

    summary_file = warehouse.with_name(f"{warehouse.stem}.last_run.json")
    if not warehouse.is_file() or not summary_file.is_file():
        return None
    last = json.loads(summary_file.read_text(encoding="utf-8"))
    if last.get("code_fingerprint") != code_fingerprint() or last.get("input_dir") != str(input_dir):
        return None
    if pending_files(input_dir, warehouse):
        return None
    reports = last.get("counts", {}).get("marts.dim_report", 0)
    return f"nothing new in {input_dir}: {warehouse} is up to date ({reports} reports, same code as its last run)"


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse's lock."""


def lock_path(warehouse: Path) -> Path:
    """The lock of a warehouse's runs, in its work folder (beside the build copy and the batch files)."""
    return warehouse.parent / f".{warehouse.stem}.work" / "run.lock"


@contextlib.contextmanager
def warehouse_lock(warehouse: Path, wait: bool = False) -> Iterator[None]:
    """One run per warehouse at a time: a second run on the same warehouse waits (`wait`) or refuses at once,
    naming the process that holds it, and never touches the first run's files. The lock is the operating
    system's (flock): a run that dies releases it."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise WarehouseBusy(f"another run is writing {warehouse} ({holder}); wait for it to finish, or run "
                                f"again with WAIT=1 to queue behind it") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)

_SHOW = re.compile(
    r"\[DAG TEST\] end task task_id=(?P<task>\S+)( map_index=(?P<map>-?\d+))?"
    r"|^(?P<msg>(?:input|warehouse|build copy|rejected|quarantined|loaded|batch|Great Expectations|published|"
    r"dbt docs|dbt build in|overview page|\d+ report files)\b.*)"
)


def _follow(cmd: list[str], log_path: Path, env: dict[str, str]) -> int:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    with log_path.open("w", encoding="utf-8") as log, subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, bufsize=1
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            m = _SHOW.search(line)
            if not m:
                continue
            stamp = f"[{time.monotonic() - start:6.1f}s]"
            if m.group("task"):
                idx = m.group("map")
                suffix = f"[{idx}]" if idx not in (None, "-1") else ""
                print(f"{stamp} done {m.group('task')}{suffix}", flush=True)
            else:
                print(f"{stamp} {m.group('msg').strip()}", flush=True)
        return proc.wait()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--input", default="seeds")
    ap.add_argument("--warehouse", default="warehouse/gov_reports.duckdb")
    ap.add_argument("--batch-size", type=int, default=50)
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--max-rejected-share", type=float, default=None,
                    help="fail the run when more than this share of its files is rejected (0.2 = 20%%)")
    ap.add_argument("--wait", action="store_true", help="wait for another run on the same warehouse to finish")
    ap.add_argument("--force", action="store_true", help="run even when nothing is new (a STRICT run always runs)")
    a = ap.parse_args(argv)
    input_dir = Path(a.input).resolve()
    warehouse = Path(a.warehouse).resolve()
    if not input_dir.is_dir():
        print(f"error: input folder {input_dir} does not exist; pass INPUT=<folder with report files>", file=sys.stderr)
        return 2
    print(f"gov_reports: {input_dir} → {warehouse}", flush=True)
    try:
        with warehouse_lock(warehouse, a.wait):
            reason = None if a.force or a.strict else up_to_date(input_dir, warehouse)
            if reason:
                print(f"{reason}; FORCE=1 runs anyway")
                return 0
            print("starting Airflow (airflow dags test gov_reports): the first task ends in about a minute…",
                  flush=True)
            return _run(input_dir, warehouse, a)
    except WarehouseBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3


def _run(input_dir: Path, warehouse: Path, a: argparse.Namespace) -> int:
    conf = {"input_dir": str(input_dir), "warehouse": str(warehouse), "batch_size": a.batch_size,
            "strict": a.strict, "max_rejected_share": a.max_rejected_share}
    env = dict(os.environ)
    env.setdefault("GOV_REPORTS_HOME", str(PROJECT_ROOT))
    log_path = Path(env.get("AIRFLOW_HOME", PROJECT_ROOT / ".airflow")) / "last-run.log"
    summary_file = warehouse.with_name(f"{warehouse.stem}.last_run.json")
    before = summary_file.stat().st_mtime if summary_file.exists() else None
    cmd = [sys.executable, "-m", "ingest.runtime.airflow_cli", "dags", "test", "gov_reports", "--conf",
           json.dumps(conf)]
    rc = _follow(cmd, log_path, env)
    published = summary_file.exists() and summary_file.stat().st_mtime != before
    if rc != 0 or not published:
        print(f"\nthe run FAILED (exit {rc}); the published warehouse {warehouse} is unchanged.", file=sys.stderr)
        errors = [ln.rstrip() for ln in log_path.read_text(encoding="utf-8").splitlines()
                  if re.search(r"Error|Exception|FAIL|failed", ln) and "Unable to emit" not in ln]
        for ln in errors[-12:]:
            print(f"  {ln[:300]}", file=sys.stderr)
        print(f"full Airflow log: {log_path}", file=sys.stderr)
        return rc or 1
    from ingest.site.summary import render

    print()
    print(render(json.loads(summary_file.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
