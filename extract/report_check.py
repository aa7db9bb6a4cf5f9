"""Is this text a government work report (政府工作报告)? General signals, not any report's wording.

A report is a speech to a people's congress: a title, a dateline ("——2023年1月12日在…人民代表大会…
会议上"), the salutation 各位代表, and a review of the past followed by a plan. A news article, a
statistical bulletin (统计公报) or a random text lacks most of these and is rejected with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.records import ReportMeta, Section

HEAD_CHARS = 3000  # the front matter sits in the first pages
_TITLE = re.compile(r"^[《“\"]?(?:[\u4e00-\u9fff]{0,30}?(?:人民政府|政府))?工作报告[》”\"]?$")
_DATELINE = re.compile(r"在[^。]{0,60}?(?:人民代表大会|人大)[^。]{0,30}?会议上")
_SALUTATION = re.compile(r"(?:^|\n)[“\"]?各位代表[：:，,！!]")
_SPEECH = re.compile(r"向大会(?:作|报告)|请予审议|提请大会审议")
_BULLETIN = re.compile(r"统计公报|国民经济和社会发展统计")


@dataclass(frozen=True)
class ReportSignals:
    title: bool  # a short paragraph "…政府工作报告" near the top
    dateline: bool  # "在…人民代表大会…会议上"
    salutation: bool  # "各位代表："
    speech: bool  # "向大会报告" / "请予审议"
    review_and_plan: bool  # sections typed as a review and as a plan

    def count(self) -> int:
        return sum((self.title, self.dateline, self.salutation, self.speech, self.review_and_plan))


def signals(text: str, meta: ReportMeta, sections: list[Section]) -> ReportSignals:
    head = text[:HEAD_CHARS]
    first_paragraphs = [p.replace(" ", "") for p in head.split("\n")[:15]]
    types = {s.section_type for s in sections}
    return ReportSignals(
        title=any(len(p) <= 40 and _TITLE.match(p) for p in first_paragraphs),
        dateline=bool(_DATELINE.search(head)),
        salutation=bool(_SALUTATION.search(head)),
        speech=bool(_SPEECH.search(head)),
        review_and_plan=bool(types & {"review_year", "review_5y"}) and bool(types & {"plan_year", "plan_5y"}),
    )


def not_a_report_reason(text: str, meta: ReportMeta, sections: list[Section]) -> str | None:
    """None for a government work report, else why the text is not one (and what to do)."""
    s = signals(text, meta, sections)
    # addressed to the delegates, or a titled speech at a congress that reviews and plans
    if (s.salutation and s.count() >= 2) or (s.dateline and s.title and s.review_and_plan):
        return None
    head = text[:HEAD_CHARS]
    first = next((p.strip() for p in head.split("\n") if p.strip()), "")[:40]
    if _BULLETIN.search(head[:300]) and not s.salutation:
        kind = "a statistical bulletin (统计公报)"
    else:
        kind = "some other text"
    checks = (("a 政府工作报告 title", s.title), ("a dateline 在…人民代表大会…会议上", s.dateline),
              ("the salutation 各位代表", s.salutation), ("review and plan sections", s.review_and_plan))
    missing = [name for name, ok in checks if not ok]
    return (f"does not look like a government work report but {kind} (starts with “{first}”; no "
            + ", no ".join(missing) + "); remove it from the inbox, or if it is a report check that the whole "
            "text was extracted")
