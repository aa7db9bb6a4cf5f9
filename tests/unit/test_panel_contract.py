"""The target panel's contract is generated from the headline metrics; its Stata names fit Stata's limits."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from ingest.warehouse.panel import STATA_NAME_MAX, headline_metrics, stata_names

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("gen_panel_yml", ROOT / "tools" / "gen_panel_yml.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)


def test_the_panel_contract_is_current():
    assert gen.OUT.read_text(encoding="utf-8") == gen.render(), "run: python tools/gen_panel_yml.py"


def test_every_headline_metric_is_in_the_catalogue_and_every_panel_column_fits_stata():
    metrics = headline_metrics()
    assert set(metrics) <= set(gen.catalogue())
    columns = [c["name"] for c in gen.model()["columns"]]
    names = stata_names(columns, metrics)
    assert all(len(n) <= STATA_NAME_MAX for n in names.values())
    assert len(set(names.values())) == len(columns)  # no two columns share a Stata name
    assert names["surveyed_unemployment_rate_comparator_text"] == "unemp_comparator_text"


def test_a_name_too_long_for_stata_is_refused_with_what_to_do():
    with pytest.raises(ValueError, match="shorter name in var headline_metrics"):
        code = "a_metric_with_a_long_code"
        stata_names([f"{code}_comparator_text"], {code: code})
