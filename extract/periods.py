"""Five-year plans and Chinese ordinal numerals: the one place for calendar arithmetic."""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def small_chinese_int(text: str) -> int | None:
    """一 → 1, 十三 → 13, 二十一 → 21, 一百零五 → 105 (ordinals of congresses, plans, headings)."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def plan_years(ordinal: int) -> tuple[int, int]:
    """The N-th five-year plan's years: the 6th was 1981-1985, every later one follows on."""
    start = 1981 + 5 * (ordinal - 6)
    return start, start + 4


def plan_name_years(text: str) -> tuple[int, int] | None:
    """“十三五” → (2016, 2020); None if the text names no five-year plan."""
    m = re.search(r"[“”\"]?(十[一二三四五六七八九]?)五[“”\"]", text)
    if not m:
        return None
    n = small_chinese_int(m.group(1))
    return plan_years(n) if n else None


def plan_containing(year: int) -> tuple[int, int]:
    """The five-year plan period that contains `year` (2023 → 2021-2025)."""
    start = 1981 + 5 * ((year - 1981) // 5)
    return start, start + 4


def plan_name(years: tuple[int, int]) -> str:
    """(2016, 2020) → 十三五."""
    ordinal = (years[0] - 1981) // 5 + 6
    tens, ones = divmod(ordinal, 10)
    names = "零一二三四五六七八九"
    return ("十" if tens == 1 else names[tens] + "十") + (names[ones] if ones else "") + "五"
