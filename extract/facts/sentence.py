"""Steps 3 and 4 of a sentence: each number becomes a fact, by the first rule of SENTENCE_RULES that takes it.

A rule reads the number in its sentence (`NumberAt`), appends the drafts it makes to the sentence's drafts and
says how many numbers it took (a list rule takes several) and where the text it used ends; or it returns None
and the next rule is asked. The order is the order of precedence: changes first (attached to the level before
them or facts of their own), then levels of lists (分别, 均, 由A到B), a level that completes a change, rates that
share one number, and a plain level last.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from extract.comparators import (
    BASIS_PHRASE,
    CHANGE_NOUNS,
    CHANGE_QUALIFIERS,
    PLAIN_BASES,
    basis_of,
    change_sign,
    change_verb,
)
from extract.facts.changes import (
    CHANGE_NOUN_AT_END,
    change_sign_before,
    change_unit,
    level_after_change,
    without_basis,
)
from extract.facts.drafts import Draft, clause_bounds
from extract.facts.lists import FROM_TAIL, TO_HEAD, rate_items, share_tail, subject_items
from extract.facts.metric import MetricText, complete_elliptic, metric_for, subject_before
from extract.facts.quantities import sentence_quantities
from extract.metric_phrase import clean_subject, strip_quotes
from extract.numbers import Quantity

# what a change's own text may hold and still belong to the level before it (…97.4亿元，同比增长13.39%)
_NOT_A_SUBJECT = re.compile(PLAIN_BASES + "|" + CHANGE_QUALIFIERS + "|" + BASIS_PHRASE
                            + r"|分别|均|都|实现了?|并|且|是|的|了|[，、,；]|为|达到?")
_LIST_GAP = re.compile(r"[、和及与，,]|以及")
_TIMES_OF = re.compile(r"是(?P<base>[^，；。]{1,14}?)的$")  # 是2015年的1.2倍


@dataclass
class Sentence:
    """A sentence's quantities and the drafts made of them so far."""

    text: str
    quantities: list[Quantity]
    drafts: list[Draft] = field(default_factory=list)
    index: int = 0  # the next quantity to read
    used_to: int = 0  # where the text taken by the drafts so far ends


class Taken(NamedTuple):
    count: int  # quantities taken
    used_to: int  # where the text they used ends


@dataclass(frozen=True)
class NumberAt:
    """One number of a sentence with the text around it that the rules read."""

    sentence: Sentence
    quantity: Quantity
    clause_start: int
    clause_end: int
    same_clause: Draft | None  # the draft before this number when it is in the same clause

    @classmethod
    def of(cls, sentence: Sentence) -> NumberAt:
        q = sentence.quantities[sentence.index]
        start, end = clause_bounds(sentence.text, q.num_start)
        drafts = sentence.drafts
        return cls(sentence, q, start, end, drafts[-1] if drafts and drafts[-1].clause_start == start else None)

    @property
    def text(self) -> str:
        return self.sentence.text

    @functools.cached_property
    def left(self) -> str:
        """From the end of the text the facts before took (or the clause start) to the number."""
        return self.text[max(self.clause_start, self.sentence.used_to):self.quantity.start]

    @functools.cached_property
    def right(self) -> str:
        """From the number to the next number (or the clause end)."""
        quantities, i = self.sentence.quantities, self.sentence.index
        next_start = quantities[i + 1].start if i + 1 < len(quantities) else len(self.text)
        return self.text[self.quantity.end:min(self.clause_end, next_start)
                         if next_start >= self.quantity.end else self.clause_end]

    @functools.cached_property
    def clause_left(self) -> str:
        return self.text[self.clause_start:self.quantity.start]

    @functools.cached_property
    def verb(self) -> str | None:
        """The change verb the text before the number ends with (增长, 下降到…)."""
        return change_verb(self.left)

    @functools.cached_property
    def is_change(self) -> bool:
        q = self.quantity
        return ((self.verb is not None and q.family in ("percent", "multiple")) or q.family == "multiple"
                or (q.unit or "").endswith("百分点"))

    @functools.cached_property
    def run(self) -> list[Quantity]:
        """This number and the ones of its family joined to it by 、/和 (the numbers of a 分别 list)."""
        quantities, text = self.sentence.quantities, self.text
        run = [self.quantity]
        for nxt in quantities[self.sentence.index + 1:]:
            if not (_LIST_GAP.fullmatch(text[run[-1].end:nxt.start]) and nxt.family == self.quantity.family):
                break
            run.append(nxt)
        return run

    @functools.cached_property
    def distributed(self) -> bool:
        """分别: the numbers go to the listed subjects one by one."""
        return "分别" in self.left or "分别" in self.clause_left

    @functools.cached_property
    def basis(self) -> str | None:
        return basis_of(self.left)

    def clause_end_of(self, q: Quantity) -> int:
        return clause_bounds(self.text, q.num_start)[1]

    def metric_text(self, q: Quantity | None = None, last: Draft | None = None) -> MetricText:
        return MetricText(self.text, q or self.quantity, self.left, self.right, self.same_clause, self.clause_left,
                          last)


