"""Deadline grammar: running text, 完成时限 fields, stages of planned work, 截至… as-of dates.

Sentences are written for these tests in 公文 style; the notice date (base) is
2023-03-15 unless a case says otherwise.
"""
from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import example, given, settings, strategies as st

from taizhang.extractors.deadlines import (
    find_as_of, find_deadlines, parse_deadline_field, stage_deadline,
)
from taizhang.pipeline.lexicon import load

BASE = dt.date(2023, 3, 15)
B = BASE.isoformat()


def _one(text, base=BASE):
    found = find_deadlines(text, base)
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------ running text: positives

# (sentence, raw, date, resolved against the base?)
POSITIVES = [
    # absolute dates with 前/以前/之前/底前
    ("各旗区要于2023年6月30日前完成摸底排查工作。", "于2023年6月30日前", "2023-06-30", False),
    ("请于2023年5月31日以前将自查报告报送市政府办公室。", "于2023年5月31日以前", "2023-05-31", False),
    ("相关单位须在2023年10月15日之前完成问题销号。", "在2023年10月15日之前", "2023-10-15", False),
    ("确保2023年底前全面完成老旧小区改造任务。", "2023年底前", "2023-12-31", False),
    ("力争2024年年底前实现城乡供水一体化全覆盖。", "2024年年底前", "2024-12-31", False),
    ("到2024年年底前基本解决安置房逾期交付问题。", "到2024年年底前", "2024-12-31", False),
    ("各牵头单位要在2023年9月底前报送整改进展。", "在2023年9月底前", "2023-09-30", False),
    ("农村危房改造项目须于2023年7月前全部开工。", "于2023年7月前", "2023-07-31", False),  # to the end of July
    ("第一批项目须在2023 年 6 月底前完成验收。", "在2023 年 6 月底前", "2023-06-30", False),
    ("二〇二三年十二月底前完成全部销号工作。", "二〇二三年十二月底前", "2023-12-31", False),
    ("实施方案于2023年4月中旬前报市政府审定。", "于2023年4月中旬前", "2023-04-20", False),
    ("确保在2023年10月底前完工并交付使用。", "在2023年10月底前", "2023-10-31", False),
    # partial dates, resolved forwards against the notice's date
    ("补助资金于6月30日之前拨付到位。", "于6月30日之前", "2023-06-30", True),
    ("确保12月31日前完成补贴发放。", "12月31日前", "2023-12-31", True),
    ("力争年底前完成全部安置房交付。", "年底前", "2023-12-31", True),
    ("各地要在9月底前完成闲置土地清理。", "在9月底前", "2023-09-30", True),
    ("确保2月底前完成年度考核资料归档。", "2月底前", "2024-02-29", True),
    ("月底前将统计报表报送市统计局。", "月底前", "2023-03-31", True),
    ("本月底前完成问题清单梳理。", "本月底前", "2023-03-31", True),
    ("下月底前召开专题推进会。", "下月底前", "2023-04-30", True),
    ("明年6月底前建成区域医疗中心。", "明年6月底前", "2024-06-30", True),
    ("今年内完成全部隐患整治。", "今年内", "2023-12-31", True),
    ("力争上半年完成项目招标。", "上半年", "2023-06-30", True),
    ("年中前完成中期评估。", "年中前", "2023-06-30", True),
    ("一季度末前完成方案编制。", "一季度末前", "2023-03-31", True),
    ("三季度前完成主体工程建设。", "三季度前", "2023-09-30", True),
    ("第四季度内完成竣工验收。", "第四季度内", "2023-12-31", True),
    # relative periods
    ("各责任单位应在六个月内完成整改并报告结果。", "在六个月内", "2023-09-15", True),
    ("相关部门要在3个月内制定配套细则。", "在3个月内", "2023-06-15", True),
    ("问题线索须在半年内核查完毕。", "在半年内", "2023-09-15", True),
    ("一年内完成全部历史欠款清偿。", "一年内", "2024-03-15", True),
    ("承办单位应于15个工作日内予以答复。", "于15个工作日内", "2023-04-05", True),
    ("两年内实现行政村污水处理设施全覆盖。", "两年内", "2025-03-15", True),
    ("三年内中心城区养老服务设施覆盖率达到85%。", "三年内", "2026-03-15", True),
    ("各地要在15天内完成自查。", "在15天内", "2023-03-30", True),
    ("自本方案印发之日起15天内报送整改台账。", "15天内", "2023-03-30", True),
    ("自本通知下发之日起10个工作日内报送名单。", "10个工作日内", "2023-03-29", True),
    # target years
    ("力争到2025年，全市森林覆盖率达到25%以上。", "到2025年", "2025-12-31", False),
    ("到2027年底，基本建成现代化综合交通体系。", "到2027年底", "2027-12-31", False),
    ("到2026年末，清洁取暖率达到90%。", "到2026年末", "2026-12-31", False),
    ("2025年前全面完成燃煤锅炉淘汰任务。", "2025年前", "2025-12-31", False),
    ("争取2024年建成投用。", "2024年", "2024-12-31", False),
    ("确保2023年8月完成设备安装。", "2023年8月", "2023-08-31", False),
    # a month or year with 前: to the end of it
    ("2024年6月前，开展“回头看”。", "2024年6月前", "2024-06-30", False),
    ("6月前完成农户信息录入。", "6月前", "2023-06-30", True),
    # 年内: the notice's year end
    ("各项任务年内完成。", "年内", "2023-12-31", True),
    ("力争年内建成投用市民中心等基础设施项目。", "年内", "2023-12-31", True),
    ("力争今年年内推出中央政府门户网站。", "今年年内", "2023-12-31", True),
    # a completion verb after a bare time: 6月底完成, 10月份取得明显成效, 8月份结束
    ("城镇燃气管道老化更新6月底完成。", "6月底", "2023-06-30", True),
    ("剩余隐患经协调，预计9月底可全部完成整改。", "9月底", "2023-09-30", True),
    ("排水管网改造8月底要基本完成。", "8月底", "2023-08-31", True),
    ("农村人居环境整治10月份取得明显成效。", "10月份", "2023-10-31", True),
    ("换届工作自2023年4月份启动，8月份结束。", "8月份", "2023-08-31", True),
    ("原则上清单隐患于2023年完成整改。", "于2023年", "2023-12-31", False),
    # clock times: the day is the limit
    ("请于2023年11月17日17:00前反馈省应急厅。", "于2023年11月17日17:00前", "2023-11-17", False),
    ("请于11月17日下午5时前报送书面意见。", "于11月17日下午5时前", "2023-11-17", True),
    ("请于11月17日下午5:30前报送书面意见。", "于11月17日下午5:30前", "2023-11-17", True),
    ("整改材料于11月17日下班前交综合科。", "于11月17日下班前", "2023-11-17", True),
    # the weekday after the day
    ("请于11月17日（星期五）前报送书面意见。", "于11月17日（星期五）前", "2023-11-17", True),
    ("参训人员于11月17日(周五)上午8:30前报到。", "于11月17日(周五)上午8:30前", "2023-11-17", True),
    # a planned duration does not unmake a limit with its 前
    ("整治行动历时三个月，于2023年9月30日前全部完成。", "于2023年9月30日前", "2023-09-30", False),
    # 一 after 前 opening the next word (一并, 一次性), not a period (前一天)
    ("请将自查报告和整改台账于2023年6月10日前一并报送县应急局。", "于2023年6月10日前", "2023-06-10", False),
    # Chinese-numeral and 民国 dates
    ("二〇二三年十二月九日前报送整改报告。", "二〇二三年十二月九日前", "2023-12-09", False),
    ("二零二四年底前全面完成改造。", "二零二四年底前", "2024-12-31", False),
    ("请于中华民国112年12月23日前函复。", "于中华民国112年12月23日前", "2023-12-23", False),
    # a named year heading a clause that states a target figure
    ("2025年，全市森林覆盖率达到30%。", "2025年", "2025-12-31", False),
    ("推进托育服务，2024年每千人口拥有托位数达4.5个。", "2024年", "2024-12-31", False),
    # a heading run into its text (指导思想到…): 到 is still the preposition
    ("一、指导思想到2025年稳定实现农村人口住房安全有保障。", "到2025年", "2025-12-31", False),
    # five-year plans used as adverbials
    ("“十四五”期间，全旗要累计改造城镇老旧小区120个。", "“十四五”期间", "2025-12-31", False),
    ("到“十四五”末，全市基本消除黑臭水体。", "到“十四五”末", "2025-12-31", False),
    ("“十四五”期间要全部消化存量闲置土地。", "“十四五”期间", "2025-12-31", False),
    ("“十五五”时期，我市将全面推进产业数字化转型。", "“十五五”时期", "2030-12-31", False),
]


