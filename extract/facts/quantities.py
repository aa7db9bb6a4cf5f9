"""Step 1 of a sentence: its quantities — numbers with their unit as written, the non-facts dropped (non_facts),
a bare magnitude given the measure word its noun implies, a milestone dropped when the level it leads to is there.
Ratios, written without a unit (城乡居民收入比2.1:1), are read here too.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extract.facts.drafts import Draft, clause_bounds
from extract.facts.non_facts import keep_quantity
from extract.metric_phrase import clean_subject, implied_measure_word, noun_after, strip_quotes
from extract.numbers import BARE_MAGNITUDES, Quantity, find_quantities
from extract.segment import pos_words
from extract.vocabulary import vocabulary

# 先后跨越2.5万亿元、3万亿元两个台阶 / 首次突破千亿元大关: milestones crossed
MILESTONE_AFTER = re.compile(r"^(?:[^，。；：]{0,12}?台阶|大关)")


def without_glued_measure_word(sent: str, q: Quantity) -> Quantity:
    """1800多万家庭 / 14亿多人口: a one-character measure word that the next characters make a noun of (家庭, 人口)
    is the noun's head, not the number's measure word: the number is a bare magnitude (1800 万, then 万户)."""
    magnitude, word = (q.unit or "")[:-1], (q.unit or "")[-1:]
    if magnitude not in BARE_MAGNITUDES or not word:
        return q
    first = pos_words(sent[q.end - 1:q.end + 6])
    if first and len(first[0].word) > 1 and first[0].word.startswith(word):
        return replace(q, unit=magnitude, end=q.end - 1, text=q.text[:-1])
    return q


def with_measure_word(sent: str, q: Quantity) -> Quantity:
    """5575万农村贫困人口 → 5575 万人: a bare magnitude gets the measure word its noun implies."""
    if q.unit not in BARE_MAGNITUDES:
        return q
    return replace(q, unit=q.unit + implied_measure_word(noun_after(sent[q.end:])[0]), text=q.text)


# 突破2万亿元、达到23562亿元 / 迈上6万亿元台阶，达到62661亿元: the exact level written right after a milestone
_MILESTONE_BEFORE = re.compile(r"(?:突破|迈上|跨越|跨过|站上|超过)$")
_EXACT_LEVEL_GAP = re.compile(
    r"^(?:[两三四五六七八九]个)?(?:新)?(?:大关|台阶)?[、，]?(?:首次|已|并)?(?:达到|达|为|实现)$")


def _is_milestone(sent: str, q: Quantity) -> bool:
    return bool(MILESTONE_AFTER.match(sent[q.end:q.end + 16]))


def _exact_level_follows(sent: str, q: Quantity, quantities: list[Quantity]) -> bool:
    """A level of the milestone's base unit follows it within a clause, after 达到/为/实现."""
    base = q.base()[1]
    return any(p.start > q.end and p.base()[1] == base and _EXACT_LEVEL_GAP.match(sent[q.end:p.start])
               for p in quantities)


def without_passed_milestones(sent: str, quantities: list[Quantity]) -> list[Quantity]:
    """A milestone is dropped when the sentence also states a level of its unit (…两个台阶，达到3.2万亿元;
    实现1020亿元，首次突破千亿元大关) or its exact level follows (突破2万亿元、达到23562亿元); alone
    (粮食产量首次迈上1.4万亿斤新台阶, 进出口总额突破万亿元) it is the fact."""
    milestones = [q for q in quantities if _is_milestone(sent, q)]
    crossed = [q for q in quantities if (q in milestones or _MILESTONE_BEFORE.search(sent[:q.start + len(
        q.prefix or "")])) and _exact_level_follows(sent, q, quantities)]
    return [q for q in quantities if q not in crossed
            and (q not in milestones or not any(p.unit == q.unit and p not in milestones for p in quantities))]


# 连续迈上5万亿、6万亿两个台阶 / 突破1万亿大关: milestones written with bare magnitudes (the number finder reads no
# 万亿 without its unit)
_MILESTONE_LIST = re.compile(r"(?P<verb>迈上|跨越|跨过|突破|站上)(?P<list>(?:[0-9.]+(?:万亿|千亿|百亿|亿)元?、?)+)"
                             r"(?:[两三四五六七八九]个)?(?:新)?(?:台阶|大关)")
_LISTED = re.compile(r"(?P<num>[0-9.]+)(?P<unit>(?:万亿|千亿|百亿|亿)元?)")


def listed_milestones(sent: str) -> list[Quantity]:
    """Each milestone of a list of milestones crossed, with its magnitude as its unit (5 万亿)."""
    out = []
    for m in _MILESTONE_LIST.finditer(sent):
        base, items = m.start("list"), list(_LISTED.finditer(m.group("list")))
        if len(items) < 2 and items[0].group("unit").endswith("元"):
            continue  # 突破4万亿元大关: the number finder reads it, with its comparator word
        verb = m.group("verb")
        prefix = verb if vocabulary().comparator_of_word(verb) else None  # 突破: at least
        for item in items:
            start, end = base + item.start(), base + item.end()
            out.append(Quantity(start=start, end=end, num_start=start, value=float(item.group("num")),
                                value_max=None, unit=item.group("unit"), approx=None, prefix=prefix, suffix=None,
                                chinese=False, text=sent[start:end]))
    return out


def sentence_quantities(sent: str) -> list[Quantity]:
    """The quantities of a sentence that can be facts, in text order."""
    kept = [with_measure_word(sent, without_glued_measure_word(sent, q)) for q in find_quantities(sent)
            if keep_quantity(sent, q)]
    listed = listed_milestones(sent)
    if listed:  # the list's items replace what the number finder made of them
        kept = sorted([q for q in kept if not any(m.start <= q.num_start < m.end for m in listed)] + listed,
                      key=lambda q: q.start)
    return without_passed_milestones(sent, kept)


_RATIO = re.compile(
    r"(?P<subj>[^，。；：、]{2,14}?(?:倍差|收入比|之比|比值))(?:由|从)?(?:缩小到|缩小至|缩小为|下降到|降至|降低到|为|是|达到|"
    r"保持在|控制在)?(?P<num>[0-9]+(?:\.[0-9]+)?)(?:[:：]1)?(?P<suffix>以内|以下|左右)?"
)


def ratio_drafts(sent: str) -> list[Draft]:
    """城乡居民收入倍差缩小到1.52 / 城乡居民收入比为2.1:1: a ratio is written without a unit; a whole number
    after 比 is a count or a year, not a ratio."""
    out = []
    for m in _RATIO.finditer(sent):
        value = float(m.group("num"))
        written_as_ratio = "." in m.group("num") or sent[m.end("num"):m.end("num") + 2] in (":1", "：1")
        if value >= 100 or not written_as_ratio:
            continue
        q = Quantity(start=m.start("num"), end=m.end(), num_start=m.start("num"), value=value, value_max=None,
                     unit=None, approx=None, prefix=None, suffix=m.group("suffix"), chinese=False,
                     text=sent[m.start("num"):m.end()])
        start, end = clause_bounds(sent, m.start("num"))
        out.append(Draft(q, strip_quotes(clean_subject(m.group("subj"))), value, None, clause_start=start,
                         clause_end=end))
    return out
