"""extract.keywords: jieba.analyse's TF-IDF and TextRank on a faster word/tag cut, in one place.

Fed the same (word, tag) pairs, its TF-IDF gives exactly what jieba.analyse.TFIDF.extract_tags gives and its
TextRank what jieba.analyse.TextRank.textrank gives (weights to 1e-9, the same order; scores jieba has
equal but for float rounding are ordered by first appearance); the tagger tags dictionary words with the
dictionary's tag and other words 'x'; the terms of a text the previous build computed are reused (by
report, section type and text hash), a changed text is recomputed; a process pool gives the same rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jieba.analyse import TFIDF, TextRank
from jieba.posseg import pair

from extract import keywords

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))

TEXT = ("大力发展新质生产力，推动制造业高质量发展。新质生产力是创新起主导作用的先进生产力。"
        "加快发展数字经济，推进数字产业化和产业数字化，建设数字经济产业园。全年新增就业5000人。") * 3
OTHER = "深化国资国企改革，优化营商环境，推动民营经济发展壮大。建设现代化产业体系，培育战略性新兴产业。" * 2


class _Pairs:
    """A tokenizer that hands jieba.analyse the given (word, tag) pairs, whatever text it is asked to cut."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = [pair(w, f) for w, f in pairs]

    def cut(self, *args, **kwargs):
        return iter(self.pairs)


def _jieba_tfidf(pairs, top_k):
    ex = TFIDF()
    ex.tokenizer = ex.postokenizer = _Pairs(pairs)
    return ex.extract_tags("-", topK=top_k, withWeight=True, allowPOS=keywords.ALLOW_POS)


def _jieba_textrank(pairs, top_k):
    ex = TextRank()
    ex.tokenizer = ex.postokenizer = _Pairs(pairs)
    return ex.textrank("-", topK=top_k, withWeight=True, allowPOS=keywords.ALLOW_POS)


def _texts():
    """(name, text): the seed reports whole and in pieces, and small texts."""
    out = []
    for p in SEEDS:
        text = p.read_text(encoding="utf-8")
        out += [(p.name, text), (f"{p.name}[:2000]", text[:2000]), (f"{p.name}[6000:6600]", text[6000:6600])]
    return out + [("TEXT", TEXT), ("OTHER", OTHER), ("short", "推动制造业高质量发展"), ("one word", "经济经济"),
                  ("no term", "，。2024年"), ("empty", "")]


SMALL_PAIRS = [  # hand-made pairs: self-loops, window edges, stop words, short words, case, tags not allowed
    [("经济", "n"), ("经济", "n"), ("发展", "vn"), ("The", "n"), ("经济", "n")],
    [("产业", "n"), ("，", "x"), ("园区", "n"), ("建设", "v"), ("企业", "n"), ("项目", "n"), ("。", "x"),
     ("产业", "n"), ("We", "n"), ("DATA", "nz"), ("data", "n"), (" 人 ", "n"), ("园区", "n")],
    [("甲乙", "n"), ("丙丁", "n"), ("戊己", "n"), ("庚辛", "n")],
    [("中心", "n")] + [(w, "n") for w in ("一一", "二二", "三三", "四四")] * 2 + [("中心", "n")],
    [],
]


def _same_ranking(mine, theirs, tol=1e-9):
    """Same terms and weights (to tol) in the same order, except that scores equal to 1e-12 may be in any
    order (jieba orders those by its float rounding); compared on the whole ranking."""
    assert len(mine) == len(theirs)
    for (t1, w1), (t2, w2) in zip(mine, theirs, strict=True):
        assert abs(w1 - w2) <= tol, (t1, w1, t2, w2)
        if t1 != t2:
            assert abs(w1 - dict(theirs)[t1]) <= 1e-12 * max(1.0, abs(w1)), (t1, t2, w1, w2)
    assert {t for t, _ in mine} == {t for t, _ in theirs}


