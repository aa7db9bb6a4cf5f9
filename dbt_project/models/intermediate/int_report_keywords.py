"""关键词 (keywords): jieba's TF-IDF and TextRank top terms per report and section type.

A dbt Python model so that the terms are computed from the same text the SQL marts see
(int_section_text) on every build, with no extra raw table and no hook in the loader. jieba's
dictionary and IDF table ship inside the jieba package: nothing is downloaded.

Speed (bench/FINDINGS.md): the part-of-speech cut of a text is most of the cost, so it is done once per text
and shared by both methods (jieba's own TF-IDF and TextRank code, fed the same words), and the terms of a
text already computed by the previous build (same report, section type and text hash, in this table of
the build copy) are reused: a run that adds one report computes one report's terms.
"""

from __future__ import annotations

import hashlib
import re

TOP_K = 20
ALLOW_POS = ("n", "nz", "vn", "nt", "ns", "nr", "l", "i", "j")
METHODS = ("tfidf", "textrank")
_NOT_A_TERM = re.compile(r"^[\d.%％]+$|^.$")
COLUMNS = ["report_id", "section_type", "term_source", "term_rank", "term", "weight", "text_md5"]


def _fast_viterbi() -> None:
    """The project's exact, faster Viterbi for jieba (extract/viterbi.py) when the project is importable."""
    try:
        from extract.viterbi import install
    except ImportError:  # dbt run outside the project's Python path: jieba's own, the same results
        return
    install()


class _Words:
    """A tokenizer that hands jieba.analyse the words of one text, cut once (posseg.cut of that text)."""

    def __init__(self, text: str) -> None:
        import jieba.posseg

        _fast_viterbi()
        self.text = text
        self.words = tuple(jieba.posseg.dt.cut(text))

    def cut(self, sentence: str, *args, **kwargs):
        if sentence != self.text:
            raise ValueError("_Words cuts only the text it was made for")
        return iter(self.words)


_EXTRACTORS: dict[str, object] = {}


def _extractor(method: str):
    """jieba.analyse's own TF-IDF / TextRank classes (the same code extract_tags and textrank run)."""
    import jieba.analyse

    if method not in _EXTRACTORS:
        _EXTRACTORS[method] = {"tfidf": jieba.analyse.TFIDF, "textrank": jieba.analyse.TextRank}[method]()
    return _EXTRACTORS[method]


def _ranked(found: list[tuple[str, float]], top_k: int) -> list[tuple[int, str, float]]:
    kept = [(term, weight) for term, weight in found if not _NOT_A_TERM.match(term)][:top_k]
    return [(rank, term, round(float(weight), 6)) for rank, (term, weight) in enumerate(kept, start=1)]


def _top_terms_of(words: _Words, method: str, top_k: int) -> list[tuple[int, str, float]]:
    if method not in METHODS:
        raise ValueError(f"unknown keyword method {method!r}")
    ex = _extractor(method)
    ex.tokenizer = ex.postokenizer = words  # one cut of the text for both methods
    if method == "tfidf":
        found = ex.extract_tags(words.text, topK=top_k * 2, withWeight=True, allowPOS=ALLOW_POS)
    else:
        found = ex.textrank(words.text, topK=top_k * 2, withWeight=True, allowPOS=ALLOW_POS)
    return _ranked(found, top_k)


def top_terms(text: str, method: str, top_k: int = TOP_K) -> list[tuple[int, str, float]]:
    """(rank, term, weight) of the top terms of `text` by jieba.analyse ('tfidf' or 'textrank')."""
    if method not in METHODS:
        raise ValueError(f"unknown keyword method {method!r}")
    return _top_terms_of(_Words(text), method, top_k)


def text_md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def keyword_rows(sections: list[tuple[str, str, str]], top_k: int = TOP_K,
                 known: dict[tuple[str, str, str], list[dict]] | None = None) -> list[dict]:
    """One row per (report, section type, method, term) for (report_id, section_type, text) triples.

    `known`: rows already computed, by (report_id, section_type, text_md5); those texts are not cut again.
    """
    known = known or {}
    rows = []
    for report_id, section_type, text in sections:
        if not text or not text.strip():
            continue
        digest = text_md5(text)
        cached = known.get((report_id, section_type, digest))
        if cached is not None:
            rows.extend(cached)
            continue
        words = _Words(text)
        for method in METHODS:
            for rank, term, weight in _top_terms_of(words, method, top_k):
                rows.append({"report_id": report_id, "section_type": section_type, "term_source": method,
                             "term_rank": rank, "term": term, "weight": weight, "text_md5": digest})
    return rows


def known_rows(records: list[tuple]) -> dict[tuple[str, str, str], list[dict]]:
    """Rows of the previous build (tuples in COLUMNS order) grouped by (report_id, section_type, text_md5)."""
    out: dict[tuple[str, str, str], list[dict]] = {}
    for rec in records:
        row = dict(zip(COLUMNS, rec, strict=True))
        if row["text_md5"]:
            out.setdefault((row["report_id"], row["section_type"], row["text_md5"]), []).append(row)
    for rows in out.values():  # the order keyword_rows makes them in
        rows.sort(key=lambda r: (METHODS.index(r["term_source"]), r["term_rank"]))
    return out


def _previous(session, relation: str) -> list[tuple]:
    """This model's table as the previous build left it ([] on a first build or an older table layout)."""
    try:
        return session.execute(f"select {', '.join(COLUMNS)} from {relation}").fetchall()
    except Exception:  # noqa: BLE001 - no table yet, or one without text_md5: compute everything
        return []


def model(dbt, session):
    import logging

    import jieba
    import pandas as pd

    dbt.config(materialized="table")
    jieba.setLogLevel(logging.WARNING)
    sections = dbt.ref("int_section_text").project("report_id, section_type, section_text").fetchall()
    known = known_rows(_previous(session, repr(dbt.this)))
    frame = pd.DataFrame(keyword_rows(sections, known=known), columns=COLUMNS)
    return frame.astype({"report_id": "string", "section_type": "string", "term_source": "string",
                         "term_rank": "int32", "term": "string", "weight": "float64", "text_md5": "string"})
