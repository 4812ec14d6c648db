"""find_figures: numbers with units in 公文 wording, and the look-alikes that are not figures.

The sentences are written for these tests in the style of notices and rectification
reports; each case names the one figure it expects (or that none is expected).
"""
from decimal import Decimal
from typing import Optional

import pytest
from hypothesis import given, settings, strategies as st
from pydantic import BaseModel

from taizhang.extractors import figures as grammar
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
    ("新建线路3回。", "3回", 3, "回", 3, "回", "count", None),
    ("沿线新建48芯光缆。", "48芯", 48, "芯", 48, "芯", "count", None),
    ("该区间共计27基铁塔。", "27基", 27, "基", 27, "基", "count", None),
    ("申报综述限500字以内。", "500字", 500, "字", 500, "字", "count", "以内"),
    ("配置24兆乏无功补偿装置。", "24兆乏", 24, "兆乏", 24, "兆乏", "power", None),
    # a voltage is a quantity (not inside a station's name: 宋岗110千伏变电站)
    ("光伏电站以110千伏电压等级接入宋岗110千伏变电站。", "110千伏", 110, "千伏", 110, "千伏", "other", None),
    ("公司全部35千伏及以上基建在建工程。", "35千伏", 35, "千伏", 35, "千伏", "other", "以上"),
    ("更新公交电子站牌168块。", "168块", 168, "块", 168, "块", "count", None),
    ("已接入全部46条线路。", "46条", 46, "条", 46, "条", "count", None),
    ("考核得分低于80分的予以通报。", "80分", 80, "分", 80, "分", "other", None),
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
    ("覆盖人口逾10万人。", "10万人", 10, "万人", 100000, "人", "count", "超过"),
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
    # a lower and an upper bound of one measure, one after the other
    ("参训人员20人以上50人以下的班次。", 20, 50, "人"),
    ("年营业收入2000万元（含）以上1亿元以下的企业。", 20_000_000, 100_000_000, "元"),
    # each end with its own multiplier
    ("对违规单位处5,000元至3万元罚款。", 5000, 30000, "元"),
    ("年营业收入5000万元至1亿元的企业。", 50_000_000, 100_000_000, "元"),
]


def test_bounds_in_two_units_stay_two_figures():
    assert [(f["raw"], f["approx"]) for f in find_figures("处以货值金额50%以上3倍以下的罚款。")] == [
        ("50%", "以上"), ("3倍", "以下")]


@pytest.mark.parametrize("text, values, unit", [
    ("新建架空线路（3.25+3.4公里），同塔双回架设。", [3.25, 3.4], "公里"),
    ("两期分别投资1.5+2.5亿元。", [150_000_000, 250_000_000], "元"),
])
def test_the_terms_of_a_sum_written_with_one_unit_take_that_unit(text, values, unit):
    assert [(f["base_value"], f["base_unit"]) for f in find_figures(text)] == [(v, unit) for v in values]


def test_whole_numbers_joined_by_a_plus_are_a_name_not_a_sum():
    assert find_figures("构建“1+6”工作体系。") == []


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


# ------------------------------------------------------------------ units as written

def figure(text, raw):
    """The figure of *text* whose raw text is *raw* (fails when there is none)."""
    figs = [f for f in find_figures(text) if f["raw"] == raw]
    assert figs, [f["raw"] for f in find_figures(text)]
    return figs[0]


