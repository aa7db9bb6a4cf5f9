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
    >>> plan_label(6), plan_label(10), plan_label(20)
    ('六五', '十五', '二十五')

The dbt project's calendar (dim_period) reads the same arithmetic from the seed five_year_plans.csv, which
`python -m extract.periods > dbt_project/seeds/five_year_plans.csv` writes (tests/unit/test_periods_seed.py
fails while it is not current).
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
    return plan_label(plan_number(years[0]))


def plan_label(ordinal: int) -> str:
    """The short name of the N-th plan: 6 → 六五, 13 → 十三五, 20 → 二十五."""
    tens, ones = divmod(ordinal, 10)
    names = "零一二三四五六七八九"
    prefix = "" if tens == 0 else "十" if tens == 1 else names[tens] + "十"
    return prefix + (names[ones] if ones else "") + "五"


# the plans the calendar knows: from the third (1966-1970, the first after the 1963-1965 adjustment) on
SEED_PLANS = range(3, 30)  # to 2096-2100, the last year the marts accept


def seed_rows() -> list[tuple[int, str, int, int]]:
    """(plan number, short name, first year, last year) of every plan of SEED_PLANS: the rows of the dbt seed."""
    return [(n, plan_label(n), *plan_years(n)) for n in SEED_PLANS]


if __name__ == "__main__":
    print("plan_number,plan_name,plan_start_year,plan_end_year")
    for row in seed_rows():
        print(",".join(map(str, row)))
