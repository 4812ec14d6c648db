"""Date grammar: complete dates, month arithmetic, resolution of partial dates against a base."""
from __future__ import annotations

import datetime as dt

import pytest

from taizhang.extractors.dates import (
    add_months, add_workdays, find_dates, is_roc_text, make_date, month_end, parse_date,
    resolve_month_day, resolve_nearest, year_value,
)

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("2021年12月9日", D(2021, 12, 9)),
    ("2021 年 12 月 9 日", D(2021, 12, 9)),
    ("2024年2月29日", D(2024, 2, 29)),
    ("2023年6月1号", D(2023, 6, 1)),
    ("二〇二一年十二月九日", D(2021, 12, 9)),
    ("二○二一年十二月九日", D(2021, 12, 9)),
    ("二〇二四年十月三十一日", D(2024, 10, 31)),
    ("二〇二三年一月二十日", D(2023, 1, 20)),
    ("２０２２年１２月３１日", D(2022, 12, 31)),
    ("2023-07-06", D(2023, 7, 6)),
    ("2023-07-06 16:16", D(2023, 7, 6)),
    ("2023-07-06 16:16:05", D(2023, 7, 6)),
    ("2023.7.6", D(2023, 7, 6)),
    ("2023/7/6", D(2023, 7, 6)),
    ("  2023/12/01 ", D(2023, 12, 1)),
    ("二零零四年一月十六日", D(2004, 1, 16)),
    ("中华民国110年12月23日", D(2021, 12, 23)),
    ("中華民國110年12月23日", D(2021, 12, 23)),
    ("民国三十四年八月十五日", D(1945, 8, 15)),
    ("中華民國一一〇年十二月二十三日", D(2021, 12, 23)),
])
def test_parse_date_complete(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "2023年76",            # characters lost in the source
    "2021年13月1日",        # no month 13
    "2021年2月30日",        # no 30 February
    "2023年2月29日",        # not a leap year
    "2021年12月",           # no day
    "12月9日",              # no year
    "2023-7/6",            # mixed separators
    "20230706",
    "2023-07-06 下午",
    "2021年12月9日前",       # a deadline, not a date written alone
    "",
    "〔2021〕74号",
])
def test_parse_date_rejects(text):
    assert parse_date(text) is None


def test_bare_minguo_year_needs_the_era_flag():
    assert parse_date("110年12月23日") is None
    assert parse_date("110年12月23日", roc=True) == D(2021, 12, 23)
    assert parse_date("2021年12月23日", roc=True) == D(2021, 12, 23)
    assert [d for _, _, d in find_dates("發文日期：110年12月23日", roc=True)] == [D(2021, 12, 23)]
    assert find_dates("發文日期：110年12月23日") == []


@pytest.mark.parametrize("text, year", [
    ("2021", 2021), ("二〇二一", 2021), ("二零零四", 2004), ("中华民国110", 2021),
    ("民国 34", 1945), ("民国一一〇", 2021), ("110", 2021), ("", None),
])
def test_year_value(text, year):
    assert year_value(text) == year


@pytest.mark.parametrize("text, expected", [
    ("發文日期：中華民國110年12月23日", True),
    ("中華民國一一〇年十二月", True),
    ("民国时期的老建筑得到修缮。", False),
    ("2021年12月23日", False),
    ("民國34年抗戰勝利", True),                 # the era without 中华
    ("县人民政府2021年工作要点", False),         # 民 without 国 and its year
])
def test_is_roc_text(text, expected):
    assert is_roc_text(text) is expected


@pytest.mark.parametrize("month, day, base, expected", [
    (5, 1, D(2023, 4, 20), D(2023, 5, 1)),
    (12, 28, D(2023, 1, 3), D(2022, 12, 28)),
    (1, 5, D(2023, 12, 20), D(2024, 1, 5)),
])
def test_resolve_nearest(month, day, base, expected):
    assert resolve_nearest(lambda y: make_date(y, month, day), base) == expected


def test_resolve_nearest_without_base():
    assert resolve_nearest(lambda y: make_date(y, 1, 1), None) is None


