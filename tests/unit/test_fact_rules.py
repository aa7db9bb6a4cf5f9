"""Each named rule of the fact extractor with examples of its own: phrasings of work reports written for these
tests. A case says which rule decides (the rules are asked in order; the first that answers decides) and what
comes out; every rule of every list has a case."""

from __future__ import annotations

from dataclasses import replace

import pytest
from factkit import brief, facts_of

import extract.facts.metric as metric_rules
import extract.facts.non_facts as non_fact_rules
import extract.facts.sentence as sentence_rules
from extract.numbers import find_quantities

R, P, P5 = "review_year", "plan_year", "plan_5y"


def traced(monkeypatch, module, attr: str) -> list[str]:
    """Replace module.attr (a tuple of rules) by wrappers that record the name of every rule that answers."""
    answered: list[str] = []

    def wrap(rule):
        def wrapper(*args):
            result = rule(*args)
            if result is not None:
                answered.append(rule.__name__)
            return result
        return wrapper

    monkeypatch.setattr(module, attr, tuple(wrap(r) for r in getattr(module, attr)))
    return answered


# ------------------------------------------------------------------------------------- sentence rules

SENTENCE_CASES = [
    ("level", "新建城市公园12个。", R, ["level"], [("新建城市公园", 12.0, "个", None, None)]),
    ("change_of_levels_before", "全市一般公共预算收入完成86.3亿元，同比增长7.2%。", R,
     ["level", "change_of_levels_before"], [("一般公共预算收入", 86.3, "亿元", 7.2, None)]),
    ("change_only_facts", "居民消费价格上涨1.8%。", R, ["change_only_facts"],
     [("居民消费价格", None, None, 1.8, None)]),
    ("distributed_levels", "小学和初中入学率分别达到99.8%和99.5%。", R, ["distributed_levels"],
     [("小学入学率", 99.8, "%", None, None), ("初中入学率", 99.5, "%", None, None)]),
    ("level_of_each_listed_subject", "省级专精特新企业、高新技术企业均超过200家。", P, ["level_of_each_listed_subject"],
     [("省级专精特新企业", 200.0, "家", None, "at_least"), ("高新技术企业", 200.0, "家", None, "at_least")]),
    ("level_from_to", "常住人口城镇化率由61.2%提高到63.5%。", R, ["level_from_to"],
     [("常住人口城镇化率", 61.2, "%", None, None), ("常住人口城镇化率", 63.5, "%", None, None)]),
    ("level_completing_change", "外贸进出口总额增长6.5%，达到1280亿元。", R,
     ["change_only_facts", "level_completing_change"], [("外贸进出口总额", 1280.0, "亿元", 6.5, None)]),
    ("level_of_each_rate", "城市生活垃圾无害化处理率和污水集中处理率达到98%。", R, ["level_of_each_rate"],
     [("城市生活垃圾无害化处理率", 98.0, "%", None, None), ("污水集中处理率", 98.0, "%", None, None)]),
]


@pytest.mark.parametrize(("rule", "text", "section", "rules", "facts"), SENTENCE_CASES,
                         ids=[c[0] for c in SENTENCE_CASES])
def test_sentence_rule(monkeypatch, rule, text, section, rules, facts) -> None:
    answered = traced(monkeypatch, sentence_rules, "SENTENCE_RULES")
    assert [brief(f) for f in facts_of(text, section)] == facts
    assert answered == rules


def test_every_sentence_rule_has_a_case() -> None:
    assert {r.__name__ for r in sentence_rules.SENTENCE_RULES} == {c[0] for c in SENTENCE_CASES}


# ------------------------------------------------------------------------------------- non-facts

NON_FACT_CASES = [
    ("part_of_a_code", "建成A12座", "12座", False),
    ("ordinal_or_rate_per_unit", "经济总量排名第3位", "3位", False),
    ("without_unit", "新开工项目86个", "86个", False),  # a number whose unit was lost (below)
    ("naming_measure_word", "帮扶五类人员", "五类", False),
    ("naming_measure_word", "建设500千伏变电站", "500千伏", False),
    ("bare_magnitude_without_noun", "总量突破1万的", "1万", False),
    ("inside_short_quote", "建设“1个中心3个平台”", "1个", False),
    ("continued_by_a_name", "打造15分钟生活圈", "15分钟", False),
    ("clock_idiom_or_year", "开通24小时政务热线", "24小时", False),
    ("chinese_multiple", "出口额增长两倍", "两倍", True),
    ("idiom_of_one", "建成一批项目", "一批", False),
    ("policy_package_or_description", "出台稳经济二十条", "二十条", False),
    ("measures_package", "出台惠企21条", "21条", False),
    ("money_threshold_in_a_noun", "新开工5000万元以上项目86个", "5000万元以上", False),
    ("count_of_steps", "地区生产总值跨越3个千亿元台阶", "3个", False),
    ("increment_of_the_level_before", "一般公共预算支出28.5万亿元、比上年增加1.1万亿元", "1.1万亿元", False),
    ("bracket_of_a_population", "发展3岁以下婴幼儿照护服务", "3岁以下", False),
    ("aspiration_after_a_floor", "地区生产总值增长5%以上，力争达到6%", "6%", False),
    ("chinese_numeral", "新增规上企业三十多家", "三十多家", True),
    ("chinese_numeral", "新建三所学校", "三所", False),
]


