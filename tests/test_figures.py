"""find_figures: numbers with units in 公文 wording, and the look-alikes that are not figures.

The sentences are written for these tests in the style of notices and rectification
reports; each case names the one figure it expects (or that none is expected).
"""
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from taizhang.extractors.figures import find_figures
from taizhang.pipeline.lexicon import load


def only(text):
    """The single figure found in *text* (fails when there are none or several)."""
    figs = find_figures(text)
    assert len(figs) == 1, [f["raw"] for f in figs]
    return figs[0]


# (text, raw, value, unit, base_value, base_unit, kind, approx)
POSITIVE = [
    # money, with multipliers, decimals and thousands separators
    ("全年下达专项资金1,234.5万元，已全部拨付。", "1,234.5万元", 1234.5, "万元", 12345000.0, "元", "money", None),
    ("截至6月底，累计拨付补助资金36518.27万元。", "36518.27万元", 36518.27, "万元", 365182700.0, "元", "money", None),
    ("已兑付3208.645万元，兑付进度加快。", "3208.645万元", 3208.645, "万元", 32086450.0, "元", "money", None),
    ("全市债务余额达到46.7亿元。", "46.7亿元", 46.7, "亿元", 4670000000.0, "元", "money", None),
    ("实现技术合同成交额8.6亿，同比持平。", "8.6亿", 8.6, "亿", 860000000.0, "元", "money", None),
    ("争取中央预算内投资2千万元。", "2千万元", 2, "千万元", 20000000, "元", "money", None),
    ("全区生产总值突破1.3万亿元。", "1.3万亿元", 1.3, "万亿元", 1300000000000.0, "元", "money", None),
    ("实际使用外资1.5亿美元。", "1.5亿美元", 1.5, "亿美元", 150000000.0, "美元", "money", None),
    ("对每户补贴3000元。", "3000元", 3000, "元", 3000, "元", "money", None),
    ("本级安排配套资金 500 万元。", "500 万元", 500, "万元", 5000000, "元", "money", None),
    ("拨付两千万元用于棚户区改造。", "两千万元", 2000, "万元", 20000000, "元", "money", None),
    # percentages and percentage points
    ("项目资金支付率为83.6%。", "83.6%", 83.6, "%", 83.6, "%", "percent", None),
    ("较上年同期下降2.35个百分点。", "2.35个百分点", 2.35, "个百分点", 2.35, "百分点", "percentage_point", None),
    ("增速低于全省平均水平20多个百分点。", "20多个百分点", 20, "个百分点", 20, "百分点", "percentage_point", "多"),
    ("贫困发生率控制在百分之三以内。", "百分之三", 3, "百分之", 3, "%", "percent", "以内"),
    ("严重违规比例不超过3‰。", "3‰", 3, "‰", 3, "‰", "percent", "不超过"),
    # physical units, with multipliers on any base unit
    ("完成造林绿化13.65万亩。", "13.65万亩", 13.65, "万亩", 136500.0, "亩", "area", None),
    ("收回闲置土地491.73公顷。", "491.73公顷", 491.73, "公顷", 491.73, "公顷", "area", None),
    ("改造老旧管网建筑面积12万平方米。", "12万平方米", 12, "万平方米", 120000, "平方米", "area", None),
    ("腾退能耗指标0.43万吨。", "0.43万吨", 0.43, "万吨", 4300.0, "吨", "mass", None),
    ("节约标准煤2.6万吨标准煤。", "2.6万吨标准煤", 2.6, "万吨标准煤", 26000.0, "吨标准煤", "energy", None),
    ("全年发电量达到35亿千瓦时。", "35亿千瓦时", 35, "亿千瓦时", 3500000000, "千瓦时", "energy", None),
    ("新增新能源装机120万千瓦。", "120万千瓦", 120, "万千瓦", 1200000, "千瓦", "power", None),
    ("新建农村公路86.5公里。", "86.5公里", 86.5, "公里", 86.5, "公里", "length", None),
    ("新增库容1200万立方米。", "1200万立方米", 1200, "万立方米", 12000000, "立方米", "volume", None),
    # counts: the measure word is the base unit, longest word wins
    ("全市共有287家企业纳入监测。", "287家", 287, "家", 287, "家", "count", None),
    ("向旗区发送提醒函2期次。", "2期次", 2, "期次", 2, "期次", "count", None),
    ("全市研发人员全时当量为2.8万人年。", "2.8万人年", 2.8, "万人年", 28000.0, "人年", "count", None),
    ("累计接待来访群众1.2万人次。", "1.2万人次", 1.2, "万人次", 12000.0, "人次", "count", None),
    ("300余户群众房屋出现裂缝。", "300余户", 300, "户", 300, "户", "count", "余"),
    ("需要提交15 个要件材料。", "15 个", 15, "个", 15, "个", "count", None),
    ("召开专题会议20余次。", "20余次", 20, "次", 20, "次", "count", "余"),
    ("组织两万余人参加培训。", "两万余人", 2, "万人", 20000, "人", "count", "余"),
    ("梳理出三十五个问题。", "三十五个", 35, "个", 35, "个", "count", None),
    ("抽调业务骨干16名组成专班。", "16名", 16, "名", 16, "名", "count", None),
    # durations and ratios
    ("暂停医保服务资格6个月。", "6个月", 6, "个月", 6, "月", "duration", None),
    ("在六个月内报告办理情况。", "六个月", 6, "个月", 6, "月", "duration", None),
    ("驻留至少两个工作日。", "两个工作日", 2, "个工作日", 2, "工作日", "duration", "至少"),
    ("办结时限压缩为3天。", "3天", 3, "天", 3, "天", "duration", None),
    ("整改期限为2年。", "2年", 2, "年", 2, "年", "duration", None),
    ("按违规金额2倍处罚。", "2倍", 2, "倍", 2, "倍", "ratio", None),
    # approximation markers before the number and after the unit
    ("隐性债务利息300亿元左右。", "300亿元", 300, "亿元", 30000000000, "元", "money", "左右"),
    ("确保完成投资600亿元以上。", "600亿元", 600, "亿元", 60000000000, "元", "money", "以上"),
    ("累计培训近3000人次。", "3000人次", 3000, "人次", 3000, "人次", "count", "近"),
    ("涉及资金约1.2亿元。", "1.2亿元", 1.2, "亿元", 120000000.0, "元", "money", "约"),
    ("受益群众超过5000户。", "5000户", 5000, "户", 5000, "户", "count", "超过"),
    ("覆盖人口逾10万人。", "10万人", 10, "万人", 100000, "人", "count", "逾"),
    ("到位率不足60%。", "60%", 60, "%", 60, "%", "percent", "不足"),
]


