"""ingest.warm: helper processes started with the run; a task without one does the work itself."""

from __future__ import annotations

import os
import signal

from ingest import warm


def test_without_a_helper_the_work_runs_in_this_process():
    assert not warm.has_helper("nothing")
    assert warm.run_in_helper("nothing", os.getpid) == os.getpid()


def test_the_work_runs_in_the_helper_which_is_then_stopped():
    warm.start_helper("probe", warmup=os.getppid)
    assert warm.has_helper("probe")
    pid = warm.run_in_helper("probe", os.getpid)
    assert pid != os.getpid()
    assert not warm.has_helper("probe")  # used once per run
    assert warm.run_in_helper("probe", os.getpid) == os.getpid()


def test_a_dead_helper_leaves_the_work_to_this_process():
    warm.start_helper("doomed", warmup=os.getppid)
    helper_pid = warm._HELPERS["doomed"].submit(os.getpid).result()
    os.kill(helper_pid, signal.SIGKILL)
    assert warm.run_in_helper("doomed", os.getpid) == os.getpid()
    assert not warm.has_helper("doomed")


def test_stop_helpers_stops_the_unused_ones():
    warm.start_helper("unused", warmup=os.getppid)
    warm.stop_helpers()
    assert not warm.has_helper("unused")


def test_the_validation_helper_imports_great_expectations():
    assert warm.WARMUPS["validation"].__name__ == "_import_great_expectations"
