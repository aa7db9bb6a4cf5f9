"""Score extracted facts against the hand-labelled gold facts (tests/gold/*.jsonl).

Same rules and figures as the shared scorer (/work/shared/tools/score_facts.py):

    python -m extract.scoring --gold tests/gold --warehouse warehouse/gov_reports.duckdb
    python -m extract.scoring --gold tests/gold --pred facts.jsonl [--scope key] [--misses 40]
    python -m extract.scoring --gold tests/corpus_gold --warehouse corpus.duckdb   # per report (see below)

A corpus gold folder holds all_facts/ (every fact of a report) and key_facts/ (its key facts: every fact with a
metric code and every main target): it is scored per report, the key scope over both, all facts over all_facts/.

Matching is per report and kind: values are compared after applying the magnitude in the unit
(97.4 亿元 == 9740000 万元; 千亿/百亿/十亿 and a bare 万亿, 亿 or 万 scale too), the change must agree
where both have one, and the metric must agree (equal metric_code where both have one; a prediction
that gives a code to a fact the gold leaves uncoded does not match; else overlapping character
bigrams). A lone percentage may sit in the value or the change slot. Number-free facts match on
comparator and metric. Pairs are taken greedily (gold in file order), one-to-one.
"""

from __future__ import annotations

import argparse
import json
import math
import pathlib
import sys
from collections.abc import Iterable
from typing import Any

PERCENTISH = frozenset({"%", "个百分点", "‰"})
PRED_COLS = ("source_file", "metric_name", "metric_code", "value", "value_max", "unit", "change_value",
             "change_unit", "comparator", "period_start_year", "period_end_year")


# the scorer's own magnitude table (kept apart from extract.numbers so figures never drift from the shared scorer)
MAGNITUDES = (("万亿", 1e12), ("千亿", 1e11), ("百亿", 1e10), ("十亿", 1e9), ("亿", 1e8), ("千万", 1e7),
              ("百万", 1e6), ("十万", 1e5), ("万", 1e4), ("千", 1e3), ("百", 1e2))
NOT_MAGNITUDE = frozenset({"千米", "千克", "千瓦", "千瓦时", "百分点", "个百分点", "千公顷"})
# a magnitude written alone (9万亿, 1.35万) scales the number too; 千/百 alone are too rare to trust
BARE = frozenset({"万亿", "千亿", "百亿", "十亿", "亿", "千万", "百万", "十万", "万"})


def _magnitude(unit: str | None) -> float:
    if not unit:
        return 1.0
    u = unit.strip()
    if u in NOT_MAGNITUDE:
        return 1.0
    for prefix, factor in MAGNITUDES:
        if u == prefix:
            return factor if u in BARE else 1.0
        if u.startswith(prefix):
            if prefix == "千" and u[len(prefix):] in ("米", "克", "瓦", "瓦时", "公顷"):
                return 1.0
            return factor
    return 1.0


def base_value(value: Any, unit: str | None) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(v):
        return None
    return v * _magnitude(unit)


def close(a: float | None, b: float | None, rel: float = 1e-6) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def bigrams(s: str | None) -> set[str]:
    s = (s or "").replace(" ", "")
    if len(s) < 2:
        return {s} if s else set()
    return {s[i:i + 2] for i in range(len(s) - 1)}


def metric_ok(g: dict, p: dict) -> bool:
    gc, pc = g.get("metric_code"), p.get("metric_code")
    if gc and pc:
        return gc == pc
    if pc and not gc:  # the prediction claims a key metric the gold fact is not
        return False
    gm, pm = g.get("metric") or "", p.get("metric") or ""
    if not gm or not pm:
        return False
    if gm in pm or pm in gm:
        return True
    gb, pb = bigrams(gm), bigrams(pm)
    common = gb & pb
    return bool(common) and len(common) / max(1, min(len(gb), len(pb))) >= 0.34


def name_close(gold_name: str | None, pred_name: str | None) -> bool:
    """The metric phrase as an analyst would write it: equal, or one holds the other and covers 70% of it."""
    g, p = (gold_name or "").replace(" ", ""), (pred_name or "").replace(" ", "")
    if not g or not p:
        return False
    short, long_ = sorted((g, p), key=len)
    return short in long_ and len(short) >= 0.7 * len(long_)


