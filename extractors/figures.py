"""Figures (数字指标) in normalized notice text: 27157.41万元, 300余户, 350元/人/月, 9:1.

One compiled pattern finds every number that is followed by a multiplier or a
unit (or that is a ratio, or stands after a currency symbol), so only real
candidates reach Python; small checks then drop what 公文 writes with digits but
does not mean as a quantity (years, 民国 years, dates, document numbers,
ordinals, labels such as 表1, addresses, numbers inside cited titles, names such
as 5G, “240小时”, 15分钟生活圈 or “两个维护”).
Word lists live in pipeline/data/units.yaml.
"""
from __future__ import annotations

import functools
import re
import string
import typing
from decimal import Decimal
from typing import NamedTuple

import regex

from taizhang.extractors.numbers import CN_SMALL_UNITS, parse_arabic, parse_cn_int
from taizhang.pipeline.lexicon import alternation, load

_CN_CHARS = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_DIGIT_CHARS = "零〇○一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_BIG_TAILS = ("万亿", "亿", "万")
_POSITIONAL = frozenset(CN_SMALL_UNITS) | frozenset("万亿")     # 二十三 is positional, 二〇二一 not
# Arabic number: 1,234.5 (strict thousands groups) or 27157.41; possessive, so linear.
_ARABIC = r"(?:[0-9]{1,3}(?:,[0-9]{3})++(?![0-9])|[0-9]++)(?:\.[0-9]++)?+"
_CN = rf"[{_CN_CHARS}]++(?:点[{_CN_DIGIT_CHARS}]++)?+"
_QUOTE_WINDOW = 400      # how far back to look for an opening “ or 《
_TITLE_AHEAD = 200       # how far ahead a cited title must close
_CLAUSE_WINDOW = 24      # how far back to look for the metric phrase
_CLAUSE_ENDS = "。；;！？!?\n"
_MARKER_ENDS = "。；;：:！？!?\n"      # a list marker (1. 2.5m) follows one of these


class _Unit(NamedTuple):
    base: str
    kind: str
    max: float | None = None
    only_before: tuple = ()      # words one of which must follow (10日内)
    not_after: str = ""          # characters that may not stand before the number (7月10日内)
    latin: bool = False          # m, kg: right after the number only
    designation: re.Pattern | None = None   # 110千伏变电站: what after the unit makes the quantity part of a name


def _compile(pattern: str):
    """stdlib re runs the figure pattern ~4× faster than `regex` (measured 109 vs 27 MB/s);
    its possessive quantifiers need Python 3.11, so fall back to `regex` before that."""
    try:
        return re.compile(pattern)
    except re.error:
        return regex.compile(pattern)


def _alt(words) -> str:
    return f"(?:{alternation(words)})"


def _cls(chars: str) -> str:
    """A character class body for *chars* (escaped), runs of consecutive characters as ranges:
    a-zA-Z compiles at once where 52 letters one by one cost the figure pattern a tenth of
    a second at every start."""
    codes = sorted({ord(c) for c in chars})
    parts, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{re.escape(chr(codes[i]))}-{re.escape(chr(codes[j]))}")
        else:
            parts.extend(re.escape(chr(c)) for c in codes[i:j + 1])
        i = j + 1
    return "".join(parts)


def _last_characters(words) -> frozenset:
    return frozenset(w[-1] for w in words)


def _longest_first(words) -> tuple:
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


