"""Step 3 helpers: changes and the levels they belong to (增长5%, 下降3个百分点, 翻一番, 是上年的1.3倍).

    >>> change_sign_before("综合下拉地区生产总值3个百分点")
    -1
"""

from __future__ import annotations

import re

from extract.comparators import BASIS_PHRASE, CHANGE_NOUNS, CHANGE_VERBS, change_sign
from extract.facts.drafts import Draft, clause_bounds
from extract.facts.lists import split_list
from extract.metric_phrase import clean_subject, noun_after, strip_quotes
from extract.numbers import Quantity
from extract.vocabulary import alternation

# a change named at the end of its subject (工业增加值增速为5%: the metric is 工业增加值)
CHANGE_NOUN_AT_END = re.compile(alternation(("增长", *CHANGE_NOUNS)) + "$")
_ANY_CHANGE_VERB = re.compile("|".join(CHANGE_VERBS))
_DOUBLING = re.compile(r"翻了?(?P<n>一|两|二|三)番|(?P<once>翻番|倍增)(?![计行工专])")  # 倍增计划 is a name


def change_sign_before(text: str) -> int:
    """Sign of the change verb written last anywhere in `text` (+1 without one)."""
    found = _ANY_CHANGE_VERB.findall(text)
    return change_sign(found[-1]) if found else 1


def without_basis(text: str) -> str:
    """The text before a change without the basis it ends with (比上年, 较“十三五”末)."""
    return re.sub(BASIS_PHRASE + "$", "", text.strip())


def change_unit(q: Quantity) -> str:
    """倍 for a multiple, 个百分点 for percentage points, else the unit as written (% when none)."""
    if q.family == "multiple":
        return "倍"
    if (q.unit or "").endswith("百分点"):
        return "个百分点"
    return q.unit or "%"


def level_after_change(sent: str, q: Quantity, drafts: list[Draft], start: int, end: int) -> Draft | None:
    """研发经费投入增长8.1%，达到3.3万亿元 / 年均增长7.2%，2020年达到156.3亿元: a level whose clause names nothing
    but a verb (and a year) completes the change just before it: one fact with both numbers."""
    if not drafts or q.family == "multiple":
        return None
    last = drafts[-1]
    if not last.is_change_only or last.clause_start >= start:
        return None
    if len(drafts) > 1 and drafts[-2].is_change_only and drafts[-2].clause_start == last.clause_start:
        return None  # the change was distributed over a list (分别): the level cannot be told apart
    if clean_subject(sent[last.quantity.end:q.start]) or noun_after(sent[q.end:end])[0]:
        return None
    return Draft(q, last.metric, q.value, q.unit, change=last.change, change_unit=last.change_unit, basis=last.basis,
                 clause_start=last.clause_start, clause_end=end)


def doubling_drafts(sent: str) -> list[Draft]:
    """市场主体达8万户，比“十二五”末翻了一番 → change 1 倍 (一番 = +100%, 两番 = +300%; 翻番, 倍增 = 一番)."""
    out = []
    for m in _DOUBLING.finditer(sent):
        n = 1 if m.group("once") else {"一": 1, "两": 2, "二": 2, "三": 3}[m.group("n")]
        q = Quantity(start=m.start(), end=m.end(), num_start=m.start(), value=float(2 ** n - 1), value_max=None,
                     unit="倍", approx=None, prefix=None, suffix=None, chinese=True, text=m.group(0))
        start, end = clause_bounds(sent, m.start())
        left = sent[start:m.start()]
        basis_match = re.search(BASIS_PHRASE + "$", left)
        basis = basis_match.group(0).replace("“", "").replace("”", "") if basis_match else None
        subject = clean_subject(left[: basis_match.start()] if basis_match else left)
        for item in (split_list(subject) if subject else [""]):
            out.append(Draft(q, strip_quotes(item), None, None, q.value, "倍", basis, clause_start=start,
                             clause_end=end, is_change_only=True))
    return out


def attach_doublings(drafts: list[Draft], doublings: list[Draft]) -> None:
    """市场主体达8万户，比“十二五”末翻了一番: a doubling without a subject is the change of the level before it;
    one with a subject is a change-only fact of its own."""
    for doubling in doublings:
        before = [d for d in drafts
                  if d.quantity.end <= doubling.quantity.start and d.change is None and not d.is_change_only]
        if not doubling.metric and before:
            before[-1].change, before[-1].change_unit = doubling.change, "倍"
            before[-1].basis = before[-1].basis or doubling.basis
        else:
            drafts.append(doubling)
