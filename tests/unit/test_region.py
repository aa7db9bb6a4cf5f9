"""Region parts at extract time (extract.region): a region name cut by cpca into province › city › county › town."""

from __future__ import annotations

import subprocess
import sys

import pytest

from extract.region import parts_of, region_parts

CASES = [
    # (name, province, city, county, town, adcode, level)
    # tests/corpus and seeds
    ("安徽省", "安徽省", None, None, None, "340000", "province"),
    ("内蒙古自治区", "内蒙古自治区", None, None, None, "150000", "province"),
    ("新疆维吾尔自治区", "新疆维吾尔自治区", None, None, None, "650000", "province"),
    ("重庆市", "重庆市", None, None, None, "500000", "province"),  # a municipality: no city part
    ("海拉尔区", "内蒙古自治区", "呼伦贝尔市", "海拉尔区", None, "150702", "district"),  # completed by cpca
    ("天津市西青区张家窝镇", "天津市", None, "西青区", "张家窝镇", "120111", "town"),
    ("天津市静海区", "天津市", None, "静海区", None, "120118", "district"),
    # invented
    ("广东省", "广东省", None, None, None, "440000", "province"),
    ("浙江省杭州市", "浙江省", "杭州市", None, None, "330100", "city"),
    ("河北省石家庄市正定县", "河北省", "石家庄市", "正定县", None, "130123", "district"),
    ("天津市津南区北闸口镇", "天津市", None, "津南区", "北闸口镇", "120112", "town"),
    ("上海市浦东新区张江镇", "上海市", None, "浦东新区", "张江镇", "310115", "town"),
    ("中华人民共和国", None, None, None, None, None, "national"),
    ("全国", None, None, None, None, None, "national"),
    ("未知", None, None, None, None, None, None),  # no region found: no parts, no level
    ("", None, None, None, None, None, None),
    (None, None, None, None, None, None, None),
]


@pytest.mark.parametrize(("name", "province", "city", "county", "town", "adcode", "level"), CASES)
def test_region_parts(name, province, city, county, town, adcode, level):
    p = region_parts(name)
    assert (p.province_name, p.city_name, p.county_name, p.town_name, p.adcode, p.parsed_level) == (
        province, city, county, town, adcode, level)


@pytest.mark.parametrize(
    ("row", "city", "level"),
    [
        ({"省": "天津市", "市": "市辖区", "区": "西青区", "地址": "", "adcode": "120111"}, None, "district"),
        ({"省": "北京市", "市": "北京市", "区": None, "地址": " ", "adcode": "110000"}, None, "province"),
        ({"省": "海南省", "市": "省直辖县级行政区划", "区": "琼海市", "地址": "", "adcode": "469002"}, None,
         "district"),
        ({"省": None, "市": None, "区": None, "地址": None, "adcode": float("nan")}, None, None),
    ],
)
def test_placeholders_and_blanks_are_no_parts(row, city, level):
    p = parts_of(row)
    assert (p.city_name, p.parsed_level) == (city, level)
    assert p.adcode == (row["adcode"] if isinstance(row["adcode"], str) else None)


def test_records_carry_the_parts_as_raw_columns():
    from extract.pipeline import process_text
    from ingest.intake.raw_schema import TABLES, violations

    text = ("天津市西青区张家窝镇政府工作报告\n——2024年1月10日在张家窝镇第十八届人民代表大会第四次会议上\n"
            "一、2023年工作回顾\n全镇地区生产总值增长5%。\n二、2024年工作安排\n地区生产总值增长6%左右。")
    records = process_text(text, "zjw.txt").records()
    report = records["report"]
    assert (report["region_name"], report["town_name"], report["adcode"], report["parsed_level"]) == (
        "天津市西青区张家窝镇", "张家窝镇", "120111", "town")
    assert {"province_name", "city_name", "county_name", "town_name", "adcode", "parsed_level"} <= {
        c for c, _ in TABLES["reports"]}
    assert violations(records) == []


def test_cpca_is_imported_only_when_a_region_is_cut():
    code = ("import sys, extract.pipeline, extract.region; before = 'cpca' in sys.modules;"
            "extract.region.region_parts('广东省'); print(before, 'cpca' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
