"""Stage: which sections (and unnumbered paragraphs) are issues — problems, tasks,
suggestions — and what their fields say.

A leaf section is an item when (GUIDE, ## Issues):
- a label heading above it says so (存在的问题 → problem; 整改任务/主要任务/工作内容/时间安排/
  下一步 → task; 建议/意见 → suggestion), or a lead-in (提出如下建议：) before its run;
- it carries a responsibility note or field (责任单位：…, （X牵头，Y配合）) or a time limit of its
  own (于3月2日前完成…, a stage with a date window) — a task;
- it is an item of a 整改 progress report or of a reply letter (答复函, 办理情况的函) — a task;
- it is a top-level item of an 审议意见 — a suggestion.
A “……”问题 item, or a 关于…问题 item whose words state a shortcoming, is a problem.
Headings of aims, principles, background and safeguards (and what is under them) are not
items unless a note or time limit makes one a task. A label heading with no children is
itself the item. Without a number of its own, a paragraph is an item when it states an
investigation's findings (经调查认定…: a problem) or, in a reply letter, planned work
(我们将…: a task); its title is its first sentence.
The grammar of the item's own words (fields, notes, name lists) is in extractors/fields.py.
"""
from __future__ import annotations

import datetime as dt
import bisect
import functools
import re
from dataclasses import dataclass, field

from taizhang.extractors import deadlines as deadline_grammar
from taizhang.extractors.fields import (
    Field, is_quoted_problem, label_kind, quoted_end, run_in_label_kind, read_fields, split_list, split_units,
)
from taizhang.extractors.notes import find_notes
from taizhang.pipeline.components import component
from taizhang.pipeline.headings import Heading
from taizhang.pipeline.lexicon import alternation, load
from taizhang.pipeline.tables import read_tables

ROLES = ("lead", "responsible", "cooperating")
SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]?")


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    lexicon = load("issues")
    return {
        "lead_ins": {kind: re.compile(p) for kind, p in lexicon["lead_ins"].items()},
        "suggestion_kinds": set(lexicon["suggestion_kinds"]),
        "findings": re.compile(lexicon["findings_title"]),
        "progress": re.compile(lexicon["progress_report"]),
        "nothing": re.compile(lexicon["nothing_under"]),
        "next_step": re.compile(lexicon["next_step"]),
        "not_items": [_title_rule(p) for p in lexicon["not_items"]],
        "aims": [_title_rule(p) for p in lexicon["aims_items"]],
        "schedule": [_title_rule(p) for p in lexicon["schedule_items"]],
        "closing": re.compile(lexicon["closing_request"]),
        "background": [_title_rule(p) for p in lexicon["background_items"]],
        "reply": re.compile(lexicon["reply_title"]),
        "planned": re.compile(lexicon["planned_work"]),
        "decision": re.compile(lexicon["minutes_decision"]),
        "decision_lead_in": re.compile(lexicon["minutes_lead_in"]),
        "finding": re.compile(lexicon["finding_opening"]),
        "shortcoming": re.compile(alternation(lexicon["shortcomings"])),
        "process": re.compile(alternation(lexicon["process_sections"])),
        "topic": re.compile(r"^关于(?P<topic>.{2,40})问题$"),
        "stated_shortcoming": re.compile(
            f"(?:{alternation(lexicon['shortcomings'] + lexicon['shortcoming_endings'])})"
            r"(?:的?问题|等问题|现象)?$"),
        "remedy": re.compile(alternation(lexicon["remedy_openings"])),
        "list_words": tuple(lexicon["list_words"]),
    }


@dataclass
class Item:
    """An issue found in the normalized text, before it becomes a record."""

    heading: Heading | None     # the item's own heading; None for an unnumbered paragraph
    section: Heading | None     # the section it belongs to (its heading, or the enclosing one)
    kind: str
    title: str
    start: int                  # the item's own text: [start, end)
    end: int
    body_start: int             # where its text after the title starts
    title_span: tuple[int, int]
    fields: dict[str, list[Field]] = field(default_factory=dict)
    units: list[tuple[str, str, int]] = field(default_factory=list)   # (name, role, start) from its fields
    leaders: list[str] = field(default_factory=list)
    base_date: dt.date | None = None   # the date its relative time limits count from, when not the notice's
    note_spans: list[tuple[int, int]] = field(default_factory=list)  # where its responsibility notes stand


