"""ingest.runtime.warm: the helper process started with the run; a task without one does the work itself."""

from __future__ import annotations

import os
import signal
import time

from ingest.runtime import warm


def test_without_a_helper_the_work_runs_in_this_process():
    assert not warm.has_helper("nothing")
    assert warm.run_in_helper("nothing", os.getpid) == os.getpid()


def test_the_work_runs_in_the_helper_which_is_stopped_after_its_last_use():
    warm.start_helper("probe", steps=[(os.getppid, ())])
    assert warm.has_helper("probe")
    first = warm.run_in_helper("probe", os.getpid, last=False)
    assert first != os.getpid() and warm.has_helper("probe")
    assert warm.run_in_helper("probe", os.getpid) == first  # the same process, warmed once
    assert not warm.has_helper("probe")
    assert warm.run_in_helper("probe", os.getpid) == os.getpid()


def test_warm_up_steps_run_in_order_before_the_work(tmp_path):
    warm.start_helper("ordered", steps=[(time.sleep, (0.2,)), (os.chdir, (str(tmp_path),))])
    assert warm.run_in_helper("ordered", os.getcwd) == str(tmp_path)


def test_a_failed_warm_up_step_does_not_stop_the_helper():
    warm.start_helper("stumbling", steps=[(int, ("not a number",)), (os.getppid, ())])
    assert warm.run_in_helper("stumbling", os.getppid) == os.getpid()


def test_a_dead_helper_leaves_the_work_to_this_process():
    warm.start_helper("doomed", steps=[(os.getppid, ())])
    helper_pid = warm._HELPERS["doomed"].submit(os.getpid).result()
    os.kill(helper_pid, signal.SIGKILL)
    assert warm.run_in_helper("doomed", os.getpid, last=False) == os.getpid()
    assert not warm.has_helper("doomed")  # dropped: the next task does its work itself too
    assert warm.run_in_helper("doomed", os.getpid) == os.getpid()


def test_stop_helpers_stops_the_unused_ones():
    warm.start_helper("unused", steps=[(os.getppid, ())])
    warm.stop_helpers()
    assert not warm.has_helper("unused")


def test_meanwhile_this_process_works_while_the_helper_runs_the_task():
    warm.start_helper("busy", steps=[(os.getppid, ())])
    seen = []
    assert warm.run_in_helper("busy", time.sleep, 0.3, meanwhile=lambda: seen.append(os.getpid())) is None
    assert seen == [os.getpid()]


def test_meanwhile_is_skipped_without_a_helper_and_its_failure_does_not_fail_the_task():
    seen = []
    assert warm.run_in_helper("absent", os.getpid, meanwhile=lambda: seen.append(1)) == os.getpid()
    assert seen == []  # the task's next step loads what it needs itself
    warm.start_helper("busy2", steps=[(os.getppid, ())])
    assert warm.run_in_helper("busy2", os.getppid, meanwhile=lambda: 1 / 0) == os.getpid()


def test_the_helper_logs_to_its_parents_stderr():
    import subprocess
    import sys

    code = ("import logging; from ingest.runtime import warm; warm.start_helper('l', steps=[]);"
            "warm.run_in_helper('l', logging.getLogger('ingest.intake.batch').info, 'progress line')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "progress line" in done.stderr and "(warm helper)" in done.stderr


def test_the_warehouse_helper_parses_dbt_then_loads_what_extraction_and_the_build_use():
    steps = warm.WARMUPS[warm.WAREHOUSE]({"warehouse": "/tmp/w.duckdb"})
    assert [fn.__name__ for fn, _ in steps] == ["_parse_dbt_project", "_load_keyword_rule", "_load_extractor",
                                                "_load_region_parser"]
    assert steps[0][1] == ({"warehouse": "/tmp/w.duckdb"},)


def test_the_warm_up_loads_what_the_python_models_would_import_inside_the_build():
    """The region model's pandas (cpca's first transform) is loaded by the warm-up, not during `dbt build`, where
    it held the GIL; the keyword rule runs at extract time now (no scipy: jieba.analyse's own TextRank)."""
    import subprocess
    import sys

    code = ("import sys; from ingest.runtime import warm;"
            "before = {'scipy.sparse.linalg', 'pandas'} & set(sys.modules);"
            "warm._load_keyword_rule(); warm._load_region_parser();"
            "print(sorted(before), sorted({'scipy.sparse.linalg', 'pandas'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "['pandas']"]
