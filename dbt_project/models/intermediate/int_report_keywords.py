"""关键词 (keywords): TF-IDF and TextRank top terms per report and section type, by extract.keywords.

A dbt Python model so that the terms are computed from the same text the SQL marts see
(int_section_text) on every build, with no extra raw table and no hook in the loader. jieba's
dictionary and IDF table ship inside the jieba package: nothing is downloaded.

The rule lives in extract/keywords.py (this file is glue; the DAG and the Makefile put the project root on
the Python path): one jieba word cut per text, each word tagged from jieba's dictionary (a word it does not
list is no keyword), then jieba.analyse's TF-IDF and its TextRank (the same scores, TextRank computed with
sparse matrices) on those words. The terms of a text already computed by the previous build (same report,
section type and text hash, in this table of the build copy) are reused: a run that adds one report computes
one report's terms; when many texts are new they are computed in a process pool (one worker per core).
"""

from __future__ import annotations

from extract.keywords import COLUMNS, keyword_rows, known_rows


def _previous(session, relation: str) -> list[tuple]:
    """This model's table as the previous build left it ([] on a first build or an older table layout)."""
    try:
        return session.execute(f"select {', '.join(COLUMNS)} from {relation}").fetchall()
    except Exception:  # noqa: BLE001 - no table yet, or one without text_md5: compute everything
        return []


def model(dbt, session):
    import pandas as pd

    dbt.config(materialized="table")
    sections = dbt.ref("int_section_text").project("report_id, section_type, section_text").fetchall()
    known = known_rows(_previous(session, repr(dbt.this)))
    frame = pd.DataFrame(keyword_rows(sections, known=known), columns=COLUMNS)
    return frame.astype({"report_id": "string", "section_type": "string", "term_source": "string",
                         "term_rank": "int32", "term": "string", "weight": "float64", "text_md5": "string"})
