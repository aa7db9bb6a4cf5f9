"""discover's triage: only files the warehouse does not hold are extracted; the others get their records at once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ingest.intake import batch

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def _inbox(tmp_path: Path) -> tuple[Path, dict]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a_known.txt").write_bytes(SEEDS[0].read_bytes())
    (inbox / "b_new.txt").write_bytes(SEEDS[1].read_bytes())
    (inbox / "c_empty.txt").write_bytes(b"")
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes(SEEDS[2].read_bytes())
    (inbox / "d_link.txt").symlink_to(outside)
    cfg = {"input_dir": str(inbox), "staging_dir": str(tmp_path / "staging")}
    return inbox, cfg


@pytest.mark.parametrize("known_seeds, to_extract, early_kinds", [
    ([], ["b_new.txt", "c_empty.txt", "a_known.txt"], ["error"]),
    ([0], ["b_new.txt", "c_empty.txt"], ["known", "error"]),
    ([0, 1], ["c_empty.txt"], ["known", "known", "error"]),
])
def test_only_files_the_warehouse_lacks_are_left_to_extract(tmp_path, known_seeds, to_extract, early_kinds):
    inbox, cfg = _inbox(tmp_path)
    known = {hashlib.sha256(SEEDS[i].read_bytes()).hexdigest() for i in known_seeds}
    files = batch.discover(inbox)
    out = tmp_path / "staging" / batch.EARLY_FILE
    todo, early = batch.triage(files, cfg, known, out)
    assert sorted(Path(f).name for f in todo) == sorted(to_extract)
    records = batch.read_batch(out)
    assert sorted(next(iter(r)) for r in records) == sorted(early_kinds)
    assert (early.known, early.errors, early.reports) == (early_kinds.count("known"), 1, 0)
    link = next(r["error"] for r in records if "error" in r)
    assert (link["file_name"], link["error_kind"]) == ("d_link.txt", "outside_inbox")
    # what triage settles is what extraction would have said about those files
    extracted = batch.extract_all([Path(f) for f in files], inbox, batch.read_limits(cfg), frozenset(known), 1)
    settled = [r for r in extracted if "known" in r or r.get("error", {}).get("error_kind") == "outside_inbox"]
    assert [r.get("known") for r in settled] == [r.get("known") for r in records]


def test_no_files_to_extract_writes_an_empty_early_file(tmp_path):
    out = tmp_path / batch.EARLY_FILE
    todo, early = batch.triage([], {"input_dir": str(tmp_path)}, set(), out)
    assert todo == [] and out.read_text(encoding="utf-8") == "" and early.reports == 0


def test_a_few_files_are_extracted_without_starting_workers(tmp_path, monkeypatch):
    inbox, cfg = _inbox(tmp_path)
    started = []
    monkeypatch.setattr(batch, "_pool", lambda workers: started.append(workers) or (_ for _ in ()).throw(
        AssertionError("no pool for a few files")))
    files = [inbox / "b_new.txt", inbox / "c_empty.txt"]
    records = batch.extract_all(files, inbox, batch.read_limits(cfg), frozenset(), workers=2)
    assert [next(iter(r)) for r in records] == ["report", "error"] and started == []
    assert len(files) < batch.POOL_MIN_FILES


def test_shutdown_pools_stops_the_workers():
    pool = batch._pool(2)
    assert pool.submit(sum, [1, 2]).result() == 3
    batch.shutdown_pools()
    assert batch._POOLS == {}
    with pytest.raises(RuntimeError):
        pool.submit(sum, [1])


def test_only_regular_files_are_read_fifos_devices_and_broken_links_are_skipped(tmp_path, caplog):
    """A link to a FIFO would block the run forever on its first read: it is skipped with a warning."""
    import os

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "report.txt").write_bytes(SEEDS[0].read_bytes())
    os.mkfifo(tmp_path / "pipe")
    (inbox / "pipe.txt").symlink_to(tmp_path / "pipe")
    os.mkfifo(inbox / "fifo.txt")
    (inbox / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (inbox / "null.txt").symlink_to("/dev/null")
    with caplog.at_level("WARNING"):
        assert [Path(f).name for f in batch.discover(inbox)] == ["report.txt"]
    warned = caplog.text
    assert all(name in warned for name in ("pipe.txt", "fifo.txt", "broken.txt", "null.txt"))


def test_a_file_name_that_is_not_utf8_is_quarantined_and_never_reaches_xcom(tmp_path):
    import json
    import os

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_bytes(SEEDS[0].read_bytes())
    bad = os.fsencode(str(inbox)) + b"/" + "报告".encode("gbk") + b".txt"  # a GBK name on a UTF-8 system
    with open(bad, "wb") as fh:
        fh.write(SEEDS[1].read_bytes())
    cfg = {"input_dir": str(inbox), "staging_dir": str(tmp_path / "staging")}
    out = tmp_path / "staging" / batch.EARLY_FILE
    todo, early = batch.triage(batch.discover(inbox), cfg, set(), out)
    assert [Path(f).name for f in todo] == ["good.txt"]
    json.dumps(batch.make_batches(todo, 50)).encode("utf-8")  # what discover hands to XCom
    (record,) = batch.read_batch(out)
    assert record["error"]["error_kind"] == "bad_file_name"
    assert record["error"]["file_name"] == "\\xb1\\xa8\\xb8\\xe6.txt"
    assert "rename" in record["error"]["message"]
