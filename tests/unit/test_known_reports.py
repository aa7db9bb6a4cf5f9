"""Files whose bytes are already loaded (same extractor version) are not extracted again: the warehouse ends
exactly as a full re-extraction leaves it, a changed file still supersedes, and a stale known list fails loudly."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from extract.pipeline import EXTRACTOR_VERSION
from ingest.intake.batch import discover, extract_batch, known_record, read_batch, read_known, write_known
from ingest.warehouse.load import load_records, loaded_content_hashes
from tests.fixtures.raw_tables import raw_tables as _tables
from tests.fixtures.texts import SHORT_REPORT as REPORT


def _load(inbox: Path, wh: Path, work: Path, day: int, skip_known: bool):
    staging = work / f"{wh.stem}_{day}"
    if skip_known:
        write_known(staging, loaded_content_hashes(wh, EXTRACTOR_VERSION))
    batch = extract_batch(discover(inbox), staging / "b.jsonl", {"input_dir": str(inbox), "staging_dir": str(staging)})
    con = duckdb.connect(str(wh))
    try:
        stats = load_records(con, read_batch(batch.path), now=datetime(2024, 1, day, tzinfo=UTC))
    finally:
        con.close()
    return batch, stats


def test_skipping_known_files_leaves_the_same_warehouse_as_extracting_them(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "r.txt").write_text(REPORT, encoding="utf-8")
    (inbox / "r (copy).txt").write_text(REPORT, encoding="utf-8")
    (inbox / "other.txt").write_text(REPORT.replace("某某县", "某乙县"), encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    full, skip = tmp_path / "full.duckdb", tmp_path / "skip.duckdb"
    steps = [
        lambda: None,  # first load
        lambda: None,  # the same inbox again
        lambda: (inbox / "r.txt").write_text(REPORT.replace("增长6%左右", "增长6.5%左右"), encoding="utf-8"),
        lambda: (inbox / "r.txt").write_text(REPORT, encoding="utf-8"),  # the old content back
        lambda: (inbox / "empty.txt").write_text(REPORT.replace("某某县", "某丙县"), encoding="utf-8"),
    ]
    for day, change in enumerate(steps, start=1):
        change()
        _, full_stats = _load(inbox, full, tmp_path, day, skip_known=False)
        batch, skip_stats = _load(inbox, skip, tmp_path, day, skip_known=True)
        assert _tables(skip) == _tables(full), f"step {day}"
        assert (skip_stats.reports_loaded, skip_stats.reports_unchanged, skip_stats.superseded,
                sorted(skip_stats.duplicate_files), skip_stats.errors) == (
            full_stats.reports_loaded, full_stats.reports_unchanged, full_stats.superseded,
            sorted(full_stats.duplicate_files), full_stats.errors), f"step {day}"
        if day > 1:
            assert batch.known >= 2  # at least other.txt and one name of the unchanged report were skipped
    assert any(r[7] is False for r in _tables(skip)["reports"])  # is_current: a superseded version is kept


def test_only_known_bytes_are_skipped(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(REPORT, encoding="utf-8")
    (inbox / "b.txt").write_text(REPORT.replace("某某县", "某乙县"), encoding="utf-8")
    staging = tmp_path / "staging"
    first = read_batch(extract_batch(discover(inbox), tmp_path / "1.jsonl", {"input_dir": str(inbox)}).path)
    write_known(staging, {first[0]["report"]["content_hash"]})
    assert read_known(staging) == {first[0]["report"]["content_hash"]}
    config = {"input_dir": str(inbox), "staging_dir": str(staging)}
    result = extract_batch(discover(inbox), tmp_path / "2.jsonl", config)
    records = read_batch(result.path)
    assert (result.reports, result.known) == (1, 1)
    assert records[0] == known_record("a.txt", first[0]["report"]["content_hash"])
    assert records[1]["report"]["file_name"] == "b.txt"
    assert read_known(tmp_path / "nowhere") == frozenset()


def test_known_list_from_the_current_extractor_version_only(tmp_path):
    assert loaded_content_hashes(tmp_path / "missing.duckdb", EXTRACTOR_VERSION) == set()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(REPORT, encoding="utf-8")
    (inbox / "b.txt").write_text(REPORT.replace("某某县", "某乙县"), encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    _load(inbox, wh, tmp_path, 1, skip_known=False)
    con = duckdb.connect(str(wh))
    con.execute("update raw.reports set extractor_version = '0' where file_name = 'a.txt'")
    (b_hash,) = con.execute("select content_hash from raw.reports where file_name = 'b.txt'").fetchone()
    con.close()
    assert loaded_content_hashes(wh, EXTRACTOR_VERSION) == {b_hash}


def test_a_known_report_missing_from_the_warehouse_fails_the_load_and_changes_nothing(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(REPORT, encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    _load(inbox, wh, tmp_path, 1, skip_known=False)
    before = _tables(wh)
    con = duckdb.connect(str(wh))
    try:
        with pytest.raises(ValueError, match="not in raw.reports"):
            load_records(con, [known_record("ghost.txt", "f" * 64)])
    finally:
        con.close()
    assert _tables(wh) == before


def test_the_same_statement_read_twice_is_one_fact():
    """Two readings of one statement at one place (one with its unit, one without) share a fact_id: one is kept."""
    from extract.pipeline import distinct_facts
    from extract.records import FactMention

    def fact(value: float, unit: str | None) -> FactMention:
        return FactMention(kind="target", section_type="plan_year", metric_name="城镇化率", value=value, unit=unit,
                           char_start=5, char_end=12, sentence="城镇化率达到70%左右")

    with_unit, without, other = fact(70.0, "%"), fact(70.0, None), fact(71.0, "%")
    assert distinct_facts([without, other, with_unit]) == [with_unit, other]
