"""Step 7: the kind (actual or target) and the period of a fact, from its section and the words before it.

    >>> meta = ReportMeta(review_year=2023, plan_year=2024, review_5y_start=2019, review_5y_end=2023)
    >>> scope_of("review_year", meta, None)
    Scope(kind='actual', section_type='review_year', start=2023, end=2023, section_id=None)
    >>> years_written_before(scope_of("review_year", meta, None), "三年累计完成投资", 0)
    (2021, 2023)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extract.records import ReportMeta, Section
from extract.split import section_at

_YEARS_CUMULATED = re.compile(r"([一二三四五两]|[0-9])年(?:来)?累计")  # 三年累计, 5年来累计
_FIVE_YEARS = re.compile(r"“十[一二三四五六七八九]五”(?:期间|时期|以来)|五年来|过去五年")
_BY_YEAR = re.compile(r"到([0-9]{4})年")
# a goal of the five-year plan stated among the year's targets: 纲要…年均增长5%左右, “十五五”期间…
_PLAN_GOAL = re.compile(r"年均|“十[一二三四五六七八九]五”|纲要|今后五年|未来五年")
_SMALL_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}


@dataclass
class Scope:
    """What a section says about the time of its numbers."""

    kind: str  # actual / target
    section_type: str
    start: int | None
    end: int | None
    section_id: str | None


def scope_of(section_type: str, meta: ReportMeta, section_id: str | None) -> Scope | None:
    """Kind and default period of a section type; None for 'other' (cover, preamble, closing words: their
    numbers are dates and document numbers, not facts of the report)."""
    review_year = meta.review_year or ((meta.report_year - 1) if meta.report_year else None)
    plan_year = meta.plan_year or ((review_year + 1) if review_year else None)
    if section_type == "review_year":
        return Scope("actual", section_type, review_year, review_year, section_id)
    if section_type == "review_5y":
        start, end = meta.review_5y_start, meta.review_5y_end
        if start is None and end is None and review_year:
            start, end = review_year - 4, review_year
        return Scope("actual", section_type, start, end, section_id)
    if section_type == "plan_5y":
        start, end = meta.plan_5y_start, meta.plan_5y_end
        if start is None and end is None and plan_year:
            start, end = plan_year, plan_year + 4
        return Scope("target", section_type, start, end, section_id)
    if section_type == "plan_year":
        return Scope("target", section_type, plan_year, plan_year, section_id)
    return None


def paragraph_sections(text: str, sections: list[Section]) -> Iterator[tuple[int, int, Section]]:
    """(start, end, innermost section) of every paragraph that has text (the period switches inside a section
    are split.py's job: one place for that rule)."""
    pos = 0
    for paragraph in text.split("\n"):
        start, end = pos, pos + len(paragraph)
        pos = end + 1
        if not paragraph.strip():
            continue
        section = section_at(sections, start)
        if section is not None:
            yield start, end, section


def target_years(scope: Scope, head: str, start: int | None, end: int | None) -> tuple[int | None, int | None]:
    """到2025年 written before a target ends its period there; in the five-year section of a new government term
    (a 2023 report: 到2027年) the period is the five years before that year, not the plan's."""
    m = _BY_YEAR.search(head)
    if not m or start is None:
        return start, end
    year = int(m.group(1))
    if scope.section_type == "plan_5y" or (end is not None and year > end):
        if scope.section_type == "plan_5y" and end is not None and 0 < year - end < 5:
            start = year - 4
        end = year
    return start, end


def _last_clause(head: str) -> str:
    """The clause a number sits in, and the one before when it opens with 其中 (…提出6项指标，其中…年均增长)."""
    clauses = re.split(r"[，；：]", head)
    last = clauses[-1]
    return (clauses[-2] + last) if len(clauses) > 1 and last.startswith("其中") else last


def years_written_before(scope: Scope, head: str, start_year_shift: int,
                         meta: ReportMeta | None = None) -> tuple[int | None, int | None]:
    """The period of a fact whose sentence starts with `head`: the section's, narrowed or widened by what is
    written before the number (三年累计, “十三五”期间, 到2025年); the 由A side of 由A到B is the year before."""
    start, end = scope.start, scope.end
    cumulated = _YEARS_CUMULATED.search(head)
    if cumulated and end is not None and scope.kind == "actual":
        n = _SMALL_NUMBERS.get(cumulated.group(1)) or int(cumulated.group(1))
        start = end - n + 1
    if scope.kind == "actual" and _FIVE_YEARS.search(head) and meta and meta.review_5y_start and meta.review_5y_end:
        start, end = meta.review_5y_start, meta.review_5y_end
    if scope.kind == "target":
        start, end = target_years(scope, head, start, end)
    if scope.section_type == "plan_year" and meta and meta.plan_5y_start and _PLAN_GOAL.search(_last_clause(head)):
        start, end = meta.plan_5y_start, meta.plan_5y_end
    if start_year_shift and start is not None:
        return start + start_year_shift, start + start_year_shift
    return start, end
