"""Cleaned text → report metadata (region, level, congress, date, speaker, years)."""

from __future__ import annotations

import re
from datetime import date

from extract.periods import plan_containing
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
# the title line of a web copy: 2026年安徽省政府工作报告 / 上海市政府工作报告
_TITLE_REGION = re.compile(
    rf"^(?:(?:19|20)\d{{2}}年)?(?P<region>{_REGION_CHARS})(?:(?:19|20)\d{{2}}年)?(?:人民)?政府工作报告$")
# the speech itself: 我代表国务院 / 我代表上海市人民政府 (a text that starts at 各位代表 has no header)
_ON_BEHALF = re.compile(rf"我代表(?:(?P<national>国务院)|(?P<region>{_REGION_CHARS})(?:人民)?政府)")
UNKNOWN_REGION = "未知"  # a report whose region cannot be told from its text or file name
_TITLES = (
    "代理省长|代理市长|代理区长|代理县长|代理镇长|代省长|代市长|代区长|代县长|代镇长|代乡长|"
    "省长|市长|区长|县长|镇长人选|镇长|乡长|旗长|州长|盟长|主席|总理|街道办事处主任|主任"
)
_SPEAKER = re.compile(rf"^(?P<org>[\u4e00-\u9fff]{{0,30}}?)(?P<title>{_TITLES})(?P<name>[\u4e00-\u9fff·]{{2,5}})$")
_ADMIN_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州|盟|地区|新区|区|县|旗|镇|乡|街道|苏木)")
_ADMIN_SUFFIX_AT_END = re.compile(rf"(?:{_ADMIN_SUFFIX.pattern})$")
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


def _is_region_name(name: str) -> bool:
    """全国, or a name with a stem and an administrative suffix (省 alone, as in 我代表省人民政府, is not)."""
    if name == "全国":
        return True
    return len(name) >= 2 and bool(_ADMIN_SUFFIX_AT_END.search(name)) and len(split_region(name)[0]) >= 2


def speaker_line(paragraph: str) -> re.Match[str] | None:
    """国务院总理 李强 / 上海市市长 龚正 / 海拉尔区人民政府区长 杜联合, alone or after a dateline's 会议上."""
    line = paragraph.rsplit("会议上", 1)[-1]
    return _SPEAKER.match(line) if 0 < len(line) <= 40 else None


def _regions(paragraphs: list[str], glued: list[str]) -> list[str]:
    """Region candidates of the front matter: dateline, header, title, speaker line, 我代表… of the speech.

    `glued` are neighbouring paragraphs joined (a dateline wrapped over two lines); only datelines are read there.
    """
    out = []
    for p in glued:
        if _NATIONAL.search(p):
            out.append("全国")
        for m in _CONGRESS.finditer(p):
            if m.group("region"):
                out.append(_clean_region(m.group("region")))
    for p in paragraphs:
        for pattern in (_HEADER_REGION, _TITLE_REGION):
            m = pattern.match(p)
            if m:
                out.append(_clean_region(m.group("region")))
        m = _ON_BEHALF.search(p)
        if m:
            out.append("全国" if m.group("national") else _clean_region(m.group("region")))
        m = speaker_line(p)
        if m and m.group("title") == "总理":
            out.append("全国")
        elif m:
            out.append(_clean_region(m.group("org")))
    return [r for r in out if r and _is_region_name(r)]


_FILE_REGION = re.compile(rf"(?P<region>[\u4e00-\u9fff]{{1,24}}?{_ADMIN_SUFFIX.pattern})(?:人民)?(?:政府|\d|_|-|$)")


