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

MAGNITUDES: tuple[tuple[str, float], ...] = (
    ("万亿", 1e12), ("亿", 1e8), ("千万", 1e7), ("百万", 1e6), ("万", 1e4), ("千", 1e3), ("百", 1e2),
)
# units whose first character looks like a magnitude but is not one
NOT_MAGNITUDE = frozenset({"千米", "千克", "千瓦", "千瓦时", "千公顷", "百分点", "个百分点", "千伏", "千帕"})

PERCENT_UNITS = ("个百分点", "百分点", "%", "‰")
MULTIPLE_UNITS = ("倍",)
MONEY_UNITS = ("美元", "欧元", "港元", "日元", "元")
AREA_UNITS = ("平方公里", "平方千米", "平方米", "公顷", "亩")
LENGTH_UNITS = ("公里", "千米", "延米", "米")
WEIGHT_UNITS = ("吨标准煤", "吨标煤", "吨", "公斤", "千克", "斤")
VOLUME_UNITS = ("立方米", "方")
# concentrations (PM2.5 36微克/立方米, 化学需氧量 15毫克/升): the slash belongs to the unit
CONCENTRATION_UNITS = ("微克/立方米", "毫克/立方米", "毫克/升")
ENERGY_UNITS = ("千瓦时", "兆瓦时", "千瓦", "兆瓦", "吉瓦", "度", "千伏")
TIME_UNITS = ("个工作日", "工作日", "小时", "分钟", "天")
# counted people and things; longer words first where they share a prefix
PEOPLE_UNITS = ("人次", "人", "名", "位", "户次", "户")
COUNT_UNITS = (
    "家次", "件次", "批次", "车次", "剂次", "架次", "班次", "场次", "标准箱", "标箱", "床位",
    "家", "个", "所", "座", "条", "项", "场", "宗", "处", "件", "部", "辆", "张", "台", "套", "份", "块",
    "眼", "株", "棵", "头", "只", "羽", "栋", "幢", "间", "本", "起", "批", "支", "架", "艘", "列", "根",
    "盏", "册", "篇", "首", "枚", "颗", "匹", "次", "剂", "集", "期", "届", "对", "组", "片", "段", "类",
    "款", "种", "门", "级", "岁",
)
# measure words that, after a number, only make sense as names/ordinals, never as facts
NON_FACT_COUNT_UNITS = frozenset({"期", "届", "级", "类", "种", "款", "门", "对", "段", "片", "组", "集"})

UNIT_FAMILY: dict[str, str] = {}
for _fam, _units in (
    ("percent", PERCENT_UNITS), ("multiple", MULTIPLE_UNITS), ("money", MONEY_UNITS), ("area", AREA_UNITS),
    ("length", LENGTH_UNITS), ("weight", WEIGHT_UNITS), ("volume", VOLUME_UNITS), ("energy", ENERGY_UNITS),
    ("concentration", CONCENTRATION_UNITS),
    ("time", TIME_UNITS), ("people", PEOPLE_UNITS), ("count", COUNT_UNITS),
):
    for _u in _units:
        UNIT_FAMILY.setdefault(_u, _fam)

ALL_UNITS = sorted(UNIT_FAMILY, key=len, reverse=True)


def magnitude_factor(unit: str | None) -> float:
    """Factor of the magnitude a unit starts with: 亿元 → 1e8, 万人次 → 1e4, 千米 → 1, % → 1."""
    if not unit:
        return 1.0
    u = unit.strip()
    if u in NOT_MAGNITUDE:
        return 1.0
    for prefix, factor in MAGNITUDES:
        if u.startswith(prefix) and len(u) > len(prefix):
            rest = u[len(prefix):]
            if prefix == "千" and rest in ("米", "克", "瓦", "瓦时", "公顷", "伏", "帕"):
                return 1.0
            if prefix == "百" and rest.endswith("分点"):
                return 1.0
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
_MAG = r"万亿|亿|千万|百万|万|千|百"
_UNITS_RE = "|".join(re.escape(u) for u in ALL_UNITS)
_RANGE_SEP = r"[-—–~至到]|－|～"
_APPROX_AFTER = r"余|多"

