"""Cleaning PDF-extracted text: paragraphs re-joined, page markers dropped, spaces removed."""

import pytest

from extract.clean import clean, paragraph_texts

WRAPPED = """一、2020年工作回顾

2020年是全面建成小康社会和“十三五”规划的收官之年。一年

来，我们坚持稳中求进工作总基调，全年预计完成固定资产投资
 97.4亿元，同比增长 13.39%；城镇居民人均可支配收入 45001

元。各项指标均在合理区间内运行，保持了稳中向好的良好态势

- 22 -

面对突如其来的新冠疫情，我们全面出击

疫情防控成效显著
"""


def test_wrapped_lines_are_rejoined_into_paragraphs():
    paras = paragraph_texts(clean(WRAPPED))
    assert paras[0] == "一、2020年工作回顾"
    assert paras[1].startswith("2020年是全面建成小康社会")
    assert "一年来，我们坚持" in paras[1]
    assert "固定资产投资97.4亿元，同比增长13.39%" in paras[1]
    assert "城镇居民人均可支配收入45001元。" in paras[1]


def test_page_markers_are_dropped():
    text = clean(WRAPPED).text
    assert "- 22 -" not in text and "-22-" not in text and "22" not in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("完成投资 97.4 亿元。", "完成投资97.4亿元。"),
        ("——2021 年 1 月 6 日在大会上", "——2021年1月6日在大会上"),
        ("张家窝镇镇长 刘 畅", "张家窝镇镇长刘畅"),
        ("政 府 工 作 报 告", "政府工作报告"),
        ("新认定A 3家。", "新认定A 3家。"),  # a letter and a digit stay apart
        ("增加 1 300 户。", "增加1 300户。"),  # two digit groups are never glued
        ("ＰＭ２．５浓度下降１２％。", "PM2.5浓度下降12%。"),  # full width → half width
        ("PM_{2.5}年均浓度", "PM2.5年均浓度"),
        ("CO_{2}排放", "CO2排放"),
        ("\u3000\u3000各位代表：", "各位代表："),
        ("京东 5G 智能产业园", "京东5G智能产业园"),
    ],
)
def test_spaces_and_widths(raw, expected):
    assert clean(raw).text == expected


@pytest.mark.parametrize(
    "marker",
    ["- 2 -", "-2-", "— 13 —", "－5－", "第 3 页", "第3页 共20页"],
)
def test_page_marker_forms(marker):
    text = "第一段文字，很长很长很长很长很长很长很长。\n" + marker + "\n第二段文字。"
    assert clean(text).text == "第一段文字，很长很长很长很长很长很长很长。\n第二段文字。"


def test_web_layout_keeps_one_paragraph_per_line():
    lines = [f"第{i}段，全年新增就业{i}万人，完成既定目标任务。" for i in range(1, 15)]
    lines.insert(3, "短标题")
    cleaned = clean("\n".join(lines))
    assert len(cleaned.paragraphs) == 15


def test_offsets_point_back_to_the_original():
    cleaned = clean(WRAPPED)
    i = cleaned.text.index("97.4")
    j = cleaned.source_offsets[i]
    assert WRAPPED[j : j + 4] == "97.4"
    k = cleaned.text.index("45001元")
    assert WRAPPED[cleaned.source_offsets[k + 5]] == "元"


def test_heading_line_is_its_own_paragraph():
    text = ("二、“十四五”时期经济社会发展的指导思想和目标任务\n"
            "“十四五”时期是我国由全面建成小康社会向基本实现社会主义现代化迈进\n"
            "的关键时期。\n")
    paras = paragraph_texts(clean(text))
    assert paras[0] == "二、“十四五”时期经济社会发展的指导思想和目标任务"


def test_empty_text():
    assert clean("").text == ""
    assert clean("\n\n  \n").paragraphs == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a page marker between two halves of a sentence, in a web-style layout of whole-sentence lines
        ("全年实现地区生产总值5.2万亿元，增长5.5%。\n社会消费品零售总额1.28万亿元，\n\n- 3 -\n\n"
         "增长5.3%；进出口总额增长3%。\n城镇新增就业12万人。\n居民人均可支配收入增长6%。",
         "社会消费品零售总额1.28万亿元，增长5.3%；进出口总额增长3%。"),
        # a list cut after its separator
        ("新建学校12所、\n幼儿园8所。\n第二句，很长很长的句子。\n第三句。", "新建学校12所、幼儿园8所。"),
    ],
)
def test_page_break_inside_a_sentence_is_rejoined(raw, expected):
    assert expected in paragraph_texts(clean(raw))


def test_one_line_layout_is_cut_into_paragraphs():
    """A report as one line (data sets, copy-paste): paragraphs separated by runs of spaces or U+3000."""
    paragraphs = ["政府工作报告", "上海市市长　某某", "各位代表：",
                  "现在，我代表上海市人民政府，向大会报告工作，请予审议。" * 6,
                  "一、2019年工作回顾", "过去一年，全市生产总值增长6%左右，一般公共预算收入增长5%。" * 8,
                  "二、2020年主要任务", "今年主要预期目标是：全市生产总值增长6%左右。" * 4]
    lines = paragraph_texts(clean("\n".join(paragraphs)))
    for sep in ("  ", "\u3000\u3000", " \u3000\u3000", "\u2003\u2003"):
        assert paragraph_texts(clean(sep.join(paragraphs))) == lines, repr(sep)


def test_a_long_line_without_runs_of_spaces_stays_one_paragraph():
    line = "过去一年，全市生产总值增长6%左右，一般公共预算收入增长5%。" * 30
    assert paragraph_texts(clean(line)) == [line]


def test_a_numbered_list_item_that_wraps_in_a_pdf_is_one_paragraph():
    """2.实现… fills its line and wraps on: not a heading line of its own (a heading is short)."""
    text = "过去一年，全区地区生产总值增长百分之六，一般公共预算收入增长百分之五，居民收入稳步增长，" * 6 + "。"
    wrapped = [text[i:i + 42] for i in range(0, len(text), 42)]  # a printed page's lines
    item = ["2.实现城镇新增就业18万人以上，发布就业岗位50万个以上，释放政策性岗位4.5万个，开展职业",
            "技能培训40万人次（牵头单位：人社厅）。"]
    paras = paragraph_texts(clean("\n".join([*wrapped, *item, "3.短标题", *wrapped])))
    assert "".join(item) in paras
    assert "3.短标题" in paras
