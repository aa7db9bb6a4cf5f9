"""A batch extracted over several processes gives the same records, in the same order, as one process."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from unittest import mock

from ingest.intake import batch
from ingest.intake.batch import extract_all, extract_workers, read_limits

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def _without_times(records: list[dict]) -> list[dict]:
    return [{**r, "error": {**r["error"], "seen_at": None}} if "error" in r else r for r in records]


def test_two_workers_give_the_records_of_one(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in SEEDS[:3]:
        shutil.copy(seed, inbox / seed.name)
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "known.txt").write_bytes(SEEDS[3].read_bytes())
    paths = sorted(inbox.iterdir())
    known = frozenset({hashlib.sha256(SEEDS[3].read_bytes()).hexdigest()})
    limits = read_limits(None)
    one = extract_all(paths, inbox, limits, known, workers=1)
    two = extract_all(paths, inbox, limits, known, workers=2)
    assert _without_times(two) == _without_times(one)
    assert [next(iter(r)) for r in one] == ["report"] * 3 + ["error", "known"]  # three seeds, empty, known


def test_worker_count_from_the_environment(monkeypatch):
    monkeypatch.setenv("GOV_REPORTS_EXTRACT_WORKERS", "1")
    assert extract_workers() == 1
    monkeypatch.delenv("GOV_REPORTS_EXTRACT_WORKERS")
    assert extract_workers() >= 1


def test_a_small_batch_uses_the_workers_an_earlier_batch_started(tmp_path):
    """Fewer than POOL_MIN_FILES files are extracted in the task's process, unless this process has the workers
    already (an earlier batch of the run started them): then they do it, with the same records."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEEDS[0], inbox / SEEDS[0].name)
    paths = sorted(inbox.iterdir())
    limits = read_limits(None)
    batch.shutdown_pools()
    with mock.patch.object(batch, "_pool", wraps=batch._pool) as pool:
        alone = extract_all(paths, inbox, limits, workers=2)
        assert pool.call_count == 0  # one file, no workers yet: extracted here
        batch._pool(2)  # what an earlier, larger batch leaves behind
        pooled = extract_all(paths, inbox, limits, workers=2)
        assert pool.call_args_list[-1] == mock.call(2)
    batch.shutdown_pools()
    assert pooled == alone
