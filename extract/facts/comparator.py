"""Step 6: the comparator of a fact from the words around its number (extract.comparators reads them).

    >>> from extract.numbers import find_quantities
    >>> (q,) = find_quantities("城镇调查失业率5.5%左右")
    >>> fact_comparator(q, "城镇调查失业率", "target"), fact_comparator(q, "城镇调查失业率", "actual")
    (('approx', '左右'), (None, None))
"""

from __future__ import annotations

from extract.comparators import comparator_of
from extract.numbers import Quantity


def fact_comparator(q: Quantity, left: str, kind: str) -> tuple[str | None, str | None]:
    """(comparator, its words): a target's comparator; for an actual only a bound (an actual 约 is its approx)."""
    comparator, text = comparator_of(q, left, kind)
    if kind == "actual" and comparator == "approx":
        return None, None
    return comparator, text
