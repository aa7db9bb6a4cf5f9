#!/usr/bin/env python3
"""Behaviour first, then change: extract every report of some folders and diff the facts against a saved run.

    .venv/bin/python tools/extract_diff.py --save /tmp/facts_before.jsonl          # before changing the extractor
    .venv/bin/python tools/extract_diff.py --against /tmp/facts_before.jsonl       # after: what changed, per report

Folders (default): seeds/, tests/heldout/, tests/corpus/. A fact is compared by what it says — kind, section
type, metric name, value, value_max, unit, change, change unit and basis, approx, comparator and its text,
estimated, period — and where (its offsets), so a moved fact shows too. Metadata (region, level, years) and
section headings/types are compared as well. Exit status 1 when anything differs (the listing says what).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.pipeline import process_file  # noqa: E402
from extract.read import ReadError  # noqa: E402

FOLDERS = (ROOT / "seeds", ROOT / "tests" / "heldout", ROOT / "tests" / "corpus")
FACT_FIELDS = ("kind", "section_type", "metric_name", "value", "value_max", "unit", "change_value", "change_unit",
               "change_basis", "approx", "comparator", "comparator_text", "is_estimated", "period_start_year",
               "period_end_year", "char_start", "char_end")
META_FIELDS = ("region_name", "admin_level", "report_year", "review_year", "plan_year", "review_5y_start",
               "review_5y_end", "plan_5y_start", "plan_5y_end", "speaker", "meeting_date")


def snapshot(folders: list[Path]) -> list[dict]:
    """One line per report: its metadata, sections and facts (or its error)."""
    out = []
    for folder in folders:
        for path in sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".pdf", ".docx", ".html")):
            name = f"{folder.name}/{path.name}"
            try:
                report = process_file(path)
            except ReadError as exc:
                out.append({"report": name, "error": f"{exc.kind}: {exc.message}"})
                continue
            out.append({
                "report": name,
                "meta": {k: getattr(report.meta, k) for k in META_FIELDS},
                "sections": [[s.level, s.section_type, s.heading] for s in report.sections],
                "facts": [[getattr(f, k) for k in FACT_FIELDS] for f in report.facts],
            })
    return out


def diff(before: list[dict], after: list[dict]) -> list[str]:
    """What changed, report by report (meta fields, sections, facts lost and facts gained)."""
    lines = []
    old, new = {r["report"]: r for r in before}, {r["report"]: r for r in after}
    for name in sorted(old.keys() | new.keys()):
        a, b = old.get(name), new.get(name)
        if a is None or b is None:
            lines.append(f"{name}: {'new report' if a is None else 'report gone'}")
            continue
        if a.get("error") != b.get("error"):
            lines.append(f"{name}: error {a.get('error')!r} → {b.get('error')!r}")
        for k in META_FIELDS:
            if (a.get("meta") or {}).get(k) != (b.get("meta") or {}).get(k):
                lines.append(f"{name}: {k} {(a.get('meta') or {}).get(k)!r} → {(b.get('meta') or {}).get(k)!r}")
        if a.get("sections") != b.get("sections"):
            lines.append(f"{name}: sections differ ({len(a.get('sections') or [])} → {len(b.get('sections') or [])})")
        fa = Counter(tuple(f) for f in a.get("facts") or [])
        fb = Counter(tuple(f) for f in b.get("facts") or [])
        for fact in sorted((fa - fb).elements(), key=repr):
            lines.append(f"{name}: - {dict(zip(FACT_FIELDS, fact, strict=True))}")
        for fact in sorted((fb - fa).elements(), key=repr):
            lines.append(f"{name}: + {dict(zip(FACT_FIELDS, fact, strict=True))}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--save", type=Path, help="write this run's snapshot here")
    ap.add_argument("--against", type=Path, help="diff this run against a saved snapshot")
    ap.add_argument("folders", nargs="*", type=Path, help="folders of reports (default: seeds, heldout, corpus)")
    a = ap.parse_args(argv)
    now = snapshot(a.folders or list(FOLDERS))
    if a.save:
        a.save.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in now), encoding="utf-8")
        print(f"{len(now)} reports, {sum(len(r.get('facts') or []) for r in now)} facts → {a.save}")
    if a.against:
        before = [json.loads(line) for line in a.against.read_text(encoding="utf-8").splitlines() if line.strip()]
        changes = diff(before, now)
        print("\n".join(changes) or "no difference")
        print(f"{len(changes)} differences over {len(now)} reports")
        return 1 if changes else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