WRITTEN_UNITS = [
    # Latin units right after the number
    ("人行道宽度不小于3.5m。", "3.5m", 3.5, "m", "length"),
    ("新建线路12.4km，同步敷设光缆。", "12.4km", 12.4, "km", "length"),
    ("单只气瓶重量不超过50kg。", "50kg", 50, "kg", "mass"),
    ("管道内径为300mm。", "300mm", 300, "mm", "length"),
    ("桩径80cm，桩长按设计。", "80cm", 80, "cm", "length"),
    ("新增光伏装机120MW。", "120MW", 120, "MW", "power"),
    ("年处理污泥3000t。", "3000t", 3000, "t", "mass"),
    ("宽带接入速率达到100Mbps。", "100Mbps", 100, "Mbps", "other"),
    # Chinese units kept as written, not converted
    ("接地电阻应小于4欧。", "4欧", 4, "欧", "other"),
    ("印章直径为4.2公分。", "4.2公分", 4.2, "公分", "length"),
    ("封面采用250磅铜版纸。", "250磅", 250, "磅", "other"),
    ("配备12寸显示屏。", "12寸", 12, "寸", "length"),
    ("排量1.6升以下的乘用车。", "1.6升", 1.6, "升", "volume"),
    ("响应时间不超过5秒。", "5秒", 5, "秒", "duration"),
    ("年满18周岁的居民。", "18周岁", 18, "周岁", "other"),
    ("完成培训48学时。", "48学时", 48, "学时", "duration"),
    ("新增主变容量2400千伏安。", "2400千伏安", 2400, "千伏安", "power"),
    ("本期新增主变容量240MVA。", "240MVA", 240, "MVA", "power"),
    # as written in Taiwan (after t2s)
    ("清运事业废弃物约2860公吨。", "2860公吨", 2860, "公吨", "mass"),
    ("仓储面积达500平方公尺。", "500平方公尺", 500, "平方公尺", "area"),
    ("收到材料后5日内办结。", "5日", 5, "日", "duration"),
]


@pytest.mark.parametrize("text, raw, value, unit, kind", WRITTEN_UNITS, ids=[c[1] for c in WRITTEN_UNITS])
def test_units_stay_as_written(text, raw, value, unit, kind):
    fig = only(text)
    assert (fig["raw"], fig["value"], fig["unit"], fig["base_unit"], fig["kind"]) == (raw, value, unit, unit, kind)


def test_the_minutes_of_a_clock_time_are_no_figure():
    assert find_figures("于下午4时30分在县政府三楼会议室召开。") == []
    assert find_figures("咨询电话：0731-8852分机305。") == []          # 分机: an extension


@pytest.mark.parametrize("text", [
    "新建5G基站，推广4K超高清。",          # a letter after the digits is a name
    "步行5mins可达。",                       # 5mins: m followed by a letter
    "人行道宽度3.5 m。",                    # a Latin unit must follow the number directly
    "发展3D打印产业。",
    "位于欧洲的3欧洲企业。",                # 欧 before 洲 is not ohm
    "7月10日内报送材料。",                  # a day of the month, not a span of 10 days
    "每月25日前报送。",                     # 日 without 内/后
])
def test_unit_look_alikes_are_not_figures(text):
    assert [f for f in find_figures(text) if f["unit"] in ("m", "欧", "日", "mins")] == []


# ------------------------------------------------------------------ money in other currencies

CURRENCIES = [
    ("引进外资1200万美元。", "1200万美元", 12_000_000, "美元"),
    ("上项折合美金35万元。", "35万元", 350_000, "美元"),            # currency written before the number
    ("合同金额US$480万。", "US$480万", 4_800_000, "美元"),
    ("支付USD 2,500。", "USD 2,500", 2500, "美元"),
    ("收买价码为新台币800万元。", "800万元", 8_000_000, "元"),     # the notice's own 元
    ("预算为NT$12,000。", "NT$12,000", 12000, "元"),
    ("募集港币3亿元。", "3亿元", 300_000_000, "港元"),
    ("筹集资金5亿港币。", "5亿港币", 500_000_000, "港元"),
    ("预付HK$60万。", "HK$60万", 600_000, "港元"),
    ("年度结余资金85千元。", "85千元", 85_000, "元"),
    ("争取贷款6百万元。", "6百万元", 6_000_000, "元"),
]


