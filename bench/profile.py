"""Profile a stage with pyinstrument (text report on stdout, HTML beside it with --html).

    python -m bench.profile extract --input seeds            # read → clean → split → extract of every file
    python -m bench.profile keywords --input seeds           # the keywords of every report (extract.keywords)

Both profile a warm process (jieba loaded first), as the pipeline's tasks run.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _files(folder: str) -> list[Path]:
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and not p.name.startswith("."))


def extraction_work(folder: str) -> Callable[[], object]:
    from extract.pipeline import process_file
    from extract.segment import tagger

    tagger()
    files = _files(folder)
    return lambda: [process_file(p) for p in files]


def keywords_work(folder: str) -> Callable[[], object]:
    """The keyword rows of every report (extract.keywords.keyword_rows: its section types' texts, jieba.analyse's
    TF-IDF and TextRank), in this process, as the extract task computes them after the facts."""
    from extract.keywords import keyword_rows, load_resources
    from extract.pipeline import process_file

    reports = [process_file(p) for p in _files(folder)]
    load_resources()
    return lambda: [keyword_rows(r.report_id, r.cleaned.text, r.sections) for r in reports]


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
