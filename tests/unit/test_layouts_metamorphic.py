"""Layout never changes facts: every real report of tests/corpus, re-laid-out the ways inboxes carry reports, gives
the same facts as the report itself (metamorphic: no gold needed) and passes the not-a-report check.

Layouts: plain lines (one paragraph a line), one line (paragraphs joined by runs of spaces, or of U+3000), CRLF,
GB18030 bytes, a government web page (menus, scripts, footer), a Word document and a printed PDF (wrapped
lines, page numbers). A fact is compared by what it says (kind, metric, value, unit, change, comparator, period),
not by its offsets, which differ between layouts.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from extract.pipeline import process_file
from tests.fixtures.builders import docx_bytes, html_bytes, paragraphs_of, pdf_bytes

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REPORTS = sorted(CORPUS.glob("*.txt"))


def _decoded(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


LAYOUTS = {
    "lines": lambda paras: "\n".join(paras).encode("utf-8"),
    "one line, spaces": lambda paras: "  ".join(paras).encode("utf-8"),
    "one line, U+3000": lambda paras: "\u3000\u3000".join(paras).encode("utf-8"),
    "CRLF": lambda paras: "\r\n".join(paras).encode("utf-8"),
    "GB18030": lambda paras: "\r\n".join("\u3000\u3000" + p for p in paras).encode("gb18030"),
    "web page": lambda paras: html_bytes(paras),
    "Word": lambda paras: docx_bytes(paras),
    "printed PDF": lambda paras: pdf_bytes(paras),
}
SUFFIX = {"web page": ".html", "Word": ".docx", "printed PDF": ".pdf"}


def facts_of(path: Path) -> Counter:
    report = process_file(path)
    return Counter((f.kind, f.metric_name, f.value, f.value_max, f.unit, f.change_value, f.change_unit, f.comparator,
                    f.period_start_year, f.period_end_year) for f in report.facts)


@pytest.mark.parametrize("report", REPORTS, ids=[p.stem for p in REPORTS])
def test_every_layout_of_a_real_report_gives_its_facts(report: Path, tmp_path: Path) -> None:
    paragraphs = paragraphs_of(_decoded(report))
    expected = facts_of(report)
    assert expected, "the report itself gives facts"
    differ = {}
    for name, build in LAYOUTS.items():
        path = tmp_path / f"{report.stem}{SUFFIX.get(name, '.txt')}"
        path.write_bytes(build(paragraphs))
        got = facts_of(path)  # raises ReadError (not_a_report …) if the layout is not recognised
        if got != expected:
            missing, extra = list((expected - got).elements()), list((got - expected).elements())
            differ[name] = (expected.total(), got.total(), missing[:3], extra[:3])
    assert not differ, differ
