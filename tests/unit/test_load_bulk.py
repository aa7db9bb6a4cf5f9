"""One load of many batch files that mixes new, unchanged, changed, duplicate, known and rejected files: every
raw.* row as expected, the same whatever the order of the records, and a batch file passed twice changes nothing."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from ingest.intake.batch import discover, extract_batch, make_batches, read_batch, write_known
from ingest.warehouse.load import load_batch_files
from tests.fixtures.raw_tables import load_into as _load
from tests.fixtures.raw_tables import raw_tables as _tables
from tests.fixtures.raw_tables import rows as _rows
from tests.fixtures.texts import REPORT

COUNTIES = "甲乙丙丁戊己庚辛"
DAY1, DAY2 = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC)


def _text(i: int) -> str:
    return REPORT.replace("某某县", f"某{COUNTIES[i]}县")


def _batches(inbox: Path, out: Path, known: set[str] = frozenset()) -> list[Path]:
    """Batch files of 3, as the DAG's extract tasks write them (`known`: content hashes already loaded)."""
    staging = out / "staging"
    write_known(staging, set(known))
    cfg = {"input_dir": str(inbox), "staging_dir": str(staging)}
    return [Path(extract_batch(files, out / f"b{i}.jsonl", cfg).path)
            for i, files in enumerate(make_batches(discover(inbox), 3))]


def _records(batches: list[Path]) -> list[dict]:
    return [rec for b in batches for rec in read_batch(b)]


@pytest.fixture(scope="module")
def two_loads(tmp_path_factory):
    """Day 1: r0…r5, fix.txt (empty) and empty.txt. Day 2, in one load of several batch files: r0…r2 known
    (skipped re-extraction), r3 changed, r4 and r5 extracted again, a.txt a copy of r4 (a shorter name), r5 (copy)
    a copy of r5, r6 new, fix.txt now a report, empty.txt still empty, bad.txt new and empty."""
    root = tmp_path_factory.mktemp("bulk")
    inbox = root / "inbox"
    inbox.mkdir()
    for i in range(6):
        (inbox / f"r{i}.txt").write_text(_text(i), encoding="utf-8")
    (inbox / "fix.txt").write_bytes(b"")
    (inbox / "empty.txt").write_bytes(b"")
    day1 = _records(_batches(inbox, root / "day1"))
    ids = {r["report"]["file_name"]: r["report"]["report_id"] for r in day1 if "report" in r}
    known = {r["report"]["content_hash"] for r in day1 if "report" in r and r["report"]["file_name"] < "r3"}

    (inbox / "r3.txt").write_text(_text(3).replace("增长6%左右", "增长6.5%左右"), encoding="utf-8")
    (inbox / "a.txt").write_text(_text(4), encoding="utf-8")
    (inbox / "r5 (copy).txt").write_text(_text(5), encoding="utf-8")
    (inbox / "r6.txt").write_text(_text(6), encoding="utf-8")
    (inbox / "fix.txt").write_text(_text(7), encoding="utf-8")
    (inbox / "bad.txt").write_bytes(b"")
    batches2 = _batches(inbox, root / "day2", known)
    day2 = _records(batches2)
    assert len(batches2) > 3 and sum("known" in r for r in day2) == 3
    return root, day1, day2, batches2, ids


