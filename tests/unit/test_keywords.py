"""extract.keywords: the top terms of each section type of a report, by jieba.analyse at extract time.

Real paragraphs of tests/corpus give the terms a reader expects; the one-cut wrapper gives exactly what
jieba.analyse gives when it cuts the text itself; the order is deterministic and a second run gives the same rows;
the section type texts follow the rule of int_section_text; the rows are loadable (raw_schema) and loaded.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from extract import keywords
from extract.records import Section

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"


def paragraph(file_name: str, opening: str) -> str:
    """The paragraph of a real report that opens with `opening`."""
    lines = (CORPUS / file_name).read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith(opening))


PARAGRAPHS = [  # (report, opening of the paragraph, method, terms among its top 8)
    ("prov_chongqing_2026.txt", "守牢“三农”底线", "tfidf", {"底线", "耕地", "乡村"}),
    ("prov_chongqing_2026.txt", "守牢“三农”底线", "textrank", {"底线", "耕地", "农田"}),
    ("prov_chongqing_2026.txt", "深化农村改革", "tfidf", {"改革", "农村", "农业"}),
    ("prov_chongqing_2026.txt", "深化农村改革", "textrank", {"改革", "农村", "农业"}),
    ("prov_chongqing_2026.txt", "大力发展枢纽经济", "tfidf", {"枢纽", "供应链", "物流"}),
    ("prov_chongqing_2026.txt", "支持民营经济高质量发展", "tfidf", {"民营企业", "营商"}),
]


@pytest.mark.parametrize(("file_name", "opening", "method", "expected"), PARAGRAPHS,
                         ids=[f"{o}-{m}" for _, o, m, _ in PARAGRAPHS])
def test_a_paragraph_gives_its_topic_among_its_top_terms(file_name, opening, method, expected):
    terms = keywords.top_terms(paragraph(file_name, opening), top_k=8)[method]
    assert expected <= {term for term, _ in terms}, terms


@pytest.mark.parametrize("method", keywords.METHODS)
@pytest.mark.parametrize("opening", ["守牢“三农”底线", "深化农村改革"])
def test_terms_are_ranked_words_without_numbers_best_first(opening, method):
    terms = keywords.top_terms(paragraph("prov_chongqing_2026.txt", opening))[method]
    assert 0 < len(terms) <= keywords.TOP_K
    assert all(len(term) >= 2 and not term.replace(".", "").isdigit() for term, _ in terms)
    weights = [w for _, w in terms]
    assert weights == sorted(weights, reverse=True) and weights[-1] > 0


def _jieba_itself(text: str, method: str, top_k: int) -> list[tuple[str, float]]:
    """jieba.analyse cutting the text itself (with a part-of-speech tokenizer on jieba's default dictionary, its
    HMM off)."""
    import jieba.analyse
    import jieba.posseg

    from extract.jieba_dictionary import tokenizer_with_default_dictionary

    class DictionaryWordsOnly(jieba.posseg.POSTokenizer):
        def cut(self, sentence, HMM=True):  # noqa: N803 - jieba's name
            return super().cut(sentence, HMM=False)

    analyser = jieba.analyse.TFIDF() if method == "tfidf" else jieba.analyse.TextRank()
    analyser.tokenizer = analyser.postokenizer = DictionaryWordsOnly(tokenizer_with_default_dictionary())
    run = analyser.extract_tags if method == "tfidf" else analyser.textrank
    found = run(text, topK=top_k * 2, withWeight=True, allowPOS=keywords.ALLOW_POS)
    return [(t, round(float(w), 6)) for t, w in found if not keywords._NOT_A_TERM.match(t)][:top_k]


@pytest.mark.parametrize("method", keywords.METHODS)
@pytest.mark.parametrize("opening", ["守牢“三农”底线", "大力发展枢纽经济"])
def test_one_cut_for_both_methods_gives_what_jieba_analyse_gives(opening, method):
    text = paragraph("prov_chongqing_2026.txt", opening)
    assert keywords.top_terms(text, top_k=10)[method] == _jieba_itself(text, method, 10)


def test_the_project_lexicon_in_jieba_dt_does_not_change_the_terms():
    """extract.segment loads the user dictionary into jieba.dt; the keyword rule keeps jieba's default
    dictionary, so its terms do not depend on what else ran in the process."""
    import jieba

    text = paragraph("prov_chongqing_2026.txt", "守牢“三农”底线")
    before = keywords.top_terms(text)
    jieba.dt.add_word("严守耕地保护红线", 10**6, tag="n")
    try:
        assert keywords.top_terms(text) == before
    finally:
        jieba.dt.del_word("严守耕地保护红线")


def _section(n: int, level: int, kind: str, start: int, end: int) -> Section:
    return Section(f"s{n}", None, level, n, f"h{n}", kind, start, end)


SECTION_CASES = [  # (name, sections, expected texts) on TEXT below
    ("one section", [_section(0, 1, "plan_year", 0, 10)], {"plan_year": "0123456789"}),
    ("the deepest section owns its characters",
     [_section(0, 1, "review_year", 0, 10), _section(1, 2, "review_5y", 3, 6)],
     {"review_year": "012\n6789", "review_5y": "345"}),
    ("contiguous sections of one type are one passage",
     [_section(0, 1, "plan_year", 0, 4), _section(1, 1, "plan_year", 4, 8), _section(2, 1, "other", 8, 10)],
     {"plan_year": "01234567", "other": "89"}),
    ("of two sections of equal depth over the same characters, the later",
     [_section(0, 1, "other", 0, 5), _section(1, 1, "plan_5y", 0, 5)], {"plan_5y": "01234"}),
    ("characters outside every section and empty sections are left out",
     [_section(0, 1, "other", 2, 4), _section(1, 1, "plan_year", 6, 6)], {"other": "23"}),
    ("no sections", [], {}),
]


@pytest.mark.parametrize(("name", "sections", "expected"), SECTION_CASES, ids=[c[0] for c in SECTION_CASES])
def test_section_type_texts_follow_int_section_text(name, sections, expected):
    assert keywords.section_type_texts("0123456789", sections) == expected


@pytest.fixture(scope="module")
def hubei():
    from extract.pipeline import process_file

    return process_file(CORPUS / "prov_hubei_2026.txt")


def test_rows_per_section_type_and_method_are_ranked_from_one_with_their_occurrences(hubei):
    rows = keywords.keyword_rows(hubei.report_id, hubei.cleaned.text, hubei.sections)
    texts = keywords.section_type_texts(hubei.cleaned.text, hubei.sections)
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((row["section_type"], row["method"]), []).append(row)
    assert {kind for kind, _ in groups} == {k for k, t in texts.items() if t.strip()}
    assert {method for _, method in groups} == set(keywords.METHODS)
    for (kind, _), group in groups.items():
        assert [r["term_rank"] for r in group] == list(range(1, len(group) + 1))
        assert all(r["occurrences"] == texts[kind].count(r["term"]) > 0 for r in group)
        assert all(r["report_id"] == hubei.report_id for r in group)


def test_a_second_run_gives_the_same_rows_in_the_same_order(hubei):
    first = keywords.keyword_rows(hubei.report_id, hubei.cleaned.text, hubei.sections)
    assert keywords.keyword_rows(hubei.report_id, hubei.cleaned.text, hubei.sections) == first
    assert first and hubei.records()["keywords"] == first


def test_the_rows_are_loadable_and_loading_again_changes_nothing(hubei):
    from ingest.intake.raw_schema import violations
    from ingest.warehouse.load import load_records

    record = hubei.records()
    assert violations(record) == []
    assert violations({**record, "keywords": [{**record["keywords"][0], "term": None}]}) == [
        "raw.section_keywords.term is NULL (NOT NULL)"]
    con = duckdb.connect()
    load_records(con, [record])
    query = "select * exclude (report_id) from raw.section_keywords order by section_type, method, term_rank"
    loaded = con.execute(query).fetchall()
    expected = sorted((r["section_type"], r["method"], r["term_rank"], r["term"], r["weight"], r["occurrences"])
                      for r in record["keywords"])
    assert loaded == expected
    load_records(con, [record])
    assert con.execute(query).fetchall() == loaded
