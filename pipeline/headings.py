"""Stage 3b: the heading tree. Levels are fixed by the marker (一、 （一） 1. （1）), not by nesting."""
from __future__ import annotations

import re
from dataclasses import dataclass

from taizhang.extractors.numbers import parse_number
from taizhang.pipeline.lexicon import load

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _marker_patterns() -> list[tuple[int, re.Pattern]]:
    levels = load("headings")["levels"]
    return [(int(level), re.compile(pattern)) for level, patterns in levels.items() for pattern in patterns]


MARKERS = _marker_patterns()
HEADING_START = re.compile("|".join(f"(?:{p.pattern})" for _, p in MARKERS).replace("?P<n>", ""))
ATTACHMENT_PAGE = re.compile(f"^(?:{load('headings')['attachment_page']})$")
ATTACHMENT_LIST = re.compile(load("headings")["attachment_list"])


@dataclass
class Heading:
    """A heading found in the normalized text; positions are normalized offsets."""

    index: int
    level: int
    ordinal: int
    marker: str
    title: str
    part: int
    start: int        # start of the marker
    title_end: int    # end of the title (run-in headings stop at their first 。)
    body_start: int   # first character after the heading's title and its 。
    end: int          # start of the next heading at the same or a higher level, or the part's end
    next_heading: int  # start of the very next heading (the section's own text stops there)
    parent: int | None = None


def paragraphs(text: str):
    """(start, end) of every paragraph (line) of normalized text."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def match_marker(paragraph: str) -> tuple[int, int, str] | None:
    """(level, ordinal, marker) when *paragraph* starts with a heading marker."""
    for level, pattern in MARKERS:
        m = pattern.match(paragraph)
        if m:
            number = m.group("n")
            ordinal = CIRCLED.index(number) + 1 if number in CIRCLED else parse_number(number)
            if ordinal:
                return level, int(ordinal), m.group()
    return None


def run_in_title(paragraph: str) -> str:
    """The heading text: the line, or a run-in heading up to its first 。 outside quotes."""
    lexicon = load("headings")
    stop = lexicon["title_end"]
    opens = {pair[0]: pair[1] for pair in lexicon["quotes"]}
    balanced = all(paragraph.count(o) == paragraph.count(c) for o, c in opens.items())
    depth: list[str] = []
    for i, ch in enumerate(paragraph):
        if balanced and ch in opens:
            depth.append(opens[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch == stop and not depth:
            return paragraph[:i]
    return paragraph.rstrip("：:")


def find_headings(text: str) -> tuple[list[Heading], list[int]]:
    """All headings of *text* and the start offsets of attachment pages (part boundaries)."""
    headings: list[Heading] = []
    part_starts: list[int] = []
    part = 0
    listing = False   # inside 附件：1.… 2.… (the attachment list is not a heading run)
    for start, end in paragraphs(text):
        paragraph = text[start:end]
        if not paragraph:
            continue
        if ATTACHMENT_PAGE.match(paragraph):
            part += 1
            part_starts.append(start)
            listing = False
            continue
        if ATTACHMENT_LIST.match(paragraph):
            listing = True
            continue
        found = match_marker(paragraph)
        if listing and found and found[0] == 3 and "。" not in paragraph:
            continue
        listing = False
        if not found:
            continue
        level, ordinal, marker = found
        rest = paragraph[len(marker):]
        lead = len(rest) - len(rest.lstrip())
        title = run_in_title(rest.lstrip()).strip()
        title_end = start + len(marker) + lead + len(title)
        body_start = title_end + (1 if text[title_end:title_end + 1] == "。" else 0)
        if body_start == end:
            body_start = min(end + 1, len(text))
        headings.append(Heading(index=len(headings), level=level, ordinal=ordinal, marker=marker,
                                title=title, part=part, start=start, title_end=title_end,
                                body_start=body_start, end=len(text), next_heading=len(text)))
    _link(headings, part_starts, len(text))
    return headings, part_starts


def _link(headings: list[Heading], part_starts: list[int], text_end: int) -> None:
    """Set parents and section ends: a section runs until a heading of its level or higher."""
    boundaries = part_starts + [text_end]
    open_stack: list[Heading] = []
    for heading in headings:
        part_end = boundaries[heading.part] if heading.part < len(boundaries) else text_end
        heading.end = heading.next_heading = part_end
    for i, heading in enumerate(headings):
        if i + 1 < len(headings) and headings[i + 1].part == heading.part:
            heading.next_heading = headings[i + 1].start
        while open_stack and (open_stack[-1].part != heading.part or open_stack[-1].level >= heading.level):
            closed = open_stack.pop()
            if closed.part == heading.part:
                closed.end = heading.start
        heading.parent = open_stack[-1].index if open_stack else None
        open_stack.append(heading)
