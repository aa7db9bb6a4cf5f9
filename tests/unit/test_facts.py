"""Fact extraction on sentences written for these tests in the style of national, provincial, city,
county and town work reports. Each row: text, section type, expected (metric, value, unit, change, comparator)."""

from __future__ import annotations

import pytest
from factkit import META, brief, facts_of

from extract.records import ReportMeta

R, R5, P, P5 = "review_year", "review_5y", "plan_year", "plan_5y"

CASES = [
    # --- levels and their growth: one fact ------------------------------------------------------------
    ("全年国内生产总值超过126万亿元，增长5.2%。", R, [("国内生产总值", 126.0, "万亿元", 5.2, "at_least")]),
    ("全省地区生产总值达到5.8万亿元，比上年增长6.1%。", R, [("地区生产总值", 5.8, "万亿元", 6.1, None)]),
    ("全市社会消费品零售总额2860亿元，同比增长9.1%。", R, [("社会消费品零售总额", 2860.0, "亿元", 9.1, None)]),
    ("一般公共预算收入4100亿元，增长8.2%。", R, [("一般公共预算收入", 4100.0, "亿元", 8.2, None)]),
    ("全镇完成固定资产投资12.6亿元，同比增长15.3%。", R, [("固定资产投资", 12.6, "亿元", 15.3, None)]),
    ("城镇居民人均可支配收入达到52360元，增长4.6%。", R, [("城镇居民人均可支配收入", 52360.0, "元", 4.6, None)]),
    ("规上工业总产值完成88.5亿元，同比下降2.1%。", R, [("规上工业总产值", 88.5, "亿元", -2.1, None)]),
    ("市场主体达到12万户，比“十三五”末翻了一番。", R5, [("市场主体", 12.0, "万户", 1.0, None)]),
    ("实际利用外资12.5亿美元，是上年的1.3倍。", R, [("实际利用外资", 12.5, "亿美元", 1.3, None)]),
    # --- change only ------------------------------------------------------------------------------------
    ("居民消费价格上涨0.2%。", R, [("居民消费价格", None, None, 0.2, None)]),
    ("规模以上工业增加值增长7.3%。", R, [("规模以上工业增加值", None, None, 7.3, None)]),
    ("刑事案件发案数同比下降18.6%。", R, [("刑事案件发案数", None, None, -18.6, None)]),
    ("单位地区生产总值能耗下降3.2个百分点。", R, [("单位地区生产总值能耗", None, None, -3.2, None)]),
    ("地区生产总值年均增长6.4%。", R5, [("地区生产总值", None, None, 6.4, None)]),
    ("碳排放强度累计下降18%。", R5, [("碳排放强度", None, None, -18.0, None)]),
    ("PM2.5平均浓度比“十三五”末下降21.5%。", R5, [("PM2.5平均浓度", None, None, -21.5, None)]),
    ("一般性支出压减两成。", R, [("一般性支出", None, None, -20.0, None)]),
    ("全县地区生产总值可比价是2018年的1.4倍。", R5, [("地区生产总值", None, None, 1.4, None)]),
    ("城乡居民人均收入比2010年翻一番。", R5, [("城乡居民人均收入", None, None, 1.0, None)]),
    ("服务业增加值占比较“十三五”末提高6个百分点。", R5, [("服务业增加值占比", None, None, 6.0, None)]),
    # --- 分别 / 均: one subject list, several numbers ------------------------------------------------------
    ("城镇居民和农村居民人均可支配收入分别增长5.1%、7.6%。", R,
     [("城镇居民人均可支配收入", None, None, 5.1, None), ("农村居民人均可支配收入", None, None, 7.6, None)]),
    ("一般性支出和会议费支出分别压减15%、30%。", R,
     [("一般性支出", None, None, -15.0, None), ("会议费支出", None, None, -30.0, None)]),
    ("累计完成税收收入32亿元、固定资产投资210亿元，分别年均增长9.6%、12.4%。", R5,
     [("税收收入", 32.0, "亿元", 9.6, None), ("固定资产投资", 210.0, "亿元", 12.4, None)]),
    ("图书馆和文化馆覆盖率分别达到96%和88%。", R,
     [("图书馆覆盖率", 96.0, "%", None, None), ("文化馆覆盖率", 88.0, "%", None, None)]),
    ("高新技术企业、科技型中小企业均突破300家。", R,
     [("高新技术企业", 300.0, "家", None, "at_least"), ("科技型中小企业", 300.0, "家", None, "at_least")]),
    ("农村自来水普及率和生活污水处理率达到99%。", R,
     [("农村自来水普及率", 99.0, "%", None, None), ("生活污水处理率", 99.0, "%", None, None)]),
    # --- lists sharing a verb --------------------------------------------------------------------------
    ("新认定高新技术企业26家、科技型中小企业118家。", R,
     [("新认定高新技术企业", 26.0, "家", None, None), ("科技型中小企业", 118.0, "家", None, None)]),
    ("新建幼儿园3所、中小学2所，新增学位3600个。", P,
     [("新建幼儿园", 3.0, "所", None, "exact"), ("中小学", 2.0, "所", None, "exact"),
      ("新增学位", 3600.0, "个", None, "exact")]),
    ("治理违法用地15宗86.4亩。", R,
     [("治理违法用地", 15.0, "宗", None, None), ("治理违法用地面积", 86.4, "亩", None, None)]),
    ("清理生活垃圾260处、1300余吨。", R,
     [("清理生活垃圾", 260.0, "处", None, None), ("清理生活垃圾", 1300.0, "吨", None, None)]),
    ("接待群众来访156件2310人次。", R,
     [("接待群众来访", 156.0, "件", None, None), ("接待群众来访", 2310.0, "人次", None, None)]),
    # --- the counted thing after the measure word ------------------------------------------------------
    ("组建15个临时党支部。", R, [("组建临时党支部", 15.0, "个", None, None)]),
    ("新建12个社区卫生服务站。", R, [("新建社区卫生服务站", 12.0, "个", None, None)]),
    ("改造提升6个老旧小区。", R, [("改造提升老旧小区", 6.0, "个", None, None)]),
    ("新建迎春路、和平街等5条道路。", R, [("新建道路", 5.0, "条", None, None)]),
    ("为3200名农民工追回欠薪2860万元。", R,
     [("农民工", 3200.0, "名", None, None), ("追回欠薪", 2860.0, "万元", None, None)]),
    ("集中维修8个小区96部电梯。", R,
     [("维修小区", 8.0, "个", None, None), ("维修电梯", 96.0, "部", None, None)]),
    ("全乡300名党员干部下沉社区。", R, [("党员干部", 300.0, "名", None, None)]),
    ("建成3个组团式养老服务中心。", R, [("建成组团式养老服务中心", 3.0, "个", None, None)]),
    ("推动东湾片区2000亩高标准农田建设。", P, [("高标准农田", 2000.0, "亩", None, "exact")]),
    # --- approximations on actuals ---------------------------------------------------------------------
    ("发动志愿者1500余人。", R, [("发动志愿者", 1500.0, "人", None, None)]),
    ("全年接待游客1200余万人次。", R, [("接待游客", 1200.0, "万人次", None, None)]),
    ("实现旅游收入近100亿元。", R, [("旅游收入", 100.0, "亿元", None, None)]),
    ("新增绿地面积约12.5万平方米。", R, [("新增绿地面积", 12.5, "万平方米", None, None)]),
    ("引进各类人才300多人。", R, [("引进人才", 300.0, "人", None, None)]),
    ("修建农村户厕近万座。", R5, [("修建农村户厕", 1.0, "万座", None, None)]),
    ("进出口总额突破1000亿元。", R, [("进出口总额", 1000.0, "亿元", None, "at_least")]),
    ("群众满意率达到98%以上。", R, [("群众满意率", 98.0, "%", None, "at_least")]),
    ("城镇登记失业率控制在3.2%以内。", R5, [("城镇登记失业率", 3.2, "%", None, "at_most")]),
    # --- targets and comparators -----------------------------------------------------------------------
    ("国内生产总值增长5%左右。", P, [("国内生产总值", None, None, 5.0, "approx")]),
    ("城镇新增就业1200万人以上。", P, [("城镇新增就业", 1200.0, "万人", None, "at_least")]),
    ("城镇调查失业率5.5%左右。", P, [("城镇调查失业率", 5.5, "%", None, "approx")]),
    ("居民消费价格涨幅3%左右。", P, [("居民消费价格", None, None, 3.0, "approx")]),
    ("粮食产量1.3万亿斤以上。", P, [("粮食产量", 1.3, "万亿斤", None, "at_least")]),
    ("单位国内生产总值能耗降低2.5%左右。", P, [("单位国内生产总值能耗", None, None, -2.5, "approx")]),
    ("固定资产投资增长8%以上。", P, [("固定资产投资", None, None, 8.0, "at_least")]),
    ("一般公共预算收入增长6%。", P, [("一般公共预算收入", None, None, 6.0, "exact")]),
    ("城镇登记失业率控制在4%以内。", P, [("城镇登记失业率", 4.0, "%", None, "at_most")]),
    ("城镇登记失业率控制在4%。", P, [("城镇登记失业率", 4.0, "%", None, "at_most")]),
    ("力争签约落地项目不低于30个。", P, [("签约落地项目", 30.0, "个", None, "at_least")]),
    ("新引进亿元以上项目不少于15个。", P, [("新引进亿元以上项目", 15.0, "个", None, "at_least")]),
    ("全年招商引资到位资金突破80亿元。", P, [("招商引资到位资金", 80.0, "亿元", None, "at_least")]),
    ("企业开办时间压缩至1个工作日内。", P, [("企业开办时间", 1.0, "个工作日", None, "at_most")]),
    ("急救反应时间不超过12分钟。", P, [("急救反应时间", 12.0, "分钟", None, "at_most")]),
    ("组织文艺演出60余场。", P, [("组织文艺演出", 60.0, "场", None, "at_least")]),
    ("重点购地类项目2-3个。", P, [("重点购地类项目", 2.0, "个", None, "exact")]),
    ("新建5G基站3000个。", P, [("新建5G基站", 3000.0, "个", None, "exact")]),
    ("力争新增规模以上工业企业50家以上，高新技术企业总数达到300家。", P,
     [("新增规模以上工业企业", 50.0, "家", None, "at_least"), ("高新技术企业总数", 300.0, "家", None, "exact")]),
    ("全年新增造林1500亩，植树8.6万株。", P,
     [("新增造林", 1500.0, "亩", None, "exact"), ("植树", 8.6, "万株", None, "exact")]),
    ("拟安排地方政府专项债券3.9万亿元。", P, [("地方政府专项债券", 3.9, "万亿元", None, "exact")]),
    ("赤字率拟按3%安排。", P, [("赤字率", 3.0, "%", None, "exact")]),
    # --- qualitative targets on key metrics ------------------------------------------------------------
    ("税收收入与上年基本持平。", P, [("税收收入", None, None, None, "flat")]),
    ("居民收入增长和经济增长基本同步。", P5, [("居民收入", None, None, None, "in_step")]),
    ("居民人均可支配收入增速与地区生产总值增速同步。", P, [("居民人均可支配收入", None, None, None, "in_step")]),
    ("节能减排降碳指标完成省下达任务。", P, [("节能减排降碳指标", None, None, None, "met")]),
    ("单位地区生产总值能耗完成年度目标。", P, [("单位地区生产总值能耗", None, None, None, "met")]),
    ("全国居民人均可支配收入实际增长6.1%。", R, [("居民人均可支配收入", None, None, 6.1, None)]),
    ("赤字规模4.06万亿元，比上年年初预算增加1800亿元。", P,
     [("赤字规模", 4.06, "万亿元", None, "exact"), ("赤字规模", 1800.0, "亿元", None, "exact")]),
    ("发行1万亿元国债。", R, [("发行国债", 1.0, "万亿元", None, None)]),
    ("投入2600万元新建泵站5座、水闸3座。", R,
     [("投入", 2600.0, "万元", None, None), ("新建泵站", 5.0, "座", None, None), ("水闸", 3.0, "座", None, None)]),
    ("福田、宝钢等12家500强企业落户。", R5, [("500强企业", 12.0, "家", None, None)]),
    ("新开通88、96等三条公交线路。", R, [("新开通公交线路", 3.0, "条", None, None)]),
    # --- not facts ---------------------------------------------------------------------------------
    ("2023年1月6日，全区召开动员大会。", R, []),
    ("根据区政发〔2023〕5号文件要求开展工作。", R, []),
    ("深入实施“1+3+N”发展战略和“113”人才计划。", R, []),
    ("加快5G网络和PM2.5监测站建设。", P, []),
    ("建成8英寸晶圆生产线。", R, []),
    ("完成第七次全国人口普查，举办第五届文化节。", R, []),
    ("开通358路公交，庆祝建党100周年。", R, []),
    ("打造15分钟生活圈，提供24小时热线服务。", P, []),
    ("落实惠企21条，出台“新十条”措施。", R, []),
    ("引进亿元以上项目和5000万元以上企业，形成一批特色园区。", R, []),
    ("全面落实“十四五”规划，推进“三个着力”和“两手抓”。", R, []),
]


