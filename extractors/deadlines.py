"""Deadline grammar of 公文: time limits in 完成时限 fields and in running text, stages of
planned work, and 截至… as-of dates.

A time expression (2021年12月31日, 9月底, 年底, 上半年, 三季度, 2025年…) is a
deadline in running text only when the text marks it as a limit: a "before"
suffix (前/以前/之前), a "within" suffix on a period (上半年内, 年内), a target
verb / "by" preposition in front (力争, 确保, 到), or a completion verb after it
(6月底完成, 8月份结束). Bare dates are events (2023年7月制定), spans (1—7月) or
attributes (2020年度). Relative periods (在六个月内, 三年内) count from the date
the text gives for them (自印发之日起15天内) or the notice's date, never from a
case's own event (成交后1年内). Five-year plans used adverbially (“十四五”期间，…)
are limits too, and so is the last day of a window that is the time of the
work itself: a stage (第一阶段（8月15日—9月15日）) or a work subject
(整治工作自印发之日起至11月20日). Partial dates take their year from the
notice's date, forwards; a limit already past at the notice's date is a report.

Inputs are normalized text; offsets are into the string given. Every word
list comes from pipeline/data/deadlines.yaml; patterns are compiled once (per
era: ``roc=True`` reads bare 民国 years) and use only bounded quantifiers, and
every context check looks at a bounded window, so a scan is linear in the text
length.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import functools
import re
from types import SimpleNamespace

from taizhang.extractors.dates import (
    DAY, MONTH, SPACE as S, add_months, add_workdays, make_date, month_end, number,
    resolve_in_year, resolve_nearest, year_pattern, year_value,
)
from taizhang.pipeline.lexicon import alternation, load

LEX = load("deadlines")
CN_NUMERAL = "〇○零一二三四五六七八九十两百"
DATE_CHARS = set("0123456789年月日号" + CN_NUMERAL)
#: What the start of a window may end with, just before its range mark (2021年初至…).
START_END_CHARS = DATE_CHARS | set("初底末旬份")
SPACES = " \t\u3000"


def _alt(key: str) -> str:
    return alternation(LEX[key])


def _lookahead_not(key: str) -> str:
    return f"(?!{_alt(key)})"


# ---------------------------------------------------------------- patterns

def _unique_names(pattern: str) -> str:
    """Rename repeated named groups (m, d, end… in several branches) to m_1, m_2… so that the
    stdlib ``re`` accepts the pattern; _groups() folds them back."""
    counts: dict[str, int] = {}
    for name in re.findall(r"\(\?P<(\w+)>", pattern):
        counts[name] = counts.get(name, 0) + 1
    seen: dict[str, int] = {}

    def rename(m):
        name = m.group(1)
        if counts[name] == 1:
            return m.group()
        seen[name] = seen.get(name, 0) + 1
        return f"(?P<{name}_{seen[name]}>"

    return re.sub(r"\(\?P<(\w+)>", rename, pattern)


def _compile(pattern: str) -> re.Pattern:
    return re.compile(_unique_names(pattern))


_NAMES: dict[int, tuple[str, ...]] = {}   # id(pattern) → names; patterns live as long as the module


def _written_names(rx: re.Pattern) -> tuple[str, ...]:
    """Group names of rx in group order, as written (m_2 → m). Keyed by id: hashing a
    compiled pattern hashes its whole code, which would cost more than the match."""
    names = _NAMES.get(id(rx))
    if names is None:
        by_index = {i: name.split("_")[0] for name, i in rx.groupindex.items()}
        names = _NAMES[id(rx)] = tuple(by_index.get(i, "") for i in range(1, rx.groups + 1))
    return names


def _groups(m) -> dict:
    """The match's non-empty groups under their written names (m_2 → m)."""
    out = {}
    for name, value in zip(_written_names(m.re), m.groups()):
        if value is not None and name and name not in out:
            out[name] = value
    return out


def _first_chars(*keys: str) -> str:
    return "".join(sorted({w[0] for k in keys for w in LEX[k]}))


_TO_BLOCKERS = "".join(LEX["to_blockers"])
# A blocker that ends a noun is no verb: 指导思想到2020年 (a heading run into its text).
_TO_UNBLOCKED = "".join(rf"(?<={re.escape(w)})" + "|" for w in LEX["to_blocker_nouns"])
_WITHIN = _alt("within_suffixes")
_LEAD = (
    rf"(?:(?P<verb>{_alt('target_verbs')}){S})?"
    rf"(?:(?:{_TO_UNBLOCKED}(?<![{_TO_BLOCKERS}]))(?P<to>{_alt('to_words')})|(?P<prep>{_alt('weak_preps')}))?{S}"
)
_END = rf"(?P<end>{_alt('end_words')})"
# 12月22日（星期二）: the weekday written after the day.
_WEEKDAY = rf"(?:{S}[（(](?:星期|周|礼拜)[一二三四五六日天][）)])?"
# 11月17日17:00, 11月17日下午5时, 下午5:00, 下班: the hour does not change the day.
_CLOCK = (
    rf"(?:{S}(?:(?:{_alt('clock_prefixes')})?{S}(?:[0-9]{{1,2}}[:：][0-9]{{2}}"
    rf"|(?:[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}}){S}"
    rf"(?:{_alt('clock_marks')})(?:{S}[0-9]{{1,2}}{S}分|整|半)?)|{_alt('clock_words')}))?"
)
_MONTH_BODY = (
    rf"(?P<m>{MONTH}){S}月份?(?:{S}(?:(?P<d>{DAY}){S}[日号]{_WEEKDAY}{_CLOCK}"
    rf"|(?P<xun>{_alt('ten_day_periods')})|{_END}))?"
)
_QUARTER_BODY = rf"第?(?P<q>[一二三四1-4]){S}季度{_END}?"
_HALF_BODY = rf"(?P<h>{_alt('half_years')}){_END}?"
_REL_MONTH_BODY = rf"(?P<rm>{_alt('relative_months')}){_END}?"
_BARE_MONTH_END = rf"(?<![0-9{CN_NUMERAL}])(?P<bm>月){_END}"
_BARE_YEAR_END = rf"(?<![0-9{CN_NUMERAL}年])年{_END}"
_YEAR_WITHIN_BLOCKERS = "".join(LEX["year_within_blockers"])
_BARE_YEAR_WITHIN = rf"(?<![0-9{CN_NUMERAL}年{_YEAR_WITHIN_BLOCKERS}])(?P<yw>年)(?={S}(?:{_WITHIN}))"
_YEAR_TAIL = (rf"(?:{S}(?:{_MONTH_BODY}|{_QUARTER_BODY}|{_HALF_BODY}|年?{_END}"
              rf"|年(?={S}(?:{_WITHIN}))))?")
