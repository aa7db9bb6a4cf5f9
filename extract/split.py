"""Cleaned text → a heading tree of typed sections.

Headings: 一、 / （一） / 1. and unnumbered headline paragraphs (决胜2020，“十三五”圆满收官).
Types follow the content, not the position: the heading's words decide where they can, and
paragraphs that open with a period marker (五年来…, 一年来…, 2021年是…) switch the type for
what follows; such a switch becomes an implicit sub-section so that offsets stay a tree.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass

from extract.periods import plan_containing, plan_name
from extract.records import CleanedText, ReportMeta, Section

_CN = "[一二三四五六七八九十]{1,3}"
_L1 = re.compile(rf"^{_CN}、")
_L2 = re.compile(rf"^[（(]{_CN}[）)]")
_L3 = re.compile(r"^\d{1,2}[.．、](?!\d)")
_PART = re.compile(rf"^第{_CN}(?:部分|章)")
_ENDS = "。！？!?；;：:"
# heading kinds from the outermost: 第一部分 › headline paragraph (when a report opens with one) › 一、 › （一） › 1.
_RANK_PART, _RANK_HEADLINE, _RANK_L1, _RANK_L2, _RANK_L3 = 0.0, 1.0, 2.0, 3.0, 4.0
_OPENER = re.compile(r"^(?:各位代表|同志们)[，,]")
_GREETING = re.compile(r"^各位代表[：:]$")


@dataclass
class _Start:
    para: int
    level: int
    heading: str
    section_type: str | None
    explicit: bool


def _heading_text(paragraph: str, limit: int = 60) -> str:
    """The heading of a run-in heading paragraph: up to the first sentence end."""
    m = re.search(f"[{_ENDS}]", paragraph)
    head = paragraph[: m.start()] if m else paragraph
    return head[:limit]


def _is_headline(paragraph: str) -> bool:
    """An unnumbered headline paragraph: short, no sentence punctuation, some words."""
    if len(paragraph) > 40 or len(paragraph) < 4:
        return False
    if any(c in _ENDS for c in paragraph) or paragraph.startswith("——"):
        return False
    if re.fullmatch(r"[\d年月日\s.-]+", paragraph):
        return False
    return bool(re.search(r"[\u4e00-\u9fff]{4}", paragraph))


class _Typer:
    """Section typing rules, parametrised by the report's years (no seed-specific words)."""

    def __init__(self, meta: ReportMeta) -> None:
        self.review_year = meta.review_year
        self.plan_year = meta.plan_year
        # the five-year plan the reviewed year belongs to (十三五 for 2020, 十四五 for 2024) and the one the
        # plan year belongs to; when they are the same plan, review words win (“十四五”以来 in a 2025 report)
        past_plan = plan_name(plan_containing(self.review_year)) if self.review_year else "十三五"
        next_plan = plan_name(plan_containing(self.plan_year)) if self.plan_year else "十四五"
        ry = str(self.review_year or "")
        py = str(self.plan_year or "")
        q = "[“”\"]?"
        self.h_review_5y = re.compile(
            rf"(?:{q}{past_plan}{q}(?:时期|期间|以来|规划)?.{{0,12}}(?:回顾|成效|成就|成绩|收官|硕果|进展|辉煌)"
            rf"|(?:过去|这|近)五年|五年来|五年(?:工作)?回顾|本届政府)"
        )
        self.h_review_year = re.compile(
            rf"(?:{ry}年(?:工作)?回顾|过去一年|一年来|去年|{ry}年.{{0,6}}(?:成效|成绩|工作|收官|决胜|极不平凡)"
            rf"|决胜{ry}|{ry}[，,])" if ry else r"(?:过去一年|一年来|去年)"
        )
        self.h_review = re.compile(r"回顾|成绩|成效|成就")
        self.h_plan_year = re.compile(
            rf"(?:{py}年|今年|新的一年|工作安排|重点工作|主要任务|工作任务|开局|起步|开好局)" if py
            else r"(?:今年|新的一年|工作安排|重点工作|开局)"
        )
        self.h_plan_5y = re.compile(
            rf"(?:{q}{next_plan}{q}|今后五年|未来五年|远景目标|二〇三五|2035年|新征程|五年规划)"
        )
        # paragraph openers that switch the period for what follows
        self.p_review_5y = re.compile(
            rf"^(?:(?:过去|这|近)的?五年|五年来|五年间|{q}{past_plan}{q}(?:期间|时期|以来|这五年)|本届政府)"
        )
        self.p_review_year = re.compile(
            rf"^(?:(?:刚刚)?过去的?一年|一年来|这一年|去年|{ry}年(?:是|，|,|全|我|预计|以来|面对))" if ry
            else r"^(?:(?:刚刚)?过去的?一年|一年来|这一年|去年)"
        )
        self.p_plan_year = re.compile(
            rf"^(?:{py}年(?:是|，|,|全|我|要|的?主要|经济社会)|今年|新的一年|新一年)" if py
            else r"^(?:今年|新的一年|新一年)"
        )
        self.p_plan_5y = re.compile(
            rf"^(?:{q}{next_plan}{q}(?:时期|期间)|今后五年|未来五年)"
        )

    def heading_type(self, heading: str, top: bool = True) -> str | None:
        """The period a heading names; generic words (回顾, 成效) only count for top-level headings."""
        plan_5y = bool(self.h_plan_5y.search(heading))
        plan_year = bool(self.h_plan_year.search(heading))
        review_5y = bool(self.h_review_5y.search(heading))
        review_year = bool(self.h_review_year.search(heading))
        if plan_year and not review_year and not review_5y:
            return "plan_year"  # “十四五”良好开局 is this year's work
        if plan_5y and not review_5y:
            return "plan_5y"
        if review_5y and not review_year:
            return "review_5y"
        if review_year or (top and self.h_review.search(heading)):
            return "review_year"
        return None

    def paragraph_type(self, paragraph: str) -> str | None:
        text = _OPENER.sub("", paragraph)
        for rule, kind in (
            (self.p_review_5y, "review_5y"),
            (self.p_plan_5y, "plan_5y"),
            (self.p_review_year, "review_year"),
            (self.p_plan_year, "plan_year"),
        ):
            if rule.search(text):
                return kind
        return None