@pytest.mark.parametrize(("text", "section", "expected"), CASES)
def test_extract_facts(text: str, section: str, expected: list[tuple]) -> None:
    assert [brief(f) for f in facts_of(text, section)] == expected


# --- kinds, periods, estimates, bases, offsets --------------------------------------------------------

@pytest.mark.parametrize(("section", "kind", "period"), [
    (R, "actual", (2023, 2023)), (R5, "actual", (2019, 2023)),
    (P, "target", (2024, 2024)), (P5, "target", (2021, 2025)),
])
def test_kind_and_period_from_section(section: str, kind: str, period: tuple) -> None:
    (f,) = facts_of("新增就业1.2万人。", section)
    assert (f.kind, f.section_type, (f.period_start_year, f.period_end_year)) == (kind, section, period)


def test_other_sections_give_no_facts() -> None:
    assert facts_of("新增就业1.2万人。", "other") == []


@pytest.mark.parametrize(("text", "section", "periods"), [
    ("森林覆盖率由38.5%提高到41.2%。", R5, [(2018, 2018), (2019, 2023)]),
    ("三年累计投入资金18亿元。", R, [(2021, 2023)]),
    ("“十三五”期间，新增就业20万人。", R, [(2019, 2023)]),
    ("到2025年，森林覆盖率达到42%。", P, [(2024, 2025)]),
    ("到2030年，新建公园50个。", P5, [(2021, 2030)]),
])
def test_explicit_periods(text: str, section: str, periods: list[tuple]) -> None:
    assert [(f.period_start_year, f.period_end_year) for f in facts_of(text, section)] == periods