def _float_or_none(x: Any) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def numbers_ok(g: dict, p: dict) -> bool:
    gv, pv = base_value(g.get("value"), g.get("unit")), base_value(p.get("value"), p.get("unit"))
    gc = None if g.get("change") is None else float(g["change"])
    pc = _float_or_none(p.get("change"))
    if gv is None and gc is not None and pc is None and (p.get("unit") or "") in PERCENTISH:
        return close(gc, pv)
    if gc is None and gv is not None and pv is None and (g.get("unit") or "") in PERCENTISH:
        return close(gv, pc)
    if gv is not None:
        if not close(gv, pv):
            return False
        return not (gc is not None and pc is not None and not close(gc, pc))
    if gc is not None:
        return close(gc, pc)
    return pv is None and pc is None and g.get("comparator") == p.get("comparator")


def period_of(p: dict) -> str | None:
    s, e = p.get("period_start_year"), p.get("period_end_year")
    if s is None and e is None:
        return p.get("period")
    s = int(s) if s is not None else int(e)
    e = int(e) if e is not None else s
    return str(s) if s == e else f"{s}-{e}"


def doc_of(source: Any) -> str:
    doc = pathlib.PurePath(str(source or "")).name
    for ext in (".txt", ".pdf", ".docx", ".html", ".htm"):
        if doc.lower().endswith(ext):
            doc = doc[: -len(ext)]
    return doc


def norm_pred(r: dict, kind: str | None = None) -> dict:
    return {
        "doc": doc_of(r.get("source_file") or r.get("doc") or ""),
        "kind": kind or r.get("kind"),
        "metric": r.get("metric_name") or r.get("metric"),
        "metric_code": r.get("metric_code") or None,
        "value": r.get("value"),
        "unit": r.get("unit"),
        "change": r.get("change_value", r.get("change")),
        "comparator": r.get("comparator"),
        "period": period_of(r),
    }


