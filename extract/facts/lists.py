"""Step 4 helpers: lists of subjects that share numbers (A、B和C分别…, A和B均…, 由A提高到B).

    >>> split_list("城镇居民、农村居民和全体居民")
    ['城镇居民', '农村居民', '全体居民']
    >>> share_tail(["城镇", "农村居民人均可支配收入"])
    ['城镇居民人均可支配收入', '农村居民人均可支配收入']
    >>> rate_items("农村卫生厕所普及率和生活垃圾无害化处理率")
    ['农村卫生厕所普及率', '生活垃圾无害化处理率']
"""

from __future__ import annotations

import re

from extract.vocabulary import alternation, vocabulary

_VOCAB = vocabulary()
_LIST_SPLIT = re.compile(r"、|和|以及|与")
# heads written once at the end of a list (extract/vocab/metric_heads.tsv, role shared)
_SHARED_HEAD = re.compile("(" + alternation(_VOCAB.words("metric_heads", "shared")) + ")$")
# rates and shares (metric_heads.tsv, role rate)
_RATE_END = alternation(_VOCAB.words("metric_heads", "rate"))
# 由A提高到B: the text before A and between A and B
FROM_TAIL = re.compile(r"(?:由|从)(?:“[^”]{1,8}”|[0-9]{4}年|上年|去年)?(?:末期?|底)?(?:的)?(?:每[人户年月亩天]){0,2}$")
TO_HEAD = re.compile(r"^(?:提高|增长|上升|增加|提升|扩大|下降|降低|减少|缩短|缩小|压缩|降|升|增|提|减)?(?:到|至)")


_SECTORS = re.compile(r"^(?:一二三|一、二、三)(?:次)?产(?:业)?(?P<tail>.*)$")


def split_list(text: str) -> list[str]:
    """A、B和C → [A, B, C]; 及 only splits when nothing else does (普及率, 及时 contain it)."""
    parts = [p for p in _LIST_SPLIT.split(text) if p]
    if len(parts) < 2:
        parts = [p for p in re.split(r"(?<![普涉危])及(?!时)", text) if p]
    return parts


def subject_items(subject: str, n: int) -> list[str] | None:
    """Split 'A、B和C' into n items (None when it does not split into n); 城乡X → 城镇X, 农村X.

    >>> subject_items("城乡居民收入", 2)
    ['城镇居民收入', '农村居民收入']
    >>> subject_items("一二三产增加值", 3)
    ['第一产业增加值', '第二产业增加值', '第三产业增加值']
    """
    parts = [p for p in re.split("、", subject) if p]
    if len(parts) == n:
        return parts
    parts = split_list(subject)
    if len(parts) == n:
        return parts
    if n == 2 and subject.startswith("城乡") and len(subject) > 2:
        return ["城镇" + subject[2:], "农村" + subject[2:]]  # 城乡居民收入分别增长7%、8%: urban, then rural
    sectors = _SECTORS.match(subject)
    if n == 3 and sectors:  # 一二三产增加值分别增长3.5%、6%、5%: the three sectors
        return [f"第{k}产业{sectors.group('tail')}" for k in "一二三"]
    return None


def share_tail(items: list[str]) -> list[str]:
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


def rate_items(subject: str) -> list[str] | None:
    """'农村卫生厕所普及率和生活垃圾无害化处理率' → both rates (one number shared by two rates)."""
    if not re.search(_RATE_END + "$", subject):
        return None
    parts = split_list(subject)
    if len(parts) < 2 or not all(re.search(_RATE_END + "$", p) for p in parts):
        return None
    return parts
