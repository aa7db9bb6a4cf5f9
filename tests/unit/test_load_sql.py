"""The loader in DuckDB's terms: any table of the raw tables' definition loads, an unreadable line of a batch file
quarantines its report alone, and loading again leaves the same rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.intake import raw_schema
from ingest.intake.batch import discover, extract_batch, read_batch
from ingest.warehouse.load import load_batch_files
from tests.fixtures.raw_tables import load_into as _load
from tests.fixtures.raw_tables import raw_tables, rows
from tests.fixtures.texts import REPORT

DAY1, DAY2 = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """One batch file of three reports and an empty file."""
    root = tmp_path_factory.mktemp("sql")
    inbox = root / "inbox"
    inbox.mkdir()
    for i, county in enumerate("甲乙丙"):
        (inbox / f"r{i}.txt").write_text(REPORT.replace("某某县", f"某{county}县"), encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    return Path(extract_batch(discover(inbox), root / "b.jsonl", {"input_dir": str(inbox)}).path)


def test_a_table_added_to_the_definition_loads_with_no_change_to_the_loader(batch, tmp_path, monkeypatch):
    """A table of TABLES and RECORD_TABLES is filled from the list its key names in a report's record, and its rows
    are replaced with the report's like every other table's."""
    monkeypatch.setitem(raw_schema.TABLES, "report_tags", [
        ("report_id", "VARCHAR NOT NULL"), ("tag", "VARCHAR NOT NULL"), ("weight", "DOUBLE")])
    monkeypatch.setitem(raw_schema.RECORD_TABLES, "tags", "report_tags")
    records = read_batch(batch)
    for rec in records:
        if "report" in rec:
            rid = rec["report"]["report_id"]
            rec["tags"] = [{"report_id": rid, "tag": "经济", "weight": 0.5},
                                  {"report_id": rid, "tag": rec["report"]["file_name"], "weight": 1}]
    wh = tmp_path / "w.duckdb"
    _load(wh, records, DAY1)
    got = rows(wh, "select r.file_name, t.tag, t.weight from raw.report_tags t join raw.reports r using (report_id) "
                   "order by all")
    assert got == sorted([(n, "经济", 0.5) for n in ("r0.txt", "r1.txt", "r2.txt")]
                         + [(n, n, 1.0) for n in ("r0.txt", "r1.txt", "r2.txt")])
    _load(wh, records, DAY2)
    assert rows(wh, "select count(*) from raw.report_tags") == [(6,)]  # replaced, not added again


def test_an_unreadable_line_quarantines_its_report_and_names_the_batch_file(batch, tmp_path):
    """A line cut short (a disk that filled up) or with a value of the wrong type: that report goes to
    raw.ingest_errors with the batch file and the line named; the others load."""
    lines = batch.read_text(encoding="utf-8").splitlines()
    names = [json.loads(line).get("report", {}).get("file_name") for line in lines]
    cut, typed = names.index("r1.txt"), names.index("r2.txt")
    wrong = json.loads(lines[typed])
    wrong["facts"][0]["value"] = "九十七"
    lines[typed] = json.dumps(wrong, ensure_ascii=False)
    lines[cut] = lines[cut][: len(lines[cut]) // 2]
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    stats = load_batch_files(wh, [broken])
    assert stats.reports_loaded == 1 and stats.errors == 3
    assert rows(wh, "select file_name from raw.reports") == [("r0.txt",)]
    errors = rows(wh, "select file_name, stage, error_kind, message from raw.ingest_errors order by 1")
    assert [e[:3] for e in errors] == [("empty.txt", "read", "empty"), ("r1.txt", "load", "bad_record"),
                                       ("r2.txt", "load", "bad_record")]
    for (_, _, _, message), n in zip(errors[1:], (cut + 1, typed + 1), strict=True):
        assert f"line {n} of the batch file {broken}" in message, message
    assert "九十七" in errors[2][3]


def test_loading_again_leaves_the_same_rows(batch, tmp_path):
    """The same batch again (the same moment): every raw table identical; a day later only the times it was
    seen move on."""
    records = read_batch(batch)
    wh = tmp_path / "w.duckdb"
    first = _load(wh, records, DAY1)
    before = raw_tables(wh)
    again = _load(wh, records, DAY1)
    assert raw_tables(wh) == before
    assert (first.reports_loaded, again.reports_loaded, again.reports_unchanged) == (3, 0, 3)
    _load(wh, records, DAY2)
    after = raw_tables(wh)
    for table in ("reports", "sections", "fact_mentions"):
        assert after[table] == before[table], table
    assert {r[3] for r in after["report_files"]} == {DAY2}
    assert [(r[0], r[-2], r[-1]) for r in after["ingest_errors"]] == [("empty.txt", DAY1, DAY2)]


def test_a_load_connection_keeps_duckdb_within_its_memory_limit(batch, tmp_path, monkeypatch):
    """load_batch_files sets DuckDB's memory limit and caps its threads for the load (see LOAD_MEMORY_LIMIT)."""
    from ingest.warehouse import load

    seen = {}
    real = load.load_isolating

    def spy(con, files, now=None):
        seen["limit"], seen["threads"] = con.execute(
            "select current_setting('memory_limit'), current_setting('threads')").fetchone()
        return real(con, files, now)

    monkeypatch.setattr(load, "load_isolating", spy)
    load_batch_files(tmp_path / "w.duckdb", [batch])
    assert seen["limit"] == "488.2 MiB", seen  # 512 MB
    assert 1 <= seen["threads"] <= load.LOAD_MAX_THREADS


def test_no_batch_file_loads_nothing(tmp_path):
    stats = load_batch_files(tmp_path / "w.duckdb", [])
    assert (stats.reports_loaded, stats.reports_unchanged, stats.errors) == (0, 0, 0)
    assert rows(tmp_path / "w.duckdb", "select count(*) from raw.reports") == [(0,)]
