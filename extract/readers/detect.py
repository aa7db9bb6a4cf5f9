"""What a file is, from its first bytes (magic numbers), not from its name."""

from __future__ import annotations

import io
import re
import zipfile

PDF, DOCX, HTML, TEXT = "pdf", "docx", "html", "txt"
LEGACY_OFFICE, ZIP, IMAGE, RTF = "legacy_office", "zip", "image", "rtf"

_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt (and .wps)
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body)\b[^>]*>", re.IGNORECASE)


def image_kind(data: bytes) -> str | None:
    for magic, name in _IMAGES:
        if data.startswith(magic) and (name != "BMP" or len(data) > 26):
            return name
    return None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return True  # a damaged archive: most likely a .docx, and the docx reader says it is damaged


def sniff(data: bytes) -> str:
    """One of PDF, DOCX, HTML, TEXT, LEGACY_OFFICE, ZIP, IMAGE, RTF. TEXT is the fallback."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(data) else ZIP
    if head.startswith(_OLE):
        return LEGACY_OFFICE
    if head.startswith(b"{\\rtf"):
        return RTF
    if image_kind(head):
        return IMAGE
    probe = head.removeprefix(b"\xef\xbb\xbf")
    if _HTML_START.match(probe) or _HTML_ANYWHERE.search(data[:8192]):
        return HTML
    return TEXT
