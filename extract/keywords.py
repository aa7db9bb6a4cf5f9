"""关键词 (keywords): the top TF-IDF and TextRank terms of a text, jieba's rules at a fraction of the cost.

The dbt model int_report_keywords is glue around `keyword_rows`; the rule lives here only.

Words and tags (`tagged_words`): jieba's word cut (`Tokenizer.cut`, HMM on for words the dictionary lacks)
and, per word, the part-of-speech tag jieba's dictionary gives it (the tag table `jieba.posseg` loads from
the same dict.txt). A word the dictionary does not list (a new word found by the HMM, a number, latin,
punctuation) is tagged 'x', which no keyword method admits. This replaces `jieba.posseg.cut`, whose
part-of-speech HMM over every unknown span cost about 2.5x the word cut: dictionary words get the tag
posseg gives them (posseg too looks a dictionary word up in this table), and the words posseg's HMM
would have tagged are exactly the ones this rule leaves out — names and terms jieba does not know, rarely a
report's topic, and a keyword found only by a guessed tag was never stable across builds.

The tokenizer is a private `jieba.Tokenizer()` with jieba's default dictionary, never `jieba.dt`:
extract.segment loads the user dictionary (generated from extract/vocab and the metric catalogue) into
`jieba.dt` for fact extraction, and the keyword model, which ran in dbt's own process, never saw it. A
private dictionary keeps the terms the same whatever else ran in the process (the extractor, a test, a pool
worker).

TF-IDF (`tfidf_terms`) is jieba.analyse.TFIDF.extract_tags on those (word, tag) pairs: the same IDF
table, stop words, filters, arithmetic, order and tie-breaks. TextRank (`textrank_terms`) is
jieba.analyse.TextRank.textrank: the same co-occurrence graph (window 5), and the same ten in-place sweeps
over the nodes in sorted order (a Gauss-Seidel sweep: a node sees the new score of the nodes before it),
written as a sparse triangular solve per sweep instead of jieba's Python loop over edges; the scores
agree to ~1e-12 and the order, ties included (first-seen node first), is jieba's.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import hashlib
import logging
import multiprocessing
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

TOP_K = 20
ALLOW_POS = ("n", "nz", "vn", "nt", "ns", "nr", "l", "i", "j")
METHODS = ("tfidf", "textrank")
COLUMNS = ["report_id", "section_type", "term_source", "term_rank", "term", "weight", "occurrences", "text_md5"]
_NOT_A_TERM = re.compile(r"^[\d.%％]+$|^.$")
UNKNOWN_TAG = "x"

# TextRank's constants (jieba.analyse.textrank.UndirectWeightedGraph / TextRank)
DAMPING = 0.85
ITERATIONS = 10
SPAN = 5
_TIE = 1e-12  # relative: scores closer than this are jieba's exact ties, broken by first appearance

# the process pool is worth its start for many new texts only: a spawned worker imports numpy, scipy and jieba
# and loads jieba's dictionary, tag table and IDF table (~3-4 CPU-s on the 2-core bench machine), while a
# text costs ~8 CPU-µs a character; with 2 workers the pool pays off from ~1M characters (~75 reports)
POOL_MIN_TEXTS = 8
POOL_MIN_CHARS = 1_000_000

Pair = tuple[str, str]
Term = tuple[int, str, float]


# ------------------------------------------------------------------------------------------- words

@functools.lru_cache(maxsize=1)
def _jieba():
    """(tokenizer, tag table, IDF table, median IDF, stop words), loaded once per process."""
    import jieba
    import jieba.analyse

    from extract.jieba_dictionary import default_dictionary, tokenizer_with_default_dictionary

    jieba.setLogLevel(logging.WARNING)
    tokenizer = tokenizer_with_default_dictionary()  # jieba's default dictionary; see the module docstring
    tags = default_dictionary().tags  # dict.txt's tags, as jieba.posseg.dt has them
    idf = jieba.analyse.default_tfidf
    stop_words = frozenset(jieba.analyse.TFIDF.STOP_WORDS)  # what a new TFIDF / TextRank starts with
    return tokenizer, tags, idf.idf_freq, idf.median_idf, stop_words


def load_resources() -> None:
    """Load what the rule needs (jieba's dictionary, tag table and IDF table, and the sparse solver of TextRank)
    now rather than at the first text (the warm helper of `make run` does it while the run begins)."""
    _jieba()
    import scipy.sparse.linalg  # noqa: F401  (~0.3 s: _gauss_seidel's import, paid here instead of in the build)


def tag_words(words: Iterable[str], tags: dict[str, str]) -> list[Pair]:
    """(word, tag) with the dictionary's tag, 'x' for a word it does not list."""
    get = tags.get
    return [(w, get(w, UNKNOWN_TAG)) for w in words]


def tagged_words(text: str) -> list[Pair]:
    """The (word, part-of-speech tag) pairs of `text`: jieba's word cut, tags from jieba's dictionary."""
    tokenizer, tags, *_ = _jieba()
    return tag_words(tokenizer.cut(text), tags)


# ------------------------------------------------------------------------------------------ TF-IDF

def _candidates(pairs: Iterable[Pair], allow_pos: Iterable[str] = ALLOW_POS) -> tuple[list[str], list[int]]:
    """jieba's keyword filter (tag allowed, 2+ characters after strip, not a stop word) over `pairs`:
    (the distinct kept words in order of first appearance, per pair the index of its word there or -1)."""
    stop_words = _jieba()[4]
    allow = frozenset(allow_pos)
    ids: dict[str, int] = {}
    verdict: dict[str, bool] = {}
    wid = []
    for word, flag in pairs:
        if flag not in allow:
            wid.append(-1)
            continue
        ok = verdict.get(word)
        if ok is None:
            ok = verdict[word] = len(word.strip()) >= 2 and word.lower() not in stop_words
        wid.append(ids.setdefault(word, len(ids)) if ok else -1)
    return list(ids), wid


def tfidf_terms(pairs: Sequence[Pair], top_k: int | None = TOP_K,
                allow_pos: Iterable[str] = ALLOW_POS) -> list[tuple[str, float]]:
    """jieba.analyse.TFIDF.extract_tags(text, topK=top_k, withWeight=True, allowPOS=allow_pos) for the text
    whose posseg cut is `pairs`: (term, weight), best first, ties in order of first appearance."""
    return _tfidf(*_candidates(pairs, allow_pos), top_k)


def _tfidf(words: list[str], ids: list[int], top_k: int | None) -> list[tuple[str, float]]:
    _, _, idf_freq, median_idf, _ = _jieba()
    counts = np.bincount([i for i in ids if i >= 0], minlength=len(words)).tolist()
    freq = dict(zip(words, map(float, counts), strict=True))  # in order of first appearance, as jieba's
    total = sum(freq.values())
    for k in freq:
        freq[k] *= idf_freq.get(k, median_idf) / total
    tags = sorted(freq.items(), key=lambda kv: kv[1], reverse=True)
    return tags[:top_k] if top_k else tags


# ---------------------------------------------------------------------------------------- TextRank

def _gauss_seidel(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n: int) -> np.ndarray:
    """ITERATIONS in-place sweeps x[r] = (1 - d) + d * sum_c M[r, c] x[c] for r = 0..n-1 (x[c] already new for
    c < r), from x = 1/n; M given as (rows, cols, vals), duplicates summed.

    A sweep is the triangular system (I - d L) x_new = (1 - d) + d U x_old, L the part of M below the
    diagonal, U the rest: factorised once (it is already triangular: no fill, no pivoting), solved per sweep."""
    x = np.full(n, 1.0 / n)
    lower = cols < rows
    base = 1.0 - DAMPING
    try:
        from scipy.sparse import csc_array, csr_array, identity
        from scipy.sparse.linalg import splu
    except ImportError:  # numpy only: the same sweeps row by row on a dense matrix
        m = np.zeros((n, n))
        np.add.at(m, (rows, cols), vals)
        for _ in range(ITERATIONS):
            for r in range(n):
                x[r] = base + DAMPING * float(m[r] @ x)
        return x
    a = csc_array((-DAMPING * vals[lower], (rows[lower], cols[lower])), shape=(n, n)) + identity(n, format="csc")
    up = csr_array((DAMPING * vals[~lower], (rows[~lower], cols[~lower])), shape=(n, n))
    lu = splu(csc_array(a), permc_spec="NATURAL", diag_pivot_thresh=0.0, options={"SymmetricMode": True})
    for _ in range(ITERATIONS):
        x = lu.solve(base + up @ x)
    return x


def textrank_terms(pairs: Sequence[Pair], top_k: int | None = TOP_K,
                   allow_pos: Iterable[str] = ALLOW_POS) -> list[tuple[str, float]]:
    """jieba.analyse.TextRank.textrank(text, topK=top_k, withWeight=True, allowPOS=allow_pos) for the text
    whose posseg cut is `pairs`: (term, weight), best first.

    Scores equal to within 1e-12 (relative) are ordered by first appearance, which is jieba's order for
    exact ties; jieba orders scores that are equal but for float rounding (1e-16) by that rounding."""
    return _textrank(*_candidates(pairs, allow_pos), top_k)


def _textrank(words: list[str], ids: list[int], top_k: int | None) -> list[tuple[str, float]]:
    wid = np.asarray(ids, dtype=np.int64)
    ok = wid >= 0
    # co-occurrences (word at i, word at i + k), 0 < k < SPAN, in jieba's order: by i, then k
    starts = [np.nonzero(ok[:-k] & ok[k:])[0] for k in range(1, min(SPAN, len(wid)))]
    if not starts or not sum(len(i) for i in starts):
        return []
    start = np.concatenate(starts)
    offset = np.repeat(np.arange(1, len(starts) + 1), [len(i) for i in starts])
    order = np.lexsort((offset, start))
    start, offset = start[order], offset[order]
    src, dst = wid[start], wid[start + offset]
    # the graph's nodes in the order jieba's graph first meets them (edge start, then end): ties keep it
    nodes, first = np.unique(np.column_stack((src, dst)).ravel(), return_index=True)
    seen = nodes[np.argsort(first, kind="stable")]
    node_words = [words[j] for j in seen.tolist()]
    n = len(node_words)
    # jieba sweeps the nodes in sorted(word) order: number them so
    pos = np.empty(len(words), dtype=np.int64)
    pos[seen[sorted(range(n), key=node_words.__getitem__)]] = np.arange(n)
    a, b = pos[src], pos[dst]
    # each co-occurrence is an edge a-b of weight 1 each way; outSum = the weighted degree
    out = (np.bincount(a, minlength=n) + np.bincount(b, minlength=n)).astype(float)
    rows, cols = np.concatenate((a, b)), np.concatenate((b, a))
    score = _gauss_seidel(rows, cols, 1.0 / out[cols], n)[pos[seen]]  # in order of first appearance
    lo = min(float(score.min()), 1.7976931348623157e308)  # jieba's starting min and max
    hi = max(float(score.max()), 2.2250738585072014e-308)
    weight = (score - lo / 10.0) / (hi - lo / 10.0)
    ranked = _ties_by_appearance(np.argsort(-weight, kind="stable"), weight, top_k)
    return [(node_words[i], float(weight[i])) for i in ranked]


def _ties_by_appearance(ranked: np.ndarray, weight: np.ndarray, top_k: int | None) -> list[int]:
    """The first top_k of `ranked` (indices, weight descending), each run of weights within _TIE of the
    run's first weight ordered by index."""
    out: list[int] = []
    run: list[int] = []
    head = 0.0
    for i in ranked.tolist():
        w = float(weight[i])
        if run and head - w <= _TIE * max(abs(head), 1.0):
            run.append(i)
            continue
        out.extend(sorted(run))
        if top_k and len(out) >= top_k:
            return out[:top_k]
        run, head = [i], w
    out.extend(sorted(run))
    return out[:top_k] if top_k else out


# ------------------------------------------------------------------------------------------- rows

def _ranked(found: list[tuple[str, float]], top_k: int) -> list[Term]:
    kept = [(term, weight) for term, weight in found if not _NOT_A_TERM.match(term)][:top_k]
    return [(rank, term, round(float(weight), 6)) for rank, (term, weight) in enumerate(kept, start=1)]


def text_terms(text: str, top_k: int = TOP_K) -> dict[str, list[Term]]:
    """{method: [(rank, term, weight)]} of one text: one cut, both methods; the best 2*top_k of each method,
    then numbers and one-character terms dropped, then the first top_k (as the model always did)."""
    words, ids = _candidates(tagged_words(text))  # both methods filter the words alike
    return {"tfidf": _ranked(_tfidf(words, ids, top_k * 2), top_k),
            "textrank": _ranked(_textrank(words, ids, top_k * 2), top_k)}


def top_terms(text: str, method: str, top_k: int = TOP_K) -> list[Term]:
    """(rank, term, weight) of the top terms of `text` by 'tfidf' or 'textrank'."""
    if method not in METHODS:
        raise ValueError(f"unknown keyword method {method!r}")
    return text_terms(text, top_k)[method]


def _terms_of_texts(texts: list[str], top_k: int) -> list[dict[str, list[Term]]]:
    return [text_terms(t, top_k) for t in texts]


# the version of the keyword rule (tagger, filters, scores, the row's columns): part of every text's key, so
# that rows a previous rule computed are never reused after the rule changes (3: rows carry `occurrences`)
RULE_VERSION = "3"


def text_md5(text: str) -> str:
    """The key of a text's terms: MD5 of the rule version and the text."""
    return hashlib.md5(f"keywords {RULE_VERSION}\n{text}".encode()).hexdigest()


def text_md5_sql(column: str) -> str:
    """`text_md5` of a text column, as a DuckDB expression (the same hex digest: MD5 of the UTF-8 bytes)."""
    return f"md5('keywords {RULE_VERSION}' || chr(10) || {column})"


def _compute(texts: list[str], top_k: int, workers: int) -> list[dict[str, list[Term]]]:
    """text_terms of every text, in order: in this process, or in a spawned pool when the texts are many."""
    if workers <= 1 or len(texts) < POOL_MIN_TEXTS or sum(map(len, texts)) < POOL_MIN_CHARS:
        return _terms_of_texts(texts, top_k)
    workers = min(workers, len(texts))
    # chunks of about equal characters, several per worker so that a slow chunk does not idle the others
    n_chunks = min(len(texts), workers * 4)
    target = sum(map(len, texts)) / n_chunks
    chunks: list[list[str]] = [[]]
    size = 0
    for t in texts:
        if chunks[-1] and size >= target:
            chunks.append([])
            size = 0
        chunks[-1].append(t)
        size += len(t)
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        with _main_hidden():  # the workers start on submit
            futures = [pool.submit(_terms_of_texts, chunk, top_k) for chunk in chunks]
        return [terms for future in futures for terms in future.result()]


@contextlib.contextmanager
def _main_hidden() -> Iterator[None]:
    """Start spawned workers without the parent's __main__: spawn runs the parent's main script again in
    every worker (under `dbt build`, dbt's CLI, which imports all of dbt), and they need extract.keywords
    only, which unpickling the task imports."""
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved = {k: main.__dict__[k] for k in ("__file__", "__spec__") if k in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


def keyword_rows(sections: Iterable[tuple[str, str, str]], top_k: int = TOP_K,
                 workers: int | None = None) -> list[dict]:
    """One row per (report, section type, method, term) for (report_id, section_type, text) triples, each with
    the term's `occurrences` in the text (non-overlapping matches, as str.count) and the text's `text_md5` (the
    incremental model computes only the texts whose key it does not hold).

    `workers`: processes for the texts (default os.cpu_count()); a pool is started only for POOL_MIN_TEXTS
    texts and POOL_MIN_CHARS characters or more, fewer are computed in this process. A text repeated under
    several keys is computed once.
    """
    workers = (os.cpu_count() or 1) if workers is None else workers
    plan: list[tuple[str, str, str]] = []
    new_texts: dict[str, str] = {}  # digest → text, each distinct text computed once
    for report_id, section_type, text in sections:
        if not text or not text.strip():
            continue
        digest = text_md5(text)
        new_texts.setdefault(digest, text)
        plan.append((report_id, section_type, digest))
    computed = dict(zip(new_texts, _compute(list(new_texts.values()), top_k, workers), strict=True))
    rows: list[dict] = []
    for report_id, section_type, digest in plan:
        text = new_texts[digest]
        for method in METHODS:
            for rank, term, weight in computed[digest][method]:
                rows.append({"report_id": report_id, "section_type": section_type, "term_source": method,
                             "term_rank": rank, "term": term, "weight": weight, "occurrences": text.count(term),
                             "text_md5": digest})
    return rows
