"""Units (单位): bodies named in running text (role `mentioned`).

A suffix (局, 委员会, 人民政府…) marks where a name ends; jieba's part-of-speech tags on
a short window before it decide where the name starts (at the last verb, numeral,
pronoun or preposition). jieba runs on those windows only: on whole documents it
would make the pipeline 25 times slower (../shared/NOTES.md).
"""
from __future__ import annotations

import functools
import re

from taizhang.extractors import tagging
from taizhang.pipeline.lexicon import alternation, load

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    lexicon = load("bodies")
    suffixes = lexicon["suffixes"]
    return {
        "suffix": re.compile(f"(?=({alternation(suffixes)}))"),
        "shorter": {s: sorted({t for t in suffixes if s.startswith(t)}, key=len) for s in suffixes},
        "sub": tuple(lexicon["sub_suffixes"]),
        "body_end": re.compile(f"(?:{alternation(lexicon['suffixes'])})$"),
        "tags": tuple(lexicon["name_tags"]),
        "min": lexicon["min_length"],
        "max": lexicon["max_length"],
        "not_bodies": set(lexicon["not_bodies"]),
        "user_words": lexicon["user_words"],
        "false_endings": tuple(lexicon["false_endings"]),
        "stop_words": set(lexicon["stop_words"]),
        "inner_tags": tuple(lexicon["inner_tags"]),
        "admin": tuple(sorted(lexicon["admin_prefixes"], key=len, reverse=True)),
        "joiners": set(lexicon["inner_joiners"]),
        "departments": lexicon["department_names"],
        "list_openers": lexicon["list_openers"],
        "max_list_prefix": lexicon["max_list_prefix"],
        "list_prefix_tags": set(lexicon["list_prefix_tags"]),
        "max_prefix_frequency": lexicon["max_prefix_frequency"],
    }


@functools.lru_cache(maxsize=1)
def _tagger() -> tagging.Tagger:
    """jieba's tagger, the names of bodies (user words, standard department names) kept whole."""
    return tagging.Tagger(_lexicon()["user_words"] + _lexicon()["departments"])


def load_dictionary() -> None:
    """The tagger with jieba's whole dictionary loaded: for a batch (see pipeline/batch.py)."""
    _tagger().load_dictionary()


def tag(window: str) -> tuple:
    """jieba's (word, flag) tokens of a short window, the names of bodies kept whole (cached).
    Callers pass bounded windows only: jieba on whole documents is slow."""
    return _tagger().tag(window)


