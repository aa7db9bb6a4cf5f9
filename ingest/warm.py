"""Helper processes started with the run, so that loading heavy libraries overlaps the run's first steps.

Under `make run` (`ingest.airflow_cli`, i.e. `airflow dags test`) the tasks run one after another in one
process, and for the first ten seconds or so (Airflow starting, its execution API building itself) that
process keeps one core busy while the other idles. The driver (`ingest.airflow_cli --warm`) therefore starts,
before Airflow itself, the **validation helper**: one spawned process that imports Great Expectations (~4 s).
The `validate` task runs its suites there (`run_in_helper`).

(Starting the extraction workers the same way was measured and dropped: two workers loading jieba beside the
Great Expectations import delayed Airflow's own start by more than the extraction saved.)

A task that finds no helper (a scheduler's worker, where every task has a process of its own; a test) does the
work in its own process, exactly as before; so does a task whose helper died. Results are the same either
way: the helper runs the same function on the same file.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

_HELPERS: dict[str, ProcessPoolExecutor] = {}


def _import_great_expectations() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations  # noqa: F401  (the import is the work: ~4 s)

    from ingest.airflow_cli import tune_gc

    tune_gc()  # the helper lives for one run too: the same collector settings as its parent's


WARMUPS: dict[str, Callable[[], None]] = {"validation": _import_great_expectations}


def start_helper(name: str, warmup: Callable[[], object] | None = None) -> None:
    """Start the helper `name` in the background: a spawned process doing its warm-up (WARMUPS[name] unless
    `warmup`, a module-level function, is given)."""
    if name in _HELPERS:
        return
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    pool.submit(warmup or WARMUPS[name])
    _HELPERS[name] = pool


def has_helper(name: str) -> bool:
    return name in _HELPERS


def run_in_helper(name: str, fn: Callable[..., T], *args) -> T:
    """`fn(*args)` in the helper `name` when one was started (the helper is then stopped: it is used once per
    run), else, or when the helper died, in this process."""
    pool = _HELPERS.pop(name, None)
    if pool is None:
        return fn(*args)
    try:
        return pool.submit(fn, *args).result()
    except BrokenProcessPool:
        log.warning("the %s helper process died; running %s in the task's process", name, fn.__name__)
        return fn(*args)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def stop_helpers() -> None:
    """Stop every helper still running (a run that ended before using it)."""
    while _HELPERS:
        _, pool = _HELPERS.popitem()
        pool.shutdown(wait=True, cancel_futures=True)
