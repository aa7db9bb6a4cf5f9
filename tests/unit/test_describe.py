"""Report metadata from the text: region, level, congress, date, speaker, years."""

import pytest

from extract.clean import clean
from extract.describe import describe, split_region


def meta_of(text):
    return describe(clean(text).text)


CASES = [
    # (front matter, region, level, congress, session, date, speaker, speaker_title)
    (
        "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理 李强\n各位代表：",
        "中华人民共和国", "national", "第十四届全国人民代表大会", "第二次会议", "2024-03-05", "李强", "国务院总理",
    ),
    (
        "政府工作报告\n——2023年1月12日在广东省第十四届人民代表大会第一次会议上\n广东省省长 王伟中\n各位代表：",
        "广东省", "province", "第十四届人民代表大会", "第一次会议", "2023-01-12", "王伟中", "广东省省长",
    ),
    (
        "政府工作报告\n——2022年1月18日在北京市第十五届人民代表大会第五次会议上\n北京市市长 陈吉宁\n各位代表：",
        "北京市", "province", "第十五届人民代表大会", "第五次会议", "2022-01-18", "陈吉宁", "北京市市长",
    ),
    (
        "政府工作报告\n——2023年1月10日在成都市第十八届人民代表大会第二次会议上\n成都市人民政府市长 王凤朝\n各位代表：",
        "成都市", "city", "第十八届人民代表大会", "第二次会议", "2023-01-10", "王凤朝", "成都市人民政府市长",
    ),
    (
        "政府工作报告\n——2021年1月12日在天津市西青区第十七届\n人民代表大会第八次会议上\n西青区区长 白凤祥\n各位代表：",
        "天津市西青区", "district", "第十七届人民代表大会", "第八次会议", "2021-01-12", "白凤祥", "西青区区长",
    ),
    (
        "浙江省桐庐县人民政府文件\n政府工作报告\n——2022年2月20日在桐庐县第十七届人民代表大会第一次会议上\n"
        "代县长 王某某\n各位代表：",
        "浙江省桐庐县", "district", "第十七届人民代表大会", "第一次会议", "2022-02-20", "王某某", "代县长",
    ),
    (
        "天津市西青区张家窝镇人民政府文件\n政府工作报告\n——2021年1月6日在张家窝镇第十八届\n人民代表大会第十二次会议上\n"
        "张家窝镇镇长 刘 畅\n各位代表：",
        "天津市西青区张家窝镇", "town", "第十八届人民代表大会", "第十二次会议", "2021-01-06", "刘畅", "张家窝镇镇长",
    ),
    (
        "现将天津市西青区精武镇十八届人大十三次会议通过的《政府工作报告》印发给你们。\n"
        "——2021年1月8日在天津市西青区精武镇\n第十八届人民代表大会第十三次会议上\n精武镇镇长人选 齐鹏\n各位代表：",
        "天津市西青区精武镇", "town", "第十八届人民代表大会", "第十三次会议", "2021-01-08", "齐鹏", "精武镇镇长人选",
    ),
]


@pytest.mark.parametrize(("text", "region", "level", "congress", "session", "date", "speaker", "title"), CASES)
def test_front_matter(text, region, level, congress, session, date, speaker, title):
    m = meta_of(text)
    assert (m.region_name, m.admin_level) == (region, level)
    assert (m.congress, m.session) == (congress, session)
    assert m.meeting_date == date
    assert (m.speaker, m.speaker_title) == (speaker, title)


@pytest.mark.parametrize(
    ("body", "report", "review", "plan", "review_5y", "plan_5y"),
    [
        ("——2021年1月6日在大会上\n一、2020年工作回顾\n三、2021年工作安排",
         2021, 2020, 2021, (2016, 2020), (2021, 2025)),
        ("——2023年1月12日在大会上\n一、过去一年工作回顾\n二、2023年重点工作",
         2023, 2022, 2023, (2018, 2022), (2021, 2025)),
        ("——2016年1月20日在大会上\n一、“十二五”时期工作回顾", 2016, 2015, 2016, (2011, 2015), (2016, 2020)),
        ("——2026年3月5日在大会上\n一、2025年工作回顾", 2026, 2025, 2026, (2021, 2025), (2026, 2030)),
    ],
)
def test_years(body, report, review, plan, review_5y, plan_5y):
    m = meta_of(body)
    assert (m.report_year, m.review_year, m.plan_year) == (report, review, plan)
    assert (m.review_5y_start, m.review_5y_end) == review_5y
    assert (m.plan_5y_start, m.plan_5y_end) == plan_5y