_UNDATED = (rf"{_MONTH_BODY}|{_QUARTER_BODY}|{_HALF_BODY}|{_REL_MONTH_BODY}"
            rf"|{_BARE_MONTH_END}|{_BARE_YEAR_END}")
_TAIL = (
    rf"(?:{S}(?:(?P<suf>{_alt('before_suffixes')}){_lookahead_not('suffix_blockers')}"
    rf"|(?P<inn>{_WITHIN})))?"
)

_NUMBER = rf"(?<![0-9{CN_NUMERAL}月])(?:[0-9]{{1,3}}|[{CN_NUMERAL}]{{1,4}})"
_PERIOD_CORE = (rf"(?:(?P<n>{_NUMBER}){S}(?P<unit>{alternation(LEX['period_units'])})"
                rf"|(?P<fixed>{alternation(LEX['fixed_periods'])}))")
_PERIOD_PREP = rf"(?:(?P<prep>{_alt('weak_preps')}){S})?"
PERIOD_RX = _compile(rf"{_PERIOD_PREP}(?P<time>{_PERIOD_CORE}{S}(?P<inn>{_WITHIN}))")
# In a time-limit slot the slot says "within": 整改期限：15天.
PERIOD_SLOT_RX = _compile(rf"{_PERIOD_PREP}(?P<time>{_PERIOD_CORE}(?:{S}(?P<inn>{_WITHIN}))?)")

_QUOTES = load("common")["quotes"]
_QUOTES_OPEN, _QUOTES_CLOSE = "".join(q[0] for q in _QUOTES) + '"', "".join(q[1] for q in _QUOTES) + '"'
PLAN_RX = _compile(
    _LEAD + rf"(?P<time>[{_QUOTES_OPEN}]?(?P<plan>{alternation(LEX['five_year_plans'])})[{_QUOTES_CLOSE}]?{S}"
    rf"(?P<per>{_alt('five_year_periods')})(?:{_WITHIN})?)"
)

# Not after 的: 能够短期内整改的要立行立改 states a rule for a class of problems.
# …开展全面排查，发现问题立行立改。: the clause may name the condition it applies on (a find).
IMMEDIATE_CLAUSE_RX = re.compile(rf"(?<=[，,；;：:]){S}(?:(?:{_alt('immediate_conditions')}){S})?"
                                 rf"(?P<imm>{_alt('immediate_running')}){S}(?=[。；;]|$)")
IMMEDIATE_RX = re.compile(
    rf"(?<!的)(?P<modal>{_alt('immediate_modals')}){S}(?P<imm>{_alt('immediate_running')})(?!{S}的)"
)

# Trying a long pattern at every position costs about 0.5 µs a character. Every time
# expression holds a key (年, 月, 季度; 内 ends a relative period; 五 is in every plan name),
# and keys are about 1% of 公文 text, so patterns are tried only at the possible starts
# (a digit, a numeral, a lead word…) shortly before a key: see _anchored.
_LEAD_FIRST = _first_chars("target_verbs", "to_words", "weak_preps")


def _start_rx(extra: str) -> re.Pattern:
    """Where a match may start: the first digit of a number, or one of *extra*."""
    return re.compile(rf"(?<![0-9])[0-9]|(?<![{CN_NUMERAL}])[{CN_NUMERAL}]|[{re.escape(extra)}]")


TIME_KEY = re.compile("[年月季]")
_TIME_START_EXTRA = (_LEAD_FIRST + _first_chars("relative_years", "relative_months", "half_years")
                     + "第年月中民")
PERIOD_KEY, PERIOD_START = re.compile("内"), _start_rx(_first_chars("weak_preps", "fixed_periods"))
_SLOT_UNIT_LAST = "".join(sorted({w[-1] for w in list(LEX["period_units"]) + list(LEX["fixed_periods"])}))
PERIOD_SLOT_KEY = re.compile(f"[{re.escape(_SLOT_UNIT_LAST)}内]")
# a character every plan name holds (五 of 十四五)
PLAN_KEY = re.compile("[" + "".join(sorted(set.intersection(*map(set, LEX["five_year_plans"])))) + "]")
PLAN_START = _start_rx(_LEAD_FIRST + _QUOTES_OPEN)
_MARK_AFTER = re.compile(f"[{''.join(sorted({w[-1] for w in LEX['before_suffixes'] + LEX['within_suffixes']}))}]")
_LEAD_BEFORE = re.compile(alternation(LEX["target_verbs"] + LEX["to_words"]))
_COMPLETION_NEAR = re.compile(alternation(LEX["completion_verbs"] + LEX["target_attainments"]))
AS_OF_KEY, AS_OF_START = re.compile("[截]"), re.compile("截")
_RANGE_KEY = re.compile("[" + re.escape("".join(w for w in LEX["range_marks"] if len(w) == 1)) + "]")
_PLAN_NAME = re.compile(alternation(LEX["five_year_plans"]))
_IMMEDIATE_WORD = re.compile(_alt("immediate_running"))
# What one of the scanners of _scan needs in the text, in running text and in a time-limit
# slot: its key, a plan's name or a 立行立改-style word. Most paragraphs hold none, and one
# search says so.
# 春节前, 2020年春节前, 国庆节前完成: a time limit named by a festival (see deadlines.yaml).
_FESTIVALS = sorted(set(LEX["festival_days"]) | set(LEX["lunar_festivals"]) | set(LEX["festival_aliases"]),
                    key=len, reverse=True)
