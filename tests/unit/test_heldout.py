"""The synthetic held-out reports (tests/heldout): their gold is well-formed, and the extractor stays general.

The seeds' own F1 is guarded end to end in tests/integration; this set holds reports the extractor was not
written against (State Council, province, prefecture city, county, town; 2016-2026; web layouts).
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "heldout"
GOLD = HELDOUT / "gold"
FIELDS = ("doc", "id", "kind", "section", "metric", "metric_code", "period", "value", "value_max", "unit", "approx",
          "change", "change_unit", "change_basis", "comparator", "comparator_text", "estimated", "quote")
SECTIONS = ("review_year", "review_5y", "plan_5y", "plan_year")
COMPARATORS = (None, "approx", "at_least", "at_most", "flat", "in_step", "met", "exact")

# Floor for F1 on the held-out gold (621 facts in 14 reports). The extractor as first written scored 0.952 here
# (reports it had never seen: 0.957, 0.912, 0.974, 0.988 by batch) and scores 0.997 now. 0.97 fails the old
# extractor and any rule that breaks a whole phrasing (disabling change verbs alone gives 0.924), while leaving
# about 15 facts of slack for metric phrases cut differently.
HELDOUT_F1_FLOOR = 0.97
HELDOUT_KIND_F1_FLOOR = 0.95


def _stripped(doc: str) -> str:
    text = re.sub(r"\s", "", (HELDOUT / f"{doc}.txt").read_text(encoding="utf-8"))
    return re.sub(r"-\d{1,3}-", "", text)


def _gold_rows() -> list[dict]:
    return [json.loads(line) for f in sorted(GOLD.glob("*.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def _metric_codes() -> set[str]:
    lines = (ROOT / "dbt_project" / "seeds" / "metrics.csv").read_text(encoding="utf-8").splitlines()[1:]
    return {line.split(",")[0] for line in lines if line}


def test_every_report_has_gold_and_is_marked_synthetic() -> None:
    texts = {p.stem for p in HELDOUT.glob("*.txt")}
    golds = {p.stem for p in GOLD.glob("*.jsonl")}
    assert len(texts) >= 6 and texts == golds
    assert "SYNTHETIC" in (HELDOUT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("row", _gold_rows(), ids=lambda r: r["id"])
def test_gold_row_is_well_formed(row: dict) -> None:
    codes = _metric_codes()
    assert tuple(row) == FIELDS
    assert row["id"].startswith(row["doc"][:3] + "-")
    assert row["kind"] in ("actual", "target") and row["section"] in SECTIONS
    assert (row["kind"] == "target") == row["section"].startswith("plan")
    assert row["metric"] and (row["metric_code"] is None or row["metric_code"] in codes)
    assert re.fullmatch(r"\d{4}(-\d{4})?", row["period"])
    assert row["comparator"] in COMPARATORS
    assert row["value"] is not None or row["change"] is not None or row["comparator"] in ("flat", "in_step", "met")
    assert (row["change"] is None) == (row["change_unit"] is None)
    assert row["quote"] in _stripped(row["doc"]), "quote is not in the whitespace-stripped text"


def test_gold_ids_are_unique() -> None:
    ids = [r["id"] for r in _gold_rows()]
    assert len(ids) == len(set(ids))


@pytest.fixture(scope="module")
def heldout_summary() -> dict:
    spec = importlib.util.spec_from_file_location("dev_score", ROOT / "tools" / "dev_score.py")
    dev_score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev_score)
    summary, _ = dev_score.score_set(HELDOUT, GOLD)
    return summary


def test_extractor_generalises_to_heldout_reports(heldout_summary: dict) -> None:
    s = heldout_summary
    assert s["gold"] >= 500
    assert s["all"]["f1"] >= HELDOUT_F1_FLOOR, {k: s[k] for k in ("actual", "target", "all")}
    assert s["actual"]["f1"] >= HELDOUT_KIND_F1_FLOOR and s["target"]["f1"] >= HELDOUT_KIND_F1_FLOOR


def test_key_metrics_get_their_codes_on_heldout_reports(heldout_summary: dict) -> None:
    assert heldout_summary["key_recall"] >= 0.9