@component("items", requires=("text", "paragraphs", "spans.heading", "fields"), assigns=("spans.item",))
def items_stage(notice) -> None:
    notice.spans["item"] = find_items(notice)


def find_items(notice) -> list[Item]:
    """Every issue of *notice*, in text order, with its fields read once."""
    text, headings = notice.text, notice.headings
    children: dict[int, list[Heading]] = {h.index: [] for h in headings}
    for h in headings:
        if h.parent is not None:
            children[h.parent].append(h)
    base = _base(notice)
    from taizhang.pipeline.annotate import roc

    era = roc(notice)
    kinds, excluded, background, labelled_parts = _classify(notice, children)
    findings = _findings(notice, children)
    for index in findings:
        background.update(leaf for leaf in _subtree(index, children) if leaf != index)
    last_of_part: dict[int, Heading] = {}
    for h in headings:
        if h.part not in last_of_part or h.start > last_of_part[h.part].start:
            last_of_part[h.part] = h
    last_in_part = {h.index for h in last_of_part.values()}
    decisions = _minutes_decisions(notice, base, era)
    decision_starts = [start for start, _ in decisions]
    items = []
    for h in headings:
        if children[h.index]:
            continue
        end = _own_end(text, h, h.index in last_in_part)
        if _says_nothing(text, h, end):
            continue
        if _holds_decisions(decision_starts, h.body_start, end):
            continue            # a 纪要's topic (一、研究…): its decisions are the items
        fields = read_fields(text, h.body_start, end)
        notes = _notes(text, h.start, end)
        kind = kinds.get(h.index)
        deadline_counts = h.index not in background and not (h.index in excluded and h.part in labelled_parts)
        noted = any((n.units or n.leaders or n.deadline) and (n.kind != "assigned" or _opens_with(text, h, n))
                    for n in notes)
        if _has_assignment(fields) or noted or \
                (kind is None and deadline_counts and _has_own_deadline(text, h, end, base, era)):
            kind = kind if kind in ("problem", "suggestion") else "task"
        elif h.index in excluded or h.index in background:
            kind = None
        elif kind is None and _quoted_title(text, h):
            kind = "problem"        # a “…”问题 item states a problem under any heading
        if kind is None:
            continue
        items.append(_with_notes(_item(text, h, kind, fields, end), notes, text))
    for h in headings:
        # a heading over items (or over parts of one task) whose own title sets a time limit:
        # 集中整治及验收（2024年底前）, 严密规范组织选举2021年6月底前，…
        if children[h.index] and h.index not in background and _title_deadline(text, h, base):
            items.append(_with_notes(_item(text, h, "task", read_fields(text, h.body_start, h.next_heading)),
                                     _notes(text, h.start, h.next_heading), text))
    for h in headings:
        if h.index in findings:         # a finding with the facts and reasons under it: one problem
            items.append(_item(text, h, "problem", {}, h.end))
    items += _leaves_beside_items(text, headings, children, items, excluded | background, last_in_part)
    items += _paragraph_items(notice, children, items)
    items += [_decision_item(notice, start, end) for start, end in decisions
              if not any(i.start <= start < i.end for i in items)]
    rows = _table_items(notice)
    if rows:
        items = [item for item in items if not _labels_rows(item, rows)]
    items += rows
    items.sort(key=lambda item: item.start)
    return items


def _says_nothing(text: str, h: Heading, end: int) -> bool:
    """四、审计建议采纳情况无。: a section that reports nothing under it is no item."""
    body = text[h.body_start:end].strip()
    first = body.split("。", 1)[0].strip()
    nothing = _lexicon()["nothing"]
    return bool(nothing.search(h.title) or (first and nothing.search(h.title + "：" + first)))


