"""Run configuration: DAG params first, then Airflow Variables, then environment, then defaults.

Resolved at run time (never at DAG parse time), so parsing the DAG touches no database.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(os.environ.get("GOV_REPORTS_HOME", Path(__file__).resolve().parent.parent))
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

# name: (Airflow Variable, environment variable, default)
SETTINGS: dict[str, tuple[str, str, Any]] = {
    "input_dir": ("gov_reports_input_dir", "GOV_REPORTS_INPUT", str(PROJECT_ROOT / "seeds")),
    "warehouse": (
        "gov_reports_warehouse", "GOV_REPORTS_WAREHOUSE", str(PROJECT_ROOT / "warehouse" / "gov_reports.duckdb")
    ),
    "batch_size": ("gov_reports_batch_size", "GOV_REPORTS_BATCH_SIZE", 50),
    "strict": ("gov_reports_strict", "GOV_REPORTS_STRICT", False),
    # fail the run when more than this share of the run's files is rejected (0.2 = 20 %); none by default
    "max_rejected_share": ("gov_reports_max_rejected_share", "GOV_REPORTS_MAX_REJECTED_SHARE", None),
    # reading limits: larger files are rejected unread; a DOCX that unpacks to more is a zip bomb
    "max_file_mb": ("gov_reports_max_file_mb", "GOV_REPORTS_MAX_FILE_MB", 50),
    "max_unzipped_mb": ("gov_reports_max_unzipped_mb", "GOV_REPORTS_MAX_UNZIPPED_MB", 200),
    # where the extract tasks hand their batch files to load_raw: a folder every worker sees (shared storage) when
    # extraction runs on other hosts than the writer; by default the warehouse's own work folder (one host)
    "shared_dir": ("gov_reports_shared_dir", "GOV_REPORTS_SHARED_DIR", None),
}


@dataclass(frozen=True)
class RunConfig:
    input_dir: str
    warehouse: str  # the published file that BI tools read
    build_path: str  # the copy this run writes, validated, then swapped in
    staging_dir: str  # batch files of this run (under shared_dir when one is set: extract hosts write there)
    site_dir: str  # the published site: docs/ (dbt docs) and overview/ (the overview page), named after the warehouse
    site_build_dir: str  # this run's site, written on the build side and published together with the warehouse
    dbt_target_dir: str  # dbt's target (parse state, run results), kept between runs: dbt parses only what changed
    batch_size: int
    strict: bool
    max_file_mb: float = 50.0
    max_rejected_share: float | None = None
    max_unzipped_mb: float = 200.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _lookup(name: str, params: dict[str, Any], variable_get=None) -> Any:
    value = params.get(name)
    if value not in (None, ""):
        return value
    var_name, env_name, default = SETTINGS[name]
    if variable_get is not None:
        value = variable_get(var_name)
        if value not in (None, ""):
            return value
    return os.environ.get(env_name) or default


def _share(value: Any) -> float | None:
    if value in (None, ""):
        return None
    share = float(value)
    if not 0 <= share <= 1:
        raise ValueError(f"max_rejected_share must be between 0 and 1 (a share of the run's files), not {value}")
    return share


def site_path(warehouse: str | Path) -> Path:
    """The published docs site and overview page of a warehouse: <stem>.site/ beside it (never a loose docs/)."""
    w = Path(warehouse)
    return w.with_name(f"{w.stem}.site")


def resolve(params: dict[str, Any], run_id: str = "manual", variable_get=None) -> RunConfig:
    """Resolve paths to absolute ones; the build file and staging folder sit next to the warehouse."""
    input_dir = Path(str(_lookup("input_dir", params, variable_get))).expanduser().resolve()
    warehouse = Path(str(_lookup("warehouse", params, variable_get))).expanduser().resolve()
    safe_run = "".join(c if c.isalnum() or c in "-_." else "_" for c in run_id)
    work = warehouse.parent / f".{warehouse.stem}.work"  # the writer's: build copy, dbt target, site
    shared = _lookup("shared_dir", params, variable_get)
    # the hand-off of batch files: plain files, safe on shared storage (unlike the DuckDB file, which stays local)
    handoff = Path(str(shared)).expanduser().resolve() / f".{warehouse.stem}.work" if shared else work
    return RunConfig(
        input_dir=str(input_dir),
        warehouse=str(warehouse),
        build_path=str(work / f"{warehouse.stem}.building.duckdb"),
        staging_dir=str(handoff / "batches" / safe_run),
        site_dir=str(site_path(warehouse)),
        site_build_dir=str(work / "site"),
        dbt_target_dir=str(work / "dbt_target"),
        batch_size=int(_lookup("batch_size", params, variable_get)),
        strict=_truthy(_lookup("strict", params, variable_get)),
        max_rejected_share=_share(_lookup("max_rejected_share", params, variable_get)),
        max_file_mb=float(_lookup("max_file_mb", params, variable_get)),
        max_unzipped_mb=float(_lookup("max_unzipped_mb", params, variable_get)),
    )
