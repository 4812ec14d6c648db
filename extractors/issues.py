"""Issues: the problems, tasks and suggestions of a notice, with their fields.

An item is a section that a label heading (存在的问题, 整改任务, 下一步工作建议…) or a
lead-in (会议提出以下建议：) introduces, the finest numbered item of a rectification
progress report, or any section carrying 责任单位/完成时限 fields. A quoted statement
(“……”问题) is a problem; an item without a number of its own (a quoted problem
standing under a group heading) is still an issue.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from taizhang.pipeline.headings import Heading
from taizhang.pipeline.structure import split_names
from taizhang.pipeline.lexicon import alternation, load


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    lexicon = load("issues")
    labels = {kind: [re.compile(p) for p in patterns] for kind, patterns in lexicon["labels"].items()}
    field_of = {label: name for name, labels_ in lexicon["fields"].items() for label in labels_}
    return {
        "labels": labels,
        "label_max": lexicon["label_max_length"],
        "lead_ins": {kind: re.compile(p) for kind, p in lexicon["lead_ins"].items()},
        "suggestion_kinds": set(lexicon["suggestion_kinds"]),
        "progress": re.compile(lexicon["progress_report"]),
        "quoted": re.compile(lexicon["quoted_problem"]),
        "field_of": field_of,
        "field_label": re.compile(f"(?:^|(?<=[；;。\\s]))(?P<label>{alternation(field_of)})\\s*[：:]"),
        "measures": [re.compile(p) for p in lexicon["measure_markers"]],
        "role_of_note": {note: role for role, notes in lexicon["role_notes"].items() for note in notes},
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
    fields: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)


def find_items(notice) -> list[Item]:
    """Every issue of *notice*, in text order."""
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


def label_kind(title: str) -> str | None:
    """problem / task / suggestion when a heading is a label for the items below it."""
    lex = _lexicon()
    title = title.strip().rstrip("：:。")
    if len(title) > lex["label_max"]:
        return None
    for kind, patterns in lex["labels"].items():
        if any(p.search(title) for p in patterns):
            return kind
    return None


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


def read_fields(text: str, start: int, end: int) -> dict[str, list[tuple[int, int, str]]]:
    """label：value fields in text[start:end], by field name, as (value start, value end, value)."""
    lex = _lexicon()
    found: dict[str, list[tuple[int, int, str]]] = {}
    pos = start
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        labels = list(lex["field_label"].finditer(text, pos, line_end))
        for m, nxt in zip(labels, labels[1:] + [None]):
            value_end = nxt.start() if nxt else line_end
            raw = text[m.end():value_end]
            stripped = raw.strip().rstrip("；;。，,")
            value_start = m.end() + (len(raw) - len(raw.lstrip()))
            name = lex["field_of"][m.group("label")]
            found.setdefault(name, []).append((value_start, value_start + len(stripped), stripped))
        pos = line_end + 1
    return found


def _has_assignment(fields: dict) -> bool:
    """Fields that assign rectification work, or report on it (整改情况：…)."""
    return any(name in fields for name in ("lead", "responsible", "cooperating", "deadline", "leaders",
                                           "progress"))


def _item(text: str, h: Heading, kind: str, fields: dict) -> Item:
    """The item of a leaf section; a quoted problem opening the body becomes the title."""
    title, title_span = h.title, (h.start, h.title_end)
    first_line_end = text.find("\n", h.body_start, h.next_heading)
    first_line = text[h.body_start:first_line_end if first_line_end >= 0 else h.next_heading]
    lex = _lexicon()
    if not lex["quoted"].match(title) and lex["quoted"].match(first_line):
        title, title_span = first_line, (h.body_start, h.body_start + len(first_line))
    if lex["quoted"].match(title):
        kind = "problem"
    return Item(heading=h, kind=kind, title=title, start=h.start, end=h.next_heading,
                title_span=title_span, fields=fields)


def quoted_problem(title: str) -> str | None:
    m = _lexicon()["quoted"].match(title)
    return m.group("problem") if m else None


NOTE = re.compile(r"[（(](?P<note>[^（）()]{1,12})[）)]$")


def split_list(value: str) -> list[str]:
    """A field's list of names (not split at 和: 市发展和改革委员会 is one body); notes dropped."""
    names = [NOTE.sub("", part) for part in split_names(value)]
    return [name.strip("（）() ") for name in names if name.strip("（）() ")]


def split_units(value: str, role: str) -> list[tuple[str, str]]:
    """(name, role) of a unit list; a note such as （牵头） or （配合） overrides the field's role."""
    roles = _lexicon()["role_of_note"]
    units = []
    for part in split_names(value):
        note = NOTE.search(part)
        name = NOTE.sub("", part).strip("（）() ")
        if name:
            units.append((name, roles.get(note.group("note"), role) if note else role))
    return units


def split_measures(text: str) -> list[str]:
    """The enumerated parts of a text (一是…二是…, 1.…2.…), in order; [] when it does not enumerate."""
    from taizhang.extractors.numbers import parse_number

    best: list = []
    for pattern in _lexicon()["measures"]:
        markers, expected = [], 1
        for m in pattern.finditer(text):
            number = m.group("n")
            value = "①②③④⑤⑥⑦⑧⑨⑩".index(number) + 1 if number in "①②③④⑤⑥⑦⑧⑨⑩" else parse_number(number)
            if value == expected:
                markers.append(m)
                expected += 1
        if len(markers) > len(best):
            best = markers
    if len(best) < 2 and not (best and best[0].start() == 0):
        return []
    parts = []
    for m, nxt in zip(best, best[1:] + [None]):
        part = text[m.end():nxt.start() if nxt else len(text)].strip()
        parts.append(part.split("\n")[0].strip() if nxt is None else part)
    return [p for p in parts if p]
