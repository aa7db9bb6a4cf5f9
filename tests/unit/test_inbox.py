"""The inbox watcher's question: which files are new or changed since the warehouse was published?"""

from pathlib import Path

from ingest.batch import discover, extract_batch
from ingest.inbox import pending_files
from ingest.load import load_batch_files

REPORT = """政府工作报告
——2023年1月10日在某某县第十届人民代表大会第三次会议上
某某县县长 张三
各位代表：
一、2022年工作回顾
过去一年，全县地区生产总值增长4.5%，新增就业1200人。
二、2023年工作安排
主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%。
"""


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
