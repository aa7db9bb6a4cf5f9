"""Targets (and bounded actuals) without a number: facts whose value and change are empty.

Each rule reads one clause (text between ，；：) and gives (comparator, comparator_text, subjects) or None:

    税收基本持平                                     → flat
    居民收入增长和经济增长基本同步                     → in_step
    节能减排降碳指标完成全市下达目标                   → met
    固定资产投资增速保持在全国平均水平以上               → at_least (保持在全国平均水平以上)
    A、B等主要指标增速均高于全国平均水平               → at_least, one fact per listed metric
    居民消费价格合理回升 (in a list of main targets)    → no comparator: a direction only
    森林覆盖率保持稳定 (in a list of main targets)      → flat
    稳步提升全要素生产率 (a five-year plan's section)  → a direction, when its subject names an indicator

The words are data (extract/vocab/comparators.tsv position sentence, extract/vocab/qualitative.tsv).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.metric_phrase import clean_subject, strip_quotes
from extract.records import FactMention
from extract.vocabulary import alternation, vocabulary

_CLAUSES = re.compile(r"[^，；。：,;:！？]+")
_VOCAB = vocabulary()
_FLAT_WORDS = "|".join(_VOCAB.comparator_words("sentence", "flat"))
_IN_STEP_WORDS = "|".join(_VOCAB.comparator_words("sentence", "in_step"))
_ABOVE = alternation(_VOCAB.words("qualitative", "above"))
_BENCHMARK = alternation(_VOCAB.words("qualitative", "benchmark"))
_DIRECTION = alternation(_VOCAB.words("qualitative", "direction"))
_STEADY = alternation(_VOCAB.words("qualitative", "steady"))
_GOAL_LIST = re.compile(alternation(_VOCAB.words("qualitative", "goal_list")))
_MET_SUBJECT = re.compile(alternation(_VOCAB.words("qualitative", "met_subject")))
_INDICATOR = re.compile(alternation(_VOCAB.words("qualitative", "indicator_head")) + "$")

_FLAT = re.compile(rf"^(?P<subj>.{{2,20}}?)(?:与|和|同)?(?:上年|去年|上一年|前一年)?(?P<cmp>{_FLAT_WORDS})")
_IN_STEP = re.compile(
    rf"^(?P<subj>.{{2,20}}?)(?:增长|增速|增幅)?(?:与|和|同)(?P<other>.{{1,14}}?)(?:增长|增速)?(?P<cmp>{_IN_STEP_WORDS})"
)
_MET = re.compile(
    r"^(?P<subj>.{2,24}?)(?P<cmp>(?:全面|超额)?完成.{0,10}?(?:目标|任务)(?:进度)?|达到.{0,10}?要求|全面达标|达标"
    r"|目标如期实现|如期实现)$"
)
# 完成省下达的节能减排目标任务 / 实现碳达峰目标: the verb first, the metric inside the task's name
_MET_VERB_FIRST = re.compile(
    r"^(?:[^，；。]{0,8}?前)?(?P<cmp>(?:全面|超额)?(?:完成|实现)(?:[^，；。]{1,8}?下达的?)?(?P<subj>[^，；。]{2,24}?)"
    r"(?:目标任务|目标|任务))$"
)
_INCOME_ECONOMY = re.compile(r"收入|工资|经济|生产总值|GDP|增长|劳动报酬|劳动生产率")
# 增速高于全国平均水平 / 保持在全国平均水平以上 / 高于经济增速、高于全国平均水平
_BOUND = re.compile(rf"(?P<cmp>{_ABOVE}{_BENCHMARK}(?:平均水平|平均)?(?:以上)?)")
_BOUNDED_SUBJECT = re.compile(rf"^(?P<subj>.{{2,48}}?)(?:增速|增长|增幅)?(?:均|都|也)?(?={_ABOVE}{_BENCHMARK})")
_DIRECTION_AFTER = re.compile(rf"^(?P<subj>.{{2,40}}?)(?:增速|增长)?(?P<cmp>{_DIRECTION})$")
_DIRECTION_BEFORE = re.compile(rf"^(?P<cmp>{_DIRECTION})(?P<subj>.{{2,16}})$")
_STEADY_AFTER = re.compile(rf"^(?P<subj>.{{2,20}}?)(?P<cmp>{_STEADY})$")
_LIST_TAIL = re.compile(r"等(?:主要|各项)?(?:经济)?(?:指标)?$")

Hit = tuple[str | None, str, list[str]]  # (comparator, comparator_text, subjects)


def flat_target(clause: str) -> Hit | None:
    """税收基本持平 / 一般公共预算收入与上年持平 → flat."""
    m = _FLAT.search(clause)
    return ("flat", m.group("cmp"), [m.group("subj")]) if m else None


def in_step_target(clause: str) -> Hit | None:
    """居民收入增长和经济增长基本同步 / 劳动报酬提高与劳动生产率提高同步 → in_step (incomes and the economy)."""
    m = _IN_STEP.search(clause)
    if m and _INCOME_ECONOMY.search(m.group("subj")) and _INCOME_ECONOMY.search(m.group("other")):
        return "in_step", m.group("cmp"), [m.group("subj").split("、")[-1]]  # A增长、B与C同步: B is in step
    return None


def met_target(clause: str) -> Hit | None:
    """节能减排完成国家下达目标 / 完成国家下达的粮食生产、碳减排目标任务 / 实现碳达峰目标 → met, one fact per listed
    metric when each is one a 'met' target is about (energy, emissions, grain, jobs, binding indicators)."""
    found = (_MET.search(clause), _MET_VERB_FIRST.search(clause))
    m = next((m for m in found if m and _MET_SUBJECT.search(m.group("subj"))), None)
    if m is None:
        return None
    parts = [p for p in re.split(r"和|、|及|与", m.group("subj")) if p]
    subjects = parts if len(parts) > 1 and all(_MET_SUBJECT.search(p) for p in parts) else [m.group("subj")]
    return "met", m.group("cmp"), subjects


def bounded_by_a_benchmark(clause: str) -> list[Hit]:
    """固定资产投资增速保持在全国平均水平以上 → at_least; 农村居民收入增速高于全国平均水平、高于城镇居民收入增速 → two
    bounds; 规上工业增加值、固定资产投资等主要指标增速均高于全国平均水平 → one fact per listed metric."""
    m = _BOUNDED_SUBJECT.search(clause)
    if not m:
        return []
    subject = _LIST_TAIL.sub("", m.group("subj"))
    subjects = [s for s in subject.split("、") if s] if _LIST_TAIL.search(m.group("subj")) else [subject]
    bounds = [b.group("cmp") for b in _BOUND.finditer(clause, m.end())]
    return [("at_least", bound, subjects) for bound in bounds if not bound.startswith("保持在") or
            bound.endswith("以上")]


def direction_only(clause: str) -> Hit | None:
    """居民消费价格合理回升 / 稳步提升全要素生产率 → a target with a direction and no bound (comparator null);
    森林覆盖率保持稳定 → flat. Only in a sentence that lists main targets or a plan's goals."""
    m = _STEADY_AFTER.search(clause)
    if m:
        return "flat", m.group("cmp"), [m.group("subj")]
    m = _DIRECTION_AFTER.search(clause) or _DIRECTION_BEFORE.search(clause)
    # 单位生产总值能耗、主要污染物排放量继续下降: one target per listed metric
    return (None, m.group("cmp"), [s for s in m.group("subj").split("、") if s]) if m else None