@pytest.mark.parametrize("text, raw, date, relative", POSITIVES)
def test_find_deadlines_positive(text, raw, date, relative):
    found = _one(text)
    assert found["raw"] == raw
    assert text[found["start"]:found["end"]] == raw
    assert found["kind"] == "date"
    assert found["date"] == date
    assert found["base_date"] == (B if relative else None)
    assert found["milestone"] is None
    assert "warning" not in found


def test_relative_period_counts_from_the_date_the_text_gives():
    found = _one("自2023年5月1日起30日内完成首轮排查。")
    assert (found["raw"], found["date"], found["base_date"]) == ("30日内", "2023-05-31", "2023-05-01")
    # a start without a year: the nearest such day to the notice's date
    found = _one("自4月1日起三个月内完成清理。")
    assert (found["date"], found["base_date"]) == ("2023-07-01", "2023-04-01")


def test_bare_minguo_years_only_where_the_notice_dates_that_way():
    text = "请于113年6月30日前函复本处。"
    assert _one(text, dt.date(2024, 3, 1))["date"] == "2024-06-30"  # 6月30日 alone, base year
    found = find_deadlines(text, dt.date(2024, 3, 1), roc=True)
    assert [(f["raw"], f["date"]) for f in found] == [("于113年6月30日前", "2024-06-30")]
    found = find_deadlines("请于110年12月31日前完成。", dt.date(2021, 12, 23), roc=True)
    assert found[0]["date"] == "2021-12-31"