def load_gold(directory: str | pathlib.Path) -> list[dict]:
    rows = []
    for f in sorted(pathlib.Path(directory).glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def load_jsonl(path: str | pathlib.Path) -> list[dict]:
    return [norm_pred(json.loads(line)) for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def load_warehouse(path: str) -> list[dict]:
    import duckdb

    con = duckdb.connect(path, read_only=True)
    out = []
    try:
        for table, kind in (("fct_indicators", "actual"), ("fct_targets", "target")):
            hits = con.execute("select table_schema from information_schema.tables where table_name = ? "
                               "order by table_schema", [table]).fetchall()
            if not hits:
                print(f"no table {table} in {path}", file=sys.stderr)
                continue
            schema = hits[0][0]
            cols = {c[0] for c in con.execute("select column_name from information_schema.columns "
                                              "where table_schema=? and table_name=?", [schema, table]).fetchall()}
            sel = ", ".join(f'"{c}"' if c in cols else f"null as {c}" for c in PRED_COLS)
            cur = con.execute(f'select {sel} from "{schema}"."{table}"')
            names = [d[0] for d in cur.description]
            out += [norm_pred(dict(zip(names, row, strict=True)), kind) for row in cur.fetchall()]
    finally:
        con.close()
    return out


def match(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching in gold order."""
    pairs, used = [], set()
    by_key: dict[tuple, list[int]] = {}
    for i, p in enumerate(pred):
        by_key.setdefault((p["doc"], p["kind"]), []).append(i)
    for g in gold:
        best, best_score = None, -1
        for i in by_key.get((g["doc"], g["kind"]), []):
            if i in used:
                continue
            p = pred[i]
            if not numbers_ok(g, p) or not metric_ok(g, p):
                continue
            score = (2 if (g.get("metric_code") and g.get("metric_code") == p.get("metric_code")) else 0) \
                + (1 if str(g.get("period")) == str(p.get("period")) else 0) \
                + (1 if g.get("comparator") == p.get("comparator") else 0)
            if score > best_score:
                best, best_score = i, score
        if best is not None:
            used.add(best)
            pairs.append((g, pred[best]))
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float]:
    return (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)


def score(gold: list[dict], pred: Iterable[dict], scope: str = "all") -> dict[str, Any]:
    """The summary of the shared scorer, plus the matched pairs and the misses (keys starting with '_')."""
    docs = {g["doc"] for g in gold}
    pred = [p for p in pred if p["doc"] in docs]
    if scope == "key":
        gold = [g for g in gold if g.get("metric_code") or g["kind"] == "target"]
        counted = [p for p in pred if p.get("metric_code")]
    else:
        counted = pred
    pairs = match(gold, pred)
    matched_pred = {id(p) for _, p in pairs}
    summary: dict[str, Any] = {"scope": scope, "reports": len(docs), "gold": len(gold), "pred": len(counted)}
    for kind in ("actual", "target", "all"):
        g_k = [g for g in gold if kind == "all" or g["kind"] == kind]
        p_k = [p for p in counted if kind == "all" or p["kind"] == kind]
        tp_r = sum(1 for g, _ in pairs if kind == "all" or g["kind"] == kind)
        tp_p = sum(1 for p in p_k if id(p) in matched_pred)
        precision, _ = _prf(tp_p, len(p_k), len(g_k))
        _, recall = _prf(tp_r, len(p_k), len(g_k))
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        summary.setdefault("_raw", {})[kind] = (precision, recall, f1)
        summary[kind] = {"gold": len(g_k), "pred": len(p_k), "tp": tp_r, "precision": round(precision, 4),
                         "recall": round(recall, 4), "f1": round(f1, 4)}
    keyed = [g for g in gold if g.get("metric_code")]
    tp_key = sum(1 for g, p in pairs if g.get("metric_code") and p.get("metric_code") == g.get("metric_code"))
    summary["key_recall"] = round(tp_key / len(keyed), 4) if keyed else None
    summary["_key"] = (tp_key, len(keyed))
    if pairs:
        n_targets = sum(1 for g, _ in pairs if g["kind"] == "target")
        summary["field_accuracy"] = {
            "comparator (targets)": round(sum(1 for g, p in pairs if g["kind"] == "target"
                                              and g.get("comparator") == p.get("comparator")) / max(1, n_targets), 4),
            "period": round(sum(1 for g, p in pairs if str(g.get("period")) == str(p.get("period"))) / len(pairs), 4),
            "metric_code": round(sum(1 for g, p in pairs if g.get("metric_code") == p.get("metric_code"))
                                 / len(pairs), 4),
            "metric_name": round(sum(1 for g, p in pairs if name_close(g.get("metric"), p.get("metric")))
                                 / len(pairs), 4),
        }
    matched_gold = {id(g) for g, _ in pairs}
    summary["_pairs"] = pairs
    summary["_missed"] = [g for g in gold if id(g) not in matched_gold]
    summary["_spurious"] = [p for p in counted if id(p) not in matched_pred]
    return summary


def format_summary(summary: dict[str, Any], misses: int = 0) -> str:
    lines = [f"{'slice':<14}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}"]
    for kind in ("actual", "target", "all"):
        s = summary[kind]
        precision, recall, f1 = summary["_raw"][kind]  # unrounded, as the shared scorer prints them
        lines.append(f"{kind:<14}{s['gold']:>6}{s['pred']:>6}{s['tp']:>6}{precision:>8.3f}{recall:>8.3f}{f1:>8.3f}")
    tp_key, n_key = summary["_key"]
    lines.append(f"key-metric recall (same metric_code): {summary['key_recall']}  ({tp_key}/{n_key})")
    if "field_accuracy" in summary:
        lines.append("field accuracy on matched pairs: "
                     + ", ".join(f"{k} {v:.3f}" for k, v in summary["field_accuracy"].items()))
    if misses:
        lines.append("\nmissed gold facts:")
        for g in summary["_missed"][:misses]:
            lines.append(f"  {g['doc']} {g['kind']:<6} {g.get('metric')} value={g.get('value')}{g.get('unit') or ''} "
                         f"change={g.get('change')} | {g.get('quote')}")
        lines.append("spurious predictions:")
        for p in summary["_spurious"][:misses]:
            lines.append(f"  {p['doc']} {p['kind']:<6} {p.get('metric')} value={p.get('value')}{p.get('unit') or ''} "
                         f"change={p.get('change')}")
    lines.append(f"F1 {summary['all']['f1']:.3f} (actual {summary['actual']['f1']:.3f}, "
                 f"target {summary['target']['f1']:.3f})")  # the shared scorer prints the rounded F1 here
    return "\n".join(lines)


def public_summary(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if not k.startswith("_")}


ALL_FACTS, KEY_FACTS = "all_facts", "key_facts"  # a corpus gold folder's parts: every fact / the key facts


def per_report(gold: list[dict], pred: list[dict], complete: set[str]) -> list[dict[str, Any]]:
    """One row per report: key-scope figures for every report, all-facts figures where its gold is complete."""
    rows = []
    for doc in sorted({g["doc"] for g in gold}):
        mine = [g for g in gold if g["doc"] == doc]
        key = score(mine, pred, "key")
        row = {"doc": doc, "key_gold": key["all"]["gold"], "key_f1": key["all"]["f1"], "key_recall": key["key_recall"],
               "key_precision": key["all"]["precision"], "target_recall": key["target"]["recall"]}
        if doc in complete:
            every = score(mine, pred, "all")
            row |= {"all_gold": every["all"]["gold"], "all_precision": every["all"]["precision"],
                    "all_recall": every["all"]["recall"], "all_f1": every["all"]["f1"]}
        rows.append(row)
    return rows


def corpus_summary(gold_dir: str | pathlib.Path, pred: list[dict]) -> dict[str, Any]:
    """Scores on a corpus gold folder (all_facts/ and key_facts/): key scope over every report, all-facts scope
    over the reports of all_facts/, and one row per report."""
    root = pathlib.Path(gold_dir)
    complete = load_gold(root / ALL_FACTS)
    gold = complete + load_gold(root / KEY_FACTS)
    return {"key": public_summary(score(gold, pred, "key")),
            "all": public_summary(score(complete, pred, "all")) if complete else None,
            "reports": per_report(gold, pred, {g["doc"] for g in complete})}


def format_corpus(summary: dict[str, Any]) -> str:
    def cell(v: Any) -> str:
        return "" if v is None else f"{v:.3f}"

    lines = [f"{'report':<26}{'key gold':>9}{'key P':>8}{'key F1':>8}{'keymetR':>8}{'targetR':>8}{'all gold':>9}"
             f"{'all P':>8}{'all F1':>8}"]
    for r in summary["reports"]:
        lines.append(f"{r['doc']:<26}{r['key_gold']:>9}{cell(r['key_precision']):>8}{cell(r['key_f1']):>8}"
                     f"{cell(r['key_recall']):>8}{cell(r['target_recall']):>8}{r.get('all_gold', ''):>9}"
                     f"{cell(r.get('all_precision')):>8}{cell(r.get('all_f1')):>8}")
    key = summary["key"]
    lines.append(f"key facts ({summary['key']['reports']} reports): P {key['all']['precision']:.3f} "
                 f"R {key['all']['recall']:.3f} F1 {key['all']['f1']:.3f}, key-metric recall {key['key_recall']}, "
                 f"target recall {key['target']['recall']:.3f}")
    if summary["all"]:
        every = summary["all"]
        lines.append(f"all facts ({every['reports']} reports): P {every['all']['precision']:.3f} "
                     f"R {every['all']['recall']:.3f} F1 {every['all']['f1']:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extract.scoring", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", required=True)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--warehouse")
    src.add_argument("--pred")
    ap.add_argument("--scope", choices=["all", "key"], default="all")
    ap.add_argument("--json", help="write the summary as JSON here")
    ap.add_argument("--misses", type=int, default=0)
    a = ap.parse_args(argv)
    pred = load_warehouse(a.warehouse) if a.warehouse else load_jsonl(a.pred)
    if (pathlib.Path(a.gold) / KEY_FACTS).is_dir() or (pathlib.Path(a.gold) / ALL_FACTS).is_dir():
        corpus = corpus_summary(a.gold, pred)
        print(format_corpus(corpus))
        if a.json:
            pathlib.Path(a.json).write_text(json.dumps(corpus, ensure_ascii=False, indent=2), encoding="utf-8")
        return 0
    gold = load_gold(a.gold)
    summary = score(gold, pred, a.scope)
    print(format_summary(summary, a.misses))
    if a.json:
        pathlib.Path(a.json).write_text(json.dumps(public_summary(summary), ensure_ascii=False, indent=2),
                                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
