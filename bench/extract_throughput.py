"""Extraction throughput: characters per second per core of read → clean → split → extract
(`extract.pipeline.process_file`) over every file of a folder.

Each run is a fresh process (no warm caches from an earlier run); jieba's dictionary is loaded before the
clock starts and reported apart (`startup_s`). With `--workers N` the files are spread over N processes
(each loads jieba first) and the rate per core is characters / wall time / N.

    python -m bench.extract_throughput --input seeds --runs 3 --workers 1,2 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Pass:
    """One timed pass over a folder."""

    files: int
    chars: int
    seconds: float
    workers: int
    startup_s: float
    cpu_s: float = 0.0  # CPU time of the extracting processes (other jobs on the machine do not count)

    @property
    def chars_per_s_per_core(self) -> float:
        return self.chars / self.seconds / self.workers if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class Throughput:
    """The median of several passes (each in a fresh process)."""

    input: str
    files: int
    chars: int
    workers: int
    runs: int
    median_s: float
    chars_per_s_per_core: float
    startup_s: float
    all_s: list[float]
    chars_per_cpu_s: float = 0.0  # characters per CPU second (median of the runs)


def _warm() -> None:
    from extract.facts import extract_facts  # noqa: F401 - imports the extractor
    from extract.region import region_parts
    from extract.segment import tagger

    tagger()  # jieba's dictionary and the user dictionary
    region_parts("北京市")  # cpca and its table of divisions, loaded once per process like jieba's dictionary


def _chars_of(paths: list[str]) -> tuple[int, float]:
    """Characters read and the CPU seconds it took."""
    from extract.pipeline import process_file

    t0 = time.process_time()
    chars = sum(len(process_file(p).raw.text) for p in paths)
    return chars, time.process_time() - t0


def report_files(folder: str | Path) -> list[str]:
    return sorted(str(p) for p in Path(folder).rglob("*") if p.is_file() and not p.name.startswith("."))


def one_pass(folder: str | Path, workers: int = 1) -> Pass:
    """Time one pass in this process (workers=1) or over a pool of `workers` processes."""
    files = report_files(folder)
    t0 = time.perf_counter()
    if workers <= 1:
        _warm()
        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
        chars, cpu = _chars_of(files)
        return Pass(len(files), chars, time.perf_counter() - t1, 1, startup, cpu)
    chunks = [files[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
        list(pool.map(_noop, range(workers)))  # every worker has loaded jieba
        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
        done = list(pool.map(_chars_of, chunks))
        return Pass(len(files), sum(c for c, _ in done), time.perf_counter() - t1, workers, startup,
                    sum(cpu for _, cpu in done))


def _noop(_: int) -> None:
    time.sleep(0.05)  # long enough that each worker takes one


def measure(folder: str | Path, workers: int = 1, runs: int = 3) -> Throughput:
    """`runs` passes, each in a fresh interpreter; the median time."""
    passes = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-m", "bench.extract_throughput", "--input", str(folder), "--once", "--workers",
             str(workers)],
            check=True, capture_output=True, text=True, cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        )
        passes.append(Pass(**json.loads(out.stdout.strip().splitlines()[-1])))
    times = [p.seconds for p in passes]
    med = statistics.median(times)
    first = passes[0]
    cpu = statistics.median(p.cpu_s for p in passes)
    return Throughput(str(folder), first.files, first.chars, workers, runs, med,
                      first.chars / med / workers if med > 0 else 0.0,
                      statistics.median(p.startup_s for p in passes), times,
                      first.chars / cpu if cpu > 0 else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", default="1", help="comma-separated worker counts, e.g. 1,2")
    ap.add_argument("--once", action="store_true", help="one pass in this process, printed as JSON")
    ap.add_argument("--json", help="write the results here")
    a = ap.parse_args(argv)
    if a.once:
        print(json.dumps(asdict(one_pass(a.input, int(a.workers)))))
        return 0
    results = [measure(a.input, int(w), a.runs) for w in a.workers.split(",")]
    for r in results:
        print(f"{r.input}: {r.files} files, {r.chars} chars, {r.workers} worker(s): median {r.median_s:.2f} s "
              f"→ {r.chars_per_s_per_core:,.0f} chars/s per core, {r.chars_per_cpu_s:,.0f} per CPU second "
              f"(jieba load {r.startup_s:.2f} s)")
    if a.json:
        Path(a.json).write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
