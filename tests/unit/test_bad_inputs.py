"""Bad and unusual inputs, table-driven: each file goes through discover + extract_batch, as in a run.

Every case says what must come out: a report (with its format, encoding or warning), an error of a
given kind whose message names the file and says what to do, or nothing (the file is skipped).
PDF, DOCX and HTML files are generated here from the texts in tests/fixtures/texts.py.
"""

from __future__ import annotations

import codecs
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ingest.intake.batch import discover, extract_batch, read_batch
from tests.fixtures import builders as b
from tests.fixtures.texts import BULLETIN, NEWS, RANDOM_TEXT, REPORT, REPORT_NO_TARGETS

PARAS = b.paragraphs_of(REPORT)


def _file(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path, Path], None]:
    def make(inbox: Path, outside: Path) -> None:
        b.write(inbox / name, data() if callable(data) else data)
    return make


def _symlink_out(inbox: Path, outside: Path) -> None:
    target = b.write(outside / "secret.txt", REPORT.encode("utf-8"))
    os.symlink(target, inbox / "link.txt")


def _truncated_pdf() -> bytes:
    data = b.pdf_bytes(PARAS)
    return data[: len(data) // 3]


def _owner_password_only_pdf() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0))
    c.setFont(b._font(), 11)
    for n, para in enumerate(PARAS):
        c.drawString(40, 800 - 20 * n, para[:45])
    c.showPage()
    c.save()
    return buf.getvalue()


def _zip_not_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("report.txt", REPORT)
    return out.getvalue()


def _docx_with_table() -> bytes:
    table = [["指标", "2022年", "增长"], ["地区生产总值", "98.6亿元", "4.5%"], ["固定资产投资", "35.2亿元", "7.1%"]]
    return b.docx_bytes(PARAS, table=table, table_after=5)


def _html_only_navigation() -> bytes:
    return b.GOV_PAGE.format(charset="utf-8", title="首页", body="").encode("utf-8")


LEGACY_DOC = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + "政府工作报告".encode("utf-16-le") * 20


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Path, Path], None]
    outcome: str  # "report", "error" or "skipped"
    kind: str | None = None  # the error kind, or the detected format of a report
    says: str = ""  # a piece of the error message (what is wrong / what to do) or of the report's warnings
    config: dict = field(default_factory=dict)
    name: str | None = None  # the file name as recorded, when not the one written