def test_ordered_immediate_rectification_in_running_text():
    found = find_deadlines("2023年9月底前，全面排查风险隐患，对排查出来的重大问题隐患要立行立改，"
                           "不能立即整改到位的要落实管控措施。", BASE)
    assert [(f["kind"], f["date"], f["raw"]) for f in found] == [
        ("date", "2023-09-30", "2023年9月底前"), ("immediate", None, "立行立改")]


def test_a_year_framing_a_later_limit_is_not_one():
    found = find_deadlines("确保2023年发行的专项债券资金8月底前使用完毕。", BASE)
    assert [f["raw"] for f in found] == ["8月底前"]


def test_impossible_date_is_the_month_s_last_day_with_a_warning():
    """2023年9月31日前: a writer's slip for the month's end; read so, and said."""
    found = _one("请于2023年9月31日前完成整改并报送结果。")
    assert (found["raw"], found["date"]) == ("于2023年9月31日前", "2023-09-30")
    assert found["warning"]["code"] == "impossible_date"
    assert "2023年9月31日" in found["warning"]["message"] and "2023-09-30" in found["warning"]["message"]
    assert _one("确保2月30日前完成。")["date"] is None
    assert find_deadlines("确保2023年13月底前完成。", BASE) == []   # not a date at all


def test_a_clause_that_is_only_an_immediate_order():
    """对排查发现的隐患，立行立改。: the clause is the order itself, nothing reported after it."""
    assert [(d["raw"], d["kind"]) for d in find_deadlines("对排查发现的燃气管道隐患，立行立改。", BASE)] == [
        ("立行立改", "immediate")]
    assert find_deadlines("对检查中发现的问题，立行立改，完成整改40处。", BASE) == []
    # the clause may name the find it applies on
    assert [(d["raw"], d["kind"]) for d in find_deadlines("组织一次桥梁安全大检查，发现隐患立行立改。", BASE)] == [
        ("立行立改", "immediate")]
    assert find_deadlines("组织一次桥梁安全大检查，发现隐患立行立改，共整改12处。", BASE) == []


# ------------------------------------------------------------ stages of planned work

# (text, raw, date): in running text, a window that is the time of the work itself
STAGES = [
    ("1.第一阶段(2023年7月至2023年12月)。以主次干道为整治重点。", "2023年7月至2023年12月", "2023-12-31"),
    ("2.第二阶段（2024年1月至2024年11月）。查缺补漏。", "2024年1月至2024年11月", "2024-11-30"),
    ("1.摸清底数阶段（2023年4月15日—5月15日）。逐户核实情况。", "2023年4月15日—5月15日", "2023-05-15"),
    ("1.摸清底数阶段（4月15日—5月15日）。逐户核实情况。", "4月15日—5月15日", "2023-05-15"),
    ("3.形成整改报告（2023年6月17日—6月20日）。总结整改情况。", "2023年6月17日—6月20日", "2023-06-20"),
    ("整治工作自本方案印发之日起至2023年11月20日，各处室要倒排工期。",
     "自本方案印发之日起至2023年11月20日", "2023-11-20"),
    ("专项整治行动时间为2023年4月至2023年6月。", "2023年4月至2023年6月", "2023-06-30"),
    # a stage word opening with 自 (自查, 自纠) is no window's start
    ("1.自查自纠阶段（2023年3月20日至4月10日）。各单位对照清单自查。", "2023年3月20日至4月10日", "2023-04-10"),
    # a stage that starts on the day of the notice
    ("1.动员部署阶段（即日起至2023年4月15日）。各单位制定方案。", "即日起至2023年4月15日", "2023-04-15"),
    # an end in the year after its start
    ("2.集中攻坚阶段（2023年11月1日至次年2月28日）。逐项销号。", "2023年11月1日至次年2月28日", "2024-02-28"),
]


