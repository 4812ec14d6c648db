"""Deadline grammar of 公文: time limits in 完成时限 fields and in running text, and 截至… as-of dates.

A time expression (2021年12月31日, 9月底, 年底, 上半年, 三季度, 2025年…) is a
deadline in running text only when the text marks it as a limit: a "before"
suffix (前/以前/之前), a "within" suffix on a period (上半年内), or a target
verb / "by" preposition in front (力争, 确保, 到). Bare dates are events
(2023年7月制定), spans (1—7月) or attributes (2020年度). Relative periods
(在六个月内) and five-year plans used adverbially (“十四五”期间，…) are
limits too. Partial dates take their year from the notice's date, forwards.

Inputs are normalized text; offsets are into the string given. Every word
list comes from pipeline/data/deadlines.yaml; patterns are compiled once and
use only bounded quantifiers, so a scan is linear in the text length.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import functools
import re

from taizhang.extractors.dates import (
    DAY, MONTH, SPACE as S, YEAR, add_months, add_workdays, make_date, month_end, number,
    resolve_in_year,
)
from taizhang.pipeline.lexicon import alternation, load

LEX = load("deadlines")
CN_NUMERAL = "〇○零一二三四五六七八九十两百"
DATE_CHARS = set("0123456789年月日号" + CN_NUMERAL)


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


@functools.lru_cache(maxsize=None)
def _written_names(rx: re.Pattern) -> tuple[str, ...]:
    """Group names of rx in group order, as written (m_2 → m)."""
    by_index = {i: name.split("_")[0] for name, i in rx.groupindex.items()}
    return tuple(by_index.get(i, "") for i in range(1, rx.groups + 1))


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
_LEAD = (
    rf"(?:(?P<verb>{_alt('target_verbs')}){S})?"
    rf"(?:(?<![{_TO_BLOCKERS}])(?P<to>{_alt('to_words')})|(?P<prep>{_alt('weak_preps')}))?{S}"
)
_END = rf"(?P<end>{_alt('end_words')})"
_MONTH_BODY = (
    rf"(?P<m>{MONTH}){S}月份?(?:{S}(?:(?P<d>{DAY}){S}[日号]|(?P<xun>{_alt('ten_day_periods')})|{_END}))?"
)
_QUARTER_BODY = rf"第?(?P<q>[一二三四1-4]){S}季度{_END}?"
_HALF_BODY = rf"(?P<h>{_alt('half_years')}){_END}?"
_REL_MONTH_BODY = rf"(?P<rm>{_alt('relative_months')}){_END}?"
_BARE_MONTH_END = rf"(?<![0-9{CN_NUMERAL}])(?P<bm>月){_END}"
_BARE_YEAR_END = rf"(?<![0-9{CN_NUMERAL}年])年{_END}"
_BARE_YEAR_WITHIN = rf"(?<![0-9{CN_NUMERAL}年])(?P<yw>年)(?={S}(?:{_alt('within_suffixes')}))"
_YEAR_PREFIX = rf"(?:(?P<y>{YEAR}){S}年(?!度)|(?P<ry>{_alt('relative_years')}))"
# A time expression with a year (2021年12月31日, 2021年底, 2025年) or without (9月底, 年底, 上半年).
_DATED = rf"{_YEAR_PREFIX}(?:{S}(?:{_MONTH_BODY}|{_QUARTER_BODY}|{_HALF_BODY}|年?{_END}))?"
_UNDATED = (rf"{_MONTH_BODY}|{_QUARTER_BODY}|{_HALF_BODY}|{_REL_MONTH_BODY}"
            rf"|{_BARE_MONTH_END}|{_BARE_YEAR_END}")
_TAIL = (
    rf"(?:{S}(?:(?P<suf>{_alt('before_suffixes')}){_lookahead_not('suffix_blockers')}"
    rf"|(?P<inn>{_alt('within_suffixes')})))?"
)
TIME_RX = _compile(rf"{_LEAD}(?P<time>{_DATED}|{_UNDATED}|{_BARE_YEAR_WITHIN}){_TAIL}")

_NUMBER = rf"(?<![0-9{CN_NUMERAL}])(?:[0-9]{{1,3}}|[{CN_NUMERAL}]{{1,4}})"
PERIOD_RX = _compile(
    rf"(?:(?P<prep>{_alt('weak_preps')}){S})?"
    rf"(?P<time>(?:(?P<n>{_NUMBER}){S}(?P<unit>{alternation(LEX['period_units'])})"
    rf"|(?P<fixed>{alternation(LEX['fixed_periods'])})){S}(?P<inn>{_alt('within_suffixes')}))"
)

_QUOTES_OPEN, _QUOTES_CLOSE = "“\"「‘", "”\"」’"
PLAN_RX = _compile(
    _LEAD + rf"(?P<time>[{_QUOTES_OPEN}]?(?P<plan>{alternation(LEX['five_year_plans'])})[{_QUOTES_CLOSE}]?{S}"
    rf"(?P<per>{_alt('five_year_periods')})(?:{_alt('within_suffixes')})?)"
)

AS_OF_RX = _compile(
    rf"(?P<mk>{_alt('as_of_markers')})(?:{_alt('as_of_links')})?{S}"
    rf"(?:{_DATED}|{_UNDATED}|(?P<now>{_alt('as_of_now')})(?!年))"
)

# Trying a long pattern at every position costs about 0.5 µs a character. Every time
# expression holds a key (年, 月, 季度; 内 ends a relative period; 五 is in every plan name),
# and keys are about 1% of 公文 text, so patterns are tried only at the possible starts
# (a digit, a numeral, a lead word…) shortly before a key: see _anchored.
_LEAD_FIRST = _first_chars("target_verbs", "to_words", "weak_preps")


def _start_rx(extra: str) -> re.Pattern:
    """Where a match may start: the first digit of a number, or one of *extra*."""
    return re.compile(rf"(?<![0-9])[0-9]|(?<![{CN_NUMERAL}])[{CN_NUMERAL}]|[{re.escape(extra)}]")


TIME_KEY, TIME_START = re.compile("[年月季]"), _start_rx(
    _LEAD_FIRST + _first_chars("relative_years", "relative_months", "half_years") + "第年月")
PERIOD_KEY, PERIOD_START = re.compile("内"), _start_rx(
    _first_chars("weak_preps", "fixed_periods"))
PLAN_KEY, PLAN_START = re.compile("五"), _start_rx(_LEAD_FIRST + _QUOTES_OPEN)
_MARK_AFTER = re.compile(f"[{''.join(sorted({w[-1] for w in LEX['before_suffixes'] + LEX['within_suffixes']}))}]")
_LEAD_BEFORE = re.compile(alternation(LEX["target_verbs"] + LEX["to_words"]))
AS_OF_KEY, AS_OF_START = re.compile("[截]"), re.compile("截")

_PAST_AFTER = re.compile(rf"{S}[，,]?{S}[^，,；;。]{{0,4}}?(?:{_alt('past_markers')})")
_FOLLOWER = re.compile(rf"{S}(?:[{''.join(LEX['adverbial_separators'])}]|{_alt('five_year_followers')})")
_PHRASE_RX = re.compile(rf"(?P<immediate>{_alt('immediate')})|(?P<ongoing>{_alt('ongoing')})")
_CLAUSE_SPLIT = re.compile(
    rf"[{''.join(LEX['milestone_separators'])}]"
    rf"|(?:{_alt('connectors')})(?=(?:{_alt('ongoing')}|{_alt('immediate')}))"
)
_CONNECTOR_CHARS = "".join(LEX["connectors"]) + " \t\u3000"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９\u3000", "0123456789 ")


# ---------------------------------------------------------------- records

def _iso(d: _dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _record(start, end, text, kind, date=None, milestone=None, base_date=None) -> dict:
    return {"start": start, "end": end, "raw": text[start:end], "kind": kind,
            "date": _iso(date), "milestone": milestone, "base_date": _iso(base_date)}


# ---------------------------------------------------------------- resolution

def _period_end(g: dict, year: int) -> _dt.date | None:
    """Last day of the period named by the match groups *g* in *year*."""
    if g.get("m"):
        month = number(g["m"])
        if month is None or not 1 <= month <= 12:
            return None
        if g.get("d"):
            return make_date(year, month, number(g["d"]))
        if g.get("xun"):
            end = month_end(year, month)
            day = LEX["ten_day_periods"][g["xun"]]
            return end.replace(day=min(day, end.day)) if end else None
        if g.get("suf") and not g.get("end"):
            return month_end(year, month - 1)  # 6月前: literally before June
        return month_end(year, month)
    if g.get("q"):
        return month_end(year, 3 * (number(g["q"]) or 0))
    if g.get("h"):
        return month_end(year, LEX["half_years"][g["h"]])
    return make_date(year, 12, 31)


def _resolve(g: dict, base: _dt.date | None, *, forward: bool):
    """(date, base_date, valid) for a time expression; valid is False for impossible dates."""
    if g.get("y"):
        d = _period_end(g, number(g["y"]) or 0)
        return d, None, d is not None
    if _period_end(g, 2000) is None:   # 13月, 2月30日: not a date at all (2000 is leap)
        return None, None, False
    if base is None:
        return None, None, True
    if g.get("ry"):
        return _period_end(g, base.year + LEX["relative_years"][g["ry"]]), base, True
    if g.get("rm") or g.get("bm"):
        shifted = add_months(base.replace(day=1), LEX["relative_months"].get(g.get("rm"), 0))
        return month_end(shifted.year, shifted.month), base, True
    return resolve_in_year(lambda y: _period_end(g, y), base, forward=forward), base, True


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
    return text[max(0, pos - width):pos].rstrip(" \t\u3000")


def _is_range_end(text: str, pos: int) -> bool:
    """True when a range mark sits just before pos after a date (8月31日至9月10日, 1—7月)."""
    before = _before(text, pos)
    if not before or before[-1] not in LEX["range_marks"]:
        return False
    rest = before[:-1].rstrip(" \t\u3000")
    return bool(rest) and rest[-1] in DATE_CHARS


def _is_recurring(text: str, pos: int) -> bool:
    before = _before(text, pos)
    return any(before.endswith(w) for w in LEX["recurring_markers"])


def _start_of(m) -> int:
    """Records start at the preposition (到2025年, 在六个月内), not at a target verb."""
    for name in ("to", "prep"):
        if name in m.re.groupindex and m.group(name):
            return m.start(name)
    return m.start("time")


def _is_limit(m, text: str, base: _dt.date | None) -> bool:
    """Whether a time expression in running text is marked as a time limit."""
    if not (m.group("suf") or m.group("inn") or m.group("verb") or m.group("to")):
        return False  # a bare date: an event, a span or an attribute
    g = _groups(m)
    if g.get("yw"):
        return False  # 年内 alone
    if _is_recurring(text, m.start("time")) or _is_range_end(text, m.start("time")):
        return False
    if g.get("to") and _is_range_end(text, m.start("to")):
        return False
    if g.get("suf") or g.get("inn"):
        year_only = g.get("y") and not any(g.get(k) for k in ("m", "q", "h", "end"))
        return not (year_only and base and number(g["y"]) < base.year)  # 2019年以前建成
    if g.get("verb") or g.get("to"):
        return not _PAST_AFTER.match(text, m.end())
    return False


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
    """Cheap test that a key at p may belong to a limit: a suffix after it or a lead before it."""
    return bool(_MARK_AFTER.search(text, p, p + 30) or _LEAD_BEFORE.search(text, max(0, p - 20), p))


def _time_records(text: str, base, *, running: bool) -> list[dict]:
    out = []
    gate = _marked_near if running else None
    for m in _anchored(TIME_RX, TIME_KEY, TIME_START, text, gate=gate):
        if running and not _is_limit(m, text, base):
            continue
        if not running and _is_recurring(text, m.start("time")):
            continue
        d, used_base, valid = _resolve(_groups(m), base, forward=True)
        if valid:
            out.append(_record(_start_of(m), m.end(), text, "date", d, base_date=used_base))
    return out


def _period_records(text: str, base) -> list[dict]:
    out = []
    for m in _anchored(PERIOD_RX, PERIOD_KEY, PERIOD_START, text):
        before = _before(text, m.start("time"))
        if any(before.endswith(w) for w in LEX["period_blockers"]):
            continue
        out.append(_record(_start_of(m), m.end(), text, "date", _period_date(_groups(m), base),
                           base_date=base))
    return out


def _plan_records(text: str, base, *, running: bool) -> list[dict]:
    out = []
    for m in _anchored(PLAN_RX, PLAN_KEY, PLAN_START, text):
        if running and not _is_adverbial_plan(m, text, base):
            continue
        year = LEX["five_year_plans"][m.group("plan")]
        out.append(_record(_start_of(m), m.end(), text, "date", make_date(year, 12, 31)))
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


def _scan(text: str, base, *, running: bool) -> list[dict]:
    found = (_time_records(text, base, running=running) + _period_records(text, base)
             + _plan_records(text, base, running=running))
    return _non_overlapping(found)


# ---------------------------------------------------------------- public API

def find_deadlines(text: str, base: _dt.date | None, as_of: list[dict] | None = None) -> list[dict]:
    """Date-kind time limits in running text, marked by 前/内/力争/到… and not part of a
    截至… as-of date (*as_of*: find_as_of's result for this text, when already known).
    立行立改/长期坚持 are ordinary words here and are not reported."""
    if as_of is None:
        as_of = find_as_of(text, base)
    return [r for r in _scan(text, base, running=True) if not _overlaps_any(r, as_of)]


def find_as_of(text: str, base: _dt.date | None) -> list[dict]:
    """截至/截止 dates (截至8月底, 截至目前); partial dates resolve backwards from base."""
    out = []
    for m in _anchored(AS_OF_RX, AS_OF_KEY, AS_OF_START, text, back=0):
        g = _groups(m)
        if g.get("now"):
            d, valid = None, True
        else:
            d, _, valid = _resolve(g, base, forward=False)
        if valid:
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


def _clause_records(value: str, start: int, end: int, base) -> list[dict]:
    clause = value[start:end]
    times = _scan(clause, base, running=False)
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


def parse_deadline_field(value: str, base: _dt.date | None) -> list[dict]:
    """Deadlines in the value of a 完成时限/整改时限/办结时限 field, with milestones.

    Any time expression counts here (the field says it is a limit), as do 立行立改-style
    (immediate) and 长期坚持-style (ongoing) phrases.
    """
    if not value:
        return []
    value_n = value.translate(_FULL_WIDTH)  # same length: offsets stay valid
    out = []
    for start, end in _clauses(value_n):
        out.extend(_clause_records(value_n, start, end, base))
    for r in out:
        r["raw"] = value[r["start"]:r["end"]]
    return out
