"""Batch extraction, the idempotent raw load, configuration and write-audit-publish."""

import json
from pathlib import Path

import duckdb
import pytest

from ingest.config import resolve
from ingest.intake.batch import discover, extract_batch, make_batches, read_batch
from ingest.warehouse.load import load_batch_files
from ingest.warehouse.publish import prepare_build, previous_path, publish, rollback
from tests.fixtures.raw_tables import rows as _rows
from tests.fixtures.texts import SHORT_REPORT as REPORT

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))



@pytest.fixture()
def inbox(tmp_path):
    d = tmp_path / "inbox"
    d.mkdir()
    (d / "a report.txt").write_text(REPORT, encoding="utf-8")
    (d / "gbk.txt").write_bytes(REPORT.replace("某某县", "某乙县").encode("gbk"))
    (d / "empty.txt").write_bytes(b"")
    (d / ".hidden.txt").write_text(REPORT, encoding="utf-8")
    (d / "~$lock.txt").write_text("x", encoding="utf-8")
    (d / "notes.md").write_text("not a report", encoding="utf-8")
    return d


def test_discover_skips_hidden_temporary_and_other_files(inbox):
    names = [Path(f).name for f in discover(inbox)]
    assert names == ["a report.txt", "empty.txt", "gbk.txt"]


def test_discover_missing_folder_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="INPUT="):
        discover(tmp_path / "nope")


@pytest.mark.parametrize(("n", "size", "expected"), [(0, 3, []), (5, 2, [2, 2, 1]), (4, 10, [4]), (3, 1, [1, 1, 1])])
def test_make_batches(n, size, expected):
    assert [len(b) for b in make_batches([str(i) for i in range(n)], size)] == expected


def test_bad_file_does_not_stop_the_batch(inbox, tmp_path):
    result = extract_batch(discover(inbox), tmp_path / "b.jsonl")
    assert (result.reports, result.errors) == (2, 1)
    records = read_batch(result.path)
    errors = [r["error"] for r in records if "error" in r]
    assert errors[0]["file_name"] == "empty.txt" and errors[0]["error_kind"] == "empty"
    assert "empty" in errors[0]["message"]


def _counts(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0]
                for t in ("reports", "sections", "fact_mentions", "ingest_errors")}
    finally:
        con.close()


def test_load_is_idempotent(inbox, tmp_path):
    batch = extract_batch(discover(inbox), tmp_path / "b.jsonl")
    wh = tmp_path / "w.duckdb"
    first = load_batch_files(wh, [batch.path])
    counts = _counts(wh)
    con = duckdb.connect(str(wh), read_only=True)
    snapshot = con.execute("select * from raw.fact_mentions order by fact_id").fetchall()
    stamps = con.execute("select report_id, ingested_at from raw.reports order by 1").fetchall()
    con.close()
    again = load_batch_files(wh, [batch.path])
    assert (first.reports_loaded, again.reports_loaded, again.reports_unchanged) == (2, 0, 2)
    assert _counts(wh) == counts
    con = duckdb.connect(str(wh), read_only=True)
    assert con.execute("select * from raw.fact_mentions order by fact_id").fetchall() == snapshot
    assert con.execute("select report_id, ingested_at from raw.reports order by 1").fetchall() == stamps
    err = con.execute("select file_name, error_kind, first_seen <= last_seen from raw.ingest_errors").fetchall()
    con.close()
    assert err == [("empty.txt", "empty", True)]


def test_a_bad_row_quarantines_its_report_and_changes_nothing_else(inbox, tmp_path):
    batch = extract_batch(discover(inbox), tmp_path / "b.jsonl")
    wh = tmp_path / "w.duckdb"
    load_batch_files(wh, [batch.path])
    before = _counts(wh)
    broken = tmp_path / "broken.jsonl"
    good = read_batch(batch.path)[0]
    bad = json.loads(json.dumps(good))
    bad["report"]["report_id"] = "ffffffffffffffff"
    bad["report"]["content_hash"] = "f" * 64
    bad["facts"] = [dict(bad["facts"][0], fact_id=None)]  # violates NOT NULL / PRIMARY KEY
    broken.write_text(json.dumps(bad, ensure_ascii=False) + "\n", encoding="utf-8")
    stats = load_batch_files(wh, [broken])
    assert stats.errors == 1 and stats.reports_loaded == 0
    assert _counts(wh) == {**before, "ingest_errors": before["ingest_errors"] + 1}


