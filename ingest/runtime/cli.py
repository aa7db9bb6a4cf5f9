"""gov-reports: one command line for the warehouse of government work reports.

    gov-reports run --input seeds --warehouse warehouse/gov_reports.duckdb   the DAG on a folder of reports
    gov-reports summary warehouse/gov_reports.duckdb                        the last run's summary
    gov-reports export --warehouse …                                         the marts as Parquet
    gov-reports panel --warehouse … --out …                                  the target panel (CSV, Stata, Parquet)
    gov-reports score --gold tests/gold --warehouse …                        extraction quality against gold facts
    gov-reports rollback --warehouse …                                       the previous published version back

`gov-reports <command> --help` lists each command's options. The Makefile's targets call these.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable


def _rollback(argv: list[str]) -> int:
    from ingest.warehouse.publish import rollback

    ap = argparse.ArgumentParser(prog="gov-reports rollback",
                                 description="put the previous published version of the warehouse back")
    ap.add_argument("--warehouse", default="warehouse/gov_reports.duckdb")
    a = ap.parse_args(argv)
    print(f"restored {rollback(a.warehouse)}")
    return 0


def _command(module: str) -> Callable[[list[str]], int]:
    def run(argv: list[str]) -> int:
        import importlib

        sys.argv[0] = f"gov-reports {module.rsplit('.', 1)[-1]}"  # the usage lines name the command
        return importlib.import_module(module).main(argv)

    return run


COMMANDS: dict[str, tuple[str, Callable[[list[str]], int]]] = {
    "run": ("run the gov_reports DAG on a folder of reports (airflow dags test)", _command("ingest.runtime.run")),
    "summary": ("print the summary of a warehouse's last run", _command("ingest.site.summary")),
    "export": ("write the marts as Parquet, partitioned by report year", _command("ingest.warehouse.export")),
    "panel": ("write the target panel as CSV, Stata .dta and Parquet", _command("ingest.warehouse.panel")),
    "score": ("score a warehouse against hand-labelled gold facts", _command("extract.scoring")),
    "rollback": ("put the previous published warehouse back", _rollback),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="gov-reports", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=sorted(COMMANDS), help="; ".join(f"{k}: {v[0]}" for k, v in COMMANDS.items()))
    if not argv or argv[0] in ("-h", "--help"):
        ap.print_help()
        return 0 if argv else 2
    a, rest = ap.parse_known_args(argv[:1])
    return COMMANDS[a.command][1](argv[1:] + rest)


if __name__ == "__main__":
    sys.exit(main())
