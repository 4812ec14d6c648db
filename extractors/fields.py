"""The grammar of an item's own words: label：value fields, responsibility notes, name lists,
enumerated measures, quoted problems, and the label headings that say what items follow.

Pure functions over strings; word lists in pipeline/data/issues.yaml and document.yaml.
"""
from __future__ import annotations

import functools
import re

from taizhang.extractors import notes as note_grammar
from taizhang.extractors.markers import ordinal, styles
from taizhang.pipeline.lexicon import alternation, load

Field = tuple[int, int, str]      # (value start, value end, value)


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    lexicon = load("issues")
    field_of = {label: name for name, labels_ in lexicon["fields"].items() for label in labels_}
    by_name = {style.name: style.pattern.pattern for style in styles()}
    starts = lexicon["clause_start"]
    measures = [starts + p for p in lexicon["measure_words"]]
    measures += [starts + by_name[name] for name in lexicon["measure_styles"]]
    return {
        "labels": {kind: [re.compile(p) for p in patterns] for kind, patterns in lexicon["labels"].items()},
        "label_max": lexicon["label_max_length"],
        "quoted": re.compile(lexicon["quoted_problem"]),
        "field_of": field_of,
        "field_label_anywhere": re.compile(f"(?:{alternation(field_of)})\\s*(?:[：:]|$)"),
        "field_label": re.compile(f"(?:^|(?<=[；;。\\s（(，,]))(?P<label>{alternation(field_of)})\\s*[：:]"),
        "measures": [re.compile(p) for p in measures],
        # an 附件说明 (附件：1.…2.…) run into the last item: its list is the notice's, not the item's
        "attachment_note": re.compile(r"(?:^|(?<=[。；;\s]))附\s*件\s*[:：]"),
        "list_separators": re.compile(load("document")["list_separators"]),
    }


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


def run_in_label_kind(title: str) -> str | None:
    """A problem label run into its first sentence where the line break was lost (存在的困难和
    问题从跟踪监督的情况看，…): "problem" when an opening phrase is one. Only for a heading over
    items of its own; only problems, whose labels end in their word (问题, 不足): a phrase
    ending in 建议 or 意见 opens many a sentence."""
    lex = _lexicon()
    if len(title.strip()) <= lex["label_max"]:
        return None         # a whole heading line: 反馈问题整改落实情况 is no problem label
    for n in range(4, lex["label_max"] + 1):
        if any(p.search(title[:n]) for p in lex["labels"]["problem"]):
            return "problem"
    return None


def read_fields(text: str, start: int, end: int) -> dict[str, list[Field]]:
    """label：value fields in text[start:end], by field name, as (value start, value end, value)."""
    lex = _lexicon()
    found: dict[str, list[Field]] = {}
    pos = start
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        labels = list(lex["field_label"].finditer(text, pos, line_end))
        for m, nxt in zip(labels, labels[1:] + [None]):
            value_end = nxt.start() if nxt else line_end
            if m.start() > 0 and text[m.start() - 1] in "（(":
                close = _closing_bracket(text, m.end(), value_end)
                value_end = close if close is not None else value_end
            raw = text[m.end():value_end]
            stripped = raw.strip().rstrip("；;。，,")
            value_start = m.end() + (len(raw) - len(raw.lstrip()))
            name = lex["field_of"][m.group("label")]
            found.setdefault(name, []).append((value_start, value_start + len(stripped), stripped))
        pos = line_end + 1
    return found


def ends_field_value(text: str, pos: int, reach: int = 120) -> bool:
    """Whether *pos* follows a field's value directly (责任单位：…、各行政村二、…): a label within
    *reach* characters before it, with no sentence end between (field values carry no 。)."""
    last = None
    for last in _lexicon()["field_label"].finditer(text, max(0, pos - reach), pos):
        pass
    return last is not None and not any(mark in text[last.end():pos] for mark in "。；;\n")


def _closing_bracket(text: str, start: int, end: int) -> int | None:
    """The ） that closes a note opened just before *start* (nested brackets skipped)."""
    depth = 0
    for i in range(start, min(end, start + 400)):
        ch = text[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                return i
            depth -= 1
    return None


def _quoted(text: str):
    """The “……”问题 statement opening *text*: the whole text, or the text up to a field label
    run into it (flattened: “…”问题自查情况：…)."""
    lex = _lexicon()
    m = lex["quoted"].match(text)
    if m:
        return m
    label = lex["field_label_anywhere"].search(text)
    return lex["quoted"].match(text[:label.start()]) if label and label.start() > 2 else None


def quoted_problem(title: str) -> str | None:
    """The problem stated in quotes by a “……”问题 item, or None."""
    m = _quoted(title)
    return m.group("problem") if m else None


def quoted_end(text: str) -> int | None:
    """Where the “……”问题 statement opening *text* ends, or None."""
    m = _quoted(text)
    return m.end() if m else None


def is_quoted_problem(text: str) -> bool:
    return _quoted(text) is not None


def split_names(text: str) -> list[str]:
    """A list of names as 公文 write them: 市委办公室，市人大常委会办公室、市政协办公室。"""
    items = _lexicon()["list_separators"].split(text.strip())
    return [item.strip("。.：: ") for item in items if item.strip("。.：: ")]


def split_list(value: str) -> list[str]:
    """A leaders' field's list of people (phone numbers and 同志 dropped): the grammar of
    extractors/notes.py."""
    return [name for name, _ in note_grammar.split_leaders(value)]


def split_units(value: str, role: str) -> list[tuple[str, str]]:
    """(name, role) of a unit list, read as extractors/notes.py reads a field's value: a role
    word or a note such as （牵头）（配合） overrides the field's role (X牵头，Y、Z等部门分工负责),
    等部门 endings are dropped, a collective (各区、县级市) and bracketed parts (各镇（街道）) stay
    whole, and a value run into a signature keeps its first body."""
    return [(name, unit_role) for name, unit_role, _ in note_grammar.split_units(value, role)]


def split_measures(text: str) -> list[str]:
    """The enumerated parts of a text (一是…二是…, 1.…2.…), in order; [] when it does not enumerate."""
    best: list = []
    note = _lexicon()["attachment_note"].search(text)
    if note is not None:
        text = text[:note.start()]
    for pattern in _lexicon()["measures"]:
        markers, expected = [], 1
        for m in pattern.finditer(text):
            if ordinal(m.group("n")) == expected:
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
