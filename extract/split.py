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


def _heading_rank(paragraph: str) -> tuple[float | None, bool]:
    """(rank, numbered) of a paragraph: the rank of a numbered heading; (None, False) for an unnumbered headline
    (its rank depends on the outline); (None, True) for a body paragraph."""
    if _PART.match(paragraph):
        return _RANK_PART, True
    if _L1.match(paragraph):
        return _RANK_L1, True
    if _L2.match(paragraph):
        return _RANK_L2, True
    if _L3.match(paragraph) and len(_heading_text(paragraph)) <= 40:
        return _RANK_L3, True
    if _is_headline(paragraph):
        return None, False
    return None, True


class _Outline:
    """The section starts of a report as its paragraphs are read, with the state the next one depends on."""

    def __init__(self, typer: _Typer, starts: list[_Start]) -> None:
        self.typer = typer
        self.starts = starts
        self.headline_top: bool | None = None  # do unnumbered headlines sit above 一、? decided by the first heading
        self.open_ranks: list[float] = []  # ranks of the open explicit headings, outermost first
        self.current_type: str | None = None

    def body_paragraph(self, i: int, paragraph: str) -> None:
        """A body paragraph may switch the period (过去五年…, 今年…): an implicit sub-section starts there."""
        ptype = self.typer.paragraph_type(paragraph)
        starts = self.starts
        if ptype and ptype != self.current_type and self.current_type not in (None, "other"):
            parent_level = starts[-1].level if starts else 0
            if starts and not starts[-1].explicit:
                parent_level -= 1
            starts.append(_Start(i, parent_level + 1, _heading_text(paragraph, 30), ptype, False))
            self.current_type = ptype
        elif self.current_type is None and ptype:
            self.current_type = ptype
            if starts and starts[-1].section_type is None:
                starts[-1].section_type = ptype

    def _level(self, rank: float | None, numbered: bool) -> tuple[float, int]:
        """(rank, level) of a heading: a headline sits above 一、 when the document opens with one, else just
        below the open heading; levels are compact: one below the open headings that outrank this one."""
        if self.headline_top is None:
            self.headline_top = not numbered
        if not numbered:
            numbered_ranks = [r for r in self.open_ranks if r in (_RANK_L1, _RANK_L2, _RANK_L3)]
            rank = _RANK_HEADLINE if self.headline_top or not numbered_ranks else numbered_ranks[-1] + 0.5
        while self.open_ranks and self.open_ranks[-1] >= rank:
            self.open_ranks.pop()
        self.open_ranks.append(rank)
        return rank, len(self.open_ranks)

    def heading(self, i: int, paragraph: str, rank: float | None, numbered: bool, next_paragraph: str | None) -> None:
        """A heading starts a section typed by its words, else by its body's first paragraph (决胜2020… followed
        by 过去一年是…), else by its own paragraph's opening words, else the type before it."""
        rank, level = self._level(rank, numbered)
        heading = _heading_text(paragraph)
        htype = self.typer.heading_type(heading, top=rank <= _RANK_L1 or self.current_type is None)
        if htype is None and next_paragraph is not None and rank <= _RANK_L1:
            htype = self.typer.paragraph_type(next_paragraph)
        if htype is None:
            htype = self.typer.paragraph_type(paragraph)
        if htype:
            self.current_type = htype
        self.starts.append(_Start(i, level, heading, htype or self.current_type, True))


def _section_starts(paragraphs: list[str], meta: ReportMeta) -> list[_Start]:
    """Where sections start (explicit headings and period switches), each typed (untyped ones take the type
    before them)."""
    body = _body_start(paragraphs)
    outline = _Outline(_Typer(meta), [_Start(0, 1, "封面与前言", "other", True)] if body > 0 else [])
    for i in range(body, len(paragraphs)):
        rank, numbered = _heading_rank(paragraphs[i])
        if rank is None and numbered:
            outline.body_paragraph(i, paragraphs[i])
        else:
            outline.heading(i, paragraphs[i], rank, numbered, paragraphs[i + 1] if i + 1 < len(paragraphs) else None)
    starts = outline.starts
    if not starts or starts[0].para != 0:
        starts.insert(0, _Start(0, 1, "正文", outline.current_type or "other", True))
    previous = "other"
    for start in starts:
        start.section_type = start.section_type or previous
        previous = start.section_type
    return starts


def split_sections(cleaned: CleanedText, meta: ReportMeta, report_key: str = "") -> list[Section]:
    """The heading tree, in document order, each section typed and with offsets into cleaned.text: a section
    ends where the next one of its level or above starts."""
    paragraphs = [cleaned.text[s:e] for s, e in cleaned.paragraphs]
    if not paragraphs:
        return []
    starts = _section_starts(paragraphs, meta)
    para_starts = [cleaned.paragraphs[s.para][0] for s in starts]
    sections: list[Section] = []
    parents: list[tuple[int, str]] = []  # (level, section_id) of the open sections
    for k, start in enumerate(starts):
        end = next((para_starts[j] for j in range(k + 1, len(starts)) if starts[j].level <= start.level),
                   len(cleaned.text))
        while parents and parents[-1][0] >= start.level:
            parents.pop()
        section_id = _section_id(report_key, k)
        sections.append(Section(section_id=section_id, parent_id=parents[-1][1] if parents else None,
                                level=start.level, ordinal=k, heading=start.heading,
                                section_type=start.section_type or "other", char_start=para_starts[k], char_end=end))
        parents.append((start.level, section_id))
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
