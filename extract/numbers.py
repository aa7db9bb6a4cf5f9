"""Pure parsers of the numbers, magnitudes and units written in government work reports.

Everything here works on plain strings and returns plain values: no jieba, no I/O.

    parse_number("1,234.5") == 1234.5       parse_number("两") == 2
    parse_number("一百二十") == 120           parse_number("１.３５") == 1.35
    find_quantities("新增就业1.35万人以上")   -> [Quantity(value=1.35, unit="万人", suffix="以上", ...)]
    to_base(97.4, "亿元") == (9740000000.0, "元")
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.vocabulary import longest_first, vocabulary

# --------------------------------------------------------------------------------------------- digits

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}


def normalize_digits(text: str) -> str:
    """Full-width digits, point, comma, percent sign, dash and tilde → ASCII (same length)."""
    return text.translate(_FULL_WIDTH)


def parse_chinese_integer(text: str) -> int | None:
    """一百二十 → 120, 两千零五 → 2005, 十五 → 15, 三万五千 → 35000; None when not a numeral."""
    if not text or any(c not in CN_DIGITS and c not in CN_SMALL_UNITS and c not in CN_LARGE_UNITS for c in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch] if digit is None else digit * 10 + CN_DIGITS[ch]  # 二〇二一 style
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            if section == 0:
                section = 1
            total += section * CN_LARGE_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def parse_number(text: str) -> float | None:
    """Arabic (decimals, thousands separators, full width) or Chinese numerals → float."""
    s = normalize_digits(text.strip()).replace(" ", "")
    if not s:
        return None
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?", s):
        return float(s.replace(",", ""))
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([万亿]+)", s)  # mixed: 1.35万 → 13500
    if m:
        return float(m.group(1)) * magnitude_factor(m.group(2) + "x")
    v = parse_chinese_integer(s)
    return float(v) if v is not None else None


# --------------------------------------------------------------------------------------------- units

_VOCAB = vocabulary()
# magnitudes written between a number and its unit, longest first (万亿 before 万): extract/vocab/magnitudes.tsv
MAGNITUDES: tuple[tuple[str, float], ...] = tuple(
    sorted(((m.magnitude, m.factor) for m in _VOCAB.magnitudes), key=lambda mf: len(mf[0]), reverse=True))
# the unit of a count written without its measure word (5575万农村贫困人口)
BARE_MAGNITUDES = tuple(m.magnitude for m in _VOCAB.magnitudes if m.bare)
# units (extract/vocab/units.tsv) → family
UNIT_FAMILY: dict[str, str] = dict(_VOCAB.unit_family)
# units whose first character looks like a magnitude but is not one (千米, 千瓦时, 百分点): every such unit
NOT_MAGNITUDE = frozenset(u for u in UNIT_FAMILY if any(u.startswith(m) for m, _ in MAGNITUDES))
# measure words that, after a number, only make sense as names/ordinals, never as facts
NON_FACT_COUNT_UNITS = frozenset(u.unit for u in _VOCAB.units if not u.counts)
ALL_UNITS = longest_first(UNIT_FAMILY)


def magnitude_factor(unit: str | None) -> float:
    """Factor of the magnitude a unit starts with: 亿元 → 1e8, 万人次 → 1e4, 千米 → 1, % → 1."""
    if not unit:
        return 1.0
    u = unit.strip()
    if u in NOT_MAGNITUDE:
        return 1.0
    for prefix, factor in MAGNITUDES:
        if u.startswith(prefix) and len(u) > len(prefix):
            return factor
    return 1.0


def split_unit(unit: str | None) -> tuple[str, str | None]:
    """亿元 → ('亿', '元'); 千米 → ('', '千米'); 万 → ('万', None)."""
    if not unit:
        return "", None
    f = magnitude_factor(unit)
    if f == 1.0:
        return "", unit
    for prefix, factor in MAGNITUDES:
        if factor == f and unit.startswith(prefix):
            return prefix, unit[len(prefix):] or None
    return "", unit


def to_base(value: float | None, unit: str | None) -> tuple[float | None, str | None]:
    """97.4, 亿元 → (9740000000.0, 元); the magnitude is multiplied out, the base unit kept."""
    _, base_unit = split_unit(unit)
    if value is None:
        return None, base_unit
    return round(value * magnitude_factor(unit), 6), base_unit


def unit_family(unit: str | None) -> str | None:
    """Family of a unit as written (magnitude ignored): 亿元 → money, 万人次 → people, % → percent."""
    _, base_unit = split_unit(unit)
    return UNIT_FAMILY.get(base_unit or "") if base_unit else None


def percent_from_cheng(text: str) -> float | None:
    """两成 → 20.0, 三成半 → 35.0, 1成 → 10.0 (成 = tenths)."""
    m = re.fullmatch(r"(.+?)成(半)?", text)
    if not m:
        return None
    v = parse_number(m.group(1))
    if v is None:
        return None
    return v * 10 + (5 if m.group(2) else 0)


# --------------------------------------------------------------------------------------------- quantities

_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千]+"
# a magnitude, unless it is the first character of a unit (千米, 千瓦时, 百分点: see NOT_MAGNITUDE)
_NOT_MAG = "|".join(map(re.escape, longest_first(NOT_MAGNITUDE)))
_MAG = f"(?!{_NOT_MAG})(?:" + "|".join(m for m, _ in MAGNITUDES) + ")"
_UNITS_RE = "|".join(re.escape(u) for u in ALL_UNITS)
_RANGE_SEP = r"[-—–~至到]|－|～"
_APPROX_AFTER = "|".join(_VOCAB.comparator_words("after_num"))

QUANTITY_RE = re.compile(
    rf"(?P<num>{_AR}|{_CN})(?P<pct1>%)?"
    rf"(?:(?P<sep>{_RANGE_SEP})(?P<num2>{_AR}|{_CN}))?"
    rf"(?P<ap1>{_APPROX_AFTER})?(?P<mag>{_MAG})?(?P<ap2>{_APPROX_AFTER})?"
    rf"(?P<unit>{_UNITS_RE}|成)?"
)
# comparator words before a number and after its unit (extract/vocab/comparators.tsv), longest first
PREFIX_WORDS = _VOCAB.comparator_words("before")
APPROX_PREFIX_WORDS = tuple(c.word for c in _VOCAB.comparators if c.position == "before" and c.approx)
SUFFIX_WORDS = _VOCAB.comparator_words("after")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as written in the text; offsets are into the scanned string."""

    start: int  # first char of the whole mention (prefix words included)
    end: int  # one past the last char (suffix words included)
    num_start: int
    value: float
    value_max: float | None
    unit: str | None  # as written, magnitude included: 亿元, 万人次, %, 个百分点
    approx: str | None  # 余, 多 (after the number) or a prefix word such as 约, 近, 超过
    prefix: str | None  # qualifier word written before the number
    suffix: str | None  # 以上, 以内, 左右 ... written after the unit
    chinese: bool  # written with Chinese numerals
    text: str
    num_text: str = ""  # the number as written (first number of a range)

    @property
    def family(self) -> str | None:
        return unit_family(self.unit)

    def base(self) -> tuple[float | None, str | None]:
        return to_base(self.value, self.unit)


