"""extract.scoring must give exactly the figures of the shared scorer (../shared/tools/score_facts.py).

A copy of the shared scorer is kept in tests/fixtures/shared_score_facts.py so the agreement is checked in a
clone without ../shared; where ../shared is present, the copy must equal it (a changed scorer is noticed).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import pathlib

import pytest

from extract import scoring

GOLD_DIR = pathlib.Path(__file__).resolve().parents[1] / "gold"
REPO = pathlib.Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "tools" / "score_facts.py"
VENDORED = REPO / "tests" / "fixtures" / "shared_score_facts.py"


def _pred_from_gold(g: dict) -> dict:
    period = str(g["period"])
    start, _, end = period.partition("-")
    return {"source_file": g["doc"] + ".txt", "kind": g["kind"], "metric_name": g["metric"],
            "metric_code": g["metric_code"], "value": g["value"], "value_max": g["value_max"], "unit": g["unit"],
            "change_value": g["change"], "change_unit": g["change_unit"], "comparator": g["comparator"],
            "period_start_year": int(start), "period_end_year": int(end or start)}


def perturbed_predictions() -> list[dict]:
    """A deterministic mix of right, rescaled, wrong, missing and spurious predictions built from the gold."""
    out = []
    for n, g in enumerate(scoring.load_gold(GOLD_DIR)):
        p = _pred_from_gold(g)
        if n % 7 == 0:
            continue  # missed
        if n % 11 == 0 and p["value"] is not None:
            p["value"] = p["value"] * 2  # wrong number
        if p["unit"] == "亿元" and n % 3 == 0:
            p["value"], p["unit"] = p["value"] * 10000, "万元"  # same number, other magnitude
        if n % 13 == 0:
            p["metric_name"], p["metric_code"] = "完全无关", None  # wrong metric
        if n % 17 == 0:
            p["kind"] = "target" if p["kind"] == "actual" else "actual"  # wrong kind
        if n % 5 == 0:
            p["period_start_year"] = p["period_end_year"] = 1999  # wrong period, still a match
        out.append(p)
        if n % 19 == 0:
            out.append({**p, "value": 123456.0, "metric_name": "虚构指标", "metric_code": None})  # spurious
    return out


@pytest.fixture(scope="module")
def pred_file(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("score") / "pred.jsonl"
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in perturbed_predictions()),
                    encoding="utf-8")
    return path


# figures printed by the shared scorer on perturbed_predictions() (recorded once, see test_agrees_with_shared)
KNOWN = {"actual": (602, 514, 409), "target": (121, 138, 85), "all": (723, 652, 494)}


def test_known_figures(pred_file: pathlib.Path) -> None:
    summary = scoring.score(scoring.load_gold(GOLD_DIR), scoring.load_jsonl(pred_file))
    assert {k: (summary[k]["gold"], summary[k]["pred"], summary[k]["tp"]) for k in KNOWN} == KNOWN


def test_gold_scores_itself_perfectly() -> None:
    gold = scoring.load_gold(GOLD_DIR)
    summary = scoring.score(gold, [scoring.norm_pred(_pred_from_gold(g)) for g in gold])
    assert summary["all"]["f1"] == 1.0
    assert summary["key_recall"] == 1.0
    assert summary["field_accuracy"] == {"comparator (targets)": 1.0, "period": 1.0, "metric_code": 1.0,
                                         "metric_name": 1.0}


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside this clone")
def test_vendored_scorer_is_the_shared_one() -> None:
    assert VENDORED.read_bytes() == SHARED.read_bytes(), "the shared scorer changed: copy it to " + str(VENDORED)


def _load_shared():
    spec = importlib.util.spec_from_file_location("shared_score_facts", VENDORED)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("scope", ["all", "key"])
def test_agrees_with_shared(pred_file: pathlib.Path, scope: str, tmp_path: pathlib.Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    shared = _load_shared()
    ours = scoring.score(scoring.load_gold(GOLD_DIR), scoring.load_jsonl(pred_file), scope)
    out = tmp_path / "shared.json"
    monkeypatch.setattr("sys.argv", ["score_facts.py", "--gold", str(GOLD_DIR), "--pred", str(pred_file),
                                     "--scope", scope, "--json", str(out)])
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        shared.main()
    theirs = json.loads(out.read_text(encoding="utf-8"))
    assert scoring.public_summary(ours) | {"_": 0} == theirs | {"_": 0}
    assert scoring.format_summary(ours).splitlines()[:6] == printed.getvalue().splitlines()[:6]


@pytest.mark.parametrize(("gold", "pred", "ok"), [
    ({"value": 97.4, "unit": "亿元"}, {"value": 974000, "unit": "万元"}, True),
    ({"value": 5.0, "unit": "千米"}, {"value": 5.0, "unit": "千米"}, True),
    ({"value": 3.0, "unit": "千吨"}, {"value": 3000.0, "unit": "吨"}, True),
    ({"value": 5.0, "unit": "千亿元"}, {"value": 5000.0, "unit": "亿元"}, True),
    ({"value": 3.0, "unit": "百亿元"}, {"value": 300.0, "unit": "亿元"}, True),
    ({"value": 2.0, "unit": "万亿"}, {"value": 20000.0, "unit": "亿"}, True),
    ({"value": 2.0, "unit": "千"}, {"value": 2000.0, "unit": None}, False),
    ({"value": None, "change": 5.5, "unit": None}, {"value": 5.5, "unit": "%"}, True),
    ({"value": 5.5, "unit": "%"}, {"value": None, "change": 5.5}, True),
    ({"value": 10.0, "unit": "亿元", "change": 3.0}, {"value": 10.0, "unit": "亿元", "change": 4.0}, False),
    ({"value": 10.0, "unit": "亿元", "change": 3.0}, {"value": 10.0, "unit": "亿元"}, True),
    ({"value": None, "change": None, "comparator": "flat"}, {"value": None, "comparator": "flat"}, True),
    ({"value": None, "change": None, "comparator": "flat"}, {"value": None, "comparator": "in_step"}, False),
])
def test_numbers_ok(gold: dict, pred: dict, ok: bool) -> None:
    assert scoring.numbers_ok(gold, pred) is ok


@pytest.mark.parametrize(("gold", "pred", "ok"), [
    ({"metric": "新增造林面积"}, {"metric": "新增造林"}, True),
    ({"metric": "减租金额"}, {"metric": "商户减租"}, False),
    ({"metric": "税收", "metric_code": "tax_revenue"}, {"metric": "x", "metric_code": "tax_revenue"}, True),
    ({"metric": "税收", "metric_code": "tax_revenue"}, {"metric": "税收", "metric_code": "gdp"}, False),
    ({"metric": "引进企业税收", "metric_code": None}, {"metric": "税收", "metric_code": "tax_revenue"}, False),
    ({"metric": "引进企业税收", "metric_code": None}, {"metric": "企业税收", "metric_code": None}, True),
    ({"metric": "疫情防控志愿者"}, {"metric": "发动各类志愿者"}, False),
    ({"metric": "疫情防控志愿者"}, {"metric": "发动志愿者"}, True),
    ({"metric": "x"}, {"metric": ""}, False),
])
def test_metric_ok(gold: dict, pred: dict, ok: bool) -> None:
    assert scoring.metric_ok(gold, pred) is ok


@pytest.mark.parametrize(("row", "period"), [
    ({"period_start_year": 2021, "period_end_year": 2025}, "2021-2025"),
    ({"period_start_year": 2020, "period_end_year": 2020}, "2020"),
    ({"period_start_year": None, "period_end_year": 2020}, "2020"),
    ({"period": "2016-2020"}, "2016-2020"),
])
def test_period_of(row: dict, period: str) -> None:
    assert scoring.period_of(row) == period


@pytest.mark.parametrize(("gold", "pred", "ok"), [
    ("城镇调查失业率", "城镇调查失业率", True),
    ("城镇调查失业率", "调查失业率", True),
    ("城镇调查失业率", "失业率", False),
    ("城镇新增就业", "城镇新增就业人数控制", False),
    ("", "x", False),
])
def test_name_close(gold: str, pred: str, ok: bool) -> None:
    assert scoring.name_close(gold, pred) is ok
