"""File → text: the reader is chosen by content (extract/readers); errors are values, not crashes.

`read_document(path)` is the one entry point: size limit, then format detection, then the reader.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extract.readers import ReadLimits, read_bytes
from extract.readers.errors import ReadError
from extract.readers.limits import human_size
from extract.readers.text import Decoded, decode_bytes
from extract.records import RawDocument

__all__ = ["Decoded", "RawDocument", "ReadError", "ReadLimits", "content_hash", "decode_bytes", "read_document"]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: str | Path, limits: ReadLimits | None = None, name: str | None = None) -> RawDocument:
    """Read one report file; raises ReadError with the file name and the problem.

    `name` is how the file is known (its path inside the inbox); the default is its base name.
    """
    p = Path(path)
    limits = limits or ReadLimits()
    name = name or p.name
    try:
        size = p.stat().st_size
        if size > limits.max_file_bytes:
            raise ReadError(name, "too_large", f"is {human_size(size)}, over the limit of "
                            f"{human_size(limits.max_file_bytes)}; split it or raise GOV_REPORTS_MAX_FILE_MB")
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(name, "io", f"cannot be read: {exc.strerror or exc}") from exc
    extracted = read_bytes(data, name, limits)
    return RawDocument(
        file_name=name,
        content_hash=content_hash(data),
        size_bytes=len(data),
        encoding=extracted.encoding,
        text=extracted.text,
        source_format=extracted.source_format,
    )
