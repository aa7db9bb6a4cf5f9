"""The dbt seed of five-year plans is what extract/periods.py computes (one rule, two readers)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extract import periods

SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "five_year_plans.csv"


def test_the_seed_is_current() -> None:
    with SEED.open(encoding="utf-8") as f:
        rows = [(int(r["plan_number"]), r["plan_name"], int(r["plan_start_year"]), int(r["plan_end_year"]))
                for r in csv.DictReader(f)]
    assert rows == periods.seed_rows(), "run: python -m extract.periods > dbt_project/seeds/five_year_plans.csv"


@pytest.mark.parametrize(("ordinal", "label", "years"), [
    (3, "三五", (1966, 1970)),
    (6, "六五", (1981, 1985)),
    (10, "十五", (2001, 2005)),
    (13, "十三五", (2016, 2020)),
    (14, "十四五", (2021, 2025)),
    (15, "十五五", (2026, 2030)),
    (20, "二十五", (2051, 2055)),
])
def test_plan_labels_and_years(ordinal: int, label: str, years: tuple[int, int]) -> None:
    assert periods.plan_label(ordinal) == label
    assert periods.plan_years(ordinal) == years
    assert periods.plan_name(years) == label
    if 10 <= ordinal < 20:  # the names the reports of our time write
        assert periods.plan_name_years(f"“{label}”时期") == years
