"""A `make run` with nothing new (same inbox, same code as the published warehouse's last run) ends at once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ingest.runtime import run
from ingest.warehouse import fingerprints

ROOT = Path(__file__).resolve().parents[2]


def test_the_code_fingerprint_follows_the_code_not_the_bytecode(tmp_path: Path) -> None:
    for part in ("extract", "dbt_project/models"):
        (tmp_path / part).mkdir(parents=True)
    (tmp_path / "extract" / "rule.py").write_text("A = 1\n", encoding="utf-8")
    (tmp_path / "dbt_project" / "models" / "m.sql").write_text("select 1\n", encoding="utf-8")
    first = fingerprints.code_fingerprint(tmp_path)
    (tmp_path / "extract" / "__pycache__").mkdir()
    (tmp_path / "extract" / "__pycache__" / "rule.cpython-311.pyc").write_bytes(b"\x00")
    assert fingerprints.code_fingerprint(tmp_path) == first
    (tmp_path / "dbt_project" / "models" / "m.sql").write_text("select 2\n", encoding="utf-8")
    assert fingerprints.code_fingerprint(tmp_path) != first


def _published(tmp_path: Path, inbox: Path, fingerprint: str) -> Path:
    """A warehouse that holds the inbox's files, with its last run's summary."""
    from ingest.intake.batch import discover, extract_batch
    from ingest.warehouse.load import load_batch_files

    wh = tmp_path / "w.duckdb"
    load_batch_files(wh, [extract_batch(discover(inbox), tmp_path / "b.jsonl", {"input_dir": str(inbox)}).path])
    summary = {"input_dir": str(inbox), "code_fingerprint": fingerprint, "counts": {"marts.dim_report": 1}}
    wh.with_name("w.last_run.json").write_text(json.dumps(summary), encoding="utf-8")
    return wh


def test_nothing_new_and_the_same_code_is_up_to_date_anything_else_is_not(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(ROOT / "seeds" / "000_48ebaaf543bb512d.txt", inbox / "a.txt")
    wh = _published(tmp_path, inbox, run.code_fingerprint())
    assert "is up to date (1 reports" in run.up_to_date(inbox, wh)
    shutil.copyfile(ROOT / "seeds" / "001_4319d482b1ea36e8.txt", inbox / "b.txt")  # a new file arrives
    assert run.up_to_date(inbox, wh) is None
    (inbox / "b.txt").unlink()
    assert run.up_to_date(inbox, wh) is not None
    stale = _published(tmp_path / "older", inbox, "another code") if (tmp_path / "older").mkdir() is None else None
    assert run.up_to_date(inbox, stale) is None  # the code changed since the last run
    assert run.up_to_date(tmp_path / "elsewhere", wh) is None  # another inbox
    assert run.up_to_date(inbox, tmp_path / "none.duckdb") is None  # no warehouse yet
