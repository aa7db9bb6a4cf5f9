#!/usr/bin/env python3
"""Check hand-labelled gold files against their reports (the format of tests/gold/BRIEF.md).

    python tools/check_gold.py --gold tests/corpus_gold --reports tests/corpus

Every line must carry every field of the brief with a value of the right kind, ids must be unique,
and `quote` must be an exact substring of the report's stripped text (the file decoded as UTF-8, or
GB18030 when it is not UTF-8; all whitespace and page markers like -22- removed). Prints one line
per problem and exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys

FIELDS = ("doc", "id", "kind", "section", "metric", "metric_code", "period", "value", "value_max", "unit",
          "approx", "change", "change_unit", "change_basis", "comparator", "comparator_text", "estimated",
          "quote")
KINDS = {"actual", "target"}
SECTIONS = {"review_year", "review_5y", "plan_5y", "plan_year"}
COMPARATORS = {None, "approx", "at_least", "at_most", "flat", "in_step", "met", "exact"}
CHANGE_UNITS = {None, "%", "个百分点", "倍"}
PERIOD = re.compile(r"^\d{4}(-\d{4})?$")
PAGE_MARKER = re.compile(r"-\d{1,3}-")


def stripped_text(path: pathlib.Path) -> str:
    """The report as the brief's quotes see it: decoded, whitespace and page markers removed."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    text = re.sub(r"\s+", "", text)
    return PAGE_MARKER.sub("", text)


def line_problems(row: dict, text: str) -> list[str]:
    problems = [f"missing field {f}" for f in FIELDS if f not in row]
    if problems:
        return problems
    if row["kind"] not in KINDS:
        problems.append(f"kind {row['kind']!r}")
    if row["section"] not in SECTIONS:
        problems.append(f"section {row['section']!r}")
    if row["comparator"] not in COMPARATORS:
        problems.append(f"comparator {row['comparator']!r}")
    if row["change_unit"] not in CHANGE_UNITS:
        problems.append(f"change_unit {row['change_unit']!r}")
    if not PERIOD.match(str(row["period"])):
        problems.append(f"period {row['period']!r}")
    for field in ("value", "value_max", "change"):
        if row[field] is not None and not isinstance(row[field], int | float):
            problems.append(f"{field} is not a number: {row[field]!r}")
    if row["value"] is None and row["change"] is None and row["comparator"] is None and row["kind"] == "actual":
        problems.append("an actual with neither value nor change")
    if not isinstance(row["estimated"], bool):
        problems.append("estimated is not true/false")
    if not row["quote"] or row["quote"] not in text:
        problems.append(f"quote not in the stripped text: {row['quote']!r}")
    return problems


def check(gold_dir: pathlib.Path, reports: pathlib.Path) -> list[str]:
    out: list[str] = []
    for gold in sorted(gold_dir.glob("*.jsonl")):
        report = reports / f"{gold.stem}.txt"
        if not report.exists():
            out.append(f"{gold.name}: no report {report}")
            continue
        text = stripped_text(report)
        ids: set[str] = set()
        for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                out.append(f"{gold.name}:{n}: not JSON ({exc})")
                continue
            if row.get("doc") != gold.stem:
                out.append(f"{gold.name}:{n}: doc {row.get('doc')!r} is not {gold.stem!r}")
            if row.get("id") in ids:
                out.append(f"{gold.name}:{n}: duplicate id {row.get('id')}")
            ids.add(row.get("id"))
            out += [f"{gold.name}:{n}: {p}" for p in line_problems(row, text)]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", required=True, type=pathlib.Path)
    ap.add_argument("--reports", required=True, type=pathlib.Path)
    a = ap.parse_args(argv)
    problems = check(a.gold, a.reports)
    for p in problems:
        print(p)
    n = sum(1 for f in a.gold.glob("*.jsonl") for line in f.read_text(encoding="utf-8").splitlines() if line.strip())
    print(f"{n} gold lines, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
