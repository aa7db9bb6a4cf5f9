"""Words and part-of-speech tags of a clause: jieba with the project's user dictionary.

The user dictionary is the lexicon of extract/lexicon (terms jieba's own dictionary lacks); the noun-phrase rules
of extract/metric_phrase.py read the tags through `pos_words`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

LEXICON_DIR = Path(__file__).parent / "lexicon"


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
    for f in sorted(LEXICON_DIR.glob("*.txt")):
        jieba.load_userdict(str(f))
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
