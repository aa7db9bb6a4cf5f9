"""One run per warehouse at a time: a second `make run` on the same warehouse refuses (or waits) and never touches
the first run's files."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from ingest.runtime import run


def test_a_second_run_on_the_same_warehouse_refuses_naming_the_first(tmp_path: Path) -> None:
    wh = tmp_path / "w.duckdb"
    with run.warehouse_lock(wh):
        with pytest.raises(run.WarehouseBusy, match=r"another run is writing .*w\.duckdb \(pid \d+ since"):
            with run.warehouse_lock(wh):
                pass
        with run.warehouse_lock(tmp_path / "other.duckdb"):  # another warehouse is not blocked
            pass
    with run.warehouse_lock(wh):  # released when the first run ends
        pass


def test_make_run_refuses_with_a_clear_message_and_leaves_the_first_runs_files(tmp_path: Path, capsys) -> None:
    wh = tmp_path / "w.duckdb"
    first_runs_batch = tmp_path / ".w.work" / "batches" / "run1" / "batch_x.jsonl"
    first_runs_batch.parent.mkdir(parents=True)
    first_runs_batch.write_text("{}\n", encoding="utf-8")
    with run.warehouse_lock(wh):
        rc = run.main(["--input", str(tmp_path), "--warehouse", str(wh)])
    assert rc == 3
    assert "another run is writing" in capsys.readouterr().err
    assert first_runs_batch.exists()


def test_a_waiting_run_starts_when_the_first_ends(tmp_path: Path) -> None:
    wh = tmp_path / "w.duckdb"
    order = []

    def second() -> None:
        with run.warehouse_lock(wh, wait=True):
            order.append("second")

    with run.warehouse_lock(wh):
        t = threading.Thread(target=second)
        t.start()
        time.sleep(0.3)
        order.append("first done")
    t.join(5)
    assert order == ["first done", "second"]
