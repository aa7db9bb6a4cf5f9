"""Format detection by content, the readers' details, the read limits and their configuration."""

from __future__ import annotations

import pytest

from extract.clean import clean
from extract.readers import ReadLimits, detect, read_bytes
from extract.readers.html import headline
from extract.readers.limits import MB
from ingest.config import resolve
from ingest.intake.batch import is_candidate, read_limits
from tests.fixtures import builders as b
from tests.fixtures.texts import REPORT

PARAS = b.paragraphs_of(REPORT)


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"%PDF-1.7\n...", detect.PDF),
        (b"\n\n%PDF-1.4\n", detect.PDF),
        (bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 100, detect.LEGACY_OFFICE),
        (b"{\\rtf1\\ansi x}", detect.RTF),
        (b"\x89PNG\r\n\x1a\n\x00\x00", detect.IMAGE),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", detect.IMAGE),
        (b"<!DOCTYPE html><html><body>x</body></html>", detect.HTML),
        (b"\xef\xbb\xbf  <html lang='zh'>", detect.HTML),
        (b"<?xml version='1.0'?>\n<!-- c -->\n<html>", detect.HTML),
        ("政府工作报告\n各位代表：".encode(), detect.TEXT),
        ("报告中写道 a<b 和 c>d".encode(), detect.TEXT),
        (b"PK\x03\x04 broken", detect.DOCX),  # a damaged archive goes to the docx reader, which says so
    ],
)
def test_sniff_by_content(data, fmt):
    assert detect.sniff(data) == fmt


def test_docx_and_zip_are_told_apart():
    assert detect.sniff(b.docx_bytes(PARAS)) == detect.DOCX
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("a.txt", "x")
    assert detect.sniff(out.getvalue()) == detect.ZIP


def test_pdf_text_reads_back_with_page_numbers_dropped():
    extracted = read_bytes(b.pdf_bytes(PARAS * 8), "r.pdf")
    assert extracted.source_format == "pdf"
    assert "- 1 -" in extracted.text  # the page number is in the text layer …
    cleaned = clean(extracted.text).text
    assert "- 1 -" not in cleaned and "城镇调查失业率控制在5.5%以内。" in cleaned  # … and cleaning drops it


def test_number_cut_by_a_line_wrap_is_joined_without_a_space():
    pad = "全面推进乡村振兴战略实施" * 2
    lines = [f"过去一年，{pad}新引进项目18个，计划总投资63", f"5亿元，{pad}工业增加值同比增长1.",
             f"5%，{pad}网格平台共接到问题上报30969件，办结305", f"08件，{pad}。"]
    cleaned = clean("\n".join(lines)).text
    assert "总投资635亿元" in cleaned and "增长1.5%" in cleaned and "办结30508件" in cleaned
    assert "\n" not in cleaned  # one paragraph


@pytest.mark.parametrize(
    ("html", "title"),
    [
        ("<html><head><title>政府工作报告_某某区人民政府</title></head><body><h1>2023年政府工作报告</h1></body></html>",
         "2023年政府工作报告"),
        ("<html><head><title>政府工作报告 - 某某县人民政府</title></head><body><p>x</p></body></html>", "政府工作报告"),
        ("<html><body><p>x</p></body></html>", None),
    ],
)
def test_html_headline(html, title):
    assert headline(html) == title


def test_read_limits_come_from_the_run_configuration(monkeypatch):
    monkeypatch.setenv("GOV_REPORTS_MAX_FILE_MB", "2.5")
    cfg = resolve({"max_unzipped_mb": 10}, "r")
    limits = read_limits(cfg.to_dict())
    assert limits == ReadLimits(max_file_bytes=int(2.5 * MB), max_unzipped_bytes=10 * MB)
    assert read_limits(None) == ReadLimits()
    monkeypatch.delenv("GOV_REPORTS_MAX_FILE_MB")
    assert resolve({}, "r", {"gov_reports_max_file_mb": "7"}.get).max_file_mb == 7.0


@pytest.mark.parametrize(
    ("name", "read"),
    [("a.txt", True), ("a.PDF", True), ("a.docx", True), ("a.htm", True), ("a.doc", True), ("no_extension", True),
     ("~$a.docx", False), (".~lock.a.docx#", False), (".DS_Store", False), ("a.docx.tmp", False), ("a.txt~", False),
     ("Thumbs.db", False), ("a.xlsx", False), ("a.md", False)],
)
def test_which_names_are_read(name, read):
    assert is_candidate(name) is read