@pytest.mark.parametrize(("rule", "text", "number", "verdict"), NON_FACT_CASES, ids=[c[0] for c in NON_FACT_CASES])
def test_non_fact_rule(monkeypatch, rule, text, number, verdict) -> None:
    q = next(q for q in find_quantities(text) if q.text == number or q.text.endswith(number))
    if rule == "without_unit":
        q = replace(q, unit=None)
    answered = traced(monkeypatch, non_fact_rules, "NON_FACT_RULES")
    assert non_fact_rules.keep_quantity(text, q) is verdict
    assert answered == [rule]


def test_a_number_no_rule_rejects_is_kept() -> None:
    (q,) = find_quantities("新开工项目86个")
    assert non_fact_rules.keep_quantity("新开工项目86个", q)


def test_every_non_fact_rule_has_a_case() -> None:
    assert {r.__name__ for r in non_fact_rules.NON_FACT_RULES} == {c[0] for c in NON_FACT_CASES}


# ------------------------------------------------------------------------------------- metric rules

METRIC_CASES = [
    ("counted_object", "新建3所幼儿园。", R, [("新建幼儿园", 3.0, "所", None, None)]),
    ("compared_with_level_before", "赤字规模4.06万亿元；比上年年初预算增加1800亿元。", P,
     [("赤字规模", 4.06, "万亿元", None, "exact"), ("赤字规模增加额", 1800.0, "亿元", None, "exact")]),
    ("verb_with_earlier_object", "拟连续几年发行超长期特别国债，今年先发行1万亿元。", P,
     [("发行超长期特别国债", 1.0, "万亿元", None, "exact")]),
    ("share_of_level_before", "民生支出12.5亿元，占一般公共预算支出的78%。", R,
     [("民生支出", 12.5, "亿元", None, None), ("民生支出占一般公共预算支出比重", 78.0, "%", None, None)]),
    ("subject_before_number", "全区地区生产总值达到386亿元。", R, [("地区生产总值", 386.0, "亿元", None, None)]),
    ("same_subject_counted_twice", "治理违法用地15宗86.4亩。", R,
     [("治理违法用地", 15.0, "宗", None, None), ("治理违法用地面积", 86.4, "亩", None, None)]),
    ("subject_after_number", "今年有12家被评为国家级专精特新企业。", R,
     [("国家级专精特新企业", 12.0, "家", None, None)]),
    ("subject_of_fact_before", "改造老旧小区86个、1.2万户。", R,
     [("改造老旧小区", 86.0, "个", None, None), ("改造老旧小区", 1.2, "万户", None, None)]),
    ("change_of_level_before", "全市地区生产总值3.9万亿元，全年累计增加1000亿元。", R,
     [("地区生产总值", 3.9, "万亿元", None, None), ("地区生产总值增加额", 1000.0, "亿元", None, None)]),
    ("listed_names", "迎水南路、丰华道等3条，", R, [("迎水南路、丰华道", 3.0, "条", None, None)]),
]


@pytest.mark.parametrize(("rule", "text", "section", "facts"), METRIC_CASES, ids=[c[0] for c in METRIC_CASES])
def test_metric_rule(monkeypatch, rule, text, section, facts) -> None:
    answered = traced(monkeypatch, metric_rules, "METRIC_RULES")
    found = [brief(f) for f in facts_of(text, section)]
    assert rule in answered
    if facts:
        assert found == facts


def test_every_metric_rule_has_a_case() -> None:
    assert {r.__name__ for r in metric_rules.METRIC_RULES} == {c[0] for c in METRIC_CASES}


def test_elliptic_metrics_are_completed() -> None:
    assert [brief(f)[0] for f in facts_of("粮食播种面积5.2万亩，总产量2.4万吨。")] == ["粮食播种面积", "粮食总产量"]
    assert [brief(f)[0] for f in facts_of("居民人均可支配收入3.6万元，其中城镇居民4.8万元。")] == [
        "居民人均可支配收入", "城镇居民人均可支配收入"]
