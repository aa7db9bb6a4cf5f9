"""A large corpus for the benchmarks: N distinct reports generated from the seeds.

Report i is seed i % 5 with its district and town renamed (another district of Tianjin, a made-up town),
its years shifted by a multiple of five (plan periods stay aligned: 2016–2020 → 2021–2025) and every other
number scaled by a factor of its own (decimals kept). Every file has its own content hash.

    python -m bench.make_corpus --out /tmp/corpus --count 1000
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"

# the seeds' own districts and towns (full and short forms)
_SEED_DISTRICTS = ("西青", "静海", "津南")
_SEED_TOWNS = ("张家窝", "精武", "北闸口")
DISTRICTS = ("和平", "河东", "河西", "南开", "河北", "红桥", "东丽", "北辰", "武清", "宝坻", "宁河", "蓟州",
             "西青", "静海", "津南")
_SYLLABLES = "安宝昌成大东丰广海和华金锦康乐利林龙茂明宁平庆瑞尚盛泰通万文祥新兴阳永裕源长振中"
_YEAR = re.compile(r"(?<![0-9.])(19[5-9][0-9]|20[0-4][0-9])(?![0-9.%％])")
_HOLD = 0xF0000  # years are held as private-use characters while the other numbers are scaled
_NUMBER = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9])")


@dataclass(frozen=True)
class Variant:
    """How report i differs from its seed."""

    district: str
    town: str
    year_shift: int
    factor: float


def variant(i: int, salt: int = 0) -> Variant:
    n = len(_SYLLABLES)
    k = i + salt * 7919
    town = _SYLLABLES[k % n] + _SYLLABLES[(k // n) % n] + _SYLLABLES[(k // (n * n) + 3) % n]
    return Variant(
        district=DISTRICTS[(k * 7) % len(DISTRICTS)],
        town=town,
        year_shift=5 * (k % 4 - 2),  # -10, -5, 0, +5
        factor=1 + ((k * 37) % 401 - 200) / 2000,  # 0.9 … 1.1
    )


def _scale(text: str, factor: float) -> str:
    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        decimals = len(s.split(".")[1]) if "." in s else 0
        value = float(s) * factor
        if decimals == 0 and (len(s) < 2 or s.startswith("0")):
            return s  # ordinals and list numbers (第3, 1.) and zero-padded codes stay
        out = f"{value:.{decimals}f}"
        return out if float(out) > 0 else s

    return _NUMBER.sub(repl, text)


def transform(text: str, v: Variant) -> str:
    """One seed → one variant: names, then years (as placeholders, so they are not scaled), then numbers."""
    names = {d + "区": v.district + "区" for d in _SEED_DISTRICTS}
    names |= {t + "镇": v.town + "镇" for t in _SEED_TOWNS}
    names |= {d: v.district for d in _SEED_DISTRICTS} | {t: v.town for t in _SEED_TOWNS}
    pattern = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))
    text = pattern.sub(lambda m: names[m.group(0)], text)
    years: list[str] = []

    def hold(m: re.Match[str]) -> str:
        years.append(str(int(m.group(1)) + v.year_shift))
        return chr(_HOLD + len(years) - 1)  # a private-use character: no digit for _scale to touch

    text = _YEAR.sub(hold, text)
    text = _scale(text, v.factor)
    return "".join(years[ord(c) - _HOLD] if _HOLD <= ord(c) < _HOLD + len(years) else c for c in text)


def make_corpus(out_dir: str | Path, count: int, seeds_dir: str | Path = SEEDS) -> list[Path]:
    """Write `count` distinct reports into `out_dir` (emptied first); returns their paths."""
    seeds = sorted(p for p in Path(seeds_dir).iterdir() if p.is_file())
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    out = Path(out_dir)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    seen: set[str] = set()
    paths = []
    for i in range(count):
        s = i % len(seeds)
        salt = 0
        while True:
            v = variant(i // len(seeds), salt)
            text = transform(texts[s], v)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest not in seen:
                break
            salt += 1
        seen.add(digest)
        path = out / f"{i:04d}_{v.district}_{v.town}_{seeds[s].stem}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seeds", default=str(SEEDS))
    a = ap.parse_args(argv)
    paths = make_corpus(a.out, a.count, a.seeds)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} reports, {size / 1e6:.1f} MB in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
