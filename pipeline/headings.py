"""Stage: the heading tree. Levels are fixed by the marker (一、 （一） 1. （1）), not by nesting."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from taizhang.extractors.markers import attachment_list, attachment_page, match_marker, run_in_title
from taizhang.pipeline.components import component
from taizhang.pipeline.normalize import paragraphs

#: The next item of a list continuing inside the same sentence (…；2、…).
CITED_NEXT = re.compile(r"[；;]\s*[0-9]{1,2}[、.．]")


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


@component("headings", requires=("text", "paragraphs"), assigns=("spans.heading", "part_starts"))
def headings_stage(notice) -> None:
    notice.spans["heading"], notice.part_starts = find_headings(notice.text, notice.paragraphs)


def find_headings(text: str, lines: list[tuple[int, int]] | None = None) -> tuple[list[Heading], list[int]]:
    """All headings of *text* and the start offsets of attachment pages (part boundaries)."""
    headings: list[Heading] = []
    part_starts: list[int] = []
    part = 0
    listing = False   # inside 附件：1.… 2.… (the attachment list is not a heading run)
    previous = ""
    top_seen = False  # a 一、 or （一） heading has been seen
    last_top = 0      # the ordinal of the last 一、-level heading of this part
    tops_seen: set[int] = set()
    in_table = False  # inside a table whose row labels carry heading markers
    last_item = 0     # the ordinal of the last 1. item of the current list
    spans = list(paragraphs(text) if lines is None else lines)
    page_label, list_label = attachment_page(), attachment_list()
    for k, (start, end) in enumerate(spans):
        paragraph = text[start:end]
        if not paragraph or "\t" in paragraph:
            continue            # a table row: numbered cells are not headings
        before, previous = previous, paragraph
        if page_label.match(paragraph):
            part += 1
            part_starts.append(start)
            listing, last_top, in_table, tops_seen = False, 0, False, set()
            continue
        if list_label.match(paragraph):
            listing = True
            continue
        found = match_marker(paragraph) or _variant_marker(paragraph, last_item)
        if listing and found and found[0] == 3 and "。" not in paragraph:
            continue
        listing = False
        if not found:
            continue
        level, ordinal, marker = found
        if level >= 3 and not top_seen and before.endswith(("：", ":")) and CITED_NEXT.search(paragraph):
            continue            # 文件要求：1、…；2、…。 a list cited inside the opening sentence
        if _table_label(text, spans, k):
            in_table = in_table or level == 1
            continue            # 一、本年新收申请数量 over a cell of figures: a table's row label
        if level == 1:
            if ordinal == 1 and last_top and not _new_document(text, spans, k):
                in_table = True
                continue        # 一、 again inside the same text, with no new title: not the notice's
            if 1 < ordinal and ordinal in tops_seen:
                continue        # a 四、 given twice in one text (a table's row label): the first stands
            if ordinal == 1:
                tops_seen = set()
            tops_seen.add(ordinal)
            in_table, last_top = False, ordinal
        elif in_table:
            continue
        top_seen = top_seen or level <= 2
        last_item = ordinal if level == 3 else (0 if level < 3 else last_item)
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


BARE_NUMBER = re.compile(r"^[0-9][0-9,.，]*$")


def _variant_marker(paragraph: str, last_item: int) -> tuple[int, int, str] | None:
    """The next 1. item of a list written in a form no list opens with: before a decimal
    (5.2.5m人行道…) or as a scan reads it (12。…): only as the number after *last_item*."""
    if not last_item:
        return None
    for pattern in _variant_patterns():
        m = pattern.match(paragraph)
        if m and int(m.group("n")) == last_item + 1:
            return 3, last_item + 1, m.group()
    return None


@functools.lru_cache(maxsize=1)
def _variant_patterns() -> list[re.Pattern]:
    from taizhang.pipeline.lexicon import load

    return [re.compile(p) for p in load("segment")["ocr_item_markers"]]


def _table_label(text: str, spans, k: int) -> bool:
    """A marker line whose next line is a bare number: the label of a table row (PDF tables
    come out one cell per line), not a heading."""
    for start, end in spans[k + 1:k + 3]:
        line = text[start:end].strip()
        if line:
            return bool(BARE_NUMBER.match(line))
    return False


def _new_document(text: str, spans, k: int) -> bool:
    """Whether a 一、 that restarts the numbering opens a new document: a title (ending with its
    文种, a bracketed label such as （会签稿） aside) stands on one of the lines before it."""
    from taizhang.pipeline.lexicon import load

    kinds = tuple(load("document")["kinds"]) + ("细则", "规则", "规程", "方案", "办法")
    seen = 0
    for start, end in reversed(spans[max(0, k - 3):k]):
        line = re.sub(r"[（(][^（）()]{1,12}[）)]$", "", text[start:end].strip())
        if not line:
            continue
        if line.startswith("附件"):
            return True         # an attachment (its label, or its list in the 附件说明)
        if len(line) <= 60 and "。" not in line and (line.endswith(kinds) or
                                                     (len(line) >= 6 and not re.search(r"[，,；;0-9]", line))):
            return True
        seen += 1
        if seen >= 2:
            break
    return False


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
