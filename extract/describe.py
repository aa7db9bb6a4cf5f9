"""Cleaned text → report metadata (region, level, congress, date, speaker, years)."""

from __future__ import annotations

import re
from datetime import date

from extract.periods import plan_containing, small_chinese_int
from extract.records import ReportMeta

# provinces that are municipalities directly under the central government
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_NUM = "[一二三四五六七八九十〇零百]{1,4}"
_REGION_CHARS = r"[\u4e00-\u9fff]{1,24}?"
# e.g. 在天津市西青区第十七届人民代表大会第八次会议上 / 在张家窝镇第十八届人民代表大会 / 十八届人大十三次会议
_CONGRESS = re.compile(
    rf"(?:(?<=在)|(?<=将)|(?<=^)|(?<=\n))(?P<region>{_REGION_CHARS})?(?P<congress>第?{_NUM}届)(?:人民代表大会|人大)"
    rf"(?:常务委员会)?(?P<session>第?{_NUM}次(?:会议)?)?"
)
_NATIONAL = re.compile(rf"(?P<congress>第?{_NUM}届)全国人民代表大会(?P<session>第?{_NUM}次会议)?")
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_HEADER_REGION = re.compile(rf"^(?P<region>{_REGION_CHARS})人民政府(?:文件|办公室|关于|$)")
_TITLES = (
    "代理省长|代理市长|代理区长|代理县长|代理镇长|代省长|代市长|代区长|代县长|代镇长|代乡长|"
    "省长|市长|区长|县长|镇长人选|镇长|乡长|旗长|州长|盟长|主席|总理|街道办事处主任|主任"
)
_SPEAKER = re.compile(rf"^(?P<org>[\u4e00-\u9fff]{{0,30}}?)(?P<title>{_TITLES})(?P<name>[\u4e00-\u9fff·]{{2,5}})$")
_ADMIN_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州|盟|地区|新区|区|县|旗|镇|乡|街道|苏木)")
_REVIEW_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2})年(?:工作)?回顾|回顾(?P<y2>(?:19|20)\d{2})年")
_PLAN_YEAR = re.compile(
    r"(?P<y>(?:19|20)\d{2})年(?:的?工作安排|重点工作|主要任务|工作任务|政府工作|经济社会发展的?主要预期目标)"
)


def _level_of(region: str) -> str | None:
    if region in ("全国", "中国", "中华人民共和国", "国务院"):
        return "national"
    parts = split_region(region)
    if not parts:
        return None
    last = parts[-1]
    if re.search(r"(镇|乡|街道|苏木)$", last):
        return "town"
    if len(parts) == 1 and last in MUNICIPALITIES:
        return "province"
    if re.search(r"(省|自治区|特别行政区)$", last):
        return "province"
    if re.search(r"(区|县|旗|自治县)$", last) and not re.search(r"(自治区|地区)$", last):
        return "district"
    if len(parts) >= 2 and last.endswith("市") and parts[-2].endswith("市") and parts[-2] not in MUNICIPALITIES:
        return "district"  # a county-level city inside a prefecture-level city
    if re.search(r"(市|州|盟|地区)$", last):
        return "city"
    return None


def split_region(region: str) -> list[str]:
    """天津市西青区张家窝镇 → [天津市, 西青区, 张家窝镇]."""
    parts: list[str] = []
    rest = region
    while rest:
        m = _ADMIN_SUFFIX.search(rest)
        if not m:
            if parts:
                parts[-1] += rest
            else:
                parts.append(rest)
            break
        end = m.end()
        # a one-character stem is not a region (市 in 市委); keep going
        if end - 0 < 2 and len(rest) > end:
            m2 = _ADMIN_SUFFIX.search(rest, end)
            if not m2:
                parts.append(rest)
                break
            end = m2.end()
        parts.append(rest[:end])
        rest = rest[end:]
    return parts


def _clean_region(candidate: str) -> str:
    candidate = candidate.rsplit("在", 1)[-1]
    candidate = re.sub(r"^(?:在|将|现将|关于|印发)", "", candidate)
    candidate = re.sub(r"(?:人民政府|政府)$", "", candidate)
    return candidate


def _regions(paragraphs: list[str]) -> list[str]:
    out = []
    for p in paragraphs:
        if _NATIONAL.search(p):
            out.append("全国")
        for m in _CONGRESS.finditer(p):
            if m.group("region"):
                out.append(_clean_region(m.group("region")))
        m = _HEADER_REGION.match(p)
        if m:
            out.append(_clean_region(m.group("region")))
    return [r for r in out if r and (r == "全国" or _ADMIN_SUFFIX.search(r))]