@pytest.mark.parametrize("text, raw, base_value, base_unit", CURRENCIES, ids=[c[1] for c in CURRENCIES])
def test_money_keeps_its_currency(text, raw, base_value, base_unit):
    fig = only(text)
    assert (fig["raw"], fig["base_value"], fig["base_unit"], fig["kind"]) == (raw, base_value, base_unit, "money")
    assert text[fig["start"]:fig["end"]] == raw


def test_approximation_before_a_currency_word():
    assert only("超过美金12万元")["approx"] == "超过"


# ------------------------------------------------------------------ rates

RATES = [
    ("设计时速350公里/小时。", "350公里/小时", 350, "公里/小时", 350, "other"),
    ("按500元/人的标准发放。", "500元/人", 500, "元/人", 500, "money"),
    ("按800元／人给予补贴。", "800元／人", 800, "元/人", 800, "money"),          # full-width ／
    ("补助标准为260元/人/月。", "260元/人/月", 260, "元/人/月", 260, "money"),
    ("用工补助1500元/人/年。", "1500元/人/年", 1500, "元/人/年", 1500, "money"),
    ("购房补贴80元/平方米。", "80元/平方米", 80, "元/平方米", 80, "money"),
    ("按150元/每平方米补助。", "150元/每平方米", 150, "元/每平方米", 150, "money"),
    ("保额为50万元/人。", "50万元/人", 50, "万元/人", 500_000, "money"),
    ("给予最高0.8%/年的贴息。", "0.8%/年", 0.8, "%/年", 0.8, "other"),
    ("到户电价不高于0.42元/千瓦时。", "0.42元/千瓦时", 0.42, "元/千瓦时", 0.42, "money"),
    ("会务费按1200元/单位收取。", "1200元/单位", 1200, "元/单位", 1200, "money"),
]


@pytest.mark.parametrize("text, raw, value, unit, base_value, kind", RATES, ids=[c[1] for c in RATES])
def test_rates_keep_the_rate_unit(text, raw, value, unit, base_value, kind):
    fig = only(text)
    base_unit = unit[1:] if unit.startswith("万") else unit
    assert (fig["raw"], fig["value"], fig["unit"]) == (raw, value, unit)
    assert (fig["base_value"], fig["base_unit"], fig["kind"]) == (base_value, base_unit, kind)


def test_a_slash_without_a_unit_before_it_is_no_rate():
    assert find_figures("2021/12/31前完成") == []


# ------------------------------------------------------------------ ratios

@pytest.fixture
def unitless(monkeypatch):
    """Ratios are emitted once the output contract takes a null unit; the grammar is tested
    with the contract's answer forced to yes."""
    monkeypatch.setattr(grammar, "_unitless_allowed", lambda: True)


RATIOS = [
    ("国家与地方按9:1比例分担。", "9:1", 9.0, None),
    ("招录比例为3：1。", "3：1", 3.0, None),
    ("中央财政承担总投资的2/3。", "2/3", 0.666667, None),
    ("地方配套资金占1/4左右。", "1/4", 0.25, None),
    ("车位配建比例由0.6-0.8调整为0.5-0.7。", "0.6-0.8", 0.6, 0.8),
    ("容积率控制在1.2至2.5之间。", "1.2至2.5", 1.2, 2.5),
]


@pytest.mark.parametrize("text, raw, base_value, base_value_max", RATIOS, ids=[c[1] for c in RATIOS])
def test_ratios_have_no_unit(unitless, text, raw, base_value, base_value_max):
    fig = figure(text, raw)
    assert (fig["base_value"], fig.get("base_value_max"), fig["kind"]) == (base_value, base_value_max, "ratio")
    assert fig["unit"] is None and fig["base_unit"] is None


def test_a_ratio_range_may_follow_another_one(unitless):
    figs = find_figures("配建比例由0.6-0.8调整为0.5-0.7，")
    assert [(f["base_value"], f["base_value_max"]) for f in figs] == [(0.6, 0.8), (0.5, 0.7)]


