"""Figures (数字指标) in normalized notice text: 27157.41万元, 300余户, 30多个百分点, 百分之三十.

One compiled pattern finds every number that is followed by a multiplier or a
unit, so only real candidates reach Python; small checks then drop what 公文
writes with digits but does not mean as a quantity (years, dates, document
numbers, ordinals, phone numbers, names such as 5G or “两个维护”).
Word lists live in pipeline/data/units.yaml.
"""
from __future__ import annotations

import functools
from decimal import Decimal

import regex

from extractors.numbers import CN_SMALL_UNITS, parse_arabic, parse_cn_int
from pipeline.lexicon import alternation, load

_CN_CHARS = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_DIGIT_CHARS = "零〇○一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_BIG_TAILS = ("万亿", "亿", "万")
# Arabic number: 1,234.5 (strict thousands groups) or 27157.41; possessive, so linear.
_ARABIC = r"(?:[0-9]{1,3}(?:,[0-9]{3})++(?![0-9])|[0-9]++)(?:\.[0-9]++)?+"
_CN = rf"[{_CN_CHARS}]++(?:点[{_CN_DIGIT_CHARS}]++)?+"
_QUOTE_WINDOW = 400      # how far back to look for an opening “ or 《
_CLAUSE_WINDOW = 24      # how far back to look for the metric phrase


def _longest_first(words) -> tuple:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