def _leaves_beside_items(text, headings, children, items, not_items, last_in_part) -> list[Item]:
    """A leaf heading beside siblings that all hold items of one kind (two at least) is an item
    of that kind: （六）研究谋划新一轮行动方案 with no numbered items of its own, beside
    （一）–（五） whose 1.–n. are tasks."""
    kind_of = {item.heading.index: item.kind for item in items if item.heading is not None}
    beside: dict[int, str | None] = {}         # parent → the one kind its item-holding children hold

    def kind_beside(parent: int) -> str | None:
        if parent not in beside:
            groups = [s for s in children[parent] if children[s.index]]
            held = [{kind_of[c.index] for c in children[s.index] if c.index in kind_of} for s in groups]
            kinds = set().union(*held) if held else set()
            beside[parent] = next(iter(kinds)) if len(groups) >= 2 and all(held) and len(kinds) == 1 else None
        return beside[parent]

    found = []
    for h in headings:
        if children[h.index] or h.index in kind_of or h.index in not_items or h.parent is None:
            continue
        kind = kind_beside(h.parent)
        if kind:
            end = _own_end(text, h, h.index in last_in_part)
            found.append(_item(text, h, kind, read_fields(text, h.body_start, end), end))
    return found


def _base(notice) -> dt.date | None:
    return dt.date.fromisoformat(notice.fields.date) if notice.fields.date else None


def _classify(notice, children):
    """Kind of each leaf section that is an item by its context (labels, lead-ins, the kind of
    notice); the leaves under headings that are not items (aims, principles, safeguards) and
    under background and aims headings (where a time limit makes no item); the parts where a
    label heading says which leaves are items."""
    lex = _lexicon()
    text, headings = notice.text, notice.headings
    kinds: dict[int, str] = {}
    excluded: set[int] = set()
    background: set[int] = set()

    def leaves(h: Heading):
        for child in children[h.index]:
            if children[child.index]:
                yield from leaves(child)
            else:
                yield child

    def mark(h: Heading, kind: str) -> None:
        for leaf in leaves(h):
            kinds.setdefault(leaf.index, kind)

    labelled_leaves = []

    for h in headings:
        if children[h.index] and lex["next_step"].match(h.title) and label_kind(h.title) == "task":
            mark(h, "task")         # 下一步工作要求: the work to do next, though it ends like 工作要求
            continue
        if _matches(h.title, "background"):
            background.add(h.index)
            background.update(leaf.index for leaf in leaves(h))
            continue
        if _matches(h.title, "aims") or (not children[h.index] and _matches(h.title, "schedule")):
            # a time limit here is the whole work's target or window
            background.add(h.index)
            background.update(leaf.index for leaf in leaves(h))
            continue
        if _matches(h.title, "not_items"):
            excluded.add(h.index)
            excluded.update(leaf.index for leaf in leaves(h))
            continue
        kind = label_kind(h.title) or (run_in_label_kind(h.title) if children[h.index] else None)
        if kind and children[h.index]:
            mark(h, kind)
            if kind in ("task", "problem"):
                # a label nearer the items than a background heading over it (一、基本情况 > （二）工作
                # 重点及责任分工 > 1.…) says what they are (a 建议 there reports figures proposed)
                background.difference_update(leaf.index for leaf in leaves(h))
        elif kind in ("problem", "suggestion"):
            labelled_leaves.append((h, kind))      # 存在的主要问题及改进情况 with no items of its own
    siblings: dict[tuple, list[Heading]] = {}
    by_part: dict[int, list[Heading]] = {}
    restarts: dict[tuple, int] = {}     # top numbering that starts again under a part label (第三部分 …)
    for h in headings:
        key = (h.part, h.parent, h.level)
        if h.parent is None and h.ordinal == 1 and siblings.get(key + (restarts.get(key, 0),)) \
                and PART_LABEL.match(_line_before(text, h.start)):
            restarts[key] = restarts.get(key, 0) + 1
        siblings.setdefault(key + (restarts.get(key, 0),), []).append(h)
        by_part.setdefault(h.part, []).append(h)
    for run in siblings.values():           # a lead-in before the first of a run of siblings
        kind = _lead_in_kind(text, run[0])
        if kind:
            for h in run:
                mark(h, kind) if children[h.index] else kinds.setdefault(h.index, kind)
    labelled_parts = {h.part for h in headings if h.index in kinds}
    progress, reply = _is_progress_report(notice), _is_reply(notice)
    for part in sorted(by_part):
        in_part = by_part[part]
        reporting = part == 0 and (progress or reply)
        if part in labelled_parts and not (reporting and progress):
            continue        # a label says which items are issues; a progress report's 下一步工作 its own only
        if part == 0 and notice.fields.kind in lex["suggestion_kinds"]:
            top = min(h.level for h in in_part)
            for h in in_part:
                if h.level == top:
                    mark(h, "suggestion") if children[h.index] else kinds.setdefault(h.index, "suggestion")
        elif reporting:
            top = min(x.level for x in in_part)
            tops = [h for h in in_part if h.level == top]
            if progress and len(tops) > 1 and lex["process"].search(tops[0].title[:40]):
                excluded.update(leaf.index for leaf in leaves(tops[0]))
            deepest = max(h.level for h in in_part)
            grouping = {h.parent for h in in_part if children[h.index]}
            for h in in_part:
                if children[h.index] or h.index in excluded or h.index in background:
                    continue
                # the finest items; a leaf beside siblings that hold items is an item too
                if reply or h.level == deepest or (h.level > 1 and h.parent in grouping):
                    kinds.setdefault(h.index, _reported_kind(h.title) if progress else "task")
    for h, kind in labelled_leaves:
        kinds.setdefault(h.index, kind)
    return kinds, excluded, background, labelled_parts