@pytest.mark.parametrize("text", [
    "会议于16:30召开。",           # a clock time
    "详见第2/3页。",              # a page reference
    "于2/3日前报送。",            # a date
    "分1-3批推进。",              # no ratio word
    "比分3:5落后。",              # no ratio word before or after a colon
    "其中3/2的项目。",            # not a proper fraction
])
def test_ratio_look_alikes(unitless, text):
    assert [f for f in find_figures(text) if f["kind"] == "ratio"] == []


def test_no_ratio_while_the_contract_needs_a_unit(monkeypatch):
    monkeypatch.setattr(grammar, "_unitless_allowed", lambda: False)
    assert find_figures("国家与地方按9:1比例分担。") == []


class _NullableFigure(BaseModel):
    unit: Optional[str] = None
    base_unit: Optional[str] = None


class _UnitFigure(BaseModel):
    unit: str
    base_unit: Optional[str] = None


@pytest.mark.parametrize("model, allowed", [(_NullableFigure, True), (_UnitFigure, False)])
def test_the_contract_check_follows_the_figure_model(monkeypatch, model, allowed):
    import taizhang.schemas.records as records

    monkeypatch.setattr(records, "Figure", model)
    assert grammar._unitless_allowed.__wrapped__() is allowed


# ------------------------------------------------------------------ ranges

RANGE_FORMS = [
    ("每户补助3万至5万元。", "3万至5万元", 30_000, 50_000, "元"),
    ("年均增长6%-10%。", "6%-10%", 6, 10, "%"),
    ("吸纳16-24周岁的青年。", "16-24周岁", 16, 24, "周岁"),
    ("每村配备3至5名网格员。", "3至5名", 3, 5, "名"),
    ("整改期限为2-3个月。", "2-3个月", 2, 3, "月"),
    ("身高约165至172公分。", "165至172公分", 165, 172, "公分"),
    ("期限为3年至5年。", "3年至5年", 3, 5, "年"),
]


@pytest.mark.parametrize("text, raw, low, high, base_unit", RANGE_FORMS, ids=[c[1] for c in RANGE_FORMS])
def test_range_forms(text, raw, low, high, base_unit):
    fig = only(text)
    assert (fig["raw"], fig["base_value"], fig["base_value_max"], fig["base_unit"]) == (raw, low, high, base_unit)


def test_range_with_an_inclusion_note_keeps_the_restated_bound():
    figs = find_figures("超过均价2倍（含2倍）至3倍的，税率为1%。")
    ranged = [f for f in figs if f.get("base_value_max")]
    assert [(f["raw"], f["base_value"], f["base_value_max"]) for f in ranged] == [("2倍（含2倍）至3倍", 2, 3)]
    assert sorted(f["raw"] for f in figs) == ["1%", "2倍", "2倍（含2倍）至3倍"]
    assert only("均价2倍（含）至3倍的")["base_value_max"] == 3


def test_range_whose_ends_name_different_units_is_dropped():
    assert find_figures("增长3%-5个") == []


# ------------------------------------------------------------------ OCR spaces and list markers

def test_ocr_space_after_a_decimal_point():
    fig = only("两线间距不应小于2. 5米。")
    assert (fig["raw"], fig["value"], fig["base_value"]) == ("2. 5米", 2.5, 2.5)


def test_list_marker_at_a_clause_start_is_not_a_decimal():
    assert [(f["raw"], f["value"]) for f in find_figures("要求如下。3. 5个部门联合督办。")] == [("5个", 5)]
    assert [(f["raw"], f["value"]) for f in find_figures("设置节点照明。6.3.5m宽的人行道")] == [("3.5m", 3.5)]


def test_heading_numbers_before_a_count_word_are_not_counts():
    assert find_figures("适用范围。2.1.3本办法适用于各单位。") == []


