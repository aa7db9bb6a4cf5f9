"""Numbers, magnitudes and units as written in work reports (sentences written for these tests)."""

from __future__ import annotations

import pytest

from extract.numbers import (
    find_quantities,
    magnitude_factor,
    normalize_digits,
    parse_chinese_integer,
    parse_number,
    percent_from_cheng,
    split_unit,
    to_base,
    unit_family,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("0", 0.0),
    ("7", 7.0),
    ("97.4", 97.4),
    ("13.39", 13.39),
    ("1,234", 1234.0),
    ("12,345,678.9", 12345678.9),
    ("１２３", 123.0),
    ("４５．６", 45.6),
    ("一", 1.0),
    ("两", 2.0),
    ("十", 10.0),
    ("十五", 15.0),
    ("二十", 20.0),
    ("一百二十", 120.0),
    ("三百零五", 305.0),
    ("两千零五", 2005.0),
    ("三万五千", 35000.0),
    ("一亿二千万", 120000000.0),
    ("1.35万", 13500.0),
    ("2亿", 200000000.0),
    ("abc", None),
    ("", None),
    ("十三五x", None),
])
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("九", 9), ("十一", 11), ("四十", 40), ("九十九", 99), ("一千", 1000), ("二〇二四", 2024), ("五万", 50000),
])
def test_parse_chinese_integer(text: str, expected: int) -> None:
    assert parse_chinese_integer(text) == expected


@pytest.mark.parametrize(("unit", "factor"), [
    ("亿元", 1e8), ("万元", 1e4), ("万亿元", 1e12), ("元", 1.0), ("万人次", 1e4), ("千米", 1.0), ("千克", 1.0),
    ("千瓦时", 1.0), ("个百分点", 1.0), ("%", 1.0), ("千万元", 1e7), ("万平方米", 1e4), ("亿美元", 1e8), (None, 1.0),
    ("千吨", 1e3), ("百万吨", 1e6),
])
def test_magnitude_factor(unit: str | None, factor: float) -> None:
    assert magnitude_factor(unit) == factor


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (97.4, "亿元", (9740000000.0, "元")),
    (1.35, "万人", (13500.0, "人")),
    (18.24, "亿美元", (1824000000.0, "美元")),
    (5.0, "千米", (5.0, "千米")),
    (2.3, "万亩", (23000.0, "亩")),
    (6.5, "%", (6.5, "%")),
    (None, "亿元", (None, "元")),
    (1.2, "万平方米", (12000.0, "平方米")),
])
def test_to_base(value: float | None, unit: str, expected: tuple) -> None:
    assert to_base(value, unit) == expected


@pytest.mark.parametrize(("unit", "family"), [
    ("亿元", "money"), ("万人次", "people"), ("%", "percent"), ("个百分点", "percent"), ("倍", "multiple"),
    ("万亩", "area"), ("公里", "length"), ("万吨", "weight"), ("兆瓦", "energy"), ("家", "count"), ("个工作日", "time"),
])
def test_unit_family(unit: str, family: str) -> None:
    assert unit_family(unit) == family


def test_split_unit() -> None:
    assert split_unit("亿元") == ("亿", "元")
    assert split_unit("千米") == ("", "千米")
    assert split_unit(None) == ("", None)


@pytest.mark.parametrize(("text", "value"), [
    ("两成", 20.0), ("三成", 30.0), ("一成半", 15.0), ("5成", 50.0), ("成", None),
])
def test_percent_from_cheng(text: str, value: float | None) -> None:
    assert percent_from_cheng(text) == value


def test_normalize_digits_keeps_length() -> None:
    s = "增长１２．５％"
    assert normalize_digits(s) == "增长12.5%"
    assert len(normalize_digits(s)) == len(s)


