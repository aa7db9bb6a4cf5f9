"""`make bench`: every benchmark, then bench/RESULTS.md and the plot.

    python -m bench.run_all --sizes 5,100,1000 --runs 3 --work /tmp/gov-reports-bench

Steps: machine description; a corpus generated from the 30 real reports of tests/corpus (bench/make_corpus.py);
extraction throughput on the seeds and on the largest corpus; for each size, end-to-end runs of the DAG on a fresh
warehouse (median of --runs); then, on the largest warehouse, --runs incremental runs that each add one new report
and --runs re-runs with nothing new (the fixed cost of a run); DAG import time.

With --baseline REF, REF's own pipeline (bench/baseline.py) runs on the same corpus, alternated with this
checkout's, for the largest size and the incremental step: the report gives both medians and their ratio.
Raw results go to bench/results.json; bench/report.py renders them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import psutil

from bench import baseline, dag_import, extract_throughput, pipeline, report
from bench.baseline import Side
from bench.make_corpus import make_corpus

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=PROJECT_ROOT).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "os": platform.platform(), "commit": commit,
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "load_avg_start": os.getloadavg()}


def subset(corpus: Path, count: int, dest: Path) -> Path:
    """The first `count` files of the corpus in a folder of their own (hard links)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for p in sorted(corpus.iterdir())[:count]:
        os.link(p, dest / p.name)
    return dest


def _median_run(results: list[pipeline.RunResult]) -> dict:
    walls = [r.wall_s for r in results]
    stages = sorted({s for r in results for s in r.stages_s})
    return {
        "reports": results[0].reports, "runs": len(results), "wall_s": round(statistics.median(walls), 2),
        "all_wall_s": walls, "peak_rss_mb": max(r.peak_rss_mb for r in results),
        "stages_s": {s: round(statistics.median(r.stages_s.get(s, 0.0) for r in results), 2) for s in stages},
        "tasks": results[0].tasks, "failed": sum(1 for r in results if r.exit_code != 0),
    }


def _alternated(sides: list[Side], count: int, one_run: Callable[[Side, int], pipeline.RunResult]
                ) -> dict[str, list[pipeline.RunResult]]:
    """`count` runs of each side, alternated (old, new, new, old, …) so that both see the same machine states."""
    measured: dict[str, list[pipeline.RunResult]] = {s.label: [] for s in sides}
    for k in range(count):
        for side in (sides if k % 2 == 0 else sides[::-1]):
            measured[side.label].append(one_run(side, k))
            r = measured[side.label][-1]
            print(f"{side.label}: {r.reports} reports, run {k + 1}: {r.wall_s:.1f} s, peak {r.peak_rss_mb:.0f} MB"
                  + (f", FAILED ({r.exit_code})" if r.exit_code else ""), flush=True)
    return measured


def _warehouse(work: Path, side: Side, n: int) -> Path:
    folder = f"warehouse_{n}" if side.label == "new" else f"warehouse_{side.label}_{n}"
    return work / folder / "gov_reports.duckdb"


