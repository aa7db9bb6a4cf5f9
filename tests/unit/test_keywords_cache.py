"""int_report_keywords: one part-of-speech cut per text gives what jieba.analyse gives, and the terms of a text
the previous build computed are reused (by report, section type and text hash), a changed text is recomputed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

MODEL = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "intermediate" / "int_report_keywords.py"
spec = importlib.util.spec_from_file_location("int_report_keywords", MODEL)
keywords = importlib.util.module_from_spec(spec)
spec.loader.exec_module(keywords)

TEXT = ("大力发展新质生产力，推动制造业高质量发展。新质生产力是创新起主导作用的先进生产力。"
        "加快发展数字经济，推进数字产业化和产业数字化，建设数字经济产业园。全年新增就业5000人。") * 3
OTHER = "深化国资国企改革，优化营商环境，推动民营经济发展壮大。建设现代化产业体系，培育战略性新兴产业。" * 2


@pytest.mark.parametrize("method", ["tfidf", "textrank"])
def test_one_cut_gives_what_jieba_analyse_gives(method):
    import jieba.analyse

    run = jieba.analyse.extract_tags if method == "tfidf" else jieba.analyse.textrank
    for text in (TEXT, OTHER):
        found = run(text, topK=10, withWeight=True, allowPOS=keywords.ALLOW_POS)
        expected = [(term, round(float(w), 6)) for term, w in found if not keywords._NOT_A_TERM.match(term)][:5]
        assert [(t, w) for _, t, w in keywords.top_terms(text, method, top_k=5)] == expected


def _as_records(rows: list[dict]) -> list[tuple]:
    return [tuple(r[c] for c in keywords.COLUMNS) for r in reversed(rows)]  # any order, as a table returns them


def test_terms_of_known_texts_are_reused_and_changed_texts_recomputed(monkeypatch):
    sections = [("r1", "plan_year", TEXT), ("r2", "review_year", OTHER)]
    first = keywords.keyword_rows(sections, top_k=3)
    assert {r["text_md5"] for r in first} == {keywords.text_md5(TEXT), keywords.text_md5(OTHER)}
    known = keywords.known_rows(_as_records(first))
    assert keywords.keyword_rows(sections, top_k=3, known=known) == first

    cuts = []
    real = keywords._Words
    monkeypatch.setattr(keywords, "_Words", lambda text: cuts.append(text) or real(text))
    changed = [("r1", "plan_year", TEXT), ("r2", "review_year", OTHER + "新增就业岗位。")]
    rows = keywords.keyword_rows(changed, top_k=3, known=known)
    assert cuts == [OTHER + "新增就业岗位。"]  # only the changed text is cut
    assert rows[:6] == first[:6]
    assert {r["text_md5"] for r in rows[6:]} == {keywords.text_md5(OTHER + "新增就业岗位。")}
    # the same text under another report is not the same key
    keywords.keyword_rows([("r3", "plan_year", TEXT)], top_k=3, known=known)
    assert cuts[-1] == TEXT


def test_rows_without_a_text_hash_are_not_reused():
    rows = keywords.keyword_rows([("r1", "plan_year", TEXT)], top_k=2)
    old_layout = [(*rec[:-1], None) for rec in _as_records(rows)]
    assert keywords.known_rows(old_layout) == {}
