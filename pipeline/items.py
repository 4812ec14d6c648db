"""Stage: which sections are issues (problems, tasks, suggestions), and what their fields say.

An item is a section that a label heading (存在的问题, 整改任务, 下一步工作建议…) or a
lead-in (会议提出以下建议：) introduces, the finest numbered item of a rectification
progress report, or any section carrying 责任单位/完成时限 fields. A quoted statement
(“……”问题) is a problem; an item without a number of its own (a quoted problem
standing under a group heading) is still an issue. The grammar of the item's own words
(fields, notes, name lists) is in extractors/fields.py.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from taizhang.extractors.fields import Field, is_quoted_problem, label_kind, read_fields, split_list, split_units
from taizhang.pipeline.components import component
from taizhang.pipeline.headings import Heading
from taizhang.pipeline.lexicon import load

ROLES = ("lead", "responsible", "cooperating")


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    lexicon = load("issues")
    return {
        "lead_ins": {kind: re.compile(p) for kind, p in lexicon["lead_ins"].items()},
        "suggestion_kinds": set(lexicon["suggestion_kinds"]),
        "progress": re.compile(lexicon["progress_report"]),
    }


@dataclass
class Item:
    """An issue found in the normalized text, before it becomes a record."""

    heading: Heading
    kind: str
    title: str
    start: int                  # the item's own text: [start, end)
    end: int
    title_span: tuple[int, int]
    fields: dict[str, list[Field]] = field(default_factory=dict)
    units: list[tuple[str, str, int]] = field(default_factory=list)   # (name, role, start) from its fields
    leaders: list[str] = field(default_factory=list)


@component("items", requires=("text", "spans.heading", "fields"), assigns=("spans.item",))
def items_stage(notice) -> None:
    notice.spans["item"] = find_items(notice)


def find_items(notice) -> list[Item]:
    """Every issue of *notice*, in text order, with its fields read once."""
    text, headings = notice.text, notice.headings
    children = {h.index: [] for h in headings}
    for h in headings:
        if h.parent is not None:
            children[h.parent].append(h)
    kinds = _classify(notice, children)
    items = []
    for h in headings:
        if children[h.index]:
            continue
        fields = read_fields(text, h.body_start, h.next_heading)
        kind = kinds.get(h.index) or ("task" if _has_assignment(fields) else None)
        if kind is None:
            continue
        items.append(_item(text, h, kind, fields))
    return items


def _classify(notice, children) -> dict[int, str]:
    """Kind of each leaf section that is an item, from labels, lead-ins and the notice's kind."""
    lex = _lexicon()
    text, headings = notice.text, notice.headings
    kinds: dict[int, str] = {}

    def mark_leaves(h: Heading, kind: str) -> None:
        for child in children[h.index]:
            if children[child.index]:
                mark_leaves(child, kind)
            else:
                kinds.setdefault(child.index, kind)

    for h in headings:
        kind = label_kind(h.title)
        if kind:
            mark_leaves(h, kind)
    for first in _sibling_runs(headings):
        kind = _lead_in_kind(text, first)
        if kind:
            for h in headings:
                if h.parent == first.parent and h.part == first.part and h.level == first.level:
                    if children[h.index]:
                        mark_leaves(h, kind)
                    else:
                        kinds.setdefault(h.index, kind)
    for part in sorted({h.part for h in headings}):
        in_part = [h for h in headings if h.part == part]
        if any(h.index in kinds for h in in_part):
            continue
        if part == 0 and notice.fields.kind in lex["suggestion_kinds"]:
            top = min(h.level for h in in_part)
            for h in in_part:
                if h.level == top:
                    mark_leaves(h, "suggestion") if children[h.index] else kinds.setdefault(h.index, "suggestion")
        elif _is_progress_report(notice):
            deepest = max(h.level for h in in_part)
            for h in in_part:
                if h.level == deepest and not children[h.index]:
                    kinds[h.index] = "task"
    return kinds


def _sibling_runs(headings: list[Heading]):
    """The first heading of each run of siblings (where a lead-in paragraph may stand)."""
    seen = set()
    for h in headings:
        key = (h.part, h.parent, h.level)
        if key not in seen:
            seen.add(key)
            yield h


def _lead_in_kind(text: str, first: Heading) -> str | None:
    line_end = text.rfind("\n", 0, first.start)
    if line_end <= 0:
        return None
    line_start = text.rfind("\n", 0, line_end) + 1
    lead_in = text[line_start:line_end]
    if not lead_in.endswith(("：", ":")):
        return None
    for kind, pattern in _lexicon()["lead_ins"].items():
        if pattern.search(lead_in):
            return kind
    return None


def _is_progress_report(notice) -> bool:
    head = (notice.fields.title or "") + notice.text[:300]
    return bool(_lexicon()["progress"].search(head))


def _has_assignment(fields: dict) -> bool:
    """Fields that assign rectification work, or report on it (整改情况：…)."""
    return any(name in fields for name in ("lead", "responsible", "cooperating", "deadline", "leaders",
                                           "progress"))


def _item(text: str, h: Heading, kind: str, fields: dict) -> Item:
    """The item of a leaf section; a quoted problem opening the body becomes the title."""
    title, title_span = h.title, (h.start, h.title_end)
    first_line_end = text.find("\n", h.body_start, h.next_heading)
    first_line = text[h.body_start:first_line_end if first_line_end >= 0 else h.next_heading]
    if not is_quoted_problem(title) and is_quoted_problem(first_line):
        title, title_span = first_line, (h.body_start, h.body_start + len(first_line))
    if is_quoted_problem(title):
        kind = "problem"
    return Item(heading=h, kind=kind, title=title, start=h.start, end=h.next_heading,
                title_span=title_span, fields=fields, units=_units(fields),
                leaders=[name for _, _, value in fields.get("leaders", []) for name in split_list(value)])


def _units(fields: dict) -> list[tuple[str, str, int]]:
    """(name, role, normalized start) of every unit the item's fields name, split once."""
    found = []
    for role in ROLES:
        for start, _, value in fields.get(role, []):
            pos = 0
            for name, unit_role in split_units(value, role):
                at = value.find(name, pos)
                if at < 0:
                    at = pos
                pos = at + len(name)
                found.append((name, unit_role, start + at))
    return found