def test_one_load_of_many_batches_leaves_every_row_as_expected(two_loads, tmp_path):
    _, day1, day2, _, ids = two_loads
    wh = tmp_path / "w.duckdb"
    first = _load(wh, day1, DAY1)
    assert (first.reports_loaded, first.reports_unchanged, first.errors, first.superseded) == (6, 0, 2, 0)
    before = _tables(wh)
    stats = _load(wh, day2, DAY2)

    assert (stats.reports_loaded, stats.reports_unchanged, stats.errors, stats.superseded) == (3, 5, 2, 1)
    assert stats.duplicate_files == ["r4.txt = a.txt", "r5 (copy).txt = r5.txt"]
    assert [e.split(" [")[0] for e in stats.error_files] == ["bad.txt", "empty.txt"]
    reports = {r["report"]["file_name"]: r for r in day2 if "report" in r}
    assert stats.sections == sum(len(reports[n]["sections"]) for n in ("r3.txt", "r4.txt", "r5.txt", "r6.txt",
                                                                       "fix.txt"))
    assert stats.facts == sum(len(reports[n]["facts"]) for n in ("r3.txt", "r4.txt", "r5.txt", "r6.txt", "fix.txt"))

    new3, new6, fix = (reports[n]["report"]["report_id"] for n in ("r3.txt", "r6.txt", "fix.txt"))
    got = _rows(wh, "select report_id, file_name, ingested_at, is_current, superseded_by from raw.reports "
                    "order by ingested_at, file_name")
    old = [(ids[f"r{i}.txt"], f"r{i}.txt", DAY1, i != 3, new3 if i == 3 else None) for i in range(6)]
    new = sorted([(new3, "r3.txt", DAY2, True, None), (new6, "r6.txt", DAY2, True, None),
                  (fix, "fix.txt", DAY2, True, None)], key=lambda r: r[1])
    assert got == old + new  # r4 keeps its first name and first ingested_at although a.txt sorts first

    files = _rows(wh, "select file_name, report_id, first_seen, last_seen from raw.report_files order by 1, 2")
    expected = {(f"r{i}.txt", ids[f"r{i}.txt"], DAY1, DAY1 if i == 3 else DAY2) for i in range(6)}  # r3: not seen
    expected |= {("r3.txt", new3, DAY2, DAY2), ("r6.txt", new6, DAY2, DAY2), ("fix.txt", fix, DAY2, DAY2),
                 ("a.txt", ids["r4.txt"], DAY2, DAY2), ("r5 (copy).txt", ids["r5.txt"], DAY2, DAY2)}
    assert files == sorted(expected)

    assert _rows(wh, "select file_name, first_seen, last_seen from raw.ingest_errors order by 1") == [
        ("bad.txt", DAY2, DAY2), ("empty.txt", DAY1, DAY2)]  # fix.txt left quarantine

    after = _tables(wh)
    # the old r3 keeps its rows; unchanged reports have the same rows as before; r6 and fix.txt's rows are new
    kept = {ids[f"r{i}.txt"] for i in range(6)}
    for table in ("sections", "fact_mentions"):
        col = 0 if table == "sections" else 1  # report_id
        assert [r for r in after[table] if r[col] in kept] == before[table]
        assert len(after[table]) == len(before[table]) + sum(
            len(reports[n]["sections" if table == "sections" else "facts"]) for n in ("r3.txt", "r6.txt", "fix.txt"))


def test_the_order_of_records_and_a_batch_passed_twice_change_nothing(two_loads, tmp_path):
    _, day1, day2, _, _ = two_loads
    reference = tmp_path / "ref.duckdb"
    _load(reference, day1, DAY1)
    ref_stats = _load(reference, day2, DAY2)
    for n, records in enumerate([list(reversed(day2)), random.Random(7).sample(day2, len(day2)), day2 + day2]):
        wh = tmp_path / f"w{n}.duckdb"
        _load(wh, day1, DAY1)
        stats = _load(wh, records, DAY2)
        assert _tables(wh) == _tables(reference), n
        assert (stats.reports_loaded, stats.superseded) == (ref_stats.reports_loaded, ref_stats.superseded), n
        if n < 2:
            assert sorted(stats.duplicate_files) == sorted(ref_stats.duplicate_files), n


def test_load_batch_files_loads_every_file_in_one_transaction(two_loads, tmp_path, monkeypatch):
    """A failure that is no report's fault (the disk, a bug) rolls the whole load back: nothing is half-written."""
    import ingest.warehouse.load as load

    _, day1, _, batches2, _ = two_loads
    wh = tmp_path / "w.duckdb"
    _load(wh, day1, DAY1)
    before = _tables(wh)
    real = load.derive_current_versions

    def disk_full(con):
        real(con)
        raise duckdb.IOException("No space left on device")

    monkeypatch.setattr(load, "derive_current_versions", disk_full)
    with pytest.raises(duckdb.IOException):
        load_batch_files(wh, batches2)
    assert _tables(wh) == before  # every table written before the failure is rolled back
    monkeypatch.undo()
    stats = load_batch_files(wh, batches2)
    assert (stats.reports_loaded, stats.superseded) == (3, 1)


def test_a_report_with_a_row_the_warehouse_refuses_is_quarantined_the_rest_loads(two_loads, tmp_path):
    _, day1, _, batches2, _ = two_loads
    wh = tmp_path / "w.duckdb"
    _load(wh, day1, DAY1)
    broken = tmp_path / "broken.jsonl"
    rec = next(r for r in read_batch(batches2[-1]) if "report" in r)
    rec["report"].update(report_id="f" * 16, content_hash="f" * 64, file_name="broken.txt")  # a report of its own
    rec["facts"] = [dict(rec["facts"][0], report_id="f" * 16, fact_id=None)]  # violates NOT NULL
    broken.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    stats = load_batch_files(wh, [*batches2, broken])
    assert (stats.reports_loaded, stats.superseded) == (3, 1)
    assert _rows(wh, "select file_name, stage, error_kind from raw.ingest_errors where file_name = 'broken.txt'") \
        == [("broken.txt", "load", "violates_rule")]
    assert _rows(wh, "select count(*) from raw.reports where report_id = 'ffffffffffffffff'") == [(0,)]