@pytest.mark.parametrize(
    ("region", "parts"),
    [
        ("天津市西青区张家窝镇", ["天津市", "西青区", "张家窝镇"]),
        ("广东省深圳市南山区", ["广东省", "深圳市", "南山区"]),
        ("新疆维吾尔自治区", ["新疆维吾尔自治区"]),
        ("内蒙古自治区鄂尔多斯市", ["内蒙古自治区", "鄂尔多斯市"]),
        ("浙江省", ["浙江省"]),
    ],
)
def test_split_region(region, parts):
    assert split_region(region) == parts


def test_region_path_is_recorded():
    m = meta_of(CASES[6][0])
    assert m.region_path == "天津市 › 西青区 › 张家窝镇"


def test_title():
    assert meta_of(CASES[0][0]).title == "政府工作报告"


@pytest.mark.parametrize(
    ("front", "plan_5y"),
    [
        # the first session of a new congress plans its five-year term
        ("——2023年1月12日在某某市第十八届人民代表大会第一次会议上\n一、过去五年工作回顾", (2023, 2027)),
        # a later session plans within the five-year plan
        ("——2023年1月12日在某某市第十七届人民代表大会第三次会议上\n一、过去一年工作回顾", (2021, 2025)),
        # a first session that opens a five-year plan
        ("——2021年1月12日在某某市第十七届人民代表大会第一次会议上\n一、过去五年工作回顾", (2021, 2025)),
    ],
)
def test_plan_5y_of_a_new_term(front, plan_5y):
    m = meta_of(front)
    assert (m.plan_5y_start, m.plan_5y_end) == plan_5y


# reports without a header (no title, no dateline): how web copies and data sets carry them
HEADERLESS = [
    # (text, region, level, report year, review year, plan year)
    ("各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、2023年工作回顾\n过去一年很不平凡。\n"
     "二、2024年经济社会发展总体要求和政策取向\n今年发展主要预期目标是：国内生产总值增长5%左右。",
     "中华人民共和国", "national", 2024, 2023, 2024),
    ("国务院总理李强\n各位代表：\n一、2024年工作回顾\n过去一年。",
     "中华人民共和国", "national", 2025, 2024, 2025),
    ("上海市市长应勇\n各位代表：\n现在，我代表上海市人民政府，向大会报告工作。",
     "上海市", "province", None, None, None),
    ("各位代表：\n现在，我代表浙江省人民政府，向大会报告工作。\n一、过去五年工作回顾\n三、2023年主要任务\n",
     "浙江省", "province", 2023, 2022, 2023),
    ("各位代表：\n现在，我代表省人民政府，向大会报告工作。\n一、2019年工作回顾\n", None, None, 2020, 2019, 2020),
    ("2026年安徽省政府工作报告\n各位代表：\n一、2025年工作回顾\n", "安徽省", "province", 2026, 2025, 2026),
    ("陕西省2026年政府工作报告\n省长赵刚作政府工作报告\n各位代表：\n", "陕西省", "province", None, None, None),
]


@pytest.mark.parametrize(("text", "region", "level", "report", "review", "plan"), HEADERLESS)
def test_metadata_from_the_body(text, region, level, report, review, plan):
    m = describe(text)  # paragraphs as clean() leaves them
    assert (m.region_name, m.admin_level) == (region, level)
    if report is not None:
        assert (m.report_year, m.review_year, m.plan_year) == (report, review, plan)


@pytest.mark.parametrize(("name", "region"), [
    ("2019年上海市政府工作报告.txt", "上海市"),
    ("国务院政府工作报告2018.txt", "全国"),
    ("浙江省桐庐县2022.docx", "浙江省桐庐县"),
    ("prov_anhui_2026.txt", None),
    ("省政府工作报告.txt", None),
])
def test_region_from_file_name(name, region):
    from extract.describe import region_from_file_name

    assert region_from_file_name(name) == region