@pytest.mark.parametrize(("text", "estimated"), [
    ("全年预计完成固定资产投资97亿元，同比增长13%；税收11亿元。", [True, True]),
    ("初步核算，地区生产总值增长5.5%。", [True]),
    ("完成固定资产投资97亿元。", [False]),
])
def test_estimates_carry_over_a_sentence(text: str, estimated: list[bool]) -> None:
    assert [f.is_estimated for f in facts_of(text, R)] == estimated


def test_estimates_are_for_actuals_only() -> None:
    (f,) = facts_of("预计地区生产总值增长6%。", P)
    assert f.kind == "target" and not f.is_estimated


@pytest.mark.parametrize(("text", "basis"), [
    ("社会消费品零售总额同比增长9.1%。", "同比"),
    ("地区生产总值年均增长6.4%。", "年均"),
    ("碳排放强度累计下降18%。", "累计"),
    ("第三产业增加值比上年增长7%。", "比上年"),
    ("城镇居民人均可支配收入比“十三五”末增长39%。", "比十三五末"),
    ("体育场地面积较“十三五”末增加120万平方米。", "较十三五末"),
])
def test_change_basis(text: str, basis: str) -> None:
    (f,) = facts_of(text, R5)
    assert f.change_basis == basis


@pytest.mark.parametrize(("text", "approx"), [
    ("帮扶困难群众860余人。", "余"), ("投入资金近850万元。", "近"), ("新增绿地约3万平方米。", "约"),
    ("吸引创业团队超过50个。", "超过"), ("推出改革举措500多项。", "多"), ("新建公园12个。", None),
])
def test_approx_on_actuals(text: str, approx: str | None) -> None:
    (f,) = facts_of(text, R)
    assert f.approx == approx


def test_value_base_and_range() -> None:
    (f,) = facts_of("争取新增专项债券额度5-8亿元。", P)
    assert (f.value, f.value_max, f.unit, f.value_base, f.base_unit) == (5.0, 8.0, "亿元", 500000000.0, "元")


def test_offsets_point_at_the_clause() -> None:
    text = "一年来，全县完成固定资产投资97.4亿元，同比增长13.4%；新增就业1.2万人。"
    facts = facts_of(text, R)
    assert [text[f.char_start:f.char_end] for f in facts] == [
        "全县完成固定资产投资97.4亿元，同比增长13.4%", "新增就业1.2万人"]
    assert all(f.sentence in text for f in facts)


def test_comparator_text() -> None:
    (f,) = facts_of("城镇登记失业率控制在4%以内。", P)
    assert (f.comparator, f.comparator_text) == ("at_most", "以内")


def test_missing_review_year_is_derived_from_report_year() -> None:
    meta = ReportMeta(report_year=2022)
    (f,) = facts_of("新增就业900人。", R, meta)
    assert (f.period_start_year, f.period_end_year) == (2021, 2021)
    assert META.review_year == 2023
