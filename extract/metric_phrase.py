"""The metric phrase: the noun phrase a number measures, without filler verbs and time words.

    clean_subject("全年预计完成固定资产投资") == "固定资产投资"
    noun_after("临时党支部，…") == "临时党支部"   (jieba with the domain dictionary)
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import NamedTuple

from extract.comparators import BASIS_PHRASE, CHANGE_QUALIFIERS, PLAIN_BASES

LEXICON_DIR = Path(__file__).parent / "lexicon"

# time, place and scope words that open a clause but are not part of the metric
_LEAD = re.compile(
    r"^(?:[，、；：,;:\s]|其中|同时|此外|另外|并且|并|且|和|及|以及|与|还|又|共计|合计|总计|累计|(?:共|现|拥)有|共|首次|全年|年内|当年|今年|明年|去年|"
    r"上年|本年|年底|年末|[0-9]{4}年(?:底|末|全年|度)?|“十[一二三四五六七八九]五”(?:期间|时期|以来|末)?|"
    r"(?:过去|近)?[一二三四五两]年(?:来|间)?|连续[0-9一二三四五六七八九十]+年|五年来|一年来|这五年|过去一年|全[国省市区县州盟旗镇乡街村]|我[国省市区县州旗镇乡]|"
    r"本[市区县州旗镇乡]|全[区市县州镇]域|全体|预计|初步核算|初步统计|预期|力争|确保|争取|计划|推动|推进|努力|"
    r"拟安排|拟|安排|[将把为对向使让在从由到于]|要|可|能|已|已经|均|都|也|再|新一轮|进一步|持续|继续|"
    r"实现了?|完成了?|达到了?|达|突破|超过|累计|分别|完成预计|预计完成|预计实现|取得|获得|各类|各项|各种|各级|"
    r"高质量|高水平|积极|全面|扎实|大力|有效|顺利|及时|先后|集中|深入|着力|加快|稳步|成功|圆满|倾力|"
    r"全力|新一批|一批|直接|主动|精准)+"
)
# verbs and qualifiers that end a subject before its number
_TRAIL = re.compile(
    r"(?:[，、；：,;:\s]|分别|平均|先后|首次|迈上|跨越|站上|均|都|也|已|预计|累计|共计|共|合计|总计|全部|总量|"
    r"实现了?|完成了?|达到了?|达|为|是|突破|超过|超|逾|近|约|接近|将近|高于|低于|不低于|不少于|不超过|不足|最高|最低|至少|"
    r"增至|降至|减至|(?:增加|增长|提高|提升|上升|下降|降低|减少|扩大|压缩|缩短|缩减|压减)(?:到|至)|"
    r"保持在|稳定在|控制在|维持在|保持|稳定|控制|维持|"
    r"增长|增速|增幅|涨幅|降幅|下降|提高|降低|上涨|上升|回落|增加|减少|"
    r"每年|年|的|了|在|有|拟按|拟|力争|争取|确保|以上|以下|以内|左右|由|从|"
    + PLAIN_BASES + "|" + CHANGE_QUALIFIERS + "|" + BASIS_PHRASE + r"(?:的)?)+$"
)
# a clause's own verbs that carry meaning and stay in the metric (新增就业, 新认定…)
MEANINGFUL_LEADS = (
    "新增设", "新增", "新建", "新认定", "新培育", "新引进", "新开工", "新签约", "新改建", "新开通", "新创建",
)

_QUOTES = str.maketrans("", "", "“”‘’\"'《》「」")
_PUNCT_EDGE = "，、；：,;:（(）)—-· "


def strip_quotes(s: str) -> str:
    return s.translate(_QUOTES)


_FILLERS = re.compile(r"各类|各项|各种|各级|各个")


def clean_subject(text: str) -> str:
    """Strip leading scope/time words and trailing verbs/qualifiers from the text before a number."""
    s = _FILLERS.sub("", text).strip(_PUNCT_EDGE)
    prev = None
    while prev != s:
        prev = s
        s = _LEAD.sub("", s)
        s = _TRAIL.sub("", s)
        s = s.strip(_PUNCT_EDGE)
        # unbalanced brackets left by clause cuts
        if s.count("（") < s.count("）"):
            s = s.replace("）", "", 1)
        s = s.removeprefix("）")
    if s.endswith(("（", "(")):
        s = s[:-1]
    return s


# ------------------------------------------------------------------------------------------ jieba

@functools.lru_cache(maxsize=1)
def _posseg():  # lazy: jieba loads its dictionary on first use only
    import logging

    import jieba
    import jieba.posseg as pseg

    from extract.jieba_dictionary import initialize_default_tokenizer
    from extract.viterbi import install

    jieba.setLogLevel(logging.WARNING)
    initialize_default_tokenizer()  # jieba's dictionary, loaded once per process (the keyword rule shares it)
    for f in sorted(LEXICON_DIR.glob("*.txt")):
        jieba.load_userdict(str(f))
    install()  # the same tags, faster
    return pseg


def load_resources() -> None:
    """The fact rules imported and jieba's dictionary with the lexicon loaded now (see _posseg) rather than at
    the first clause (the warm helper of `make run` does it while the run begins)."""
    import extract.facts  # noqa: F401  (the rules that use it)

    _posseg()


class Word(NamedTuple):
    word: str
    flag: str


@functools.lru_cache(maxsize=1 << 16)
def pos_words(text: str) -> tuple[Word, ...]:
    """jieba's words and part-of-speech flags of `text`, cached: clauses recur across reports and a cut
    (HMM Viterbi over every unknown span) was most of the extraction time."""
    return tuple(Word(w.word, w.flag) for w in _posseg().cut(text))


# tokens that end a noun phrase that follows a number
_STOP_WORDS = frozenset({
    "的", "被", "等", "通过", "实现", "全部", "均", "已", "已经", "获", "获得", "成功", "投入使用", "开工",
    "建设", "完成",
    "达到", "纳入", "入选", "为", "在", "将", "向", "对", "并", "实行", "全面", "顺利", "得到",
    "分别", "共", "累计", "下沉", "参与", "加入", "落户", "竣工", "投产", "开展", "进行",
})


_NOUNISH = ("n", "vn", "j", "b", "eng", "an", "nz", "ng", "s", "l")
_OPEN_Q, _CLOSE_Q = "“《「(（", "”》」)）"


def noun_after(text: str, max_len: int = 16, noun_first: bool = False) -> tuple[str, int]:
    """The noun phrase at the start of `text` (what a measure word counts) and how many characters it used:
    临时党支部被… → ('临时党支部', 5); 挂牌督战村工作力度 → ('挂牌督战村工作力度', 9)."""
    text = text[:40]
    m = re.match(r"[^，。；：、,;:！？]*", text)
    chunk = m.group(0) if m else ""
    if not chunk or chunk[0] in "的为在于对向被把将从由给用":
        return "", 0
    words = pos_words(chunk)
    first = words[0] if words else None
    if noun_first and first and (not first.flag.startswith(_NOUNISH) or first.flag == "vn" or first.word in VERB_ONLY
                                 or first.word.startswith(MEANINGFUL_LEADS)):
        return "", 0  # 投入3900万元新建泵站: what follows is what the money was for, not a noun it counts
    out: list[str] = []
    used = pos = 0
    seen_noun = False
    depth = 0
    for w in words:
        word, flag = w.word, w.flag
        pos += len(word)
        if word in _OPEN_Q or word in _CLOSE_Q or depth:
            depth += (word in _OPEN_Q) - (word in _CLOSE_Q)
            depth = max(depth, 0)
            out.append(word)
            continue
        if word in _STOP_WORDS:
            break  # 1286户4352人全部脱贫: 全部 is not what 人 counts
        if word in ("的", "被", "等"):
            break
        if flag.startswith(("p", "u", "d", "c", "r", "m", "q")) and word != "和":
            if flag.startswith("m") and chunk[pos:pos + 1] == "强":
                out.append(word)  # 500强企业: a rank that names the noun
                continue
            if out or flag.startswith(("p", "u", "d", "c")):
                break
            continue
        is_verb = flag.startswith("v") and flag != "vn"
        if is_verb and seen_noun:
            break
        if not is_verb and not flag.startswith(_NOUNISH) and word != "和" and seen_noun:
            break
        out.append(word)
        if flag.startswith(_NOUNISH) and flag != "vn" or flag == "vn" and seen_noun:
            seen_noun = True
            used = pos
        elif flag.startswith(_NOUNISH):
            used = pos
        if sum(len(x) for x in out) >= max_len:
            break
    if not seen_noun:
        return "", 0
    # drop trailing words that are not part of the noun phrase
    phrase = ""
    acc = 0
    for word in out:
        if acc + len(word) > used:
            break
        phrase += word
        acc += len(word)
    phrase = re.sub(r"(?:和|及|与)+$", "", phrase)
    used = len(phrase)
    phrase = strip_quotes(phrase).strip(_PUNCT_EDGE)
    return (phrase, used) if phrase else ("", 0)


def trailing_verb(text: str) -> str:
    """The verb right before a number (发现并及时处理 → 处理; 完善机制并吹哨 → 吹哨); '' if none."""
    if not text:
        return ""
    text = text.rsplit("并", 1)[-1]
    words = pos_words(text)
    out: list[str] = []
    for w in reversed(words):
        if (w.flag.startswith("v") and w.flag != "vn") or w.word in VERB_ONLY:
            out.insert(0, w.word)
        elif w.flag.startswith("d") and out:
            continue
        else:
            break
    verb = "".join(out)
    return verb if len(verb) <= 6 else ""


def leading_verb(text: str) -> str:
    """The verb a clause opens with (新建迎水南路、丰华道等 → 新建); '' when it opens with a noun."""
    if not text:
        return ""
    for lead in MEANINGFUL_LEADS:
        if text.startswith(lead):
            return lead
    out = []
    for w in pos_words(text[:12]):
        if (w.flag.startswith("v") and w.flag != "vn") or w.word in VERB_ONLY:
            out.append(w.word)
        else:
            break
    verb = "".join(out)
    return verb if 0 < len(verb) <= 6 and len(verb) < len(text) else ""


def is_verb_phrase(text: str) -> bool:
    """True when `text` is only verbs (组建, 新建, 帮助招录): the object must come from after the number."""
    if not text:
        return True
    words = pos_words(text)
    return all(w.flag.startswith(("v", "d", "p", "a")) and w.flag != "vn" for w in words) or text in VERB_ONLY


VERB_ONLY = frozenset({
    "新增", "新建", "新认定", "新培育", "新引进", "新增设", "组建", "建成", "建设", "改造", "提升改造", "培育",
    "认定", "引进", "实施",
    "举办", "开展", "组织", "发放", "投入", "投资", "安装", "完成", "新创建", "创建", "拆除", "增设", "增投",
    "帮扶", "帮助", "选派", "抽调", "启动", "推进", "续建", "完善", "建立", "开办", "提升", "整治", "治理", "接待",
})


_IMPLIED_MEASURE = (
    (re.compile(r"(?:人口|人员|人才|群众|居民|农民|职工|学生|儿童|老人|党员|干部|游客|劳动力|毕业生|人)$"), "人"),
    (re.compile(r"(?:农户|家庭|住户|户)$"), "户"),
    (re.compile(r"(?:企业|市场主体|商户|公司)$"), "家"),
)


def implied_measure_word(noun: str) -> str:
    """The measure word a count leaves out before its noun (5575万农村贫困人口 → 人; 1.2万农户 → 户); 个 otherwise."""
    for rule, word in _IMPLIED_MEASURE:
        if rule.search(noun):
            return word
    return "个"


def unit_suffix(metric: str, family: str | None) -> str:
    """A word naming what a unit measures, appended when a second number shares the subject (12宗149.12亩)."""
    word = {"area": "面积", "length": "长度"}.get(family or "")
    if not word or metric.endswith((word, "资金", "投资", "收入", "金额", "面积", "里程")):
        return metric
    return metric + word
