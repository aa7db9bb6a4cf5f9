"""PDF reports with a text layer (pypdf); scanned, encrypted and damaged PDFs are clear errors."""

from __future__ import annotations

import io
import logging

from extract.readers.errors import ReadError

# fewer visible characters per page than this: the pages are images (a scan), not text
MIN_CHARS_PER_PAGE = 20


def read_pdf(data: bytes, file_name: str) -> str:
    """Text of every page, pages separated by a blank line (clean.py re-joins the hard line breaks)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd object; errors are ours
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(file_name, "encrypted",
                            "is a password-protected PDF; save a copy without a password (or print it to PDF)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise ReadError(file_name, "encrypted",
                        f"is an encrypted PDF that cannot be opened ({exc}); save a copy without protection") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise ReadError(file_name, "corrupt_pdf",
                        f"is a damaged or truncated PDF ({type(exc).__name__}: {exc}); download or export it again"
                        ) from exc
    if not pages:
        raise ReadError(file_name, "corrupt_pdf", "is a PDF without pages; download or export it again")
    visible = sum(len("".join(p.split())) for p in pages)
    if visible < MIN_CHARS_PER_PAGE * len(pages):
        raise ReadError(file_name, "no_text_layer",
                        f"is a PDF with no text layer (OCR needed): {len(pages)} page(s) but only {visible} "
                        "characters of text; run OCR on it (e.g. ocrmypdf) or find the text version")
    return "\n\n".join(pages)
