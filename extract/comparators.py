"""Comparators of targets (and bounds of actuals), change verbs and change bases.

    comparator_of(q, left="控制在") == ("at_most", "控制在")
    change_sign("下降") == -1
"""

from __future__ import annotations

import re

from extract.numbers import Quantity
from extract.vocabulary import alternation, vocabulary

_VOCAB = vocabulary()
# comparator words (extract/vocab/comparators.tsv)
AT_LEAST_PREFIX = _VOCAB.comparator_words("before", "at_least")
AT_MOST_PREFIX = _VOCAB.comparator_words("before", "at_most")
APPROX_PREFIX = _VOCAB.comparator_words("before", "approx")
AT_LEAST_SUFFIX = _VOCAB.comparator_words("after", "at_least")
AT_MOST_SUFFIX = _VOCAB.comparator_words("after", "at_most")
APPROX_SUFFIX = _VOCAB.comparator_words("after", "approx")
AT_LEAST_AFTER_NUMBER = _VOCAB.comparator_words("after_num", "at_least")
_BOUND_VERBS = {c.word: c for c in _VOCAB.comparators if c.position == "verb"}
_BOUND_VERB_AT_END = re.compile("(" + alternation(_BOUND_VERBS) + ")$")


def comparator_of(q: Quantity, left: str, kind: str) -> tuple[str | None, str | None]:
    """(comparator, words that gave it). Targets default to 'exact'; actuals only get bounds."""
    if q.suffix in AT_LEAST_SUFFIX:
        return "at_least", q.suffix
    if q.suffix in AT_MOST_SUFFIX:
        return "at_most", q.suffix
    if q.suffix in APPROX_SUFFIX:
        return "approx", q.suffix
    if q.prefix in AT_LEAST_PREFIX:
        return "at_least", q.prefix
    if q.prefix in AT_MOST_PREFIX:
        return "at_most", q.prefix
    m = _BOUND_VERB_AT_END.search(left)
    if m and (kind == "target" or not _BOUND_VERBS[m.group(1)].targets_only):
        # 控制在3%: a bound in actuals too; an actual that 下降到 a level reached it: no bound
        return _BOUND_VERBS[m.group(1)].comparator, m.group(1)
    if q.prefix in APPROX_PREFIX:
        return "approx", q.prefix
    if kind == "target":
        if q.approx in AT_LEAST_AFTER_NUMBER:
            return "at_least", q.approx
        return "exact", None
    return None, None


# verbs (and nouns: 增幅) that turn the number after them into a change, with its sign: extract/vocab/change_verbs.tsv
CHANGE_VERBS = _VOCAB.change_words()
CHANGE_NOUNS = _VOCAB.change_words("noun")
_SIGN = {v.word: v.sign for v in _VOCAB.change_verbs}

CHANGE_TAIL = re.compile(
    r"(?P<verb>" + "|".join(CHANGE_VERBS) + r")(?:了)?(?:分别|均|都)?(?:为|达|达到|保持在|在)?$"
)
# bases of a change: 同比, 年均, 累计, 比上年, 较“十二五”末, 比2015年 …
# bases written as one word (同口径: on a comparable scope)
PLAIN_BASES = "|".join(_VOCAB.words("bases", "plain"))
# a basis against a named point in time: 比上年, 较“十三五”末, 比2015年, 较同期 (the one place for this phrase)
_POINTS = "|".join(_VOCAB.words("bases", "point"))
BASIS_PHRASE = r"(?:比|较)(?:“[^”]{1,8}”|[0-9]{4}年|" + _POINTS + r")(?:末期?|期间|时期|底)?"
# words between a subject and its change verb that only say how the change is measured
CHANGE_QUALIFIERS = alternation(_VOCAB.words("bases", "qualifier"))
BASIS_RE = re.compile(
    PLAIN_BASES + r"|(?<!可)(?:比|较)(?:“[^”]{1,8}”|[0-9]{4}年|" + _POINTS + r"|[^，、；。\d]{1,6}?)"
    r"(?:末期?|期间|时期|底|同期)?(?=分别|均|都|增|提|下|降|减|上|回|扩|缩|翻|的|实现|$)"
)


def change_sign(verb: str) -> int:
    """+1 or -1: the sign a change verb gives the number after it (增长 +1, 下降 -1, 降幅 -1)."""
    return _SIGN[verb]


def change_verb(left: str) -> str | None:
    """The change verb ending `left` (the text just before a number), if any."""
    m = CHANGE_TAIL.search(left)
    return m.group("verb") if m else None


def basis_of(text: str) -> str | None:
    found = list(BASIS_RE.finditer(text))
    if not found:
        return None
    return found[-1].group(0).replace("“", "").replace("”", "")
