"""Time the raw load (ingest.warehouse.load.load_batch_files) on N generated reports in batch files of 10.

    python -m bench.load_raw --reports 1000 [--work /tmp/loadbench] [--repeat 3] [--baseline HEAD] [--loader REF]

Steps, each on the warehouse the step before left: `load` (N reports into a new file), `reload` (the same batch
files again: idempotent), `plus1` (an incremental run: N `known` records and 1 new report, as the DAG's extract
makes them), `mixed` (a copy of a report under a second name, an empty file and a changed file). The corpus
(bench.make_corpus, N + 1 reports) and the batch files are made once in --work and reused.

--baseline REF also runs the loader of `git show REF:ingest/warehouse/load.py` and compares every raw.* table
between the two (timestamps as the rank of the load that wrote them: each load stamps one `now`).
--loader REF times only the loader of REF (no comparison): run once with it and once without to compare the
peak memory (the process's peak RSS after the steps; DuckDB's buffers count, Python's tracemalloc would not).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
import types
from pathlib import Path

import duckdb

from bench.make_corpus import make_corpus
from ingest.intake.batch import extract_batch, make_batches, read_batch, write_known
from ingest.warehouse import load

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STEPS = ("load", "reload", "plus1", "mixed")


def _extract(files: list[Path], root: Path, out: Path, known: set[str] = frozenset()) -> list[Path]:
    """Batch files of 10 as the DAG's extract task writes them (`known`: content hashes already loaded)."""
    if out.exists():
        shutil.rmtree(out)
    staging = out / "staging"
    write_known(staging, set(known))
    cfg = {"input_dir": str(root), "staging_dir": str(staging)}
    return [Path(extract_batch([str(f) for f in batch], out / f"batch_{i:04d}.jsonl", cfg).path)
            for i, batch in enumerate(make_batches(sorted(files), 10))]


def prepare(work: Path, n: int) -> dict[str, list[Path]]:
    """The batch files of every step (made once: extraction is CPU heavy)."""
    marker = work / "made.json"
    steps = {s: work / s for s in ("load", "plus1", "mixed")}
    if marker.exists() and json.loads(marker.read_text()) == {"reports": n}:
        return {s: sorted(d.glob("*.jsonl")) for s, d in steps.items()}
    corpus, extra = work / "corpus", work / "extra"
    made = make_corpus(corpus, n + 1)
    files = [g.path for g in made]
    extra.mkdir(parents=True, exist_ok=True)
    new = files[-1].rename(extra / files[-1].name)  # the +1 report stays out of the first N
    t = time.perf_counter()
    batches = _extract(files[:n], corpus, steps["load"])
    print(f"extracted {n} reports in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    known = {r["report"]["content_hash"] for b in batches for r in read_batch(b) if "report" in r}
    new.rename(corpus / new.name)
    _extract([*files[:n], corpus / new.name], corpus, steps["plus1"], known)
    mixed = work / "mixed_inbox"
    shutil.rmtree(mixed, ignore_errors=True)
    mixed.mkdir()
    shutil.copy(files[0], mixed / f"{files[0].stem} - 副本.txt")
    (mixed / "empty.txt").write_bytes(b"")
    changed = files[1].read_text(encoding=made[1].encoding) + "（本报告已更正）\n"  # in the file's own encoding
    (mixed / files[1].name).write_text(changed, encoding=made[1].encoding)
    _extract(sorted(mixed.iterdir()), mixed, steps["mixed"], known)
    marker.write_text(json.dumps({"reports": n}))
    return {s: sorted(d.glob("*.jsonl")) for s, d in steps.items()}


def baseline_loader(ref: str) -> types.ModuleType:
    src = subprocess.check_output(["git", "show", f"{ref}:ingest/warehouse/load.py"], cwd=PROJECT_ROOT)
    module = types.ModuleType(f"load_{ref}")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(src, f"{ref}:ingest/warehouse/load.py", "exec"), module.__dict__)  # noqa: S102 - the project's own code
    return module


def run(loader: types.ModuleType, wh: Path, batches: dict[str, list[Path]]) -> dict[str, tuple[float, float]]:
    """Wall and CPU seconds (all threads) of each step."""
    wh.unlink(missing_ok=True)
    times = {}
    for step in STEPS:
        files = batches["load" if step == "reload" else step]
        t, c = time.perf_counter(), time.process_time()
        loader.load_batch_files(wh, files)
        times[step] = (time.perf_counter() - t, time.process_time() - c)
    t, c = time.perf_counter(), time.process_time()
    duckdb.connect(str(wh)).close()
    times["open"] = (time.perf_counter() - t, time.process_time() - c)
    return times


def contents(wh: Path) -> dict[str, list[tuple]]:
    """Every raw.* table as sorted rows; a timestamp becomes the rank of its value among all of the file's."""
    con = duckdb.connect(str(wh), read_only=True)
    try:
        tables = {t: con.execute(f"select * from raw.{t}").fetchall() for t in load.TABLES}
        types_ = {t: [d[1] for d in con.execute(f"select * from raw.{t} limit 0").description] for t in load.TABLES}
    finally:
        con.close()
    stamps = sorted({v for t, rows in tables.items() for row in rows for v, ty in zip(row, types_[t], strict=True)
                     if "TIMESTAMP" in str(ty) and v is not None})
    rank = {v: i for i, v in enumerate(stamps)}
    return {t: sorted((tuple(rank.get(v, v) if "TIMESTAMP" in str(ty) else v
                             for v, ty in zip(row, types_[t], strict=True)) for row in rows), key=repr)
            for t, rows in tables.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--work", default="/tmp/loadbench")
    ap.add_argument("--repeat", type=int, default=1, help="runs of every step (the best is printed)")
    ap.add_argument("--baseline", help="also time and compare the loader of this git revision")
    ap.add_argument("--loader", help="time only the loader of this git revision (for its peak memory)")
    a = ap.parse_args(argv)
    work = Path(a.work)
    batches = prepare(work, a.reports)
    loaders = {"current": load} if not a.loader else {a.loader: baseline_loader(a.loader)}
    if a.baseline and not a.loader:
        loaders = {a.baseline: baseline_loader(a.baseline), **loaders}
    results = {}
    for name, loader in loaders.items():
        wh = work / f"wh_{name}.duckdb"
        runs = [run(loader, wh, batches) for _ in range(a.repeat)]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the comparison reads the tables
        results[name] = contents(wh)
        best = {s: min(r[s] for r in runs) for s in runs[0]}  # the run least slowed by other processes
        print(f"{name:>10} (best of {a.repeat}, wall / cpu s): "
              + "  ".join(f"{s} {w:.2f} / {c:.2f}" for s, (w, c) in best.items())
              + f"; peak RSS so far {peak:.0f} MB", flush=True)
    counts = {t: len(rows) for t, rows in results[next(reversed(results))].items()}
    print("rows: " + ", ".join(f"{t} {c}" for t, c in counts.items()))
    if a.baseline and not a.loader:
        same = [t for t in load.TABLES if results[a.baseline][t] == results["current"][t]]
        print(f"identical to {a.baseline}: {', '.join(same) or 'none'}; differ: "
              f"{', '.join(t for t in load.TABLES if t not in same) or 'none'}")
        return 0 if len(same) == len(load.TABLES) else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
