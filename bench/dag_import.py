"""DAG import time: how long Airflow's DagBag takes to parse dags/gov_reports.py (what the DAG processor
does on every parse), in a fresh interpreter per run; Airflow's own import is timed apart.

    python -m bench.dag_import --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DAG_FILE = PROJECT_ROOT / "dags" / "gov_reports.py"


@dataclass(frozen=True)
class ImportTime:
    runs: int
    parse_s: float  # median DagBag parse of the DAG file (Airflow already imported)
    airflow_import_s: float  # median `import airflow` + DagBag class in a fresh interpreter
    all_parse_s: list[float]


def _once() -> dict[str, float]:
    t0 = time.perf_counter()
    from airflow.dag_processing.dagbag import DagBag

    t1 = time.perf_counter()
    bag = DagBag(dag_folder=str(DAG_FILE))
    t2 = time.perf_counter()
    if bag.import_errors or "gov_reports" not in bag.dags:
        raise SystemExit(f"the DAG did not import: {bag.import_errors}")
    return {"airflow_import_s": t1 - t0, "parse_s": t2 - t1}


def measure(runs: int = 3) -> ImportTime:
    from bench.pipeline import MAKE_ENV

    env = {**MAKE_ENV, **os.environ}
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-m", "bench.dag_import", "--once"], check=True, capture_output=True,
                             text=True, cwd=PROJECT_ROOT, env=env)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    parse = [r["parse_s"] for r in results]
    return ImportTime(runs, round(statistics.median(parse), 3),
                      round(statistics.median(r["airflow_import_s"] for r in results), 3), [round(p, 3) for p in parse])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--once", action="store_true")
    a = ap.parse_args(argv)
    if a.once:
        print(json.dumps(_once()))
    else:
        print(json.dumps(asdict(measure(a.runs)), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