_FESTIVAL_KEY = re.compile(alternation(_FESTIVALS))
_RUNNING_KEY = re.compile("|".join(rx.pattern for rx in (TIME_KEY, PERIOD_KEY, _RANGE_KEY, _PLAN_NAME,
                                                         _IMMEDIATE_WORD, _FESTIVAL_KEY)))
_SLOT_KEY = re.compile("|".join(rx.pattern for rx in (TIME_KEY, PERIOD_SLOT_KEY, _RANGE_KEY, _PLAN_NAME,
                                                      _FESTIVAL_KEY)))

# A month or quarter later in the clause: a year before it only frames that limit
# (确保2022年发行专项债券资金8月底前使用完毕).
_LATER_TIME = re.compile(rf"(?:{MONTH}){S}月|季度|{_alt('half_years')}")
# A named year heading a clause that states a target figure: 2025年每千人口拥有托位数达4.5个.
_ATTAINS = re.compile(rf"[，,]?[^，,。；;（(\n]{{0,30}}?(?:{_alt('target_attainments')}){S}[0-9]")
_PAST_AFTER = re.compile(rf"{S}[，,]?{S}[^，,；;。]{{0,4}}?(?:{_alt('past_markers')})")
_COMPLETES = re.compile(
    rf"{S}(?:{_alt('completion_modals')})?{S}(?:{_alt('completion_adverbs')})?{S}(?:{_alt('completion_verbs')})"
    rf"(?!{_alt('completed_tails')})"
)
_FOLLOWER = re.compile(rf"{S}(?:[{''.join(LEX['adverbial_separators'])}]|{_alt('five_year_followers')})")
_PHRASE_RX = re.compile(rf"(?P<immediate>{_alt('immediate')})|(?P<ongoing>{_alt('ongoing')})")
_CLAUSE_SPLIT = re.compile(
    rf"[{''.join(LEX['milestone_separators'])}]"
    rf"|(?:{_alt('connectors')})(?=(?:{_alt('ongoing')}|{_alt('immediate')}))"
)
_CONNECTOR_CHARS = "".join(LEX["connectors"]) + SPACES
_FULL_WIDTH = str.maketrans("０１２３４５６７８９\u3000", "0123456789 ")
# Clause and sentence ends for the bounded context checks.
_CLAUSE_END = re.compile(r"[，,；;。！？!?\n]")
_SENTENCE_END = re.compile(r"[；;。！？!?\n]")
# An item number opening a clause: 1. / 1、 / （一） / 一、 (a stage's own heading).
_ITEM_MARKER = re.compile(
    rf"[{SPACES}]{{0,3}}(?:[0-9]{{1,2}}[.．、](?![0-9])|[0-9]{{1,2}}[.．](?=[0-9]{{1,2}}月|(?:19|20)[0-9]{{2}}年)"
    rf"|[（(][一二三四五六七八九十0-9]{{1,3}}[）)]"
    rf"|[一二三四五六七八九十]{{1,3}}[、.．])"
)
# The links at a subject's end (at most three, as 阶段时间为（), stripped in one match.
_WINDOW_LINKS_TAIL = re.compile(rf"(?:(?:{_alt('window_links')})[{SPACES}]{{0,3}}){{1,3}}$")
_SUBJECT_ENDS = tuple(LEX["work_subjects"] + LEX["stage_words"])


@functools.lru_cache(maxsize=None)
def _grammar(roc: bool) -> SimpleNamespace:
    """The patterns that hold a year, for one way of writing years (roc: bare 民国 years too)."""
    year = year_pattern(roc)
    dated = rf"(?:(?P<y>{year}){S}年(?!度)|(?P<ry>{_alt('relative_years')})){_YEAR_TAIL}"
    time = rf"{dated}|{_UNDATED}"
    return SimpleNamespace(
        TIME_RX=_compile(rf"{_LEAD}(?P<time>{time}|{_BARE_YEAR_WITHIN}){_TAIL}"),
        TIME_START=_start_rx(_TIME_START_EXTRA),
        AS_OF_RX=_compile(
            rf"(?P<mk>{_alt('as_of_markers')})(?:{_alt('as_of_links')})?{S}"
            rf"(?:{time}|(?P<now>{_alt('as_of_now')})(?!年))"
        ),
        # The end of a window, right after its range mark: 至2020年11月20日, —9月15日止.
        WINDOW_END_RX=_compile(rf"{S}(?P<time>{time}){_TAIL}(?:{S}(?:{_alt('window_closers')}))?"),
        # Where a window's start begins inside its clause: 自/从, or the first time expression.
        WINDOW_START_RX=re.compile(
            rf"(?:{_alt('window_openers')})(?={S}(?:[0-9〇○零一二三四五六七八九十]|{_alt('window_opener_followers')}))"
            rf"|(?:{year}){S}年|(?:{MONTH}){S}月|即日(?={S}起)"
            rf"|{_alt('relative_years')}|{_alt('relative_months')}"
        ),
        YEAR_RX=re.compile(rf"(?P<y>{year}){S}年"),
        ANCHOR_DATE_RX=re.compile(
            rf"(?:(?P<y>{year}){S}年{S})?(?P<m>{MONTH}){S}月{S}(?P<d>{DAY}){S}[日号]"
        ),
    )


