"""The metric phrase: the noun phrase a number measures, without filler verbs and time words.

    clean_subject("全年预计完成固定资产投资") == "固定资产投资"
    noun_after("临时党支部，…") == "临时党支部"   (jieba with the domain dictionary)
"""

from __future__ import annotations

import re

from extract.comparators import BASIS_PHRASE, CHANGE_QUALIFIERS, PLAIN_BASES
from extract.segment import pos_words
from extract.vocabulary import alternation, vocabulary

_VOCAB = vocabulary()
# time phrases that open a clause (the words are extract/vocab/fillers.tsv's lead words)
_LEAD_TIME = (r"[0-9]{4}年(?:底|末|全年|度)?", r"“十[一二三四五六七八九]五”(?:期间|时期|以来|末)?",
              r"(?:过去|近)?[一二三四五两]年(?:来|间)?", r"连续[0-9一二三四五六七八九十]+年",
              r"(?:过去|近)?[一二三四五六七八九十两]{1,3}年(?:来|间|内)?(?=[\u4e00-\u9fff])")
# time, place and scope words that open a clause but are not part of the metric
_LEAD = re.compile(
    r"^(?:[，、；：,;:\s]|" + "|".join(_LEAD_TIME) + "|" + alternation(_VOCAB.words("fillers", "lead")) + ")+"
)
# verbs and qualifiers that end a subject before its number: fillers.tsv's trail words, the comparator words of two
# or more characters, the change nouns (增速, 增长率), the bases
_COMPARATOR_WORDS = _VOCAB.comparator_words("before") + _VOCAB.comparator_words("after")
_TRAIL = re.compile(
    r"(?:[，、；：,;:\s]|"
    + alternation(_VOCAB.words("fillers", "trail") + tuple(w for w in _COMPARATOR_WORDS if len(w) > 1)
                  + _VOCAB.change_words("noun"))
    + r"|(?:增加|增长|提高|提升|上升|下降|降低|减少|扩大|压缩|缩短|缩减|压减)(?:到|至)|"
    + PLAIN_BASES + "|" + CHANGE_QUALIFIERS + "|" + BASIS_PHRASE + r"(?:的)?)+$"
)
# a clause's own verbs that carry meaning and stay in the metric (新增就业, 新认定…): extract/vocab/verbs.tsv
MEANINGFUL_LEADS = _VOCAB.words("verbs", "kept")

_QUOTES = str.maketrans("", "", "“”‘’\"'《》「」")
_PUNCT_EDGE = "，、；：,;:（(）)—-· "


def strip_quotes(s: str) -> str:
    return s.translate(_QUOTES)


_FILLERS = re.compile(alternation(_VOCAB.words("fillers", "anywhere")))


# 地区生产总值突破2万亿元、达到23562亿元: the milestone crossed before the level is no part of its metric
_MILESTONE_TAIL = re.compile(r"(?:首次)?(?:突破|迈上|跨越|跨过|站上|超过)[0-9.]+[万亿千百]*[^\s，。；、0-9]{0,3}?"
                             r"(?:大关|台阶)?[、，]?$")


def clean_subject(text: str) -> str:
    """Strip leading scope/time words and trailing verbs/qualifiers from the text before a number."""
    s = _FILLERS.sub("", text).strip(_PUNCT_EDGE)
    prev = None
    while prev != s:
        prev = s
        s = _LEAD.sub("", s)
        s = _TRAIL.sub("", s)
        s = _MILESTONE_TAIL.sub("", s)
        s = s.strip(_PUNCT_EDGE)
        # unbalanced brackets left by clause cuts
        if s.count("（") < s.count("）"):
            s = s.replace("）", "", 1)
        s = s.removeprefix("）")
    if s.endswith(("（", "(")):
        s = s[:-1]
    return s


# tokens that end a noun phrase that follows a number (extract/vocab/verbs.tsv)
_STOP_WORDS = frozenset(_VOCAB.words("verbs", "stop"))


_NOUNISH = ("n", "vn", "j", "b", "eng", "an", "nz", "ng", "s", "l")
_OPEN_Q, _CLOSE_Q = "“《「(（", "”》」)）"


_FUNCTION_TAGS = ("p", "u", "d", "c", "r", "m", "q")  # prepositions, particles, adverbs, conjunctions, pronouns…
_ENDING_TAGS = ("p", "u", "d", "c")