def test_letter_o_for_zero_is_not_read():
    """Optional in the issue and not done: 1OO stays unread rather than guessed."""
    assert find_figures("共1OO人参加") == []


# ------------------------------------------------------------------ approximations

@pytest.mark.parametrize("text, raw, approx", [
    ("班额56人及以上的学校。", "56人", "以上"),
    ("排量2.0升及以下的车辆。", "2.0升", "以下"),
    ("被约谈30几次。", "30几次", "多"),
    ("已羁押3个多月。", "3个多月", "多"),
    ("迄今已逾30年。", "30年", "超过"),
    ("总投资约为6.5亿元。", "6.5亿元", "约"),
    ("价格4倍（含4倍）以上的住房。", "4倍", "以上"),
])
def test_approximation_words(text, raw, approx):
    fig = figure(text, raw)
    assert fig["approx"] == approx


def test_inner_approximation_of_a_month_count():
    fig = only("已羁押3个多月。")
    assert (fig["unit"], fig["base_unit"], fig["base_value"]) == ("个月", "月", 3)


# ------------------------------------------------------------------ not figures

NOT_FIGURES = [
    "民国110年施行。",
    "中华民国110年12月23日。",
    "本院于86年函请行政院重行调查。",         # 民国 year after 于
    "刑事局87年侦查报告指出。",              # a year of 40 or more with nothing marking a span
    "分别于85年、87年、96年重启调查。",
    "自66年起保存的书信。",
    "纪念建校80年。",
    "根据《关于印发2022年工作要点的通知》和《办法50条》执行。",   # digits of cited titles
    "省教育厅等6部门关于印发行动方案的通知",   # a count in the issuer of a title
    "地址：中山路3段15号。",                  # an address
    "见表2 本市各区情况。",                   # a table label
    "打造15分钟便民生活圈。",                 # a kind of thing named by a span of time
    "落实“144小时”过境免签政策。",            # a quoted name
    "新建220千伏变电站，改造宋岗35kV变电站。",   # voltages in a station's name
    "实施110kV西阳变综自改造和±500kV延庆换流站检修。",
    "申请办理武汉—南昌1000千伏特高压交流输变电工程用地预审。",   # a voltage in a project's name
    "统一登记号HNDR-2023-01012。",
    "按照GB/T 9704-2012执行。",
    "京ICP备05070218号。",
    "电话：0531-86061234，传真：0531-86061235，邮编：250011。",
    "-3-",
    "评为2级，获第46届大会表彰。",
    "关于市人大第1175号建议的答复。",
    "合计 447228 3985758 96171.6",             # table cells without a unit
    "（3）加强督导。4.完善机制。",            # list markers
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text):
    assert find_figures(text) == []


@pytest.mark.parametrize("text, raw", [
    ("于3年内完成整改。", "3年"),            # a span after 于
    ("届满50年后开放。", "50年"),            # a long span marked by 满 and 后
    ("长达45年的时间里。", "45年"),
    ("每天拿出“1小时”，学习原著。", "1小时"),   # a quantity in quotes before punctuation
    ("建成3个都市圈。", "3个"),              # a count is not a name
    ("等5部门印发的《实施意见》", "5部门"),  # a count just outside a cited title
])
def test_look_alikes_that_are_figures(text, raw):
    assert figure(text, raw)


def test_dimension_gives_two_lengths():
    figs = find_figures("尺寸为6.5*4.5公分。")
    assert [(f["raw"], f["value"], f["unit"]) for f in figs] == [("6.5", 6.5, "公分"), ("4.5公分", 4.5, "公分")]
    assert [f["raw"] for f in find_figures("敷设光缆2×15公里。")] == ["15公里"]   # two lines, not a size


# ------------------------------------------------------------------ metric

