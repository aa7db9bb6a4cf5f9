"""Profile a stage with pyinstrument (text report on stdout, HTML beside it with --html).

    python -m bench.profile extract --input seeds            # read → clean → split → extract of every file
    python -m bench.profile keywords --input seeds           # the dbt Python model int_report_keywords

Both profile a warm process (jieba loaded first), as the pipeline's tasks run.
"""

from __future__ import annotations

import argparse
import importlib.util
from collections.abc import Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KEYWORDS_MODEL = PROJECT_ROOT / "dbt_project" / "models" / "intermediate" / "int_report_keywords.py"


def _files(folder: str) -> list[Path]:
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and not p.name.startswith("."))


def extraction_work(folder: str) -> Callable[[], object]:
    from extract.pipeline import process_file
    from extract.segment import tagger

    tagger()
    files = _files(folder)
    return lambda: [process_file(p) for p in files]


def keywords_work(folder: str) -> Callable[[], object]:
    """The keyword model's row builder (extract.keywords.keyword_rows, which the model file imports) on one
    text per report (its cleaned text), in this process — what dbt runs per section when few texts are new."""
    from extract.pipeline import process_file

    spec = importlib.util.spec_from_file_location("int_report_keywords", KEYWORDS_MODEL)
    assert spec and spec.loader
    model = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(model)
    texts = [(p.name, "all", process_file(p).cleaned.text) for p in _files(folder)]
    model.keyword_rows(texts[:1], workers=1)  # loads jieba's dictionaries and IDF table
    return lambda: model.keyword_rows(texts, workers=1)


STAGES = {"extract": extraction_work, "keywords": keywords_work}


def main(argv: list[str] | None = None) -> int:
    from pyinstrument import Profiler

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stage", choices=sorted(STAGES))
    ap.add_argument("--input", default=str(PROJECT_ROOT / "seeds"))
    ap.add_argument("--html", help="also write pyinstrument's HTML report here")
    a = ap.parse_args(argv)
    work = STAGES[a.stage](a.input)
    profiler = Profiler(interval=0.001)
    profiler.start()
    work()
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if a.html:
        Path(a.html).write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
