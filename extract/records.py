"""Records passed between the extraction steps (plain dataclasses, no behaviour)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SECTION_TYPES = ("review_year", "review_5y", "plan_5y", "plan_year", "other")
COMPARATORS = ("approx", "at_least", "at_most", "flat", "in_step", "met", "exact")
ADMIN_LEVELS = ("national", "province", "city", "district", "town")


@dataclass(frozen=True)
class RawDocument:
    """A file read from disk and decoded to text."""

    file_name: str
    content_hash: str  # sha256 of the bytes
    size_bytes: int
    encoding: str
    text: str  # decoded text, unmodified
    source_format: str = "txt"  # detected from the content: txt, pdf, docx, html


@dataclass(frozen=True)
class CleanedText:
    """Cleaned text plus, for every cleaned character, its offset in the original text."""

    text: str
    paragraphs: tuple[tuple[int, int], ...]  # (start, end) offsets of paragraphs in `text`
    source_offsets: tuple[int, ...] = field(repr=False, default=())


@dataclass
class ReportMeta:
    """Report metadata read from the text."""

    region_name: str | None = None
    region_path: str | None = None  # the region's parts joined by " › ": 天津市 › 西青区 › 张家窝镇
    admin_level: str | None = None  # one of ADMIN_LEVELS
    congress: str | None = None  # e.g. 第十八届人民代表大会
    session: str | None = None  # e.g. 第十二次会议
    meeting_date: str | None = None  # ISO date
    speaker: str | None = None
    speaker_title: str | None = None
    title: str | None = None
    report_year: int | None = None  # year the report was delivered
    review_year: int | None = None  # the past year it reviews
    plan_year: int | None = None  # the year it plans
    review_5y_start: int | None = None  # e.g. 2016 for the 十三五 review
    review_5y_end: int | None = None
    plan_5y_start: int | None = None
    plan_5y_end: int | None = None


@dataclass(frozen=True)
class RegionParts:
    """A region name cut into the administrative divisions it names (extract.region: cpca's division table)."""

    province_name: str | None = None  # 天津市, 河北省
    city_name: str | None = None  # 石家庄市; none for a municipality's districts
    county_name: str | None = None  # 西青区, 正定县
    town_name: str | None = None  # what follows the county: 张家窝镇
    adcode: str | None = None  # 行政区划代码 of the deepest division found (a town has its county's)
    parsed_level: str | None = None  # one of ADMIN_LEVELS: the level of the deepest part found


@dataclass(frozen=True)
class Section:
    """A heading-delimited section of the cleaned text."""

    section_id: str
    parent_id: str | None
    level: int  # 1 = top level
    ordinal: int  # position in document order
    heading: str
    section_type: str  # one of SECTION_TYPES
    char_start: int  # offsets into the cleaned text, the heading included
    char_end: int


@dataclass
class FactMention:
    """One quantitative (or qualitative key-metric) statement found in a report."""

    kind: str  # 'actual' or 'target'
    section_type: str
    metric_name: str
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None  # as written, magnitude included (亿元)
    value_base: float | None = None  # value converted with the magnitude (元)
    base_unit: str | None = None
    change_value: float | None = None
    change_unit: str | None = None  # %, 个百分点, 倍
    change_basis: str | None = None  # 同比, 年均, 累计, 比上年 ...
    approx: str | None = None  # 余, 近, 超过, 约 ... (actuals)
    comparator: str | None = None  # targets, one of COMPARATORS
    comparator_text: str | None = None
    is_estimated: bool = False
    period_start_year: int | None = None
    period_end_year: int | None = None
    sentence: str = ""
    char_start: int = 0  # offsets of the fact's clause in the cleaned text
    char_end: int = 0
    section_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