def _findings(notice, children) -> set[int]:
    """A notice of findings (纠正案): the first run of its top-level items, each a finding whose
    sections under it are its facts and reasons, not items of their own."""
    if not (notice.fields.title and _lexicon()["findings"].search(notice.fields.title)):
        return set()
    main = [h for h in notice.headings if h.part == 0]
    if not main:
        return set()
    top = min(h.level for h in main)
    found, expected = set(), 1
    for h in main:
        if h.level == top:
            if h.ordinal != expected:
                break                   # numbering restarts: a quoted or footnoted list
            found.add(h.index)
            expected += 1
    return found


def _subtree(index: int, children) -> list[int]:
    found, stack = [], [index]
    while stack:
        i = stack.pop()
        found.append(i)
        stack += [c.index for c in children[i]]
    return found


#: A title pattern that is nothing but a whole-string choice of plain words: ^(?:A|B|C)$.
WORD_CHOICE = re.compile(r"\^\(\?:(?P<words>[^\\.^$*+?{}\[\]()]+)\)\$")


def _title_rule(pattern: str) -> tuple[frozenset | None, re.Pattern | None, re.Pattern]:
    """A title pattern of the lexicon, with its words as a set when it is a choice of plain
    words: a set lookup per candidate title says what the search says, without a regex call
    per candidate (W$ also matches W followed by a final newline, so that form is in the set),
    and a title holding none of the words (one search) has no candidate that is one."""
    choice = WORD_CHOICE.fullmatch(pattern)
    plain = choice.group("words").split("|") if choice else []
    if not plain or not all(plain):
        return None, None, re.compile(pattern)       # any other pattern is searched as it is
    words = frozenset(plain) | frozenset(word + "\n" for word in plain)
    return words, re.compile(alternation(plain)), re.compile(pattern)