class _Lex:
    """The YAML lexicon turned into lookup tables and compiled patterns (built once)."""

    def __init__(self, data: dict):
        units = {u: dict(e) for u, e in data["units"].items()}
        for word in data["count_words"]:
            units.setdefault(word, {"base": word, "kind": "count"})
        for word, chars in (data.get("count_not_before") or {}).items():
            units[word]["not_before"] = chars
        for word, entry in units.items():
            if word.isascii() and word.isalpha():      # kg in kgs, m in min: not that unit
                entry["not_before"] = (entry.get("not_before") or "") + string.ascii_letters
        self.units = {u: _Unit(e["base"], e["kind"], e.get("max"), tuple(e.get("only_before") or ()),
                               e.get("not_after") or "", u.isascii() and u.isalpha(),
                               re.compile(e["designation"]) if e.get("designation") else None)
                      for u, e in units.items()}
        self.money = self.units["元"]
        self.mult = {m: int(v) for m, v in data["multipliers"].items()}
        self.cn_single_units = frozenset(data["cn_single_units"])
        self.ordinal_before = tuple(data["ordinal_before"])
        self.labels = _longest_first(data["label_before"])
        self.rank_label_ends = _last_characters(self.ordinal_before + self.labels)
        self.quotes = [tuple(q) for q in load("common")["quotes"]]     # a numeral inside is a name
        self.quote_pairs = frozenset(self.quotes)
        self.titles = [q for q in self.quotes if q[0] in "《〈"]
        self.opening_quote = _compile(f"[{_cls(''.join(left for left, _ in self.quotes))}]")
        self.money_cues = _compile(_alt(data["money_cues"]))
        self.money_cues_after = tuple(data["money_cues_after"])
        self.same_as = dict(data["approx_same_as"])
        unit_alt = _trie_regex({u: e.get("not_before") for u, e in units.items()})
        mults = _mult_alt(self.mult, units)
        inner = f"[{_cls(''.join(data['approx']['after_number']))}]"
        self._approx_patterns(data["approx"])
        self._context_words(data)
        self._metric_patterns(data["metric"], unit_alt, mults, inner)
        self.pattern = _compile(_pattern(unit_alt, mults, inner, data, self))

    def _approx_patterns(self, apx: dict):
        self.apx_before = _compile(rf"({_alt(apx['before'])})[ ]*\Z")
        self.apx_before_words = tuple(apx["before"])
        self.apx_before_ends = _last_characters(self.apx_before_words)
        self.apx_not_before = tuple(apx["not_before"])
        self.apx_after = _compile(rf"[ ]*({_alt(apx['after_unit'])})")
        self.apx_after_words = tuple(apx["after_unit"])
        self.apx_after_not = tuple(apx["after_unit_not"])
        self.inclusion = _compile(rf"[ ]*(?:{_alt(apx['inclusion'])})[^（()）\n]{{0,8}}[）)]")

    def _context_words(self, data: dict):
        """Word lists of the context checks: currencies, years, names, ratios, dimensions."""
        self.currency_before = data["currency_before"]
        self.currency_words = _longest_first(self.currency_before)
        self.currency_ends = _last_characters(self.currency_words)
        self.currency_symbols = data["currency_symbols"]
        years = data["years"]
        self.year_before = tuple(years["before"])
        self.year_not_before = tuple(years["not_before"])
        self.year_min = years["min_value"]
        self.year_span_before = tuple(years["span_before"])
        self.year_span_after = tuple(years["span_after"])
        names = data["names"]
        self.name_heads = _compile(_alt(names["heads"]))      # one search, not one per word
        self.name_window = int(names["window"])
        self.title_after = tuple(names["title_after"])
        self.address_after = _compile(rf"[0-9]+[{_cls(names['address_after'])}]")
        ratio = data["ratio"]
        self.ratio_before = _compile(
            rf"{_alt(ratio['words'])}(?:{_alt(ratio['between'])}|[0-9.:：/\-～~—至到 ])*\Z")
        self.ratio_after = tuple(ratio["after"])
        self.fraction_before = ratio["fraction_before"]
        self.max_denominator = int(ratio["max_denominator"])
        seps = _cls("".join(data["dimension_separators"]))
        self.dimension_before = _compile(rf"(?<![0-9A-Za-z./\-])([0-9]++(?:\.[0-9]++)?+)[ ]*[{seps}][ ]*\Z")
        self.dimension_units = frozenset(data["dimension_units"])
        self.sum_before = _compile(r"(?<![0-9A-Za-z./\-])([0-9]++\.[0-9]++)[ ]*[+＋][ ]*\Z")

    def _metric_patterns(self, met: dict, unit_alt: str, mults: str, inner: str):
        stop = _cls(met["stop_chars"])
        self.metric_max = int(met["max_chars"])
        # through the last stop character, digit or Latin letter: where the clause before begins
        self.clause_cut = _compile(rf"(?s:.*)[{stop}0-9A-Za-z]")
        self.after = _compile(rf"[^{stop}\x00-\x7f]{{0,{int(met['after_max_chars'])}}}")
        self.heads = _compile(rf"{_alt(met['heads'])}+")
        self.after_stop = _compile(rf"[{_cls(met['after_stop_chars'])}]")
        self.after_not_nouns = tuple(met["after_not_nouns"])
        self.not_metric = frozenset(met["not_metric"])
        # what may follow a digit at the start of a metric phrase: 年底前…, 万…, 个…
        self.digit_tail = _compile(
            rf"{_alt(met['date_tails'])}|(?:{mults})?{inner}?(?:{unit_alt})?")
        suffixes = list(met["strip_suffix"]) + list(self.currency_before)     # 超过美金27万元
        self.strip = _compile(rf"{_alt(met['strip_prefix'])}*(.*?){_suffix_run(suffixes)}")
        self.cut_after = tuple(met["cut_after"])
        self.not_first = _longest_first(met["not_first"])
        self.not_last = met["not_last_chars"]
        self.noun = _compile(rf"[\u4e00-\u9fffA-Za-z]{{2,}}")
        # the same phrase after a figure, up to a stop character or a digit (15分钟商业服务圈60个)
        self.phrase_after = _compile(rf"[^{stop}0-9]{{0,{self.name_window}}}")


