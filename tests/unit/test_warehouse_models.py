"""The dbt Python models' pure functions: region parsing with cpca, jieba keyword extraction (the keyword
model is glue around extract.keywords)."""

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


regions = _load("int_region_parts")
keywords = _load("int_report_keywords")


@pytest.mark.parametrize(
    ("name", "path", "level", "parent", "adcode"),
    [
        ("天津市西青区张家窝镇", "天津市 › 西青区 › 张家窝镇", "town", "天津市西青区", "120111"),
        ("天津市西青区", "天津市 › 西青区", "district", "天津市", "120111"),
        ("河北省石家庄市正定县", "河北省 › 石家庄市 › 正定县", "district", "河北省石家庄市", "130123"),
        ("浙江省杭州市", "浙江省 › 杭州市", "city", "浙江省", "330100"),
        ("广东省", "广东省", "province", None, "440000"),
        ("上海市浦东新区张江镇", "上海市 › 浦东新区 › 张江镇", "town", "上海市浦东新区", "310115"),
        ("中华人民共和国", "中华人民共和国", "national", None, None),
    ],
)
def test_regions_are_cut_into_parts(name, path, level, parent, adcode):
    (row,) = regions.parse_regions([name])
    assert (row["region_path"], row["parsed_level"], row["parent_region_name"], row["adcode"]) == (
        path, level, parent, adcode)
    assert row["local_name"] == path.split(" › ")[-1]
    assert row["path_depth"] == len(path.split(" › "))


def test_municipality_has_no_city_part():
    (row,) = regions.parse_regions(["天津市津南区北闸口镇"])
    assert row["province_name"] == "天津市" and row["city_name"] is None
    assert (row["county_name"], row["town_name"]) == ("津南区", "北闸口镇")


def test_parse_regions_dedupes_and_skips_empty_names():
    rows = regions.parse_regions(["天津市西青区", "", None, "天津市西青区"])
    assert [r["region_name"] for r in rows] == ["天津市西青区"]


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
