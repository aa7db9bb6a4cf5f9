"""Sections → fact mentions: numbers with their unit, metric phrase, change, comparator and period.

The unit of work is a sentence: its quantities are found (extract.numbers), the ones that are
not facts are dropped (years, names, slogans…), changes are attached to the level they follow,
lists (分别 / 均) are distributed, and every fact gets a metric phrase, a comparator and a period
from the section it sits in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from extract.comparators import (
    BASIS_PHRASE,
    CHANGE_NOUNS,
    CHANGE_QUALIFIERS,
    CHANGE_VERBS,
    PLAIN_BASES,
    basis_of,
    change_sign,
    change_verb,
    comparator_of,
)
from extract.metric_phrase import (
    clean_subject,
    implied_measure_word,
    is_verb_phrase,
    leading_verb,
    noun_after,
    strip_quotes,
    trailing_verb,
    unit_suffix,
)
from extract.numbers import (
    BARE_MAGNITUDES,
    NON_FACT_COUNT_UNITS,
    Quantity,
    find_quantities,
    normalize_digits,
    split_unit,
    to_base,
)
from extract.qualitative import qualitative_facts
from extract.records import FactMention, ReportMeta, Section
from extract.split import section_at
from extract.vocabulary import alternation, longest_first, vocabulary

_VOCAB = vocabulary()

_SENT_END = re.compile(r"[。！？!?\n]")
_CLAUSE_SEP = "，；：,;:"
_ESTIMATE = re.compile(r"预计|初步核算|初步统计|预期")


@dataclass
class Scope:
    """What a section says about the time of its numbers."""

    kind: str  # actual / target
    section_type: str
    start: int | None
    end: int | None
    section_id: str | None


# ------------------------------------------------------------------------------------ scopes


def _scope(section_type: str, meta: ReportMeta, section_id: str | None) -> Scope | None:
    """Kind and default period of a section type; None for 'other' (cover, preamble, closing words: their
    numbers are dates and document numbers, not facts of the report)."""
    ry = meta.review_year or ((meta.report_year - 1) if meta.report_year else None)
    py = meta.plan_year or ((ry + 1) if ry else None)
    if section_type == "review_year":
        return Scope("actual", section_type, ry, ry, section_id)
    if section_type == "review_5y":
        s, e = meta.review_5y_start, meta.review_5y_end
        if s is None and e is None and ry:
            s, e = ry - 4, ry
        return Scope("actual", section_type, s, e, section_id)
    if section_type == "plan_5y":
        s, e = meta.plan_5y_start, meta.plan_5y_end
        if s is None and e is None and py:
            s, e = py, py + 4
        return Scope("target", section_type, s, e, section_id)
    if section_type == "plan_year":
        return Scope("target", section_type, py, py, section_id)
    return None


def _paragraph_scopes(text: str, sections: list[Section]):
    """Yield (start, end, section, section_type) for every paragraph, from its innermost section
    (the period switches inside a section are split.py's job: one place for that rule)."""
    pos = 0
    for para in text.split("\n"):
        start, end = pos, pos + len(para)
        pos = end + 1
        if not para.strip():
            continue
        sec = section_at(sections, start)
        if sec is not None:
            yield start, end, sec, sec.section_type


# ------------------------------------------------------------------------------------ filters

_NAME_AFTER = re.compile(
    r"^(?:强|路|号|届|周年|英寸|项行动|字|分钟(?:生活|服务|养老|经济)?圈|小时(?:服务|在线|值守|营业))"
)
_TIME_NAME_AFTER = re.compile(r"^[^，。；、]{0,4}圈")
# 先后跨越2.5万亿元、3万亿元两个台阶 / 首次突破千亿元大关: milestones crossed
_MILESTONE_AFTER = re.compile(r"^(?:[^，。；：]{0,12}?台阶|大关)")


_THRESHOLD_NOUN = re.compile(r"^(?:以上|以下)?(?:的)?(?:企业|项目|工程|大项目|商户|税源|楼宇|园区|产业)")


def _inside_short_quote(sent: str, q: Quantity) -> bool:
    open_ = max(sent.rfind("“", 0, q.num_start), sent.rfind("\"", 0, q.num_start))
    if open_ < 0:
        return False
    close_before = sent.rfind("”", open_, q.num_start)
    if close_before >= 0:
        return False
    close = sent.find("”", q.num_start)
    return 0 <= close - open_ <= 24


def keep_quantity(sent: str, q: Quantity) -> bool:
    """False for numbers that are names, ordinals, slogans, thresholds in a name…"""
    before = sent[max(0, q.num_start - 1):q.num_start]
    after = sent[q.end:q.end + 8]
    if before and (before.isascii() and (before.isalnum() or before in ".-/")):
        return False
    if before == "第" or (before in ("前", "每") and q.chinese):
        return False  # 第3位, 前十, 每千人口: ordinals and rates per unit
    if q.unit is None:
        return False
    if split_unit(q.unit)[1] in NON_FACT_COUNT_UNITS:
        return False
    if q.unit in BARE_MAGNITUDES and not noun_after(sent[q.end:])[0]:
        return False  # 5575万农村贫困人口 counts its noun; 1万亿大关 / 3万的 do not
    if _inside_short_quote(sent, q):
        return False
    if _NAME_AFTER.match(after) or (q.family == "time" and _TIME_NAME_AFTER.match(after)):
        return False
    # round-the-clock idioms and years read as days: 24小时热线, 2020天津…
    if (q.unit == "小时" and q.value == 24) or (q.unit == "天" and 1900 <= q.value <= 2100):
        return False
    if q.chinese and q.unit == "倍" and q.num_text and q.num_text not in "十百千":
        return True  # 增长两倍, 增加一倍 (百倍信心 is an idiom)
    if q.chinese and q.value == 1 and not q.unit.startswith(("万", "亿")):
        return False  # 一批, 一个, 一项: idioms, not counts
    after_deng = sent[max(0, q.start - 1):q.start] == "等"  # 587、589等三条公交线路
    if q.chinese and not after_deng and (q.unit == "条" or (q.num_text in "十百千" and q.approx is None)):
        return False  # 二十条 / 新十条 (policy packages), 百平方公里林海 (a description)
    if q.unit == "条" and not q.chinese and re.search(r"(?:惠企|助企|稳企|纾困|支持[^，、]{0,8}企业)$", sent[:q.start]):
        return False  # 惠企21条: a package of policy measures
    # thresholds inside a noun: 亿元以上项目, 超千万元企业, 5000万元以上企业, 1000万元以下的
    if q.family == "money" and _THRESHOLD_NOUN.match(after):
        return False
    if q.suffix in ("以上", "以下") and q.family == "money" and after[:1] and after[:1] not in _CLAUSE_SEP + "。、）)":
        return False
    if q.family == "money" and re.match(r"^(?:级|量级|元?以上的)", after):
        return False
    if q.chinese:
        tail = sent[max(0, q.start - 1):q.start]
        if q.unit.endswith("%") or split_unit(q.unit)[0] in ("万", "亿", "万亿"):
            return True  # 两成, 近万座, 三万余人: a magnitude makes a Chinese numeral a quantity
        big = any(c in q.text for c in "十百千") and q.value >= 10 and not q.text.startswith("十")
        if big or q.approx in ("余", "多"):
            return q.value >= 10
        return tail == "等"
    return True


# ------------------------------------------------------------------------------------ sentences

@dataclass
class _Draft:
    q: Quantity
    metric: str
    value: float | None
    unit: str | None
    change: float | None = None
    change_unit: str | None = None
    basis: str | None = None
    comparator: str | None = None
    comparator_text: str | None = None
    start_year_shift: int = 0  # -1 for the "由A" side of 由A提高到B
    clause_start: int = 0
    clause_end: int = 0
    is_change_only: bool = False
    verb: str = ""  # the verb that opened the metric (carried to a second counted object: 维修8个小区96部电梯)


def _clause_bounds(sent: str, pos: int) -> tuple[int, int]:
    s = max(sent.rfind(c, 0, pos) for c in _CLAUSE_SEP) + 1
    ends = [i for i in (sent.find(c, pos) for c in _CLAUSE_SEP) if i >= 0]
    return s, (min(ends) if ends else len(sent))


_LIST_SPLIT = re.compile(r"、|和|以及|与")
_FROM_TAIL = re.compile(r"(?:由|从)(?:“[^”]{1,8}”|[0-9]{4}年|上年|去年)?(?:末期?|底)?(?:的)?(?:每[人户年月亩天]){0,2}$")
_TO_HEAD = re.compile(r"^(?:提高|增长|上升|增加|提升|扩大|下降|降低|减少|缩短|缩小|压缩)?(?:到|至)")


def _subject_items(subject: str, n: int) -> list[str] | None:
    """Split 'A、B和C' into n items (None when it does not split into n)."""
    parts = [p for p in re.split("、", subject) if p]
    if len(parts) == n:
        return parts
    parts = _split_list(subject)
    if len(parts) == n:
        return parts
    if n == 2 and subject.startswith("城乡") and len(subject) > 2:
        return ["城镇" + subject[2:], "农村" + subject[2:]]  # 城乡居民收入分别增长7%、8%: urban, then rural
    return None


def _split_list(text: str) -> list[str]:
    """A、B和C → [A, B, C]; 及 only splits when nothing else does (普及率, 及时 contain it)."""
    parts = [p for p in _LIST_SPLIT.split(text) if p]
    if len(parts) < 2:
        parts = [p for p in re.split(r"(?<![普涉危])及(?!时)", text) if p]
    return parts


# heads written once at the end of a list (extract/vocab/metric_heads.tsv, role shared)
_SHARED_HEAD = re.compile("(" + alternation(_VOCAB.words("metric_heads", "shared")) + ")$")


def _share_tail(items: list[str]) -> list[str]:
    """Items of a list share the head noun written once at the end:
    城镇居民和农村居民人均可支配收入 → 城镇居民人均可支配收入; 基本医疗保险和养老保险参保率 → …参保率."""
    first, last = items[0], items[-1]
    n = len(first)
    if 2 <= n < len(last) and first[-2:] == last[n - 2:n]:
        tail = last[n:]
        return [it + tail if not it.endswith(tail) else it for it in items[:-1]] + [last]
    m = _SHARED_HEAD.search(last)
    if not m:
        return items
    tail = m.group(1)
    # parallel items are written alike (城镇/农村): what the last modifier holds beyond the first item's length is
    # shared too (城镇、农村居民人均可支配收入 → 城镇居民…)
    extra = last[len(first): len(last) - len(tail)]
    tail = extra + tail if 0 < len(extra) <= 4 and not first.endswith(extra) else tail
    return [it if it.endswith(tail) or len(it) > 12 else it + tail for it in items[:-1]] + [last]


class _Metric(NamedTuple):
    name: str
    used: int = 0  # characters after the number taken as the counted object
    verb: str = ""  # verb that opened the name, carried to a second object (维修8个小区96部电梯)


def _object_before(text: str, verb: str) -> str:
    """今年先发行1万亿元 after 拟连续几年发行超长期特别国债: the object the same verb took earlier in the sentence."""
    pos = text.rfind(verb)
    if pos < 0:
        return ""
    return noun_after(text[pos + len(verb):])[0]


def _after_list(text: str) -> tuple[str, str]:
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


def _metric_for(sent: str, q: Quantity, left: str, right: str, prev: _Draft | None,
                clause_left: str, last: _Draft | None = None) -> _Metric:
    """(metric phrase, characters of `right` it used as the counted object)."""
    raw = left.strip()
    head, tail = _after_list(raw)
    subj = clean_subject(tail)
    obj, used = ("", 0)
    if q.family not in ("percent", "multiple") and right[:1] and right[:1] not in _CLAUSE_SEP + "。、":
        obj, used = noun_after(right, noun_first=q.family == "money")
        if _MILESTONE_AFTER.match(right) or re.search(r"台阶|大关|新高", obj):
            obj, used = "", 0  # 迈上1.4万亿斤新台阶: the milestone is not what is measured
    # names listed before the number (新建A、B等3条道路): the clause's opening verb belongs to the metric
    list_verb = leading_verb(clean_subject(head)) if head and not re.search(r"[为对向给]$", tail) else ""
    if obj and not (q.family == "money" and subj and not is_verb_phrase(subj)):
        if subj and is_verb_phrase(subj):
            verb = trailing_verb(subj) or subj
        elif subj:
            verb = trailing_verb(subj)
        else:
            verb = list_verb or (prev.verb if prev is not None and not raw else "")
        return _Metric(strip_quotes(verb + obj), used, verb)
    if last is not None and re.match(r"^(?:比|较)", raw) and change_verb(raw):
        return _Metric(last.metric)  # 赤字规模4.06万亿元，比上年年初预算增加1800亿元
    if subj and is_verb_phrase(subj):
        verb = trailing_verb(subj) or subj
        return _Metric(strip_quotes(verb + _object_before(sent[: q.start - len(left)], verb)))
    if subj.startswith("占") and last is not None and q.family == "percent":
        # 民生支出1.2亿元，占一般公共预算支出的78%: the share of the level before
        share = re.sub(r"(?:的)?(?:比重|比例|份额)?$", "", subj)
        return _Metric(strip_quotes(last.metric + share + "比重"))
    if subj:
        if "并" in subj:
            subj = subj.rsplit("并", 1)[1] or subj
        return _Metric(strip_quotes(subj))
    if prev is not None and not raw and prev.q.end == q.start:
        return _Metric(unit_suffix(prev.metric, q.family))  # 1286户4352人全部脱贫: one subject counted twice
    rest = clean_subject(re.sub(r"^(?:被|获|荣获|获评|入选|评为|被评为|被认定为|认定为)+", "", right).replace("了", ""))
    if rest and not re.match(r"^[0-9]", rest) and not _MILESTONE_AFTER.match(right):
        return _Metric(strip_quotes(rest[:16]))
    if prev is not None:
        return _Metric(unit_suffix(prev.metric, q.family))
    if last is not None and (change_verb(raw) and (not subj or re.match(r"^(?:比|较)", raw))):
        return _Metric(last.metric)  # …3.9万亿元，比上年增加1000亿元
    names = clean_subject(head)
    if names:
        return _Metric(strip_quotes(names[-16:]))
    cs = q.start - len(clause_left)
    return _Metric(strip_quotes(clean_subject(clause_left) or _subject_before(sent[:cs])
                                or clean_subject(sent[: q.start])[-12:]))


def _with_measure_word(sent: str, q: Quantity) -> Quantity:
    """5575万农村贫困人口 → 5575 万人: a bare magnitude gets the measure word its noun implies."""
    if q.unit not in BARE_MAGNITUDES:
        return q
    unit = q.unit + implied_measure_word(noun_after(sent[q.end:])[0])
    return replace(q, unit=unit, text=q.text)


def _sentence_drafts(sent: str) -> list[_Draft]:
    qs = [_with_measure_word(sent, q) for q in find_quantities(sent) if keep_quantity(sent, q)]
    # a milestone is dropped when the sentence also states the level it leads to (…两个台阶，达到3.2万亿元;
    # 实现1020亿元，首次突破千亿元大关); alone (粮食产量首次迈上1.4万亿斤新台阶) it is the fact
    milestones = [q for q in qs if _MILESTONE_AFTER.match(sent[q.end:q.end + 16])]
    qs = [q for q in qs if q not in milestones or not any(p.unit == q.unit and p not in milestones for p in qs)]
    drafts: list[_Draft] = []
    i = 0
    prev_end = 0
    while i < len(qs):
        q = qs[i]
        cs, ce = _clause_bounds(sent, q.num_start)
        left_start = max(cs, max(cs, prev_end))
        left = sent[left_start:q.start]
        nxt = qs[i + 1].start if i + 1 < len(qs) else len(sent)
        right = sent[q.end:min(ce, nxt) if nxt >= q.end else ce]
        clause_left = sent[cs:q.start]
        prev = drafts[-1] if drafts and drafts[-1].clause_start == cs else None
        verb = change_verb(left)
        is_pct = q.family in ("percent", "multiple")
        is_change = (verb is not None and is_pct) or q.family == "multiple" or (q.unit or "").endswith("百分点")
        # a run of numbers joined by 、 / 和 that share this subject (分别 lists)
        run = [q]
        j = i + 1
        while j < len(qs):
            gap = sent[run[-1].end:qs[j].start]
            if re.fullmatch(r"[、和及与，,]|以及", gap) and qs[j].family == q.family:
                run.append(qs[j])
                j += 1
            else:
                break
        dist = "分别" in left or "分别" in sent[cs:q.start]
        basis = basis_of(left)
        if is_change:
            sign = change_sign(verb) if verb else _sign_in(clause_left)
            bare = re.sub(PLAIN_BASES + "|" + CHANGE_QUALIFIERS
                          + "|" + BASIS_PHRASE + r"|分别|均|都|实现了?|并|且|是|的|了|[，、,；]|为|达到?", "", left)
            if verb:
                bare = bare.replace(verb, "")
            bare = bare.strip()
            if q.family == "multiple" and re.search(r"是.{0,12}的$", left):
                bare = ""
            targets = [d for d in drafts if d.change is None and not d.is_change_only]
            noun_verb = verb in CHANGE_NOUNS
            if not bare and targets and not noun_verb:
                # attach to the level(s) before: "…97.4亿元，同比增长13.39%" / "…，分别增长74%、95.8%"
                group = run if dist else [q]
                attach = targets[-len(group):] if len(targets) >= len(group) else targets[-1:]
                for d, qq in zip(attach, group, strict=False):
                    d.change, d.change_unit = sign * qq.value, _change_unit(qq)
                    d.basis = d.basis or basis
                    d.clause_end = max(d.clause_end, _clause_bounds(sent, qq.num_start)[1])
                prev_end = run[-1].end if dist else q.end
                i += len(group)
                continue
            # change-only fact(s) with their own subject
            subject_text = left[: left.rfind(verb)] if verb and verb in left else left
            shi = re.search(r"是(?P<base>[^，；。]{1,14}?)的$", left) if q.family == "multiple" else None
            if shi:
                # 地区生产总值可比价是2015年的1.2倍: subject before 是, basis 比2015年
                subject_text = left[: shi.start()]
                basis = basis or ("比" + shi.group("base").replace("“", "").replace("”", ""))
            if dist:
                subject_text = sent[cs:q.start].split("分别")[0]
            subj = clean_subject(_strip_basis(subject_text))
            subj = _CHANGE_NOUN_AT_END.sub("", subj) or subj
            if noun_verb:
                subj = clean_subject(re.sub(r"(?:均|都|分别)?(?:为|达|达到|保持在|在)?$", "", left)) or verb
            group = run if dist else [q]
            items = _subject_items(subj, len(group)) if dist and len(group) > 1 else None
            items = _share_tail(items) if items else None
            for k, qq in enumerate(group):
                metric = items[k] if items else (subj or clean_subject(clause_left) or _subject_before(sent[:cs])
                                                 or "变化")
                d = _Draft(qq, strip_quotes(metric), None, None, sign * qq.value, _change_unit(qq), basis,
                           clause_start=cs, clause_end=_clause_bounds(sent, qq.num_start)[1], is_change_only=True)
                drafts.append(d)
            prev_end = group[-1].end
            i += len(group)
            continue
        # a level (possibly with a basis: 较“十二五”末增加133万平方米)
        group = run if (dist and len(run) > 1) else [q]
        if dist and len(group) > 1:
            subject_text = sent[cs:q.start].split("分别")[0]
            subj = clean_subject(_strip_basis(subject_text))
            items = _subject_items(subj, len(group))
            items = _share_tail(items) if items else None
            for k, qq in enumerate(group):
                metric = items[k] if items else (subj or _metric_for(sent, qq, left, right, prev, clause_left).name)
                drafts.append(_Draft(qq, strip_quotes(metric), qq.value, qq.unit, basis=basis, clause_start=cs,
                                     clause_end=_clause_bounds(sent, qq.num_start)[1]))
            prev_end = group[-1].end
            i += len(group)
            continue
        # 均: 'A、B均突破600家' → one fact per listed subject
        if re.search(r"均|都", left) and "、" in left:
            subj_txt = re.split(r"均|都", sent[cs:q.start])[0]
            items = [clean_subject(p) for p in subj_txt.split("、") if clean_subject(p)]
            if len(items) > 1:
                for it in items:
                    drafts.append(_Draft(q, strip_quotes(it), q.value, q.unit, basis=basis, clause_start=cs,
                                         clause_end=ce))
                prev_end = q.end
                i += 1
                continue
        # 由A提高到B: the first number is the level at the start of the period
        if _FROM_TAIL.search(left) and i + 1 < len(qs) and _TO_HEAD.match(sent[q.end:qs[i + 1].start]):
            subj_txt = re.split(r"由|从", left)[0]
            metric = clean_subject(subj_txt) or _metric_for(sent, q, left, right, prev, clause_left).name
            d1 = _Draft(q, strip_quotes(metric), q.value, q.unit, start_year_shift=-1, clause_start=cs, clause_end=ce)
            q2 = qs[i + 1]
            d2 = _Draft(q2, strip_quotes(metric), q2.value, q2.unit, clause_start=cs,
                        clause_end=_clause_bounds(sent, q2.num_start)[1])
            drafts += [d1, d2]
            prev_end = q2.end
            i += 2
            continue
        merged = _level_after_change(sent, q, drafts, cs, ce)
        if merged is not None:
            drafts[-1] = merged
            prev_end = q.end
            i += 1
            continue
        rates = _rate_items(clean_subject(left)) if q.family == "percent" else None
        if rates:
            for it in rates:
                drafts.append(_Draft(q, strip_quotes(it), q.value, q.unit, clause_start=cs, clause_end=ce))
            prev_end = q.end
            i += 1
            continue
        metric, used, mverb = _metric_for(sent, q, left, right, prev, clause_left, drafts[-1] if drafts else None)
        d = _Draft(q, metric, q.value, q.unit, basis=basis if verb else None, clause_start=cs, clause_end=ce,
                   verb=mverb)
        drafts.append(d)
        prev_end = q.end + used
        i += 1
    _complete_elliptic(sent, drafts)
    return drafts


# heads a clause may name alone after a metric that ends with another of them: 粮食播种面积…，产量… → 粮食产量
# (extract/vocab/metric_heads.tsv, role elliptic)
GENERIC_HEADS = longest_first(_VOCAB.words("metric_heads", "elliptic"))


def _complete_elliptic(sent: str, drafts: list[_Draft]) -> None:
    """A metric written by half, completed from the one before it in the sentence:
    粮食播种面积5.2万亩，总产量2.4万吨 → 粮食总产量; 规上工业企业营业收入增长12%，利润总额下降3.5% → …利润总额;
    居民人均可支配收入3.6万元，其中城镇居民4.8万元 → 城镇居民人均可支配收入."""
    anchor = drafts[0] if drafts else None  # the whole that a 其中 clause breaks down
    for before, d in zip(drafts, drafts[1:], strict=False):
        prev = before.metric
        if d.metric in GENERIC_HEADS:
            head = next((h for h in GENERIC_HEADS if prev.endswith(h) and len(prev) > len(h)), None)
            if head:
                d.metric = prev[: -len(head)] + d.metric
        if anchor is not None and "其中" in sent[anchor.q.end:d.q.start] and len(d.metric) < len(anchor.metric):
            whole = anchor.metric
            for k in range(len(d.metric) - 1, 1, -1):  # the overlap: 城镇居民 + 居民人均可支配收入
                if d.metric.endswith(whole[:k]):
                    d.metric = d.metric + whole[k:]
                    break
            continue
        anchor = d


def _level_after_change(sent: str, q: Quantity, drafts: list[_Draft], cs: int, ce: int) -> _Draft | None:
    """研发经费投入增长8.1%，达到3.3万亿元 / 年均增长7.2%，2020年达到156.3亿元: a level whose clause names nothing
    but a verb (and a year) completes the change just before it: one fact with both numbers."""
    if not drafts or q.family == "multiple":
        return None
    last = drafts[-1]
    if not last.is_change_only or last.clause_start >= cs:
        return None
    if len(drafts) > 1 and drafts[-2].is_change_only and drafts[-2].clause_start == last.clause_start:
        return None  # the change was distributed over a list (分别): the level cannot be told apart
    if clean_subject(sent[last.q.end:q.start]) or noun_after(sent[q.end:ce])[0]:
        return None
    return _Draft(q, last.metric, q.value, q.unit, change=last.change, change_unit=last.change_unit, basis=last.basis,
                  clause_start=last.clause_start, clause_end=ce)


_MEASURED_AT = re.compile(r"比|较|增长|增加|提高|上升|下降|降低|减少|翻|达到|达|突破|超过|跨越|迈上|站上|为|[0-9]")


def _subject_before(text: str) -> str:
    """到2020年国内生产总值和城乡居民人均收入比2010年翻一番，年均增长保持在6.5%以上: a change that names no subject
    is about the first subject of the nearest earlier clause that states a measure."""
    for clause in reversed(re.split(f"[{_CLAUSE_SEP}]", text)):
        body = re.sub(r"[0-9]{4}年(?:底|末)?", "", clause)
        m = _MEASURED_AT.search(body)
        if not m or not (re.search(r"[0-9]|翻", body)):
            continue
        items = _split_list(clean_subject(body[: m.start()]))
        if items:
            return items[0]
    return ""


# a change named at the end of its subject (工业增加值增速为5%: the metric is 工业增加值)
_CHANGE_NOUN_AT_END = re.compile(alternation(("增长", *CHANGE_NOUNS)) + "$")


def _sign_in(text: str) -> int:
    """Sign of the change verb written anywhere before the number (综合下拉地区生产总值3个百分点 → -1)."""
    found = re.findall("|".join(CHANGE_VERBS), text)
    return change_sign(found[-1]) if found else 1


_RATE_END = alternation(_VOCAB.words("metric_heads", "rate"))


def _rate_items(subj: str) -> list[str] | None:
    """'农村卫生厕所普及率和生活垃圾无害化处理率' → both rates (one number shared by two rates)."""
    if not re.search(_RATE_END + "$", subj):
        return None
    parts = _split_list(subj)
    if len(parts) < 2 or not all(re.search(_RATE_END + "$", p) for p in parts):
        return None
    return parts


def _strip_basis(text: str) -> str:
    return re.sub(BASIS_PHRASE + "$", "", text.strip())


def _change_unit(q: Quantity) -> str:
    if q.family == "multiple":
        return "倍"
    if (q.unit or "").endswith("百分点"):
        return "个百分点"
    return q.unit or "%"


_DOUBLING = re.compile(r"翻了?(?P<n>一|两|二|三)番")


def _doubling_drafts(sent: str) -> list[_Draft]:
    """市场主体达8万户，比“十二五”末翻了一番 → change 1 倍 (一番 = +100%, 两番 = +300%)."""
    out = []
    for m in _DOUBLING.finditer(sent):
        n = {"一": 1, "两": 2, "二": 2, "三": 3}[m.group("n")]
        q = Quantity(start=m.start(), end=m.end(), num_start=m.start("n"), value=float(2 ** n - 1), value_max=None,
                     unit="倍", approx=None, prefix=None, suffix=None, chinese=True, text=m.group(0))
        cs, ce = _clause_bounds(sent, m.start())
        left = sent[cs:m.start()]
        bm = re.search(BASIS_PHRASE + "$", left)
        basis = bm.group(0).replace("“", "").replace("”", "") if bm else None
        subj = clean_subject(left[: bm.start()] if bm else left)
        for item in (_split_list(subj) if subj else [""]):
            out.append(_Draft(q, strip_quotes(item), None, None, q.value, "倍", basis, clause_start=cs, clause_end=ce,
                              is_change_only=True))
    return out


# ------------------------------------------------------------------------------------ public


def extract_facts(text: str, sections: list[Section], meta: ReportMeta) -> list[FactMention]:
    """Every quantitative (and qualitative key-metric) fact of the report, in text order."""
    facts: list[FactMention] = []
    norm = normalize_digits(text)
    for p_start, p_end, sec, stype in _paragraph_scopes(norm, sections):
        para = norm[p_start:p_end]
        pos = 0
        for piece in _SENT_END.split(para):
            s_start = p_start + pos
            pos += len(piece) + 1
            if not piece.strip():
                continue
            scope = _scope(stype, meta, sec.section_id)
            if scope is None:
                continue
            facts += _facts_of_sentence(piece, s_start, scope, meta, text[s_start:s_start + len(piece)])
            if scope.kind == "target":
                start, end = _target_years(scope, piece, scope.start, scope.end)
                facts += qualitative_facts(piece, s_start, scope.kind, scope.section_type, start, end,
                                           sec.section_id, text[s_start:s_start + len(piece)])
    return facts


def _target_years(scope: Scope, head: str, s: int | None, e: int | None) -> tuple[int | None, int | None]:
    """到2025年 written before a target ends its period there."""
    m = re.search(r"到([0-9]{4})年", head)
    if not m or s is None:
        return s, e
    y = int(m.group(1))
    if scope.section_type == "plan_5y" or (e is not None and y > e):
        if scope.section_type == "plan_5y" and e is not None and 0 < y - e < 5:
            s = y - 4  # 今后五年 of a new government term (2023 report: 到2027年) is not the plan period
        e = y
    return s, e


def _period(scope: Scope, d: _Draft, sent: str, meta: ReportMeta) -> tuple[int | None, int | None]:
    s, e = scope.start, scope.end
    head = sent[: d.q.start]
    m = re.search(r"([一二三四五两]|[0-9])年(?:来)?累计", head)
    if m and e is not None and scope.kind == "actual":
        n = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}.get(m.group(1)) or int(m.group(1))
        s = e - n + 1
    five_years = re.search(r"“十[一二三四五六七八九]五”(?:期间|时期|以来)|五年来|过去五年", head)
    if scope.kind == "actual" and five_years and meta.review_5y_start and meta.review_5y_end:
        s, e = meta.review_5y_start, meta.review_5y_end
    if scope.kind == "target":
        s, e = _target_years(scope, head, s, e)
    if d.start_year_shift and s is not None:
        y = s + d.start_year_shift
        return y, y
    return s, e