@functools.lru_cache(maxsize=64)
def _title_candidates(title: str) -> frozenset[str]:
    """The stretches of a heading's title that _matches tries: the title, its ends after a
    word or two (坚持基本原则), and for a run-in title (flattened text: 工作目标以消除安全隐患为
    目标，…) a stretch of its first 12 characters. Each title is tried for several kinds in
    turn: the last few are kept."""
    title = title.strip().rstrip("：:。")
    candidates = [title] + [title[i:] for i in range(1, min(7, len(title) - 3))]  # 坚持基本原则
    if len(title) > 20:     # the heading phrase of a run-in title: a stretch of its first 12 characters
        candidates += [title[i:n] for n in range(4, 13) for i in range(0, n - 3)]
    return frozenset(candidates)


def _matches(title: str, key: str) -> bool:
    """Whether a heading's title is one of the lexicon's kind; a run-in title (flattened text:
    工作目标以消除安全隐患为目标，…) is tried by its opening phrase too."""
    for words, any_word, pattern in _lexicon()[key]:
        if words is not None:
            found = any_word.search(title) is not None and not words.isdisjoint(_title_candidates(title))
        else:
            found = any(pattern.search(t) for t in _title_candidates(title))
        if found:
            return True
    return False


def _problem_or(title: str, kind: str) -> str:
    """A 关于…问题 item whose words state a shortcoming is a problem (关于生均拨款标准不完善问题);
    one naming a topic (关于乙烯项目问题) keeps *kind*."""
    lex = _lexicon()
    m = lex["topic"].match(title.strip().rstrip("。"))
    if m and lex["shortcoming"].search(m.group("topic")):
        return "problem"
    return kind


def _reported_kind(title: str) -> str:
    """An item of a progress report: a problem when its title ends by stating a shortcoming
    (议事范围界定不清, …落实不力) and opens with no remedy for it (补齐短板); else a task, the
    work reported (GUIDE: an item stating a found problem is a problem, fields or not)."""
    lex = _lexicon()
    title = title.strip().rstrip("。")
    if len(title) <= 60 and lex["stated_shortcoming"].search(title) and not lex["remedy"].match(title):
        return "problem"
    return _problem_or(title, "task")


#: The label of a part of a report, over a list numbered from 一 again: 第三部分 下一步工作打算.
PART_LABEL = re.compile(r"第[一二三四五六七八九十]{1,3}部分")


def _line_before(text: str, pos: int) -> str:
    """The line that ends right before the line *pos* stands on."""
    line_end = text.rfind("\n", 0, pos)
    return text[text.rfind("\n", 0, line_end) + 1:line_end].strip() if line_end > 0 else ""


def _lead_in_kind(text: str, first: Heading) -> str | None:
    """What the paragraph right before a run of headings says they are: a lead-in ending in ：
    (提出如下建议：), or a label line whose number was lost (重点整治内容 over 1.–4.)."""
    lead_in = _line_before(text, first.start)
    if PART_LABEL.match(lead_in):
        lead_in = PART_LABEL.sub("", lead_in, count=1).strip()
    if lead_in.endswith(("：", ":")):
        if _lexicon()["decision_lead_in"].search(lead_in):
            return "task"       # a 纪要's …会议议定： over the decisions, each work assigned
        for kind, pattern in _lexicon()["lead_ins"].items():
            if pattern.search(lead_in):
                return kind
    if lead_in and not re.search(r"[。，；：,;:]", lead_in):
        return label_kind(lead_in)
    return None


def _is_progress_report(notice) -> bool:
    """By its title (关于…巡察整改进展情况的通报); the opening text only when no title was found
    (a plan's 为抓好整改落实，制定本方案 makes no report)."""
    head = notice.fields.title or notice.text[:300]
    return bool(_lexicon()["progress"].search(head))


def _is_reply(notice) -> bool:
    return bool(notice.fields.title and _lexicon()["reply"].search(notice.fields.title))


#: Text an item may open with before the sentence that assigns it: a short topic and a comma
#: (总部资产，由国网直流中心负责…); without the comma the topic is the subject of a standing
#: rule (防护绿地由管理单位负责, 抢险救援组省交通运输厅牵头…).
_OPENING_TOPIC = re.compile(r"(?:[^。；;，,：:]{1,12}[，,])?")


