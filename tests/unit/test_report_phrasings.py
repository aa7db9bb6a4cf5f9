"""Phrasings of real reports, one rule each (the error classes of the 'facts an economist trusts' issue), written
as general patterns with invented regions and numbers: a main target, a five-year goal or a review sentence, and
the facts it must give (metric, value, value_max, unit, change, comparator)."""

from __future__ import annotations

import pytest

from extract.pipeline import process_text

HEAD = ("政府工作报告\n——2026年1月20日在某省第十四届人民代表大会第四次会议上\n某省省长 某某\n各位代表：\n"
        "一、2025年工作回顾\n过去一年，全省经济运行总体平稳。\n二、2026年工作安排\n")


def facts_of(sentence: str, section: str = "plan") -> list[tuple]:
    text = HEAD + sentence if section == "plan" else HEAD.replace("过去一年，全省经济运行总体平稳。", sentence)
    report = process_text(text, "x.txt")
    wanted = "plan_year" if section == "plan" else "review_year"
    return [(f.metric_name, f.value, f.value_max, f.unit, f.change_value, f.comparator)
            for f in report.facts if f.section_type == wanted]


@pytest.mark.parametrize(("sentence", "expected"), [
    # a growth range keeps its upper end (in value_max: the fact states only a change)
    ("主要预期目标是：地区生产总值增长4.5%—5%。", [("地区生产总值", None, 5.0, None, 4.5, "exact")]),
    ("地区生产总值增长5%-5.5%。", [("地区生产总值", None, 5.5, None, 5.0, "exact")]),
    # a target stated as the plan's assumption
    ("地区生产总值按增长5%安排。", [("地区生产总值", None, None, None, 5.0, "exact")]),
    # at least, with an aspiration: the floor is the target
    ("全省地区生产总值增长5%以上，力争达到6%。", [("地区生产总值", None, None, None, 5.0, "at_least")]),
    # targets without a number: bounded by a benchmark, met, in step, a direction in a list of main targets
    ("固定资产投资增速保持在全国平均水平以上。", [("固定资产投资", None, None, None, None, "at_least")]),
    ("农村居民人均可支配收入增速高于全国平均水平、高于城镇居民收入增速。",
     [("农村居民人均可支配收入", None, None, None, None, "at_least")] * 2),
    ("完成国家下达的粮食生产、单位生产总值二氧化碳减排目标任务。",
     [("粮食生产", None, None, None, None, "met"), ("单位生产总值二氧化碳减排", None, None, None, None, "met")]),
    ("今年主要预期目标是：居民消费价格合理回升，森林覆盖率保持稳定。",
     [("居民消费价格", None, None, None, None, None), ("森林覆盖率", None, None, None, None, "flat")]),
    ("单位地区生产总值能耗进一步下降。", []),  # outside a list of main targets: a description, no target
    ("主要预期目标是：单位生产总值能耗、主要污染物排放量继续下降。",
     [("单位生产总值能耗", None, None, None, None, None), ("主要污染物排放量", None, None, None, None, None)]),
    ("公园数量达到千座以上。", [("公园数量", 1000.0, None, "座", None, "at_least")]),  # a magnitude without digits
    # an increment written after its level is no second level
    ("一般公共预算支出28.5万亿元、比上年增加1.1万亿元。", [("一般公共预算支出", 28.5, None, "万亿元", None, "exact")]),
    ("赤字规模4.06万亿元，比上年年初预算增加1800亿元。", [("赤字规模", 4.06, None, "万亿元", None, "exact")]),
    ("三大先导产业规模实现倍增。", [("三大先导产业规模", None, None, None, 1.0, "exact")]),  # doubling: +1 倍
    ("3岁以下婴幼儿照护服务。", []),  # an age bracket is no quantity
    # one growth for each of the three sectors
    ("其中一二三产增加值分别增长3.5%左右、6%左右、5%左右。",
     [("第一产业增加值", None, None, None, 3.5, "approx"), ("第二产业增加值", None, None, None, 6.0, "approx"),
      ("第三产业增加值", None, None, None, 5.0, "approx")]),
])
def test_targets(sentence: str, expected: list[tuple]) -> None:
    assert facts_of(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # actuals stated against a bound: one per listed metric
    ("规上工业增加值、固定资产投资等主要指标增速均高于全国平均水平。",
     [("规上工业增加值", None, None, None, None, "at_least"), ("固定资产投资", None, None, None, None, "at_least")]),
    ("城镇新增就业超额完成全年任务。", [("城镇新增就业", None, None, None, None, "met")]),
    # milestones: alone they are the fact (at least); before the exact level, the level is; a count of steps is none
    ("全市生产总值突破4万亿元大关。", [("生产总值", 4.0, None, "万亿元", None, "at_least")]),
    ("进出口总额突破万亿元，增长17.3%。", [("进出口总额", 1.0, None, "万亿元", 17.3, "at_least")]),
    ("地区生产总值突破2万亿元、达到23562亿元。", [("地区生产总值", 23562.0, None, "亿元", None, None)]),
    ("地区生产总值迈上6万亿元台阶，达到62661亿元。", [("地区生产总值", 62661.0, None, "亿元", None, None)]),
    ("地区生产总值跨越3个千亿元台阶，年均增长5.7%。", [("地区生产总值", None, None, None, 5.7, None)]),
    ("高新技术企业突破600家，专精特新企业达到61家。",
     [("高新技术企业", 600.0, None, "家", None, "at_least"), ("专精特新企业", 61.0, None, "家", None, None)]),
    ("惠及1800多万家庭。", [("家庭", 1800.0, None, "万户", None, None)]),  # 家 begins the noun 家庭
    ("规模以上工业增加值、服务业增加值增长6%。",  # one growth, two metrics
     [("规模以上工业增加值", None, None, None, 6.0, None), ("服务业增加值", None, None, None, 6.0, None)]),
    ("城镇调查失业率全年平均5.2%。", [("城镇调查失业率", 5.2, None, "%", None, None)]),
    ("地区生产总值连续迈上5万亿、6万亿两个台阶。",  # milestones listed with bare magnitudes
     [("地区生产总值", 5.0, None, "万亿", None, None), ("地区生产总值", 6.0, None, "万亿", None, None)]),
    ("进出口总额分别突破8千亿元、1万亿元。",
     [("进出口总额", 8.0, None, "千亿元", None, "at_least"), ("进出口总额", 1.0, None, "万亿元", None, None)]),
    # 城乡 names two subjects: the two numbers go to them without 分别
    ("城乡居民人均收入年均增长5.3%、7.7%。",
     [("城镇居民人均收入", None, None, None, 5.3, None), ("农村居民人均收入", None, None, None, 7.7, None)]),
])
def test_actuals(sentence: str, expected: list[tuple]) -> None:
    assert facts_of(sentence, "review") == expected