class _Lex:
    """The YAML lexicon turned into lookup tables and one compiled pattern (built once)."""

    def __init__(self, data: dict):
        self.units = {u: dict(e) for u, e in data["units"].items()}
        for word in data["count_words"]:
            self.units.setdefault(word, {"base": word, "kind": "count"})
        for word, chars in (data.get("count_not_before") or {}).items():
            self.units[word]["not_before"] = chars
        self.mult = {m: int(v) for m, v in data["multipliers"].items()}
        self.cn_single_units = frozenset(data["cn_single_units"])
        apx = data["approx"]
        self.apx_before = _longest_first(apx["before"])
        self.apx_not_before = tuple(apx["not_before"])
        self.apx_after = _longest_first(apx["after_unit"])
        self.apx_after_not = tuple(apx["after_unit_not"])
        self.money_cues = tuple(data["money_cues"])
        self.ordinal_before = tuple(data["ordinal_before"])
        self.quotes = [tuple(q) for q in data["name_quotes"]]
        met = data["metric"]
        self.metric_max = int(met["max_chars"])
        self.after_max = int(met["after_max_chars"])
        self.heads = _longest_first(met["heads"])
        self.stop_chars = frozenset(met["stop_chars"])
        self.after_stop = frozenset(met["after_stop_chars"])
        self.after_not_nouns = tuple(met["after_not_nouns"])
        self.not_metric = frozenset(met["not_metric"])
        self.strip_suffix = _longest_first(met["strip_suffix"])
        self.strip_prefix = _longest_first(met["strip_prefix"])
        self.date_tails = _longest_first(met["date_tails"])
        self.cut_after = tuple(met["cut_after"])
        self.pattern = regex.compile(self._pattern(data["range_separators"]))

    def _unit_alt(self) -> str:
        """Units as a trie, each guarded by the characters that may not follow it."""
        return _trie_regex({u: e.get("not_before") for u, e in self.units.items()})

    def _mult_alt(self) -> str:
        """Multipliers, except where they begin a unit (千 in 千米, 千瓦时)."""
        guarded = {}
        for m in self.mult:
            rests = [u[len(m):] for u in self.units if u.startswith(m) and len(u) > len(m)]
            guarded[m] = f"(?!{alternation(rests)})" if rests else ""
        return "|".join(regex.escape(m) + guarded[m]
                        for m in sorted(self.mult, key=lambda w: (-len(w), w)))

    def _pattern(self, seps) -> str:
        """One leading character class lets the engine skip text fast; lookbehinds after it
        keep numbers whole (not inside PM2.5, G20, 1+13, 0477—8589765, 16:16)."""
        arabic_ok = r"(?<=(?<![0-9A-Za-z.])(?<![0-9][-—:+/～~－])[0-9])"
        arest = r"(?:[0-9]{0,2}(?:,[0-9]{3})++(?![0-9])|[0-9]*+)(?:\.[0-9]++)?+"
        cn_ok = rf"(?<=(?<![{_CN_CHARS}])[{_CN_CHARS}])"
        cnrest = rf"[{_CN_CHARS}]*+(?:点[{_CN_DIGIT_CHARS}]++)?+"
        num2 = rf"(?:(?P<num2>{_ARABIC})|(?P<cnum2>{_CN}))"
        rng = rf"(?:[ ]*+(?P<u1>%)?+[ ]*+(?P<sep>{alternation(seps)})[ ]*+{num2})?"
        units, mults = self._unit_alt(), self._mult_alt()
        tail = (rf"[ ]*+(?P<apx>[余多])?+"
                rf"(?:(?P<mult>{mults})(?P<apx2>[余多])?+[ ]*+(?P<unit>{units})?+"
                rf"|(?P<unit2>{units}))")
        pct = rf"(?<=[百千])(?P<pct>分之)(?P<pnum>{_ARABIC}|{_CN})"
        number = rf"(?:{arabic_ok}(?P<arest>{arest})|{cn_ok}(?P<cnrest>{cnrest}))"
        return rf"[0-9{_CN_CHARS}](?:{pct}|{number}{rng}{tail})"


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
    branches = [regex.escape(ch) + _trie_node(child)
                for ch, child in sorted(node.items()) if ch]
    if "" in node:
        guard = node[""]
        branches.append(f"(?![{regex.escape(guard)}])" if guard else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


@functools.lru_cache(maxsize=1)
def _lex() -> _Lex:
    return _Lex(load("units"))


# ---------------------------------------------------------------- numbers

def _cn_value(text: str):
    """(value, multiplier word) of a Chinese numeral, 两万 → (2, '万'); None if not a quantity."""
    whole, _, frac = text.partition("点")
    head, tail = whole, ""
    for big in _CN_BIG_TAILS:
        if whole.endswith(big) and len(whole) > len(big):
            head, tail = whole[: -len(big)], big
            break
    if len(head) > 1 and not any(ch in CN_SMALL_UNITS or ch in "万亿" for ch in head):
        return None          # 二〇二一, 三四: digit strings are years or vague ranges
    value = parse_cn_int(head)
    if value is None:
        return None
    if frac:
        digits = "".join(str(parse_cn_int(ch)) for ch in frac)
        value = float(f"{value}.{digits}")
    return value, tail


def _first_number(text: str, m):
    """(Arabic, Chinese) text of the first number; the leading character sits outside groups."""
    if m.group("arest") is not None:
        return text[m.start():m.end("arest")], None
    return None, text[m.start():m.end("cnrest")]


def _number(arabic: str | None, cn: str | None):
    """(value, multiplier word, digits as written) of a number; None if not a quantity."""
    if arabic is not None:
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

def _is_ordinal(text: str, start: int, lex: _Lex) -> bool:
    """第3个, 第四十九条, 编号12: the number is a rank or a code."""
    i = start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return text[max(0, i - 2):i].endswith(lex.ordinal_before)


def _inside_quotes(text: str, pos: int, lex: _Lex) -> bool:
    """True when *pos* sits inside “…” or 《…》 (a name such as “两个维护”)."""
    lo = max(0, pos - _QUOTE_WINDOW)
    return any(text.rfind(left, lo, pos) > text.rfind(right, lo, pos)
               for left, right in lex.quotes)


def _cn_plausible(m, cn: str, unit_word: str, text: str, lex: _Lex) -> bool:
    """Chinese numerals are often names (一批, 两个维护, 八项规定, 百亿项目): be strict."""
    marked = bool(m.group("apx") or m.group("apx2") or m.group("sep")) \
        or _prefix_marker(text, m.start(), lex) is not None
    if not any(ch in _CN_DIGIT_CHARS for ch in cn):
        ok = marked          # 十个, 百亿, 千万: no digit at all
    elif len(cn) == 1:
        ok = marked or unit_word in lex.cn_single_units
    else:
        ok = True
    return ok and not _inside_quotes(text, m.start(), lex)


def _prefix_marker(text: str, start: int, lex: _Lex):
    """近/约/超过… written just before the number (最近 is not one)."""
    head = text[max(0, start - 4):start].rstrip(" ")
    if head.endswith(lex.apx_not_before):
        return None
    return next((w for w in lex.apx_before if head.endswith(w)), None)


def _approx(text: str, m, lex: _Lex):
    """The approximation marker: 余/多 inside, else before the number, else after the unit."""
    inner = m.group("apx") or m.group("apx2")
    if inner:
        return inner
    before = _prefix_marker(text, m.start(), lex)
    if before:
        return before
    after = text[m.end():m.end() + 5].lstrip(" ")
    if after.startswith(lex.apx_after_not):
        return None
    return next((w for w in lex.apx_after if after.startswith(w)), None)


def _money_cue(text: str, start: int, lex: _Lex) -> bool:
    """A bare 亿/万 counts as money only when its clause speaks of money (成交额12.9亿)."""
    phrase, _ = _clause_before(text, start, 0, lex)
    return any(cue in phrase for cue in lex.money_cues)


# ---------------------------------------------------------------- metric

def _clause_before(text: str, start: int, floor: int, lex: _Lex):
    """The words before *start* back to a clause boundary, a digit or *floor*; and whether a
    digit cut it (then it may begin with the tail of a date: 年底前兑付率)."""
    end = start
    while end > floor and text[end - 1] == " ":
        end -= 1
    i = end
    lo = max(floor, end - _CLAUSE_WINDOW)
    while i > lo:
        ch = text[i - 1]
        if ch in lex.stop_chars or (ch.isascii() and ch.isalnum()):
            break
        i -= 1
    after_digit = i > 0 and i > floor and text[i - 1].isdigit()
    return text[i:end], after_digit


def _strip_prefix(phrase: str, words) -> str:
    return next((phrase[len(w):] for w in words if phrase.startswith(w)), phrase)


def _strip_suffix(phrase: str, words) -> str:
    return next((phrase[: -len(w)] for w in words if phrase.endswith(w)), phrase)


def _clean_phrase(phrase: str, after_digit: bool, lex: _Lex) -> str:
    """Drop verbs, adverbs and date tails around the noun phrase (兑付率达到 → 兑付率)."""
    if after_digit:
        phrase = _strip_prefix(phrase, lex.date_tails)
    for word in lex.cut_after:
        cut = phrase.rfind(word)
        if 0 <= cut < len(phrase) - len(word):
            phrase = phrase[cut + len(word):]
    prev = None
    while prev != phrase:
        prev = phrase
        phrase = _strip_prefix(_strip_suffix(phrase, lex.strip_suffix), lex.strip_prefix)
    return phrase[-lex.metric_max:]


def _noun_after(text: str, end: int, lex: _Lex) -> str | None:
    """The counted noun right after a measure word (287家企业 → 企业)."""
    j = end
    while j < len(text) and j - end < lex.after_max and text[j] not in lex.stop_chars \
            and not text[j].isascii():
        j += 1
    window = text[end:j]
    stop = min((k + len(h) for h in lex.heads if (k := window.find(h)) >= 0), default=0)
    while stop:          # 实有资金 + 账户: heads that follow each other make one noun
        nxt = next((h for h in lex.heads if window.startswith(h, stop)), None)
        if nxt is None:
            return window[:stop]
        stop += len(nxt)
    if stop:
        return window[:stop]
    if window.startswith(lex.after_not_nouns):
        return None
    k = next((i for i, ch in enumerate(window) if ch in lex.after_stop), len(window))
    return window[:k] if 0 < k <= 4 else None


def _metric(text: str, fig: dict, floor: int, lex: _Lex) -> str | None:
    """What the figure measures: the counted noun, else the noun phrase before the number."""
    if fig["kind"] == "count":
        noun = _noun_after(text, fig["end"], lex)
        if noun:
            return noun
    phrase, after_digit = _clause_before(text, fig["start"], floor, lex)
    phrase = _clean_phrase(phrase, after_digit, lex)
    return phrase if phrase and phrase not in lex.not_metric else None


# ---------------------------------------------------------------- assembly

def _percent_word(text: str, m):
    """百分之三十 → 30 %; 千分之五 → 5 ‰."""
    raw = m.group("pnum")
    if raw[0].isdigit():
        value = parse_arabic(raw)
    else:
        parsed = _cn_value(raw)
        value = parsed[0] if parsed and not parsed[1] else None
    if value is None:
        return None
    word = text[m.start():m.end("pct")]
    base_unit = "%" if word == "百分之" else "‰"
    return _record(text, m, value, value, word, base_unit, "percent", None)


def _record(text, m, value, base_value, unit, base_unit, kind, approx) -> dict:
    start, end = m.span()
    return {"start": start, "end": end, "raw": text[start:end], "value": value,
            "unit": unit, "base_value": base_value, "base_unit": base_unit, "kind": kind,
            "approx": approx, "metric": None}


def _unit_fits(entry: dict, value, text: str, end: int) -> bool:
    """Small-only units: 2021年 is a year and 22年3月 a date, 3年 a duration."""
    if "max" in entry and value > entry["max"]:
        return False
    return not ("max" in entry and end < len(text) and text[end].isdigit())


def _figure(text: str, m, lex: _Lex):
    """Turn one pattern match into a figure dict, or None when it is not a quantity."""
    if m.group("pct"):
        return _percent_word(text, m)
    if _is_ordinal(text, m.start(), lex):
        return None
    arabic, cn = _first_number(text, m)
    first = _number(arabic, cn)
    if first is None:
        return None
    value, cn_mult, digits = first
    unit_word = m.group("unit") or m.group("unit2") or ""
    if m.group("u1") and unit_word != "%":
        return None
    if cn and not _cn_plausible(m, cn, unit_word, text, lex):
        return None
    mult_word = cn_mult + (m.group("mult") or "")
    if unit_word:
        entry = lex.units[unit_word]
    elif mult_word and _money_cue(text, m.start(), lex):
        entry = {"base": "元", "kind": "money"}    # 成交额12.9亿
    else:
        return None
    if not _unit_fits(entry, value, text, m.end()):
        return None
    factor = lex.mult[mult_word] if mult_word else 1
    rec = _record(text, m, value, _base(value, factor, digits), mult_word + unit_word,
                  entry["base"], entry["kind"], _approx(text, m, lex))
    if m.group("sep") and not _add_range(rec, m, factor, entry, text):
        return None
    return rec


def _add_range(rec: dict, m, factor: int, entry: dict, text: str) -> bool:
    """3至5个: keep the low end as value and add value_max / base_value_max."""
    second = _number(m.group("num2"), m.group("cnum2"))
    if second is None or second[1]:
        return False
    high = second[0]
    if high <= rec["value"] or not _unit_fits(entry, high, text, m.end()):
        return False
    rec["value_max"] = high
    rec["base_value_max"] = _base(high, factor, second[2])
    return True


def find_figures(text: str) -> list[dict]:
    """All figures in normalized notice text, in text order (see module docstring)."""
    lex = _lex()
    out = []
    floor = 0
    for m in lex.pattern.finditer(text):
        fig = _figure(text, m, lex)
        if fig is None:
            continue
        fig["metric"] = _metric(text, fig, floor, lex)
        floor = fig["end"]
        out.append(fig)
    return out
