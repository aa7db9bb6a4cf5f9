"""Qualitative targets on key metrics: facts without numbers.

    税收基本持平                       → flat
    居民收入增长和经济增长基本同步       → in_step
    节能减排降碳指标完成全市下达目标     → met
"""

from __future__ import annotations

import re

from extract.metric_phrase import clean_subject, strip_quotes
from extract.records import FactMention
from extract.vocabulary import vocabulary

_CLAUSES = re.compile(r"[^，；。：,;:！？]+")
_VOCAB = vocabulary()
# the words of a flat and an in-step target: extract/vocab/comparators.tsv (position sentence)
_FLAT_WORDS = "|".join(_VOCAB.comparator_words("sentence", "flat"))
_IN_STEP_WORDS = "|".join(_VOCAB.comparator_words("sentence", "in_step"))
_FLAT = re.compile(rf"^(?P<subj>.{{2,20}}?)(?:与|和|同)?(?:上年|去年|上一年|前一年)?(?P<cmp>{_FLAT_WORDS})")
_IN_STEP = re.compile(
    rf"^(?P<subj>.{{2,20}}?)(?:增长|增速|增幅)?(?:与|和|同)(?P<other>.{{1,14}}?)(?:增长|增速)?(?P<cmp>{_IN_STEP_WORDS})"
)
_MET = re.compile(
    r"^(?P<subj>.{2,24}?)(?P<cmp>(?:全面|超额)?完成.{0,10}?(?:目标|任务)(?:进度)?|达到.{0,10}?要求|全面达标|达标)$"
)
# 完成省下达的节能减排目标任务: the verb first, the metric inside the task's name
_MET_VERB_FIRST = re.compile(
    r"^(?P<cmp>(?:全面|超额)?完成(?:[^，；。]{1,8}?下达的?)?(?P<subj>[^，；。]{2,12}?)(?:目标任务|目标|任务))$"
)
# subjects a 'met' target is about: energy and emissions are the usual qualitative key targets
_MET_SUBJECT = re.compile(r"节能|减排|能耗|降碳|排放|碳强度|碳排放|污染物|环境质量")
_INCOME_ECONOMY = re.compile(r"收入|工资|经济|生产总值|GDP|增长")


def qualitative_facts(sentence: str, offset: int, kind: str, section_type: str, start: int | None, end: int | None,
                      section_id: str | None, original: str = "") -> list[FactMention]:
    """Number-free key-metric targets of one sentence."""
    out: list[FactMention] = []
    for m in _CLAUSES.finditer(sentence):
        clause = m.group(0)
        if re.search(r"[0-9]", re.sub(r"[0-9]{4}年", "", clause)):
            continue
        hit = None
        fm = _FLAT.search(clause)
        if fm:
            hit = ("flat", fm.group("cmp"), fm.group("subj"))
        im = _IN_STEP.search(clause) if hit is None else None
        if im and _INCOME_ECONOMY.search(im.group("subj")) and _INCOME_ECONOMY.search(im.group("other")):
            hit = ("in_step", im.group("cmp"), im.group("subj"))
        mm = (_MET.search(clause) or _MET_VERB_FIRST.search(clause)) if hit is None else None
        if mm and _MET_SUBJECT.search(mm.group("subj")):
            hit = ("met", mm.group("cmp"), mm.group("subj"))
        if not hit:
            continue
        comparator, text, subj = hit
        metric = clean_subject(re.sub(r"(增长|增速|增幅)$", "", clean_subject(subj)))
        metric = re.sub(r"(?:与|和|同)(?:上年|去年)$", "", metric)
        for item in _met_items(metric) if comparator == "met" else [metric]:
            if not item or len(item) > 16:
                continue
            out.append(FactMention(
                kind=kind, section_type=section_type, metric_name=strip_quotes(item), comparator=comparator,
                comparator_text=text, period_start_year=start, period_end_year=end, sentence=original or sentence,
                char_start=offset + m.start(), char_end=offset + m.end(), section_id=section_id,
            ))
    return out


def _met_items(subject: str) -> list[str]:
    """单位地区生产总值能耗和主要污染物排放完成…任务: one target per listed energy/emission metric; a subject
    whose parts are not each such a metric (节能减排降碳) stays whole."""
    parts = [p for p in re.split(r"和|、|及|与", subject) if p]
    if len(parts) > 1 and all(_MET_SUBJECT.search(p) for p in parts):
        return parts
    return [subject]
