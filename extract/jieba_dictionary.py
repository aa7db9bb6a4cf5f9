"""jieba's default dictionary, loaded once per process for both of its users.

Fact extraction (extract.segment) cuts with `jieba.dt` plus the project's user dictionary; the keyword
rule (extract.keywords) needs jieba's dictionary *without* it, in a tokenizer of its own. Each used to
load the dictionary itself: the word frequencies from jieba's cache file and the part-of-speech
table from dict.txt (seconds, not milliseconds), twice when both ran in one process (under `make run` every task
does). Here they are loaded once; `jieba.dt` gets a copy of the frequencies (the user dictionary is added to the
copy), the keyword tokenizer shares them (it never adds a word).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultDictionary:
    freq: dict[str, int]  # word (and every prefix of a word, at 0) → frequency, as jieba.Tokenizer.FREQ
    total: int  # sum of the frequencies, as jieba.Tokenizer.total
    tags: dict[str, str]  # word → part-of-speech tag of dict.txt, as jieba.posseg.POSTokenizer.word_tag_tab


@functools.lru_cache(maxsize=1)
def default_dictionary() -> DefaultDictionary:
    """jieba's default dictionary (frequencies and tags), loaded once per process; treat it as read-only."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    # a POSTokenizer reads the tags of its tokenizer's dictionary file (dict.txt) when it is made
    tags = jieba.posseg.POSTokenizer(tokenizer).word_tag_tab
    return DefaultDictionary(tokenizer.FREQ, tokenizer.total, tags)


def tokenizer_with_default_dictionary():
    """A new jieba.Tokenizer on jieba's default dictionary, sharing the loaded frequencies (do not add words)."""
    import jieba

    base = default_dictionary()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = base.freq, base.total
    tokenizer.initialized = True
    return tokenizer


def initialize_default_tokenizer() -> None:
    """Give `jieba.dt` (jieba's module-level tokenizer) a copy of the default dictionary's frequencies, unless it
    has one already; words added to it later (a user dictionary) change only the copy."""
    import jieba

    with jieba.dt.lock:
        if jieba.dt.initialized or jieba.dt.dictionary != jieba.DEFAULT_DICT:  # loaded, or set to another dictionary
            return
        base = default_dictionary()
        jieba.dt.FREQ, jieba.dt.total = dict(base.freq), base.total
        jieba.dt.initialized = True
