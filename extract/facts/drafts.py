"""The record the fact rules build for one number of a sentence before it becomes a FactMention."""

from __future__ import annotations

from dataclasses import dataclass

from extract.numbers import Quantity

CLAUSE_SEPARATORS = "，；：,;:"


@dataclass
class Draft:
    """A fact as the sentence rules see it: the number, its metric, and the change attached to it."""

    quantity: Quantity
    metric: str
    value: float | None  # None for a change-only fact (增长5%)
    unit: str | None
    change: float | None = None
    change_unit: str | None = None
    basis: str | None = None
    start_year_shift: int = 0  # -1 for the "由A" side of 由A提高到B
    clause_start: int = 0
    clause_end: int = 0
    is_change_only: bool = False
    verb: str = ""  # the verb that opened the metric (carried to a second counted object: 维修8个小区96部电梯)


def clause_bounds(sentence: str, pos: int) -> tuple[int, int]:
    """(start, end) of the clause around `pos`: between the separators ，；： on either side.

    >>> clause_bounds("全年增长5%，达到3万亿元", 8)
    (7, 13)
    """
    start = max(sentence.rfind(c, 0, pos) for c in CLAUSE_SEPARATORS) + 1
    ends = [i for i in (sentence.find(c, pos) for c in CLAUSE_SEPARATORS) if i >= 0]
    return start, (min(ends) if ends else len(sentence))