@pytest.mark.parametrize("text, raw, date", STAGES)
def test_stage_windows_in_running_text(text, raw, date):
    found = _one(text)
    assert (found["raw"], found["date"], found["kind"]) == (raw, date, "date")
    assert text[found["start"]:found["end"]] == raw


@pytest.mark.parametrize("text", [
    "检查组于2023年4月10日至4月20日对我市开展实地督查。",        # someone else's visit
    "购房契税补贴自2023年4月1日至2023年12月31日。",             # the window of a measure
    "在2023年1月1日至2023年12月31日期间新购置的设备可一次性扣除。",
    "2021年初至2022年3月底，累计整改问题30个。",                # a past period
    "第一阶段（2022年7月至2022年12月）。完成主城区整治。",        # a stage already over
    "从1月到6月，全市共开展联合执法检查12次。",
])
def test_windows_that_are_not_time_limits(text):
    assert find_deadlines(text, BASE) == []


def test_stages_can_be_left_to_the_caller():
    assert find_deadlines(STAGES[0][0], BASE, stages=False) == []


@pytest.mark.parametrize("title, date", [
    ("第二阶段（2023年7月至2024年11月）", "2024-11-30"),
    ("集中整治阶段：2023年5月—8月", "2023-08-31"),
    ("2023年7月至2023年12月", "2023-12-31"),
    ("（三）整改落实（4月16日—5月16日）", "2023-05-16"),
    ("整治工作自印发之日起至11月20日", "2023-11-20"),
])
def test_stage_deadline_of_a_heading(title, date):
    found = stage_deadline(title, BASE)
    assert found["date"] == date and found["kind"] == "date"
    assert title[found["start"]:found["end"]] == found["raw"]


@pytest.mark.parametrize("title", ["第一阶段（2022年7月至2022年12月）", "加强组织领导", "摸底排查(2023年5月底前)"])
def test_stage_deadline_none(title):
    assert stage_deadline(title, BASE) is None


def test_find_deadlines_several_in_one_sentence():
    text = "2023年6月底前完成排查建档，2023年12月底前全面完成整改，力争到2025年建立长效机制。"
    found = find_deadlines(text, BASE)
    assert [f["date"] for f in found] == ["2023-06-30", "2023-12-31", "2025-12-31"]
    assert [f["raw"] for f in found] == ["2023年6月底前", "2023年12月底前", "到2025年"]


def test_find_deadlines_partial_dates_follow_the_base():
    text = "确保9月底前完成销号工作。"
    assert _one(text, dt.date(2021, 12, 9))["date"] == "2022-09-30"
    assert _one(text, dt.date(2023, 7, 6))["date"] == "2023-09-30"


def test_find_deadlines_without_base_keeps_partial_dates_unresolved():
    found = _one("力争年底前完成全部安置任务。", None)
    assert found["date"] is None and found["base_date"] is None
    assert _one("确保2023年底前完成。", None)["date"] == "2023-12-31"


def test_find_deadlines_leaves_as_of_dates_out():
    text = "截至8月底，已完成投资12亿元，剩余项目确保9月底前全部完工。"
    assert [f["raw"] for f in find_deadlines(text, BASE)] == ["9月底前"]


def test_find_deadlines_offsets_follow_the_input():
    prefix = "一、总体要求。" * 3
    text = prefix + "确保2023年底前完成。"
    found = _one(text)
    assert found["start"] == len(prefix) + 2
    assert text[found["start"]:found["end"]] == found["raw"]


# ------------------------------------------------------------ running text: negatives