# ---------------------------------------------------------------- records

def _iso(d: _dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _record(start, end, text, kind, date=None, milestone=None, base_date=None, status="ok") -> dict:
    record = {"start": start, "end": end, "raw": text[start:end], "kind": kind,
              "date": _iso(date), "milestone": milestone, "base_date": _iso(base_date)}
    if status == "impossible":
        record["warning"] = {
            "code": "impossible_date",
            "message": f"{record['raw']} names a day the calendar does not have; "
                       + (f"read as the month's last day, {record['date']}" if record["date"]
                          else "kept as written, without a date"),
        }
    return record


# ---------------------------------------------------------------- resolution

def _period_end(g: dict, year: int, clamp: bool = False) -> _dt.date | None:
    """Last day of the period named by the match groups *g* in *year* (*clamp*: 9月31日 as the
    30th, where the year is written: make_date)."""
    if g.get("m"):
        month = number(g["m"])
        if month is None or not 1 <= month <= 12:
            return None
        if g.get("d"):
            return make_date(year, month, number(g["d"]), clamp=clamp)
        if g.get("xun"):
            end = month_end(year, month)
            day = LEX["ten_day_periods"][g["xun"]]
            return end.replace(day=min(day, end.day)) if end else None
        return month_end(year, month)  # 6月底, 6月前 (to the end of June, as 2025年前)
    if g.get("q"):
        return month_end(year, 3 * (number(g["q"]) or 0))
    if g.get("h"):
        return month_end(year, LEX["half_years"][g["h"]])
    return make_date(year, 12, 31)


def _shape_is_valid(g: dict) -> bool:
    """Whether the parts could name a day at all (month 1–12, day 1–31, a plausible year);
    2021年9月31日 passes (it is impossible, not nonsense), 13月 and 32日 do not."""
    if g.get("y"):
        year = year_value(g["y"])
        if year is None or not 1900 <= year <= 2100:
            return False
    if g.get("m"):
        month = number(g["m"])
        if month is None or not 1 <= month <= 12:
            return False
    if g.get("d"):
        day = number(g["d"])
        if day is None or not 1 <= day <= 31:
            return False
    return True


def _resolve(g: dict, base: _dt.date | None, *, forward: bool, year: int | None = None):
    """(date, base_date, status) for a time expression; status is "ok", "impossible"
    (2021年9月31日: the month's last day, with a warning) or "invalid" (13月: not a date at
    all). *year* stands in for a missing year (a window's end takes its start's)."""
    if not _shape_is_valid(g):
        return None, None, "invalid"
    date, base_date, status = _resolved(g, base, forward=forward, year=year)
    if status == "ok" and date is not None and g.get("d") and not g.get("xun") and date.day != number(g["d"]):
        status = "impossible"       # make_date took 9月31日 as the 30th
    return date, base_date, status


def _resolved(g: dict, base: _dt.date | None, *, forward: bool, year: int | None = None):
    if g.get("y") or year is not None:
        if g.get("y"):
            year = year_value(g["y"])
        elif g.get("ry"):
            year += LEX["relative_years"][g["ry"]]     # 2024年12月1日至次年4月30日: the start's next year
        d = _period_end(g, year, clamp=True)
        return d, None, "ok" if d else "impossible"
    if _period_end(g, 2000) is None:   # 2月30日, 4月31日: no year has them (2000 is leap)
        return None, None, "impossible"
    if base is None:
        return None, None, "ok"
    if g.get("ry"):
        return _period_end(g, base.year + LEX["relative_years"][g["ry"]]), base, "ok"
    if g.get("rm") or g.get("bm"):
        shifted = add_months(base.replace(day=1), LEX["relative_months"].get(g.get("rm"), 0))
        return month_end(shifted.year, shifted.month), base, "ok"
    return resolve_in_year(lambda y: _period_end(g, y), base, forward=forward), base, "ok"


def _period_date(g: dict, base: _dt.date | None) -> _dt.date | None:
    """base + a relative period (在六个月内, 15个工作日内, 半年内)."""
    if base is None:
        return None
    if g.get("fixed"):
        how, amount = LEX["fixed_periods"][g["fixed"]]
    else:
        n = number(g["n"])
        if not n:
            return None
        how, step = LEX["period_units"][g["unit"]]
        amount = n * step
    if how == "months":
        return add_months(base, amount)
    if how == "workdays":
        return add_workdays(base, amount)
    return base + _dt.timedelta(days=amount)


# ---------------------------------------------------------------- context checks

def _before(text: str, pos: int, width: int = 4) -> str:
    return text[max(0, pos - width):pos].rstrip(SPACES)


def _back_to_last(text: str, pos: int, width: int, ends: re.Pattern) -> str:
    """The text from the last of *ends* in the *width* characters before pos, up to pos."""
    window = text[max(0, pos - width):pos]
    cut = 0
    for m in ends.finditer(window):
        cut = m.end()
    return window[cut:]


def _clause_before(text: str, pos: int, width: int = 30) -> str:
    """The text from the start of pos's clause (at most *width* back) to pos."""
    return _back_to_last(text, pos, width, _CLAUSE_END)


def _sentence_before(text: str, pos: int, width: int = 80) -> str:
    return _back_to_last(text, pos, width, _SENTENCE_END)


def _clause_after(text: str, pos: int, width: int = 24) -> str:
    window = text[pos:pos + width]
    m = _CLAUSE_END.search(window)
    return window[:m.start()] if m else window


@functools.lru_cache(maxsize=None)
def _words(key: str) -> tuple[str, ...]:
    return tuple(LEX[key])


def _ends_with_any(text: str, key: str) -> bool:
    return text.endswith(_words(key))


def _is_range_end(text: str, pos: int) -> bool:
    """True when a range mark sits just before pos after a date (8月31日至9月10日, 1—7月)."""
    before = _before(text, pos)
    if not before or before[-1] not in LEX["range_marks"]:
        return False
    rest = before[:-1].rstrip(SPACES)
    return bool(rest) and rest[-1] in START_END_CHARS


def _follows_a_start(text: str, pos: int) -> bool:
    """True when pos comes right after a window's start (2023年4月|至…, 之日起|至…)."""
    before = _before(text, pos, 6)
    return bool(before) and (before[-1] in START_END_CHARS or _ends_with_any(before, "window_start_tails"))


def _is_recurring(text: str, pos: int) -> bool:
    return _ends_with_any(_before(text, pos), "recurring_markers")


def _is_done(text: str, pos: int) -> bool:
    """已于9月底前完成: the limit was met already, a report."""
    return _ends_with_any(_before(text, pos), "done_markers")


def _took_so_long(text: str, pos: int) -> bool:
    """历时4个月，于2021年1月13日完成: a sentence that says how long the work took reports a bare
    date as the day it was done (a limit has its 前, 底 or 内: 历时3个月，于6月30日前完成)."""
    return any(w in _sentence_before(text, pos) for w in LEX["duration_reports"])


def _is_permitted(text: str, start: int, end: int) -> bool:
    """可于2023年底前补缴, 允许…剩余尾款在一年内交清, 签订一年内付清即可: a time a case may act by;
    借款人应于…前归还: one a private party must act by."""
    if _ends_with_any(_clause_before(text, start, 8).rstrip(SPACES), "permission_leads"):
        return True
    if _clause_before(text, start).lstrip(SPACES).startswith(tuple(LEX["private_subjects"])):
        return True
    around = _sentence_before(text, start) + _clause_after(text, end)
    return any(w in around for w in LEX["permission_words"])


def _completes(text: str, end: int) -> bool:
    """A completion verb right after a bare time (6月底完成, 8月份结束), not 完成了."""
    return bool(_COMPLETES.match(text, end))


def _start_of(m) -> int:
    """Records start at the preposition (到2025年, 在六个月内), not at a target verb."""
    for name in ("to", "prep"):
        if name in m.re.groupindex and m.group(name):
            return m.start(name)
    return m.start("time")


def _is_target_year(g: dict, m, text: str, base) -> bool:
    """2025年每千人口拥有托位数达4.5个: a year of the notice or later, heading its clause,
    whose clause states a figure to attain (a target, as 到2025年). Needs the notice's date:
    without it a report's 2019年全市GDP达到… would pass."""
    if not (g.get("y") and _year_only(g)) or base is None or (year_value(g["y"]) or 0) < base.year:
        return False
    before = _before(text, m.start(), 1)
    return (not before or _CLAUSE_END.match(before[-1]) is not None) and bool(_ATTAINS.match(text, m.end()))


def _is_limit(m, text: str, base=None) -> bool:
    """Whether a time expression in running text is marked as a time limit."""
    g = _groups(m)
    marked = g.get("suf") or g.get("inn") or g.get("verb") or g.get("to")
    if not marked and not (_completes(text, m.end()) or _is_target_year(g, m, text, base)):
        return False  # a bare date: an event, a span or an attribute
    if g.get("inn") and g.get("d"):
        return False  # a day is no period: 3月7日内签 is a memo dated 3月7日
    if _is_recurring(text, m.start("time")) or _is_range_end(text, m.start("time")):
        return False
    if g.get("to") and _follows_a_start(text, m.start("to")):
        return False  # the end of a window (2023年4月至6月): _window_records decides
    start = _start_of(m)
    if _is_done(text, start) or _is_permitted(text, start, m.end()):
        return False
    if not (g.get("suf") or g.get("inn")) and _took_so_long(text, start):
        return False
    if g.get("yw") and _is_forecast(text, m.start("time"), m.end()):
        return False
    if (g.get("verb") or g.get("to")) and not (g.get("suf") or g.get("inn")):
        if g.get("verb") and not g.get("to") and _year_only(g) \
                and _LATER_TIME.search(_clause_after(text, m.end())):
            return False
        return not _PAST_AFTER.match(text, m.end())  # 到2022年底，已完成…
    return True


def _is_forecast(text: str, start: int, end: int) -> bool:
    """将在年内陆续开工, 年内计划完成投资175亿元: a bare 年内 that forecasts or plans."""
    return (_ends_with_any(_before(text, start), "forecast_markers")
            or any(_clause_after(text, end, 6).lstrip(SPACES).startswith(w) for w in LEX["plan_followers"]))


def _year_only(g: dict) -> bool:
    return bool(g.get("y") or g.get("ry")) and not any(g.get(k) for k in ("m", "q", "h", "end"))


def _is_adverbial_plan(m, text: str, base: _dt.date | None) -> bool:
    """“十四五”期间 is a limit when it heads a clause, not when it modifies a noun."""
    if m.group("to") or m.group("verb"):
        return True
    if base and LEX["five_year_plans"][m.group("plan")] < base.year:
        return False  # a past plan: a report of results, not a limit
    return bool(_FOLLOWER.match(text, m.end()))


# ---------------------------------------------------------------- scanners

def _anchored(rx, key_rx, start_rx, text: str, back: int = 20, ahead: int = 40, gate=None):
    """Like rx.finditer(text) for a pattern whose every match holds a key character at most
    *back* characters after its start and *ahead* before its end: rx is tried only at the
    possible starts (start_rx) before each key, leftmost first, and at most once at each.
    Keys where gate(text, key_offset) is false are skipped."""
    done = 0  # nothing before this offset is tried again
    for k in key_rx.finditer(text):
        p = k.start()
        if p < done or (gate is not None and not gate(text, p)):
            continue
        for c in start_rx.finditer(text, max(done, p - back), p + 1):
            done = c.start() + 1
            m = rx.match(text, c.start(), p + ahead)
            if m is not None and m.end() > p:
                yield m
                done = m.end()
                break


def _marked_near(text: str, p: int) -> bool:
    """Cheap test that a key at p may belong to a limit: a suffix or a completion verb after
    it, or a lead before it."""
    return bool(_MARK_AFTER.search(text, p, p + 30) or _COMPLETION_NEAR.search(text, p, p + 30)
                or _LEAD_BEFORE.search(text, max(0, p - 20), p))


def _time_records(text: str, base, G, *, running: bool) -> list[dict]:
    out = []
    gate = _marked_near if running else None
    for m in _anchored(G.TIME_RX, TIME_KEY, G.TIME_START, text, gate=gate):
        if running and not _is_limit(m, text, base):
            continue
        if not running and _is_recurring(text, m.start("time")):
            continue
        d, used_base, status = _resolve(_groups(m), base, forward=True)
        if status == "invalid" or (running and d and base and d < base):
            continue  # not a date, or a limit already past at the notice's date: a report
        out.append(_record(_start_of(m), m.end(), text, "date", d, base_date=used_base, status=status))
    return out


def _anchor_base(text: str, start: int, base, G):
    """(counts, base) for a relative period starting at *start*: from the date its anchor
    gives (自2023年5月1日起), from the notice's date (自印发之日起, or no anchor), or not a
    deadline at all (成交后1年内: a case's own event)."""
    before = _clause_before(text, start).rstrip(SPACES)
    if _ends_with_any(before, "event_verbs"):
        return False, None
    if not _ends_with_any(before, "period_anchors"):
        return True, base
    opener = max(before.rfind(w) for w in LEX["anchor_starts"])
    anchor = before[opener:] if opener >= 0 else before
    m = G.ANCHOR_DATE_RX.search(anchor)
    if m:
        month, day = number(m.group("m")), number(m.group("d"))
        if m.group("y"):
            return True, make_date(year_value(m.group("y")), month, day)
        return True, resolve_nearest(lambda y: make_date(y, month, day), base)
    if any(w in anchor for w in LEX["notice_events"]):
        return True, base
    return False, None


#: What follows a noun that a period qualifies (…完成整改的企业予以奖励, …的单位可申请).
_PREDICATE_AFTER = re.compile("予以|给予|可以|可|将|应|须|要|不得|不再|享受|享有|列入|纳入|视为|按|由|为|是")


def _is_condition(text: str, m) -> bool:
    """离校2年内未就业的, 6个月内（含6个月）…, 应于三十年内开放应用之规定, 28天内有境外旅居史:
    a period that qualifies a noun, states a condition or a cited rule, unless an order stands
    before it (的 only)."""
    after = _clause_after(text, m.end())
    if any(after.lstrip(SPACES).startswith(w) for w in LEX["condition_starts"]):
        return True
    if any(after.startswith(w) for w in LEX["condition_followers"] if len(w) > 1 and w[0] in "（("):
        return True
    if any(w in after for w in LEX["condition_followers"] if w.endswith("规定")):
        return True
    if "的" in after:
        tail = after[after.rfind("的") + 1:].strip(SPACES)
        if _COMPLETES.match(text, m.end()) and tail and not _PREDICATE_AFTER.search(tail):
            return False    # 在三个月内完成首批8000只水表的轮换工作: the 的 is inside the work's object
            #                 (not 6个月内完成整改的企业予以奖励: a predicate follows the noun)
        before = _clause_before(text, m.start(), 12)
        return not any(w in before for w in LEX["period_modals"])
    return False


def _after_a_case(text: str, start: int) -> bool:
    """不符合条件的，应于2个工作日内一次性告知: a period after a clause naming a case (…的，)
    counts from that case's own event (its arrival, its finding), not from the notice."""
    clause = _clause_before(text, start)
    prior = _sentence_before(text, start)[:-len(clause) or None].rstrip(SPACES)
    return prior[-2:-1] == "的" and prior[-1:] in "，,"


def _period_records(text: str, base, G, *, running: bool) -> list[dict]:
    out = []
    rx, key = (PERIOD_RX, PERIOD_KEY) if running else (PERIOD_SLOT_RX, PERIOD_SLOT_KEY)
    for m in _anchored(rx, key, PERIOD_START, text):
        start = _start_of(m)
        if _ends_with_any(_before(text, m.start("time"), 6), "period_blockers"):
            continue
        if not running:
            out.append(_record(start, m.end(), text, "date", _period_date(_groups(m), base),
                               base_date=base))
            continue
        if "每" in _clause_before(text, start, 8) or _is_condition(text, m) \
                or _is_permitted(text, start, m.end()) or _after_a_case(text, start):
            continue
        counts, from_date = _anchor_base(text, start, base, G)
        if counts:
            out.append(_record(start, m.end(), text, "date", _period_date(_groups(m), from_date),
                               base_date=from_date))
    return out


def _plan_records(text: str, base, *, running: bool) -> list[dict]:
    if _PLAN_NAME.search(text) is None:
        return []                       # its key 五 is common; a plan's name is not
    out = []
    for m in _anchored(PLAN_RX, PLAN_KEY, PLAN_START, text):
        if running and not _is_adverbial_plan(m, text, base):
            continue
        year = LEX["five_year_plans"][m.group("plan")]
        out.append(_record(_start_of(m), m.end(), text, "date", make_date(year, 12, 31)))
    return out


FESTIVAL_RX = re.compile(
    rf"(?:(?P<y>[0-9]{{4}}){S}年{S})?(?P<fest>{alternation(_FESTIVALS)}){S}(?P<suf>{_alt('before_suffixes')})(?![后夕])"
)
# what makes the time a limit: work ordered in the rest of the sentence (…前，各单位应组织…,
# 春节前发放到位), not a state (2019年在建且2020年春节前未投运项目) or an event
_FESTIVAL_WORK = re.compile(alternation(LEX["completion_verbs"] + LEX["completion_modals"] + LEX["target_verbs"]))


def _festival_day(name: str, year: int) -> _dt.date | None:
    name = LEX["festival_aliases"].get(name, name)
    if name in LEX["festival_days"]:
        month, day = LEX["festival_days"][name].split("-")
        return make_date(year, int(month), int(day))
    days = LEX["lunar_festivals"].get(name, {})
    if year not in days:
        return None
    month, day = days[year].split("-")
    return make_date(year, int(month), int(day))


def _festival_records(text: str, base, *, running: bool) -> list[dict]:
    """2020年春节前 → the festival's day that year; 春节前 → its next day on or after the notice's
    date (GUIDE: a day with 前 is that day)."""
    if _FESTIVAL_KEY.search(text) is None:
        return []
    out = []
    for m in FESTIVAL_RX.finditer(text):
        rest = _sentence_after(text, m.end())
        if running and (_FESTIVAL_WORK.search(rest) is None or rest.lstrip("，, ").startswith(("未", "不", "没"))):
            continue
        if m.group("y"):
            day = _festival_day(m.group("fest"), int(m.group("y")))
        elif base is not None:
            day = _festival_day(m.group("fest"), base.year)
            if day is not None and day < base:
                day = _festival_day(m.group("fest"), base.year + 1)
        else:
            day = None
        if day is not None:
            out.append(_record(m.start(), m.end(), text, "date", day))
    return out


def _sentence_after(text: str, pos: int, width: int = 40) -> str:
    window = text[pos:pos + width]
    m = _SENTENCE_END.search(window)
    return window[:m.start()] if m else window


def _immediate_records(text: str) -> list[dict]:
    """对排查出来的重大问题隐患要立行立改: an ordered 立行立改 in running text; also one that is a
    clause of its own (对排查发现的隐患，立行立改。), an order with nothing reported after it."""
    if _IMMEDIATE_WORD.search(text) is None:
        return []
    found = [(m.start("imm"), m.end("imm")) for m in IMMEDIATE_RX.finditer(text)]
    found += [m.span("imm") for m in IMMEDIATE_CLAUSE_RX.finditer(text)
              if not any(a <= m.start("imm") < b for a, b in found)]
    return [_record(a, b, text, "immediate") for a, b in sorted(found)]


def _strip_links(subject: str) -> str:
    """整治工作时间为 → 整治工作; 第一阶段（ → 第一阶段 (the subject is at most 60 characters)."""
    subject = subject.rstrip(SPACES)
    m = _WINDOW_LINKS_TAIL.search(subject)
    return subject[:m.start()].rstrip(SPACES) if m else subject


# The work a window opening its sentence times (自11月15日起至1月31日，在全省集中开展…专项行动).
_WORK_AFTER = re.compile(rf"{S}(?:在[^，,。；]{{0,12}}?)?(?:集中|全面|深入|统一)?(?:开展|组织开展|实施|推进)"
                         rf"[^，,。；]{{0,30}}?(?:{_alt('work_subjects')})")


#: A window that a stage's name follows: 10月初至10月中旬为方案征集阶段.
_STAGE_AFTER = re.compile(r"[^，,。；;\n]{1,20}?为[^，,。；;\n]{1,30}?(?:阶段|时期)")


def _work_follows(text: str, mark: int) -> bool:
    """The clause after the window's (…至2026年1月31日，) opens with the work it times."""
    comma = _CLAUSE_END.search(text, mark, mark + 30)
    return comma is not None and text[comma.start()] in "，," and _WORK_AFTER.match(text, comma.end()) is not None


def _window_head(text: str, mark: int, G, mode: str):
    """(window start, start year) when the window whose range mark is at *mark* is the
    time of the work itself, else None. mode: running (a stage word or a work subject
    before it, or a numbered step's title with the window in parentheses), heading (any
    window of a heading title), slot (any window of a time-limit slot)."""
    clause_start = mark - len(_clause_before(text, mark, 60))
    clause = text[clause_start:mark]
    marker = _ITEM_MARKER.match(clause)
    body = marker.end() if marker else 0
    m = G.WINDOW_START_RX.search(clause, body)
    if m is None:
        return None
    raw_subject = clause[body:m.start()].rstrip(SPACES)
    subject = _strip_links(raw_subject)
    in_parentheses = raw_subject.endswith(("（", "("))
    if not (mode == "slot" or subject.endswith(_SUBJECT_ENDS)
            or (in_parentheses and (marker or mode == "heading"))
            or (mode == "heading" and (not subject or raw_subject != subject))
            or (not subject and (_work_follows(text, mark) or _STAGE_AFTER.match(text, mark + 1)))):
        return None
    year = G.YEAR_RX.search(clause, m.start())
    return clause_start + m.start(), (year_value(year.group("y")) if year else None)


def _window_records(text: str, base, G, *, mode: str) -> list[dict]:
    """The last day of each window that is the time of the work (see _window_head); in
    running text and headings only a window that ends on or after the notice's date."""
    out = []
    for k in _RANGE_KEY.finditer(text):
        p = k.start()
        if (out and p < out[-1]["end"]) or not _follows_a_start(text, p):
            continue
        m = G.WINDOW_END_RX.match(text, p + 1, p + 50)
        if m is None:
            continue
        head = _window_head(text, p, G, mode)
        if head is None:
            continue
        start, start_year = head
        g = _groups(m)
        d, used_base, status = _resolve(g, base, forward=True, year=None if g.get("y") else start_year)
        if status == "invalid" or (mode != "slot" and d and base and d < base):
            continue
        out.append(_record(start, m.end(), text, "date", d, base_date=used_base, status=status))
    return out


def _non_overlapping(records: list[dict]) -> list[dict]:
    """Keep the earliest, then longest, of overlapping records."""
    kept, last_end = [], -1
    for r in sorted(records, key=lambda r: (r["start"], r["start"] - r["end"])):
        if r["start"] >= last_end:
            kept.append(r)
            last_end = r["end"]
    return kept


def _overlaps_any(record: dict, spans: list[dict]) -> bool:
    """Whether record overlaps one of spans (sorted, non-overlapping): a binary search."""
    i = bisect.bisect_right(spans, record["start"], key=lambda s: s["end"])
    return i < len(spans) and spans[i]["start"] < record["end"]


def _scan(text: str, base, G, *, running: bool, stages: bool = True) -> list[dict]:
    if (_RUNNING_KEY if running else _SLOT_KEY).search(text) is None:
        return []
    found = (_time_records(text, base, G, running=running)
             + _period_records(text, base, G, running=running)
             + _plan_records(text, base, running=running)
             + _festival_records(text, base, running=running))
    if stages or not running:
        found += _window_records(text, base, G, mode="running" if running else "slot")
    if running:
        found += _immediate_records(text)
    return _non_overlapping(found)


# ---------------------------------------------------------------- public API

def find_deadlines(text: str, base: _dt.date | None, as_of: list[dict] | None = None, *,
                   roc: bool = False, stages: bool = True) -> list[dict]:
    """Time limits in running text, marked by 前/内/力争/到/完成… and not part of a 截至…
    as-of date (*as_of*: find_as_of's result for this text, when already known).

    Date-kind records, plus 立行立改 where the text orders it (immediate); 长期坚持-style
    words are ordinary words here. With *stages* (the default), the ends of work windows
    and stages written in the text count too (stage_deadline reads one heading). *roc*
    reads bare 民国 years (110年). A record whose date is impossible (2021年9月31日) has
    date None and a ``warning``.
    """
    found = _scan(text, base, _grammar(roc), running=True, stages=stages)
    if not found:
        return []
    if as_of is None:
        as_of = find_as_of(text, base, roc=roc)
    return [r for r in found if not _overlaps_any(r, as_of)]


def stage_deadline(text: str, base: _dt.date | None, *, roc: bool = False) -> dict | None:
    """The end of the stage a heading title or a paragraph names (第一阶段（8月15日—9月15日）,
    摸清底数阶段（8月15日—9月15日）, 整治工作自印发之日起至11月20日, or a title that is a
    window: 2022年7月至2022年12月), as a date record; None when it names no window, or one
    that ended before the notice's date (a past period, not planned work)."""
    found = _window_records(text, base, _grammar(roc), mode="heading")
    return found[0] if found else None


def find_as_of(text: str, base: _dt.date | None, *, roc: bool = False) -> list[dict]:
    """截至/截止 dates (截至8月底, 截至目前); partial dates resolve backwards from base."""
    G = _grammar(roc)
    out = []
    for m in _anchored(G.AS_OF_RX, AS_OF_KEY, AS_OF_START, text, back=0):
        g = _groups(m)
        if g.get("now"):
            d, status = None, "ok"
        else:
            d, _, status = _resolve(g, base, forward=False)
        if status == "ok":
            out.append({"start": m.start(), "end": m.end(), "raw": m.group(), "date": _iso(d)})
    return out


def _clauses(value: str):
    """(start, end) of the pieces of a field value between separators and 并-before-长期坚持."""
    start = 0
    for m in _CLAUSE_SPLIT.finditer(value):
        yield start, m.start()
        start = m.end()
    yield start, len(value)


def _milestone(value: str, start: int, end: int) -> str | None:
    text = value[start:end].strip(_CONNECTOR_CHARS)
    return text or None


def _clause_records(value: str, start: int, end: int, base, G) -> list[dict]:
    clause = value[start:end]
    times = _scan(clause, base, G, running=False)
    out = []
    for i, r in enumerate(times):
        stop = times[i + 1]["start"] if i + 1 < len(times) else len(clause)
        r["milestone"] = _milestone(clause, r["end"], stop)
        out.append(r)
    if not times:
        for m in _PHRASE_RX.finditer(clause):
            out.append(_record(m.start(), m.end(), clause, m.lastgroup))
    for r in out:
        r["start"] += start
        r["end"] += start
    return out


def parse_deadline_field(value: str, base: _dt.date | None, *, roc: bool = False) -> list[dict]:
    """Deadlines in the value of a 完成时限/整改时限/办结时限 field, with milestones.

    Any time expression counts here (the slot says it is a limit: 2023年6月, 15天), a
    window counts by its last day, as do 立行立改-style (immediate) and 长期坚持-style
    (ongoing) phrases. An impossible date (2021年9月31日) keeps its raw text with date
    None and a ``warning``.
    """
    if not value:
        return []
    value_n = value.translate(_FULL_WIDTH)  # same length: offsets stay valid
    G = _grammar(roc)
    out = []
    for start, end in _clauses(value_n):
        out.extend(_clause_records(value_n, start, end, base, G))
    for r in out:
        r["raw"] = value[r["start"]:r["end"]]
        if "warning" in r:
            r["warning"]["message"] = r["warning"]["message"].replace(value_n[r["start"]:r["end"]], r["raw"], 1)
    return out
