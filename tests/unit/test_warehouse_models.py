"""The dbt Python model's pure function: region parsing with cpca (keywords are computed at extract time:
tests/unit/test_keywords.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

MODELS = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "intermediate"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, MODELS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


regions = _load("int_region_parts")


@pytest.mark.parametrize(
    ("name", "path", "level", "parent", "adcode"),
    [
        ("天津市西青区张家窝镇", "天津市 › 西青区 › 张家窝镇", "town", "天津市西青区", "120111"),
        ("天津市西青区", "天津市 › 西青区", "district", "天津市", "120111"),
        ("河北省石家庄市正定县", "河北省 › 石家庄市 › 正定县", "district", "河北省石家庄市", "130123"),
        ("浙江省杭州市", "浙江省 › 杭州市", "city", "浙江省", "330100"),
        ("广东省", "广东省", "province", None, "440000"),
        ("上海市浦东新区张江镇", "上海市 › 浦东新区 › 张江镇", "town", "上海市浦东新区", "310115"),
        ("中华人民共和国", "中华人民共和国", "national", None, None),
    ],
)
def test_regions_are_cut_into_parts(name, path, level, parent, adcode):
    (row,) = regions.parse_regions([name])
    assert (row["region_path"], row["parsed_level"], row["parent_region_name"], row["adcode"]) == (
        path, level, parent, adcode)
    assert row["local_name"] == path.split(" › ")[-1]
    assert row["path_depth"] == len(path.split(" › "))


def test_municipality_has_no_city_part():
    (row,) = regions.parse_regions(["天津市津南区北闸口镇"])
    assert row["province_name"] == "天津市" and row["city_name"] is None
    assert (row["county_name"], row["town_name"]) == ("津南区", "北闸口镇")


def test_parse_regions_dedupes_and_skips_empty_names():
    rows = regions.parse_regions(["天津市西青区", "", None, "天津市西青区"])
    assert [r["region_name"] for r in rows] == ["天津市西青区"]
