#!/usr/bin/env python3
"""Fast dev loop: extract the seeds, assign metric codes by the alias CSV rule, write JSONL, score.

    .venv/bin/python tools/dev_score.py [--set seeds|heldout] [--seeds DIR --gold DIR] [--out /tmp/dev_facts.jsonl]
                                        [--misses 40] [--doc 002] [--kind target]

--set heldout scores the synthetic held-out reports of tests/heldout (other levels, years and layouts)
against their hand-labelled gold in tests/heldout/gold; --set seeds (the default) the five seeds.

metric_code rule (the same as the dbt model): strip whitespace; a metric_name gets the code of the
LONGEST alias it ends with; null if none.
"""

from __future__ import annotations

import argparse
import csv
import json
import pathlib
import re
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.scoring import (  # noqa: E402
    ALL_FACTS,
    KEY_FACTS,
    corpus_summary,
    format_corpus,
    format_summary,
    load_gold,
    norm_pred,
    score,
)

ALIASES = ROOT / "dbt_project" / "seeds" / "metric_aliases.csv"
SETS = {
    "seeds": (ROOT / "seeds", ROOT / "tests" / "gold"),
    "corpus": (ROOT / "tests" / "corpus", ROOT / "tests" / "corpus_gold"),
    "heldout": (ROOT / "tests" / "heldout", ROOT / "tests" / "heldout" / "gold"),
}


def load_aliases(path: pathlib.Path = ALIASES) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as f:
        rows = [(r["alias"].strip(), r["metric_code"].strip()) for r in csv.DictReader(f) if r["alias"].strip()]
    return sorted(rows, key=lambda r: len(r[0]), reverse=True)


SCOPE_WORDS = ROOT / "dbt_project" / "seeds" / "metric_scope_words.csv"


def load_scope_pattern(path: pathlib.Path = SCOPE_WORDS) -> re.Pattern[str]:
    with path.open(encoding="utf-8") as f:
        words = sorted((r["word"].strip() for r in csv.DictReader(f)), key=lambda w: (-len(w), w))
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")*")


def metric_code_of(metric_name: str | None, aliases: list[tuple[str, str]],
                   scope: re.Pattern[str] | None = None) -> str | None:
    """The dbt rule (int_fact_metric_codes.sql): the longest alias the name ends with, when what stands before it
    is made of scope words only."""
    name = "".join((metric_name or "").split())
    scope = scope or load_scope_pattern()
    for alias, code in aliases:
        if name.endswith(alias):
            return code if scope.fullmatch(name[: len(name) - len(alias)]) else None
    return None


def extract_rows(seeds: pathlib.Path, aliases: list[tuple[str, str]], only: str | None = None) -> list[dict]:
    from extract.pipeline import process_file

    rows = []
    scope = load_scope_pattern()
    for path in sorted(seeds.glob("*.txt")):
        if only and not path.name.startswith(only):
            continue
        rep = process_file(path)
        for f in rep.facts:
            row = f.to_dict()
            row["source_file"] = path.name
            row["metric_code"] = metric_code_of(f.metric_name, aliases, scope)
            rows.append(row)
    return rows


def score_set(seeds: pathlib.Path, gold_dir: pathlib.Path, only: str | None = None) -> tuple[dict, list[dict]]:
    """Extract every report of `seeds`, give metric codes, score against `gold_dir`: (summary, rows)."""
    rows = extract_rows(seeds, load_aliases(), only)
    gold = load_gold(gold_dir)
    if only:
        gold = [g for g in gold if g["doc"].startswith(only)]
    return score(gold, [norm_pred(r) for r in rows]), rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=sorted(SETS), default="seeds", help="a named report set with its gold")
    ap.add_argument("--seeds", help="folder of report texts (overrides --set)")
    ap.add_argument("--gold", help="folder of gold JSONL files (overrides --set)")
    ap.add_argument("--out", default="/tmp/dev_facts.jsonl")
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("--doc", help="only reports whose file name starts with this")
    ap.add_argument("--kind", choices=["actual", "target"], help="only print misses of this kind")
    a = ap.parse_args(argv)
    seeds, gold_dir = SETS[a.set]
    seeds = pathlib.Path(a.seeds) if a.seeds else seeds
    gold_dir = pathlib.Path(a.gold) if a.gold else gold_dir
    t0 = time.perf_counter()
    if (gold_dir / KEY_FACTS).is_dir():  # a corpus gold folder: per report, key and all-facts scopes
        return corpus_main(seeds, gold_dir, a)
    summary, rows = score_set(seeds, gold_dir, a.doc)
    elapsed = time.perf_counter() - t0
    with open(a.out, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if a.kind:
        summary["_missed"] = [g for g in summary["_missed"] if g["kind"] == a.kind]
        summary["_spurious"] = [p for p in summary["_spurious"] if p["kind"] == a.kind]
    print(format_summary(summary, a.misses))
    print(f"{len(rows)} facts from {seeds} in {elapsed:.2f}s -> {a.out}")
    return 0


def corpus_main(reports: pathlib.Path, gold_dir: pathlib.Path, a: argparse.Namespace) -> int:
    """Score the reports of a corpus gold folder (all_facts/ and key_facts/); misses in the key scope."""
    docs = sorted({f.stem for f in gold_dir.glob("*/*.jsonl")})
    aliases = load_aliases()
    rows = [r for doc in docs if not a.doc or doc.startswith(a.doc) for r in extract_rows(reports, aliases, doc)
            if pathlib.Path(r["source_file"]).stem == doc]
    preds = [norm_pred(r) for r in rows]
    print(format_corpus(corpus_summary(gold_dir, preds)))
    if a.misses:
        gold = load_gold(gold_dir / ALL_FACTS) + load_gold(gold_dir / KEY_FACTS)
        gold = [g for g in gold if not a.doc or g["doc"].startswith(a.doc)]
        key = score(gold, preds, "key")
        if a.kind:
            key["_missed"] = [g for g in key["_missed"] if g["kind"] == a.kind]
            key["_spurious"] = [p for p in key["_spurious"] if p["kind"] == a.kind]
        print(format_summary(key, a.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
