"""extract.viterbi gives exactly jieba.posseg's Viterbi results (probability and route), only faster."""

from __future__ import annotations

import random

import jieba.posseg as pseg
import pytest
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from extract.segment import pos_words
from extract.viterbi import viterbi

MODEL = (pseg.char_state_tab_P, pseg.start_P, pseg.trans_P, pseg.emit_P)
SPANS = ["张家窝", "精武", "北闸口镇", "临时党支部", "挂牌督战", "稳链强链补链", "专精特新", "一网通办", "个", "家",
         "万人", "亩", "abc", "Ｘ", "〇"]


def _random_spans(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    chars = sorted(pseg.char_state_tab_P)
    out = ["".join(rnd.choice(chars) for _ in range(rnd.randint(1, 8))) for _ in range(n)]
    return out + ["".join(chr(rnd.randint(0x4E00, 0x9FA5)) for _ in range(rnd.randint(1, 8))) for _ in range(n)]


@pytest.mark.parametrize("span", SPANS + _random_spans(80, 3))
def test_same_probability_and_route_as_jieba(span):
    assert viterbi(span, *MODEL) == jieba_viterbi(span, *MODEL)


def _outcome(fn, *args):
    try:
        return fn(*args)
    except ValueError as exc:  # jieba's max() of nothing
        return type(exc)


def test_unreachable_states_fall_back_like_jieba():
    # B,n cannot start (-inf): every way into E,n scores -inf and jieba's max() then takes the largest state (S,v),
    # not the only one that names E,n; a state nothing follows leaves no state at all (both raise)
    inf = float("-inf")
    states = {"甲": [("B", "n"), ("S", "v")], "乙": [("E", "n")]}
    start = {("B", "n"): inf, ("S", "v"): -1.0, ("E", "n"): -9.0}
    trans = {("B", "n"): {("E", "n"): -0.1}, ("S", "v"): {("S", "v"): -0.2}, ("E", "n"): {}}
    emit = {("B", "n"): {"甲": -0.5}, ("S", "v"): {"甲": -0.5}, ("E", "n"): {"乙": -0.1}}
    assert viterbi("甲乙", states, start, trans, emit)[1] == [("S", "v"), ("E", "n")]
    for obs in ("甲乙", "甲甲乙", "乙甲", "甲"):
        assert _outcome(viterbi, obs, states, start, trans, emit) == _outcome(
            jieba_viterbi, obs, states, start, trans, emit)


def test_installed_for_the_extractor():
    pos_words("初始化")  # loads jieba and installs the Viterbi
    assert pseg.viterbi is viterbi
