"""Heading-marker grammar of 公文: 一、 / （一） / 1. / （1） / ①, and run-in heading titles.

Pure functions over strings. Styles (name, pattern, level) are data in
pipeline/data/headings.yaml; levels are fixed by the marker, not by nesting.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from taizhang.extractors.numbers import parse_number
from taizhang.pipeline.lexicon import load


@dataclass(frozen=True)
class Style:
    name: str
    level: int
    pattern: re.Pattern


@functools.lru_cache(maxsize=1)
def styles() -> tuple[Style, ...]:
    return tuple(Style(s["name"], int(s["level"]), re.compile(s["pattern"]))
                 for s in load("headings")["styles"])


@functools.lru_cache(maxsize=1)
def heading_start() -> re.Pattern:
    """Any heading marker at the start of a string (for line joining: a heading opens a line)."""
    return re.compile("|".join(f"(?:{s.pattern.pattern})" for s in styles()).replace("?P<n>", ""))


@functools.lru_cache(maxsize=1)
def attachment_page() -> re.Pattern:
    return re.compile(f"^(?:{load('headings')['attachment_page']})$")


@functools.lru_cache(maxsize=1)
def attachment_list() -> re.Pattern:
    return re.compile(load("headings")["attachment_list"])


def ordinal(number: str) -> int | None:
    """The ordinal a marker's number stands for: ③ → 3, 十二 → 12, 7 → 7."""
    circled = load("common")["circled"]
    value = circled.index(number) + 1 if number in circled else parse_number(number)
    return int(value) if value else None


def match_marker(paragraph: str) -> tuple[int, int, str] | None:
    """(level, ordinal, marker) when *paragraph* starts with a heading marker."""
    if not heading_start().match(paragraph):
        return None          # most paragraphs open with no marker: one pattern says so for all styles
    for style in styles():
        m = style.pattern.match(paragraph)
        if m:
            value = ordinal(m.group("n"))
            if value:
                return style.level, value, m.group()
    return None


def run_in_title(paragraph: str) -> str:
    """The heading text: the line, or a run-in heading up to its first 。 (or ：) outside quotes
    and brackets (GUIDE: （一）市工信局：负责… is titled 市工信局)."""
    stop, opens, significant = _title_grammar()
    balanced = None      # whether every bracket closes: counted at the first opener (most have none)
    depth: list[str] = []
    for m in significant.finditer(paragraph):
        i, ch = m.start(), m.group()
        if balanced is None and ch in opens:
            balanced = all(paragraph.count(o) == paragraph.count(c) for o, c in opens.items())
        if balanced and ch in opens:
            depth.append(opens[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch in stop and not depth and (ch == "。" or i >= 2) and not _between_digits(paragraph, i):
            return paragraph[:i]
        elif not depth and i >= 4 and paragraph.startswith(ENUMERATION, i):
            return paragraph[:i]        # 加强配网工程管理一是…二是…: the heading lacked its 。
    return paragraph.rstrip("：:")


def _between_digits(text: str, i: int) -> bool:
    """A colon between digits is a clock time or a ratio (上午11:00, 7:1), not the heading's end."""
    return 0 < i < len(text) - 1 and text[i] in ":：" and text[i - 1].isdigit() and text[i + 1].isdigit()


#: What opens the first point of an item's text (一是…, 二是…) after its heading.
ENUMERATION = "一是"


@functools.lru_cache(maxsize=1)
def _title_grammar() -> tuple[str, dict[str, str], re.Pattern]:
    """run_in_title's stop characters, its brackets (opener → closer) and the pattern of the only
    characters its scan acts on (those, and the first of ENUMERATION): the others are skipped in C."""
    stop = load("headings")["title_end"]
    opens = {pair[0]: pair[1] for pair in load("common")["quotes"]} | {"（": "）", "(": ")"}
    acted_on = set(stop) | set(opens) | set(opens.values()) | {ENUMERATION[0]}
    return stop, opens, re.compile("[" + "".join(re.escape(ch) for ch in sorted(acted_on)) + "]")