CASES = [
    Case("empty", _file("empty.txt", b""), "error", "empty", "empty"),
    Case("whitespace only", _file("blank.txt", b" \r\n\t\n"), "error", "empty", "empty"),
    Case("binary junk", _file("junk.txt", bytes(range(256)) * 8), "error", "binary", "binary"),
    Case("truncated PDF", _file("truncated.pdf", _truncated_pdf), "error", "corrupt_pdf", "download or export"),
    Case("image-only PDF (scan)", _file("scan.pdf", lambda: b.image_only_pdf_bytes(2)), "error", "no_text_layer",
         "no text layer (OCR needed)"),
    Case("password-protected PDF", _file("locked.pdf", lambda: b.pdf_bytes(PARAS, password="secret")), "error",
         "encrypted", "password-protected"),
    Case("PDF with an owner password only", _file("owner.pdf", _owner_password_only_pdf), "report", "pdf"),
    Case("text PDF", _file("report.pdf", lambda: b.pdf_bytes(PARAS)), "report", "pdf"),
    Case("PNG image", _file("photo.pdf", b.png_bytes), "error", "no_text_layer", "OCR"),
    Case("GBK text", _file("gbk.txt", REPORT.encode("gbk")), "report", "gbk"),
    Case("UTF-16 with BOM", _file("u16.txt", REPORT.encode("utf-16")), "report", "utf-16-bom"),
    Case("UTF-16 without BOM", _file("u16le.txt", REPORT.encode("utf-16-le")), "report", "utf-16"),
    Case("UTF-8 with BOM", _file("bom.txt", codecs.BOM_UTF8 + REPORT.encode("utf-8")), "report", "utf-8-sig"),
    Case("huge file", _file("huge.txt", (REPORT * 40).encode("utf-8")), "error", "too_large", "over the limit",
         config={"max_file_mb": 0.01}),
    Case("news article", _file("news.txt", NEWS.encode("utf-8")), "error", "not_a_report", "not look like"),
    Case("statistical bulletin", _file("bulletin.txt", BULLETIN.encode("utf-8")), "error", "not_a_report",
         "statistical bulletin"),
    Case("random text", _file("diary.txt", RANDOM_TEXT.encode("utf-8")), "error", "not_a_report", "not look like"),
    Case("report without targets", _file("no_targets.txt", REPORT_NO_TARGETS.encode("utf-8")), "report", "txt",
         "no targets found"),
    Case("HTML page with scripts and menus", _file("page.html", lambda: b.html_bytes(PARAS)), "report", "html"),
    Case("HTML page in GB2312", _file("page_gb.htm", lambda: b.html_bytes(PARAS, charset="gb2312")), "report",
         "html"),
    Case("HTML page with only navigation", _file("nav.html", _html_only_navigation), "error", "not_a_report",
         "not look like"),
    Case("DOCX with a table", _file("tables.docx", _docx_with_table), "report", "docx"),
    Case("damaged DOCX", _file("broken.docx", lambda: b.docx_bytes(PARAS)[:900]), "error", "corrupt_docx",
         "save it again"),
    Case("zip bomb DOCX", _file("bomb.docx", lambda: b.zip_bomb_docx_bytes(300)), "error", "too_large", "zip bomb"),
    Case("zip bomb DOCX under the total limit", _file("ratio.docx", lambda: b.zip_bomb_docx_bytes(40)), "error",
         "too_large", "unpacks"),
    Case("ZIP archive named .docx", _file("archive.docx", _zip_not_docx), "error", "unsupported_format", "unpack"),
    Case("RTF", _file("old.txt", b"{\\rtf1\\ansi Government report}"), "error", "unsupported_format", ".docx"),
    Case("legacy .doc", _file("old.doc", LEGACY_DOC), "error", "legacy_doc", "save it as .docx"),
    Case("symlink out of the inbox", _symlink_out, "error", "outside_inbox", "outside the inbox"),
    Case("quotes, spaces and Unicode in the name", _file("报告 “2023” 'final' (1) ü.txt", REPORT.encode("utf-8")),
         "report", "txt"),
    Case("no extension, PDF inside", _file("report_without_extension", lambda: b.pdf_bytes(PARAS)), "report", "pdf"),
    Case(".pdf name, text inside", _file("mislabelled.pdf", REPORT.encode("utf-8")), "report", "txt"),
    Case("in a subfolder", _file("2023/sub folder/report.txt", REPORT.encode("utf-8")), "report", "txt",
         name="2023/sub folder/report.txt"),
    Case("hidden file", _file(".DS_Store", b"\x00\x00\x00\x01Bud1"), "skipped"),
    Case("Word lock file", _file("~$report.docx", b"\x05owner"), "skipped"),
    Case("LibreOffice lock file", _file(".~lock.report.docx#", b"owner,host"), "skipped"),
    Case("partial download", _file("report.pdf.part", b"%PDF-1.4"), "skipped"),
    Case("other extension", _file("notes.md", REPORT.encode("utf-8")), "skipped"),
    Case("hidden folder", _file(".git/objects/report.txt", REPORT.encode("utf-8")), "skipped"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_or_unusual_input(case: Case, tmp_path: Path) -> None:
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    inbox.mkdir()
    case.make(inbox, outside)
    files = discover(inbox)
    if case.outcome == "skipped":
        assert files == []
        return
    assert len(files) == 1
    result = extract_batch(files, tmp_path / "batch.jsonl", {"input_dir": str(inbox), **case.config})
    (record,) = read_batch(result.path)
    expected_name = case.name or Path(files[0]).name
    if case.outcome == "report":
        assert "report" in record, record.get("error")
        report = record["report"]
        assert report["file_name"] == expected_name
        assert case.kind in (report["source_format"], report["encoding"])
        assert report["region_name"] and "某" in report["region_name"]
        assert case.says in " ".join(report["warnings"])
        if case.says != "no targets found":
            assert any(f["kind"] == "target" for f in record["facts"])
        return
    error = record["error"]
    assert error["file_name"] == expected_name
    if case.kind:
        assert error["error_kind"] == case.kind, error
    assert case.says in error["message"], error
    assert error["stage"] in ("read", "check")
    if case.kind != "outside_inbox":  # the target of a link out of the inbox is never read
        assert error["size_bytes"] == (inbox / expected_name).stat().st_size and len(error["content_hash"]) == 64


def test_html_keeps_the_report_and_drops_the_page_furniture(tmp_path: Path) -> None:
    page = b.write(tmp_path / "page.html", b.html_bytes(PARAS))
    (record,) = read_batch(extract_batch([str(page)], tmp_path / "b.jsonl").path)
    text = record["report"]["original_text"]
    assert "各位代表" in text and "城镇调查失业率控制在5.5%以内" in text
    for furniture in ("站内搜索", "政务公开", "津ICP备", "jquery", "_hmt", "分享到", "相关链接", "float"):
        assert furniture not in text, furniture


def test_docx_tables_are_read_in_document_order(tmp_path: Path) -> None:
    path = b.write(tmp_path / "t.docx", _docx_with_table())
    (record,) = read_batch(extract_batch([str(path)], tmp_path / "b.jsonl").path)
    text = record["report"]["original_text"]
    assert "地区生产总值\t98.6亿元\t4.5%" in text
    assert text.index("一、2022年工作回顾") < text.index("固定资产投资\t35.2亿元") < text.index("二、2023年工作安排")


def test_inbox_symlink_to_a_file_inside_is_read(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    real = b.write(inbox / "real.txt", REPORT.encode("utf-8"))
    os.symlink(real, inbox / "alias.txt")
    result = extract_batch(discover(inbox), tmp_path / "b.jsonl", {"input_dir": str(inbox)})
    ids = {r["report"]["report_id"] for r in read_batch(result.path)}
    assert result.reports == 2 and len(ids) == 1  # two names, one report (the loader records both names)


def test_at_least_25_cases() -> None:
    assert len(CASES) >= 25
