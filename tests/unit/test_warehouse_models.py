"""The dbt Python model's pure functions: jieba keyword extraction (the keyword model is glue around
extract.keywords). Region parsing moved to extract time: tests/unit/test_region.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from extract import keywords as keyword_rule

MODELS = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "intermediate"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, MODELS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


keywords = _load("int_report_keywords")


TEXT = ("大力发展新质生产力，推动制造业高质量发展。新质生产力是创新起主导作用的先进生产力。"
        "加快发展数字经济，推进数字产业化和产业数字化，建设数字经济产业园。全年新增就业5000人。") * 3


def test_the_keyword_model_uses_the_rule_of_extract_keywords():
    assert keywords.keyword_rows is keyword_rule.keyword_rows
    assert keywords.text_md5_sql is keyword_rule.text_md5_sql and keywords.COLUMNS is keyword_rule.COLUMNS


def test_the_sql_text_key_is_the_rules_text_key():
    import duckdb

    texts = [TEXT, "一行\n二行，含‰与 PM2.5。", ""]
    got = duckdb.connect().execute(f"select {keyword_rule.text_md5_sql('t')} from unnest(?) as u(t)",
                                   [texts]).fetchall()
    assert [g for (g,) in got] == [keyword_rule.text_md5(t) for t in texts]


class _Dbt:
    """What the model uses of dbt's Python model API: ref() (a DuckDB relation), is_incremental, this."""

    def __init__(self, session, rows, incremental, this="kw"):
        self.session, self.rows, self.is_incremental, self.this = session, rows, incremental, this

    def ref(self, name):
        assert name == "int_section_text"
        self.session.execute("create or replace table section_text (report_id varchar, section_type varchar, "
                             "section_text varchar)")
        if self.rows:
            self.session.executemany("insert into section_text values (?, ?, ?)", self.rows)
        return self.session.table("section_text")


def test_the_keyword_model_computes_only_the_texts_its_table_lacks():
    import duckdb

    other = "深化国资国企改革，优化营商环境，推动民营经济发展壮大。建设现代化产业体系，培育战略性新兴产业。" * 2
    texts = [("r1", "plan_year", TEXT), ("r2", "plan_year", other), ("r4", "other", ""), ("r5", "other", None)]
    session = duckdb.connect()
    first = keywords.model(_Dbt(session, texts, incremental=False), session)
    assert set(first["report_id"]) == {"r1", "r2"}  # an empty text has no terms
    session.register("first", first)
    session.execute("create table kw as select * from first")

    # nothing new: nothing computed; r2's text changed and r3 is new: only those
    assert keywords.model(_Dbt(session, texts, incremental=True), session).empty
    changed = [("r1", "plan_year", TEXT), ("r2", "plan_year", other + "新增就业岗位。"), ("r3", "review_year", TEXT),
               ("r4", "other", "")]
    rows = keywords.model(_Dbt(session, changed, incremental=True), session)
    assert sorted(set(zip(rows["report_id"], rows["section_type"], strict=True))) == [
        ("r2", "plan_year"), ("r3", "review_year")]
    assert set(rows["text_md5"]) == {keyword_rule.text_md5(other + "新增就业岗位。"), keyword_rule.text_md5(TEXT)}
    assert list(rows.columns) == keyword_rule.COLUMNS


@pytest.mark.parametrize("method", ["tfidf", "textrank"])
def test_top_terms_are_ranked_words_without_numbers(method):
    terms = keyword_rule.top_terms(TEXT, method, top_k=5)
    assert [rank for rank, _, _ in terms] == [1, 2, 3, 4, 5]
    words = [term for _, term, _ in terms]
    assert "生产力" in words or "新质生产力" in words or "数字经济" in words
    assert not any(w.isdigit() for w in words)
    weights = [w for _, _, w in terms]
    assert weights == sorted(weights, reverse=True) and weights[0] > 0


def test_keyword_rows_cover_both_methods_and_skip_empty_sections():
    rows = keywords.keyword_rows([("r1", "plan_year", TEXT), ("r1", "other", "   ")], top_k=3)
    assert {(r["report_id"], r["section_type"], r["term_source"]) for r in rows} == {
        ("r1", "plan_year", "tfidf"), ("r1", "plan_year", "textrank")}
    assert len(rows) == 6


def test_unknown_keyword_method_is_refused():
    with pytest.raises(ValueError, match="unknown keyword method"):
        keyword_rule.top_terms(TEXT, "lda")
