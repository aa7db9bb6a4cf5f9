"""Comparators of targets (and bounds of actuals), change verbs and change bases.

    comparator_of(q, left="控制在") == ("at_most", "控制在")
    change_sign("下降") == -1
"""

from __future__ import annotations

import re

from extract.numbers import Quantity

AT_LEAST_PREFIX = ("不低于", "不少于", "超过", "突破", "高于", "至少", "多于", "大于", "超", "逾", "过", "最低")
AT_MOST_PREFIX = ("不超过", "不高于", "低于", "少于", "不到", "不足", "最高")
APPROX_PREFIX = ("约", "近", "将近", "接近", "大约")
AT_LEAST_SUFFIX = ("以上",)
AT_MOST_SUFFIX = ("以下", "以内", "之内", "内")
APPROX_SUFFIX = ("左右", "上下")


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
    m = re.search(r"(控制在|压减到|压缩到|压缩至|降至|降低到|下降到)$", left)
    if m and (kind == "target" or m.group(1) == "控制在"):  # an actual that 下降到 a level reached it: no bound
        return "at_most", m.group(1)
    if q.prefix in APPROX_PREFIX:
        return "approx", q.prefix
    if kind == "target":
        if q.approx in ("余", "多"):
            return "at_least", q.approx
        return "exact", None
    return None, None


# verbs that turn the percentage after them into a change; sign of the change
_UP = ("增长", "提高", "上涨", "上升", "增加", "提升", "改善", "增", "扩大", "回升", "拉动", "多")
_DOWN = ("下降", "降低", "回落", "减少", "压减", "压缩", "缩短", "下拉", "降", "减", "收窄", "少")
CHANGE_VERBS = sorted(_UP + _DOWN + ("增幅", "涨幅", "降幅", "增速", "增长率", "增长幅度"), key=len, reverse=True)
_DOWN_NOUNS = ("降幅",)

CHANGE_TAIL = re.compile(
    r"(?P<verb>" + "|".join(CHANGE_VERBS) + r")(?:了)?(?:分别|均|都)?(?:为|达|达到|保持在|在)?$"
)
# bases of a change: 同比, 年均, 累计, 比上年, 较“十二五”末, 比2015年 …
# bases written as one word (同口径: on a comparable scope)
PLAIN_BASES = r"同比|同口径|年均|累计|环比"
# a basis against a named point in time: 比上年, 较“十三五”末, 比2015年, 较同期 (the one place for this phrase)
BASIS_PHRASE = r"(?:比|较)(?:“[^”]{1,8}”|[0-9]{4}年|上年|去年|同期|上一年)(?:末期?|期间|时期|底)?"
# words between a subject and its change verb that only say how the change is measured
CHANGE_QUALIFIERS = r"实际|名义|按?可比价格?(?:计算)?|扣除价格因素(?:后)?"
BASIS_RE = re.compile(
    PLAIN_BASES + r"|(?:比|较)(?:“[^”]{1,8}”|[0-9]{4}年|上年|去年|同期|上一年|[^，、；。\d]{1,6}?)"
    r"(?:末期?|期间|时期|底|同期)?(?=分别|均|都|增|提|下|降|减|上|回|扩|缩|翻|的|实现|$)"
)


def change_sign(verb: str) -> int:
    if verb in _DOWN_NOUNS:
        return -1
    if verb.startswith(("增幅", "涨幅", "增速", "增长")):
        return 1
    return -1 if any(verb.startswith(d) for d in _DOWN) else 1


def change_verb(left: str) -> str | None:
    """The change verb ending `left` (the text just before a number), if any."""
    m = CHANGE_TAIL.search(left)
    return m.group("verb") if m else None


def basis_of(text: str) -> str | None:
    found = list(BASIS_RE.finditer(text))
    if not found:
        return None
    return found[-1].group(0).replace("“", "").replace("”", "")