class _NounPhrase:
    """The words of a noun phrase read one by one: `read` takes a word or says that the phrase ended before it."""

    def __init__(self, chunk: str, max_len: int) -> None:
        self.chunk, self.max_len = chunk, max_len
        self.words: list[str] = []
        self.used = self.pos = self.quote_depth = 0  # used: characters up to the last noun
        self.seen_noun = False

    def read(self, word: str, flag: str) -> bool:
        """Take `word` into the phrase (or skip it); False when the phrase ends before it."""
        self.pos += len(word)
        if word in _OPEN_Q or word in _CLOSE_Q or self.quote_depth:  # a quotation is taken whole
            self.quote_depth = max(self.quote_depth + (word in _OPEN_Q) - (word in _CLOSE_Q), 0)
            self.words.append(word)
            return True
        if word in _STOP_WORDS:
            return False  # 1286户4352人全部脱贫: 全部 is not what 人 counts
        if flag.startswith(_FUNCTION_TAGS) and word != "和":
            return self._function_word(word, flag)
        is_verb = flag.startswith("v") and flag != "vn"
        if self.seen_noun and (is_verb or (not flag.startswith(_NOUNISH) and word != "和")):
            return False  # a verb or another word after the noun ends the phrase
        self.words.append(word)
        if flag.startswith(_NOUNISH) and (flag != "vn" or self.seen_noun):
            self.seen_noun = True
            self.used = self.pos
        elif flag.startswith(_NOUNISH):
            self.used = self.pos
        return sum(len(x) for x in self.words) < self.max_len

    def _function_word(self, word: str, flag: str) -> bool:
        if flag.startswith("m") and self.chunk[self.pos:self.pos + 1] == "强":
            self.words.append(word)  # 500强企业: a rank that names the noun
            return True
        return not (self.words or flag.startswith(_ENDING_TAGS))  # skipped before the phrase starts

    def phrase(self) -> tuple[str, int]:
        """The words up to the last noun, without a trailing 和/及/与 and quotes; ('', 0) without a noun."""
        if not self.seen_noun:
            return "", 0
        phrase, length = "", 0
        for word in self.words:
            if length + len(word) > self.used:
                break
            phrase += word
            length += len(word)
        phrase = re.sub(r"(?:和|及|与)+$", "", phrase)
        used = len(phrase)
        phrase = strip_quotes(phrase).strip(_PUNCT_EDGE)
        return (phrase, used) if phrase else ("", 0)


def _opens_with_purpose(first_word: str, flag: str) -> bool:
    """投入3900万元新建泵站: a verb after an amount says what the money was for, not a noun it counts."""
    return (not flag.startswith(_NOUNISH) or flag == "vn" or first_word in VERB_ONLY
            or first_word.startswith(MEANINGFUL_LEADS))


def noun_after(text: str, max_len: int = 16, noun_first: bool = False) -> tuple[str, int]:
    """The noun phrase at the start of `text` (what a measure word counts) and how many characters it used:
    临时党支部被… → ('临时党支部', 5); 挂牌督战村工作力度 → ('挂牌督战村工作力度', 9). With `noun_first`, nothing
    when the text opens with a verb (an amount's purpose)."""
    chunk = re.match(r"[^，。；：、,;:！？]*", text[:40]).group(0)
    if not chunk or chunk[0] in "的为在于对向被把将从由给用":
        return "", 0
    words = pos_words(chunk)
    if noun_first and words and _opens_with_purpose(words[0].word, words[0].flag):
        return "", 0
    reader = _NounPhrase(chunk, max_len)
    for w in words:
        if not reader.read(w.word, w.flag):
            break
    return reader.phrase()


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


# verbs whatever the tagger says (extract/vocab/verbs.tsv)
VERB_ONLY = frozenset(_VOCAB.words("verbs", "verb"))


# noun ending → the measure word a count of it leaves out (extract/vocab/measure_words.tsv), longest ending first
_IMPLIED_MEASURE = tuple(sorted(_VOCAB.measure_words, key=lambda row: len(row[0]), reverse=True))


def implied_measure_word(noun: str) -> str:
    """The measure word a count leaves out before its noun, by the noun's longest listed ending
    (5575万农村贫困人口 → 人; 1.2万农户 → 户; 3000余商户 → 家); 个 otherwise."""
    return next((word for ending, word in _IMPLIED_MEASURE if noun.endswith(ending)), "个")


# the word naming what a unit family measures (面积, 长度) and heads that already say it: metric_heads.tsv
_FAMILY_WORD = {fam: head for head, role, fam in _VOCAB.metric_heads if role == "family"}
_MEASURED = _VOCAB.words("metric_heads", "measured")


def unit_suffix(metric: str, family: str | None) -> str:
    """A word naming what a unit measures, appended when a second number shares the subject (12宗149.12亩)."""
    word = _FAMILY_WORD.get(family or "")
    if not word or metric.endswith((word, *_MEASURED)):
        return metric
    return metric + word