_SENTENCE_REST = re.compile(r"[^。；;\n]*")
_ROLE_THEN_WORK = re.compile(r"(?:等(?:单位|部门)?)?(?:具体|牵头|负责|组织)*(?P<work>[^。；;，,\n]*)")


def _opens_with(text: str, h: Heading, note) -> bool:
    """An item that opens by assigning its work (X负责…, 总部资产，由X牵头…) is a task; an assignment
    further in, or one with no role word (X会同Y制定…), may describe a procedure, and one that names
    no work after it (储备的土地，由储备机构负责；, …组X牵头，Y参与。) a standing rule."""
    opening = text[h.start + len(h.marker):note.start]
    said = text[note.start:note.end]
    if not (_OPENING_TOPIC.fullmatch(opening) and ("负责" in said or "牵头" in said)):
        return False
    if note.units:      # the first names' own work: 由X负责<work>，…
        name, _, at = note.units[0]
        role = _ROLE_THEN_WORK.match(text, at + len(name))
        if role and len(role.group("work")) >= 4:
            return True
    work = _SENTENCE_REST.match(text, note.end).group().strip("，, 　")
    if work.endswith(("参与", "配合", "协助", "参加")):
        work = ""           # the rest of the note's list of bodies (…、Y等参与。)
    return len(work) >= 4


def _notes(text: str, start: int, end: int):
    """The responsibility notes of an item's own text, offsets in the whole text."""
    found = find_notes(text[start:end])
    for note in found:
        note.start += start
        note.end += start
        note.units = [(name, role, at + start) for name, role, at in note.units]
        note.leaders = [(name, at + start) for name, at in note.leaders]
        note.deadline = (note.deadline[0] + start, note.deadline[1] + start) if note.deadline else None
    return found


def _with_notes(item: Item, notes, text: str) -> Item:
    """Units and leaders from the item's notes (every form of GUIDE's responsibility note),
    where they name any; the time-limit values they hold become its deadline fields."""
    item.note_spans = [(note.start, note.end) for note in notes]
    units = [unit for note in notes for unit in note.units]
    if units:
        item.units = _ordered_roles(units)
    leaders = _people(name for note in notes for name, _ in note.leaders)
    if leaders:
        item.leaders = leaders
    have = {(s, e) for s, e, _ in item.fields.get("deadline", [])}
    for note in notes:
        if note.deadline and not any(s <= note.deadline[0] < e for s, e in have):
            s, e = note.deadline
            item.fields.setdefault("deadline", []).append((s, e, text[s:e]))
    return item


