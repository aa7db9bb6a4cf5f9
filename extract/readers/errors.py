"""The one error type of reading: a file that cannot be read as a report, as a value with a reason."""

from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be read as a report.

    `kind` is a short machine-readable reason (empty, binary, encrypted, no_text_layer, not_a_report …),
    `message` says what is wrong and what to do, `stage` where it was found (read, check).
    """

    def __init__(self, file_name: str, kind: str, message: str, stage: str = "read") -> None:
        super().__init__(f"{file_name}: {message}")
        self.file_name = file_name
        self.kind = kind
        self.message = message
        self.stage = stage