def region_from_file_name(file_name: str) -> str | None:
    """The last resort for a report without a header: 2019年上海市政府工作报告.txt → 上海市; 国务院… → 全国."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", file_name.rsplit("/", 1)[-1])
    stem = re.sub(r"(?:19|20)\d{2}年?", "-", stem)
    if "国务院" in stem or "全国" in stem:
        return "全国"
    m = _FILE_REGION.search(stem.replace("政府工作报告", "-"))
    return m.group("region") if m and _is_region_name(m.group("region")) else None


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


def set_region(meta: ReportMeta, region: str | None) -> None:
    """Region name, path and level from a region as the text writes it (全国 → 中华人民共和国)."""
    if region is None:
        return
    meta.admin_level = _level_of(region)
    meta.region_name = "中华人民共和国" if region == "全国" else region
    meta.region_path = meta.region_name if region == "全国" else " › ".join(split_region(region))


def _years(meta: ReportMeta, body: str) -> None:
    """Report, review and plan year. The report year is the meeting's year (its dateline), else the year the
    report plans (二、2025年工作安排), else the year after the one it reviews (一、2024年工作回顾) — never the
    reviewed year itself."""
    review = _REVIEW_YEAR.search(body)
    plan = _PLAN_YEAR.search(body)
    if review:
        meta.review_year = int(review.group("y") or review.group("y2"))
    if plan:
        meta.plan_year = int(plan.group("y"))
    if meta.report_year is None:
        meta.report_year = meta.plan_year or (meta.review_year + 1 if meta.review_year else None)
    if meta.report_year is None:
        years = [int(y) for y in re.findall(r"((?:19|20)\d{2})年", body[:3000])]
        meta.report_year = max(years) + 1 if years else None  # the front of a report reviews the past year
    if meta.plan_year is None and meta.report_year:
        meta.plan_year = meta.report_year
    if meta.review_year is None and meta.plan_year:
        meta.review_year = meta.plan_year - 1


def _congress(meta: ReportMeta, head: list[str]) -> None:
    """The congress and session of the dateline: 第十八届人民代表大会第三次会议 (十八届人大三次会议 completed)."""
    for p in head:
        m = _NATIONAL.search(p) or _CONGRESS.search(p)
        if not m:
            continue
        congress = m.group("congress")
        meta.congress = (congress if congress.startswith("第") else "第" + congress) + (
            "全国人民代表大会" if "全国" in p else "人民代表大会"
        )
        session = m.group("session")
        if session:
            session = session if session.startswith("第") else "第" + session
            meta.session = session if session.endswith("会议") else session + "会议"
        return


def _meeting_date(meta: ReportMeta, head: list[str]) -> None:
    """The date of the “——2021年1月6日在…会议上” line, else the first date of the front matter; its year is the
    report's."""
    dated = next((m for p in head if (m := _DATE.search(p)) and ("会议" in p or p.startswith("—"))), None)
    if dated is None:
        dated = _DATE.search("\n".join(head))
    if dated:
        try:
            meta.meeting_date = date(int(dated["y"]), int(dated["m"]), int(dated["d"])).isoformat()
            meta.report_year = int(dated["y"])
        except ValueError:
            pass


def _speaker(meta: ReportMeta, head: list[str]) -> None:
    for p in head:
        m = speaker_line(p)
        if m:
            meta.speaker = m.group("name")
            meta.speaker_title = (m.group("org") + m.group("title")).strip() or m.group("title")
            return


def _five_year_periods(meta: ReportMeta) -> None:
    """The five years a report reviews (ending with the reviewed year; a plan's start when the year ends a plan)
    and plans (the plan containing the plan year; the term of a new congress from its first session on: the 今后五年
    of a 2023 report is 2023-2027, not a five-year plan)."""
    if meta.review_year:
        meta.review_5y_start, meta.review_5y_end = meta.review_year - 4, meta.review_year
        plan_start, plan_end = plan_containing(meta.review_year)
        if plan_end == meta.review_year:
            meta.review_5y_start = plan_start
    if meta.plan_year:
        meta.plan_5y_start, meta.plan_5y_end = plan_containing(meta.plan_year)
        if meta.session == "第一次会议" and meta.plan_5y_start != meta.plan_year:
            meta.plan_5y_start, meta.plan_5y_end = meta.plan_year, meta.plan_year + 4


def describe(text: str) -> ReportMeta:
    """Read report metadata from the cleaned text (not from the file name)."""
    paragraphs = [p for p in text.split("\n") if p]
    front = paragraphs[:40]
    # a dateline may be wrapped over two paragraphs: also look at neighbours glued together
    head = front + [a + b for a, b in zip(front, front[1:], strict=False) if len(a) + len(b) < 80]
    meta = ReportMeta()
    meta.title = next((p for p in head if re.fullmatch(r".{0,20}政府工作报告", p)), None)
    if meta.title is None and any("政府工作报告" in p for p in head):
        meta.title = "政府工作报告"
    set_region(meta, _best_region(_regions(front, head)))
    _congress(meta, head)
    _meeting_date(meta, head)
    _speaker(meta, head)
    _years(meta, "\n".join(paragraphs))
    _five_year_periods(meta)
    return meta


__all__ = ["describe", "split_region", "MUNICIPALITIES", "UNKNOWN_REGION", "set_region",
           "region_from_file_name"]
