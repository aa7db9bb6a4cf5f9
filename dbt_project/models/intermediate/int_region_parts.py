"""地区解析 (region parsing): each reporting region cut into province › city › county › town with cpca.

cpca recognises the provinces, cities and counties of China from the administrative division
table it ships (with their 行政区划代码); what follows the county (a 镇, 乡 or 街道) is the town.
Municipalities (天津市) have no city part: cpca's placeholder 市辖区 is dropped.
"""

from __future__ import annotations

NATIONAL_NAMES = ("中华人民共和国", "全国", "中国", "国务院")
PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
LEVELS = ("province", "city", "district", "town")


def _clean(part) -> str | None:
    if part is None or part != part:  # None or NaN
        return None
    text = str(part).strip()
    return text or None


def split_region(name: str, parsed: dict) -> dict:
    """Province, city, county and town of `name` from one cpca row; the national level has no parts."""
    if name in NATIONAL_NAMES:
        return {"province_name": None, "city_name": None, "county_name": None, "town_name": None,
                "adcode": None, "parts": [name], "parsed_level": "national"}
    province = _clean(parsed.get("省"))
    city = _clean(parsed.get("市"))
    county = _clean(parsed.get("区"))
    town = _clean(parsed.get("地址"))
    if city in PLACEHOLDERS or city == province:
        city = None
    adcode = _clean(parsed.get("adcode"))
    parts = [p for p in (province, city, county, town) if p]
    if not parts:
        parts = [name]
    levels = [lvl for lvl, p in zip(LEVELS, (province, city, county, town), strict=True) if p]
    return {"province_name": province, "city_name": city, "county_name": county, "town_name": town,
            "adcode": str(int(float(adcode))) if adcode else None, "parts": parts,
            "parsed_level": levels[-1] if levels else None}


def parse_regions(names: list[str]) -> list[dict]:
    import cpca

    names = sorted({n for n in names if n})
    frame = cpca.transform(names) if names else None
    rows = []
    for i, name in enumerate(names):
        parsed = frame.iloc[i].to_dict() if frame is not None else {}
        parts = split_region(name, parsed)
        rows.append({"region_name": name, **{k: v for k, v in parts.items() if k != "parts"},
                     "region_path": " › ".join(parts["parts"]), "path_depth": len(parts["parts"]),
                     "local_name": parts["parts"][-1],
                     "parent_region_name": "".join(parts["parts"][:-1]) or None})
    return rows


def model(dbt, session):
    import pandas as pd

    dbt.config(materialized="table")
    names = [r[0] for r in dbt.ref("stg_reports").project("region_name").distinct().fetchall()]
    columns = ["region_name", "province_name", "city_name", "county_name", "town_name", "adcode", "parsed_level",
               "region_path", "path_depth", "local_name", "parent_region_name"]
    frame = pd.DataFrame(parse_regions(names), columns=columns)
    return frame.astype({c: "string" for c in columns if c != "path_depth"} | {"path_depth": "int32"})
