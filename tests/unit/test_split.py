"""Sections: a heading tree typed by content, with offsets that nest."""

import pytest

from extract.clean import clean
from extract.describe import describe
from extract.split import section_at, split_sections

FRONT = ("政府工作报告\n——{date}在某某市第十届人民代表大会第三次会议上\n某某市市长 张三\n各位代表：\n"
         "现在，我代表市人民政府，向大会报告政府工作，请予审议。\n")


def sections_of(body: str, date: str = "2023年1月10日"):
    cleaned = clean(FRONT.format(date=date) + body)
    meta = describe(cleaned.text)
    return cleaned, split_sections(cleaned, meta, "r1")


def type_of(cleaned, sections, phrase):
    pos = cleaned.text.index(phrase)
    return section_at(sections, pos).section_type


NUMBERED = """一、2022年工作回顾
过去一年，全市地区生产总值增长4.5%。
（一）产业发展取得新成效。新增规模以上工业企业120家。
（二）民生持续改善。城镇新增就业5.2万人。
二、2023年工作安排
2023年全市经济社会发展的主要预期目标是：地区生产总值增长6%左右。
（一）着力扩大有效需求。完成固定资产投资1000亿元。
"""

HEADLINES = """砥砺奋进，“十三五”圆满收官
2020年是极不平凡的一年。全年一般公共预算收入完成50亿元。
“十三五”期间，我们坚持新发展理念，地区生产总值年均增长6.1%。
开启新征程，“十四五”扬帆起航
“十四五”时期经济社会发展的主要目标是：地区生产总值年均增长6%。
2021年是“十四五”开局之年。全年主要预期目标是：地区生产总值增长7%以上。
一、聚焦创新驱动。新增高新技术企业50家。
二、聚焦民生改善。新建学校10所。
"""

FIVE_YEAR_FIRST = """一、“十三五”时期工作回顾
“十三五”时期是决胜全面建成小康社会的关键时期。五年来，我们累计完成固定资产投资2000亿元。
（一）经济实力显著增强。地区生产总值年均增长7%。
（二）乡村振兴取得显著成效。建设高标准农田20万亩。
各位代表，2020年是极不寻常的一年。全年新增就业3万人。
二、2035年远景目标和“十四五”时期主要目标
到2025年，地区生产总值突破3000亿元。
三、努力实现“十四五”良好开局
2021年主要预期目标是：一般公共预算收入增长5%。
"""

NATIONAL = """一、2023年工作回顾
过去一年，国内生产总值超过126万亿元，增长5.2%。
二、2024年经济社会发展总体要求和政策取向
今年发展主要预期目标是：国内生产总值增长5%左右。
三、2024年政府工作任务
（一）大力推进现代化产业体系建设。
"""

PROVINCIAL_2021 = """一、“十三五”时期和2020年工作回顾
过去五年，全省地区生产总值年均增长6.5%。
2020年，全省地区生产总值增长2.3%。
二、“十四五”时期主要目标任务
“十四五”时期，全省地区生产总值年均增长6%左右。
三、2021年重点工作
2021年全省经济社会发展主要预期目标是：地区生产总值增长7%以上。
"""


@pytest.mark.parametrize(
    ("body", "date", "phrase", "expected"),
    [
        (NUMBERED, "2023年1月10日", "全市地区生产总值增长4.5%", "review_year"),
        (NUMBERED, "2023年1月10日", "新增规模以上工业企业120家", "review_year"),
        (NUMBERED, "2023年1月10日", "城镇新增就业5.2万人", "review_year"),
        (NUMBERED, "2023年1月10日", "地区生产总值增长6%左右", "plan_year"),
        (NUMBERED, "2023年1月10日", "完成固定资产投资1000亿元", "plan_year"),
        (HEADLINES, "2021年1月12日", "一般公共预算收入完成50亿元", "review_year"),
        (HEADLINES, "2021年1月12日", "地区生产总值年均增长6.1%", "review_5y"),
        (HEADLINES, "2021年1月12日", "地区生产总值年均增长6%", "plan_5y"),
        (HEADLINES, "2021年1月12日", "地区生产总值增长7%以上", "plan_year"),
        (HEADLINES, "2021年1月12日", "新增高新技术企业50家", "plan_year"),
        (HEADLINES, "2021年1月12日", "新建学校10所", "plan_year"),
        (FIVE_YEAR_FIRST, "2021年1月13日", "累计完成固定资产投资2000亿元", "review_5y"),
        (FIVE_YEAR_FIRST, "2021年1月13日", "地区生产总值年均增长7%", "review_5y"),
        (FIVE_YEAR_FIRST, "2021年1月13日", "建设高标准农田20万亩", "review_5y"),
        (FIVE_YEAR_FIRST, "2021年1月13日", "全年新增就业3万人", "review_year"),
        (FIVE_YEAR_FIRST, "2021年1月13日", "地区生产总值突破3000亿元", "plan_5y"),
        (FIVE_YEAR_FIRST, "2021年1月13日", "一般公共预算收入增长5%", "plan_year"),
        (NATIONAL, "2024年3月5日", "国内生产总值超过126万亿元", "review_year"),
        (NATIONAL, "2024年3月5日", "国内生产总值增长5%左右", "plan_year"),
        (NATIONAL, "2024年3月5日", "大力推进现代化产业体系建设", "plan_year"),
        (PROVINCIAL_2021, "2021年1月24日", "全省地区生产总值年均增长6.5%", "review_5y"),
        (PROVINCIAL_2021, "2021年1月24日", "全省地区生产总值增长2.3%", "review_year"),
        (PROVINCIAL_2021, "2021年1月24日", "全省地区生产总值年均增长6%左右", "plan_5y"),
        (PROVINCIAL_2021, "2021年1月24日", "地区生产总值增长7%以上", "plan_year"),
    ],
)
def test_section_type_follows_content(body, date, phrase, expected):
    cleaned, sections = sections_of(body, date)
    assert type_of(cleaned, sections, phrase) == expected


