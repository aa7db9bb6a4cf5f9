"""关键词 (keywords): TF-IDF and TextRank top terms per report and section type, by extract.keywords.

A dbt Python model so that the terms are computed from the same text the SQL marts see
(int_section_text) on every build, with no extra raw table and no hook in the loader. jieba's
dictionary and IDF table ship inside the jieba package: nothing is downloaded.

The rule lives in extract/keywords.py (this file is glue; the DAG and the Makefile put the project root on
the Python path): one jieba word cut per text, each word tagged from jieba's dictionary (a word it does not
list is no keyword), then jieba.analyse's TF-IDF and its TextRank (the same scores, TextRank computed with
sparse matrices) on those words. The model is incremental: a build computes the texts whose (report,
section type, text hash) the table of the build copy does not hold yet — a run that adds one report computes
one report's terms and does not read the others' texts into Python — and when many texts are new they are
computed in a process pool (one worker per core).
"""

from __future__ import annotations

from extract.keywords import COLUMNS, keyword_rows, text_md5_sql


def model(dbt, session):
    """Incremental (config in _intermediate.yml): only the texts whose (report, section type, text_md5) the
    table does not hold are computed; dbt's delete+insert replaces the rows of those (report, section type).
    DuckDB finds them (an anti join on the key), so a run that adds one report reads one report's texts."""
    import pandas as pd

    sections = dbt.ref("int_section_text").filter("section_text is not null and section_text <> ''")
    if dbt.is_incremental:
        keyed = sections.project(f"report_id, section_type, section_text, {text_md5_sql('section_text')} as text_md5")
        held = session.sql(f"select distinct report_id, section_type, text_md5 from {dbt.this}")
        sections = keyed.set_alias("s").join(held.set_alias("k"), "s.report_id = k.report_id and "
                                             "s.section_type = k.section_type and s.text_md5 = k.text_md5", how="anti")
    rows = sections.project("report_id, section_type, section_text").fetchall()
    frame = pd.DataFrame(keyword_rows(rows), columns=COLUMNS)
    return frame.astype({"report_id": "string", "section_type": "string", "term_source": "string",
                         "term_rank": "int32", "term": "string", "weight": "float64", "occurrences": "int32",
                         "text_md5": "string"})
