"""End-to-end benchmark: the DAG as `make run` runs it (`python -m ingest.runtime.run --input DIR --warehouse FILE`).

Measures the wall time, the peak resident memory of the whole process tree (psutil, polled every 0.1 s:
the sum of RSS over the driver, `airflow dags test` and every child) and the time of each stage from the
task start/end lines of the Airflow log.

    python -m bench.pipeline --input /tmp/corpus --warehouse /tmp/bench/wh.duckdb --fresh
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import psutil

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def make_env(root: Path) -> dict[str, str]:
    """The environment `make run` exports (Makefile) for the code at `root`, for a run started outside make."""
    return {
        "AIRFLOW_HOME": str(root / ".airflow"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(root / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__OPENLINEAGE__DISABLED": "True",
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "False",
        "GOV_REPORTS_HOME": str(root),
        "PYTHONPATH": str(root),
    }


MAKE_ENV = make_env(PROJECT_ROOT)
STAGES = ("airflow start", "prepare/discover", "extraction", "load", "dbt", "validation", "docs/overview", "publish")
_TASK_LINE = re.compile(r"^(?P<ts>\S+Z) .*\[DAG TEST\] (?P<what>starting|end task) task_id=(?P<task>\S+)"
                        r"(?: map_index=(?P<map>-?\d+))?")


@dataclass
class RunResult:
    reports: int
    wall_s: float
    peak_rss_mb: float
    exit_code: int
    stages_s: dict[str, float] = field(default_factory=dict)
    tasks: int = 0


def stage_of(task_id: str) -> str:
    """The benchmark stage of an Airflow task id."""
    if task_id == "dbt_build" or task_id.startswith("dbt."):  # dbt. : the cosmos task group of earlier commits
        return "dbt"
    return {"prepare": "prepare/discover", "discover": "prepare/discover", "extract": "extraction",
            "load_raw": "load", "validate": "validation", "docs": "docs/overview", "overview": "docs/overview",
            "publish": "publish"}.get(task_id, "other")


def _ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def stage_times(log_text: str, started_at: float | None = None) -> tuple[dict[str, float], int]:
    """Seconds per stage (tasks run one after another in `dags test`) and the number of task runs.

    `airflow start` is the time from `started_at` (the process start, epoch seconds) to the first task.
    """
    starts: dict[tuple[str, str], float] = {}
    stages: dict[str, float] = defaultdict(float)
    first = None
    tasks = 0
    for line in log_text.splitlines():
        m = _TASK_LINE.match(line)
        if not m:
            continue
        key = (m.group("task"), m.group("map") or "-1")
        t = _ts(m.group("ts"))
        if m.group("what") == "starting":
            starts[key] = t
            first = t if first is None else first
        elif key in starts:
            stages[stage_of(key[0])] += t - starts.pop(key)
            tasks += 1
    if started_at is not None and first is not None:
        stages["airflow start"] = max(0.0, first - started_at)
    return {s: round(stages[s], 2) for s in (*STAGES, "other") if s in stages}, tasks


class TreeMemory:
    """Peak of the summed RSS of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            total = 0
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.Error:
                procs = []
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def isolated_airflow_home(dest: str | Path) -> Path:
    """An Airflow home of the benchmark's own: a copy of the project's migrated metadata DB (SQLite backup),
    so benchmark runs neither wait for nor overwrite `make run` (its last-run.log, its runs)."""
    import sqlite3

    home = Path(dest)
    home.mkdir(parents=True, exist_ok=True)
    source = Path(os.environ.get("AIRFLOW_HOME", MAKE_ENV["AIRFLOW_HOME"])) / "airflow.db"
    if not source.exists():
        raise FileNotFoundError(f"{source} does not exist: run `make run` (or `airflow db migrate`) first")
    if not (home / "airflow.db").exists():
        with sqlite3.connect(source) as src, sqlite3.connect(home / "airflow.db") as dst:
            src.backup(dst)
    return home


def run_env(root: Path = PROJECT_ROOT, airflow_home: str | Path | None = None) -> dict[str, str]:
    """This process's environment over `make run`'s; for other code (a baseline) its own paths win."""
    env = {**make_env(root), **os.environ}
    if root != PROJECT_ROOT:
        env |= make_env(root)
    if airflow_home is not None:
        env["AIRFLOW_HOME"] = str(airflow_home)
    return env


def run_dag(input_dir: str | Path, warehouse: str | Path, batch_size: int = 50,
            log_copy: str | Path | None = None, airflow_home: str | Path | None = None,
            root: Path = PROJECT_ROOT, module: str = "ingest.runtime.run") -> RunResult:
    """One `python -m ingest.runtime.run` (the command `make run` uses) of the code at `root`, measured."""
    env = run_env(root, airflow_home)
    cmd = [sys.executable, "-m", module, "--input", str(input_dir), "--warehouse", str(warehouse),
           "--batch-size", str(batch_size)]
    reports = sum(1 for p in Path(input_dir).rglob("*") if p.is_file())
    started = time.time()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    with TreeMemory(proc.pid) as mem:
        _, err = proc.communicate()
    wall = time.perf_counter() - t0
    log = Path(env["AIRFLOW_HOME"]) / "last-run.log"
    # a run that ends before Airflow starts (nothing new) writes no log: an older run's is no stage of this one
    fresh = log.exists() and log.stat().st_mtime >= started
    log_text = log.read_text(encoding="utf-8") if fresh else ""
    if log_copy:
        Path(log_copy).parent.mkdir(parents=True, exist_ok=True)
        Path(log_copy).write_text(log_text, encoding="utf-8")
    if proc.returncode != 0:
        sys.stderr.write(err[-3000:])
    stages, tasks = stage_times(log_text, started)
    return RunResult(reports, round(wall, 2), round(mem.peak / 2**20, 1), proc.returncode, stages, tasks)


def fresh_warehouse(warehouse: str | Path) -> None:
    """Remove the warehouse, its previous version, build copy, batches, docs and summary (a first run)."""
    wh = Path(warehouse)
    if wh.parent.exists():
        shutil.rmtree(wh.parent)
    wh.parent.mkdir(parents=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True)
    ap.add_argument("--warehouse", required=True, help="in a folder of its own: --fresh empties that folder")
    ap.add_argument("--batch-size", type=int, default=50)
    ap.add_argument("--fresh", action="store_true", help="start from an empty warehouse folder")
    ap.add_argument("--airflow-home", help="run with an Airflow home of its own (a copy of the project's DB)")
    a = ap.parse_args(argv)
    if a.fresh:
        fresh_warehouse(a.warehouse)
    home = isolated_airflow_home(a.airflow_home) if a.airflow_home else None
    print(json.dumps(asdict(run_dag(a.input, a.warehouse, a.batch_size, airflow_home=home)), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