def _best_region(candidates: list[str]) -> str | None:
    """The most specific region, completed by a longer candidate that ends with it."""
    if not candidates:
        return None
    if "全国" in candidates:
        return "全国"
    # the most specific unit: the candidate with the most parts; ties → longest
    best = max(candidates, key=lambda r: (len(split_region(r)), len(r)))
    last = split_region(best)[-1]
    # prefer a full name that ends with the same unit (张家窝镇 → 天津市西青区张家窝镇)
    fuller = [c for c in candidates if c.endswith(last) and len(c) > len(best)]
    return max(fuller, key=len) if fuller else best


def describe(text: str) -> ReportMeta:
    """Read report metadata from the cleaned text (not from the file name)."""
    paragraphs = [p for p in text.split("\n") if p]
    head = paragraphs[:40]
    # a dateline may be wrapped over two paragraphs: also look at neighbours glued together
    head = head + [a + b for a, b in zip(head, head[1:], strict=False) if len(a) + len(b) < 80]
    meta = ReportMeta()
    meta.title = next((p for p in head if re.fullmatch(r".{0,20}政府工作报告", p)), None)
    if meta.title is None and any("政府工作报告" in p for p in head):
        meta.title = "政府工作报告"
    meta.region_name = _best_region(_regions(head))
    meta.admin_level = _level_of(meta.region_name) if meta.region_name else None
    if meta.region_name == "全国":
        meta.region_name = "中华人民共和国"
        meta.region_path = meta.region_name
    elif meta.region_name:
        meta.region_path = " › ".join(split_region(meta.region_name))

    for p in head:
        m = _NATIONAL.search(p) or _CONGRESS.search(p)
        if m:
            congress = m.group("congress")
            meta.congress = (congress if congress.startswith("第") else "第" + congress) + (
                "全国人民代表大会" if "全国" in p else "人民代表大会"
            )
            session = m.group("session")
            if session:
                session = session if session.startswith("第") else "第" + session
                meta.session = session if session.endswith("会议") else session + "会议"
            break

    # meeting date: the date in the “——2021年1月6日在…会议上” line, else the first date of the text
    dated = None
    for p in head:
        m = _DATE.search(p)
        if m and ("会议" in p or p.startswith("——") or p.startswith("—")):
            dated = m
            break
    if dated is None:
        dated = _DATE.search("\n".join(head))
    if dated:
        try:
            meta.meeting_date = date(int(dated["y"]), int(dated["m"]), int(dated["d"])).isoformat()
            meta.report_year = int(dated["y"])
        except ValueError:
            pass

    for p in head:
        m = _SPEAKER.match(p)
        if m and len(p) <= 40:
            meta.speaker = m.group("name")
            meta.speaker_title = (m.group("org") + m.group("title")).strip() or m.group("title")
            break

    body = "\n".join(paragraphs)
    review = _REVIEW_YEAR.search(body)
    plan = _PLAN_YEAR.search(body)
    if review:
        meta.review_year = int(review.group("y") or review.group("y2"))
    if plan:
        meta.plan_year = int(plan.group("y"))
    if meta.report_year is None:
        years = [int(y) for y in re.findall(r"((?:19|20)\d{2})年", body[:3000])]
        meta.report_year = max(years) if years else None
    if meta.plan_year is None and meta.report_year:
        meta.plan_year = meta.report_year
    if meta.review_year is None and meta.plan_year:
        meta.review_year = meta.plan_year - 1
    if meta.report_year is None and meta.plan_year:
        meta.report_year = meta.plan_year
    if meta.review_year:
        meta.review_5y_start, meta.review_5y_end = meta.review_year - 4, meta.review_year
        plan_start, plan_end = plan_containing(meta.review_year)
        if plan_end == meta.review_year:
            meta.review_5y_start = plan_start
    if meta.plan_year:
        meta.plan_5y_start, meta.plan_5y_end = plan_containing(meta.plan_year)
        # the first session of a new congress sets the goals of its five-year term (今后五年), which need not
        # coincide with a five-year plan: a 2023 report's 今后五年 is 2023-2027
        if meta.session == "第一次会议" and meta.plan_5y_start != meta.plan_year:
            meta.plan_5y_start, meta.plan_5y_end = meta.plan_year, meta.plan_year + 4
    return meta


__all__ = ["describe", "split_region", "small_chinese_int", "MUNICIPALITIES"]