def test_config_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("GOV_REPORTS_INPUT", str(tmp_path / "from-env"))
    monkeypatch.delenv("GOV_REPORTS_WAREHOUSE", raising=False)
    variables = {"gov_reports_batch_size": "7"}
    cfg = resolve({"warehouse": str(tmp_path / "w" / "x.duckdb")}, "manual__2024-01-01T00:00", variables.get)
    assert cfg.input_dir == str(tmp_path / "from-env")
    assert cfg.warehouse == str(tmp_path / "w" / "x.duckdb")
    assert cfg.batch_size == 7
    assert cfg.build_path.startswith(str(tmp_path / "w"))
    assert ":" not in Path(cfg.staging_dir).name
    assert cfg.strict is False
    assert resolve({"strict": True}, "r").strict is True


def _make_db(path, value):
    con = duckdb.connect(str(path))
    con.execute("create table t as select ? as v", [value])
    con.close()


def _value(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select v from t").fetchone()[0]
    finally:
        con.close()


def test_publish_keeps_previous_and_rollback_restores_it(tmp_path):
    wh = tmp_path / "wh.duckdb"
    build = tmp_path / "work" / "build.duckdb"
    _make_db(wh, 1)
    prepare_build(wh, build)
    assert _value(build) == 1  # the build starts from what is published
    con = duckdb.connect(str(build))
    con.execute("update t set v = 2")
    con.close()
    assert _value(wh) == 1  # nothing published until publish()
    publish(build, wh)
    assert (_value(wh), _value(previous_path(wh))) == (2, 1)
    assert not build.exists()
    rollback(wh)
    assert (_value(wh), _value(previous_path(wh))) == (1, 2)


def test_rollback_without_previous_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="no previous version"):
        rollback(tmp_path / "none.duckdb")


# ── versions and duplicates ──────────────────────────────────────────────────────────────────────

def _load_inbox(inbox: Path, wh: Path, tmp_path: Path, now: str):
    from datetime import datetime

    from ingest.warehouse.load import load_records

    batch = extract_batch(discover(inbox), tmp_path / f"b{now}.jsonl", {"input_dir": str(inbox)})
    con = duckdb.connect(str(wh))
    try:
        return load_records(con, read_batch(batch.path), now=datetime.fromisoformat(f"2024-01-0{now}T00:00:00+00:00"))
    finally:
        con.close()


