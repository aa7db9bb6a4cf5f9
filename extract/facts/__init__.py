"""Sections → fact mentions: numbers with their unit, metric phrase, change, comparator and period.

The unit of work is a sentence, read in steps, each a module of its own:

1. quantities   numbers with their unit as written (extract.numbers), a bare magnitude's measure word, ratios
2. non_facts    numbers that are names, ordinals, slogans, thresholds… dropped (an ordered list of named rules)
3. changes      changes attached to the level they follow, or facts of their own; doublings (翻一番)
4. lists        lists of subjects sharing numbers: 分别, 均, 由A提高到B, rates sharing one number
   (steps 3 and 4 are the ordered rules of `sentence`, one per phrasing)
5. metric       the metric phrase of a level (an ordered list of named rules), elliptic metrics completed
6. comparator   the comparator of a target (or the bound of an actual) from the words around its number
7. period       the kind and period of a fact from its section and the words before it

Qualitative key-metric targets (税收基本持平) come from extract.qualitative.
"""

from __future__ import annotations

import re

from extract.facts.changes import attach_doublings, doubling_drafts
from extract.facts.comparator import fact_comparator
from extract.facts.drafts import Draft
from extract.facts.non_facts import keep_quantity
from extract.facts.period import Scope, paragraph_sections, scope_of, target_years, years_written_before
from extract.facts.quantities import ratio_drafts
from extract.facts.sentence import sentence_drafts
from extract.numbers import normalize_digits, to_base
from extract.qualitative import qualitative_facts
from extract.records import FactMention, ReportMeta, Section

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_ESTIMATE = re.compile(r"预计|初步核算|初步统计|预期")
# the review of a plan's drafting states its goals: 审议通过“十五五”规划建议，提出地区生产总值年均增长5%左右的目标
_PLAN_GOALS_SET = re.compile(r"(?:提出|确定|明确)[^。；]{0,60}?目标")
_PLAN_NAMED = re.compile(r"规划|纲要|“十[一二三四五六七八九]五”|今后五年")


def _goals_of_the_next_plan(sent: str, scope: Scope, meta: ReportMeta) -> Scope:
    """A review sentence that sets a plan's goals speaks of targets of the plan (not of what happened)."""
    if scope.kind == "actual" and meta.plan_5y_start and _PLAN_GOALS_SET.search(sent) and _PLAN_NAMED.search(sent):
        return Scope("target", "plan_5y", meta.plan_5y_start, meta.plan_5y_end, scope.section_id)
    return scope


def extract_facts(text: str, sections: list[Section], meta: ReportMeta) -> list[FactMention]:
    """Every quantitative (and qualitative key-metric) fact of the report, in text order."""
    facts: list[FactMention] = []
    normalized = normalize_digits(text)
    for p_start, p_end, section in paragraph_sections(normalized, sections):
        scope = scope_of(section.section_type, meta, section.section_id)
        if scope is None:
            continue
        pos = 0
        for piece in _SENTENCE_END.split(normalized[p_start:p_end]):
            s_start = p_start + pos
            pos += len(piece) + 1
            if piece.strip():
                facts += sentence_facts(piece, s_start, scope, meta, text[s_start:s_start + len(piece)])
    return facts


def sentence_facts(sent: str, offset: int, scope: Scope, meta: ReportMeta, original: str) -> list[FactMention]:
    """The facts of one sentence (quantitative, then qualitative targets)."""
    scope = _goals_of_the_next_plan(sent, scope, meta)
    drafts = sentence_drafts(sent) + ratio_drafts(sent)
    attach_doublings(drafts, doubling_drafts(sent))
    estimated_from = [m.start() for m in _ESTIMATE.finditer(sent)]
    facts = [_fact(d, sent, offset, scope, meta, original, estimated_from) for d in drafts if d.metric]
    start, end = target_years(scope, sent, scope.start, scope.end) if scope.kind == "target" else (scope.start,
                                                                                                   scope.end)
    facts += qualitative_facts(sent, offset, scope.kind, scope.section_type, start, end, scope.section_id, original)
    return facts


def _fact(d: Draft, sent: str, offset: int, scope: Scope, meta: ReportMeta, original: str,
          estimated_from: list[int]) -> FactMention:
    q = d.quantity
    comparator, comparator_text = fact_comparator(q, sent[d.clause_start:q.start], scope.kind)
    value_base, base_unit = to_base(d.value, d.unit)
    start_year, end_year = years_written_before(scope, sent[:q.start], d.start_year_shift, meta)
    return FactMention(
        kind=scope.kind,
        section_type=scope.section_type,
        metric_name=d.metric,
        value=d.value,
        # the upper end of a range: of the level (1-2个), or of the change when the fact has only a change (增长4.5%—5%)
        value_max=q.value_max if d.value is not None or d.change is not None else None,
        unit=d.unit,
        value_base=value_base,
        base_unit=base_unit,
        change_value=d.change if d.change is None else round(d.change, 6),
        change_unit=d.change_unit,
        change_basis=d.basis,
        approx=q.approx if scope.kind == "actual" else None,
        comparator=comparator,
        comparator_text=comparator_text,
        is_estimated=scope.kind == "actual" and any(p < q.start for p in estimated_from),
        period_start_year=start_year,
        period_end_year=end_year,
        sentence=original,
        char_start=offset + d.clause_start,
        char_end=offset + max(d.clause_end, q.end),
        section_id=scope.section_id,
    )


__all__ = ["extract_facts", "keep_quantity"]