def test_front_matter_is_other():
    cleaned, sections = sections_of(NUMBERED)
    assert sections[0].section_type == "other"
    assert type_of(cleaned, sections, "某某市市长") == "other"


@pytest.mark.parametrize("body", [NUMBERED, HEADLINES, FIVE_YEAR_FIRST, NATIONAL, PROVINCIAL_2021])
def test_tree_offsets_nest(body):
    cleaned, sections = sections_of(body)
    by_id = {s.section_id: s for s in sections}
    assert sections[0].char_start == 0
    for s in sections:
        assert 0 <= s.char_start < s.char_end <= len(cleaned.text)
        if s.parent_id:
            parent = by_id[s.parent_id]
            assert parent.level < s.level
            assert parent.char_start <= s.char_start and s.char_end <= parent.char_end
    # every character of the text is in some section
    assert all(section_at(sections, i) is not None for i in range(0, len(cleaned.text), 7))


def test_heading_levels():
    cleaned, sections = sections_of(NUMBERED)
    levels = {s.heading: s.level for s in sections}
    assert levels["一、2022年工作回顾"] == 1
    assert levels["（一）产业发展取得新成效"] == 2
    assert levels["二、2023年工作安排"] == 1


def test_headlines_sit_above_numbered_headings_when_they_come_first():
    cleaned, sections = sections_of(HEADLINES, "2021年1月12日")
    levels = {s.heading: s.level for s in sections}
    assert levels["砥砺奋进，“十三五”圆满收官"] == 1
    assert levels["一、聚焦创新驱动"] == 2


def test_ids_are_stable():
    _, a = sections_of(NUMBERED)
    _, b = sections_of(NUMBERED)
    assert [s.section_id for s in a] == [s.section_id for s in b]


PARTS = """第一部分　“十三五”时期和2020年工作回顾
“十三五”时期，全州地区生产总值年均增长7.1%。
2020年，全州地区生产总值下降4.6%。
第二部分　“十四五”时期主要目标
到2025年，地区生产总值年均增长6.5%。
第三部分　2021年工作安排
一、抓项目扩投资。新开工亿元以上项目150个。
二、抓乡村振兴。新改建农村公路1500公里。
"""

UNNUMBERED_TOP = """过去一年工作回顾
全市地区生产总值增长5.1%。
2024年工作安排
（一）全力扩大有效投资。完成投资460亿元以上。
（二）全力集聚人才。新引进大学生6万人以上。
"""

MID_PLAN_2025 = """一、2024年工作回顾
过去一年，全省地区生产总值增长5%。
“十四五”以来，全省地区生产总值年均增长5.5%。
二、2025年重点工作
今年主要预期目标是：地区生产总值增长5%左右。
"""


def _levels(body, date):
    _, sections = sections_of(body, date)
    return {s.heading: s.level for s in sections}


def test_numbered_headings_nest_under_parts():
    levels = _levels(PARTS, "2021年1月20日")
    assert levels["第一部分“十三五”时期和2020年工作回顾"] == 1
    assert levels["第三部分2021年工作安排"] == 1
    assert levels["一、抓项目扩投资"] == 2


def test_levels_are_compact_under_unnumbered_headings():
    levels = _levels(UNNUMBERED_TOP, "2024年1月9日")
    assert levels["2024年工作安排"] == 1
    assert levels["（一）全力扩大有效投资"] == 2


@pytest.mark.parametrize(
    ("body", "date", "phrase", "expected"),
    [
        (PARTS, "2021年1月20日", "全州地区生产总值年均增长7.1%", "review_5y"),
        (PARTS, "2021年1月20日", "全州地区生产总值下降4.6%", "review_year"),
        (PARTS, "2021年1月20日", "地区生产总值年均增长6.5%", "plan_5y"),
        (PARTS, "2021年1月20日", "新改建农村公路1500公里", "plan_year"),
        (UNNUMBERED_TOP, "2024年1月9日", "完成投资460亿元以上", "plan_year"),
        (MID_PLAN_2025, "2025年1月15日", "全省地区生产总值增长5%", "review_year"),
        (MID_PLAN_2025, "2025年1月15日", "全省地区生产总值年均增长5.5%", "review_5y"),
        (MID_PLAN_2025, "2025年1月15日", "地区生产总值增长5%左右", "plan_year"),
    ],
)
def test_types_in_other_layouts(body, date, phrase, expected):
    cleaned, sections = sections_of(body, date)
    assert type_of(cleaned, sections, phrase) == expected