def test_same_content_under_two_names_is_one_report_with_both_names(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(REPORT, encoding="utf-8")
    (inbox / "a - 副本.txt").write_text(REPORT, encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    stats = _load_inbox(inbox, wh, tmp_path, "1")
    assert (stats.reports_loaded, stats.duplicate_files) == (1, ["a - 副本.txt = a.txt"])  # the copy sorts first
    assert _rows(wh, "select file_name, is_current from raw.reports") == [("a.txt", True)]
    assert _rows(wh, "select file_name from raw.report_files order by 1") == [("a - 副本.txt",), ("a.txt",)]


def test_changed_file_is_a_new_version_that_supersedes_the_old_one(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "r.txt").write_text(REPORT, encoding="utf-8")
    (inbox / "other.txt").write_text(REPORT.replace("某某县", "某乙县"), encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    _load_inbox(inbox, wh, tmp_path, "1")
    (old_id,) = _rows(wh, "select report_id from raw.reports where file_name = 'r.txt'")[0]
    (inbox / "r.txt").write_text(REPORT.replace("增长6%左右", "增长6.5%左右"), encoding="utf-8")  # corrected
    stats = _load_inbox(inbox, wh, tmp_path, "2")
    assert (stats.reports_loaded, stats.reports_unchanged, stats.superseded) == (1, 1, 1)
    rows = _rows(wh, "select report_id, is_current, superseded_by from raw.reports where file_name = 'r.txt' "
                     "order by ingested_at")
    new_id = rows[1][0]
    assert rows == [(old_id, False, new_id), (new_id, True, None)]  # history kept in raw
    assert _rows(wh, "select count(*) from raw.reports where is_current") == [(2,)]
    # the old version's facts stay in raw; staging filters on is_current (tests/integration)
    assert _rows(wh, f"select count(*) > 0 from raw.fact_mentions where report_id = '{old_id}'") == [(True,)]

    # re-running on the same inbox changes nothing
    before = _rows(wh, "select report_id, is_current, superseded_by, ingested_at from raw.reports order by 1")
    facts = _rows(wh, "select fact_id from raw.fact_mentions order by 1")
    again = _load_inbox(inbox, wh, tmp_path, "3")
    assert (again.reports_loaded, again.superseded) == (0, 0)
    assert _rows(wh, "select report_id, is_current, superseded_by, ingested_at from raw.reports order by 1") == before
    assert _rows(wh, "select fact_id from raw.fact_mentions order by 1") == facts

    # putting the old content back makes it current again
    (inbox / "r.txt").write_text(REPORT, encoding="utf-8")
    _load_inbox(inbox, wh, tmp_path, "4")
    assert _rows(wh, "select report_id from raw.reports where is_current and file_name = 'r.txt'") == [(old_id,)]
    assert _rows(wh, f"select superseded_by from raw.reports where report_id = '{new_id}'") == [(old_id,)]


def test_an_old_copy_under_another_name_does_not_keep_the_old_version_current(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "r.txt").write_text(REPORT, encoding="utf-8")
    (inbox / "r (copy).txt").write_text(REPORT, encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    _load_inbox(inbox, wh, tmp_path, "1")
    (inbox / "r.txt").write_text(REPORT + "（本报告已更正）\n", encoding="utf-8")
    _load_inbox(inbox, wh, tmp_path, "2")
    _load_inbox(inbox, wh, tmp_path, "3")
    rows = _rows(wh, "select file_name, is_current from raw.reports order by ingested_at")
    assert rows == [("r.txt", False), ("r.txt", True)]  # the shorter of two names is the report's name


def test_fixed_file_leaves_quarantine(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "r.txt").write_bytes(b"")
    wh = tmp_path / "w.duckdb"
    _load_inbox(inbox, wh, tmp_path, "1")
    assert _rows(wh, "select file_name, error_kind from raw.ingest_errors") == [("r.txt", "empty")]
    (inbox / "r.txt").write_text(REPORT, encoding="utf-8")
    _load_inbox(inbox, wh, tmp_path, "2")
    assert _rows(wh, "select count(*) from raw.ingest_errors") == [(0,)]


def test_rejected_file_is_quarantined_with_hash_size_stage_and_times(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "news.txt").write_text("今天天气很好，我们去公园散步。小朋友们在草地上放风筝。", encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    _load_inbox(inbox, wh, tmp_path, "1")
    stats = _load_inbox(inbox, wh, tmp_path, "2")
    assert stats.error_files and stats.error_files[0].startswith("news.txt [not_a_report]: does not look like")
    ((name, digest, size, stage, kind, first, last),) = _rows(
        wh, "select file_name, content_hash, size_bytes, stage, error_kind, first_seen, last_seen "
            "from raw.ingest_errors")
    assert (name, stage, kind, size) == ("news.txt", "check", "not_a_report", (inbox / "news.txt").stat().st_size)
    assert len(digest) == 64 and first < last


def test_names_with_quotes_load(tmp_path):
    """File names and text reach DuckDB only as bound parameters or DataFrame columns."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    name = "x'); DROP TABLE raw.reports; -- “报告”.txt"
    (inbox / name).write_text(REPORT, encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    _load_inbox(inbox, wh, tmp_path, "1")
    _load_inbox(inbox, wh, tmp_path, "2")
    assert _rows(wh, "select file_name from raw.reports") == [(name,)]
    assert _rows(wh, "select file_name from raw.report_files") == [(name,)]


def test_batch_folders_of_earlier_runs_are_pruned(tmp_path):
    from ingest.intake.batch import prune_stale_batches

    batches = tmp_path / ".w.work" / "batches"
    (batches / "manual__1").mkdir(parents=True)
    (batches / "manual__1" / "batch_a.jsonl").write_text("{}\n", encoding="utf-8")
    (batches / "killed__2").mkdir()
    (batches / "killed__2" / "batch_b.jsonl.tmp").write_text('{"rep', encoding="utf-8")  # half-written
    current = batches / "manual__3"
    current.mkdir()
    (current / "batch_c.jsonl").write_text("{}\n", encoding="utf-8")
    assert prune_stale_batches(current) == ["killed__2", "manual__1"]
    assert [p.name for p in batches.iterdir()] == ["manual__3"] and (current / "batch_c.jsonl").exists()
    assert prune_stale_batches(tmp_path / "elsewhere" / "x") == []


def test_the_share_of_rejected_files_allowed_is_none_by_default_and_checked(monkeypatch):
    monkeypatch.delenv("GOV_REPORTS_MAX_REJECTED_SHARE", raising=False)
    assert resolve({}, "r").max_rejected_share is None
    assert resolve({"max_rejected_share": 0.25}, "r").max_rejected_share == 0.25
    monkeypatch.setenv("GOV_REPORTS_MAX_REJECTED_SHARE", "0.1")
    assert resolve({}, "r").max_rejected_share == 0.1
    with pytest.raises(ValueError, match="between 0 and 1"):
        resolve({"max_rejected_share": 5}, "r")
