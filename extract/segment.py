"""Words and part-of-speech tags of a clause: jieba with the project's user dictionary.

The user dictionary is generated (`user_dictionary`): the metric catalogue's aliases
(dbt_project/seeds/metric_aliases.csv) and the vocabulary's terms and metric heads as nouns, its units of two or
more characters as measure words. The noun-phrase rules of extract/metric_phrase.py read the tags through
`pos_words`.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path
from typing import NamedTuple

from extract.vocabulary import vocabulary

METRIC_ALIASES = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "metric_aliases.csv"
_HAN = re.compile(r"[\u4e00-\u9fff]")
USER_WORD_FREQ = 50  # high enough for a user word to win over the characters jieba would cut it into


def user_dictionary() -> list[tuple[str, str]]:
    """(word, part-of-speech tag) of the segmenter's user dictionary, each word once (its first tag): the
    catalogue's aliases, the terms and the metric heads as nouns, the units as measure words. Words without a
    Chinese character (GDP, CPI) are left out: jieba reads Latin runs without its dictionary."""
    vocab = vocabulary()
    with METRIC_ALIASES.open(encoding="utf-8", newline="") as f:
        aliases = [row["alias"] for row in csv.DictReader(f)]
    heads = [head for head, role, _ in vocab.metric_heads if role in ("shared", "elliptic") and len(head) > 1]
    nouns = aliases + [term for term, _ in vocab.terms] + heads
    units = [u.unit for u in vocab.units if len(u.unit) > 1]
    tagged: dict[str, str] = {}
    for word, tag in [(w, "n") for w in nouns] + [(u, "q") for u in units]:
        if _HAN.search(word):
            tagged.setdefault(word, tag)
    return list(tagged.items())


@functools.lru_cache(maxsize=1)
def tagger():
    """jieba.posseg with jieba's dictionary and the user dictionary loaded, once per process (lazily: loading
    jieba's dictionary is the slowest step of a run's start)."""
    import logging

    import jieba
    import jieba.posseg as pseg

    from extract.jieba_dictionary import initialize_default_tokenizer
    from extract.viterbi import install

    jieba.setLogLevel(logging.WARNING)
    initialize_default_tokenizer()  # jieba's dictionary, loaded once per process (the keyword rule shares it)
    for word, tag in user_dictionary():
        jieba.add_word(word, USER_WORD_FREQ, tag)
    install()  # the same tags, faster
    return pseg


class Word(NamedTuple):
    word: str
    flag: str


@functools.lru_cache(maxsize=1 << 16)
def pos_words(text: str) -> tuple[Word, ...]:
    """jieba's words and part-of-speech flags of `text`, cached: clauses recur across reports and a cut
    (HMM Viterbi over every unknown span) was most of the extraction time."""
    return tuple(Word(w.word, w.flag) for w in tagger().cut(text))