def find_bodies(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of bodies named in *text*, outermost names only, in text order."""
    lex = _lexicon()
    candidates = []
    for run_start, chunk, suffixes in _runs_with_suffixes(text):
        for at, found in suffixes:
            for suffix in lex["shorter"][found]:     # 政府办 also ends 政府 (县政府办公室)
                end = at + len(suffix)
                start = _name_start(chunk, at, end)
                if start is None:
                    continue
                if _opens_list_item(text, run_start):
                    start = _list_item_start(chunk, start)
                name = chunk[start:end]
                if lex["min"] <= len(name) <= lex["max"] and name not in lex["not_bodies"]:
                    candidates.append((run_start + start, run_start + end, name))
    return _outermost(candidates)


def _runs_with_suffixes(text: str):
    """(start, text, [(offset, suffix)…]) of each run of Han characters holding a suffix, in
    text order. The suffixes are found in one pass over the whole text (a suffix is all Han
    characters, so it lies inside one run), not run by run: a notice has thousands of runs
    between its punctuation, and most hold none."""
    matches = [(m.start(), m.group(1)) for m in _lexicon()["suffix"].finditer(text)]
    i = 0
    for run in CJK_RUN.finditer(text):
        if i == len(matches):
            return
        if matches[i][0] >= run.end():
            continue
        inside = []
        while i < len(matches) and matches[i][0] < run.end():
            inside.append((matches[i][0] - run.start(), matches[i][1]))
            i += 1
        yield run.start(), run.group(), inside


def _opens_list_item(text: str, pos: int) -> bool:
    """The run of Chinese at *pos* opens the text or an item of a list (、，；：)."""
    return pos == 0 or text[pos - 1] in _lexicon()["list_openers"]


def _list_item_start(chunk: str, start: int) -> int:
    """Where a name opening a list item starts: a short abbreviation before the name found
    belongs to it (、工信科技局、: jieba reads 工信 as a verbal noun, the name is not 科技局).
    A level (市, 县…) opening the name found, or an ordinary word before it (建设服务型政府,
    推动科技局), stays out."""
    lex = _lexicon()
    if start == 0 or start > lex["max_list_prefix"] or chunk.startswith(lex["admin"], start):
        return start
    prefix = chunk[:start]
    tokens = tag(prefix)
    if all(t.flag in lex["list_prefix_tags"] and t.word not in lex["stop_words"]
           and _frequency(t.word) <= lex["max_prefix_frequency"] for t in tokens):
        return 0
    return start


def _frequency(word: str) -> int:
    """jieba's dictionary count of *word*: an ordinary word (建设) is counted thousands of times,
    an abbreviation (工信, 发改) hardly ever."""
    return _tagger().frequency(word)


def _name_start(chunk: str, suffix_start: int, end: int) -> int | None:
    """Where the name ending at *end* starts (walking back over noun-like tokens), or None
    when the suffix does not end a word (部分行业 holds no 分行; 布局 is no 局)."""
    lex = _lexicon()
    window_start = max(0, end - lex["max"])
    tokens = tag(chunk[window_start:min(len(chunk), end + 3)])
    pos, last = window_start, None
    for i, token in enumerate(tokens):
        pos += len(token.word)
        if pos >= end:
            last = i
            break
    if last is None or pos != end or chunk.endswith(lex["false_endings"], 0, end):
        return None
    start = min(end - len(tokens[last].word), suffix_start)
    attachable = chunk.endswith(lex["sub"], 0, end)
    taken: list = []            # tokens of the name, right to left
    before = tokens[:last]
    for i in range(len(before) - 1, -1, -1):
        token = before[i]
        word = token.word
        if word in lex["joiners"]:
            opens_new = bool(taken) and taken[-1].word.startswith(lex["admin"])
            if i > 0 and not opens_new and not lex["body_end"].search(before[i - 1].word):
                taken.append(token)     # 发展和改革: 和 inside one name
                continue
            break                       # 县委办公室和县政府办公室: two names
        admin = next((a for a in lex["admin"] if word.endswith(a)), None) if word.endswith(lex["admin"]) else None
        if admin and word[:-len(admin)] in lex["stop_words"]:
            taken.append(type(token)(admin, "ns"))        # 经县 → 县
            break
        if token.flag == "m" and word.startswith("第"):
            taken.append(token)     # 第一人民医院
            continue
        accepted = (word not in lex["stop_words"]
                    and (token.flag.startswith(lex["tags"]) or token.flag.startswith(lex["inner_tags"])))
        if not accepted:
            if admin:
                taken.append(type(token)(admin, "ns"))    # 经县 → 县: the level opens the name
            break
        if not attachable and lex["body_end"].search(word):
            break       # another body ends here: 财政厅农牧厅 are two
        taken.append(token)
    while taken and (taken[-1].flag.startswith(lex["inner_tags"]) or taken[-1].word in lex["joiners"]):
        taken.pop()     # a name does not open with a verbal noun or 和 (培育…研究院)
    return start - sum(len(t.word) for t in taken)


def _outermost(candidates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop names nested in a longer one (鄂尔多斯市人民政府 inside …人民政府办公室)."""
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    kept: list[tuple[int, int, str]] = []
    for candidate in candidates:
        if kept and candidate[0] < kept[-1][1]:
            if candidate[1] > kept[-1][1] and candidate[0] >= kept[-1][0]:
                kept[-1] = (kept[-1][0], candidate[1], kept[-1][2] + candidate[2][kept[-1][1] - candidate[0]:])
            continue
        kept.append(candidate)
    return kept