NEGATIVES = [
    "截至9月19日，全市已完成投资30亿元。",
    "截至2022年10月30日，共排查各类隐患120处。",
    "截止目前，已整改到位15项。",
    "截至2022年9月底前，共受理投诉80件。",
    "检查组于8月31日至9月10日对我市开展实地督查。",
    "1—7月，全市规模以上工业增加值同比增长5.2%。",
    "2022年1至8月，全市完成固定资产投资80亿元。",
    "我市于2022年9月底完成了隐性债务清零工作。",
    "2023年7月制定《农村人居环境整治实施方案》。",
    "在2023年3月召开专题推进会议。",
    "2020年度项目资金已全部拨付。",
    "2019—2020年，累计建成高标准农田10万亩。",
    "2020年以来，全市累计改造老旧小区30个。",
    "各地已于2023年6月底前完成首批项目验收。",
    "经过现场踏勘、方案比选和专家论证，历时半年，于2022年11月20日完成全部评审。",
    "本办法自2023年5月1日起施行。",
    "该项目工期4.5年，总投资12亿元。",
    "符合条件的进口货物48小时内放行。",
    "每季度召开一次专题推进会。",
    "各单位于每月25日前报送工作进展。",
    "请尽快完成整改，及时报送情况。",
    "本政策措施自2023年6月1日起实行，有效期至2024年12月31日止。",
    "自本意见印发之日起至2023年12月31日前新取得的土地，可分期缴纳土地出让金。",
    "上述政策执行期限至2023年12月31日。",
    "企业职工基本养老保险缓缴期限执行到2023年底。",
    "成交后1年内完成开发建设的，给予奖励。",
    "取得施工许可证后3个月内开工。",
    "申请材料不齐全的，窗口应于3个工作日内一次性告知申请人。",
    "对排查中发现隐患的，责任单位要在10天内整改到位。",
    "收到通知后15日内提交整改材料。",
    "竞得人应在出让合同签订一个月内缴纳全部价款。",
    "计划2023年新建、改扩建幼儿园50所。",
    "全流程审批时间控制在21个工作日以内。",
    "备案项目开工前审批时间压减至40个工作日以内。",
    "二手房贷款房龄调整为30年以内。",
    "个体工商户可于2023年底前进行补缴。",
    "允许企业先缴纳一半土地出让金即可开工，剩余款项在一年内交清。",
    "对吸纳离校2年内未就业的高校毕业生给予补贴。",
    "四是6个月内（含6个月）季节性从业人员。",
    "申报企业三年内未发生重大安全事故。",
    "参会人员28天内有境外旅居史的不得参会。",
    "按照档案至迟应于三十年内开放应用之规定办理。",
    "该局3月7日内签呈报后即予批复。",
    "反馈问题能够在短期内整改的要立行立改。",
    "针对相关问题立行立改，完成外墙维修40余处。",
    "安徽海螺光伏全产业链项目也将在年内陆续开工。",
    "今年全旗年内计划完成投资175亿元。",
    "印发《全市国土空间规划（2021—2025年）》。",
    "按照《关于做好整改工作的通知》（市政办发〔2021〕74号）要求执行。",
    "联系电话：0477-8581234。",
    "为全市“十四五”期间经济社会高质量发展奠定坚实基础。",
    "“十三五”期间，全市累计完成投资500亿元。",
    "近三年内共办理群众来信200件。",
    "每年6月底前报送上年度预算执行情况。",
    "2022年前三季度，全市地区生产总值增长4.8%。",
    "较上半年回落2.1个百分点。",
    "到2022年底，全市已建成5G基站300个。",
    "2019年以前建成的老旧小区纳入改造范围。",
    "2025年前后，全市常住人口将达到峰值。",
    "从1月到6月，全市共开展联合执法检查12次。",
    "工作组于12月9日前往现场核查。",
    "能够立行立改的要立行立改，需要长期坚持的要持续推进。",
    "各地要举一反三，建立长效机制。",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_find_deadlines_negative(text):
    assert find_deadlines(text, BASE) == []


# ------------------------------------------------------------ 完成时限 fields

def _brief(records):
    return [(r["kind"], r["date"], r["milestone"]) for r in records]


@pytest.mark.parametrize("value, expected", [
    ("2023年12月31日前", [("date", "2023-12-31", None)]),
    ("2023年6月30日前取得阶段性成效，2024年6月30日前完成整改",
     [("date", "2023-06-30", "取得阶段性成效"), ("date", "2024-06-30", "完成整改")]),
    ("2023年12月31日前取得阶段性成效，长期坚持",
     [("date", "2023-12-31", "取得阶段性成效"), ("ongoing", None, None)]),
    ("立行立改，长期坚持", [("immediate", None, None), ("ongoing", None, None)]),
    ("长期坚持", [("ongoing", None, None)]),
    ("持续推进", [("ongoing", None, None)]),
    ("常态化推进", [("ongoing", None, None)]),
    ("立即整改", [("immediate", None, None)]),
    ("2023年6月底前完成，并长期坚持", [("date", "2023-06-30", "完成"), ("ongoing", None, None)]),
    ("2023年底前建立长效机制并长期坚持", [("date", "2023-12-31", "建立长效机制"), ("ongoing", None, None)]),
    ("2023年6月底前完成一期工程、2023年12月底前完成二期工程",
     [("date", "2023-06-30", "完成一期工程"), ("date", "2023-12-31", "完成二期工程")]),
    ("2023年6月", [("date", "2023-06-30", None)]),          # a field needs no 前
    ("2023年6月前", [("date", "2023-06-30", None)]),        # to the end of June
    ("6月底完成", [("date", "2023-06-30", "完成")]),
    ("9月底取得阶段性成效并持续推进",
     [("date", "2023-09-30", "取得阶段性成效"), ("ongoing", None, None)]),
    ("常态化", [("ongoing", None, None)]),
    ("立行立改", [("immediate", None, None)]),
    ("立行立改，2023年12月底前全面完成，长期坚持",
     [("immediate", None, None), ("date", "2023-12-31", "全面完成"), ("ongoing", None, None)]),
    ("2023年7月至2023年12月", [("date", "2023-12-31", None)]),   # a window: its last day
    ("15天", [("date", "2023-03-30", None)]),              # the slot says "within"
    ("3个月", [("date", "2023-06-15", None)]),
    ("按要求完成", []),
    ("“十四五”期间", [("date", "2025-12-31", None)]),
    ("已完成整改", []),
    ("", []),
])
def test_parse_deadline_field(value, expected):
    assert _brief(parse_deadline_field(value, BASE)) == expected


@pytest.mark.parametrize("value, date", [
    ("年底前", "2023-12-31"),
    ("9月底前完成", "2023-09-30"),
    ("2月底前", "2024-02-29"),
    ("年内完成", "2023-12-31"),
    ("六个月内", "2023-09-15"),
    ("10个工作日内办结", "2023-03-29"),
])
def test_parse_deadline_field_resolves_against_base(value, date):
    (found,) = parse_deadline_field(value, BASE)
    assert found["date"] == date
    assert found["base_date"] == B


def test_parse_deadline_field_absolute_dates_carry_no_base():
    (found,) = parse_deadline_field("2023年年底前", BASE)
    assert found["base_date"] is None


def test_parse_deadline_field_without_base():
    (found,) = parse_deadline_field("9月底前", None)
    assert (found["kind"], found["date"], found["base_date"]) == ("date", None, None)


def test_parse_deadline_field_offsets_and_raw_keep_the_input():
    value = "２０２３年１２月３１日前完成整改，长期坚持"
    found = parse_deadline_field(value, BASE)
    assert [r["raw"] for r in found] == ["２０２３年１２月３１日前", "长期坚持"]
    for r in found:
        assert value[r["start"]:r["end"]] == r["raw"]
    assert found[0]["date"] == "2023-12-31"
    assert found[0]["milestone"] == "完成整改"


def test_parse_deadline_field_record_shape():
    (found,) = parse_deadline_field("2023年12月31日前", BASE)
    assert set(found) == {"start", "end", "raw", "kind", "date", "milestone", "base_date"}


def test_parse_deadline_field_ledger_cell_counts_from_the_given_base():
    (found,) = parse_deadline_field("15天", dt.date(2017, 9, 13))
    assert (found["date"], found["base_date"]) == ("2017-09-28", "2017-09-13")


@pytest.mark.parametrize("value, raw, date", [
    ("2021年9月31日", "2021年9月31日", "2021-09-30"),
    ("2021年2月29日前完成整改", "2021年2月29日前", "2021-02-28"),
])
def test_parse_deadline_field_impossible_date(value, raw, date):
    (found,) = parse_deadline_field(value, BASE)
    assert (found["kind"], found["raw"], found["date"]) == ("date", raw, date)
    assert found["warning"]["code"] == "impossible_date"
    assert raw in found["warning"]["message"]


def test_parse_deadline_field_impossible_date_in_full_width_keeps_its_text():
    value = "２０２１年９月３１日前"
    (found,) = parse_deadline_field(value, BASE)
    assert found["raw"] == value and found["date"] == "2021-09-30"
    assert value in found["warning"]["message"]


# ------------------------------------------------------------ 截至… as-of dates

@pytest.mark.parametrize("text, raw, date", [
    ("截至9月19日，工程类项目支出进度为33%。", "截至9月19日", "2022-09-19"),
    ("截至2月底，已发放补贴1200万元。", "截至2月底", "2023-02-28"),
    ("截至3月15日，累计受理申请56件。", "截至3月15日", "2023-03-15"),
    ("截至2022年9月底，不良贷款余额下降。", "截至2022年9月底", "2022-09-30"),
    ("截至2022年7月，开发区账户余额3亿元。", "截至2022年7月", "2022-07-31"),
    ("截至 10 月份，共完成销号40项。", "截至 10 月份", "2022-10-31"),
    ("截止到2022年底，累计盘活土地2万亩。", "截止到2022年底", "2022-12-31"),
    ("截至今年2月底，完成投资5亿元。", "截至今年2月底", "2023-02-28"),
    ("截至目前，已全部整改到位。", "截至目前", None),
    ("截止目前，共收回资金300万元。", "截止目前", None),
])
def test_find_as_of(text, raw, date):
    (found,) = find_as_of(text, BASE)
    assert found["raw"] == raw and found["date"] == date
    assert text[found["start"]:found["end"]] == raw


def test_find_as_of_without_base():
    (found,) = find_as_of("截至8月底，完成60%。", None)
    assert found["date"] is None


@pytest.mark.parametrize("text", ["截至督查时仍未完工。", "确保9月底前完成。", "2022年9月底完成了清零。"])
def test_find_as_of_negative(text):
    assert find_as_of(text, BASE) == []


# ------------------------------------------------------------ lexicon, robustness, speed

def test_lexicon_holds_the_word_lists():
    lex = load("deadlines")
    for key in ("before_suffixes", "target_verbs", "to_words", "ongoing", "immediate",
                "five_year_plans", "milestone_separators", "as_of_markers"):
        assert lex[key], key
    assert lex["five_year_plans"]["十四五"] == 2025
    assert {"前", "以前", "之前"} <= set(lex["before_suffixes"])


_ALPHABET = ("0123456789年月日底前内之以到至力争确保十四五“”期间截止个季度上半中，。；、 在于每近已"
             "阶段（）—自起工作立行改要的完成后民国天达:")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_any_text_gives_consistent_records(text):
    for found in (find_deadlines(text, BASE), parse_deadline_field(text, BASE)):
        for r in found:
            assert 0 <= r["start"] < r["end"] <= len(text)
            assert text[r["start"]:r["end"]] == r["raw"]
            assert r["kind"] in ("date", "ongoing", "immediate")
            if r["date"]:
                dt.date.fromisoformat(r["date"])
    for r in find_as_of(text, BASE):
        assert text[r["start"]:r["end"]] == r["raw"]


#: Pieces of time limits in 公文 style, each scanner's and none.
_LIMIT_PIECES = ["2023年", "6月底前", "15天内", "在六个月内", "“十四五”期间", "立行立改", "要", "确保", "完成",
                 "第一阶段（", "8月15日", "—", "9月15日）", "至", "自印发之日起", "整改", "，", "。", "1.", "半年",
                 "三季度", "年底前", "年内", "两周", "近期"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LIMIT_PIECES), min_size=1, max_size=8), st.booleans(),
       st.sampled_from(["年", "月", "季", "内", "至", "—", "十四五", "立行立改", "天", "周", "半"]))
