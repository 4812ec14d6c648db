"""Date grammar shared by the document, deadline and figure extractors.

Complete dates (2021年12月9日, 二〇二一年十二月九日, 2023-07-06 16:16, 2023.7.6,
中华民国110年12月23日) and the calendar arithmetic that partial and relative
time limits need: month ends, adding months or working days, and resolving a
month/day that has no year against the notice's own date, forwards
(deadlines), backwards (截至… as-of dates) or to the nearest (the start a
relative limit counts from).

Years of the Republic of China (民国) are written with their era (中华民国110年)
or, in a notice dated that way, bare (110年): ``roc=True`` reads a bare two-
or three-digit year as one (110 → 2021); is_roc_text() tells such a notice.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
from typing import Callable

from taizhang.extractors.numbers import parse_number

#: Building blocks shared with the deadline grammar (no capture groups inside).
SPACE = r"[ \t\u3000]{0,3}"
CN_YEAR_DIGITS = "〇○零一二三四五六七八九"
ROC_ERA = r"(?:中华|中華)?民[国國]"
ROC_OFFSET = 1911
_ROC_NUMBER = r"[0-9]{1,3}(?![0-9])|[一二三四五六七八九十百〇○零]{1,5}"
YEAR = (rf"{ROC_ERA}{SPACE}(?:{_ROC_NUMBER})"
        rf"|(?<![0-9])[0-9]{{4}}(?![0-9])|(?<![{CN_YEAR_DIGITS}十])[{CN_YEAR_DIGITS}]{{4}}")
#: A bare 民国 year (110年), read only in a notice dated that way (roc=True).
ROC_BARE_YEAR = r"(?<![0-9.])[0-9]{2,3}(?![0-9])"


def year_pattern(roc: bool = False) -> str:
    """The year alternation; with roc, bare two- or three-digit years too (110年 → 2021)."""
    return f"{YEAR}|{ROC_BARE_YEAR}" if roc else YEAR
MONTH = r"(?<![0-9])[0-9]{1,2}(?![0-9])|(?<![一二三四五六七八九十〇○零])(?:十[一二]?|[一二三四五六七八九])"
DAY = r"[0-9]{1,2}(?![0-9])|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"

_FULL_WIDTH = str.maketrans("０１２３４５６７８９／．－：\u3000", "0123456789/.-: ")



@functools.lru_cache(maxsize=None)
def _cn_date(roc: bool) -> re.Pattern:
    return re.compile(
        rf"(?P<y>{year_pattern(roc)}){SPACE}年{SPACE}(?P<m>{MONTH}){SPACE}月{SPACE}(?P<d>{DAY}){SPACE}[日号]?"
    )


# Whether a 民国 date stands anywhere: the era's optional 中华 changes no answer, and a pattern
# that opens with 民 lets the engine skip to each 民 (50× faster on a notice without one).
_ROC_DATED = re.compile(rf"民[国國]{SPACE}(?:{_ROC_NUMBER}){SPACE}年")
_NUM_DATE = re.compile(
    r"(?<![0-9.])(?P<y>[0-9]{4})(?P<sep>[-./])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})(?![0-9])"
)
_TIME_TAIL = re.compile(r"(?:[ T]{1,3}[0-9]{1,2}[:：][0-9]{2}(?:[:：][0-9]{2})?)?")

MIN_YEAR, MAX_YEAR = 1900, 2100


def make_date(year, month, day, clamp: bool = False) -> _dt.date | None:
    """A date from possibly bad parts (None, 2月30日, year 0): None instead of an exception.
    With *clamp*, a day past the month's end by a slip of the writer (2021年9月31日前) is the
    month's last day: the day the notice means, as a reader of it takes it."""
    if year is None or month is None or day is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if clamp and 1 <= month <= 12 and 29 <= day <= 31:
        day = min(day, calendar.monthrange(year, month)[1])
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> _dt.date | None:
    """Last day of a month; month 0 means December of the year before (for 1月前)."""
    if month == 0:
        year, month = year - 1, 12
    if not 1 <= month <= 12:
        return None
    return make_date(year, month, calendar.monthrange(year, month)[1]) if MIN_YEAR <= year <= MAX_YEAR else None


