"""Extraction of one batch of files → one JSON-lines file of records (the hand-off to the loader).

Each line is either {"report": …, "sections": […], "facts": […]} for a report that was read,
or {"error": {…}} for a file that was rejected: a bad file never stops the batch, or {"known": {…}} for a file
whose bytes the warehouse already holds from the current extractor version (not extracted again).
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import stat
import traceback
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import repeat
from pathlib import Path
from typing import Any

from extract.pipeline import process_file, report_id_of
from extract.read import ReadError, ReadLimits
from ingest.intake.raw_schema import violations

log = logging.getLogger(__name__)

# report formats by extension; files without an extension are read too (the content decides)
REPORT_SUFFIXES = (".txt", ".pdf", ".docx", ".doc", ".html", ".htm", ".shtml", ".xhtml")
# hidden files, Office lock files (~$x.docx, .~lock.x#), editor backups and partial downloads
IGNORED_PREFIXES = (".", "~$", "~")
IGNORED_SUFFIXES = ("~", ".tmp", ".part", ".crdownload", ".swp")
IGNORED_NAMES = ("thumbs.db", "desktop.ini")


# content hashes of the reports the warehouse holds from the current extractor version (written by discover)
KNOWN_FILE = "known_reports.json"
EARLY_FILE = "batch_early.jsonl"  # records of the files discover settled without extraction (see triage)


@dataclass(frozen=True)
class BatchResult:
    path: str
    reports: int
    facts: int
    errors: int
    known: int = 0  # files whose content is already loaded: not extracted again


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
            if is_candidate(name) and is_regular_file(p):
                files.append(str(p))
    return sorted(files)


def is_regular_file(path: Path) -> bool:
    """A regular file, after resolving links. A FIFO, a device or a socket would block or never end a read, a
    broken link has nothing to read: each is skipped with a warning naming it."""
    try:
        mode = os.stat(path).st_mode  # follows links
    except OSError as exc:
        log.warning("skipped %s: %s (a broken link?)", safe_name(str(path)), exc.strerror)
        return False
    if stat.S_ISREG(mode):
        return True
    if not stat.S_ISDIR(mode):
        log.warning("skipped %s: not a regular file (a FIFO, device or socket); only files are read",
                    safe_name(str(path)))
    return False


def safe_name(name: str) -> str:
    """A file name as text every consumer takes (XCom, JSON, DuckDB): bytes that were not UTF-8 (kept by Python
    as lone surrogates) are written as \\xNN escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def make_batches(files: list[str], batch_size: int) -> list[list[str]]:
    size = max(1, int(batch_size))
    return [files[i : i + size] for i in range(0, len(files), size)]


def display_name(path: Path, root: Path | None) -> str:
    """How a file is known in the warehouse: its path inside the inbox (the base name at the top level)."""
    if root is not None:
        try:
            return safe_name(path.absolute().relative_to(root.absolute()).as_posix())
        except ValueError:
            pass
    return safe_name(path.name)


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


def write_known(staging_dir: str | Path, content_hashes: set[str]) -> Path:
    """The content hashes already loaded with the current extractor version, for this run's extract tasks."""
    path = Path(staging_dir) / KNOWN_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(sorted(content_hashes)), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_known(staging_dir: str | Path | None) -> frozenset[str]:
    path = Path(staging_dir) / KNOWN_FILE if staging_dir else None
    if path is None or not path.exists():
        return frozenset()
    return frozenset(json.loads(path.read_text(encoding="utf-8")))


def known_record(name: str, digest: str) -> dict:
    """A file whose bytes are already loaded (same extractor version): the loader only records the name."""
    return {"known": {"report_id": report_id_of(digest), "content_hash": digest, "file_name": name}}


def _early_record(path: Path, root: Path | None, limits: ReadLimits, known: frozenset[str]) -> dict | None:
    """The record of a file that needs no extraction (a link out of the inbox, bytes already loaded), else None."""
    name = display_name(path, root)
    if safe_name(str(path)) != str(path):
        return error_record(path, name, "read", "bad_file_name",
                            "has a file name that is not valid UTF-8 (shown with \\x escapes); rename it in UTF-8 "
                            "(e.g. convmv -f gbk -t utf8 --notest <file>) and it is read on the next run")
    if outside_inbox(path, root):
        return error_record(path, name, "read", "outside_inbox",
                            "is a symbolic link to a file outside the inbox; copy the file into the inbox instead",
                            read_content=False)
    if known:
        digest, size = _file_digest(path)
        if digest in known and size is not None and size <= limits.max_file_bytes:
            return known_record(name, digest)
    return None


def extract_one(path: Path, root: Path | None, limits: ReadLimits, known: frozenset[str] = frozenset()) -> dict:
    """The record of one file: a report, a known report (`known`: content hashes already loaded), or an error
    naming the file, the problem and what to do."""
    return _early_record(path, root, limits, known) or _extract_file(path, root, limits)