@pytest.mark.parametrize("text", [
    "因采伐电力线路跳闸3次。",     # a cause, not a noun phrase
    "用2台。",                     # a single character
    "。5米",                       # punctuation
    "据初步统计受损5处。",         # a preposition first
])
def test_metric_is_a_noun_phrase_or_none(text):
    assert find_figures(text)[-1]["metric"] is None


@pytest.mark.parametrize("text, metric", [
    ("钢管杆采用8970元/t计列。", "钢管杆"),
    ("二是党委会每年召开12次。", "党委会"),      # enumerator, adverb and verb dropped
    ("二孩家庭补贴不超过2万元。", "二孩家庭补贴"),
])
def test_metric_drops_verbs_at_its_end(text, metric):
    assert find_figures(text)[-1]["metric"] == metric


def test_bare_wan_in_a_money_context():
    assert figure("补贴总价的1.5%，不超过3万，", "3万")["base_unit"] == "元"
    assert figure("对3000万以下的小微企业项目简化审批。", "3000万")["base_value"] == 30_000_000
    assert find_figures("常住人口约2.3万，分布在各镇。") == []


# ------------------------------------------------------------------ linear time on new forms

NEW_FORMS = ["1. ", "1/", "1:1", "US$", "3倍（含", "5元/人/", "5.2.", "于85年、", "比例1:1", "2×", "7月10日"]


def test_new_forms_stay_linear():
    """The pattern alone over a megabyte of each new form, and the whole grammar (whose checks
    use bounded windows) over 20,000 repetitions of it."""
    import time

    pattern = grammar._lex().pattern
    for piece in NEW_FORMS:
        started = time.perf_counter()
        for _ in pattern.finditer(piece * (1_000_000 // len(piece))):
            pass
        find_figures(piece * 20_000)
        assert time.perf_counter() - started < 5, piece


def test_an_item_number_run_into_a_year_is_no_count_of_years():
    from taizhang.extractors.figures import find_figures

    found = [f["raw"] for f in find_figures("附件：1.检修清单2.2023年第一批检修项目表3.2023年第二批检修项目表。工期2.5年，投资3.2亿元。")]
    assert found == ["2.5年", "3.2亿元"]


def test_a_section_number_before_a_word_opening_with_a_unit_character_is_no_figure():
    from taizhang.extractors.figures import find_figures

    assert [f["raw"] for f in find_figures("5.6支援协作；各乡镇组建3支抢险队伍。")] == ["3支"]


def test_a_negative_result_keeps_its_minus_sign():
    """预计完成-1.43亿元, （-2.5%）: a minus after a word or bracket is the number's sign; after a
    digit it is a range's dash (3-5亿元), after a space or at a line start a list's."""
    found = [(f["raw"], f["value"], f["base_value"]) for f in
             find_figures("利润总额预计完成-1.43亿元，同比下降（-2.5%），计划投资3-5亿元。\n-10个项目待定。")]
    assert found == [("-1.43亿元", -1.43, -143000000.0), ("-2.5%", -2.5, -2.5), ("3-5亿元", 3, 300000000), ("10个", 10, 10)]


def test_a_range_whose_low_end_stacks_two_multipliers_is_no_figure():
    """五万 万亿年至0年 (found by the property test): the low end's 万 and 万亿 make no multiplier."""
    assert find_figures("五万 万亿年至0年") == []


@pytest.mark.parametrize("text, raw, value, unit, base", [
    ("补助新台币23万6,400元整。", "23万6,400元", 236400, "元", 236400),
    ("项目总投资2亿3000万元。", "2亿3000万元", 23000, "万元", 230000000),
    ("处以罚款1万2000元。", "1万2000元", 12000, "元", 12000),
])
def test_an_amount_written_in_two_parts_is_one_figure(text, raw, value, unit, base):
    """23万6,400元: the 万 (亿) and the rest below one 万 (亿) are one amount, not 230000 and 6400."""
    assert [(f["raw"], f["value"], f["unit"], f["base_value"]) for f in find_figures(text)] == [(raw, value, unit, base)]
