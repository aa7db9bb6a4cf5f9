"""The code a benchmark run measures: this checkout ("new") or another commit's own pipeline ("old").

A figure measured on another day is not comparable (the machine's speed varies by up to 1.5× from one half hour
to the next, bench/FINDINGS.md), so `make bench BASELINE=REF` runs REF's own code in the same session, on the same
corpus, alternated with this checkout's, and reports ratios. REF's files are exported (`git archive`) into the
bench work folder; the virtual environment is shared (a symlink to the running interpreter's): REF must run on
this checkout's lock file. REF's runner is `ingest.runtime.run`, or `ingest.run` before ingest/ was split into
rooms.

    python -m bench.baseline --ref main --work /tmp/gov-reports-bench
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

from bench import pipeline

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RUNNERS = ("ingest.runtime.run", "ingest.run")  # the newest first


@dataclass(frozen=True)
class Side:
    """One code base a benchmark runs: its label, files, runner module and Airflow home of its own."""

    label: str  # "new": this checkout; "old": the baseline
    root: Path
    module: str
    airflow_home: Path
    commit: str = ""

    def run(self, inbox: Path, warehouse: Path, batch_size: int, log_copy: Path) -> pipeline.RunResult:
        return pipeline.run_dag(inbox, warehouse, batch_size, log_copy, self.airflow_home, self.root, self.module)


def runner_of(root: Path) -> str:
    """The module that runs the DAG the way `make run` does, in the code at `root`."""
    for module in RUNNERS:
        if (root / (module.replace(".", "/") + ".py")).is_file():
            return module
    raise FileNotFoundError(f"no runner ({' or '.join(RUNNERS)}) in {root}")


def resolve(ref: str, repo: Path = PROJECT_ROOT) -> str:
    """The full commit id of a git ref (a branch, tag or commit)."""
    out = subprocess.run(["git", "rev-parse", "--verify", f"{ref}^{{commit}}"], cwd=repo, capture_output=True,
                         text=True)
    if out.returncode != 0:
        raise ValueError(f"not a commit: {ref} ({out.stderr.strip()})")
    return out.stdout.strip()


def export(commit: str, dest: Path, repo: Path = PROJECT_ROOT) -> Path:
    """The files of `commit` in `dest` (exported once: a folder marked complete is reused), with the venv linked."""
    done = dest / ".exported"
    if not done.exists():
        archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=repo, capture_output=True,
                                 check=True).stdout
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
        done.write_text(commit + "\n", encoding="utf-8")
    venv = dest / ".venv"
    if not venv.exists():
        venv.symlink_to(Path(sys.prefix), target_is_directory=True)
    return dest


def this_checkout(airflow_home: Path) -> Side:
    return Side("new", PROJECT_ROOT, runner_of(PROJECT_ROOT), airflow_home)


def baseline(ref: str, work: Path) -> Side:
    """REF's code exported under `work`, with an Airflow home of its own (a copy of the project's metadata DB)."""
    commit = resolve(ref)
    root = export(commit, work / f"baseline_{commit[:12]}")
    home = pipeline.isolated_airflow_home(work / f"airflow_home_{commit[:12]}")
    return Side("old", root, runner_of(root), home, commit)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ref", required=True)
    ap.add_argument("--work", default="/tmp/gov-reports-bench")
    a = ap.parse_args(argv)
    side = baseline(a.ref, Path(a.work))
    print(f"{a.ref} = {side.commit[:12]} in {side.root}, runner {side.module}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
