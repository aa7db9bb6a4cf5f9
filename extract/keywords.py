"""关键词 (keywords): the top terms of each section type of a report, by jieba.analyse, at extract time.

A report's text of one section type is what the warehouse calls its section text (int_section_text): each
character in the deepest section that covers it, passages that are not contiguous joined by a new line
(`section_type_texts`). Its top terms are jieba.analyse's TF-IDF (`TFIDF.extract_tags`) and TextRank
(`TextRank.textrank`) with weights: jieba's IDF table and stop words, the part-of-speech tags of ALLOW_POS.

One small wrapper around jieba.analyse (`_Cut`): the text is cut and tagged once (jieba.posseg) and both
methods read that cut, instead of each cutting the text again. The cut is jieba's without its HMM: a word its
dictionary does not list is no keyword (it would get no IDF of its own either), and the HMM's discovery of
unknown words cost more than both methods together (bench/FINDINGS.md).

The tokenizer is jieba's default dictionary in a private `jieba.Tokenizer`, never `jieba.dt`: extract.segment
loads the project's user dictionary into `jieba.dt` for fact extraction, and the terms must not depend on what
else ran in the process.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from extract.records import Section

TOP_K = 20
ALLOW_POS = ("n", "nz", "vn", "nt", "ns", "nr", "l", "i", "j")
METHODS = ("tfidf", "textrank")
_NOT_A_TERM = re.compile(r"^[\d.%％]+$|^.$")  # numbers and one-character terms are no keywords


@dataclass(frozen=True)
class SectionKeyword:
    """One top term of a report's text of one section type (a row of raw.section_keywords)."""

    section_type: str
    method: str  # one of METHODS
    term_rank: int  # 1 = the top term of its section type and method
    term: str
    weight: float  # jieba's TF-IDF or TextRank weight, rounded to 6 decimals
    occurrences: int  # non-overlapping matches of the term in the text (str.count)


class _Cut:
    """A tokenizer that hands jieba.analyse the (word, tag) pairs of a text already cut."""

    def __init__(self, pairs: tuple) -> None:
        self.pairs = pairs

    def cut(self, *_args: object, **_kwargs: object) -> Iterable:
        return iter(self.pairs)


@functools.lru_cache(maxsize=1)
def _analysers():
    """(part-of-speech tokenizer on jieba's default dictionary, TFIDF, TextRank), made once per process."""
    import jieba
    import jieba.analyse
    import jieba.posseg

    from extract.jieba_dictionary import default_dictionary, tokenizer_with_default_dictionary

    jieba.setLogLevel(logging.WARNING)
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)  # dict.txt's tags are loaded already:
    pos.tokenizer, pos.word_tag_tab = tokenizer_with_default_dictionary(), default_dictionary().tags
    return pos, jieba.analyse.TFIDF(), jieba.analyse.TextRank()


def load_resources() -> None:
    """Load jieba's dictionary, tag table and IDF table now rather than at the first text."""
    _analysers()


def _with_cut(analyser, pairs: tuple):
    """A copy of `analyser` (sharing its IDF table and stop words) that reads `pairs` instead of cutting."""
    mine = copy.copy(analyser)
    mine.tokenizer = mine.postokenizer = _Cut(pairs)
    return mine


def top_terms(text: str, top_k: int = TOP_K) -> dict[str, list[tuple[str, float]]]:
    """{method: [(term, weight)]}: the first top_k of each method's best 2 * top_k without numbers and
    one-character terms, weights rounded to 6 decimals; best first, in jieba's order."""
    pos, tfidf, textrank = _analysers()
    pairs = tuple(pos.cut(text, HMM=False))
    found = {"tfidf": _with_cut(tfidf, pairs).extract_tags("", topK=top_k * 2, withWeight=True, allowPOS=ALLOW_POS),
             "textrank": _with_cut(textrank, pairs).textrank("", topK=top_k * 2, withWeight=True,
                                                             allowPOS=ALLOW_POS)}
    return {method: [(term, round(float(weight), 6)) for term, weight in terms
                     if not _NOT_A_TERM.match(term)][:top_k] for method, terms in found.items()}


def section_type_texts(text: str, sections: Iterable[Section]) -> dict[str, str]:
    """{section type: text}: each character of `text` in the deepest section covering it (the later one of
    equal depth), the pieces of a type in order, a new line between pieces that are not contiguous.
    The rule of the dbt model int_section_text, so that the terms are those of the text the marts count in."""
    spans = [s for s in sections if s.char_end > s.char_start]
    bounds = sorted({p for s in spans for p in (s.char_start, s.char_end)})
    parts: dict[str, list[str]] = {}
    ends: dict[str, int] = {}
    for start, end in zip(bounds, bounds[1:], strict=False):
        owners = [s for s in spans if s.char_start <= start and s.char_end >= end]
        if not owners:
            continue
        kind = max(owners, key=lambda s: (s.level, s.ordinal)).section_type
        parts.setdefault(kind, []).append(("" if ends.get(kind) == start else "\n") + text[start:end])
        ends[kind] = end
    return {kind: "".join(pieces).lstrip("\n") for kind, pieces in parts.items()}


def section_keywords(text: str, sections: Iterable[Section], top_k: int = TOP_K) -> list[SectionKeyword]:
    """The top terms of each section type of a report (cleaned text and its sections), by section type in
    order of first appearance, then method, then rank."""
    rows = []
    for kind, section_text in section_type_texts(text, sections).items():
        if not section_text.strip():
            continue
        for method, terms in top_terms(section_text, top_k).items():
            rows += [SectionKeyword(kind, method, rank, term, weight, section_text.count(term))
                     for rank, (term, weight) in enumerate(terms, start=1)]
    return rows


def keyword_rows(report_id: str, text: str, sections: Iterable[Section]) -> list[dict]:
    """raw.section_keywords rows of one report."""
    return [{"report_id": report_id, **asdict(k)} for k in section_keywords(text, sections)]