# ---------------------------------------------------------------------------------------------------- changes

def _levels_without_change(at: NumberAt) -> list[Draft]:
    return [d for d in at.sentence.drafts if d.change is None and not d.is_change_only]


def _change_has_own_subject(at: NumberAt) -> bool:
    bare = _NOT_A_SUBJECT.sub("", at.left)
    if at.verb:
        bare = bare.replace(at.verb, "")
    if at.quantity.family == "multiple" and re.search(r"是.{0,12}的$", at.left):
        return False
    return bool(bare.strip())


def change_of_levels_before(at: NumberAt) -> Taken | None:
    """…97.4亿元，同比增长13.39% / …32亿元、210亿元，分别年均增长9.6%、12.4%: a change whose clause names no
    subject of its own belongs to the level(s) before it."""
    levels = _levels_without_change(at)
    if not at.is_change or _change_has_own_subject(at) or not levels or at.verb in CHANGE_NOUNS:
        return None
    sign = change_sign(at.verb) if at.verb else change_sign_before(at.clause_left)
    group = at.run if at.distributed else [at.quantity]
    attach = levels[-len(group):] if len(levels) >= len(group) else levels[-1:]
    for draft, q in zip(attach, group, strict=False):
        draft.change, draft.change_unit = sign * q.value, change_unit(q)
        draft.basis = draft.basis or at.basis
        draft.clause_end = max(draft.clause_end, at.clause_end_of(q))
    return Taken(len(group), group[-1].end)


def _change_subject(at: NumberAt) -> tuple[str, str | None]:
    """(subject, basis) of a change with a subject of its own: 居民消费价格上涨0.2%; 地区生产总值是2015年的1.2倍
    (basis 比2015年); 城镇居民和农村居民人均可支配收入分别增长…; 增速为5% (the change noun names the change)."""
    left, verb, basis = at.left, at.verb, at.basis
    subject_text = left[: left.rfind(verb)] if verb and verb in left else left
    times_of = _TIMES_OF.search(left) if at.quantity.family == "multiple" else None
    if times_of:
        subject_text = left[: times_of.start()]
        basis = basis or ("比" + times_of.group("base").replace("“", "").replace("”", ""))
    if at.distributed:
        subject_text = at.clause_left.split("分别")[0]
    subject = clean_subject(without_basis(subject_text))
    subject = CHANGE_NOUN_AT_END.sub("", subject) or subject
    if verb in CHANGE_NOUNS:
        subject = clean_subject(re.sub(r"(?:均|都|分别)?(?:为|达|达到|保持在|在)?$", "", left)) or verb
    return subject, basis


def _shared_change_items(subject: str) -> list[str] | None:
    """规模以上工业增加值、服务业增加值增长6%左右: one change shared by the listed metrics (not a category written
    with 等: 教育、医疗等民生支出)."""
    parts = [p for p in subject.split("、") if p]
    if "等" in subject or not 2 <= len(parts) <= 4 or any(len(p) < 3 for p in parts):
        return None
    return share_tail(parts)


def _distribution(at: NumberAt, subject: str) -> tuple[list[Quantity], list[str] | None]:
    """The numbers a subject takes and its items: a list with 分别; or, without it, a subject that names as many
    items as there are numbers (城乡居民人均收入年均增长5.3%、7.7%: urban, then rural)."""
    run = at.run
    if len(run) < 2:
        return [at.quantity], _shared_change_items(subject)
    items = subject_items(subject, len(run))
    if at.distributed:
        return run, share_tail(items) if items else None
    return (run, share_tail(items)) if items else ([at.quantity], None)


def change_only_facts(at: NumberAt) -> Taken | None:
    """刑事案件发案数同比下降18.6% / 一般性支出和会议费支出分别压减15%、30%: changes with a subject of their own,
    one fact per listed subject."""
    if not at.is_change:
        return None
    subject, basis = _change_subject(at)
    sign = change_sign(at.verb) if at.verb else change_sign_before(at.clause_left)
    group, items = _distribution(at, subject)
    if items and len(group) == 1:  # one change, several metrics
        pairs = [(group[0], item) for item in items]
    else:
        fallback = subject or clean_subject(at.clause_left) or subject_before(at.text[:at.clause_start]) or "变化"
        pairs = [(q, items[k] if items else fallback) for k, q in enumerate(group)]
    for q, metric in pairs:
        at.sentence.drafts.append(Draft(q, strip_quotes(metric), None, None, sign * q.value, change_unit(q), basis,
                                        clause_start=at.clause_start, clause_end=at.clause_end_of(q),
                                        is_change_only=True))
    return Taken(len(group), group[-1].end)


