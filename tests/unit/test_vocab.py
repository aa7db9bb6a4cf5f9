"""Every entry of extract/vocab/ read back through the extractor: a word added to a file is a word the rules use."""

from __future__ import annotations

import pytest
from factkit import brief, facts_of

from extract.metric_phrase import implied_measure_word
from extract.numbers import find_quantities, magnitude_factor, unit_family
from extract.qualitative import qualitative_facts
from extract.vocabulary import read_table, vocabulary

VOCAB = vocabulary()


@pytest.mark.parametrize("unit", [u.unit for u in VOCAB.units])
def test_every_unit_is_read_with_its_family(unit: str) -> None:
    family = VOCAB.unit_family[unit]
    (q,) = find_quantities(f"全年共计37{unit}，")
    assert (q.value, q.unit, q.family) == (37.0, unit, family)
    assert magnitude_factor(unit) == 1.0  # 千米, 千瓦时, 百分点: the unit's own first character is no magnitude


@pytest.mark.parametrize("magnitude", [m.magnitude for m in VOCAB.magnitudes])
def test_every_magnitude_multiplies_out(magnitude: str) -> None:
    factor = next(m.factor for m in VOCAB.magnitudes if m.magnitude == magnitude)
    (q,) = find_quantities(f"投资2.5{magnitude}元，")
    assert q.unit == magnitude + "元" and q.base() == (round(2.5 * factor, 6), "元")


@pytest.mark.parametrize("word", [c.word for c in VOCAB.comparators if c.position == "before"])
def test_every_comparator_word_before_a_number(word: str) -> None:
    comparator = VOCAB.comparator_of_word(word)[0]
    (fact,) = facts_of(f"城镇调查失业率{word}5.5%。", "plan_year")
    assert (fact.comparator, fact.comparator_text, fact.value) == (comparator, word, 5.5)


@pytest.mark.parametrize("word", [c.word for c in VOCAB.comparators if c.position == "after"])
def test_every_comparator_word_after_a_unit(word: str) -> None:
    comparator = VOCAB.comparator_of_word(word)[0]
    (fact,) = facts_of(f"城镇调查失业率5.5%{word}。", "plan_year")
    assert (fact.comparator, fact.comparator_text, fact.value) == (comparator, word, 5.5)


@pytest.mark.parametrize("word", [c.word for c in VOCAB.comparators if c.position == "after_num"])
def test_every_comparator_word_between_number_and_unit(word: str) -> None:
    comparator = VOCAB.comparator_of_word(word)[0]
    (fact,) = facts_of(f"新增城镇就业30{word}万人。", "plan_year")
    assert (fact.comparator, fact.comparator_text, fact.unit) == (comparator, word, "万人")


@pytest.mark.parametrize("word", [c.word for c in VOCAB.comparators if c.position == "verb"])
def test_every_bounding_verb(word: str) -> None:
    c = next(c for c in VOCAB.comparators if c.word == word)
    (target,) = facts_of(f"居民消费价格涨幅{word}3%。", "plan_year")
    assert (target.comparator, target.comparator_text) == (c.comparator, word)
    (actual,) = facts_of(f"居民消费价格涨幅{word}3%。", "review_year")
    assert actual.comparator == (None if c.targets_only else c.comparator)


@pytest.mark.parametrize("word", [c.word for c in VOCAB.comparators if c.position == "sentence"])
def test_every_qualitative_comparator(word: str) -> None:
    comparator = VOCAB.comparator_of_word(word)[0]
    sentence = f"居民收入增长和经济增长{word}" if comparator == "in_step" else f"一般公共预算收入与上年{word}"
    (fact,) = qualitative_facts(sentence, 0, "target", "plan_year", 2024, 2024, None)
    assert (fact.comparator, fact.comparator_text) == (comparator, word)


@pytest.mark.parametrize("verb", [v.word for v in VOCAB.change_verbs if v.form == "verb"])
def test_every_change_verb_gives_its_sign(verb: str) -> None:
    sign = next(v.sign for v in VOCAB.change_verbs if v.word == verb)
    (fact,) = facts_of(f"全市地区生产总值达到5000亿元，{verb}5.5%。")
    assert brief(fact) == ("地区生产总值", 5000.0, "亿元", sign * 5.5, None)


@pytest.mark.parametrize("noun", [v.word for v in VOCAB.change_verbs if v.form == "noun"])
def test_every_change_noun_names_its_own_change(noun: str) -> None:
    sign = next(v.sign for v in VOCAB.change_verbs if v.word == noun)
    (fact,) = facts_of(f"规模以上工业增加值{noun}为5.5%。")
    assert brief(fact) == ("规模以上工业增加值", None, None, sign * 5.5, None)


@pytest.mark.parametrize(("word", "kind"), VOCAB.bases)
def test_every_basis(word: str, kind: str) -> None:
    text = {"plain": f"规模以上工业增加值{word}增长5.5%。", "point": f"规模以上工业增加值比{word}增长5.5%。",
            "qualifier": f"规模以上工业增加值{word}增长5.5%。"}[kind]
    (fact,) = facts_of(text)
    assert brief(fact) == ("规模以上工业增加值", None, None, 5.5, None)
    assert fact.change_basis == {"plain": word, "point": "比" + word, "qualifier": None}[kind]


@pytest.mark.parametrize(("ending", "word"), VOCAB.measure_words)
def test_every_measure_word(ending: str, word: str) -> None:
    assert implied_measure_word("贫困" + ending) == word
    (fact,) = facts_of(f"帮助1.2万贫困{ending}，")
    assert fact.unit == "万" + word