def _body_start(paragraphs: list[str]) -> int:
    for i, p in enumerate(paragraphs[:60]):
        if _GREETING.match(p):
            return i + 1
    for i, p in enumerate(paragraphs[:60]):
        if _L1.match(p) or _PART.match(p):
            return i
    return 0


def _section_id(report_key: str, ordinal: int) -> str:
    return hashlib.sha1(f"{report_key}:{ordinal}".encode()).hexdigest()[:16]


def split_sections(cleaned: CleanedText, meta: ReportMeta, report_key: str = "") -> list[Section]:
    """The heading tree, in document order, each section typed and with offsets into cleaned.text."""
    paragraphs = [cleaned.text[s:e] for s, e in cleaned.paragraphs]
    if not paragraphs:
        return []
    typer = _Typer(meta)
    body = _body_start(paragraphs)
    starts: list[_Start] = [_Start(0, 1, "封面与前言", "other", True)] if body > 0 else []

    headline_top: bool | None = None  # do unnumbered headlines sit above 一、？ decided by the first heading
    open_ranks: list[float] = []  # ranks of the open explicit headings, outermost first
    current_type: str | None = None
    for i in range(body, len(paragraphs)):
        p = paragraphs[i]
        rank = None
        numbered = True
        if _PART.match(p):
            rank = _RANK_PART
        elif _L1.match(p):
            rank = _RANK_L1
        elif _L2.match(p):
            rank = _RANK_L2
        elif _L3.match(p) and len(_heading_text(p)) <= 40:
            rank = _RANK_L3
        elif _is_headline(p):
            numbered = False
        if rank is None and numbered:
            # a body paragraph: it may switch the period
            ptype = typer.paragraph_type(p)
            if ptype and ptype != current_type and current_type not in (None, "other"):
                parent_level = starts[-1].level if starts else 0
                if starts and not starts[-1].explicit:
                    parent_level -= 1
                starts.append(_Start(i, parent_level + 1, _heading_text(p, 30), ptype, False))
                current_type = ptype
            elif current_type is None and ptype:
                current_type = ptype
                if starts and starts[-1].section_type is None:
                    starts[-1].section_type = ptype
            continue
        if headline_top is None:
            headline_top = not numbered
        if not numbered:
            # a headline sits above 一、 when the document opens with one, else just below the open heading
            numbered_ranks = [r for r in open_ranks if r in (_RANK_L1, _RANK_L2, _RANK_L3)]
            rank = _RANK_HEADLINE if headline_top or not numbered_ranks else numbered_ranks[-1] + 0.5
        # levels are compact: one below the open headings that outrank this one
        while open_ranks and open_ranks[-1] >= rank:
            open_ranks.pop()
        level = len(open_ranks) + 1
        open_ranks.append(rank)
        heading = _heading_text(p)
        htype = typer.heading_type(heading, top=rank <= _RANK_L1 or current_type is None)
        # a heading's own body may name its period first (决胜2020… followed by 过去一年是…)
        if htype is None and i + 1 < len(paragraphs) and rank <= _RANK_L1:
            htype = typer.paragraph_type(paragraphs[i + 1])
        if htype is None:
            htype = typer.paragraph_type(p)
        if htype:
            current_type = htype
        starts.append(_Start(i, level, heading, htype or current_type, True))

    if not starts or starts[0].para != 0:
        starts.insert(0, _Start(0, 1, "正文", current_type or "other", True))
    # fill untyped sections from the previous one
    previous = "other"
    for s in starts:
        s.section_type = s.section_type or previous
        previous = s.section_type

    para_starts = [cleaned.paragraphs[s.para][0] for s in starts]
    text_end = len(cleaned.text)
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []  # (level, section_id)
    for k, s in enumerate(starts):
        end = text_end
        for later in starts[k + 1 :]:
            if later.level <= s.level:
                end = para_starts[starts.index(later)]
                break
        while stack and stack[-1][0] >= s.level:
            stack.pop()
        sid = _section_id(report_key, k)
        sections.append(
            Section(
                section_id=sid,
                parent_id=stack[-1][1] if stack else None,
                level=s.level,
                ordinal=k,
                heading=s.heading,
                section_type=s.section_type or "other",
                char_start=para_starts[k],
                char_end=end,
            )
        )
        stack.append((s.level, sid))
    return sections


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The innermost section that contains a character offset."""
    starts = [s.char_start for s in sections]
    idx = bisect_right(starts, offset) - 1
    while idx >= 0:
        s = sections[idx]
        if s.char_start <= offset < s.char_end:
            return s
        idx -= 1
    return None
