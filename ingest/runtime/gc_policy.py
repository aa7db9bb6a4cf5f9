"""The garbage-collector settings of a process that runs a whole batch (the policy is the doc of
ingest.runtime.airflow_cli): a module of its own so that the run's driver (ingest.runtime.airflow_cli) and its helper
process (ingest.runtime.warm) share it without importing each other."""

from __future__ import annotations

import gc

# Python's default is 700 allocations (minus deallocations) between young-generation collections
GEN0_THRESHOLD = 20_000


def tune_gc() -> None:
    """Freeze what is alive now and collect the young generation less often (see ingest.runtime.airflow_cli's doc)."""
    gc.collect()  # what is garbage now must not be frozen
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, gen1, gen2)


def freeze_before_exit() -> None:
    """Nothing to walk for the collections of the interpreter's exit: the process ends next."""
    gc.freeze()