@pytest.mark.parametrize(
    "text, raw, value, unit, base_value, base_unit, kind, approx", POSITIVE,
    ids=[case[1] for case in POSITIVE])
def test_positive(text, raw, value, unit, base_value, base_unit, kind, approx):
    fig = only(text)
    assert fig["raw"] == raw
    assert text[fig["start"]:fig["end"]] == raw
    assert fig["value"] == value
    assert fig["unit"] == unit
    assert fig["base_value"] == base_value
    assert fig["base_unit"] == base_unit
    assert fig["kind"] == kind
    assert fig["approx"] == approx


NEGATIVE = [
    "2020年，全市新增就业人员稳步增长。",                      # year
    "2020年度中央预算执行审计查出的问题。",                      # year + 度
    "2019—2020年项目资金支付率偏低。",                          # year range
    "确保2021年12月31日前完成整改。",                            # full date
    "国务院督查组于9月19日进驻。",                               # month-day
    "1—7月固定资产投资增速放缓。",                               # month range with dash
    "1至8月累计完成任务。",                                      # month range with 至
    "截至8月底，共收到反馈意见。",                               # 月底
    "7月份起实行周调度。",                                       # bare month
    "印发《通知》（国办督函〔2021〕74号）。",                    # document number
    "印发方案（鄂府办发〔2022109号）并组织实施。",               # broken document number
    "印发通知（鄂财库发2022131号）。",                           # document number without brackets
    "按照内政办发(2022〕51号要求执行。",                         # mismatched brackets
    "关于市政协第0206号提案的答复。",                            # ordinal with 号
    "排名第3个的旗区要作表态发言。",                             # ordinal 第3个
    "依据服务协议第四十九条处理。",                              # article number
    "依据《条例》第49条规定处理。",                              # article number, digits
    "联系电话：0477—8589765。",                                  # phone with long dash
    "咨询电话0471-4827395。",                                    # phone with hyphen
    "新建5G基站，提升网络覆盖。",                                # 5G
    "PM2.5平均浓度持续下降。",                                   # PM2.5
    "“十四五”期间全面完成。",                                    # plan name
    "构建“1+13”政策体系。",                                      # 1+13
    "落实“10+6+N”工作机制。",                                    # 10+6+N
    "畅通12345热线受理渠道。",                                   # hotline
    "时间:2023-07-06 16:16 来源:市政府",                         # date and time
    "鄂尔多斯市人民政府 2023年76",                               # date missing characters
    "做到“两个维护”，增强“四个意识”。",                         # quoted names
    "认真落实《促进民营经济发展二十条措施》。",                  # numeral inside a title
    "持续推进“三十六条”惠企政策落地。",                          # numeral inside quotes
    "分一批推进，严格执行八项规定。",                            # lone numerals in names
    "形成三个四的工作格局。",                                    # lone numeral + count word
    "实施安全生产三年行动。",                                    # 三年行动 is a name
    "推进“百亿级”产业集群和千家万户增收。",                      # 百亿, 千家 are not quantities
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(text):
    assert find_figures(text) == []


RANGES = [
    ("每个旗区配备3至5个工作人员。", 3, 5, "个"),
    ("办理时限为3-5个工作日。", 3, 5, "工作日"),
    ("组建3～5个督导组。", 3, 5, "个"),
    ("年均增长8%-10%。", 8, 10, "%"),
    ("每亩补贴3至5万元。", 30000, 50000, "元"),
]


@pytest.mark.parametrize("text, low, high, base_unit", RANGES)
def test_range_is_one_figure(text, low, high, base_unit):
    fig = only(text)
    assert fig["base_unit"] == base_unit
    assert fig["base_value"] == low
    assert fig["base_value_max"] == high
    assert fig["value_max"] > fig["value"]


@pytest.mark.parametrize("text, multiplier", [
    ("已兑付5416.595万元。", 10_000),
    ("收到直达资金27157.41万元。", 10_000),
    ("账户余额3.0869亿元。", 100_000_000),
    ("消化土地0.66万亩。", 10_000),
    ("新增贷款0.07亿元。", 100_000_000),
    ("补贴1,106.35万元。", 10_000),
])
def test_base_value_is_value_times_multiplier_exactly(text, multiplier):
    fig = only(text)
    exact = Decimal(str(fig["value"])) * multiplier
    assert Decimal(str(fig["base_value"])) == exact


def test_seed_style_amounts_have_no_float_noise():
    assert only("兑付27157.41万元")["base_value"] == 271574100.0
    assert only("兑付5416.595万元")["base_value"] == 54165950.0


def test_figures_come_in_text_order_with_spans():
    text = "全市453项重点项目已开复工431项，开复工率95.1%，完成投资596.3亿元。"
    figs = find_figures(text)
    assert [f["raw"] for f in figs] == ["453项", "431项", "95.1%", "596.3亿元"]
    assert all(text[f["start"]:f["end"]] == f["raw"] for f in figs)


def test_arabic_numbers_inside_quotes_still_count():
    figs = find_figures("建立“1个领导小组+6个审批部门+9个旗区”工作推进机制。")
    assert [f["base_value"] for f in figs] == [1, 6, 9]


@pytest.mark.parametrize("text, metric", [
    ("全市共有287家企业纳入监测。", {"企业"}),
    ("兑付率75.3%，较上月提高。", {"兑付率"}),
    ("完成投资596.3亿元。", {"完成投资", "投资"}),
    ("全市平均支付率为67.5%。", {"平均支付率", "全市平均支付率"}),
    ("确保2021年底前兑付率达到90%以上。", {"兑付率"}),
    ("占总价款的41%。", {"总价款"}),
    ("（588.4亿元）", {None}),
])
def test_metric(text, metric):
    assert find_figures(text)[-1]["metric"] in metric


def test_bare_multiplier_needs_money_context():
    assert find_figures("成交额12.9亿，位居全区第一。")[0]["kind"] == "money"
    assert find_figures("常住人口约2.3万，分布在各苏木镇。") == []


def test_longest_unit_wins():
    assert only("下降0.5个百分点")["base_unit"] == "百分点"
    assert only("新建道路5千米")["base_unit"] == "千米"
    assert only("用电量3千瓦时")["base_unit"] == "千瓦时"


def test_unit_table_lives_in_yaml():
    data = load("units")
    for key in ("units", "count_words", "multipliers", "approx", "metric"):
        assert key in data
    assert data["multipliers"]["万"] == 10_000
    assert "期次" in data["count_words"] and "期" in data["count_words"]


def test_long_single_line_input_is_linear():
    """A 3 MB line of digits or spaces must not make the pattern backtrack."""
    import time

    for text in ("1" * 1_000_000, "1" + " " * 1_000_000 + "x", "一" * 1_000_000, "1,234," * 200_000):
        started = time.perf_counter()
        assert find_figures(text) == []
        assert time.perf_counter() - started < 5


@settings(max_examples=200, deadline=None)
@given(whole=st.integers(min_value=0, max_value=999_999), frac=st.integers(0, 9999),
       unit=st.sampled_from([("万元", 10_000), ("亿元", 100_000_000), ("万亩", 10_000),
                             ("万吨", 10_000), ("万人", 10_000), ("元", 1)]))
def test_base_value_invariant_on_any_decimal(whole, frac, unit):
    word, multiplier = unit
    written = f"{whole}.{frac:04d}".rstrip("0").rstrip(".") if frac else str(whole)
    fig = only(f"全年累计完成{written}{word}。")
    assert fig["raw"] == written + word
    assert Decimal(str(fig["base_value"])) == Decimal(written) * multiplier
