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
])
def test_targets(sentence: str, expected: list[tuple]) -> None:
    assert facts_of(sentence) == expected
