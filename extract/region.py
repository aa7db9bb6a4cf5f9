"""地区解析 (region parts): a reporting region's name cut into province › city › county › town, at extract time.

cpca recognises the provinces, cities and counties of China from the administrative division table it ships (with
their 行政区划代码); what follows the county (a 镇, 乡 or 街道) is the town. Municipalities (天津市) have no city part:
cpca's placeholder 市辖区 is dropped. The national report has a level and no parts.
"""

from __future__ import annotations

import functools
import math
from types import ModuleType

from extract.records import RegionParts

NATIONAL_NAMES = ("中华人民共和国", "全国", "中国", "国务院")
PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
LEVELS = ("province", "city", "district", "town")


@functools.lru_cache(maxsize=1)
def _cpca() -> ModuleType:
    """cpca, imported once per process and only when a report needs it (its import builds the matcher over the
    division table: the DAG file's import stays light)."""
    import cpca

    return cpca


def _clean(part: object) -> str | None:
    if part is None or (isinstance(part, float) and math.isnan(part)):
        return None
    text = str(part).strip()
    return text or None


def parts_of(parsed: dict) -> RegionParts:
    """Province, city, county and town from one row of cpca.transform (keys 省, 市, 区, 地址, adcode)."""
    province, city, county, town = (_clean(parsed.get(k)) for k in ("省", "市", "区", "地址"))
    if city in PLACEHOLDERS or city == province:
        city = None
    levels = [lvl for lvl, p in zip(LEVELS, (province, city, county, town), strict=True) if p]
    return RegionParts(province, city, county, town, _clean(parsed.get("adcode")), levels[-1] if levels else None)


def region_parts(name: str | None) -> RegionParts:
    """天津市西青区张家窝镇 → 天津市 › 西青区 › 张家窝镇 (town, 120111); 中华人民共和国 → national; 未知 → no parts."""
    if not name:
        return RegionParts()
    if name in NATIONAL_NAMES:
        return RegionParts(parsed_level="national")
    (parsed,) = _cpca().transform([name]).to_dict("records")
    return parts_of(parsed)