# ---------------------------------------------------------------------------------------------------- levels

def distributed_levels(at: NumberAt) -> Taken | None:
    """图书馆和文化馆覆盖率分别达到96%和88%: one level per listed subject."""
    if not (at.distributed and len(at.run) > 1):
        return None
    subject = clean_subject(without_basis(at.clause_left.split("分别")[0]))
    items = subject_items(subject, len(at.run))
    items = share_tail(items) if items else None
    for k, q in enumerate(at.run):
        metric = items[k] if items else (subject or metric_for(at.metric_text(q)).name)
        at.sentence.drafts.append(Draft(q, strip_quotes(metric), q.value, q.unit, basis=at.basis,
                                        clause_start=at.clause_start, clause_end=at.clause_end_of(q)))
    return Taken(len(at.run), at.run[-1].end)


def level_of_each_listed_subject(at: NumberAt) -> Taken | None:
    """高新技术企业、科技型中小企业均突破300家: the same level for every listed subject."""
    if not (re.search(r"均|都", at.left) and "、" in at.left):
        return None
    listed = re.split(r"均|都", at.clause_left)[0]
    items = [clean_subject(p) for p in listed.split("、") if clean_subject(p)]
    if len(items) < 2:
        return None
    q = at.quantity
    for item in items:
        at.sentence.drafts.append(Draft(q, strip_quotes(item), q.value, q.unit, basis=at.basis,
                                        clause_start=at.clause_start, clause_end=at.clause_end))
    return Taken(1, q.end)


def level_from_to(at: NumberAt) -> Taken | None:
    """城镇化率由58%提高到65%: the first number is the level at the start of the period, the second at its end."""
    quantities, i, q = at.sentence.quantities, at.sentence.index, at.quantity
    if not (FROM_TAIL.search(at.left) and i + 1 < len(quantities)
            and TO_HEAD.match(at.text[q.end:quantities[i + 1].start])):
        return None
    metric = clean_subject(re.split(r"由|从", at.left)[0]) or metric_for(at.metric_text()).name
    to = quantities[i + 1]
    at.sentence.drafts += [
        Draft(q, strip_quotes(metric), q.value, q.unit, start_year_shift=-1, clause_start=at.clause_start,
              clause_end=at.clause_end),
        Draft(to, strip_quotes(metric), to.value, to.unit, clause_start=at.clause_start,
              clause_end=at.clause_end_of(to)),
    ]
    return Taken(2, to.end)


def level_completing_change(at: NumberAt) -> Taken | None:
    """研发经费投入增长8.1%，达到3.3万亿元: the level of the change before it (see changes.level_after_change)."""
    merged = level_after_change(at.text, at.quantity, at.sentence.drafts, at.clause_start, at.clause_end)
    if merged is None:
        return None
    at.sentence.drafts[-1] = merged
    return Taken(1, at.quantity.end)


def level_of_each_rate(at: NumberAt) -> Taken | None:
    """农村自来水普及率和生活污水处理率达到99%: one number shared by two rates."""
    rates = rate_items(clean_subject(at.left)) if at.quantity.family == "percent" else None
    if not rates:
        return None
    q = at.quantity
    for rate in rates:
        at.sentence.drafts.append(Draft(q, strip_quotes(rate), q.value, q.unit, clause_start=at.clause_start,
                                        clause_end=at.clause_end))
    return Taken(1, q.end)


def level(at: NumberAt) -> Taken:
    """地区生产总值达到5000亿元 / 新建幼儿园3所: a level with its metric (metric.metric_for)."""
    drafts, q = at.sentence.drafts, at.quantity
    metric, used, verb = metric_for(at.metric_text(last=drafts[-1] if drafts else None))
    drafts.append(Draft(q, metric, q.value, q.unit, basis=at.basis if at.verb else None,
                        clause_start=at.clause_start, clause_end=at.clause_end, verb=verb))
    return Taken(1, q.end + used)


# the rules in order of precedence; `level` takes any number
SENTENCE_RULES: tuple[Callable[[NumberAt], Taken | None], ...] = (
    change_of_levels_before, change_only_facts, distributed_levels, level_of_each_listed_subject, level_from_to,
    level_completing_change, level_of_each_rate, level,
)


def sentence_drafts(text: str) -> list[Draft]:
    """The drafts of a sentence's quantities, each number taken by the first rule that takes it."""
    sentence = Sentence(text, sentence_quantities(text))
    while sentence.index < len(sentence.quantities):
        at = NumberAt.of(sentence)
        taken = next(t for rule in SENTENCE_RULES if (t := rule(at)) is not None)
        sentence.index += taken.count
        sentence.used_to = taken.used_to
    complete_elliptic(text, sentence.drafts)
    return sentence.drafts
