"""关键词 (keywords): TF-IDF and TextRank top terms per report and section type, by extract.keywords.

A dbt Python model so that the terms are computed from the same text the SQL marts see
(int_section_text) on every build, with no extra raw table and no hook in the loader. jieba's
dictionary and IDF table ship inside the jieba package: nothing is downloaded.

The rule lives in extract/keywords.py (this file is glue; the DAG and the Makefile put the project root on
the Python path): one jieba word cut per text, each word tagged from jieba's dictionary (a word it does not
list is no keyword), then jieba.analyse's TF-IDF and its TextRank (the same scores, TextRank computed with
sparse matrices) on those words. The model is incremental: a build computes the texts whose (report,
section type, text hash) the table of the build copy does not hold yet — a run that adds one report computes
one report's terms and does not read the others' — and when many texts are new they are computed in a
process pool (one worker per core).
"""

from __future__ import annotations

from extract.keywords import COLUMNS, keyword_rows, text_md5


def model(dbt, session):
    """Incremental (config in _intermediate.yml): only the texts whose (report, section type, text_md5) the
    table does not hold are computed; dbt's delete+insert replaces the rows of those (report, section type)."""
    import pandas as pd

    sections = dbt.ref("int_section_text").project("report_id, section_type, section_text").fetchall()
    if dbt.is_incremental:
        held = set(session.execute(f"select distinct report_id, section_type, text_md5 from {dbt.this}").fetchall())
        sections = [(r, s, t) for r, s, t in sections if t and (r, s, text_md5(t)) not in held]
    frame = pd.DataFrame(keyword_rows(sections), columns=COLUMNS)
    return frame.astype({"report_id": "string", "section_type": "string", "term_source": "string",
                         "term_rank": "int32", "term": "string", "weight": "float64", "occurrences": "int32",
                         "text_md5": "string"})