def _pattern(unit_alt: str, mults: str, inner: str, data: dict, lex: _Lex) -> str:
    """The figure pattern. One leading character class lets the engine skip text fast;
    lookbehinds after it keep numbers whole (not inside PM2.5, G20, 1+13, 0477—8589765, 16:16),
    except after a list marker at a clause start (。5.2.5m is 2.5m)."""
    marker = _cls(_MARKER_ENDS)
    arabic_ok = (r"(?:(?<=(?<![0-9A-Za-z.])(?<![0-9][-—:/～~－])(?<!(?<!\.)(?<!\.[0-9])[0-9][+＋])[0-9])"
                 rf"|(?<=\.[0-9])(?:(?<=[{marker}][0-9]\.[0-9])|(?<=[{marker}][0-9][0-9]\.[0-9])"
                 r"|(?<=^[0-9]\.[0-9])|(?<=^[0-9][0-9]\.[0-9])))")
    # a decimal point followed by OCR spaces (1. 5米) is kept apart as `ocr`
    arest = (r"(?:[0-9]{0,2}(?:,[0-9]{3})++(?![0-9])|[0-9]*+)"
             r"(?:\.[0-9]++|(?P<ocr>\.[ ]{1,2}[0-9]++))?+")
    cn_ok = rf"(?<=(?<![{_CN_CHARS}])[{_CN_CHARS}])"
    cnrest = rf"[{_CN_CHARS}]*+(?:点[{_CN_DIGIT_CHARS}]++)?+"
    seps = data["range_separators"]
    num2 = rf"(?:(?P<num2>{_ARABIC})|(?P<cnum2>{_CN}))"
    # a unit or multiplier can only start with one of these: checked first, so that the long
    # alternations are not tried after every number that has none
    starts = rf"(?=[{_cls(''.join(sorted({w[0] for w in list(lex.units) + list(lex.mult)} | {'%'})))}])"
    first_unit = rf"{starts}(?:%|(?:{mults})(?:{unit_alt})?+|{unit_alt})"
    incl = r"[（(]含[^（()）\n]{0,8}[）)]"
    rng = (rf"(?:[ ]*+(?P<u1>{first_unit})?+[ ]*+(?P<incl>{incl})?+[ ]*+"
           rf"(?P<sep>{alternation(seps)})[ ]*+{num2})?")
    ge_units = [u[1:] for u in lex.units if u.startswith("个") and len(u) > 1]
    ge = rf"个(?P<geapx>{inner})(?P<geunit>{alternation(ge_units)})"      # 2个多月
    denominators = rf"(?:{alternation(data['rate_denominators'])})(?![A-Za-z])"
    rate = rf"(?P<rate>(?:[ ]*+[/／][ ]*+(?:{re.escape(data['rate_each'])})?+{denominators}){{1,2}})?+"
    tail = (rf"[ ]*+(?P<apx>{inner})?+{starts}"
            rf"(?:(?P<mult>{mults})(?P<apx2>{inner})?+[ ]*+(?P<unit>{unit_alt})?+"
            rf"|{ge}|(?P<unit2>{unit_alt})){rate}")
    pct = rf"(?<=[百千])(?P<pct>分之)(?P<pnum>{_ARABIC}|{_CN})"
    ratio_sep = rf"[:：/]|{alternation([s for s in seps if s not in ('到',)])}"
    ratio = (rf"(?P<ratio>[0-9]{{0,2}}(?:\.[0-9]{{1,3}})?(?P<rsep>{ratio_sep})"
             rf"[0-9]{{1,3}}(?:\.[0-9]{{1,3}})?)"
             rf"(?![0-9.:：/]|[ ]*+(?:[%‰]|{inner}|{mults}|{unit_alt}))")
    symbols = sorted(lex.currency_symbols, key=len, reverse=True)
    sym_last = _cls("".join(sorted({s[-1] for s in symbols})))
    sym_ok = "|".join(rf"(?<={re.escape(s)}{sp}[0-9])" for s in symbols for sp in ("", " "))
    sym = (rf"(?<=[{sym_last} ][0-9])(?:{sym_ok})(?P<srest>{arest.replace('?P<ocr>', '')})"
           rf"(?P<smult>[ ]*+(?:{mults}))?+(?P<sunit>[ ]*+(?:{unit_alt}))?+")
    # each lookbehind is tried once per digit: a ratio ends the match, a number goes on to
    # its range and unit (the conditional group)
    number = (rf"(?:{arabic_ok}(?:{ratio}|(?P<arest>{arest}))|{cn_ok}(?P<cnrest>{cnrest}))"
              rf"(?(ratio)|{rng}{tail})")
    return rf"[0-9{_CN_CHARS}](?:{pct}|{sym}|{number})"


def _suffix_run(words) -> str:
    """Any run of *words* (as `(?:w1|w2|…)*`), written for speed: the lazy phrase before it tries
    the run at every position, so a run is refused at once unless a word's first character is
    there, and the words are factored by prefix. Which run exists does not depend on the order
    of the words, so the phrase found is the same (3× faster on /tmp/pset's metric phrases)."""
    firsts = _cls("".join({w[0] for w in words}))
    return rf"(?:(?=[{firsts}]){_trie_regex(dict.fromkeys(words))})*"


def _mult_alt(mult: dict, units: dict) -> str:
    """Multipliers, except where they begin a unit (千 in 千米, 千瓦时)."""
    parts = []
    for m in sorted(mult, key=lambda w: (-len(w), w)):
        rests = [u[len(m):] for u in units if u.startswith(m) and len(u) > len(m)]
        parts.append(re.escape(m) + (f"(?!{alternation(rests)})" if rests else ""))
    return "|".join(parts)


def _trie_regex(words: dict) -> str:
    """Alternation of *words* factored by common prefixes (fast), longest match first;
    words[w] is a string of characters that may not follow w, or None."""
    trie: dict = {}
    for word, guard in words.items():
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = guard or ""
    return _trie_node(trie)


