"""Extraction of one batch of files → one JSON-lines file of records (the hand-off to the loader).

Each line is either {"report": …, "sections": […], "facts": […]} for a report that was read,
or {"error": {…}} for a file that was rejected: a bad file never stops the batch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extract.pipeline import process_file
from extract.read import ReadError, ReadLimits

log = logging.getLogger(__name__)

# report formats by extension; files without an extension are read too (the content decides)
REPORT_SUFFIXES = (".txt", ".pdf", ".docx", ".doc", ".html", ".htm", ".shtml", ".xhtml")
# hidden files, Office lock files (~$x.docx, .~lock.x#), editor backups and partial downloads
IGNORED_PREFIXES = (".", "~$", "~")
IGNORED_SUFFIXES = ("~", ".tmp", ".part", ".crdownload", ".swp")
IGNORED_NAMES = ("thumbs.db", "desktop.ini")


@dataclass(frozen=True)
class BatchResult:
    path: str
    reports: int
    facts: int
    errors: int


def is_ignored(name: str) -> bool:
    low = name.lower()
    return low.startswith(IGNORED_PREFIXES) or low.endswith(IGNORED_SUFFIXES) or low in IGNORED_NAMES


def is_candidate(name: str) -> bool:
    suffix = Path(name).suffix.lower()
    return not is_ignored(name) and (suffix in REPORT_SUFFIXES or suffix == "")


def discover(input_dir: str | Path) -> list[str]:
    """Report files in a folder and its subfolders (sorted; hidden and temporary files and folders skipped).

    Symbolic links are listed as they are (not followed into folders); extract_batch refuses links that
    leave the inbox.
    """
    root = Path(input_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder {root} does not exist: pass INPUT=<folder with reports>")
    files = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if not is_ignored(d)]
        for name in names:
            p = Path(folder) / name
            if is_candidate(name) and (p.is_file() or p.is_symlink()):
                files.append(str(p))
    return sorted(files)


def make_batches(files: list[str], batch_size: int) -> list[list[str]]:
    size = max(1, int(batch_size))
    return [files[i : i + size] for i in range(0, len(files), size)]


def display_name(path: Path, root: Path | None) -> str:
    """How a file is known in the warehouse: its path inside the inbox (the base name at the top level)."""
    if root is not None:
        try:
            return path.absolute().relative_to(root.absolute()).as_posix()
        except ValueError:
            pass
    return path.name


def outside_inbox(path: Path, root: Path | None) -> bool:
    """A symbolic link (or a link in its folders) that leads out of the inbox."""
    if root is None:
        return False
    return not path.resolve().is_relative_to(root.resolve())


def _file_digest(path: Path) -> tuple[str | None, int | None]:
    """SHA-256 and size, read in chunks (a huge file is never loaded whole)."""
    try:
        h = hashlib.sha256()
        size = 0
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
                size += len(chunk)
        return h.hexdigest(), size
    except OSError:
        return None, None


def error_record(path: Path, name: str, stage: str, kind: str, message: str, read_content: bool = True) -> dict:
    digest, size = _file_digest(path) if read_content else (None, None)
    return {
        "error": {
            "file_name": name,
            "content_hash": digest,
            "size_bytes": size,
            "stage": stage,
            "error_kind": kind,
            "message": message,
            "seen_at": datetime.now(UTC).isoformat(),
        }
    }


def read_limits(config: Mapping[str, Any] | None) -> ReadLimits:
    config = config or {}
    return ReadLimits.from_megabytes(config.get("max_file_mb"), config.get("max_unzipped_mb"))


def extract_one(path: Path, root: Path | None, limits: ReadLimits) -> dict:
    """The record of one file: a report, or an error naming the file, the problem and what to do."""
    name = display_name(path, root)
    if outside_inbox(path, root):
        return error_record(path, name, "read", "outside_inbox",
                            "is a symbolic link to a file outside the inbox; copy the file into the inbox instead",
                            read_content=False)
    try:
        return process_file(path, limits, name).records()
    except ReadError as exc:
        return error_record(path, name, exc.stage, exc.kind, exc.message)
    except Exception as exc:  # noqa: BLE001 - one bad report never stops the batch
        log.error("%s failed:\n%s", name, traceback.format_exc())
        return error_record(path, name, "extract", type(exc).__name__, f"extraction failed: {exc}")


def extract_batch(files: list[str], out_path: str | Path, config: Mapping[str, Any] | None = None) -> BatchResult:
    """Process each file; write all records atomically to `out_path` (tmp file + rename).

    `config` (the run configuration) gives the inbox (`input_dir`) and the limits (`max_file_mb`, `max_unzipped_mb`).
    """
    root = Path(config["input_dir"]) if config and config.get("input_dir") else None
    limits = read_limits(config)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    reports = facts = errors = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for n, name in enumerate(files, 1):
            rec = extract_one(Path(name), root, limits)
            if "error" in rec:
                errors += 1
                log.warning("[%d/%d] %s rejected: %s", n, len(files), rec["error"]["file_name"],
                            rec["error"]["message"])
            else:
                reports += 1
                facts += len(rec["facts"])
                log.info("[%d/%d] %s: %d sections, %d facts", n, len(files), rec["report"]["file_name"],
                         len(rec["sections"]), len(rec["facts"]))
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    return BatchResult(str(out), reports, facts, errors)


def prune_stale_batches(staging_dir: str | Path) -> list[str]:
    """Remove the batch folders of earlier runs (finished, failed or killed), keep this run's.

    Runs never overlap (the DAG allows one active run), so only this run's folder can be in use.
    """
    current = Path(staging_dir)
    root = current.parent
    if root.name != "batches" or not root.is_dir():
        return []
    removed = []
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and folder.name != current.name:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def read_batch(path: str | Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
