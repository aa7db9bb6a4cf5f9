"""tools/extract_diff.py: the behaviour check of a restructure (extract everything, diff against a saved run)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("extract_diff", ROOT / "tools" / "extract_diff.py")
extract_diff = importlib.util.module_from_spec(spec)
spec.loader.exec_module(extract_diff)


def test_the_same_extractor_gives_no_difference_and_a_change_is_named() -> None:
    before = extract_diff.snapshot([ROOT / "seeds"])
    assert extract_diff.diff(before, extract_diff.snapshot([ROOT / "seeds"])) == []
    after = [dict(r) for r in before]
    after[0] = {**after[0], "facts": after[0]["facts"][1:], "meta": {**after[0]["meta"], "report_year": 1999}}
    lines = extract_diff.diff(before, after)
    assert any("report_year" in line and "→ 1999" in line for line in lines)
    assert any(line.startswith("seeds/000_48ebaaf543bb512d.txt: - {") for line in lines)
