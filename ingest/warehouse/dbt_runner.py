"""dbt in-process (dbtRunner) against one warehouse file: the run's `dbt build`, and any other command.

One `dbt build` builds seeds, models and their tests in dependency order with dbt's own threads
(profiles.yml), starting dbt once. The per-node results (model, seed or test; status; seconds;
message) are returned so that the task log and the run summary show what each model did.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ingest.config import DBT_PROJECT_DIR

# statuses of dbt's RunStatus / TestStatus that fail the build
_FAILED = {"error", "fail", "runtime error"}


@contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def invoke(args: list[str], warehouse: str | Path):
    """Run one dbt command in-process against `warehouse` (GOV_REPORTS_DUCKDB); dbt's dbtRunnerResult."""
    from dbt.cli.main import dbtRunner

    from ingest.duckdb_io import release_dbt_connection

    base = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    with _env("GOV_REPORTS_DUCKDB", str(Path(warehouse).resolve())):
        try:
            return dbtRunner().invoke([*args, *base])
        finally:
            release_dbt_connection()  # dbt-duckdb keeps the file open for the life of the process otherwise


def run_dbt(args: list[str], warehouse: str | Path) -> None:
    """Run one dbt command in-process against `warehouse`; raises with dbt's error on failure."""
    result = invoke(args, warehouse)
    if not result.success:
        raise RuntimeError(f"dbt {' '.join(args)} failed: {result.exception or 'see the dbt log above'}")


@dataclass(frozen=True)
class NodeResult:
    unique_id: str  # e.g. model.gov_reports.dim_report, test.gov_reports.not_null_…
    resource_type: str  # model, seed, test, unit_test
    name: str
    status: str  # success, pass, warn, error, fail, skipped
    seconds: float
    message: str = ""
    compiled_code: str = ""  # kept for a node that failed on the data: its rows are found again (ingest.warehouse.isolate)
    rules: tuple = ()  # that node's row rules (ingest.warehouse.isolate.Rule)

    @property
    def failed(self) -> bool:
        return self.status in _FAILED

    @property
    def bad_data(self) -> bool:
        """The node failed on the data, not on the code or the system: a data test that found rows, or a model
        whose contract constraint (NOT NULL, CHECK) DuckDB refused a row of."""
        if self.resource_type in ("test", "unit_test"):
            return self.status == "fail"
        return self.status == "error" and "Constraint Error:" in self.message


@dataclass
class BuildResult:
    success: bool
    seconds: float
    nodes: list[NodeResult] = field(default_factory=list)
    error: str = ""  # dbt could not run at all (bad project, no profile …)
    seeds_kept: bool = False  # the warehouse held the seeds of these files: not loaded and tested again

    def failures(self) -> list[NodeResult]:
        return [n for n in self.nodes if n.failed]

    def data_failed_only(self) -> bool:
        """Every failure is bad data (a failed data test, a row a contract refused): running again will not help."""
        failed = self.failures()
        return bool(failed) and not self.error and all(n.bad_data for n in failed)

    def summary(self) -> str:
        kinds = Counter(n.resource_type for n in self.nodes)
        statuses = Counter(n.status for n in self.nodes)
        parts = ", ".join(f"{count} {kind}s" for kind, count in sorted(kinds.items()))
        states = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
        kept = "; seeds unchanged since loaded: kept" if self.seeds_kept else ""
        return f"dbt build in {self.seconds:.1f} s: {parts or 'no nodes'} ({states or '-'}){kept}"

    def slowest(self, n: int = 5) -> list[NodeResult]:
        return sorted(self.nodes, key=lambda r: r.seconds, reverse=True)[:n]

    def to_dict(self) -> dict:
        return {"success": self.success, "seconds": round(self.seconds, 2), "summary": self.summary(),
                "failures": [f"{n.resource_type} {n.name}: {n.status} {n.message}".strip() for n in self.failures()],
                "slowest": [f"{n.name} {n.seconds:.2f}s" for n in self.slowest()]}


def _node_results(result) -> list[NodeResult]:
    from ingest.warehouse.isolate import rules_of

    out = []
    for r in getattr(getattr(result, "result", None), "results", None) or []:
        node = r.node
        status = getattr(r.status, "value", str(r.status))
        row = NodeResult(unique_id=node.unique_id, resource_type=str(getattr(node.resource_type, "value",
                         node.resource_type)), name=node.name, status=str(status).lower(),
                         seconds=float(r.execution_time or 0.0), message=str(r.message or ""))
        if row.failed and row.bad_data:
            row = dataclasses.replace(row, compiled_code=getattr(node, "compiled_code", None) or "",
                                      rules=tuple(rules_of(node)))
        out.append(row)
    return out


