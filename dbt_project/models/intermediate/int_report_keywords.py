"""关键词 (keywords): jieba's TF-IDF and TextRank top terms per report and section type.

A dbt Python model so that the terms are computed from the same text the SQL marts see
(int_section_text) on every build, with no extra raw table and no hook in the loader. jieba's
dictionary and IDF table ship inside the jieba package: nothing is downloaded.
"""

from __future__ import annotations

import re

TOP_K = 20
ALLOW_POS = ("n", "nz", "vn", "nt", "ns", "nr", "l", "i", "j")
_NOT_A_TERM = re.compile(r"^[\d.%％]+$|^.$")


def top_terms(text: str, method: str, top_k: int = TOP_K) -> list[tuple[int, str, float]]:
    """(rank, term, weight) of the top terms of `text` by jieba.analyse ('tfidf' or 'textrank')."""
    import jieba.analyse

    if method == "tfidf":
        found = jieba.analyse.extract_tags(text, topK=top_k * 2, withWeight=True, allowPOS=ALLOW_POS)
    elif method == "textrank":
        found = jieba.analyse.textrank(text, topK=top_k * 2, withWeight=True, allowPOS=ALLOW_POS)
    else:
        raise ValueError(f"unknown keyword method {method!r}")
    kept = [(term, weight) for term, weight in found if not _NOT_A_TERM.match(term)][:top_k]
    return [(rank, term, round(float(weight), 6)) for rank, (term, weight) in enumerate(kept, start=1)]


def keyword_rows(sections: list[tuple[str, str, str]], top_k: int = TOP_K) -> list[dict]:
    """One row per (report, section type, method, term) for (report_id, section_type, text) triples."""
    rows = []
    for report_id, section_type, text in sections:
        if not text or not text.strip():
            continue
        for method in ("tfidf", "textrank"):
            for rank, term, weight in top_terms(text, method, top_k):
                rows.append({"report_id": report_id, "section_type": section_type, "term_source": method,
                             "term_rank": rank, "term": term, "weight": weight})
    return rows


def model(dbt, session):
    import logging

    import jieba
    import pandas as pd

    dbt.config(materialized="table")
    jieba.setLogLevel(logging.WARNING)
    sections = dbt.ref("int_section_text").project("report_id, section_type, section_text").fetchall()
    columns = ["report_id", "section_type", "term_source", "term_rank", "term", "weight"]
    frame = pd.DataFrame(keyword_rows(sections), columns=columns)
    return frame.astype({"report_id": "string", "section_type": "string", "term_source": "string",
                         "term_rank": "int32", "term": "string", "weight": "float64"})