QUANTITY_RE = re.compile(
    rf"(?P<num>{_AR}|{_CN})(?P<pct1>%)?"
    rf"(?:(?P<sep>{_RANGE_SEP})(?P<num2>{_AR}|{_CN}))?"
    rf"(?P<ap1>{_APPROX_AFTER})?(?P<mag>{_MAG})?(?P<ap2>{_APPROX_AFTER})?"
    rf"(?P<unit>{_UNITS_RE}|成)?"
)
# words before a number that qualify it (checked longest first)
PREFIX_WORDS = (
    "不低于", "不少于", "不超过", "不高于", "不多于", "不到", "不足", "超过", "高于", "低于", "少于", "多于", "大于",
    "突破", "最高", "最低", "至少", "将近", "接近", "大约", "约", "近", "超", "逾", "过",
)
APPROX_PREFIX_WORDS = ("约", "近", "超过", "超", "逾", "将近", "接近", "大约", "突破")
SUFFIX_WORDS = ("以上", "以下", "以内", "左右", "之内", "上下", "内")


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


def find_quantities(text: str) -> list[Quantity]:
    """All number+unit mentions of `text` (no filtering of years, names, slogans: see facts)."""
    text = normalize_digits(text)
    out: list[Quantity] = []
    for m in QUANTITY_RE.finditer(text):
        num, unit, mag = m.group("num"), m.group("unit"), m.group("mag") or ""
        chinese = not num[0].isdigit()
        if chinese and num in ("十", "百", "千") and not mag and not unit:
            continue
        pct1 = m.group("pct1")
        if pct1 and not m.group("num2"):
            # "5%" followed by something that is not a range
            unit_txt = "%"
            end = m.start("pct1") + 1
            value_max = None
            ap = None
        else:
            if not unit and not pct1 and not _counts_a_noun(text, m):
                continue  # a bare number or magnitude (3万) with no unit is not usable
            unit_txt = (mag or "") + (unit or "")
            if pct1 and not unit:
                unit_txt = "%"
            end = m.end()
            value_max = parse_number(m.group("num2")) if m.group("num2") else None
            ap = m.group("ap1") or m.group("ap2")
        if unit == "成":
            v = percent_from_cheng(num + "成")
            if v is None or mag:
                continue
            value, unit_txt = v, "%"
        else:
            value = parse_number(num)
        if value is None:
            continue
        if m.group("num2") and value_max is None:
            continue
        prefix = _prefix_at(text, m.start())
        start = m.start() - (len(prefix) if prefix else 0)
        suffix = _suffix_at(text, end)
        if suffix:
            end += len(suffix)
        out.append(Quantity(
            start=start, end=end, num_start=m.start(), value=value, value_max=value_max, unit=unit_txt or None,
            approx=ap or (prefix if prefix in APPROX_PREFIX_WORDS else None),
            prefix=prefix, suffix=suffix, chinese=chinese, text=text[start:end], num_text=num,
        ))
    taken = [(q.start, q.end) for q in out]
    for m in _MAG_ONLY_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        unit = m.group(2) + m.group("unit")
        suffix = _suffix_at(text, m.end())
        out.append(Quantity(start=m.start(), end=m.end() + len(suffix or ""), num_start=m.start(2), value=1.0,
                            value_max=None, unit=unit, approx=m.group(1), prefix=m.group(1), suffix=suffix,
                            chinese=True, text=text[m.start():m.end() + len(suffix or "")]))
    out.sort(key=lambda q: q.start)
    return out


_BARE_MAG_BEFORE = re.compile(r"[\u4e00-\u9fff“]")
BARE_MAGNITUDES = ("万", "亿")  # the unit of a count written without its measure word (5575万农村贫困人口)


def _counts_a_noun(text: str, m: re.Match) -> bool:
    """5575万农村贫困人口, 1.2万家庭: an Arabic number with 万/亿 written straight before a word counts that word
    (the measure word is left out). Whether the word is a noun is the caller's check (facts.keep_quantity)."""
    mag = m.group("mag")
    return (mag in BARE_MAGNITUDES and m.group("num")[0].isdigit() and not m.group("num2")
            and bool(_BARE_MAG_BEFORE.match(text, m.end())) and _suffix_at(text, m.end()) is None)


_MAG_ONLY_RE = re.compile(rf"(近|超|逾|过|上)(万亿|亿|万|千)(?P<unit>{_UNITS_RE})")
