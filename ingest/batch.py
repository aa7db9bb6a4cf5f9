"""Extraction of one batch of files → one JSON-lines file of records (the hand-off to the loader).

Each line is either {"report": …, "sections": […], "facts": […]} for a report that was read,
or {"error": {…}} for a file that was rejected: a bad file never stops the batch.
"""

from __future__ import annotations

import json
import logging
import os
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from extract.pipeline import process_file
from extract.read import ReadError, content_hash

log = logging.getLogger(__name__)

REPORT_SUFFIXES = (".txt",)
IGNORED_PREFIXES = (".", "~$", ".~lock")


@dataclass(frozen=True)
class BatchResult:
    path: str
    reports: int
    facts: int
    errors: int


def discover(input_dir: str | Path) -> list[str]:
    """Report files in a folder (sorted, hidden and temporary files skipped)."""
    root = Path(input_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder {root} does not exist: pass INPUT=<folder with reports>")
    files = []
    for p in sorted(root.rglob("*")):
        if not p.is_file() or any(p.name.startswith(x) for x in IGNORED_PREFIXES):
            continue
        if p.suffix.lower() in REPORT_SUFFIXES:
            files.append(str(p))
    return files


def make_batches(files: list[str], batch_size: int) -> list[list[str]]:
    size = max(1, int(batch_size))
    return [files[i : i + size] for i in range(0, len(files), size)]


def _error_record(path: Path, stage: str, kind: str, message: str) -> dict:
    try:
        data = path.read_bytes()
        digest, size = content_hash(data), len(data)
    except OSError:
        digest, size = None, None
    return {
        "error": {
            "file_name": path.name,
            "content_hash": digest,
            "size_bytes": size,
            "stage": stage,
            "error_kind": kind,
            "message": message,
            "seen_at": datetime.now(UTC).isoformat(),
        }
    }


def extract_batch(files: list[str], out_path: str | Path) -> BatchResult:
    """Process each file; write all records atomically to `out_path` (tmp file + rename)."""
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    reports = facts = errors = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for n, name in enumerate(files, 1):
            path = Path(name)
            try:
                rep = process_file(path)
                rec = rep.records()
                reports += 1
                facts += len(rec["facts"])
                log.info("[%d/%d] %s: %d sections, %d facts", n, len(files), path.name, len(rec["sections"]),
                         len(rec["facts"]))
            except ReadError as exc:
                rec = _error_record(path, "read", exc.kind, exc.message)
                errors += 1
                log.warning("[%d/%d] %s rejected: %s", n, len(files), path.name, exc.message)
            except Exception as exc:  # noqa: BLE001 - one bad report never stops the batch
                rec = _error_record(path, "extract", type(exc).__name__, f"extraction failed: {exc}")
                errors += 1
                log.error("[%d/%d] %s failed:\n%s", n, len(files), path.name, traceback.format_exc())
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    return BatchResult(str(out), reports, facts, errors)


def read_batch(path: str | Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