_RATIO = re.compile(
    r"(?P<subj>[^，。；：、]{2,14}?(?:倍差|收入比|之比|比值))(?:由|从)?(?:缩小到|缩小至|缩小为|下降到|降至|降低到|为|是|达到|"
    r"保持在|控制在)?(?P<num>[0-9]+(?:\.[0-9]+)?)(?:[:：]1)?(?P<suffix>以内|以下|左右)?"
)


def _ratio_drafts(sent: str) -> list[_Draft]:
    """城乡居民收入倍差缩小到1.52 / 城乡居民收入比为2.1:1: a ratio is written without a unit."""
    out = []
    for m in _RATIO.finditer(sent):
        value = float(m.group("num"))
        written_as_ratio = "." in m.group("num") or sent[m.end("num"):m.end("num") + 2] in (":1", "：1")
        if value >= 100 or not written_as_ratio:
            continue  # a whole number after 比 is a count or a year, not a ratio written as 1.52 / 2.1:1
        suffix = m.group("suffix")
        q = Quantity(start=m.start("num"), end=m.end(), num_start=m.start("num"), value=value, value_max=None,
                     unit=None, approx=None, prefix=None, suffix=suffix, chinese=False,
                     text=sent[m.start("num"):m.end()])
        cs, ce = _clause_bounds(sent, m.start("num"))
        out.append(_Draft(q, strip_quotes(clean_subject(m.group("subj"))), value, None, clause_start=cs, clause_end=ce))
    return out


