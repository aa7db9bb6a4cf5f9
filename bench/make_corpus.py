"""A large corpus for the benchmarks: N distinct reports generated from the real reports of tests/corpus/.

Report i is real report i % 30 (every layout kept: web scrapes with menus, GBK with CRLF, one-line texts), with
 - the region it reports on renamed to another real name of the same kind (a province to a province, a
   municipality to a municipality, an autonomous region to one, a district to a district with its city), in
   every form the text uses (安徽省 and 安徽, so 我代表安徽省人民政府 and the title change together);
 - its years shifted by a multiple of five, never past MAX_YEAR, with the plan periods (十四五 → 十三五), so
   the plans stay aligned (2021–2025 → 2016–2020);
 - every other number scaled by a factor of its own (decimals kept; days and months of dates, ordinals and
   zero-padded codes stay; a 29 February that the shift moves out of a leap year becomes the 28th);
 - written back in the source's encoding with its own line ends. Every file has its own content hash.

The regions are a data file (bench/vocab/regions.tsv); the source's own region and year come from
tests/corpus/EXPECTED_META.csv. The same --seed gives the same corpus byte for byte.

    python -m bench.make_corpus --out /tmp/corpus --count 1000
"""

from __future__ import annotations

import argparse
import calendar
import csv
import hashlib
import random
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SOURCES = PROJECT_ROOT / "tests" / "corpus"
REGIONS = Path(__file__).resolve().parent / "vocab" / "regions.tsv"
MAX_YEAR = 2026  # no report from the future: the latest real reports are of 2026
SHIFTS = (-15, -10, -5, 0, 5, 10)
_YEAR = re.compile(r"(?<![0-9.])(19[5-9][0-9]|20[0-4][0-9])(?![0-9.%％])")
_HOLD = 0xF0000  # years are held as private-use characters while the other numbers are scaled
_NUMBER = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9])(?![月日号时])")
_PLAN = re.compile(r"十([一二三四五六七])(?=五|个五年)")
_ONES = "一二三四五六七"
_LEAP_DAY = re.compile(r"(?<![0-9])([0-9]{4})年2月29日")


@dataclass(frozen=True)
class Region:
    """A real region name: its kind, full and short form, and the city of a district."""

    kind: str
    name: str
    short: str
    parent: str = ""


@dataclass(frozen=True)
class Source:
    """One real report of tests/corpus/ as published: bytes decoded with its encoding."""

    path: Path
    encoding: str
    text: str
    region: Region
    report_year: int


@dataclass(frozen=True)
class Variant:
    """How a generated report differs from its source."""

    region: Region
    year_shift: int
    factor: float


@dataclass(frozen=True)
class Generated:
    """A generated report: where it is, what it came from, what its metadata should be."""

    path: Path
    source: str
    encoding: str
    region: str
    admin_level: str
    report_year: int
    year_shift: int
    factor: float


@cache
def regions(path: Path = REGIONS) -> tuple[Region, ...]:
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return tuple(Region(**row) for row in csv.DictReader(rows, delimiter="\t"))


