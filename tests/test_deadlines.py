"""Deadline grammar: running text, 完成时限 fields, 截至… as-of dates.

Sentences are written for these tests in 公文 style; the notice date (base) is
2023-03-15 unless a case says otherwise.
"""
from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings, strategies as st

from taizhang.extractors.deadlines import find_as_of, find_deadlines, parse_deadline_field
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
    ("农村危房改造项目须于2023年7月前全部开工。", "于2023年7月前", "2023-06-30", False),
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
    ("收到反馈意见后30日内提交整改方案。", "30日内", "2023-04-14", True),
    ("承办单位应于15个工作日内予以答复。", "于15个工作日内", "2023-04-05", True),
    ("两年内实现行政村污水处理设施全覆盖。", "两年内", "2025-03-15", True),
    # target years
    ("力争到2025年，全市森林覆盖率达到25%以上。", "到2025年", "2025-12-31", False),
    ("到2027年底，基本建成现代化综合交通体系。", "到2027年底", "2027-12-31", False),
    ("到2026年末，清洁取暖率达到90%。", "到2026年末", "2026-12-31", False),
    ("2025年前全面完成燃煤锅炉淘汰任务。", "2025年前", "2025-12-31", False),
    ("争取2024年建成投用。", "2024年", "2024-12-31", False),
    ("确保2023年8月完成设备安装。", "2023年8月", "2023-08-31", False),
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
    "印发《全市国土空间规划（2021—2025年）》。",
    "各项任务年内完成。",
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
    "专项整治行动时间为2023年4月至2023年6月。",
    "从1月到6月，全市共开展联合执法检查12次。",
    "工作组于12月9日前往现场核查。",
    "对能够立行立改的问题要立行立改，需要长期坚持的要持续推进。",
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
    ("2023年6月前", [("date", "2023-05-31", None)]),        # literally before June
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


_ALPHABET = "0123456789年月日底前内之以到至力争确保十四五“”期间截止个季度上半中，。；、 在于每近已"


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


@pytest.mark.parametrize("piece, size", [
    ("确保2023年底前完成整改，截至8月底已完成60%。力争到2025年，“十四五”期间，全市在六个月内", 200_000),
    ("年" * 50, 1_000_000),
    ("2023年" * 10, 1_000_000),
    ("前内到至" * 10, 1_000_000),
    ("1" * 50, 1_000_000),
    ("内蒙古自治区人民政府办公厅关于印发实施方案的通知，", 1_000_000),
])
def test_scan_stays_fast_on_large_single_line_input(piece, size):
    """Pathological and dense single-line inputs: no pattern may backtrack per character."""
    text = (piece * (size // len(piece) + 1))[:size]
    started = time.perf_counter()
    find_deadlines(text, BASE)
    find_as_of(text, BASE)
    assert time.perf_counter() - started < 10
