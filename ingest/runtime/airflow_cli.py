"""The `airflow` command run in this process, with Python's garbage collector set for one batch run.

    python -m ingest.runtime.airflow_cli dags test gov_reports --conf '{...}'   # what `make run` runs

Under `airflow dags test` every task of the run executes in this one process. Once dbt, Great Expectations,
pandas and jieba are loaded it holds about a million objects that live until the process ends, and with
Python's default settings the cyclic collector walks all of them again and again, during the run and once
more when the interpreter exits, after the run's output is complete.

The policy (`tune_gc`, `freeze_before_exit`):
- the objects alive once Airflow has started (its modules, settings, ORM) are frozen: they live to the end,
  so walking them again finds nothing;
- young objects are collected less often (`GEN0_THRESHOLD`), which stops the many small and medium
  collections that the bursts of short-lived objects of dbt's parse and pandas trigger; full collections
  keep Python's own rule (only when the surviving objects grew by a quarter), so cyclic garbage is still
  reclaimed during a long run;
- before the interpreter exits, everything left is frozen, so its final collections have nothing to walk
  (memory goes back to the system with the process either way).

Nothing changes for the tasks themselves: the same Airflow command, DAG and task code run as with
`airflow dags test`; a scheduler's workers run tasks in processes of their own and are not affected. This is
the only speed work of `make run` outside the DAG: a helper process that loaded dbt, jieba and cpca ahead of
the tasks and ran them in itself was removed (it reached into the DAG, and on a machine with no idle core it
cost more CPU than it saved).
"""

from __future__ import annotations

import gc
import sys

# Python's default is 700 allocations (minus deallocations) between young-generation collections
GEN0_THRESHOLD = 20_000


def tune_gc() -> None:
    """Freeze what is alive now and collect the young generation less often (see this module's doc)."""
    gc.collect()  # what is garbage now must not be frozen
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, gen1, gen2)


def freeze_before_exit() -> None:
    """Nothing to walk for the collections of the interpreter's exit: the process ends next."""
    gc.freeze()


def main(argv: list[str] | None = None) -> int:
    """Run `airflow ARGS` in this process; its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
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
        sys.stdout.flush()
        sys.stderr.flush()
        freeze_before_exit()


if __name__ == "__main__":
    sys.exit(main())