def decode(data: bytes) -> tuple[str, str]:
    """The text and encoding of a file as published: UTF-8, else GBK (no newline translation)."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gbk"), "gbk"


def load_sources(folder: Path = SOURCES) -> list[Source]:
    by_name = {r.name: r for r in regions()}
    with (folder / "EXPECTED_META.csv").open(encoding="utf-8") as f:
        meta = {row["file_name"]: row for row in csv.DictReader(f)}
    out = []
    for name in sorted(meta):
        text, encoding = decode((folder / name).read_bytes())
        row = meta[name]
        out.append(Source(folder / name, encoding, text, by_name[row["region_name"]], int(row["report_year"])))
    return out


def variant(source: Source, rng: random.Random) -> Variant:
    others = [r for r in regions() if r.kind == source.region.kind and r != source.region]
    shifts = [s for s in SHIFTS if source.report_year + s <= MAX_YEAR]
    return Variant(region=rng.choice(others), year_shift=rng.choice(shifts),
                   factor=round(rng.uniform(0.9, 1.1), 4))


def _names(old: Region, new: Region) -> dict[str, str]:
    names = {old.name: new.name, old.short: new.short}
    if old.parent and new.parent and old.parent != new.parent:
        names |= {old.parent: new.parent, old.parent.removesuffix("市"): new.parent.removesuffix("市")}
    return names


def _scale(text: str, factor: float) -> str:
    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        decimals = len(s.split(".")[1]) if "." in s else 0
        if decimals == 0 and (len(s) < 2 or s.startswith("0")):
            return s  # ordinals and list numbers (第3, 1.) and zero-padded codes stay
        out = f"{float(s) * factor:.{decimals}f}"
        return out if float(out) > 0 else s

    return _NUMBER.sub(repl, text)


def _shift_plans(text: str, shift: int) -> str:
    """十四五 → 十三五 for a shift of -5: the five-year plan of the shifted years."""
    def repl(m: re.Match[str]) -> str:
        k = _ONES.index(m.group(1)) + shift // 5
        return "十" + _ONES[k] if 0 <= k < len(_ONES) else m.group(0)

    return _PLAN.sub(repl, text)


def transform(text: str, old: Region, v: Variant) -> str:
    """One source → one variant: names, plans, then years (as placeholders, so they are not scaled), numbers."""
    names = _names(old, v.region)
    pattern = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))
    text = _shift_plans(pattern.sub(lambda m: names[m.group(0)], text), v.year_shift)
    years: list[str] = []

    def hold(m: re.Match[str]) -> str:
        years.append(str(int(m.group(1)) + v.year_shift))
        return chr(_HOLD + len(years) - 1)  # a private-use character: no digit for _scale to touch

    text = _scale(_YEAR.sub(hold, text), v.factor)
    text = "".join(years[ord(c) - _HOLD] if _HOLD <= ord(c) < _HOLD + len(years) else c for c in text)
    return _LEAP_DAY.sub(lambda m: m.group(0) if calendar.isleap(int(m.group(1))) else f"{m.group(1)}年2月28日", text)


def _level(region: Region) -> str:
    return "district" if region.kind == "district" else "province"


def _distinct(source: Source, i: int, seed: int, seen: set[str]) -> tuple[Variant, bytes]:
    """The variant of report i, drawn again (another salt) until its bytes are new to the corpus."""
    salt = 0
    while True:
        v = variant(source, random.Random(f"{seed}:{i}:{salt}"))
        data = transform(source.text, source.region, v).encode(source.encoding)
        digest = hashlib.sha256(data).hexdigest()
        if digest not in seen:
            seen.add(digest)
            return v, data
        salt += 1


def make_corpus(out_dir: str | Path, count: int, sources_dir: str | Path = SOURCES, seed: int = 0) -> list[Generated]:
    """Write `count` distinct reports into `out_dir` (emptied first); returns what each is."""
    sources = load_sources(Path(sources_dir))
    out = Path(out_dir)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    seen: set[str] = set()
    made = []
    for i in range(count):
        source = sources[i % len(sources)]
        v, data = _distinct(source, i, seed, seen)
        year = source.report_year + v.year_shift
        path = out / f"{i:04d}_{v.region.name}_{year}_{source.path.stem}.txt"
        path.write_bytes(data)
        made.append(Generated(path, source.path.name, source.encoding, v.region.name, _level(v.region), year,
                              v.year_shift, v.factor))
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--sources", default=str(SOURCES), help="real reports with their EXPECTED_META.csv")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    made = make_corpus(a.out, a.count, a.sources, a.seed)
    size = sum(g.path.stat().st_size for g in made)
    print(f"{len(made)} reports, {size / 1e6:.1f} MB in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
