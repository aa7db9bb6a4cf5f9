"""Safety limits for reading untrusted files (file size, decompressed size of DOCX archives)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    max_file_bytes: int = 50 * MB  # larger files are rejected before they are read
    max_unzipped_bytes: int = 200 * MB  # total declared size of a DOCX's parts (zip bomb guard)
    max_zip_ratio: float = 200.0  # declared size / compressed size of any DOCX part above 1 MB

    @classmethod
    def from_megabytes(cls, max_file_mb: float | None = None, max_unzipped_mb: float | None = None) -> ReadLimits:
        default = cls()
        return cls(
            max_file_bytes=int(float(max_file_mb) * MB) if max_file_mb not in (None, "") else default.max_file_bytes,
            max_unzipped_bytes=(int(float(max_unzipped_mb) * MB) if max_unzipped_mb not in (None, "")
                                else default.max_unzipped_bytes),
        )


def human_size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"
