"""Units (单位): bodies named in running text (role `mentioned`).

A suffix (局, 委员会, 人民政府…) marks where a name ends. Where it starts is found by walking
back from the suffix word by word (the longest word of the word table ending there,
extractors/words.py): nouns, places, abbreviations, verbal nouns inside the name, ordinals (第一,
第十三届) and level alternatives in brackets (县（市、区）) belong to it; a verb, a preposition,
a determiner (各, 有关), a stop word, an article or date (第七条, 二十日) or the end of another
body stops it. The words' classes come from jieba's dictionary, but no segmenter runs: on a
labelled sample of 400 sentences this finds the names better than jieba's tagger did
(benchmarks/bodies_check.py), in a third of its time and without loading its dictionary.
"""
from __future__ import annotations

import functools
import re

from taizhang.extractors import words
from taizhang.pipeline.lexicon import alternation, load

NUMERALS = "〇零一二三四五六七八九十百千万两0123456789０１２３４５６７８９"


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    lexicon = load("bodies")
    suffixes = lexicon["suffixes"]
    levels = "".join(lexicon["bracket_levels"])
    han = r"[\u4e00-\u9fff]"
    alternatives = rf"{han}{{1,3}}(?:、{han}{{1,3}}){{0,3}}"
    return {
        "suffix": re.compile(f"(?=({alternation(suffixes)}))"),
        "shorter": {s: sorted({t for t in suffixes if s.startswith(t)}, key=len) for s in suffixes},
        "sub": tuple(lexicon["sub_suffixes"]),
        "body_end": tuple(suffixes),
        "min": lexicon["min_length"],
        "max": lexicon["max_length"],
        "not_bodies": set(lexicon["not_bodies"]),
        "false_endings": tuple(lexicon["false_endings"]),
        "admin": tuple(sorted(lexicon["admin_prefixes"], key=len, reverse=True)),
        "joiners": set(lexicon["inner_joiners"]),
        "longest_word": max(map(len, lexicon["user_words"] + lexicon["department_names"]
                                + lexicon["name_words"] + lexicon["stop_words"] + [" " * words.MAX_NAME])),
        # a level's alternatives in brackets, inside a name: 县（市、区）人民政府
        "alternatives": re.compile(rf"(?<=[{levels}])[（(]{alternatives}[）)]$"),
        "ordinal": re.compile(rf"第[{NUMERALS}]+(?:([{''.join(lexicon['article_units'])}])"
                              rf"|[{''.join(lexicon['ordinal_units'])}]|)|[{NUMERALS}]+[{''.join(lexicon['date_units'])}]"),
        "ordinal_chars": "第" + "".join(lexicon["date_units"]),
    }


