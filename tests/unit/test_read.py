"""Reading .txt reports: the encoding is detected, never assumed; bad bytes are clear errors."""

import codecs

import pytest

from extract.read import ReadError, decode_bytes, read_document

TEXT = "政府工作报告\n各位代表：\n全年完成固定资产投资97.4亿元，同比增长13.39%。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gbk"),
        ("粤港澳大湾区建设取得新进展，𠀀。".encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16-bom"),  # with BOM
        (TEXT.encode("utf-16-le"), "utf-16"),  # without BOM
        (TEXT.encode("utf-16-be"), "utf-16"),
        (("ASCII heavy 2021 report " * 5 + TEXT).encode("utf-16-le"), "utf-16"),
    ],
)
def test_decode_detects_encoding(data, encoding):
    decoded = decode_bytes(data, "r.txt")
    assert decoded.encoding == encoding
    assert "固定资产投资" in decoded.text or "粤港澳" in decoded.text
    assert not decoded.text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"   \n\n ", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_decode_rejects_bad_bytes(data, kind):
    with pytest.raises(ReadError) as err:
        decode_bytes(data, "bad.txt")
    assert err.value.kind == kind
    assert "bad.txt" in str(err.value)


def test_read_document_hash_and_size(tmp_path):
    p = tmp_path / "报告 2021.txt"
    p.write_bytes(TEXT.encode("gbk"))
    doc = read_document(p)
    assert doc.file_name == "报告 2021.txt"
    assert doc.size_bytes == len(TEXT.encode("gbk"))
    assert len(doc.content_hash) == 64
    assert doc.text == TEXT


def test_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ReadError) as err:
        read_document(tmp_path / "missing.txt")
    assert err.value.kind == "io"


def test_read_document_chooses_the_reader_by_content(tmp_path):
    from tests.fixtures.builders import docx_bytes, paragraphs_of

    p = tmp_path / "report.txt"  # a .docx under a wrong name
    p.write_bytes(docx_bytes(paragraphs_of(TEXT)))
    doc = read_document(p)
    assert (doc.source_format, doc.encoding) == ("docx", "docx")
    assert "固定资产投资97.4亿元" in doc.text


def test_read_document_refuses_files_over_the_size_limit_unread(tmp_path):
    from extract.read import ReadLimits

    p = tmp_path / "big.txt"
    p.write_bytes(TEXT.encode("utf-8") * 10)
    with pytest.raises(ReadError) as err:
        read_document(p, ReadLimits(max_file_bytes=100))
    assert err.value.kind == "too_large" and "GOV_REPORTS_MAX_FILE_MB" in err.value.message
    assert read_document(p, ReadLimits(max_file_bytes=10_000), name="sub/big.txt").file_name == "sub/big.txt"