@example(["要", "立行立改"], True, "年")
@example(["“十四五”期间", "，", "完成"], True, "年")
@example(["15天内", "完成"], True, "年")
def test_a_text_the_key_search_rejects_holds_nothing_for_any_scanner(pieces, running, dropped):
    """_scan's one search before its scanners: where it finds no key, none of them finds a
    record (the pieces lose one key each time, so that the search rejects many of them)."""
    from taizhang.extractors import deadlines as grammar

    text = "".join(pieces).replace(dropped, "")
    if (grammar._RUNNING_KEY if running else grammar._SLOT_KEY).search(text):
        return
    G = grammar._grammar(False)
    assert grammar._time_records(text, BASE, G, running=running) == []
    assert grammar._period_records(text, BASE, G, running=running) == []
    assert grammar._plan_records(text, BASE, running=running) == []
    assert grammar._window_records(text, BASE, G, mode="running" if running else "slot") == []
    assert not running or grammar._immediate_records(text) == []


def test_a_plan_or_an_ordered_rectification_alone_is_found():
    assert [r["raw"] for r in find_deadlines("“十四五”期间，全面完成老旧小区改造。", dt.date(2021, 3, 1))] \
        == ["“十四五”期间"]
    assert [r["kind"] for r in find_deadlines("对排查出的隐患要立行立改。", BASE)] == ["immediate"]