def add_months(d: _dt.date, n: int) -> _dt.date:
    """d + n calendar months, clamping the day (08-31 + 6 months → 02-28), as 在六个月内 needs."""
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    month += 1
    return _dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_workdays(d: _dt.date, n: int) -> _dt.date:
    """d + n working days, skipping Saturdays and Sundays (public holidays are not known)."""
    while n > 0:
        d += _dt.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def resolve_in_year(build: Callable[[int], _dt.date | None], base: _dt.date | None, *,
                    forward: bool) -> _dt.date | None:
    """The date build(year) nearest to base in the given direction.

    Forward (deadlines): the first one not before base, so 9月底前 in a notice
    of 2021-12-09 is 2022-09-30. Backward (as-of): the last one not after base.
    Years where build gives None (2月29日) are skipped.
    """
    if base is None:
        return None
    step = 1 if forward else -1
    for offset in range(0, 5 * step, step):
        candidate = build(base.year + offset)
        if candidate is None:
            continue
        if (candidate >= base) if forward else (candidate <= base):
            return candidate
    return None


def resolve_nearest(build: Callable[[int], _dt.date | None], base: _dt.date | None) -> _dt.date | None:
    """The date build(year) nearest to base, a year either side (自5月1日起 in a notice of
    4月20日 is this May; in a notice of 1月3日, 自12月28日起 is the December just past)."""
    if base is None:
        return None
    candidates = [d for d in (build(base.year + k) for k in (-1, 0, 1)) if d is not None]
    return min(candidates, key=lambda d: abs((d - base).days), default=None)


def resolve_month_day(month: int, day: int | None, base: _dt.date | None, *,
                      forward: bool) -> _dt.date | None:
    """A month and day (or month end when day is None) without a year, resolved against base."""
    if not 1 <= month <= 12:
        return None
    if day is None:
        return resolve_in_year(lambda y: month_end(y, month), base, forward=forward)
    return resolve_in_year(lambda y: make_date(y, month, day), base, forward=forward)


def number(text: str | None) -> int | None:
    """Integer value of an Arabic or Chinese numeral piece, None if absent or not an int."""
    if not text:
        return None
    value = parse_number(text.strip())
    return value if isinstance(value, int) else None


def year_value(text: str | None) -> int | None:
    """The Gregorian year written as *text*: 2021, 二〇二一, 二零零四; 中华民国110, 民国一一〇
    and a bare 110 (a 民国 year, matched only where one may stand) are 2021."""
    if not text:
        return None
    era = re.match(ROC_ERA, text)
    digits = text[era.end():].strip(" \t\u3000") if era else text
    if (era or len(digits) == 4) and digits and all(c in CN_YEAR_DIGITS for c in digits):
        digits = digits.translate(_CN_YEAR_TO_ARABIC)  # 二〇二一, 民国一一〇: digit by digit
    value = number(digits)
    if value is None:
        return None
    return value + ROC_OFFSET if era or value < 1000 else value


_CN_YEAR_TO_ARABIC = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def is_roc_text(text: str) -> bool:
    """Whether the text dates something by the 民国 era (中华民国110年…): then its bare
    two- or three-digit years (110年) are 民国 years too."""
    return bool(_ROC_DATED.search(text or ""))


def _from_match(m) -> _dt.date | None:
    return make_date(year_value(m.group("y")), number(m.group("m")), number(m.group("d")))


def parse_date(text: str, *, roc: bool = False) -> _dt.date | None:
    """A complete date written alone (2021年12月9日, 二〇二一年十二月九日, 2023-07-06 16:16,
    2023.7.6, 2023/7/6, 中华民国110年12月23日); None when it is incomplete (2023年76) or
    impossible (2月30日). With roc, 110年12月23日 is a 民国 date."""
    if not text:
        return None
    cleaned = text.translate(_FULL_WIDTH).strip()
    for pattern in (_cn_date(roc), _NUM_DATE):
        m = pattern.match(cleaned)
        if m and _TIME_TAIL.fullmatch(cleaned, m.end()):
            return _from_match(m)
    return None


def find_dates(text: str, *, roc: bool = False) -> list[tuple[int, int, _dt.date]]:
    """(start, end, date) of every complete, valid date in running text, in text order
    (for 成文日期 and the like); offsets are into *text*. With roc, bare 民国 years too."""
    found = []
    for pattern in (_cn_date(roc), _NUM_DATE):
        for m in pattern.finditer(text):
            d = _from_match(m)
            if d is not None:
                found.append((m.start(), m.end(), d))
    return sorted(found)