@pytest.mark.parametrize(("name", "text"), _texts(), ids=[n for n, _ in _texts()])
def test_tfidf_and_textrank_equal_jieba_analyse_on_the_same_words(name, text):
    pairs = keywords.tagged_words(text)
    assert keywords.tfidf_terms(pairs, top_k=None) == _jieba_tfidf(pairs, None)
    assert keywords.tfidf_terms(pairs, top_k=40) == _jieba_tfidf(pairs, 40)
    _same_ranking(keywords.textrank_terms(pairs, top_k=None), _jieba_textrank(pairs, None))


@pytest.mark.parametrize("pairs", SMALL_PAIRS)
def test_small_word_lists_equal_jieba_analyse(pairs):
    assert keywords.tfidf_terms(pairs, top_k=None) == _jieba_tfidf(pairs, None)
    _same_ranking(keywords.textrank_terms(pairs, top_k=None), _jieba_textrank(pairs, None))


def test_textrank_ties_keep_jiebas_order_of_first_appearance():
    pairs = []  # four leaves around one hub, each leaf sorted before the hub: the leaves tie exactly
    for leaf in ("三三", "一一", "二二", "五五"):
        pairs += [(leaf, "n"), ("龙龙", "n")] + [("，", "x")] * 4
    theirs = _jieba_textrank(pairs, None)
    assert len({w for t, w in theirs if t != "龙龙"}) == 1
    assert [t for t, _ in keywords.textrank_terms(pairs, top_k=None)] == [t for t, _ in theirs] == [
        "龙龙", "三三", "一一", "二二", "五五"]
    assert [t for t, _ in keywords.textrank_terms(pairs, top_k=3)] == ["龙龙", "三三", "一一"]


@pytest.mark.parametrize(("word", "tag"), [
    ("经济", "n"), ("发展", "vn"), ("推动", "v"), ("北京", "ns"), ("我们", "r"), ("，", "x"),
])
def test_dictionary_words_get_the_dictionary_tag(word, tag):
    assert keywords.tag_words([word], {"经济": "n", "发展": "vn", "推动": "v", "北京": "ns", "我们": "r"}) == [
        (word, tag)]
    assert dict(keywords.tagged_words(f"。{word}。"))[word] == tag


def test_words_the_dictionary_lacks_are_tagged_x():
    import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab
    pairs = keywords.tagged_words("张家窝镇推进智汇谷建设，2024年GDP增长5.2%。" + TEXT)
    assert pairs and all(tag == (tags.get(w) or "x") for w, tag in pairs)
    assert {w for w, tag in pairs if tag == "x"} >= {"2024", "GDP", "5.2%", "，"}
    assert "".join(w for w, _ in pairs) == "张家窝镇推进智汇谷建设，2024年GDP增长5.2%。" + TEXT


def test_the_project_lexicon_in_jieba_dt_does_not_change_the_terms(monkeypatch):
    """extract.segment loads the user dictionary into jieba.dt; the keyword rule keeps jieba's default
    dictionary, so its terms do not depend on what else ran in the process."""
    import jieba

    before = keywords.text_terms(TEXT, top_k=5)
    jieba.dt.add_word("新质生产力是创新", 10**6, tag="n")
    try:
        assert keywords.text_terms(TEXT, top_k=5) == before
    finally:
        jieba.dt.del_word("新质生产力是创新")


@pytest.mark.parametrize("method", ["tfidf", "textrank"])
def test_top_terms_are_the_first_of_twice_as_many_without_numbers(method):
    pairs = keywords.tagged_words(TEXT)
    found = (_jieba_tfidf if method == "tfidf" else _jieba_textrank)(pairs, 10)
    expected = [(term, round(float(w), 6)) for term, w in found if not keywords._NOT_A_TERM.match(term)][:5]
    assert [(t, w) for _, t, w in keywords.top_terms(TEXT, method, top_k=5)] == expected


