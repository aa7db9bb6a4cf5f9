"""Where the tasks run under a distributed executor (Celery): the writer's queue and pool, the extract queue.

DuckDB is one file written by one process, and the DuckDB team advises against keeping it on a network
filesystem (its file locks do not hold there). So every task that opens the build copy or the published warehouse
(prepare, discover, load_raw, dbt_build, validate, docs, overview, publish, the inbox watcher's sensor and the
Parquet export) goes to the **writer queue**, served by one worker whose local disk holds the warehouse; only
`extract` (reports in, a JSON-lines file out: plain files, fine on shared storage) goes to the **extract queue**,
which every worker serves.

Read from the environment when a DAG file is parsed (the queue is part of the serialized DAG, so the
dag-processor's environment decides), never from the metadata database: parsing touches no database. Unset, both
are Airflow's default queue (`[operators] default_queue`) and the pool is `default_pool`, which is what
`airflow dags test` (`make run`) and a LocalExecutor need: one host, queues ignored.
"""

from __future__ import annotations

import os

WRITER_QUEUE_ENV = "GOV_REPORTS_WRITER_QUEUE"  # e.g. duckdb_writer: the one worker with the warehouse on its disk
EXTRACT_QUEUE_ENV = "GOV_REPORTS_EXTRACT_QUEUE"  # e.g. default: every worker
WRITER_POOL_ENV = "GOV_REPORTS_WRITER_POOL"  # e.g. duckdb_writer, one slot: one task writes DuckDB at a time


def default_queue() -> str:
    """Airflow's default queue (`[operators] default_queue`, "default" unless configured)."""
    from airflow.sdk import conf

    return conf.get("operators", "default_queue", fallback="default")


def writer_queue() -> str:
    """The queue of the tasks that open a DuckDB file."""
    return os.environ.get(WRITER_QUEUE_ENV, "").strip() or default_queue()


def extract_queue() -> str:
    """The queue of the mapped extract tasks."""
    return os.environ.get(EXTRACT_QUEUE_ENV, "").strip() or default_queue()


def writer_pool() -> str:
    """The pool of the tasks that write the build copy or publish it."""
    return os.environ.get(WRITER_POOL_ENV, "").strip() or "default_pool"
