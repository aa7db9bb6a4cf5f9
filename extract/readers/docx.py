"""DOCX reports: paragraphs and tables in document order, after a zip bomb check."""

from __future__ import annotations

import io
import zipfile

from extract.readers.errors import ReadError
from extract.readers.limits import MB, ReadLimits, human_size

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_archive(data: bytes, file_name: str, limits: ReadLimits) -> None:
    """Refuse archives whose parts would decompress to too much (sizes as declared, which zipfile enforces)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReadError(file_name, "corrupt_docx",
                        f"is a damaged .docx (or ZIP) file ({exc}); save it again from Word") from exc
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise ReadError(file_name, "too_large",
                        f"is a .docx that would unpack to {human_size(total)}, over the limit of "
                        f"{human_size(limits.max_unzipped_bytes)} (possible zip bomb); check the file")
    for i in infos:
        if i.file_size > MB and i.file_size > limits.max_zip_ratio * max(1, i.compress_size):
            raise ReadError(file_name, "too_large",
                            f"is a .docx whose part {i.filename} unpacks {i.file_size // max(1, i.compress_size)}x "
                            "(possible zip bomb); check the file")


def _row_text(row) -> str:
    cells: list[str] = []
    for cell in row.cells:
        text = " ".join(cell.text.split())
        if text and (not cells or cells[-1] != text):  # merged cells repeat their text
            cells.append(text)
    return "\t".join(cells)


def read_docx(data: bytes, file_name: str, limits: ReadLimits) -> str:
    """One line per paragraph, one line per table row (cells separated by tabs)."""
    check_archive(data, file_name, limits)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for child in document.element.body.iterchildren():
            if child.tag == f"{_W}p":
                lines.append(Paragraph(child, document).text)
            elif child.tag == f"{_W}tbl":
                lines.extend(_row_text(row) for row in Table(child, document).rows)
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise ReadError(file_name, "corrupt_docx", f"is a damaged .docx ({exc}); save it again from Word") from exc
    except Exception as exc:  # noqa: BLE001 - lxml/docx raise many kinds on malformed XML
        raise ReadError(file_name, "corrupt_docx",
                        f"is a .docx that cannot be parsed ({type(exc).__name__}: {exc}); save it again from Word"
                        ) from exc
    return "\n".join(lines)