# asked in order for every clause of a target sentence; the first that answers decides
TARGET_RULES: tuple[Callable[[str], Hit | None], ...] = (flat_target, in_step_target, met_target)


def qualitative_facts(sentence: str, offset: int, kind: str, section_type: str, start: int | None, end: int | None,
                      section_id: str | None, original: str = "") -> list[FactMention]:
    """Number-free facts of one sentence: targets (flat, in step, met, bounded, a direction in a list of main
    targets), and actuals stated against a bound (met, at least a benchmark)."""
    goal_list = kind == "target" and bool(_GOAL_LIST.search(sentence))
    plan_goals = kind == "target" and section_type == "plan_5y" and not goal_list
    out: list[FactMention] = []
    for m in _CLAUSES.finditer(sentence):
        clause = m.group(0)
        if re.search(r"[0-9]", re.sub(r"[0-9]{4}年", "", clause)):
            continue
        for comparator, text, subjects in _clause_hits(clause, kind, goal_list or plan_goals):
            metrics = [metric for metric in map(_metric_of, subjects) if metric and len(metric) <= 16
                       and not (plan_goals and comparator in (None, "flat") and not _INDICATOR.search(metric))]
            # the span ends with the words of its bound: two bounds of one clause are two facts
            ends = clause.find(text)
            span = (offset + m.start(), offset + m.start() + (ends + len(text) if ends >= 0 else len(clause)))
            out += [FactMention(kind=kind, section_type=section_type, metric_name=metric, comparator=comparator,
                                comparator_text=text, period_start_year=start, period_end_year=end,
                                sentence=original or sentence, char_start=span[0], char_end=span[1],
                                section_id=section_id) for metric in metrics]
    return out


def _clause_hits(clause: str, kind: str, goal_list: bool) -> list[Hit]:
    bounded = bounded_by_a_benchmark(clause)
    if bounded:
        return bounded
    rules = TARGET_RULES if kind == "target" else (met_target,)
    for rule in rules:
        hit = rule(clause)
        if hit:
            return [hit]
    hit = direction_only(clause) if goal_list else None
    return [hit] if hit else []


def _metric_of(subject: str) -> str:
    subject = re.sub(r"^(?:\d{4}年)?前", "", subject)  # 2030年前碳达峰目标如期实现
    metric = clean_subject(re.sub(r"(增长|增速|增幅)$", "", clean_subject(subject)))
    return strip_quotes(re.sub(r"(?:与|和|同)(?:上年|去年)$", "", metric))
