"""The inbox watcher's question: which files are new or changed since the warehouse was published?"""

from pathlib import Path

from ingest.intake.batch import discover, extract_batch
from ingest.intake.inbox import pending_files
from ingest.warehouse.load import load_batch_files
from tests.fixtures.texts import REPORT


def _load(inbox: Path, warehouse: Path, tmp: Path) -> None:
    batch = extract_batch(discover(inbox), tmp / "batch.jsonl", {"input_dir": str(inbox)})
    load_batch_files(warehouse, [batch.path])


def test_pending_files(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    wh = tmp_path / "w.duckdb"
    (inbox / "a.txt").write_text(REPORT, encoding="utf-8")
    (inbox / "broken.txt").write_bytes(b"")
    assert pending_files(inbox, wh) == ["a.txt", "broken.txt"]  # no warehouse yet: everything is new
    _load(inbox, wh, tmp_path)
    assert pending_files(inbox, wh) == []  # loaded and rejected files are both known
    (inbox / "b.txt").write_text(REPORT.replace("某某县", "某乙县"), encoding="utf-8")
    (inbox / "a.txt").write_text(REPORT.replace("4.5%", "4.6%"), encoding="utf-8")
    assert pending_files(inbox, wh) == ["a.txt", "b.txt"]  # a changed file and a new one