def test_find_dates_in_running_text():
    text = "本方案自2023年5月1日起施行，信息更新于：2023-07-06 16:16，2023年2月30日无效。"
    assert [d for _, _, d in find_dates(text)] == [D(2023, 5, 1), D(2023, 7, 6)]
    start, end, _ = find_dates(text)[0]
    assert text[start:end] == "2023年5月1日"


def test_find_dates_ignores_phone_and_document_numbers():
    assert find_dates("联系电话：0477-8581234，文号鄂府办发〔2022〕109号") == []


@pytest.mark.parametrize("start, months, expected", [
    (D(2024, 8, 31), 6, D(2025, 2, 28)),
    (D(2023, 8, 31), 6, D(2024, 2, 29)),
    (D(2021, 12, 9), 6, D(2022, 6, 9)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2023, 11, 15), 2, D(2024, 1, 15)),
    (D(2023, 3, 15), 12, D(2024, 3, 15)),
    (D(2023, 3, 31), -1, D(2023, 2, 28)),
])
def test_add_months_clamps_day(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize("start, days, expected", [
    (D(2023, 3, 15), 15, D(2023, 4, 5)),    # Wednesday + 3 working weeks
    (D(2023, 3, 17), 1, D(2023, 3, 20)),    # Friday + 1 → Monday
    (D(2023, 3, 18), 1, D(2023, 3, 20)),    # Saturday + 1 → Monday
    (D(2023, 3, 15), 0, D(2023, 3, 15)),
])
def test_add_workdays_skips_weekends(start, days, expected):
    assert add_workdays(start, days) == expected


@pytest.mark.parametrize("year, month, expected", [
    (2023, 2, D(2023, 2, 28)),
    (2024, 2, D(2024, 2, 29)),
    (2023, 12, D(2023, 12, 31)),
    (2023, 0, D(2022, 12, 31)),   # the month before January
    (2023, 13, None),
])
def test_month_end(year, month, expected):
    assert month_end(year, month) == expected


@pytest.mark.parametrize("parts", [(2023, 2, 29), (None, 1, 1), (2023, 4, 31), (1800, 1, 1)])
def test_make_date_returns_none_for_bad_parts(parts):
    assert make_date(*parts) is None


@pytest.mark.parametrize("parts, expected", [((2021, 9, 31), D(2021, 9, 30)), ((2023, 2, 29), D(2023, 2, 28)),
                                             ((2024, 2, 30), D(2024, 2, 29)), ((2023, 4, 31), D(2023, 4, 30))])
def test_a_day_past_the_month_s_end_is_its_last_day(parts, expected):
    """9月31日 is a writer's slip for the month's last day (2021年9月31日前完成 → 2021-09-30)."""
    assert make_date(*parts, clamp=True) == expected
    assert make_date(*parts) is None


@pytest.mark.parametrize("month, day, base, forward, expected", [
    # deadlines resolve forwards: 9月底前 in a notice of 2021-12-09 is next September
    (9, None, D(2021, 12, 9), True, D(2022, 9, 30)),
    (12, 31, D(2021, 12, 9), True, D(2021, 12, 31)),
    (12, 9, D(2021, 12, 9), True, D(2021, 12, 9)),
    (2, None, D(2023, 3, 15), True, D(2024, 2, 29)),
    (2, 29, D(2021, 3, 1), True, D(2024, 2, 29)),
    # as-of dates resolve backwards: 截至8月底 in that notice is this August
    (8, None, D(2021, 12, 9), False, D(2021, 8, 31)),
    (12, None, D(2022, 1, 5), False, D(2021, 12, 31)),
    (3, 15, D(2023, 3, 15), False, D(2023, 3, 15)),
    (9, 19, D(2023, 3, 15), False, D(2022, 9, 19)),
])
def test_resolve_month_day(month, day, base, forward, expected):
    assert resolve_month_day(month, day, base, forward=forward) == expected


@pytest.mark.parametrize("month, day, base", [(13, None, D(2023, 1, 1)), (2, 30, D(2023, 1, 1)),
                                              (6, 1, None)])
def test_resolve_month_day_none(month, day, base):
    assert resolve_month_day(month, day, base, forward=True) is None