def _log_args(target: Path) -> list[str]:
    # dbt's own log file beside its target, warnings and errors only: every line of the build is in the task log
    # already, and writing dbt's debug log (every event, every query) cost about a second per build
    return ["--log-path", str(target / "logs"), "--log-level-file", "warn"]


# ---------------------------------------------------------------------------------------------- seeds
# The seeds (reference data: the metric catalogue, its aliases, the policy terms) change only when their files
# do, but `dbt build` reloads and retests them every time, before any model that refs them may start (a
# noticeable part of a run that adds one report; bench/FINDINGS.md). A full build that loaded them records the fingerprint of what decides
# their tables in the warehouse itself (SEED_STATE); the next full build of a warehouse holding the seeds of
# the same fingerprint leaves them out (`--exclude resource_type:seed`, which drops their tests too; cautious
# indirect selection keeps the tests of models that ref a seed, e.g. fct_keywords' relationship to policy_terms).
SEED_STATE = ("meta", "seed_state")


def seeds_fingerprint(project_dir: str | Path = DBT_PROJECT_DIR) -> str:
    """sha256 over what decides the seed tables: dbt's and dbt-duckdb's versions, dbt_project.yml (the seeds'
    configuration) and every file of seeds/ (the CSVs and their properties)."""
    import hashlib
    from importlib.metadata import version

    from ingest.warehouse.fingerprints import hash_files

    digest = hashlib.sha256(f"dbt-core {version('dbt-core')} dbt-duckdb {version('dbt-duckdb')}\n".encode())
    return hash_files(digest, project_dir, ("dbt_project.yml", "seeds"))


def seed_names(project_dir: str | Path = DBT_PROJECT_DIR) -> set[str]:
    return {p.stem for p in (Path(project_dir) / "seeds").rglob("*.csv")}


def seeds_loaded(warehouse: str | Path, fingerprint: str) -> bool:
    """Whether `warehouse` holds every seed table, loaded by a build from seeds of `fingerprint`."""
    from ingest.duckdb_io import connect

    if not Path(warehouse).is_file():
        return False
    con = connect(warehouse, read_only=True)
    try:
        tables = set(con.execute("select table_schema, table_name from information_schema.tables").fetchall())
        if SEED_STATE not in tables:
            return False
        recorded = con.execute("select fingerprint from {}.{}".format(*SEED_STATE)).fetchall()
    finally:
        con.close()
    return recorded == [(fingerprint,)] and seed_names() <= {name for _, name in tables}


def record_seeds(warehouse: str | Path, fingerprint: str) -> None:
    """Note in `warehouse` that its seed tables were loaded from seeds of `fingerprint`."""
    from ingest.duckdb_io import connect

    con = connect(warehouse)
    try:
        con.execute(f"create schema if not exists {SEED_STATE[0]}")
        con.execute("create or replace table {}.{} as select ?::varchar as fingerprint, now() as loaded_at"
                    .format(*SEED_STATE), [fingerprint])
    finally:
        con.close()


def build(warehouse: str | Path, target_dir: str | Path, select: list[str] | None = None) -> BuildResult:
    """`dbt build` of the project (or of `select`) against `warehouse`; dbt's files go to `target_dir`,
    which is kept between runs so that dbt parses only what changed (partial parsing).

    dbt's unit tests (hand-made input rows, models/marts/_unit_tests.yml) check the models' logic, not the
    data: they do not run in the pipeline's build but in the test suite (`dbt test --select test_type:unit`),
    as dbt recommends; every data test runs. A full build leaves out the seeds when the warehouse holds them
    from the same seed files (see SEED_STATE)."""
    target = Path(target_dir)
    target.mkdir(parents=True, exist_ok=True)
    args = ["build", "--target-path", str(target), "--exclude-resource-type", "unit_test", *_log_args(target)]
    fingerprint = seeds_fingerprint()
    seeds_kept = not select and seeds_loaded(warehouse, fingerprint)
    if select:
        args += ["--select", *select]
    if seeds_kept:  # cautious: the exclusion takes the tests of the seeds alone, not a model's test that refs one
        args += ["--exclude", "resource_type:seed", "--indirect-selection", "cautious"]
    start = time.perf_counter()
    result = invoke(args, warehouse)
    nodes = _node_results(result)
    error = ""
    if result.exception is not None:
        error = f"{type(result.exception).__name__}: {result.exception}"
    if result.success and not select and not seeds_kept:
        record_seeds(warehouse, fingerprint)
    return BuildResult(success=bool(result.success), seconds=time.perf_counter() - start, nodes=nodes, error=error,
                       seeds_kept=seeds_kept)