def _ordered_roles(units: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """Names in text order (GUIDE: in order of appearance, lead before cooperating within a note)."""
    return units


def _has_assignment(fields: dict) -> bool:
    """Fields that assign rectification work, or report on it (整改情况：…)."""
    return any(name in fields for name in ("lead", "responsible", "cooperating", "deadline", "leaders",
                                           "progress"))


def _has_own_deadline(text: str, h: Heading, end: int, base, roc: bool = False) -> bool:
    """The item's own text names a time limit for its work (于3月2日前完成, 2022年5月底前), or
    its heading is a stage with a date window."""
    own = text[h.start:end]
    if deadline_grammar.stage_deadline(text[h.start:h.title_end], base, roc=roc):
        return True
    return bool(deadline_grammar.find_deadlines(own, base, roc=roc))


def _own_end(text: str, h: Heading, last_in_part: bool) -> int:
    """Where the item's own text ends: the last item of a part stops before a closing request
    for reports run into it (…推广。各市工作开展情况，请于8月底前报…。) when a sentence of its
    own (a run-in title or body text) comes first; a request under a heading line is its work."""
    if not last_in_part:
        return h.next_heading
    closing = _lexicon()["closing"]
    body = text[h.body_start:h.next_heading]
    run_in = text.startswith("。", h.title_end)       # 二、拆除违建设施。: the title is a sentence of its own
    for k, m in enumerate(re.finditer(r"[^。\n]+。?", body)):
        if (k or run_in) and closing.match(m.group().strip()):
            return h.body_start + m.start()
    return h.next_heading


def _title_deadline(text: str, h: Heading, base) -> bool:
    title = text[h.start:h.title_end]
    return bool(deadline_grammar.stage_deadline(title, base) or deadline_grammar.find_deadlines(title, base))


def _quoted_title(text: str, h: Heading) -> tuple[str, tuple[int, int]] | None:
    """The “…”问题 statement that is the item's title or opens its body, with its span."""
    if is_quoted_problem(h.title):
        return h.title, (h.start, h.title_end)
    line_end = text.find("\n", h.body_start, h.next_heading)
    first_line = text[h.body_start:line_end if line_end >= 0 else h.next_heading]
    if is_quoted_problem(first_line):
        return first_line, (h.body_start, h.body_start + len(first_line))
    return None


def _item(text: str, h: Heading, kind: str, fields: dict, end: int | None = None) -> Item:
    """The item of a leaf section; a quoted problem opening the body becomes the title."""
    title, title_span = _quoted_title(text, h) or (h.title, (h.start, h.title_end))
    if is_quoted_problem(title):
        kind = "problem"
        stop = quoted_end(title)            # “…”问题自查情况 (a field label run in): the statement only
        if stop is not None and stop < len(title):
            title, title_span = title[:stop], (title_span[0], title_span[0] + stop)
    elif kind == "task":
        kind = _problem_or(title, kind)
    end = h.next_heading if end is None else end
    return Item(heading=h, section=h, kind=kind, title=title, start=h.start, end=end,
                body_start=h.body_start, title_span=title_span, fields=fields, units=_units(fields),
                leaders=_leaders(fields))


def _leaders(fields: dict) -> list[str]:
    """The people a 责任人/责任领导 field names; not a collective's post (各供电所所长, 各乡镇主要负责人),
    which names no one (GUIDE: leaders are people)."""
    return _people(name for _, _, value in fields.get("leaders", []) for name in split_list(value))


def _people(names) -> list[str]:
    """The names that name a person: 各供电所所长 (a collective's post) is none."""
    return [name for name in names if not name.startswith("各")]


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


# ---------------------------------------------------------------- unnumbered items

def _merged(spans) -> list[tuple[int, int]]:
    """Overlapping (start, end) spans merged, in order: membership by bisection."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _paragraph_items(notice, children, numbered: list[Item]) -> list[Item]:
    """Paragraphs that are items without a number: an investigation's findings (a problem), and
    in a reply letter, paragraphs of planned work (tasks). Only paragraphs of the main text
    that no numbered item holds, after the 主送 and before the signature."""
    lex = _lexicon()
    text, fields = notice.text, notice.fields
    planned_work = _is_reply(notice) and not notice.headings
    taken = _merged((item.start, item.end) for item in numbered)
    taken_starts = [a for a, _ in taken]
    body_end = notice.part_starts[0] if notice.part_starts else len(text)
    found = []
    for start, end in notice.paragraphs:
        if start < fields.body_start or start >= body_end or end - start < 20:
            continue
        paragraph = text[start:end]
        kind = None             # what its words say first: few paragraphs say either
        if lex["finding"].match(paragraph) and lex["shortcoming"].search(paragraph):
            kind = "problem"
        elif planned_work and lex["planned"].search(paragraph):
            kind = "task"
        if kind is None:
            continue
        k = bisect.bisect_right(taken_starts, start) - 1
        section = notice.section_at(start)
        if (k >= 0 and start < taken[k][1]) or section is not None and section.start == start:
            continue
        found.append(_unnumbered_item(notice, kind, start, end))
    return found


def _unnumbered_item(notice, kind: str, start: int, end: int) -> Item:
    """The item of a paragraph with no number of its own: titled by its first sentence (GUIDE),
    its fields read from it."""
    text = notice.text
    title = SENTENCE.match(text, start, end).group().rstrip("。！？!?")
    item = Item(heading=None, section=notice.section_at(start), kind=kind, title=title, start=start, end=end,
                body_start=start, title_span=(start, start + len(title)), fields=read_fields(text, start, end))
    item.units, item.leaders = _units(item.fields), _leaders(item.fields)
    return item


# ---------------------------------------------------------------- a 纪要's decisions

def _minutes_decisions(notice, base, era) -> list[tuple[int, int]]:
    """In a 纪要, the paragraphs that record a decision assigning work: opening with 会议要求/
    会议明确/会议同意… (or after a lead-in 会议要求：), with a responsibility note or a time limit
    of their own (会议要求，由X牵头、Y配合，10月31日前完成…). Each is an item of the ledger,
    though unnumbered (GUIDE: an item with no number of its own is titled by its first sentence)."""
    if notice.fields.kind != "纪要":
        return []
    lex = _lexicon()
    text = notice.text
    found, listed_until = [], -1
    for start, end in notice.paragraphs:
        if start < notice.fields.body_start:
            continue
        paragraph = text[start:end].strip()
        heading = notice.section_at(start)
        if heading is not None and heading.start == start:
            listed_until = -1           # a new topic ends a lead-in's list
            continue
        if lex["decision_lead_in"].search(paragraph):
            listed_until = heading.next_heading if heading is not None else len(text)
            continue
        if not (lex["decision"].match(paragraph) or start < listed_until):
            continue
        notes = _notes(text, start, end)
        if any(n.units or n.leaders or n.deadline for n in notes) or \
                deadline_grammar.find_deadlines(paragraph, base, roc=era):
            found.append((start, end))
    return found


def _holds_decisions(starts: list[int], start: int, end: int) -> bool:
    """Two or more decisions in text[start:end]: the section is a topic of the meeting."""
    i = bisect.bisect_left(starts, start)
    return i + 1 < len(starts) and starts[i + 1] < end


def _decision_item(notice, start: int, end: int) -> Item:
    """A decision's task, with the units and leaders of its notes (由X牵头、Y配合)."""
    return _with_notes(_unnumbered_item(notice, "task", start, end), _notes(notice.text, start, end), notice.text)


# ---------------------------------------------------------------- ledger tables

#: Table columns that are an item's fields (extractors/fields.py names).
COLUMN_FIELDS = ("lead", "responsible", "cooperating", "leaders", "deadline", "measures", "progress")


def _labels_rows(item: Item, rows: list[Item]) -> bool:
    """A leaf heading that labels the ledger table under it (（一）问题清单, 任务清单, 整改台账):
    its items are the table's rows, and the label is none itself."""
    if item.heading is None or not (label_kind(item.title) or item.title.endswith(_lexicon()["list_words"])):
        return False
    return any(item.start <= row.start < item.end for row in rows)


def _table_items(notice) -> list[Item]:
    """One item per row of a ledger table (台账): a problem where the table has a problem
    column, else a task where it has a task or measures column. The title is the row's
    subject (单位) and its problem or task; the other columns are its fields. Relative limits
    (15天) count from the date the table's caption gives, else the notice's."""
    items = []
    for table in read_tables(notice.text, notice.paragraphs):
        roles = set(table.roles)
        kind = "problem" if "problem" in roles else "task" if roles & {"task", "measures"} else None
        if kind is None:
            continue
        base = _iso_date(table.caption_date)
        for row in table.rows:
            main = row.value("problem") or row.value("task") or row.value("measures")
            if main is None:
                continue
            subject = row.value("subject")
            title = f"{subject.text} {main.text}" if subject else main.text
            fields = {role: [(cell.start, cell.end, cell.text)] for role in COLUMN_FIELDS
                      if (cell := row.value(role)) is not None}
            start = subject.start if subject else main.start
            items.append(Item(heading=None, section=notice.section_at(row.start), kind=kind, title=title,
                              start=row.start, end=row.end, body_start=row.start,
                              title_span=(start, main.end), fields=fields, units=_units(fields),
                              leaders=_leaders(fields), base_date=base))
    return items


def _iso_date(written: str | None) -> dt.date | None:
    from taizhang.extractors.dates import parse_date

    return parse_date(written) if written else None