def test_the_raw_tables_enforce_the_keys_and_required_columns_dbt_does_not_test_again():
    """The staging models rename and filter the raw tables, and dbt does not test again what these DuckDB
    constraints guarantee (dbt_project/models/staging/_sources.yml, _staging.yml): a duplicate or empty key or
    an empty required column is refused when the loader writes."""
    from ingest.warehouse.load import ensure_schema

    con = duckdb.connect()
    ensure_schema(con)
    found = set(con.execute("select table_name, constraint_type, unnest(constraint_column_names) "
                            "from duckdb_constraints() where schema_name = 'raw'").fetchall())
    assert {("reports", "PRIMARY KEY", "report_id"), ("fact_mentions", "PRIMARY KEY", "fact_id"),
            ("reports", "NOT NULL", "content_hash"), ("reports", "NOT NULL", "file_name"),
            ("fact_mentions", "NOT NULL", "report_id"), ("sections", "NOT NULL", "report_id"),
            ("ingest_errors", "NOT NULL", "file_name")} <= found
    con.execute("insert into raw.reports (report_id, content_hash, file_name) values ('r1', 'h', 'a.txt')")
    for bad in ("insert into raw.reports (report_id, content_hash, file_name) values ('r1', 'h2', 'b.txt')",
                "insert into raw.reports (report_id, content_hash, file_name) values (null, 'h3', 'c.txt')",
                "insert into raw.fact_mentions (fact_id, report_id) values ('f1', null)"):
        with pytest.raises(duckdb.ConstraintException):
            con.execute(bad)


def test_batch_files_load_the_rows_of_their_records(two_loads, tmp_path):
    """Day 2's batch files (known reports, a changed one, copies under other names, errors) read by DuckDB from
    disk: the rows of loading the same records."""
    _, day1, day2, batches2, _ = two_loads
    reference = tmp_path / "ref.duckdb"
    _load(reference, day1, DAY1)
    ref_stats = _load(reference, day2, DAY2)
    wh = tmp_path / "w.duckdb"
    _load(wh, day1, DAY1)
    stats = load_batch_files(wh, batches2)
    assert (stats.reports_loaded, stats.reports_unchanged, stats.sections, stats.facts, stats.superseded) == (
        ref_stats.reports_loaded, ref_stats.reports_unchanged, ref_stats.sections, ref_stats.facts,
        ref_stats.superseded)
    mine, ref = _tables(wh), _tables(reference)
    assert mine["sections"] == ref["sections"] and mine["fact_mentions"] == ref["fact_mentions"]
    assert [r[0] for r in mine["reports"]] == [r[0] for r in ref["reports"]]


def test_a_load_holds_no_text_as_python_objects(tmp_path):
    """DuckDB reads the batch files and writes the rows itself: the loader's Python heap stays far below the
    texts of the run however many reports it loads (DuckDB's own memory is bounded by LOAD_MEMORY_LIMIT and
    measured by bench/load_raw.py)."""
    import tracemalloc

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "r.txt").write_text(_text(0), encoding="utf-8")
    (rec,) = _records(_batches(inbox, tmp_path / "one"))
    pad = "经济社会发展" * 20_000  # 120,000 characters per text
    files, batches, per_batch = [], 20, 5
    for b in range(batches):
        path = tmp_path / f"batch_{b}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for k in range(per_batch):
                rid = f"{b:04d}{k:04d}{'0' * 8}"
                report = {**rec["report"], "report_id": rid, "content_hash": rid * 4, "file_name": f"f{b}_{k}.txt",
                          "original_text": pad + rid, "cleaned_text": pad + rid}
                sections = [{**s, "report_id": rid} for s in rec["sections"]]
                facts = [{**f, "report_id": rid, "fact_id": f"{rid}-{n}"} for n, f in enumerate(rec["facts"])]
                fh.write(json.dumps({"report": report, "sections": sections, "facts": facts}, ensure_ascii=False)
                         + "\n")
        files.append(path)
    texts_of_the_run = batches * per_batch * 2 * len(pad) * 2  # bytes: two texts a report, 2 bytes a character

    tracemalloc.start()
    stats = load_batch_files(tmp_path / "w.duckdb", files)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert stats.reports_loaded == batches * per_batch
    assert peak < texts_of_the_run / 10, (peak, texts_of_the_run)  # parsed by Python: ~2.5 times as much
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("select count(*), min(length(cleaned_text)) from raw.reports").fetchone() == (
        batches * per_batch, len(pad) + 16)
    facts = con.execute("select count(*) from raw.fact_mentions").fetchone()[0]
    assert facts == batches * per_batch * len(rec["facts"])
    con.close()