# (text, [(value, value_max, unit, approx, prefix, suffix)])
QUANTITY_CASES = [
    ("全县粮食产量达到52.6万吨", [(52.6, None, "万吨", None, None, None)]),
    ("招引项目38个", [(38.0, None, "个", None, None, None)]),
    ("帮扶困难群众860余人", [(860.0, None, "人", "余", None, None)]),
    ("接待游客300余万人次", [(300.0, None, "万人次", "余", None, None)]),
    ("实现旅游收入5亿余元", [(5.0, None, "亿元", "余", None, None)]),
    ("培训农民500多人次", [(500.0, None, "人次", "多", None, None)]),
    ("约2.6万平方米", [(2.6, None, "万平方米", "约", "约", None)]),
    ("近3000户", [(3000.0, None, "户", "近", "近", None)]),
    ("超过95%", [(95.0, None, "%", "超过", "超过", None)]),
    ("突破200亿元", [(200.0, None, "亿元", "突破", "突破", None)]),
    ("不低于85%", [(85.0, None, "%", None, "不低于", None)]),
    ("不少于12场", [(12.0, None, "场", None, "不少于", None)]),
    ("控制在3.5%以内", [(3.5, None, "%", None, None, "以内")]),
    ("增长6%左右", [(6.0, None, "%", None, None, "左右")]),
    ("达到98%以上", [(98.0, None, "%", None, None, "以上")]),
    ("1个工作日内", [(1.0, None, "个工作日", None, None, "内")]),
    ("下降1.5个百分点", [(1.5, None, "个百分点", None, None, None)]),
    ("是上年的1.4倍", [(1.4, None, "倍", None, None, None)]),
    ("增长5%—6%", [(5.0, 6.0, "%", None, None, None)]),
    ("增长5-6%", [(5.0, 6.0, "%", None, None, None)]),
    ("新建3至5家", [(3.0, 5.0, "家", None, None, None)]),
    ("建设2~3个", [(2.0, 3.0, "个", None, None, None)]),
    ("1,350万元", [(1350.0, None, "万元", None, None, None)]),
    ("１６个村", [(16.0, None, "个", None, None, None)]),
    ("十余家", [(10.0, None, "家", "余", None, None)]),
    ("一百二十个", [(120.0, None, "个", None, None, None)]),
    ("压减两成", [(20.0, None, "%", None, None, None)]),
    ("近万座", [(1.0, None, "万座", "近", "近", None)]),
    ("装机容量12.5兆瓦", [(12.5, None, "兆瓦", None, None, None)]),
    ("年发电量860万度", [(860.0, None, "万度", None, None, None)]),
    ("年产小麦2400万斤", [(2400.0, None, "万斤", None, None, None)]),
    ("外资到位额3200万美元", [(3200.0, None, "万美元", None, None, None)]),
    ("新修道路16.5公里", [(16.5, None, "公里", None, None, None)]),
    ("整治撂荒地1200亩，新增耕地300亩",
     [(1200.0, None, "亩", None, None, None), (300.0, None, "亩", None, None, None)]),
    ("物价上涨3‰", [(3.0, None, "‰", None, None, None)]),
    ("PM2.5平均浓度36微克/立方米", [(36.0, None, "微克/立方米", None, None, None)]),
    ("化学需氧量低于15毫克/升", [(15.0, None, "毫克/升", None, "低于", None)]),
    ("5575万农村贫困人口", [(5575.0, None, "万", None, None, None)]),  # measure word left out: facts adds it
    ("1.2万“小巨人”企业", [(1.2, None, "万", None, None, None)]),
    ("突破1万亿，", []),
    ("3万以上的", []),
    ("2万余农户", [(2.0, None, "万", "余", None, None)]),
    ("2024年1月6日", []),
    ("PM2.5", []),
    ("5G", []),
    ("“十四五”", []),
]


@pytest.mark.parametrize(("text", "expected"), QUANTITY_CASES)
def test_find_quantities(text: str, expected: list[tuple]) -> None:
    got = [(q.value, q.value_max, q.unit, q.approx, q.prefix, q.suffix) for q in find_quantities(text)]
    assert got == expected


@pytest.mark.parametrize(("unit", "family"), [("微克/立方米", "concentration"), ("万", None)])
def test_units_of_new_families(unit: str, family: str | None) -> None:
    assert unit_family(unit) == family


def test_quantity_offsets_point_into_text() -> None:
    text = "全年新增就业1.2万人以上"
    (q,) = find_quantities(text)
    assert text[q.start:q.end] == "1.2万人以上"
    assert q.num_start == text.index("1.2")
    assert q.base() == (12000.0, "人")
    assert q.family == "people"
