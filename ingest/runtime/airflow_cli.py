"""The `airflow` command run in this process, with Python's garbage collector set for one batch run.

    python -m ingest.runtime.airflow_cli dags test gov_reports --conf '{...}'   # what `make run` runs

Under `airflow dags test` every task of the run executes in this one process. Once dbt, Great Expectations,
pandas and jieba are loaded it holds about a million objects that live until the process ends, and with
Python's default settings the cyclic collector walks all of them again and again: in a run that adds one
report to a 1,000-report warehouse, a dozen full collections (~3.5 s) during the run and several more when
the interpreter exits (~3.7 s), while the run's output was already complete.

The policy (ingest.runtime.gc_policy: `tune_gc`, `freeze_before_exit`):
- the objects alive once Airflow has started (its modules, settings, ORM) are frozen: they live to the end,
  so walking them again finds nothing;
- young objects are collected less often (`GEN0_THRESHOLD`), which stops the many small and medium
  collections that the bursts of short-lived objects of dbt's parse and pandas trigger; full collections
  keep Python's own rule (only when the surviving objects grew by a quarter), so cyclic garbage is still
  reclaimed during a long run;
- before the interpreter exits, everything left is frozen, so its final collections have nothing to walk
  (memory goes back to the system with the process either way).

Nothing changes for the tasks themselves: the same Airflow command, DAG and task code run as with
`airflow dags test`; a scheduler's workers run tasks in processes of their own and are not affected.
"""

from __future__ import annotations

import json
import sys

from ingest.runtime.gc_policy import GEN0_THRESHOLD, freeze_before_exit, tune_gc

__all__ = ["GEN0_THRESHOLD", "freeze_before_exit", "main", "run_params", "tune_gc"]

def run_params(args: list[str]) -> dict:
    """The DAG params of `dags test … --conf JSON` (or `-c JSON`); {} without them or when they are not JSON."""
    for flag in ("--conf", "-c"):
        for i, arg in enumerate(args):
            value = args[i + 1] if arg == flag and i + 1 < len(args) else (
                arg.split("=", 1)[1] if arg.startswith(flag + "=") else None)
            if value is None:
                continue
            try:
                params = json.loads(value)
            except ValueError:
                return {}
            return params if isinstance(params, dict) else {}
    return {}


def start_helpers(args: list[str]) -> None:
    """The helper process of a run whose tasks share this process (ingest.runtime.warm), warmed for its params."""
    from ingest.runtime.warm import WAREHOUSE, start_helper

    start_helper(WAREHOUSE, params=run_params(args))


def stop_helpers() -> None:
    from ingest.intake.batch import shutdown_pools
    from ingest.runtime.warm import stop_helpers as stop

    stop()
    shutdown_pools()


def main(argv: list[str] | None = None) -> int:
    """Run `airflow ARGS` in this process (`--warm dags test …`: with the helper process of ingest.runtime.warm
    started first; other commands run no task and start none); its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    warm = bool(args) and args[0] == "--warm"
    if warm:
        args = args[1:]
        warm = args[:2] == ["dags", "test"]
    if warm:
        start_helpers(args)  # before Airflow loads: the helpers start on the core Airflow's start leaves idle
    from airflow.__main__ import main as airflow_main  # Airflow's settings, ORM and CLI are loaded here

    tune_gc()
    sys.argv = ["airflow", *args]
    try:
        airflow_main()
        return 0
    except SystemExit as exc:  # the CLI's way of reporting failure ("DagRun failed")
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1
    finally:
        if warm:
            stop_helpers()  # a run that failed before using them
        sys.stdout.flush()
        sys.stderr.flush()
        freeze_before_exit()


if __name__ == "__main__":
    sys.exit(main())
