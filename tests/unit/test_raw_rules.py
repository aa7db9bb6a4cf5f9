"""One report's records are checked against the raw tables' rules before they are handed to the loader."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from extract.pipeline import process_file
from extract.read import ReadLimits
from ingest.intake.batch import extract_all
from ingest.intake.raw_schema import violations

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_48ebaaf543bb512d.txt"


@pytest.fixture(scope="module")
def good() -> dict:
    return process_file(SEED).records()


def _break(record: dict, how: str) -> dict:
    bad = copy.deepcopy(record)
    if how == "report_id_null":
        bad["report"]["report_id"] = None
    elif how == "fact_twice":
        bad["facts"].append(dict(bad["facts"][0]))
    elif how == "value_text":
        bad["facts"][0]["value"] = "九十七"
    elif how == "date_wrong":
        bad["report"]["meeting_date"] = "2021-02-30"
    elif how == "section_report_null":
        bad["sections"][0]["report_id"] = None
    return bad


def test_a_good_report_breaks_no_rule(good: dict) -> None:
    assert violations(good) == []


@pytest.mark.parametrize(("how", "says"), [
    ("report_id_null", "raw.reports.report_id is NULL"),
    ("fact_twice", "twice (PRIMARY KEY)"),
    ("value_text", "value = '九十七' is not a DOUBLE"),
    ("date_wrong", "meeting_date = '2021-02-30' is not a date"),
    ("section_report_null", "raw.sections.report_id is NULL"),
])
def test_each_rule_names_the_column_and_the_value(good: dict, how: str, says: str) -> None:
    problems = violations(_break(good, how))
    assert problems and any(says in p for p in problems), problems


def test_a_report_that_breaks_a_rule_becomes_an_error_record_and_the_batch_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.intake.batch as batch

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("a.txt", "b.txt"):
        (inbox / name).write_bytes(SEED.read_bytes() + (b"\n" if name == "b.txt" else b""))
    real = batch.process_file

    class Broken:
        def __init__(self, processed):
            self.processed = processed

        def records(self):
            return _break(self.processed.records(), "fact_twice")

    monkeypatch.setattr(batch, "process_file", lambda path, limits, name: Broken(real(path, limits, name))
                        if name == "b.txt" else real(path, limits, name))
    records = extract_all([inbox / "a.txt", inbox / "b.txt"], inbox, ReadLimits(), workers=1)
    assert "report" in records[0]
    assert records[1]["error"]["error_kind"] == "violates_rule"
    assert records[1]["error"]["file_name"] == "b.txt" and "PRIMARY KEY" in records[1]["error"]["message"]


def test_a_report_whose_rows_the_warehouse_refuses_is_quarantined_and_the_others_load(tmp_path: Path) -> None:
    """A key another report already holds is a rule only the warehouse sees: that report goes to
    raw.ingest_errors (stage load), the batch's other reports load, and nothing loaded before is lost."""
    import json

    import duckdb

    from ingest.intake.batch import discover, extract_batch
    from ingest.warehouse.load import load_batch_files
    from tests.fixtures.texts import REPORT

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    wh = tmp_path / "wh.duckdb"
    (inbox / "first.txt").write_text(REPORT, encoding="utf-8")
    load_batch_files(wh, [extract_batch(discover(inbox), tmp_path / "b0.jsonl", {"input_dir": str(inbox)}).path])
    first_fact = duckdb.connect(str(wh)).execute("select min(fact_id) from raw.fact_mentions").fetchone()[0]

    (inbox / "good.txt").write_text(REPORT.replace("某某县", "某甲县"), encoding="utf-8")
    (inbox / "bad.txt").write_text(REPORT.replace("某某县", "某乙县"), encoding="utf-8")
    batch = tmp_path / "b1.jsonl"
    extract_batch([str(inbox / "good.txt"), str(inbox / "bad.txt")], batch, {"input_dir": str(inbox)})
    records = [json.loads(line) for line in batch.read_text(encoding="utf-8").splitlines()]
    bad = next(r for r in records if r["report"]["file_name"] == "bad.txt")
    bad["facts"][0]["fact_id"] = first_fact  # the same key as a fact of first.txt
    batch.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")

    stats = load_batch_files(wh, [batch])
    con = duckdb.connect(str(wh))
    names = {n for (n,) in con.execute("select file_name from raw.reports").fetchall()}
    errors = con.execute("select file_name, stage, error_kind, message from raw.ingest_errors").fetchall()
    assert names == {"first.txt", "good.txt"}
    assert [(e[0], e[1], e[2]) for e in errors] == [("bad.txt", "load", "violates_rule")]
    assert "Constraint" in errors[0][3] or "primary key" in errors[0][3].lower()
    assert stats.reports_loaded == 1 and stats.errors == 1
