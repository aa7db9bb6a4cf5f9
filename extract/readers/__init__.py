"""Readers by content: the first bytes choose the reader (PDF, DOCX, HTML, text), not the file name."""

from __future__ import annotations

from dataclasses import dataclass

from extract.readers import detect
from extract.readers.errors import ReadError
from extract.readers.limits import ReadLimits


@dataclass(frozen=True)
class Extracted:
    text: str
    encoding: str  # of the text inside the file ("pdf", "docx" for binary formats)
    source_format: str  # detect.PDF, DOCX, HTML or TEXT


def read_bytes(data: bytes, file_name: str, limits: ReadLimits | None = None) -> Extracted:
    """Text of a report file of any supported format; ReadError (with what to do) for anything else."""
    limits = limits or ReadLimits()
    if not data.strip():
        raise ReadError(file_name, "empty", "file is empty (no text to read)")
    fmt = detect.sniff(data)
    if fmt == detect.PDF:
        from extract.readers.pdf import read_pdf

        return Extracted(read_pdf(data, file_name), "pdf", fmt)
    if fmt == detect.DOCX:
        from extract.readers.docx import read_docx

        return Extracted(read_docx(data, file_name, limits), "docx", fmt)
    if fmt == detect.HTML:
        from extract.readers.html import read_html

        text, encoding = read_html(data, file_name)
        return Extracted(text, encoding, fmt)
    if fmt == detect.LEGACY_OFFICE:
        raise ReadError(file_name, "legacy_doc", "is a legacy Word .doc (or other old Office) file; "
                        "open it in Word or LibreOffice and save it as .docx")
    if fmt == detect.RTF:
        raise ReadError(file_name, "unsupported_format", "is an RTF file; save it as .docx or .txt")
    if fmt == detect.ZIP:
        raise ReadError(file_name, "unsupported_format", "is a ZIP archive, not a .docx; unpack it into the inbox "
                        "(or save .odt/.wps files as .docx)")
    if fmt == detect.IMAGE:
        kind = detect.image_kind(data[:64])
        raise ReadError(file_name, "no_text_layer", f"is a {kind} image, with no text layer (OCR needed); "
                        "run OCR on it or find the text version")
    from extract.readers.text import decode_bytes

    decoded = decode_bytes(data, file_name)
    return Extracted(decoded.text, decoded.encoding, detect.TEXT)


__all__ = ["Extracted", "ReadError", "ReadLimits", "read_bytes"]