def _trie_node(node: dict) -> str:
    branches = [re.escape(ch) + _trie_node(child) for ch, child in sorted(node.items()) if ch]
    if "" in node:
        guard = node[""]
        branches.append(f"(?![{_cls(guard)}])" if guard else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


@functools.lru_cache(maxsize=1)
def _lex() -> _Lex:
    """The one place that reads the lexicon."""
    return _Lex(load("units"))


@functools.lru_cache(maxsize=1)
def _unitless_allowed() -> bool:
    """Ratios (9:1, 2/3) have no unit (GUIDE: base_unit null). They are emitted only once the
    output contract's figure record accepts a null unit, so that no notice is ever refused
    for one of them."""
    from taizhang.schemas.records import Figure

    fields = Figure.model_fields
    return all(type(None) in typing.get_args(fields[name].annotation) for name in ("unit", "base_unit"))


# ---------------------------------------------------------------- numbers

def _cn_value(text: str):
    """(value, multiplier word) of a Chinese numeral, 两万 → (2, '万'); None if not a quantity."""
    whole, _, frac = text.partition("点")
    head, tail = whole, ""
    for big in _CN_BIG_TAILS if whole.endswith(_CN_BIG_TAILS) else ():
        if whole.endswith(big) and len(whole) > len(big):
            head, tail = whole[: -len(big)], big
            break
    if len(head) > 1 and _POSITIONAL.isdisjoint(head):
        return None          # 二〇二一, 三四: digit strings are years or vague ranges
    value = parse_cn_int(head)
    if value is None:
        return None
    if frac:
        digits = "".join(str(parse_cn_int(ch)) for ch in frac)
        value = float(f"{value}.{digits}")
    return value, tail


def _number(arabic: str | None, cn: str | None):
    """(value, multiplier word, digits as written) of a number; None if not a quantity."""
    if arabic is not None:
        arabic = arabic.replace(" ", "")
        if len(arabic) > 1 and arabic[0] == "0" and arabic[1] != ".":
            return None      # 0206, 0477: codes and area codes
        value = parse_arabic(arabic)
        return None if value is None else (value, "", arabic)
    parsed = _cn_value(cn) if cn else None
    return None if parsed is None else (parsed[0], parsed[1], None)


def _base(value, factor: int, digits: str | None):
    """value × factor without float noise (5416.595万 → 54165950.0, not …0.000001)."""
    if isinstance(value, int):
        return value * factor
    exact = Decimal(digits.replace(",", "")) if digits else Decimal(str(value))
    return float(exact * factor)


# ---------------------------------------------------------------- context checks

def _head(text: str, start: int, width: int = 6) -> str:
    """The few characters before *start*, spaces at the end dropped."""
    return text[max(0, start - width):start].rstrip(" ")


def _is_ordinal(text: str, start: int, lex: _Lex) -> bool:
    """第3个, 第四十九条, 编号12: the number is a rank or a code."""
    i = start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return text.endswith(lex.ordinal_before, max(0, i - 2), i)


def _after_label(text: str, start: int, lex: _Lex) -> bool:
    """表1 本案相关人员, 附件1: a label that starts a line or a phrase numbers a table or a file."""
    head = _head(text, start, 5)
    if not head.endswith(lex.labels):
        return False
    for label in lex.labels:
        if head.endswith(label):
            before = head[:-len(label)]
            return not before or not before[-1].isalnum()
    return False


def _rank_or_label(text: str, start: int, lex: _Lex) -> bool:
    """_is_ordinal or _after_label; most numbers follow a character that ends no rank word and
    no label, which decides both at once."""
    return _may_end_with(text, start, lex.rank_label_ends) and (
        _is_ordinal(text, start, lex) or _after_label(text, start, lex))


def _may_end_with(text: str, start: int, ends: frozenset) -> bool:
    """Whether the text before *start* can end, blanks aside, with a word whose last character
    is in *ends*: the one-character test that spares the word lists most numbers."""
    return start > 0 and (text[start - 1] == " " or text[start - 1] in ends)


def _inside_quotes(text: str, pos: int, lex: _Lex) -> bool:
    """True when *pos* sits inside “…” or 《…》 (a name such as “两个维护”)."""
    lo = max(0, pos - _QUOTE_WINDOW)
    if lex.opening_quote.search(text, lo, pos) is None:
        return False         # no quote opens in the window (most numbers): one search decides
    return any(text.rfind(left, lo, pos) > text.rfind(right, lo, pos)
               for left, right in lex.quotes)


def _inside_title(text: str, pos: int, lex: _Lex) -> bool:
    """True when *pos* sits inside a cited title 《…》 that closes soon after (its digits are
    part of the name: 《关于2020年…》, 《“十三五”规划16个未完成指标…》)."""
    lo, hi = max(0, pos - _QUOTE_WINDOW), pos + _TITLE_AHEAD
    for left, right in lex.titles:
        opened = text.rfind(left, lo, pos)
        if opened > text.rfind(right, lo, pos):
            closes = text.find(right, pos, hi)
            reopens = text.find(left, pos, hi)
            if closes >= 0 and (reopens < 0 or closes < reopens):
                return True
    return False


def _is_whole_quote(text: str, start: int, end: int, lex: _Lex) -> bool:
    """“240小时”过境免签政策: a figure that is all of a quoted phrase right before a noun names a
    thing (拿出“1小时”， is still an hour)."""
    return (0 < start and end + 1 < len(text) and (text[start - 1], text[end]) in lex.quote_pairs
            and "\u4e00" <= text[end + 1] <= "\u9fff")


def _names_a_thing(text: str, start: int, end: int, unit: _Unit, lex: _Lex) -> bool:
    """Digits that are part of a name: an issuer of a title (等7部门关于…), an address
    (永华路2段6号), a kind of thing (15分钟生活圈, 35千伏变电站), a quoted name."""
    if _is_whole_quote(text, start, end, lex):
        return True
    if unit.kind == "count":
        return (text[end:end + 4].lstrip(" ").startswith(lex.title_after)
                or lex.address_after.match(text, end) is not None)
    phrase = lex.phrase_after.match(text, end).group()
    return lex.name_heads.search(phrase) is not None


def _is_year_point(text: str, start: int, end: int, value, lex: _Lex) -> bool:
    """于85年, 86年函请, 自66年起, 成立70年: a bare N年 that is a point in time (民国 years,
    anniversaries), not a span. 于3年内, 满50年后, 长达38年 stay spans."""
    if text[end:end + 4].lstrip(" ").startswith(lex.year_span_after):
        return False
    head = _head(text, start)
    if head.endswith(lex.year_before) and not head.endswith(lex.year_not_before):
        return True
    return value >= lex.year_min and not head.endswith(lex.year_span_before)


def _cn_plausible(text: str, start: int, cn: str, unit: str, marked: bool, lex: _Lex) -> bool:
    """Chinese numerals are often names (一批, 两个维护, 八项规定, 百亿项目): be strict."""
    if len(cn) == 1 or not any(ch in _CN_DIGIT_CHARS for ch in cn):   # 两个, 十项, 百亿
        marked = marked or _prefix_marker(text, start, lex) is not None
        if not (marked or unit in lex.cn_single_units):
            return False
    return not _inside_quotes(text, start, lex)


def _lone_cn_may_count(text: str, start: int, unit: str, marked, lex: _Lex) -> bool:
    """Cheap first test for 一个/两项/三年 (mostly names): a marker or a time unit is needed."""
    return bool(marked) or unit in lex.cn_single_units \
        or (_may_end_with(text, start, lex.apx_before_ends)
            and text[max(0, start - 6):start].rstrip(" ").endswith(lex.apx_before_words))


def _prefix_marker(text: str, start: int, lex: _Lex):
    """近/约/超过… written just before the number (最近 is not one)."""
    if not _may_end_with(text, start, lex.apx_before_ends):
        return None
    head = text[max(0, start - 6):start]
    if not head.rstrip(" ").endswith(lex.apx_before_words):
        return None          # the common case, decided without a regex
    m = lex.apx_before.search(head)
    if m is None or head[:m.end(1)].endswith(lex.apx_not_before):
        return None
    return m.group(1)


def _approx(text: str, start: int, end: int, inner, lex: _Lex):
    """The approximation marker: 余/多 inside, else before the number, else after the unit
    (past an inclusion note: 4倍（含4倍）以上); written variants read as one (逾 → 超过)."""
    marker = inner or _prefix_marker(text, start, lex) or _marker_after(text, end, lex)
    return lex.same_as.get(marker, marker)


def _marker_after(text: str, end: int, lex: _Lex):
    note = lex.inclusion.match(text, end)
    if note:
        end = note.end()
    if not (text.startswith(lex.apx_after_words, end) or text.startswith(" ", end)):
        return None
    m = lex.apx_after.match(text, end)
    if m is None or text.startswith(lex.apx_after_not, m.start(1)):
        return None
    return m.group(1)


def _money_cue(text: str, start: int, end: int, lex: _Lex) -> bool:
    """A bare 亿/万 counts as money only when its clause speaks of money (成交额12.9亿), when the
    clause is only a comparison continuing a money clause (补贴总价的1.5%，不超过3万), or when a
    project follows (3000万以下的小微企业项目)."""
    phrase, _ = _clause_before(text, start, 0, lex)
    if lex.money_cues.search(phrase):
        return True
    if not _clean_phrase(phrase, False, lex):
        cut = text.rfind(phrase, max(0, start - _CLAUSE_WINDOW - 4), start) if phrase else start
        previous = _head(text, max(0, cut - 1), _CLAUSE_WINDOW)
        previous = previous[max(previous.rfind(c) for c in _CLAUSE_ENDS) + 1:]
        if cut > 0 and text[cut - 1] not in _CLAUSE_ENDS and lex.money_cues.search(previous):
            return True
    phrase_after = lex.phrase_after.match(text, end).group()
    return any(word in phrase_after for word in lex.money_cues_after)


def _currency_before(text: str, start: int, lex: _Lex):
    """美金27万元, 美元200万: the currency word written before the number, and where it starts."""
    if not _may_end_with(text, start, lex.currency_ends):
        return None, start
    head = _head(text, start, 8)
    if not head.endswith(lex.currency_words):
        return None, start           # the common case, decided in one call
    for word in lex.currency_words:
        if head.endswith(word):
            return word, max(0, start - 8) + len(head) - len(word)
    return None, start


# ---------------------------------------------------------------- metric

def _clause_before(text: str, start: int, floor: int, lex: _Lex):
    """The words before *start* back to a clause boundary, a digit or *floor*; and whether a
    digit cut it (then it may begin with the tail of a date: 年底前兑付率)."""
    seg = text[max(floor, start - _CLAUSE_WINDOW - 4):start].rstrip(" ")
    seg = seg[-_CLAUSE_WINDOW:]
    m = lex.clause_cut.match(seg)
    cut = m.end() if m else 0
    return seg[cut:], cut > 0 and seg[cut - 1].isdigit()


def _clean_phrase(phrase: str, after_digit: bool, lex: _Lex) -> str:
    """Drop verbs, adverbs and date tails around the noun phrase (兑付率达到 → 兑付率)."""
    if after_digit:
        phrase = phrase[lex.digit_tail.match(phrase).end():]
    for word in lex.cut_after:
        cut = phrase.rfind(word)
        if 0 <= cut < len(phrase) - len(word):
            phrase = phrase[cut + len(word):]
    return lex.strip.fullmatch(phrase).group(1)[-lex.metric_max:]


def _noun_phrase(phrase: str | None, lex: _Lex) -> str | None:
    """A metric is a noun phrase or nothing: 因采伐电力线路 (a cause), 用 or 。 are not; when the
    phrase starts with a preposition or a verb that takes a clause, or ends with a verb or a
    particle, it is dropped rather than guessed."""
    if not phrase or phrase in lex.not_metric or not lex.noun.fullmatch(phrase):
        return None
    if phrase.startswith(lex.not_first) or phrase[-1] in lex.not_last:
        return None
    return phrase


def _noun_after(text: str, end: int, lex: _Lex) -> str | None:
    """The counted noun right after a measure word (287家企业 → 企业, 实有资金账户)."""
    window = lex.after.match(text, end).group()
    m = lex.heads.search(window)
    if m:
        return window[:m.end()]
    if window.startswith(lex.after_not_nouns):
        return None
    stop = lex.after_stop.search(window)
    k = stop.start() if stop else len(window)
    return window[:k] if 0 < k <= 4 else None


def _metric(text: str, fig: dict, floor: int, lex: _Lex) -> str | None:
    """What the figure measures: the counted noun, else the noun phrase before the number."""
    if fig["kind"] == "count":
        noun = _noun_phrase(_noun_after(text, fig["end"], lex), lex)
        if noun:
            return noun
    phrase, after_digit = _clause_before(text, fig["start"], floor, lex)
    return _noun_phrase(_clean_phrase(phrase, after_digit, lex), lex)


# ---------------------------------------------------------------- assembly

def _record(text, start, end, value, base_value, unit, base_unit, kind, approx) -> dict:
    return {"start": start, "end": end, "raw": text[start:end], "value": value,
            "unit": unit, "base_value": base_value, "base_unit": base_unit, "kind": kind,
            "approx": approx, "metric": None}


def _percent_word(text: str, m, lex: _Lex):
    """百分之三十 → 30 %; 千分之五 → 5 ‰."""
    raw = m.group("pnum")
    if raw[0].isdigit():
        value = parse_arabic(raw)
    else:
        parsed = _cn_value(raw)
        value = parsed[0] if parsed and not parsed[1] else None
    if value is None:
        return None
    start, end = m.span()
    word = text[start:m.end("pct")]
    base_unit = "%" if word == "百分之" else "‰"
    return _record(text, start, end, value, value, word, base_unit, "percent",
                   _approx(text, start, end, None, lex))


def _unit_fits(unit: _Unit, value, text: str, start: int, end: int, spaced: bool) -> bool:
    """Small-only units (2021年 is a year and 22年3月 a date, 3年 a duration), spans that need
    their 内/后 (10日内), Latin units written right after the number (2.5m, not 2.5 m)."""
    if unit.max is not None and (value > unit.max or (end < len(text) and text[end].isdigit())):
        return False
    if unit.only_before and not text.startswith(unit.only_before, end):
        return False
    if unit.not_after and start > 0 and text[start - 1] in unit.not_after:
        return False
    return not (unit.latin and spaced)


def _spaced(m, text: str) -> bool:
    """A blank stands before the unit of figure match *m* (2.5 m)."""
    unit_at = max(m.start("unit"), m.start("unit2"), m.start("geapx"))
    return unit_at > 0 and text[unit_at - 1] == " "


def _at_clause_start(text: str, start: int) -> bool:
    i = start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return i == 0 or text[i - 1] in _MARKER_ENDS


def _after_marker(text: str, start: int) -> bool:
    """The number follows a list marker such as 5. (。5.2.5m): only what the pattern lets
    through its marker lookbehinds starts right after a digit and a point."""
    return start >= 2 and text[start - 1] == "." and text[start - 2].isdigit()


def _ratio(text: str, m, lex: _Lex):
    """9:1 and 2/3 (a ratio: their quotient), 0.8-1 (a range of ratios), without a unit."""
    if not _unitless_allowed():
        return None
    start, end = m.start(), m.end("ratio")
    sep = m.group("rsep")
    low, _, high = text[start:end].partition(sep)
    a, b = parse_arabic(low), parse_arabic(high)
    if a is None or b is None or _is_ordinal(text, start, lex) or _inside_title(text, start, lex):
        return None
    window = _head(text, start, _CLAUSE_WINDOW)
    window = window[max(window.rfind(c) for c in "，,。；;！？\n") + 1:]
    cued = lex.ratio_before.search(window) is not None
    value = value_max = None
    if sep in ":：":
        cued = cued or text[end:end + 4].startswith(lex.ratio_after)
        if b:
            value = round(a / b, 6)
    elif sep == "/":
        fraction = (isinstance(a, int) and isinstance(b, int) and 0 < a < b <= lex.max_denominator
                    and not text.startswith(tuple("页号期版年月日"), end))
        cued = fraction and (cued or (window[-1:] != "" and window[-1] in lex.fraction_before))
        value = round(a / b, 6) if b else None
    elif b > a:
        value, value_max = a, b
    if not cued or value is None:
        return None
    rec = _record(text, start, end, value, value, None, None, "ratio", _approx(text, start, end, None, lex))
    if value_max is not None:
        rec["value_max"] = rec["base_value_max"] = value_max
    return rec


def _symbol_money(text: str, m, lex: _Lex):
    """US$500万, ¥3000: money after a currency symbol (the symbol is part of raw)."""
    start = m.start()
    head = text[max(0, start - 5):start]
    symbol = next(s for s in sorted(lex.currency_symbols, key=len, reverse=True)
                  if head.rstrip(" ").endswith(s))
    begin = max(0, start - 5) + len(head.rstrip(" ")) - len(symbol)
    first = _number(text[start:m.end("srest")], None)
    if first is None:
        return None
    value, _, digits = first
    mult = (m.group("smult") or "").strip(" ")
    unit = (m.group("sunit") or "").strip(" ")
    factor = lex.mult.get(mult, 1)
    written = mult + unit or symbol
    return _record(text, begin, m.end(), value, _base(value, factor, digits), written,
                   lex.currency_symbols[symbol], "money", _approx(text, begin, m.end(), None, lex))


def _figures_at(text: str, m, lex: _Lex) -> list[dict]:
    """The figures of one pattern match (none when it is not a quantity; two for 7.5*7.5公分
    or a range with a restated bound inside)."""
    ratio, srest, pct = m.group("ratio", "srest", "pct")
    if ratio is not None:
        rec = _ratio(text, m, lex)
    elif srest is not None:
        rec = _symbol_money(text, m, lex)
    elif pct:
        rec = _percent_word(text, m, lex)
    else:
        return _number_figures(text, m, lex)
    return [rec] if rec else []


def _number_figures(text: str, m, lex: _Lex) -> list[dict]:
    """A number with its multiplier and unit: the checks of the module docstring, in cheap-first
    order."""
    start = m.start()
    ocr = m.group("ocr")
    if ocr and _at_clause_start(text, start):      # 1. 5个: marker 1. then 5个
        again = lex.pattern.match(text, m.end("ocr") - len(ocr.lstrip(". ")))
        return [] if again is None or again.group("ocr") else _figures_at(text, again, lex)
    if _rank_or_label(text, start, lex):
        return []          # 第3个 is a rank; 表1 a label
    mult, unit, unit2, geunit, geapx, arest, apx, apx2, sep, u1 = m.group(
        "mult", "unit", "unit2", "geunit", "geapx", "arest", "apx", "apx2", "sep", "u1")
    unit_word, inner = unit or unit2, None
    if geunit:
        unit_word, inner = "个" + geunit, geapx
    unit_word = unit_word or ""
    if arest is not None:
        arabic, cn = text[start:m.end("arest")], None
        if unit_word == "年" and ITEM_THEN_YEAR.fullmatch(arabic):
            return []      # 9.2023年第一批…: the list's item 9, then a year; no 9.2023 years
    else:
        arabic, cn = None, text[start:m.end("cnrest")]
        if len(cn) == 1 and not _lone_cn_may_count(text, start, unit_word, apx or sep, lex):
            return []
    first = _number(arabic, cn)
    if first is None:
        return []
    value, cn_mult, digits = first
    unit = lex.units.get(unit_word)
    if unit is not None and not _unit_fits(unit, value, text, start, m.end(), unit.latin and _spaced(m, text)):
        return []          # 2023年 is a year, 7月10日 a date: the commonest refusals, decided first
    if arabic is not None and _inside_title(text, start, lex):
        return []
    inner = inner or apx or apx2
    if cn and not _cn_plausible(text, start, cn, unit_word, bool(inner or sep), lex):
        return []
    mult_word = cn_mult + (mult or "")
    if mult_word and mult_word not in lex.mult:
        return []          # 两亿余万元: 亿 then 万 is no multiplier; better none than a made-up one
    own = _own_multiplier(u1, mult or "", unit_word, lex) if sep else None
    if own is None and not _first_unit_agrees(u1, mult or "", unit_word):
        return []          # 3%-5个 is not a range
    low_word = mult_word if own is None else cn_mult + own      # 5,000元至3万元: each end its own
    if low_word and low_word not in lex.mult:
        return []          # 五万 万亿…: the low end's multipliers make none together
    rec = _quantity(text, m, value, digits, low_word, unit_word, unit, inner, lex)
    if rec is None:
        return []
    if sep and not _add_range(rec, m, lex.mult.get(mult_word, 1), lex.units.get(unit_word), text,
                              low_factor=lex.mult.get(low_word, 1)):
        return []
    return _dimension(text, rec, lex) + _sum_terms(text, rec, lex) + [rec] + _restated(text, m, lex)


#: An item number run into the year that opens its text (2.2020年…, 12．2023年…).
ITEM_THEN_YEAR = re.compile(r"[0-9]{1,2}[.．](?:19|20)[0-9]{2}")


def _first_unit_agrees(u1: str | None, mult: str, unit: str) -> bool:
    """3万至5万元, 3倍（含3倍）至4倍, 6%-10%: the unit written after the low end is the high end's."""
    return not u1 or u1 in (mult, unit, mult + unit)


def _quantity(text: str, m, value, digits, mult_word: str, unit_word: str, unit: _Unit | None,
              inner, lex: _Lex):
    """The figure record for a number and its *unit* (which fits it, or None: no unit word),
    or None when the context says it is not one."""
    start, end = m.span()
    factor = lex.mult[mult_word] if mult_word else 1
    currency, currency_at = _currency_before(text, start, lex)
    if unit is None:
        if not (mult_word and (currency or _money_cue(text, start, end, lex))):
            return None
        unit = lex.money                     # 成交额12.9亿
        if not _unit_fits(unit, value, text, start, end, _spaced(m, text)):
            return None
    if (unit.designation and unit.designation.match(text, end)) or (unit.kind == "count" and _after_marker(text, start)):
        return None          # 110千伏变电站 is a station's name; 1.3.2本预案 is a heading number
    if _names_a_thing(text, start, end, unit, lex):
        return None
    approx = _approx(text, currency_at if currency else start, end, inner, lex)
    if unit_word == "年" and not approx and _is_year_point(text, start, end, value, lex):
        return None
    base_unit, kind = unit.base, unit.kind
    if currency and base_unit == "元":
        base_unit = lex.currency_before[currency]      # 美金27万元 is US dollars
    written = mult_word + unit_word
    rate = m.group("rate")
    if rate:
        rate = rate.replace("／", "/").replace(" ", "")
        written, base_unit = written + rate, base_unit + rate
        kind = "money" if kind == "money" else "other"
    base = _base(value, factor, digits)
    if _minus_before(text, start):
        start, value, base = start - 1, -value, -base      # 预计完成-1.43亿元: a negative result
    return _record(text, start, end, value, base, written, base_unit, kind, approx)


MINUS = "-−－"


def _minus_before(text: str, start: int) -> bool:
    """A minus sign right before the number, after a word or a bracket (完成-1.43亿元, （-14.88亿元）),
    not after a digit, letter, dash or space (the range 3-5亿元, a code GB-2012, a page number
    -3-, a list's dash): a negative amount or rate."""
    if start < 2 or text[start - 1] not in MINUS:
        return False
    before = text[start - 2]
    return not (before.isspace() or before.isdigit() or (before.isascii() and before.isalnum())
                or before in MINUS + "—–~～.．/·")


def _own_multiplier(u1: str | None, mult: str, unit: str, lex: _Lex) -> str | None:
    """5,000元至3万元, 5千元至3万元: the low end's own multiplier ("" for none) when its unit is
    the high end's with another multiplier; None when it shares the high end's (3至5万元)."""
    if not (u1 and unit and u1.endswith(unit)):
        return None
    own = u1[:-len(unit)]
    return own if own != mult and (own == "" or own in lex.mult) else None


def _add_range(rec: dict, m, factor: int, unit: _Unit | None, text: str, low_factor: int | None = None) -> bool:
    """3至5个: keep the low end as value and add value_max / base_value_max (value_max in the low
    end's unit: 5,000元至3万元 → 5000 to 30000 元)."""
    second = _number(m.group("num2"), m.group("cnum2"))
    if second is None or second[1]:
        return False
    high = second[0]
    high_base = _base(high, factor, second[2])
    if high_base <= rec["base_value"] or (unit and unit.max is not None and high > unit.max):
        return False
    low_factor = factor if low_factor is None else low_factor
    rec["value_max"] = high if low_factor == factor else _tidy(high_base / low_factor)
    rec["base_value_max"] = high_base
    return True


def _restated(text: str, m, lex: _Lex) -> list[dict]:
    """3倍（含3倍）至4倍: the bound restated inside the inclusion note is a figure of its own."""
    if not m.group("incl"):
        return []
    lo, hi = m.span("incl")
    return [fig for inner in lex.pattern.finditer(text, lo, hi) for fig in _figures_at(text, inner, lex)]


def _dimension(text: str, rec: dict, lex: _Lex) -> list[dict]:
    """7.5*7.5公分: the first length of a dimension takes the second's unit."""
    if rec["unit"] not in lex.dimension_units or "value_max" in rec:
        return []
    d = lex.dimension_before.search(text, max(0, rec["start"] - 16), rec["start"])
    value = None if d is None else parse_arabic(d.group(1))
    if value is None:
        return []
    factor = round(rec["base_value"] / rec["value"]) if rec["value"] else 1
    return [dict(rec, start=d.start(1), end=d.end(1), raw=d.group(1), value=value,
                 base_value=_base(value, factor, d.group(1)))]


def _sum_terms(text: str, rec: dict, lex: _Lex) -> list[dict]:
    """11.66+11.69公里: the measures of a sum written with one unit, the first taking the
    second's (decimals only: 1+13 is a name, not a sum)."""
    if "value_max" in rec or "." not in rec["raw"]:
        return []
    d = lex.sum_before.search(text, max(0, rec["start"] - 16), rec["start"])
    value = None if d is None else parse_arabic(d.group(1))
    if value is None:
        return []
    factor = rec["base_value"] / rec["value"] if rec["value"] else 1
    return [dict(rec, start=d.start(1), end=d.end(1), raw=d.group(1), value=value,
                 base_value=_base(value, round(factor), d.group(1)), metric=None)]


def _start(fig: dict) -> int:
    return fig["start"]


def find_figures(text: str) -> list[dict]:
    """All figures in normalized notice text, in text order (see module docstring)."""
    lex = _lex()
    out = []
    floor = 0
    for m in lex.pattern.finditer(text):
        figures = _figures_at(text, m, lex)
        if not figures:
            continue         # most matches (第3条, 2023年) are no figure
        if len(figures) > 1:
            figures.sort(key=_start)
        for fig in figures:
            fig["metric"] = _metric(text, fig, floor, lex)
            floor = max(floor, fig["end"])
            out.append(fig)
    if len(out) > 1:
        out.sort(key=_start)
        out = _bounded_ranges(text, out)
        out = _compound_amounts(out, lex)
    return out


def _compound_amounts(figures: list[dict], lex: _Lex) -> list[dict]:
    """1万2000元, 2亿3000万元, 23萬6,400元: a count of 万 (亿) run into the rest of the amount, which
    is less than one 万 (亿), is one amount, as written (not 10000 and 2000 元)."""
    out: list[dict] = []
    for fig in figures:
        high = out[-1] if out else None
        factor = lex.mult.get(high["unit"]) if high is not None else None
        if (factor and high["end"] == fig["start"] and high["base_unit"] == fig["base_unit"]
                and "base_value_max" not in high and "base_value_max" not in fig
                and 0 < fig["base_value"] < factor and not fig.get("approx") and fig["value"]):
            per = fig["base_value"] / fig["value"]         # the low part's unit: 元 1, 万元 10⁴
            total = high["base_value"] + fig["base_value"]
            out[-1] = dict(fig, start=high["start"], raw=high["raw"] + fig["raw"], value=_tidy(total / per),
                           base_value=_tidy(total), metric=high.get("metric") or fig.get("metric"))
            continue
        out.append(fig)
    return out


#: What stands between the two bounds of 10人以上30人以下 (also 10人（含）以上…).
_LOWER_BOUND_TAIL = re.compile(r"(?:[（(]含[^（）()]{0,6}[）)])?以上")


def _bounded_ranges(text: str, figures: list[dict]) -> list[dict]:
    """10人以上30人以下, 5000万元以上1亿元以下: a lower and an upper bound of one measure written
    one after the other are one range (GUIDE: a range is one figure), as 3万至5万元 is; in two
    units (50%以上5倍以下) they stay two figures."""
    out: list[dict] = []
    for fig in figures:
        low = out[-1] if out else None
        if (low is not None and low.get("approx") == "以上" and fig.get("approx") == "以下"
                and low["base_unit"] == fig["base_unit"] and "base_value_max" not in low
                and "base_value_max" not in fig and fig["base_value"] > low["base_value"]
                and _LOWER_BOUND_TAIL.fullmatch(text, low["end"], fig["start"])):
            factor = low["base_value"] / low["value"] if low["value"] else 1
            out[-1] = dict(low, end=fig["end"], raw=text[low["start"]:fig["end"]], approx=None,
                           value_max=_tidy(fig["base_value"] / factor), base_value_max=fig["base_value"])
            continue
        out.append(fig)
    return out


def _tidy(value: float):
    """3.0 → 3: a whole number written as one."""
    return int(value) if float(value).is_integer() else value
