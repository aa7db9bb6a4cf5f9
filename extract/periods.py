"""Five-year plans (五年规划): the one place for their calendar arithmetic.

The plans run in five-year steps: the 6th was 1981-1985, every later one follows on (十四五 = 2021-2025).

    >>> plan_years(14)
    (2021, 2025)
    >>> plan_name_years("“十三五”时期")
    (2016, 2020)
    >>> plan_containing(2023)
    (2021, 2025)
    >>> plan_name((2016, 2020))
    '十三五'
"""

from __future__ import annotations

import re

from extract.numbers import parse_chinese_integer

FIRST_PLAN_START = 1981  # the 6th plan: 1981-1985
FIRST_PLAN_NUMBER = 6
PLAN_LENGTH = 5


def plan_years(ordinal: int) -> tuple[int, int]:
    """The N-th five-year plan's first and last year."""
    start = FIRST_PLAN_START + PLAN_LENGTH * (ordinal - FIRST_PLAN_NUMBER)
    return start, start + PLAN_LENGTH - 1


def plan_number(year: int) -> int:
    """The number of the five-year plan that contains `year` (2023 → 14)."""
    return (year - FIRST_PLAN_START) // PLAN_LENGTH + FIRST_PLAN_NUMBER


def plan_name_years(text: str) -> tuple[int, int] | None:
    """The years of the plan a text names (“十三五” → (2016, 2020)); None if it names none."""
    m = re.search(r"[“”\"]?(十[一二三四五六七八九]?)五[“”\"]", text)
    if not m:
        return None
    n = parse_chinese_integer(m.group(1))
    return plan_years(n) if n else None


def plan_containing(year: int) -> tuple[int, int]:
    """The five-year plan period that contains `year` (2023 → 2021-2025)."""
    return plan_years(plan_number(year))


def plan_name(years: tuple[int, int]) -> str:
    """(2016, 2020) → 十三五."""
    tens, ones = divmod(plan_number(years[0]), 10)
    names = "零一二三四五六七八九"
    return ("十" if tens == 1 else names[tens] + "十") + (names[ones] if ones else "") + "五"