def _extract_file(path: Path, root: Path | None, limits: ReadLimits) -> dict:
    name = display_name(path, root)
    try:
        records = process_file(path, limits, name).records()
        problems = violations(records)
        if problems:
            return error_record(path, name, "check", "violates_rule",
                                f"its extracted rows break the raw tables' rules ({'; '.join(problems[:5])}); the "
                                "other reports load; report it as an extractor bug with the file attached")
        return records
    except ReadError as exc:
        return error_record(path, name, exc.stage, exc.kind, exc.message)
    except Exception as exc:  # noqa: BLE001 - one bad report never stops the batch
        log.error("%s failed:\n%s", name, traceback.format_exc())
        return error_record(path, name, "extract", type(exc).__name__, f"extraction failed: {exc}")


def extract_workers() -> int:
    """Processes that extract a batch: GOV_REPORTS_EXTRACT_WORKERS, else one per core (1: in the task's process)."""
    value = os.environ.get("GOV_REPORTS_EXTRACT_WORKERS", "").strip()
    return max(1, int(value)) if value else (os.cpu_count() or 1)


_POOLS: dict[int, ProcessPoolExecutor] = {}
# fewer files are extracted in the task's own process: starting workers (each imports the extractor and loads
# jieba) costs more than it saves
POOL_MIN_FILES = 4


def _pool(workers: int) -> ProcessPoolExecutor:
    """One pool per process, kept between batches: under `airflow dags test` every task runs in one process, so
    the workers import the extractor and load jieba once per run, not once per batch."""
    if workers not in _POOLS:
        _POOLS[workers] = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    return _POOLS[workers]


def extract_all(paths: list[Path], root: Path | None, limits: ReadLimits,
                known: frozenset[str] = frozenset(), workers: int | None = None) -> list[dict]:
    """The records of `paths` in order: files to extract are spread over `workers` processes when there are two
    or more (the same records as one process makes: extraction is a pure function of the file)."""
    records: list[dict | None] = [_early_record(p, root, limits, known) for p in paths]
    todo = [i for i, rec in enumerate(records) if rec is None]
    wanted = workers or extract_workers()
    if wanted in _POOLS and todo:  # workers started by an earlier batch of this process: any batch uses them
        workers = wanted
    else:  # few files are extracted here: starting workers would cost more than it saves
        workers = min(wanted, len(todo)) if len(todo) >= POOL_MIN_FILES else 1
    if workers > 1:
        try:
            done = _pool(workers).map(_extract_file, [paths[i] for i in todo], repeat(root), repeat(limits))
            for i, rec in zip(todo, done, strict=True):
                records[i] = rec
            todo = []
        except BrokenProcessPool:  # a worker died (killed, out of memory): this batch in this process
            log.warning("extraction worker pool broke; extracting the batch in the task's process")
            _POOLS.pop(workers, None)
    for i in todo:
        records[i] = _extract_file(paths[i], root, limits)
    return [rec for rec in records if rec is not None]


def write_records(records: Iterable[dict], out_path: str | Path, total: int | None = None) -> BatchResult:
    """Write records (report, known or error) as one JSON-lines batch file, atomically (tmp file + rename),
    logging one line per file; the counts of each kind."""
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    reports = facts = errors = skipped = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for n, rec in enumerate(records, 1):
            of = f"[{n}/{total}]" if total else f"[{n}]"
            if "known" in rec:
                skipped += 1
                log.info("%s %s: already loaded", of, rec["known"]["file_name"])
            elif "error" in rec:
                errors += 1
                log.warning("%s %s rejected: %s", of, rec["error"]["file_name"], rec["error"]["message"])
            else:
                reports += 1
                facts += len(rec["facts"])
                log.info("%s %s: %d sections, %d facts", of, rec["report"]["file_name"], len(rec["sections"]),
                         len(rec["facts"]))
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    return BatchResult(str(out), reports, facts, errors, skipped)


def extract_batch(files: list[str], out_path: str | Path, config: Mapping[str, Any] | None = None) -> BatchResult:
    """Process each file; write all records atomically to `out_path` (tmp file + rename).

    `config` (the run configuration) gives the inbox (`input_dir`), the limits (`max_file_mb`, `max_unzipped_mb`)
    and this run's `staging_dir`, where discover listed the reports already loaded (see write_known).
    """
    root = Path(config["input_dir"]) if config and config.get("input_dir") else None
    limits = read_limits(config)
    known = read_known(config.get("staging_dir") if config else None)
    return write_records(extract_all([Path(f) for f in files], root, limits, known), out_path, len(files))


def triage(files: list[str], config: Mapping[str, Any], known: frozenset[str] | set[str],
           out_path: str | Path) -> tuple[list[str], BatchResult]:
    """Split the inbox's files into those to extract and those that need no extraction — bytes already loaded
    (a `known` record: the loader only notes the name) or a link out of the inbox (an error record) — whose
    records are written to `out_path` for the loader. A run that adds one report extracts one file."""
    root = Path(config["input_dir"]) if config.get("input_dir") else None
    limits = read_limits(config)
    todo: list[str] = []
    early: list[dict] = []
    for f in files:
        rec = _early_record(Path(f), root, limits, frozenset(known))
        if rec is None:
            todo.append(f)
        else:
            early.append(rec)
    return todo, write_records(early, out_path)


def shutdown_pools() -> None:
    """Stop the extraction workers (each holds jieba and the extractor in memory): called once extraction is
    over, so that they do not sit idle beside the loader and dbt."""
    while _POOLS:
        _, pool = _POOLS.popitem()
        pool.shutdown(wait=True, cancel_futures=True)


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
