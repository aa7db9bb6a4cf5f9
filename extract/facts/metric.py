"""Step 5: the metric phrase of a level — what the number measures.

`metric_for` asks the rules below in order; the first that finds a metric names it. Each rule reads the text
around the number (`MetricText`): the words before it in its clause, the words after it, the fact before it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from extract.comparators import change_sign, change_verb
from extract.facts.drafts import CLAUSE_SEPARATORS, Draft
from extract.facts.lists import split_list
from extract.facts.quantities import MILESTONE_AFTER
from extract.metric_phrase import (
    clean_subject,
    is_verb_phrase,
    leading_verb,
    noun_after,
    strip_quotes,
    trailing_verb,
    unit_suffix,
)
from extract.numbers import Quantity
from extract.vocabulary import longest_first, vocabulary

# heads a clause may name alone after a metric that ends with another of them: 粮食播种面积…，产量… → 粮食产量
# (extract/vocab/metric_heads.tsv, role elliptic)
GENERIC_HEADS = longest_first(vocabulary().words("metric_heads", "elliptic"))
_COMPARED = re.compile(r"^(?:比|较)")
_RECEIVED = re.compile(r"^(?:被|获|荣获|获评|入选|评为|被评为|被认定为|认定为)+")
_MEASURED_AT = re.compile(r"比|较|增长|增加|提高|上升|下降|降低|减少|翻|达到|达|突破|超过|跨越|迈上|站上|为|[0-9]")


class Metric(NamedTuple):
    name: str
    used: int = 0  # characters after the number taken as the counted object
    verb: str = ""  # verb that opened the name, carried to a second object (维修8个小区96部电梯)


@dataclass(frozen=True)
class MetricText:
    """The text around one number that its metric is read from."""

    sentence: str
    quantity: Quantity
    left: str  # from the previous fact (or the clause start) to the number
    right: str  # from the number to the next number or the clause end
    same_clause: Draft | None  # the fact before it in the same clause
    clause_left: str  # from the clause start to the number
    last: Draft | None = None  # the fact before it in the sentence

    @functools.cached_property
    def written(self) -> str:
        return self.left.strip()

    @functools.cached_property
    def names_and_tail(self) -> tuple[str, str]:
        return after_list(self.written)

    @functools.cached_property
    def subject(self) -> str:
        return clean_subject(self.names_and_tail[1])

    @functools.cached_property
    def counted(self) -> tuple[str, int]:
        """The noun the number counts, written after it (3所幼儿园), and the characters it takes."""
        q, right = self.quantity, self.right
        if q.family in ("percent", "multiple") or not right[:1] or right[:1] in CLAUSE_SEPARATORS + "。、":
            return "", 0
        obj, used = noun_after(right, noun_first=q.family == "money")
        if MILESTONE_AFTER.match(right) or re.search(r"台阶|大关|新高", obj):
            return "", 0  # 迈上1.4万亿斤新台阶: the milestone is not what is measured
        return obj, used


def after_list(text: str) -> tuple[str, str]:
    """(text before the list of names, text after it): '新建迎水南路、丰华道等' → ('新建迎水南路、丰华道', '');
    '在北京、南非等国内外演出' → (…, '国内外演出'); no list → ('', text)."""
    if "等" in text:
        head, tail = text.rsplit("等", 1)
        if not tail or "、" in head:  # 甲等医院, 一等奖: 等 inside a word lists nothing
            return head, tail
    if "、" in text:
        head, tail = text.rsplit("、", 1)
        return head, tail
    return "", text


def object_before(text: str, verb: str) -> str:
    """今年先发行1万亿元 after 拟连续几年发行超长期特别国债: the object the same verb took earlier in the sentence."""
    pos = text.rfind(verb)
    if pos < 0:
        return ""
    return noun_after(text[pos + len(verb):])[0]


def counted_object(m: MetricText) -> Metric | None:
    """新建幼儿园3所 / 新建3所幼儿园 / 维修8个小区96部电梯: the noun after the number, with the verb of its clause
    (a money amount before a noun subject keeps its subject: 投入3900万元新建泵站)."""
    obj, used = m.counted
    subject = m.subject
    if not obj or (m.quantity.family == "money" and subject and not is_verb_phrase(subject)):
        return None
    if subject and is_verb_phrase(subject):
        verb = trailing_verb(subject) or subject
    elif subject:
        verb = trailing_verb(subject)
    else:
        verb = list_verb(m) or (m.same_clause.verb if m.same_clause is not None and not m.written else "")
    return Metric(strip_quotes(verb + obj), used, verb)


def list_verb(m: MetricText) -> str:
    """新建迎水南路、丰华道等3条道路: the verb that opens a list of names before the number."""
    head, tail = m.names_and_tail
    return leading_verb(clean_subject(head)) if head and not re.search(r"[为对向给]$", tail) else ""


def _increment_of(metric: str, written: str) -> str:
    """The name of an increment of a metric: 地区生产总值增加额, 财政赤字减少额 (no code of the level: an increment is
    never the level of its metric)."""
    return metric + ("减少额" if change_sign(change_verb(written) or "增加") < 0 else "增加额")


def compared_with_level_before(m: MetricText) -> Metric | None:
    """赤字规模4.06万亿元，全年比上年年初预算增加1800亿元: the increment of the level before, named as one."""
    if m.last is not None and _COMPARED.match(m.written) and change_verb(m.written):
        return Metric(_increment_of(m.last.metric, m.written))
    return None


def verb_with_earlier_object(m: MetricText) -> Metric | None:
    """拟连续几年发行超长期特别国债，今年先发行1万亿元: a bare verb takes the object it took earlier."""
    if not (m.subject and is_verb_phrase(m.subject)):
        return None
    verb = trailing_verb(m.subject) or m.subject
    return Metric(strip_quotes(verb + object_before(m.sentence[: m.quantity.start - len(m.left)], verb)))


def share_of_level_before(m: MetricText) -> Metric | None:
    """民生支出1.2亿元，占一般公共预算支出的78%: the share of the level before."""
    if not (m.subject.startswith("占") and m.last is not None and m.quantity.family == "percent"):
        return None
    share = re.sub(r"(?:的)?(?:比重|比例|份额)?$", "", m.subject)
    return Metric(strip_quotes(m.last.metric + share + "比重"))


def subject_before_number(m: MetricText) -> Metric | None:
    """地区生产总值达到5000亿元: the subject before the number (after a 并, the last verb phrase's)."""
    subject = m.subject
    if not subject:
        return None
    if "并" in subject:
        subject = subject.rsplit("并", 1)[1] or subject
    return Metric(strip_quotes(subject))


def same_subject_counted_twice(m: MetricText) -> Metric | None:
    """1286户4352人全部脱贫: one subject counted twice (12宗149.12亩 → …面积)."""
    prev = m.same_clause
    if prev is not None and not m.written and prev.quantity.end == m.quantity.start:
        return Metric(unit_suffix(prev.metric, m.quantity.family))
    return None


def subject_after_number(m: MetricText) -> Metric | None:
    """3家企业被评为国家级专精特新企业 → what follows the number (without 被/获… and 了)."""
    rest = clean_subject(_RECEIVED.sub("", m.right).replace("了", ""))
    if rest and not re.match(r"^[0-9]", rest) and not MILESTONE_AFTER.match(m.right):
        return Metric(strip_quotes(rest[:16]))
    return None


def subject_of_fact_before(m: MetricText) -> Metric | None:
    """A second number of the clause without words of its own measures what the first did."""
    if m.same_clause is not None:
        return Metric(unit_suffix(m.same_clause.metric, m.quantity.family))
    return None


def change_of_level_before(m: MetricText) -> Metric | None:
    """…3.9万亿元，全年累计增加1000亿元: an increment of the level before, named as one (an increment written
    right after its level is no fact at all: non_facts.increment_of_the_level_before)."""
    if m.last is not None and change_verb(m.written) and (not m.subject or _COMPARED.match(m.written)):
        return Metric(_increment_of(m.last.metric, m.written))
    return None


def listed_names(m: MetricText) -> Metric | None:
    """建成A、B等: the names listed before the number."""
    names = clean_subject(m.names_and_tail[0])
    return Metric(strip_quotes(names[-16:])) if names else None


def clause_subject(m: MetricText) -> Metric:
    """The last resort: the clause's subject, the subject of an earlier clause, the sentence's end."""
    clause_start = m.quantity.start - len(m.clause_left)
    return Metric(strip_quotes(clean_subject(m.clause_left) or subject_before(m.sentence[:clause_start])
                               or clean_subject(m.sentence[: m.quantity.start])[-12:]))


METRIC_RULES: tuple[Callable[[MetricText], Metric | None], ...] = (
    counted_object, compared_with_level_before, verb_with_earlier_object, share_of_level_before,
    subject_before_number, same_subject_counted_twice, subject_after_number, subject_of_fact_before,
    change_of_level_before, listed_names,
)


def metric_for(m: MetricText) -> Metric:
    """The metric of a level: the first rule of METRIC_RULES that finds one, else the clause's subject."""
    for rule in METRIC_RULES:
        found = rule(m)
        if found is not None:
            return found
    return clause_subject(m)


def subject_before(text: str) -> str:
    """到2020年国内生产总值和城乡居民人均收入比2010年翻一番，年均增长保持在6.5%以上: a change that names no subject
    is about the first subject of the nearest earlier clause that states a measure."""
    for clause in reversed(re.split(f"[{CLAUSE_SEPARATORS}]", text)):
        body = re.sub(r"[0-9]{4}年(?:底|末)?", "", clause)
        m = _MEASURED_AT.search(body)
        if not m or not (re.search(r"[0-9]|翻", body)):
            continue
        items = split_list(clean_subject(body[: m.start()]))
        if items:
            return items[0]
    return ""


def complete_elliptic(sent: str, drafts: list[Draft]) -> None:
    """A metric written by half, completed from the one before it in the sentence:
    粮食播种面积5.2万亩，总产量2.4万吨 → 粮食总产量; 规上工业企业营业收入增长12%，利润总额下降3.5% → …利润总额;
    居民人均可支配收入3.6万元，其中城镇居民4.8万元 → 城镇居民人均可支配收入."""
    anchor = drafts[0] if drafts else None  # the whole that a 其中 clause breaks down
    for before, d in zip(drafts, drafts[1:], strict=False):
        if d.metric in GENERIC_HEADS:
            head = next((h for h in GENERIC_HEADS if before.metric.endswith(h) and len(before.metric) > len(h)), None)
            if head:
                d.metric = before.metric[: -len(head)] + d.metric
        if anchor is not None and "其中" in sent[anchor.quantity.end:d.quantity.start] \
                and len(d.metric) < len(anchor.metric):
            d.metric = _with_whole(d.metric, anchor.metric)
            continue
        anchor = d


def _with_whole(part: str, whole: str) -> str:
    """城镇居民 + 居民人均可支配收入 → 城镇居民人均可支配收入: the part completed by the whole it overlaps."""
    for k in range(len(part) - 1, 1, -1):
        if part.endswith(whole[:k]):
            return part + whole[k:]
    return part