def run(sizes: list[int], runs: int, work: Path, batch_size: int, extract_workers: list[int],
        large_runs: int | None = None, baseline_ref: str | None = None, seed: int = 0) -> dict:
    """`large_runs`: runs of the sizes over 100 reports and of the incremental step (default: `runs`).
    `baseline_ref`: a git ref whose own pipeline runs alternated with this checkout's on the largest size and the
    incremental step (the same corpus, the same session)."""
    large_runs = large_runs or runs
    started = time.perf_counter()
    work.mkdir(parents=True, exist_ok=True)
    largest = max(sizes)
    corpus = work / "corpus"
    make_corpus(corpus, largest + large_runs, seed=seed)  # the extra files are the "new report" of each +1 run
    results: dict = {"machine": machine(), "sizes": sizes, "runs": runs, "batch_size": batch_size,
                     "corpus": {"sources": "tests/corpus", "reports": largest + large_runs, "seed": seed}}
    new = baseline.this_checkout(pipeline.isolated_airflow_home(work / "airflow_home"))
    old = baseline.baseline(baseline_ref, work) if baseline_ref else None
    print(f"corpus of {largest + large_runs} reports in {corpus}"
          + (f"; baseline {baseline_ref} = {old.commit[:12]} ({old.module}) in {old.root}" if old else ""), flush=True)

    big = subset(corpus, largest, work / f"inbox_{largest}")
    results["extraction"] = [asdict(extract_throughput.measure(folder, w, n))
                             for folder, n in ((PROJECT_ROOT / "seeds", runs), (big, large_runs))
                             for w in extract_workers]
    for t in results["extraction"]:
        print(f"extraction {Path(t['input']).name} ×{t['workers']}: {t['chars_per_s_per_core']:,.0f} chars/s/core",
              flush=True)

    results["end_to_end"] = []
    for n in sizes:
        inbox = subset(corpus, n, work / f"inbox_{n}")
        sides = [old, new] if old and n == largest else [new]

        def fresh(side: Side, k: int, n: int = n, inbox: Path = inbox) -> pipeline.RunResult:
            pipeline.fresh_warehouse(_warehouse(work, side, n))
            return side.run(inbox, _warehouse(work, side, n), batch_size, work / "logs" / f"{side.label}_{n}_{k}.log")

        measured = _alternated(sides, runs if n <= 100 else large_runs, fresh)
        results["end_to_end"].append(_median_run(measured["new"]))
        if old and n == largest:
            results["baseline"] = {"ref": baseline_ref, "commit": old.commit, "module": old.module,
                                   "end_to_end": _median_run(measured["old"])}

    inbox = work / f"inbox_{largest}"  # its warehouses are the ones the last fresh runs left
    sides = [old, new] if old else [new]

    def add_one(side: Side, k: int) -> pipeline.RunResult:
        new_file = sorted(corpus.iterdir())[largest + k]
        if not (inbox / new_file.name).exists():  # the first side of the pair adds it, both run on it
            os.link(new_file, inbox / new_file.name)
        return side.run(inbox, _warehouse(work, side, largest), batch_size,
                        work / "logs" / f"{side.label}_incremental_{k}.log")

    added = _alternated(sides, large_runs, add_one)
    results["incremental"] = {"base_reports": largest, **_median_run(added["new"])}
    if old:
        results["baseline"]["incremental"] = {"base_reports": largest, **_median_run(added["old"])}
    # the same inbox again, nothing new: the fixed cost of a run on that warehouse
    again = _alternated([new], large_runs, lambda side, k: side.run(
        inbox, _warehouse(work, side, largest), batch_size, work / "logs" / f"rerun_{k}.log"))
    results["rerun"] = {"base_reports": largest + large_runs, **_median_run(again["new"])}

    results["dag_import"] = asdict(dag_import.measure(runs))
    results["machine"]["load_avg_end"] = os.getloadavg()
    results["machine"]["bench_minutes"] = round((time.perf_counter() - started) / 60, 1)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="5,100,1000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--large-runs", type=int, help="runs of sizes over 100 and of the incremental step")
    ap.add_argument("--batch-size", type=int, default=50)
    ap.add_argument("--extract-workers", default=f"1,{os.cpu_count() or 1}")
    ap.add_argument("--work", default="/tmp/gov-reports-bench")
    ap.add_argument("--out", default=str(BENCH_DIR), help="where results.json, RESULTS.md and the plot go")
    ap.add_argument("--baseline", help="a git ref: its own pipeline runs alternated with this one's (ratios)")
    ap.add_argument("--seed", type=int, default=0, help="the generated corpus's seed")
    a = ap.parse_args(argv)
    sizes = sorted({int(s) for s in a.sizes.split(",") if s.strip()})
    workers = sorted({int(w) for w in a.extract_workers.split(",")})
    results = run(sizes, a.runs, Path(a.work), a.batch_size, workers, a.large_runs, a.baseline, a.seed)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    report.write(results, out)
    print(f"results: {out / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
