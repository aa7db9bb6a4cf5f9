"""Helpers for the fact tests: run extract_facts on one paragraph typed as one section."""

from __future__ import annotations

from extract.facts import extract_facts
from extract.records import FactMention, ReportMeta, Section

META = ReportMeta(report_year=2024, review_year=2023, plan_year=2024, review_5y_start=2019, review_5y_end=2023,
                  plan_5y_start=2021, plan_5y_end=2025)


def facts_of(text: str, section_type: str = "review_year", meta: ReportMeta = META) -> list[FactMention]:
    sec = Section(section_id="s1", parent_id=None, level=1, ordinal=1, heading="", section_type=section_type,
                  char_start=0, char_end=len(text))
    return extract_facts(text, [sec], meta)


def brief(f: FactMention) -> tuple:
    return (f.metric_name, f.value, f.unit, f.change_value, f.comparator)