@pytest.mark.parametrize("piece, size", [
    ("确保2023年底前完成整改，截至8月底已完成60%。力争到2025年，“十四五”期间，全市在六个月内", 200_000),
    ("年" * 50, 1_000_000),
    ("2023年" * 10, 1_000_000),
    ("前内到至" * 10, 1_000_000),
    ("1" * 50, 1_000_000),
    ("内蒙古自治区人民政府办公厅关于印发实施方案的通知，", 1_000_000),
    ("1.摸清底数阶段（2023年4月15日—5月15日）。整治工作自印发之日起至11月20日，要立行立改", 200_000),
    ("1月至" * 10, 200_000),
    ("1-" * 10, 1_000_000),
    ("要立行立改" * 10, 1_000_000),
    ("自印发之日起15天内" * 5, 200_000),
    ("2025年，达到1" * 5, 1_000_000),
])
def test_scan_stays_fast_on_large_single_line_input(piece, size):
    """Pathological and dense single-line inputs: no pattern may backtrack per character."""
    text = (piece * (size // len(piece) + 1))[:size]
    started = time.perf_counter()
    find_deadlines(text, BASE)
    find_as_of(text, BASE)
    stage_deadline(text, BASE)
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("text", [
    "受疫情影响的，借款人应于2023年12月31日前归还全部应还未还的贷款本息。",
    "纳税人应当在取得所得的次年六月三十日前缴纳税款。",
    "申请人须在2023年5月31日前补齐申请材料。",
])
def test_a_time_a_private_party_must_act_by_is_no_work_deadline(text):
    assert find_deadlines(text, BASE) == []


def test_a_body_acting_by_the_same_time_still_has_its_deadline():
    found = find_deadlines("县住房公积金中心应于2023年12月31日前完成贷款核查。", BASE)
    assert [(d["raw"], d["date"]) for d in found] == [("于2023年12月31日前", "2023-12-31")]


@pytest.mark.parametrize("text, raw, date", [
    ("2024年春节前，各乡镇应完成困难群众走访。", "2024年春节前", "2024-02-10"),   # the lunar new year of 2024
    ("慰问金原则上春节前发放到位。", "春节前", "2024-02-10"),                  # the next one after the notice's date
    ("确保国庆节前完成道路改造。", "国庆节前", "2023-10-01"),
    ("力争2024年端午节前完成龙舟赛场整修。", "2024年端午节前", "2024-06-10"),
])
def test_a_festival_names_the_day_of_a_time_limit(text, raw, date):
    """春节前 / 国庆节前: the festival's day (a day with 前 is that day), the lunar ones from a table."""
    found = find_deadlines(text, dt.date(2023, 9, 1))
    assert [(d["raw"], d["date"]) for d in found] == [(raw, date)]


@pytest.mark.parametrize("text", [
    "2023年在建且2024年春节前未投运的项目纳入统计。",   # a state, not work to finish
    "春节前后要加强值班值守。",                          # a period around it
    "春节前夕，县领导走访慰问了困难群众。",              # the eve: an event
])
def test_a_festival_that_is_no_time_limit(text):
    assert find_deadlines(text, dt.date(2023, 9, 1)) == []


@pytest.mark.parametrize("text, found", [
    ("对老旧水表实施轮换，在三个月内完成首批8000只水表的轮换工作。", [("在三个月内", "2023-12-01")]),
    ("在三个月内完成整改的企业予以奖励。", []),          # the period qualifies the 企业
    ("在三个月内完成整改的，可申请验收。", []),          # …的，: those who finish within it
])
def test_a_period_before_its_work_whose_object_holds_a_de(text, found):
    """在三个月内完成…的轮换工作: the 的 is inside the work's object, not a noun the period qualifies."""
    assert [(d["raw"], d["date"]) for d in find_deadlines(text, dt.date(2023, 9, 1))] == found


@pytest.mark.parametrize("text, found", [
    ("自2025年11月15日起至2026年1月31日，在全省集中开展欠薪冬季专项行动。", [("自2025年11月15日起至2026年1月31日", "2026-01-31")]),
    ("2025年4月1日至4月30日，组织开展燃气安全隐患排查。", [("2025年4月1日至4月30日", "2025-04-30")]),
    ("2024年8月31日至9月10日，我局开展了专项检查。", []),                 # a past period, reported
    ("自2025年5月1日起至2025年12月31日，购房契税补贴按50%发放。", []),     # a window a measure applies in
])
def test_a_window_opening_its_sentence_times_the_work_after_it(text, found):
    """自…起至…，在全省集中开展…专项行动: the stage of planned work, as 整治工作自…至… (GUIDE)."""
    assert [(d["raw"], d["date"]) for d in find_deadlines(text, dt.date(2025, 3, 12))] == found


def test_a_numbered_stage_named_after_its_window():
    """1.4月初至4月中旬为摸底登记阶段: the window opens the step (its number glued to the month) and the
    stage's name follows it; the stage ends on the window's last day."""
    found = find_deadlines("1.4月初至4月中旬为摸底登记阶段", BASE)
    assert [(d["raw"], d["date"]) for d in found] == [("4月初至4月中旬", "2023-04-20")]
    assert [(d["raw"], d["date"]) for d in find_deadlines("2.5月6日至5月20日为集中整改阶段", BASE)] == [
        ("5月6日至5月20日", "2023-05-20")]


def test_an_undated_report_times_its_stages_in_the_year_of_its_first_dated_limit():
    """A report with no date of its own: 力争2024年6月底前完成 gives the year its yearless stages lead up to;
    a period counted from a start (三个月内) has none to count from."""
    import taizhang

    text = ("关于老旧小区加装电梯工作的报告\n一、总体目标\n力争2024年6月底前完成首批加装任务。\n二、实施步骤\n"
            "1.3月初至3月中旬为摸底调查阶段\n2.3月下旬至5月15日为集中施工阶段\n三、工作要求\n各街道在三个月内完成验收。\n")
    deadlines = [(r.raw, r.date) for r in taizhang.extract(text) if r.type == "deadline"]
    assert deadlines == [("2024年6月底前", "2024-06-30"), ("3月初至3月中旬", "2024-03-20"),
                         ("3月下旬至5月15日", "2024-05-15"), ("在三个月内", None)]
