"""`python -m extract FILE [FILE ...]`: print each report's facts as JSON lines (for debugging)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from extract.pipeline import process_file
from extract.read import ReadError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extract", description=__doc__)
    ap.add_argument("files", nargs="+", help="report files (.txt)")
    ap.add_argument("--meta", action="store_true", help="print the report metadata and sections first")
    args = ap.parse_args(argv)
    status = 0
    for path in args.files:
        try:
            rep = process_file(path)
        except ReadError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = 1
            continue
        if args.meta:
            print(json.dumps({"file": rep.raw.file_name, "meta": asdict(rep.meta)}, ensure_ascii=False))
            for s in rep.sections:
                print(json.dumps({"section": asdict(s)}, ensure_ascii=False))
        for row in rep.fact_rows():
            row["source_file"] = rep.raw.file_name
            print(json.dumps(row, ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(main())
