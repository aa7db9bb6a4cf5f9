"""Step 2 of a sentence: the numbers that are not facts — names, ordinals, slogans, thresholds inside a noun.

Each rule looks at one number in its sentence and says False (not a fact), True (a fact, whatever later rules
would say) or None (no opinion); `keep_quantity` asks them in order and keeps a number no rule rejects.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.facts.drafts import CLAUSE_SEPARATORS
from extract.metric_phrase import noun_after
from extract.numbers import BARE_MAGNITUDES, NON_FACT_COUNT_UNITS, Quantity, split_unit

Verdict = bool | None

# a number that a name continues: 500强, 3号线, 十四届, 5周年, 15分钟生活圈, 24小时服务
_NAME_AFTER = re.compile(
    r"^(?:强|路|号|届|周年|英寸|项行动|字|分钟(?:生活|服务|养老|经济)?圈|小时(?:服务|在线|值守|营业))"
)
_TIME_NAME_AFTER = re.compile(r"^[^，。；、]{0,4}圈")
# a money threshold that a noun continues: 亿元以上项目, 超千万元企业, 1000万元以下的
_THRESHOLD_NOUN = re.compile(r"^(?:以上|以下)?(?:的)?(?:企业|项目|工程|大项目|商户|税源|楼宇|园区|产业|部分)")
_RANGE_END = re.compile(r"^(?:至|到|-|—)[0-9.]+[万亿千百]*元")
_POLICY_PACKAGE_BEFORE = re.compile(r"(?:惠企|助企|稳企|纾困|支持[^，、]{0,8}企业)$")


def _before(sent: str, q: Quantity) -> str:
    return sent[max(0, q.num_start - 1):q.num_start]


def _after(sent: str, q: Quantity) -> str:
    return sent[q.end:q.end + 8]


def part_of_a_code(sent: str, q: Quantity) -> Verdict:
    """G20, 5G, A3, 1.5-2: a Latin letter, digit or sign right before the number makes it part of a code."""
    before = _before(sent, q)
    return False if before and before.isascii() and (before.isalnum() or before in ".-/") else None


def ordinal_or_rate_per_unit(sent: str, q: Quantity) -> Verdict:
    """第3位, 前十, 每千人口: ordinals and rates per unit."""
    before = _before(sent, q)
    return False if before == "第" or (before in ("前", "每") and q.chinese) else None


def without_unit(sent: str, q: Quantity) -> Verdict:
    return False if q.unit is None else None


def naming_measure_word(sent: str, q: Quantity) -> Verdict:
    """第三期, 二十届, 五类, 500千伏: measure words that name or rank (units.tsv, fact no)."""
    return False if split_unit(q.unit)[1] in NON_FACT_COUNT_UNITS else None


def bare_magnitude_without_noun(sent: str, q: Quantity) -> Verdict:
    """5575万农村贫困人口 counts its noun; 1万亿大关 / 3万的 do not."""
    return False if q.unit in BARE_MAGNITUDES and not noun_after(sent[q.end:])[0] else None


def inside_short_quote(sent: str, q: Quantity) -> Verdict:
    """“1+3+N”, “十百千”工程: a number inside a short quotation is part of a slogan."""
    open_ = max(sent.rfind("“", 0, q.num_start), sent.rfind("\"", 0, q.num_start))
    if open_ < 0 or sent.rfind("”", open_, q.num_start) >= 0:
        return None
    close = sent.find("”", q.num_start)
    return False if 0 <= close - open_ <= 24 else None


def continued_by_a_name(sent: str, q: Quantity) -> Verdict:
    """500强企业, 3号线, 15分钟生活圈: what follows makes the number part of a name."""
    after = _after(sent, q)
    return False if _NAME_AFTER.match(after) or (q.family == "time" and _TIME_NAME_AFTER.match(after)) else None


def clock_idiom_or_year(sent: str, q: Quantity) -> Verdict:
    """24小时热线 (round the clock), 2020天津… (a year read as days)."""
    return False if (q.unit == "小时" and q.value == 24) or (q.unit == "天" and 1900 <= q.value <= 2100) else None


def chinese_multiple(sent: str, q: Quantity) -> Verdict:
    """增长两倍, 增加一倍 are changes (百倍信心 is an idiom)."""
    return True if q.chinese and q.unit == "倍" and q.num_text and q.num_text not in "十百千" else None


def idiom_of_one(sent: str, q: Quantity) -> Verdict:
    """一批, 一个, 一项: idioms, not counts (一万 is a count)."""
    return False if q.chinese and q.value == 1 and not q.unit.startswith(("万", "亿")) else None


def policy_package_or_description(sent: str, q: Quantity) -> Verdict:
    """二十条 / 新十条 (policy packages), 百平方公里林海 (a description); 587、589等三条公交线路 and 千座以上
    count."""
    after_deng = sent[max(0, q.start - 1):q.start] == "等"
    bounded = q.suffix is not None  # 千座以上, 千亿元以上: a bound makes a round magnitude a quantity
    if q.chinese and not after_deng and (q.unit == "条" or (q.num_text in "十百千" and q.approx is None
                                                             and not bounded)):
        return False
    return None


def measures_package(sent: str, q: Quantity) -> Verdict:
    """惠企21条: a package of policy measures."""
    return False if q.unit == "条" and not q.chinese and _POLICY_PACKAGE_BEFORE.search(sent[:q.start]) else None


def money_threshold_in_a_noun(sent: str, q: Quantity) -> Verdict:
    """亿元以上项目, 超千万元企业, 5000万元以上企业, 1000万元以下的, 千亿级, 亿元以上的: a class, not an amount."""
    if q.family != "money":
        return None
    after = _RANGE_END.sub("", sent[q.end:q.end + 16])  # 100万元至300万元部分: the bracket's lower end too
    if _THRESHOLD_NOUN.match(after) or re.match(r"^(?:级|量级|元?以上的)", after):
        return False
    if q.suffix in ("以上", "以下") and after[:1] and after[:1] not in CLAUSE_SEPARATORS + "。、）)":
        return False
    return None


def chinese_numeral(sent: str, q: Quantity) -> Verdict:
    """A Chinese numeral is a quantity with a magnitude (两成, 近万座, 三万余人), when large (三十多个), or after 等."""
    if not q.chinese:
        return None
    if q.unit.endswith("%") or split_unit(q.unit)[0] in ("万", "亿", "万亿"):
        return True
    big = any(c in q.text for c in "十百千") and q.value >= 10 and not q.text.startswith("十")
    if big or q.approx in ("余", "多"):
        return q.value >= 10
    return sent[max(0, q.start - 1):q.start] == "等"


_ASPIRATION_BEFORE = re.compile(r"(?:力争|争取|努力)(?:达到|实现|达|增长)?$")
_FLOOR_BEFORE = re.compile(r"\d%(?:以上|左右)")


_STEPS_AFTER = re.compile(r"^(?:[千百十]?亿|万亿|千万|万)?元?级?(?:新)?台阶")


_INCREMENT_AFTER_LEVEL = re.compile(
    r"[0-9.]+[万亿千百]*[^0-9，。；、]{0,3}[、，](?:同比|(?:比|较)[^0-9，。；、]{0,8}?)?(?:增加|减少|多|新增|净增)$")


def increment_of_the_level_before(sent: str, q: Quantity) -> Verdict:
    """一般公共预算支出28.5万亿元、比上年增加1.1万亿元 / 赤字规模4.06万亿元，比上年年初预算增加1800亿元: the
    increment of a level just stated is no second level (and no fact of its own: the level is the fact)."""
    return False if _INCREMENT_AFTER_LEVEL.search(sent[:q.num_start]) and q.family not in ("percent",
                                                                                          "multiple") else None


def bracket_of_a_population(sent: str, q: Quantity) -> Verdict:
    """3岁以下婴幼儿, 60岁以上老年人: an age bracket names a group of people, it is no quantity."""
    return False if q.unit in ("岁", "周岁") and q.suffix in ("以下", "以上") and re.match(
        r"[\u4e00-\u9fff]", sent[q.end:q.end + 1]) else None


def count_of_steps(sent: str, q: Quantity) -> Verdict:
    """连跨两个万亿元台阶 / 跨越3个千亿元台阶: how many milestones were crossed, not a level of the metric."""
    return False if q.unit == "个" and _STEPS_AFTER.match(sent[q.end:q.end + 10]) else None


def aspiration_after_a_floor(sent: str, q: Quantity) -> Verdict:
    """增长5%以上，力争达到6%: the target is the floor (at least 5 %); the 6 % it strives for is no second fact."""
    clause_start = max(sent.rfind(c, 0, q.num_start) for c in CLAUSE_SEPARATORS) + 1
    before = sent[clause_start:q.num_start]
    return False if _ASPIRATION_BEFORE.search(before) and _FLOOR_BEFORE.search(sent[:clause_start]) else None


# the rules in the order they are asked: the first verdict decides
NON_FACT_RULES: tuple[Callable[[str, Quantity], Verdict], ...] = (
    part_of_a_code, ordinal_or_rate_per_unit, without_unit, naming_measure_word, bare_magnitude_without_noun,
    inside_short_quote, continued_by_a_name, clock_idiom_or_year, chinese_multiple, idiom_of_one,
    policy_package_or_description, measures_package, money_threshold_in_a_noun, count_of_steps,
    increment_of_the_level_before, bracket_of_a_population, aspiration_after_a_floor, chinese_numeral,
)


def keep_quantity(sent: str, q: Quantity) -> bool:
    """False for numbers that are names, ordinals, slogans, thresholds in a name…"""
    for rule in NON_FACT_RULES:
        verdict = rule(sent, q)
        if verdict is not None:
            return verdict
    return True
