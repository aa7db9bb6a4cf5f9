"""The warm helper: one process started with the run, which loads the heavy libraries while the run begins and
then does the run's extraction and dbt build with them loaded.

Under `make run` (`ingest.runtime.airflow_cli`, i.e. `airflow dags test`) the tasks run one after another in one
process, and for the first ten seconds or more (Airflow starting, its execution API building itself, discover)
that process keeps one core busy while the other idles. The driver (`ingest.runtime.airflow_cli --warm`) therefore
starts, before Airflow itself, the **warehouse helper**: one spawned process that, in this order (WARMUPS),
1. imports dbt and parses the project for this run's warehouse (`ingest.warehouse.dbt_runner.parse`, ~3–4 s; ~6 s
   the first time, when nothing was parsed before);
2. loads jieba's dictionary, tag table and IDF table, and scipy's sparse solver, which the keyword model
   uses (~2 s);
3. loads the fact extractor's user dictionary on top (~0.1 s);
4. loads cpca (and pandas, with its first transform), which the region model uses.
The `extract` tasks then extract their batches there, and `dbt_build` runs `dbt build` there, after which the
helper stops. While the helper builds, the task's own process imports Great Expectations (~4 s, on the core
the build leaves idle: `run_in_helper(..., meanwhile=...)`) for `validate`, which comes next.

A task that finds no helper (a scheduler's worker, where every task has a process of its own; a test) does the
work in its own process, exactly as before; so does a task whose helper died. Results are the same either
way: the helper runs the same function on the same files, and a warm-up that failed only means the work loads
what it needs itself (a failed parse: the build parses).

Two helpers from the start would not pay: three processes starting on two cores delayed Airflow's own start by
more than they saved (measured with extraction workers started the same way).
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

WAREHOUSE = "warehouse"  # the helper of the run's extraction and dbt build

_HELPERS: dict[str, ProcessPoolExecutor] = {}

Step = tuple[Callable[..., object], tuple[Any, ...]]


def _parse_dbt_project(params: Mapping[str, Any]) -> bool:
    """dbt imported and the project parsed for the run's build copy (the same resolution as `prepare`, without
    Airflow Variables: if a Variable moves the warehouse, the build finds no parse for it and parses itself)."""
    from ingest.config import resolve
    from ingest.warehouse.dbt_runner import parse

    cfg = resolve(dict(params))
    return parse(cfg.build_path, cfg.dbt_target_dir)


def _load_keyword_rule() -> None:
    from extract.keywords import load_resources

    load_resources()


def _load_extractor() -> None:
    from extract.pipeline import load_resources

    load_resources()


def _load_region_parser() -> None:
    import cpca

    # cpca's import defers the work: its first transform imports pandas and builds the matcher over the table of
    # administrative divisions (~0.4 s, which the region model would otherwise pay inside the build)
    cpca.transform(["北京市"])

    from ingest.runtime.gc_policy import tune_gc

    tune_gc()  # the helper lives for one run too: the same collector settings as its parent's


def warehouse_warmups(params: Mapping[str, Any]) -> list[Step]:
    """The warehouse helper's warm-up, in the order the run needs it."""
    return [(_parse_dbt_project, (dict(params),)), (_load_keyword_rule, ()), (_load_extractor, ()),
            (_load_region_parser, ())]


WARMUPS: dict[str, Callable[[Mapping[str, Any]], list[Step]]] = {WAREHOUSE: warehouse_warmups}


def _log_to_stderr() -> None:
    """The helper's log lines (the extraction's per-file progress …) go where its parent's output goes."""
    import sys

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s [%(levelname)s] %(name)s (warm helper): %(message)s"))
    for name in ("ingest", "extract"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)


def _report_failure(name: str, step: str) -> Callable[[Future], None]:
    def done(future: Future) -> None:
        if not future.cancelled() and future.exception() is not None:
            log.warning("warm-up %s of the %s helper failed (the work will load it itself): %s",
                        step, name, future.exception())
    return done


def start_helper(name: str, steps: list[Step] | None = None, params: Mapping[str, Any] | None = None) -> None:
    """Start the helper `name` in the background: a spawned process running its warm-up `steps` (module-level
    functions and their arguments; default WARMUPS[name](params)) one after the other."""
    if name in _HELPERS:
        return
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_log_to_stderr)
    for fn, args in steps if steps is not None else WARMUPS[name](params or {}):
        pool.submit(fn, *args).add_done_callback(_report_failure(name, fn.__name__))
    _HELPERS[name] = pool


def has_helper(name: str) -> bool:
    return name in _HELPERS


def run_in_helper(name: str, fn: Callable[..., T], *args, last: bool = True,
                  meanwhile: Callable[[], object] | None = None) -> T:
    """`fn(*args)` in the helper `name` when one was started, else, or when the helper died, in this process.
    `last`: the helper is stopped afterwards (its last use in the run). `meanwhile`: work for this process
    while the helper runs `fn` (only then: without a helper, the task's next step does it when it needs it)."""
    pool = _HELPERS.pop(name, None) if last else _HELPERS.get(name)
    if pool is None:
        return fn(*args)
    try:
        future = pool.submit(fn, *args)
        if meanwhile is not None:
            try:
                meanwhile()
            except Exception as exc:  # noqa: BLE001 - a head start only: the next step does it when it needs it
                log.warning("%s (while the %s helper ran %s) failed: %s", getattr(meanwhile, "__name__", "work"),
                            name, fn.__name__, exc)
        return future.result()
    except BrokenProcessPool:
        log.warning("the %s helper process died; running %s in the task's process", name, fn.__name__)
        _HELPERS.pop(name, None)
        pool.shutdown(wait=False, cancel_futures=True)
        return fn(*args)
    finally:
        if last:
            pool.shutdown(wait=True, cancel_futures=True)


def stop_helpers() -> None:
    """Stop every helper still running (a run that ended before using it)."""
    while _HELPERS:
        _, pool = _HELPERS.popitem()
        pool.shutdown(wait=True, cancel_futures=True)