def test_rows_carry_their_text_hash_in_method_and_rank_order():
    sections = [("r1", "plan_year", TEXT), ("r2", "review_year", OTHER)]
    first = keywords.keyword_rows(sections, top_k=3)
    assert [r["text_md5"] for r in first] == [keywords.text_md5(TEXT)] * 6 + [keywords.text_md5(OTHER)] * 6
    assert [(r["term_source"], r["term_rank"]) for r in first[:6]] == [
        ("tfidf", 1), ("tfidf", 2), ("tfidf", 3), ("textrank", 1), ("textrank", 2), ("textrank", 3)]


def test_the_text_hash_changes_with_the_text_and_with_the_keyword_rule(monkeypatch):
    """The incremental model recomputes a text whose (report, section type, text_md5) it does not hold: a
    changed text, and every text once the rule's version changes."""
    before = keywords.text_md5(TEXT)
    assert keywords.text_md5(TEXT + "新增就业岗位。") != before
    monkeypatch.setattr(keywords, "RULE_VERSION", keywords.RULE_VERSION + "-next")
    assert keywords.text_md5(TEXT) != before


def test_a_text_repeated_under_several_reports_is_cut_once(monkeypatch):
    cuts = []
    real = keywords.tagged_words
    monkeypatch.setattr(keywords, "tagged_words", lambda text: cuts.append(text) or real(text))
    rows = keywords.keyword_rows([("r1", "plan_year", TEXT), ("r2", "plan_year", TEXT)], top_k=2)
    assert cuts == [TEXT]
    assert [r["report_id"] for r in rows] == ["r1"] * 4 + ["r2"] * 4


def test_a_pool_gives_the_rows_computed_in_process(monkeypatch):
    sections = [(p.stem, kind, p.read_text(encoding="utf-8")[start:start + 4000])
                for p in SEEDS for kind, start in (("review_year", 0), ("plan_year", 6000))]
    in_process = keywords.keyword_rows(sections, workers=1)
    monkeypatch.setattr(keywords, "POOL_MIN_CHARS", 0)
    started = []
    real = keywords.concurrent.futures.ProcessPoolExecutor
    monkeypatch.setattr(keywords.concurrent.futures, "ProcessPoolExecutor",
                        lambda **kw: started.append(kw) or real(**kw))
    assert keywords.keyword_rows(sections, workers=2) == in_process
    assert len(started) == 1 and started[0]["max_workers"] == 2
    assert started[0]["mp_context"].get_start_method() == "spawn"


def test_few_new_texts_are_computed_in_process(monkeypatch):
    monkeypatch.setattr(keywords.concurrent.futures, "ProcessPoolExecutor", None)  # would fail if used
    sections = [(f"r{i}", "plan_year", f"{TEXT}{i}") for i in range(keywords.POOL_MIN_TEXTS - 1)]
    rows = keywords.keyword_rows(sections, workers=2)
    assert {r["report_id"] for r in rows} == {f"r{i}" for i in range(keywords.POOL_MIN_TEXTS - 1)}


def test_one_load_of_jiebas_dictionary_serves_both_tokenizers():
    """Fact extraction's jieba.dt (with the project lexicon) and the keyword rule's tokenizer (without it) are
    made from one load of jieba's dictionary; the lexicon goes into jieba.dt's copy only."""
    import jieba

    from extract.jieba_dictionary import default_dictionary
    from extract.keywords import _jieba
    from extract.segment import tagger

    tagger()
    tokenizer, tags, *_ = _jieba()
    base = default_dictionary()
    assert tokenizer.FREQ is base.freq and tags is base.tags  # shared, not loaded again
    assert jieba.dt.FREQ is not base.freq
    assert jieba.dt.FREQ.get("地区生产总值") and not base.freq.get("地区生产总值")  # a lexicon word
    assert "地区生产总值" not in tokenizer.lcut("地区生产总值增长6%")
    assert "地区生产总值" in jieba.lcut("地区生产总值增长6%")