def find_bodies(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of bodies named in *text*, outermost names only, in text order."""
    lex = _lexicon()
    table = words.table()
    before, after = lex["max"] + lex["longest_word"], lex["longest_word"]
    candidates = []
    # the names a window gives, by window: a text that repeats itself (局局局…, a table of the
    # same body) gives the same windows again, and the walks then cost nothing
    known: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for match in lex["suffix"].finditer(text):
        at = match.start()
        # the text the name and the words around it can lie in: a bounded window, so that a
        # long run of Chinese costs no more per suffix than a short one
        offset = max(0, at - before)
        window = text[offset:at + len(match.group(1)) + after]
        key = (window, at - offset)
        names = known.get(key)
        if names is None:
            if len(known) >= WINDOWS_KEPT:
                known.clear()
            names = known[key] = _names_in(window, at - offset, match.group(1), table)
        candidates += [(offset + start, offset + end) for start, end in names]
    return [(start, end, text[start:end]) for start, end in _outermost(candidates)]


#: Windows whose names find_bodies remembers within one text (its memory stays bounded).
WINDOWS_KEPT = 4096


def _names_in(window: str, at: int, found: str, table: words.Table) -> list[tuple[int, int]]:
    """(start, end) in *window* of the names ending in the suffix *found* at *at*, or in a
    shorter suffix it starts with (政府办 also ends 政府: 县政府办公室)."""
    lex = _lexicon()
    ordinals = _ordinals(window) if any(ch in window for ch in lex["ordinal_chars"]) else {}
    names = []
    for suffix in lex["shorter"][found]:
        end = at + len(suffix)
        if window.endswith(lex["false_endings"], 0, end) or _runs_on(window, at, end, table):
            continue
        start = _name_start(window, at, end, table, ordinals)
        if lex["min"] <= end - start <= lex["max"] and window[start:end] not in lex["not_bodies"]:
            names.append((start, end))
    return names


def _ordinals(window: str) -> dict[int, tuple[int, bool]]:
    """end → (start, whether it stops a name) of the ordinals and dates in *window*: an article
    or a date before a name is not part of it (第七条县级以上人民政府, 二十日山东省人民政府),
    an ordinal is (第一人民医院, 第十三届全国人民代表大会常务委员会)."""
    found = {}
    for m in _lexicon()["ordinal"].finditer(window):
        found[m.end()] = (m.start(), not m.group().startswith("第") or m.group(1) is not None)
    return found


def _runs_on(window: str, at: int, end: int, table: words.Table) -> bool:
    """The suffix window[at:end] does not end a word: a word starting in it runs on past its end
    (部分行业 holds no 分行, 县政府办公室 no 政府办, 局长 is no 局), unless the text after the
    end starts a longer word of its own (财政局部署: 部署, not 局部)."""
    for i in range(at, end):
        length = table.longest_at(window, i)
        if i + length > end and table.longest_at(window, end) <= i + length - end:
            return True
    return False


def _name_start(window: str, at: int, end: int, table: words.Table, ordinals: dict) -> int:
    """Where the name ending at *end* (its suffix at *at*) starts: walking back over the words
    that may be part of a name, to the first that may not."""
    lex = _lexicon()
    floor = max(0, end - lex["max"])
    last, _ = table.word_ending(window, end, floor)
    pos = min(end - len(last), at)              # 统计局: the word holding the suffix is in the name
    attachable = window.endswith(lex["sub"], 0, end)
    taken: list[tuple[str, int]] = []           # the name's words, right to left
    while pos > floor:
        ordinal = ordinals.get(pos)
        if ordinal is not None:
            if ordinal[1]:
                break                           # 第七条, 二十日
            taken.append((window[ordinal[0]:pos], words.NAME))
            pos = ordinal[0]
            continue
        char = window[pos - 1]
        if not "\u4e00" <= char <= "\u9fff":
            alternatives = lex["alternatives"].search(window, max(floor, pos - 16), pos)
            if alternatives is None:
                break                           # punctuation, a digit, a space: the name starts after
            taken.append((alternatives.group(), words.NAME))
            pos = alternatives.start()          # 县（市、区）人民政府: the alternatives of a level
            continue
        word, kind = table.word_ending(window, pos, floor)
        if word[0] in lex["joiners"] and word[1:] in lex["admin"]:
            word, kind = word[1:], words.NAME   # 和县 is a county, but in 部门和县林业局 和 joins
        if word in lex["joiners"]:
            opens_new = bool(taken) and taken[-1][0].startswith(lex["admin"])
            before = pos - 1
            if before > floor and not opens_new and not window.endswith(lex["body_end"], 0, before) \
                    and not window.endswith(lex["admin"], 0, before):
                taken.append((word, kind))      # 发展和改革: 和 inside one name
                pos -= 1
                continue
            break                               # 县委办公室和县政府办公室, 省和市: two names
        if kind not in (words.NAME, words.INNER) and not (kind == words.NUMERAL and word.startswith("第")):
            admin = next((a for a in lex["admin"] if word.endswith(a) and len(word) > len(a)), None)
            if admin:
                taken.append((admin, words.NAME))   # 各省, 报省 as one word: the level opens the name
                pos -= len(admin)
            break
        if not attachable and word.endswith(lex["body_end"]):
            break                               # another body ends here: 财政厅农牧厅 are two
        taken.append((word, kind))
        pos -= len(word)
    while taken and (taken[-1][1] == words.INNER or taken[-1][0] in lex["joiners"]):
        pos += len(taken.pop()[0])              # a name does not open with a verbal noun or 和
    return pos


def _outermost(candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop names nested in a longer one (鄂尔多斯市人民政府 inside …人民政府办公室); a name
    overlapping the one before and running on past it extends it."""
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    kept: list[tuple[int, int]] = []
    for start, end in candidates:
        if kept and start < kept[-1][1]:
            if end > kept[-1][1]:
                kept[-1] = (kept[-1][0], end)
            continue
        kept.append((start, end))
    return kept