@pytest.mark.parametrize("word", VOCAB.words("fillers", "lead"))
def test_every_lead_filler_is_cut(word: str) -> None:
    (fact,) = facts_of(f"{word}规模以上工业增加值增长5.5%。")
    assert fact.metric_name == "规模以上工业增加值"


def test_every_file_is_a_table_with_full_rows() -> None:
    for path in sorted((VOCAB_DIR := __import__("extract.vocabulary").vocabulary.VOCAB_DIR).glob("*.tsv")):
        rows = read_table(path.name)
        assert rows, path
        assert all(row[0] for row in rows), path
    assert VOCAB_DIR.name == "vocab"


# ----------------------------------------------------------------------------- the bugs the one place fixed

def test_not_more_than_is_at_most() -> None:
    """不多于 was a prefix word of numbers.py but in no comparator list: the target came out exact."""
    (fact,) = facts_of("企业开办审批时限不多于3个工作日。", "plan_year")
    assert (fact.comparator, fact.comparator_text, fact.unit) == ("at_most", "不多于", "个工作日")


def test_ping_mi_is_a_unit_of_area() -> None:
    """平米 was no unit: 3.95万平米 became 3.95 万个 (a bare magnitude counting 平米)."""
    (q,) = find_quantities("改造老旧小区3.95万平米，")
    assert (q.unit, q.family, q.base()) == ("万平米", "area", (39500.0, "平米"))
    assert unit_family("千公顷") == "area" and magnitude_factor("千公顷") == 1.0


def test_the_user_dictionary_is_the_vocabulary_and_the_catalogue() -> None:
    """The segmenter's user dictionary is generated: every metric alias, term and unit is a word of jieba.dt."""
    import csv

    import jieba

    from extract.segment import METRIC_ALIASES, tagger, user_dictionary

    tagger()
    words = dict(user_dictionary())
    with METRIC_ALIASES.open(encoding="utf-8", newline="") as f:
        aliases = {row["alias"] for row in csv.DictReader(f)}
    chinese = {w for w in aliases if not w.isascii()}
    assert chinese | {t for t, _ in VOCAB.terms} <= {w for w, tag in words.items() if tag == "n"}
    assert {u.unit for u in VOCAB.units if len(u.unit) > 1} <= set(words)  # 床位 is a term and a unit: n
    assert all(jieba.dt.FREQ.get(w) for w in words)


QUALITATIVE = {kind: VOCAB.words("qualitative", kind) for kind in
               ("above", "benchmark", "direction", "steady", "goal_list", "met_subject")}


@pytest.mark.parametrize("above", QUALITATIVE["above"])
@pytest.mark.parametrize("benchmark", QUALITATIVE["benchmark"][:3])
def test_every_bound_above_a_benchmark(above: str, benchmark: str) -> None:
    (fact,) = qualitative_facts(f"固定资产投资增速{above}{benchmark}以上", 0, "target", "plan_year", 2026, 2026, None)
    assert (fact.metric_name, fact.comparator, fact.comparator_text) == ("固定资产投资", "at_least",
                                                                          f"{above}{benchmark}以上")


@pytest.mark.parametrize("benchmark", QUALITATIVE["benchmark"])
def test_every_benchmark(benchmark: str) -> None:
    (fact,) = qualitative_facts(f"居民收入增速高于{benchmark}", 0, "target", "plan_year", 2026, 2026, None)
    assert (fact.comparator, fact.comparator_text) == ("at_least", f"高于{benchmark}")


@pytest.mark.parametrize(("word", "kind"), [(w, k) for k in ("direction", "steady") for w in QUALITATIVE[k]])
def test_every_direction_in_a_list_of_main_targets(word: str, kind: str) -> None:
    (fact,) = qualitative_facts(f"主要预期目标是：全要素生产率{word}", 0, "target", "plan_year", 2026, 2026, None)
    assert (fact.metric_name, fact.comparator, fact.comparator_text) == (
        "全要素生产率", "flat" if kind == "steady" else None, word)
    assert qualitative_facts(f"全要素生产率{word}", 0, "target", "plan_year", 2026, 2026, None) == []


@pytest.mark.parametrize("word", QUALITATIVE["goal_list"])
def test_every_word_of_a_list_of_main_targets(word: str) -> None:
    (fact,) = qualitative_facts(f"{word}：居民消费价格合理回升", 0, "target", "plan_year", 2026, 2026, None)
    assert (fact.metric_name, fact.comparator) == ("居民消费价格", None)


@pytest.mark.parametrize("word", QUALITATIVE["met_subject"])
def test_every_subject_of_a_met_target(word: str) -> None:
    (fact,) = qualitative_facts(f"全面完成国家下达的{word}目标任务", 0, "target", "plan_year", 2026, 2026, None)
    assert fact.comparator == "met" and word in fact.metric_name


@pytest.mark.parametrize("head", VOCAB.words("qualitative", "indicator_head"))
def test_every_indicator_head_makes_a_five_year_goal(head: str) -> None:
    (fact,) = qualitative_facts(f"主要污染物{head}持续下降", 0, "target", "plan_5y", 2026, 2030, None)
    assert (fact.metric_name, fact.comparator) == (f"主要污染物{head}", None)
    assert qualitative_facts("城市功能持续提升", 0, "target", "plan_5y", 2026, 2030, None) == []  # an aim