def test_a_five_year_goal_among_the_years_targets_is_dated_by_the_plan() -> None:
    """纲要…年均增长5%左右 inside the year's section is the plan's goal (2026-2030), the year's own target is 2026."""
    text = (HEAD + "《纲要（草案）》明确了主要指标：其中地区生产总值年均增长5%左右。"
            "今年主要预期目标是：地区生产总值增长4.5%左右。")
    report = process_text(text, "x.txt")
    periods = [(f.change_value, f.period_start_year, f.period_end_year) for f in report.facts if f.kind == "target"]
    assert periods == [(5.0, 2026, 2030), (4.5, 2026, 2026)]


@pytest.mark.parametrize(("body", "expected"), [
    # 由A降至B: the start value is dated the year before the period, the end value by the period
    ("过去一年，城镇调查失业率从5.6%降至5.2%。", [("actual", "城镇调查失业率", 5.6, 2024, 2024),
                                             ("actual", "城镇调查失业率", 5.2, 2025, 2025)]),
    ("五年来，城镇调查失业率从5.6%降至5.2%。", [("actual", "城镇调查失业率", 5.6, 2020, 2020),
                                           ("actual", "城镇调查失业率", 5.2, 2021, 2025)]),
    # the review of a plan's drafting sets the plan's goals: targets of the plan
    ("过去一年，审议通过“十五五”规划建议，提出地区生产总值年均增长5%左右的目标。",
     [("target", "地区生产总值", None, 2026, 2030)]),
])
def test_periods_in_a_review(body: str, expected: list[tuple]) -> None:
    report = process_text(HEAD.replace("过去一年，全省经济运行总体平稳。", body), "x.txt")
    assert [(f.kind, f.metric_name, f.value, f.period_start_year, f.period_end_year) for f in report.facts] == expected