def _prefix_at(text: str, pos: int) -> str | None:
    for w in PREFIX_WORDS:
        if text.endswith(w, 0, pos):
            return w
    return None


def _suffix_at(text: str, pos: int) -> str | None:
    for w in SUFFIX_WORDS:
        if text.startswith(w, pos):
            return w
    return None


def _unit_and_value(text: str, m: re.Match) -> tuple[str, int, float | None, str | None, float] | None:
    """(unit as written, end, maximum of a range, 余/多, value) of a match of QUANTITY_RE; None when the match
    is no quantity (a bare number, a range whose end is no number, an unreadable numeral)."""
    num, unit, mag = m.group("num"), m.group("unit"), m.group("mag") or ""
    if m.group("pct1") and not m.group("num2"):  # "5%" followed by something that is not a range
        unit_txt, end, value_max, approx = "%", m.start("pct1") + 1, None, None
    else:
        if not unit and not m.group("pct1") and not _counts_a_noun(text, m):
            return None  # a bare number or magnitude (3万) with no unit is not usable
        unit_txt = "%" if m.group("pct1") and not unit else mag + (unit or "")
        end = m.end()
        value_max = parse_number(m.group("num2")) if m.group("num2") else None
        approx = m.group("ap1") or m.group("ap2")
        if m.group("num2") and value_max is None:
            return None
    if unit == "成":
        value = percent_from_cheng(num + "成")
        if value is None or mag:
            return None
        unit_txt = "%"
    else:
        value = parse_number(num)
    return None if value is None else (unit_txt, end, value_max, approx, value)


def find_quantities(text: str) -> list[Quantity]:
    """All number+unit mentions of `text` (no filtering of years, names, slogans: see extract.facts.non_facts)."""
    text = normalize_digits(text)
    out: list[Quantity] = []
    for m in QUANTITY_RE.finditer(text):
        num = m.group("num")
        chinese = not num[0].isdigit()
        if chinese and num in ("十", "百", "千") and not m.group("mag") and not m.group("unit"):
            continue
        read = _unit_and_value(text, m)
        if read is None:
            continue
        unit_txt, end, value_max, approx, value = read
        prefix = _prefix_at(text, m.start())
        start = m.start() - (len(prefix) if prefix else 0)
        suffix = _suffix_at(text, end)
        if suffix:
            end += len(suffix)
        out.append(Quantity(
            start=start, end=end, num_start=m.start(), value=value, value_max=value_max, unit=unit_txt or None,
            approx=approx or (prefix if prefix in APPROX_PREFIX_WORDS else None),
            prefix=prefix, suffix=suffix, chinese=chinese, text=text[start:end], num_text=num,
        ))
    out += _magnitudes_alone(text, [(q.start, q.end) for q in out])
    out.sort(key=lambda q: q.start)
    return out


def _magnitudes_alone(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """近万人, 超亿元, 上千家, 突破万亿元: a magnitude after an approximating or milestone word, without a number
    (value 1)."""
    out = []
    for m in _MAG_ONLY_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        unit = m.group(2) + m.group("unit")
        suffix = _suffix_at(text, m.end())
        out.append(Quantity(start=m.start(), end=m.end() + len(suffix or ""), num_start=m.start(2), value=1.0,
                            value_max=None, unit=unit, approx=m.group(1), prefix=m.group(1), suffix=suffix,
                            chinese=True, text=text[m.start():m.end() + len(suffix or "")]))
    return out


_BARE_MAG_BEFORE = re.compile(r"[\u4e00-\u9fff“]")


def _counts_a_noun(text: str, m: re.Match) -> bool:
    """5575万农村贫困人口, 1.2万家庭: an Arabic number with 万/亿 written straight before a word counts that word
    (the measure word is left out). Whether the word is a noun is the caller's check (facts.keep_quantity)."""
    mag = m.group("mag")
    return (mag in BARE_MAGNITUDES and m.group("num")[0].isdigit() and not m.group("num2")
            and bool(_BARE_MAG_BEFORE.match(text, m.end())) and _suffix_at(text, m.end()) is None)


_MAG_ONLY_RE = re.compile(rf"(突破|跨越|跨过|近|超|逾|过|上)(万亿|亿|万|千)(?P<unit>{_UNITS_RE})")