def _facts_of_sentence(sent: str, offset: int, scope: Scope, meta: ReportMeta, original: str) -> list[FactMention]:
    drafts = _sentence_drafts(sent) + _ratio_drafts(sent)
    for dd in _doubling_drafts(sent):
        before = [d for d in drafts if d.q.end <= dd.q.start and d.change is None and not d.is_change_only]
        if not dd.metric and before:
            # 市场主体达8万户，比“十二五”末翻了一番 → the doubling is the change of the level before
            before[-1].change, before[-1].change_unit = dd.change, "倍"
            before[-1].basis = before[-1].basis or dd.basis
        else:
            drafts.append(dd)
    out: list[FactMention] = []
    est_pos = [m.start() for m in _ESTIMATE.finditer(sent)]
    for d in drafts:
        if not d.metric:
            continue
        q = d.q
        left = sent[d.clause_start:q.start]
        comp, comp_text = comparator_of(q, left, scope.kind)
        if scope.kind == "actual" and comp == "approx":
            comp, comp_text = None, None
        value_base, base_unit = to_base(d.value, d.unit)
        start_y, end_y = _period(scope, d, sent, meta)
        out.append(FactMention(
            kind=scope.kind,
            section_type=scope.section_type,
            metric_name=d.metric,
            value=d.value,
            value_max=q.value_max if d.value is not None else None,
            unit=d.unit,
            value_base=value_base,
            base_unit=base_unit,
            change_value=d.change if d.change is None else round(d.change, 6),
            change_unit=d.change_unit,
            change_basis=d.basis,
            approx=q.approx if scope.kind == "actual" else None,
            comparator=comp,
            comparator_text=comp_text,
            is_estimated=scope.kind == "actual" and any(p < q.start for p in est_pos),
            period_start_year=start_y,
            period_end_year=end_y,
            sentence=original,
            char_start=offset + d.clause_start,
            char_end=offset + max(d.clause_end, q.end),
            section_id=scope.section_id,
        ))
    return out


__all__ = ["extract_facts", "keep_quantity"]
