"""The extractor's vocabulary, read once per process from the files of extract/vocab/ (one file per kind).

Each file is a table of tab-separated columns with a header line; lines starting with # are comments. The rules
read their words from here and never list words of their own, so adding a unit or a comparator word is one line
in one file (extract/vocab/README.md).

    >>> vocabulary().comparator_of_word("不多于")
    ('at_most', 'before')
    >>> vocabulary().unit_family["平米"]
    'area'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

VOCAB_DIR = Path(__file__).parent / "vocab"


@dataclass(frozen=True)
class Unit:
    unit: str
    family: str
    counts: bool  # False: a number with this measure word names or ranks something (第三期, 二十届)


@dataclass(frozen=True)
class Magnitude:
    magnitude: str
    factor: float
    bare: bool  # a count may carry it without a measure word (5575万农村贫困人口)


@dataclass(frozen=True)
class ComparatorWord:
    word: str
    position: str  # before, after, after_num, verb, sentence
    comparator: str  # one of records.COMPARATORS
    approx: bool  # before the number: also marks an actual as approximate
    targets_only: bool


@dataclass(frozen=True)
class ChangeVerb:
    word: str
    sign: int
    form: str  # verb (增长5%) or noun (增幅5%)


@dataclass(frozen=True)
class Vocabulary:
    units: tuple[Unit, ...]
    magnitudes: tuple[Magnitude, ...]
    comparators: tuple[ComparatorWord, ...]
    change_verbs: tuple[ChangeVerb, ...]
    bases: tuple[tuple[str, str], ...]  # (word, kind): plain, point, qualifier
    fillers: tuple[tuple[str, str], ...]  # (word, edge): lead, trail, anywhere
    verbs: tuple[tuple[str, str], ...]  # (word, role): verb, kept, stop
    measure_words: tuple[tuple[str, str], ...]  # (noun ending, measure word)
    metric_heads: tuple[tuple[str, str, str], ...]  # (head, role, family)
    terms: tuple[tuple[str, str], ...]  # (term, kind): nouns the word segmenter keeps whole
    qualitative: tuple[tuple[str, str], ...]  # (word, kind): words of targets without a number (qualitative.tsv)

    # ---------------------------------------------------------------------------------------- look-ups

    @functools.cached_property
    def unit_family(self) -> dict[str, str]:
        return {u.unit: u.family for u in self.units}

    def comparator_words(self, position: str, comparator: str | None = None) -> tuple[str, ...]:
        """Comparator words written at `position` (of one comparator, if given), longest first."""
        return longest_first(c.word for c in self.comparators
                             if c.position == position and comparator in (None, c.comparator))

    def comparator_of_word(self, word: str) -> tuple[str, str] | None:
        """(comparator, position) of a comparator word; None for a word that is none."""
        found = next((c for c in self.comparators if c.word == word), None)
        return (found.comparator, found.position) if found else None

    def change_words(self, form: str | None = None) -> tuple[str, ...]:
        return longest_first(v.word for v in self.change_verbs if form in (None, v.form))

    def words(self, table: str, column_value: str) -> tuple[str, ...]:
        """The words of a two-column table (bases, fillers, verbs, metric_heads) whose second column is
        `column_value`, in file order."""
        rows = getattr(self, table)
        return tuple(dict.fromkeys(row[0] for row in rows if row[1] == column_value))


def longest_first(words) -> tuple[str, ...]:
    """Distinct words, longest first (ties in the given order): the order for a regex alternation or a
    prefix/suffix scan, so that 不低于 wins over 低于 and 万亿 over 万."""
    return tuple(sorted(dict.fromkeys(words), key=len, reverse=True))


def alternation(words) -> str:
    """A regex alternation of words, longest first: (?:不低于|低于|…)."""
    return "(?:" + "|".join(re.escape(w) for w in longest_first(words)) + ")"


def read_table(name: str) -> list[list[str]]:
    """The rows of extract/vocab/`name` without its header and comments, each padded to the header's width."""
    lines = [ln for ln in (VOCAB_DIR / name).read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    width = len(lines[0].split("\t"))
    rows = []
    for line in lines[1:]:
        cells = [c.strip() for c in line.split("\t")]
        rows.append(cells + [""] * (width - len(cells)))
    return rows


def _yes(cell: str) -> bool:
    return cell == "yes"


@functools.cache
def vocabulary() -> Vocabulary:
    """Every table of extract/vocab/, read once per process."""
    return Vocabulary(
        units=tuple(Unit(u, fam, _yes(counts)) for u, fam, counts in read_table("units.tsv")),
        magnitudes=tuple(Magnitude(m, float(f), _yes(bare)) for m, f, bare in read_table("magnitudes.tsv")),
        comparators=tuple(ComparatorWord(w, pos, cmp, _yes(ap), _yes(t))
                          for w, pos, cmp, ap, t in read_table("comparators.tsv")),
        change_verbs=tuple(ChangeVerb(w, int(sign), form) for w, sign, form in read_table("change_verbs.tsv")),
        bases=tuple((w, kind) for w, kind in read_table("bases.tsv")),
        fillers=tuple((w, edge) for w, edge in read_table("fillers.tsv")),
        verbs=tuple((w, role) for w, role in read_table("verbs.tsv")),
        measure_words=tuple((end, word) for end, word in read_table("measure_words.tsv")),
        metric_heads=tuple((h, role, fam) for h, role, fam in read_table("metric_heads.tsv")),
        terms=tuple((term, kind) for term, kind in read_table("terms.tsv")),
        qualitative=tuple((w, kind) for w, kind in read_table("qualitative.tsv")),
    )
