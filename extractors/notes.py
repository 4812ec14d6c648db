"""Responsibility notes of an item (GUIDE, ## Issues): who leads it, who is responsible, who
cooperates, which leaders answer for it, and where its time-limit value stands.

The forms of 公文:
- parenthesised, inside or after the item: （X牵头，Y、Z配合）, （X负责）, （责任单位：X、Y）,
  （牵头单位：X；配合单位：Y）, （X、Y按职责分工负责）, （责任单位:X牵头，Y、Z等部门分工负责）;
- run-in fields, also where flattened text runs them together: 责任单位：X完成时限：…,
  牵头考核单位：X, 责任领导：张三, 整改责任人：…;
- sentences that assign the item: 由X牵头，会同Y…; 由X负责; X牵头，Y配合 and X负责组织实施 at
  a clause start; X是…的责任主体.
Names are split only between bodies (、，；), never inside brackets; a collective (各区、县级市)
stays whole; role words and 等部门 endings are trimmed off; a value ends at the next label or
the next item's marker. A sentence reporting work already done (由X牵头…制定了) and a standing
list of duties (市工信局：负责…) are no notes.

Pure functions over strings, linear in the text: every scan is bounded by the limits of
pipeline/data/notes.yaml, and only the short window after 会同 is cut into words
(extractors/words.py).
"""
from __future__ import annotations

import bisect
import collections
import functools
import re
from dataclasses import dataclass, field

from taizhang.extractors.units import find_bodies
from taizhang.extractors.words import tokens
from taizhang.pipeline.lexicon import alternation, load

Unit = tuple[str, str, int]         # (name, role, offset of the name in the text)
Leader = tuple[str, int]            # (name, offset)
Span = tuple[int, int]

OPENING, CLOSING = "（(", "）)"
SEGMENT_SEPARATORS = "，,；;"
SEPARATORS = "、" + SEGMENT_SEPARATORS
STRIPPED = " \t\u3000。.：:"
BRACKET = re.compile(r"[（()）]")
PHONE = re.compile(r"[0-9\-－—]{7,}")
#: What a clause starts after, and the role words of a note at a clause start (X牵头, X负责).
CLAUSE_MARKS = "。；;：:\n，,!?！？"
CLAUSE_VERBS = "牵头|负责|会同"

#: An article's number opening a sentence of a rule (第七十五条国务院…会同…): not part of a name.
ARTICLE = re.compile(r"\s*第[一二三四五六七八九十百零〇0-9]{1,6}条\s*")


@dataclass
class Note:
    """One responsibility note: its span in the text and what it says."""

    start: int
    end: int
    kind: str                       # "parenthesised", "fields" or "assigned"
    units: list[Unit] = field(default_factory=list)
    leaders: list[Leader] = field(default_factory=list)
    deadline: Span | None = None    # the value of its time-limit field, for the deadline grammar


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    lex = load("notes")
    field_of = {label: name for name, labels in lex["labels"].items() for label in labels}
    every_label = set(field_of) | set(lex["other_labels"])
    role_of_word = {word: role for role, words in lex["role_words"].items() for word in words}
    clause = rf"(?:^|(?<=[{CLAUSE_MARKS}]))"
    name_chars = r"[^，,。；;：:！？!?\n“”\"]"
    joins = alternation(lex["assign_join"])
    role_words = sorted(role_of_word, key=len, reverse=True)
    return {
        **{key: lex[key] for key in ("max_note", "max_value", "max_name", "max_body", "max_sentence_names",
                                     "collective_opener")},
        "label": re.compile(rf"【(?P<boxed>{alternation(every_label)})】[ \t\u3000]{{0,3}}[：:]?"
                            rf"|(?P<label>{alternation(every_label)})[ \t\u3000]{{0,3}}[：:]"),
        # where a label may start: 【 or the first character of a label; what it needs near: 【 or ：
        "label_start": re.compile("[" + re.escape("".join(sorted({w[0] for w in every_label} | {"【"}))) + "]"),
        "label_mark": re.compile("[：:【]"),
        "label_reach": max(map(len, every_label)) + 3,      # a label, spaces, then its colon
        "field_of": field_of,
        "role_words": role_words,
        "role_word_ends": tuple(role_words),     # one str.endswith test for all of them
        "any_role_word": re.compile(alternation(role_words)),
        "role_of_word": role_of_word,
        "trailing": re.compile(lex["trailing_words"]),
        "not_followers": tuple(lex["role_word_followers_not"]),
        "value_stop": re.compile(rf"(?P<marker>{lex['item_marker']})|(?P<open>[（(])|(?P<close>[）)])"
                                 r"|(?P<end>[。！？!?\n])"),
        "marker_start": re.compile(rf"\s*(?:{lex['item_marker']})\s*"),
        "collective": re.compile(rf"(?:{alternation(lex['collective_levels'])})"
                                 rf"(?:{alternation(lex['collective_heads'])})?"),
        "levels": re.compile(rf"(?:{alternation(lex['collective_levels'])})+"),
        "by": re.compile(rf"{re.escape(lex['assign_by'])}(?P<x>{name_chars}{{2,{lex['max_sentence_names']}}}?)"
                         rf"(?P<verb>牵头|负责|{joins}|(?=[于在][0-9一二三四五六七八九十〇零]{{1,4}}[年月]))"),
        "clause": re.compile(rf"{clause}(?P<x>{name_chars}{{2,{lex['max_sentence_names']}}}?)(?P<verb>{CLAUSE_VERBS})"),
        "clause_verb": re.compile(CLAUSE_VERBS),
        "duty": re.compile(rf"{clause}(?P<x>{name_chars}{{2,{lex['max_name']}}}?)是"
                           rf"{name_chars}{{0,{lex['duty_subject_window']}}}?{re.escape(lex['duty_subject'])}"),
        "joins": tuple(lex["assign_join"]),
        "duty_subject": lex["duty_subject"],
        "lead_followers": tuple(lex["lead_followers"]),
        "responsible_followers": tuple(lex["responsible_followers"]),
        "done": re.compile(lex["done_markers"]),
        "by_not_after": lex["assign_by_not_after"],
        "by_not_before": tuple(lex["assign_by_not_before"]),
        "heads": tuple(sorted(set(lex["name_heads"]) | set(load("bodies")["suffixes"]), key=len, reverse=True)),
        "false_heads": tuple(lex["false_heads"]),
        "not_in_names": set(lex["not_in_names"]),
        "not_first": set(lex["not_first_words"]),
        "numbering": re.compile(r"\s*[0-9]{1,2}(?:[.．][0-9]{1,2}){1,3}\s*"),
        "name_tags": tuple(lex["name_tags"]),
        "leader_trailing": tuple(lex["leader_trailing"]),
        # the words of a time-limit slot that running text leaves alone (长期坚持, 立行立改)
        "limit_words": frozenset(load("deadlines")["ongoing"]) | frozenset(load("deadlines")["immediate"]),
        "post": re.compile(alternation(sorted(lex["leader_posts"], key=len, reverse=True))),
        "document_words": tuple(lex["document_words"]),
        "role_adverbs": sorted(lex["role_adverbs"], key=len, reverse=True),
        "subject_openers": sorted(lex["subject_openers"], key=len, reverse=True),
    }


def find_notes(text: str) -> list[Note]:
    """Every responsibility note of one item's text, in text order."""
    notes = _parenthesised_notes(text)
    notes += _field_notes(text, _Taken([(n.start, n.end) for n in notes]))
    notes += _assigned_notes(text, _Taken([(n.start, n.end) for n in notes]))
    notes.sort(key=lambda n: n.start)
    return notes


def split_units(value: str, role: str) -> list[Unit]:
    """(name, role, offset in *value*) of the names a field's value lists, read as find_notes
    reads them (role words and notes, 等部门 endings, collectives, brackets kept whole)."""
    return _names(value, 0, len(value), role, field_value=True)


def split_leaders(value: str) -> list[Leader]:
    """(name, offset in *value*) of the people a leaders' field names (no phones, no 同志)."""
    start, end = _strip(value, 0, len(value))
    return _leaders(value, start, end)


# ---------------------------------------------------------------- parenthesised notes

def _bracket_pairs(text: str) -> list[Span]:
    """(open, close) of bracket pairs at most max_note apart and nested at most once, in
    order of their opening bracket. Brackets that never close are forgotten after max_note."""
    limit = _lexicon()["max_note"]
    stack: collections.deque = collections.deque()
    pairs = []
    for m in BRACKET.finditer(text):
        pos = m.start()
        while stack and pos - stack[0] > limit:
            stack.popleft()
        if m.group() in OPENING:
            stack.append(pos)
        elif stack:
            opening = stack.pop()
            if len(stack) <= 1:
                pairs.append((opening, pos))
    pairs.sort()
    return pairs


def _parenthesised_notes(text: str) -> list[Note]:
    notes: list[Note] = []
    for opening, closing in _bracket_pairs(text):
        if notes and opening < notes[-1].end:
            continue
        note = _parenthesised(text, opening, closing)
        if note:
            notes.append(note)
    return notes


def _parenthesised(text: str, opening: int, closing: int) -> Note | None:
    """The note in text[opening:closing+1] when the brackets hold nothing but a note."""
    lex = _lexicon()
    start = _skip_space(text, opening + 1, closing)
    if start >= closing:
        return None
    note = Note(opening, closing + 1, "parenthesised")
    if lex["label"].match(text, start, closing):
        _read_fields(text, start, closing, note)
        return note if note.units or note.leaders or note.deadline else None
    if not lex["any_role_word"].search(text, start, closing):
        return None                 # no segment can end in a role word: （一）, （2021年）
    pending: list[Unit] = []        # names before the segment that gives them a role
    has_role = False
    for seg_start, seg_end in _segments(text, start, closing):
        if lex["label"].match(text, seg_start, seg_end):
            _read_fields(text, seg_start, seg_end, note)
            continue
        role, names_end = _role_at_end(text, seg_start, seg_end)
        units = _names(text, seg_start, names_end, role or "responsible")
        if not units or not _all_bodies([name for name, _, _ in units], short_ok=role is not None):
            if has_role and not pending:
                if text[seg_start:seg_end].strip(STRIPPED) in lex["limit_words"]:
                    note.deadline = note.deadline or (seg_start, seg_end)   # （X负责，长期坚持）
                break       # （X负责，Y配合；依据…安排确定行程）, （…，2022年底前完成）: a remark after it
            return None
        if role is None:
            pending += units
            continue
        has_role = True
        note.units += [(name, role if unit_role == "responsible" else unit_role, at)
                       for name, unit_role, at in pending] + units
        pending = []
    if not has_role:
        return None
    note.units += pending
    return note


def _segments(text: str, start: int, end: int) -> list[Span]:
    """Parts of text[start:end] between ，；, brackets kept whole, stripped."""
    parts = _split_outside_brackets(text, start, end, SEGMENT_SEPARATORS)
    return [span for span in (_strip(text, a, b) for a, b, _ in parts) if span[0] < span[1]]


def _split_outside_brackets(text: str, start: int, end: int, separators: str) -> list[tuple[int, int, bool]]:
    """(start, end, after_clause_break) of the parts of text[start:end] between *separators*
    outside brackets; the flag says a separator other than 、 (or the start) comes before."""
    parts, depth, part_start, clause_break = [], 0, start, True
    for i in range(start, end):
        ch = text[i]
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in separators:
            parts.append((part_start, i, clause_break))
            part_start, clause_break = i + 1, ch != "、"
    parts.append((part_start, end, clause_break))
    return parts


def _role_at_end(text: str, start: int, end: int) -> tuple[str | None, int]:
    """The role word ending text[start:end] (X牵头, Y、Z按职责分工负责) and where the names end."""
    lex = _lexicon()
    segment = text[start:end].rstrip(STRIPPED)
    if not segment.endswith(lex["role_word_ends"]):
        return None, end
    for word in lex["role_words"]:
        if segment.endswith(word) and len(segment) > len(word):
            return lex["role_of_word"][word], start + len(segment) - len(word)
    return None, end


# ---------------------------------------------------------------- fields

def _labels(text: str, start: int, end: int) -> list[re.Match]:
    """The labels of text[start:end], as the label pattern's finditer finds them. A label opens
    with 【 or ends in ：/: at most label_reach characters on, so the pattern (a long choice of
    words, slow to try at every character) is tried only where a label may start, in the
    stretch before each 【, ： or : (leftmost first, each place once)."""
    lex = _lexicon()
    found, pos = [], start          # nothing before pos is tried again
    for mark in lex["label_mark"].finditer(text, start, end):
        p = mark.start()
        if p < pos:
            continue
        for at in lex["label_start"].finditer(text, max(pos, p - lex["label_reach"]), p + 1):
            if at.start() < pos:
                continue
            m = lex["label"].match(text, at.start(), end)
            if m:
                found.append(m)
                pos = m.end()           # a label is never empty
        pos = max(pos, p + 1)
    return found


def _label(m: re.Match) -> str:
    """The label of a field: 责任单位： or 【责任单位】."""
    return m.group("label") or m.group("boxed")


def _read_fields(text: str, start: int, end: int, note: Note) -> None:
    """Read the label：value fields of text[start:end] (a bracketed note) into *note*."""
    labels = _labels(text, start, end)
    for m, nxt in zip(labels, labels[1:] + [None]):
        value_start = _skip_space(text, m.end(), end)
        value_end = _value_end(text, value_start, nxt.start() if nxt else end)
        _take_field(text, _label(m), value_start, value_end, note)


def _take_field(text: str, label: str, start: int, end: int, note: Note) -> None:
    kind = _lexicon()["field_of"].get(label)
    start, end = _strip(text, start, end)
    if kind is None or start >= end:
        return
    if kind == "deadline":
        note.deadline = note.deadline or (start, end)
    elif kind == "leaders":
        note.leaders += _leaders(text, start, end)
    else:
        note.units += _names(text, start, end, kind, field_value=True)


def _value_end(text: str, start: int, limit: int) -> int:
    """Where a field's value starting at *start* ends: before *limit* (the next label), the next
    item's marker, the end of its sentence or line (a line ending in 、 or ， goes on), or a
    closing bracket it did not open; at most max_value characters on."""
    lex = _lexicon()
    limit = min(limit, start + lex["max_value"])
    depth = 0
    for m in lex["value_stop"].finditer(text, start, limit):
        kind = m.lastgroup
        if kind == "marker":
            if depth == 0 and _opens_item(text, start, m.start()):
                return m.start()
        elif kind == "open":
            depth += 1
        elif kind == "close":
            if depth == 0:
                return m.start()
            depth -= 1
        elif kind == "end" and depth == 0:
            if text[m.start()] == "\n" and text[start:m.start()].rstrip().endswith(("、", "，", ",")):
                continue
            return m.start()
    return limit


def _opens_item(text: str, start: int, pos: int) -> bool:
    """A marker at *pos* opens the next item unless it is glued to a word that is not over
    (张三、李四: 三、 is no heading after 张)."""
    before = text[pos - 1:pos]
    if pos == start or not ("\u4e00" <= before <= "\u9fff") or text[pos] in OPENING or text[pos].isdigit():
        return True
    return _ends_with_head(text[start:pos])


def _field_notes(text: str, taken: _Taken) -> list[Note]:
    """Run-in fields outside the parenthesised notes; fields that follow one another (责任单位：X
    完成时限：…) make one note."""
    lex = _lexicon()
    labels = [m for m in _labels(text, 0, len(text)) if not taken.holds(m.start())]
    notes: list[Note] = []
    current: Note | None = None
    kinds: set[str] = set()         # the fields the current note holds: a repeated one opens the next
    for m, nxt in zip(labels, labels[1:] + [None]):
        limit = min(nxt.start() if nxt else len(text), taken.next_start(m.start(), len(text)))
        value_start = _skip_space(text, m.end(), limit)
        value_end = _value_end(text, value_start, limit)
        kind = lex["field_of"].get(_label(m))
        if kind is None:
            current = None
            continue
        if current is None or kind in kinds or m.start() - current.end > 3 or \
                text[current.end:m.start()].strip(" \t\u3000；;，,。\n"):
            current, kinds = Note(m.start(), value_end, "fields"), set()
            notes.append(current)
        kinds.add(kind)
        _take_field(text, _label(m), value_start, value_end, current)
        current.end = max(current.end, value_end)
    return [n for n in notes if n.units or n.leaders or n.deadline]


# ---------------------------------------------------------------- sentences that assign the item

def _assigned_notes(text: str, taken: _Taken) -> list[Note]:
    """由X牵头，会同Y…; 由X负责; X牵头，Y配合 / X负责组织实施 at a clause start; X是…责任主体."""
    lex = _lexicon()
    notes: list[Note] = []

    def keep(note: Note | None) -> None:
        if note:
            notes.append(note)
            taken.add((note.start, note.end))

    for m in lex["by"].finditer(text):
        if not taken.holds(m.start()) and _by_word(text, m):
            keep(_assignment(text, m, by=True))
    for m in _clause_notes(text):
        if not taken.holds(m.start("x")) and not taken.holds(m.start("verb")):
            keep(_assignment(text, m, by=False))
    duties = lex["duty"].finditer(text) if lex["duty_subject"] in text else ()   # none without 责任主体
    for m in duties:
        if not taken.holds(m.start("x")):
            start, end = _subject(text, m.start("x"), m.end("x"))
            units = _names(text, start, end, "responsible")
            if units and _all_bodies([name for name, _, _ in units]) and not _done(text, m.start(), m.end()):
                keep(Note(start, m.end(), "assigned", units))
    return notes


def _clause_notes(text: str):
    """The matches of the clause pattern (X牵头 / X负责 at a clause start), as its finditer
    finds them. Tried at every character the pattern costs more than the rest of the notes;
    a match ends in its verb at most max_sentence_names characters after the start of its
    clause (no clause mark inside), so it is tried only at the clause start before each verb."""
    lex = _lexicon()
    reach = lex["max_sentence_names"]
    starts = []
    for verb in lex["clause_verb"].finditer(text):
        v = verb.start()
        window = max(0, v - reach - 1)
        mark = max(text.rfind(ch, window, v) for ch in CLAUSE_MARKS)
        if mark >= 0:
            starts.append(mark + 1)
        elif v <= reach:
            starts.append(0)           # the clause that opens the text
    last_end = -1
    for start in sorted(set(starts)):
        if start < last_end:
            continue
        m = lex["clause"].match(text, start)
        if m:
            last_end = m.end()
            yield m


def _by_word(text: str, m: re.Match) -> bool:
    """由 opens an assignment, not 由于, 理由 or 自由."""
    lex = _lexicon()
    before = text[m.start() - 1:m.start()]
    return not (before and before in lex["by_not_after"]) and not m.group("x").startswith(lex["by_not_before"])


def _assignment(text: str, m: re.Match, by: bool) -> Note | None:
    """The note of a 由X牵头 / X牵头 match, or None when X is not a list of bodies, the role
    word opens a standing duty (牵头抓总, 负责统筹…), or the sentence reports work done."""
    lex = _lexicon()
    start, end = _subject(text, m.start("x"), m.end("x"))
    end = _without_adverb(text, start, end)
    verb, after = m.group("verb"), m.end()
    named_lead = verb == "负责" and text.startswith("牵头", after)
    if named_lead:
        verb, after = "牵头", after + 2        # X负责牵头(…): the lead, whatever work follows
    if verb == "牵头" and not named_lead and not _follows(text, after, lex["lead_followers"], by):
        return None
    if verb == "负责" and not _follows(text, after, lex["responsible_followers"], by, strict=not by):
        return None
    role = "responsible" if verb in ("负责", "") else "lead"
    units = _names(text, start, end, role)
    if not units or not _all_bodies([name for name, _, _ in units]):
        person = _person_named(text, start, end) if by else None
        if person is None:
            return None
        note = Note(m.start(), after, "assigned", [], [person])     # 由副县长郑宏远牵头负责
        _continuation(text, after, note)
        return None if _done(text, note.start, note.end) or _on_document(text, note.start, after) else note
    note = Note(m.start() if by else start, after, "assigned", units)
    if verb in lex["joins"]:
        note.units += _names_ahead(text, after, "cooperating", note)
    else:
        _continuation(text, after, note)
    if _done(text, note.start, note.end) or _on_document(text, note.start, after):
        return None
    return note


def _on_document(text: str, start: int, pos: int) -> bool:
    """The clause of a note names the document itself (…牵头负责本意见综合协调, 本预案由X负责)."""
    stop = re.search(r"[，,。；;！？!?\n]", text[pos:pos + 40])
    clause_end = pos + (stop.start() if stop else 40)
    before = text[max(0, start - 20):start]
    clause_start = max(0, start - 20) + max((before.rfind(ch) for ch in "，,。；;！？!?\n"), default=-1) + 1
    return any(word in text[clause_start:clause_end] for word in _lexicon()["document_words"])


def _without_adverb(text: str, start: int, end: int) -> int:
    """Where a subject ends before the adverb of its role word (由X和Y共同负责, X分别负责)."""
    for word in _lexicon()["role_adverbs"]:
        if text.startswith(word, end - len(word)) and end - len(word) > start:
            return _strip(text, start, end - len(word))[1]
    return end


def _follows(text: str, pos: int, followers: tuple, by: bool, strict: bool = False) -> bool:
    """After 牵头/负责: punctuation, a 会同 list, or one of *followers* (a 由… note may go on
    with any verb: 由X负责指导; at a clause start only the listed ones, then punctuation when
    *strict*: X负责组织实施。)."""
    nxt = text[pos:pos + 1]
    if not nxt or nxt in "，,。；;）)\n！!？?":
        return True
    if text.startswith(_lexicon()["not_followers"], pos):
        return False
    if by:
        return True
    for word in followers:
        if text.startswith(word, pos):
            after = text[pos + len(word):pos + len(word) + 1]
            return not strict or not after or after in "，,。；;）)\n"
    return False


#: The verbs of a cooperating body followed by its share of the work (Y配合完成…, Z协助做好…).
_COOPERATING_VERB = re.compile("(?:密切|积极|主动|做好)?(?:配合|协助|参与)(?=[做完开提落抓加负组实推])")


def _continuation(text: str, pos: int, note: Note) -> None:
    """，会同Y… or ，Y、Z配合 after the first names of a sentence note (and their work); 、 after the
    role word as the comma (由X牵头、Y、Z配合)."""
    lex = _lexicon()
    pos = _skip_space(text, pos, len(text))
    if text[pos:pos + 1] not in ("，", ",", "、") and not text.startswith(lex["joins"], pos):
        rest = re.search(r"[，,。；;！？!?\n]", text[pos:pos + 40])
        if rest is None or rest.group() not in "，,":
            return          # the sentence ends with the first names' work
        pos += rest.start()         # 由X负责业务指导，Y、Z配合: on after the first names' work
    if text[pos:pos + 1] in ("，", ",", "、"):
        pos += 1
    if text.startswith(lex["joins"], pos):
        word = next(w for w in lex["joins"] if text.startswith(w, pos))
        note.units += _names_ahead(text, pos + len(word), "cooperating", note)
        return
    window_end = min(len(text), pos + lex["max_sentence_names"])
    stop = re.search(r"[，,。；;！？!?\n]", text[pos:window_end])
    seg_end = pos + stop.start() if stop else window_end
    role, names_end = _role_at_end(text, pos, seg_end)
    if role is None:
        second = lex["clause"].match(text, pos, seg_end)     # 由X负责项目实施，Y负责资金监管
        if second and second.group("verb") == "负责":
            by = text.rfind("由", pos, second.start("verb"))
            if by > pos and text[by - 1] not in lex["by_not_after"]:
                pos = by + 1                                  # 驻济高校由省委教育工委负责…: after 由
            role, names_end = "responsible", _without_adverb(text, pos, second.start("verb"))
    if role is None:
        joined = _COOPERATING_VERB.search(text, pos, seg_end)     # 由X负责…，Y配合完成…
        if joined and joined.start() > pos:
            role, names_end = "cooperating", joined.start()
    if role and role != "lead":
        units = _names(text, pos, names_end, role)
        if units and _all_bodies([name for name, _, _ in units]):
            note.units += units
            note.end = seg_end


def _names_ahead(text: str, pos: int, role: str, note: Note) -> list[Unit]:
    """The list of names right after 会同/联合 (会同Y、Z等部门对…): names up to the first word that
    is no part of a name once a name's head is reached; extends *note* over them."""
    lex = _lexicon()
    window_end = min(len(text), pos + lex["max_sentence_names"])
    stop = re.search(r"[，,。；;：:！？!?\n]", text[pos:window_end])
    window_end = pos + stop.start() if stop else window_end
    units: list[Unit] = []
    for piece_start, piece_end, _ in _pieces(text, pos, window_end):
        end = _name_end(text, piece_start, piece_end)
        if end is None:
            break
        units += _names(text, piece_start, end, role)
        note.end = max(note.end, end)
        if end < piece_end:
            break
    return units


def _name_end(text: str, start: int, end: int) -> int | None:
    """Where the name opening text[start:end] ends: after the last head it reaches before a word
    that cannot be part of a name (倒排, 对, 每季, 等); None when it reaches no head."""
    lex = _lexicon()
    pos, head_end = start, None
    for token in tokens(text[start:end]):
        word = token.word
        if head_end is not None and not (token.flag.startswith(lex["name_tags"]) or word in "（）()"):
            break
        if word.startswith("等") and head_end is not None:
            break
        pos += len(word)
        if pos - start > lex["max_name"]:
            break
        if _ends_with_head(text[start:pos]):
            head_end = pos
    return head_end


def _subject(text: str, start: int, end: int) -> Span:
    """A sentence's subject without the item marker or 一是 opening it."""
    lex = _lexicon()
    m = lex["numbering"].match(text, start, end) or lex["marker_start"].match(text, start, end) \
        or ARTICLE.match(text, start, end)
    if m:
        start = m.end()
    if text[start:start + 1] in OPENING and not any(ch in CLOSING for ch in text[start:end]):
        start += 1          # （X负责，Y配合 whose bracket never closes
    opener = next((w for w in lex["subject_openers"] if text.startswith(w, start)), "")
    start += len(opener)
    return _strip(text, start, end)


def _done(text: str, start: int, end: int) -> bool:
    """The sentence holding text[start:end] reports work already done (…制定了, 已…)."""
    stop = re.search(r"[。！？!?\n]", text[end:end + 200])
    sentence_end = end + stop.start() if stop else min(len(text), end + 200)
    return bool(_lexicon()["done"].search(text, start, sentence_end))


# ---------------------------------------------------------------- names

def _pieces(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Parts of text[start:end] between 、，；, brackets kept whole; the flag says a ，/； (not
    、) comes before the part."""
    return [(a, b, brk) for a, b, brk in _split_outside_brackets(text, start, end, SEPARATORS) if a < b]


def _names(text: str, start: int, end: int, role: str, field_value: bool = False) -> list[Unit]:
    """(name, role, offset) of the names listed in text[start:end]: a role word ending a part
    of the list (X牵头，Y、Z等部门分工负责) or a note after a name (县住建局（牵头）) gives its
    role; 等部门 endings are dropped; a collective (各区、县级市) is one name. In a field's value,
    a part after ； that names no body ends the list (…；2021年底前完成)."""
    lex = _lexicon()
    segments: list[list[Span]] = []
    for a, b, new_segment in _pieces(text, start, end):
        if new_segment or not segments:
            segments.append([])
        segments[-1].append((a, b))
    units: list[Unit] = []
    collective = False
    for segment in segments:
        last_start, last_end = segment[-1]
        seg_role, names_end = _role_at_end(text, last_start, last_end)
        segment[-1] = (last_start, names_end)
        for a, b in segment:
            name, at, name_role = _clean(text, a, b)
            if not name:
                continue
            if field_value and units and segment is not segments[0] and not _is_body(name) and \
                    text[a - 1:a] in "；;":
                return units
            unit_role = name_role or seg_role or role
            if collective and lex["collective"].fullmatch(name):
                prev_name, prev_role, prev_at = units[-1]
                units[-1] = (text[prev_at:at + len(name)], prev_role, prev_at)
                continue
            collective = name.startswith(lex["collective_opener"]) and \
                bool(lex["levels"].fullmatch(name[len(lex["collective_opener"]):]))
            if len(name) > lex["max_body"]:
                name = _first_body(name)
                if not name:
                    continue
            units.append((name, unit_role, at))
    return units


def _clean(text: str, start: int, end: int) -> tuple[str, int, str | None]:
    """A name without spaces, punctuation, a role word, 等部门 or a role note after it: (name,
    offset, role the note or role word gives)."""
    lex = _lexicon()
    start, end = _strip(text, start, end)
    start, end = _balanced(text, start, end)
    name, role = text[start:end], None
    note = re.search(r"[（(]([^（）()]{1,8})[）)]$", name)
    if note and note.group(1) in lex["role_of_word"]:
        role = lex["role_of_word"][note.group(1)]
        name = name[:note.start()]
    for word in lex["role_words"] if name.endswith(lex["role_word_ends"]) else ():
        if name.endswith(word) and len(name) > len(word) + 1:
            role = role or lex["role_of_word"][word]
            name = name[:-len(word)]
            break
    trailing = lex["trailing"].search(name, max(0, len(name) - 16))
    if trailing and trailing.start() > 1:
        name = name[:trailing.start()]
    name = name.rstrip(STRIPPED + "、，,；;")
    return name, start, role


def _balanced(text: str, start: int, end: int) -> Span:
    """Without a closing bracket it does not open at the end (a value read up to the bracket
    closing its note: 区水利局等部门）) or an opening one it does not close at the start."""
    opening = sum(text.count(c, start, end) for c in OPENING)
    closing = sum(text.count(c, start, end) for c in CLOSING)
    while end > start and text[end - 1] in CLOSING and closing > opening:
        end, closing = end - 1, closing - 1        # counted once: a run of brackets stays linear
    while start < end and text[start] in OPENING and opening > closing:
        start, opening = start + 1, opening - 1
    return _strip(text, start, end)


def _first_body(name: str) -> str | None:
    """The first body of a run of names without separators (a list running into a signature:
    区整治领导小组办公室平潭综合实验区农业农村局…)."""
    bodies = find_bodies(name[:_lexicon()["max_name"] * 2])
    if len(bodies) < 2:
        return None
    return bodies[0][2] if bodies and bodies[0][0] == 0 else None


def _leaders(text: str, start: int, end: int) -> list[Leader]:
    """People named in a leaders' field, without phone numbers, 同志, a post in brackets after
    the name (张三（副市长）) or the posts before it (镇党委委员、副镇长邵文斌 is one person)."""
    found = []
    pieces = list(_pieces(text, start, end))
    for k, (a, b, _) in enumerate(pieces):
        a, b = _strip(text, a, b)
        name = re.sub(r"[（(][^（）()]{1,12}[）)]$", "", PHONE.sub("", text[a:b])).strip()
        for word in _lexicon()["leader_trailing"]:
            if name.endswith(word) and len(name) > len(word):
                name = name[:-len(word)]
        post = _after_post(name)
        if post == len(name) and k + 1 < len(pieces):
            continue                # a post of the person named next
        if 0 < post < len(name):
            a, name = a + text[a:b].find(name) + post, name[post:]
        if name:
            found.append((name, a))
    return found


def _person_named(text: str, start: int, end: int) -> Leader | None:
    """(name, start) of the person a 由… note names by post and name (由副县长郑宏远牵头: a leader,
    GUIDE's 牵头领导), or None: a post alone (由县长牵头) or no post names no one."""
    subject = text[start:end]
    for word in _lexicon()["leader_trailing"]:          # 由分管副市长李明同志负责
        if subject.endswith(word) and len(subject) > len(word):
            subject = subject[:-len(word)]
    cut = _after_post(subject)
    if 0 < cut < len(subject) and len(subject) - cut <= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in subject[cut:]):
        return subject[cut:], start + cut
    return None


def _after_post(name: str) -> int:
    """Where the name starts after the posts written before it (镇党委副书记周立群 → 6), 0 when
    none comes first; len(name) when the piece is a post alone."""
    lex = _lexicon()
    cut = 0
    for m in lex["post"].finditer(name):
        cut = m.end()
    rest = len(name) - cut
    if cut and (rest == 0 or 2 <= rest <= 4):
        return cut
    return 0


def _ends_with_head(name: str) -> bool:
    lex = _lexicon()
    name = re.sub(r"[（(][^（）()]{1,12}[）)]$", "", name)
    return name.endswith(lex["heads"]) and not name.endswith(lex["false_heads"])


def _is_body(name: str) -> bool:
    """A name that ends in a body's head word and holds no word a name never holds."""
    lex = _lexicon()
    if not 2 <= len(name) <= lex["max_name"] or not _ends_with_head(name):
        return False
    return _plain(name)


def _plain(name: str) -> bool:
    """No word a name never holds, no task verb opening it, brackets balanced."""
    lex = _lexicon()
    if sum(name.count(ch) for ch in OPENING) != sum(name.count(ch) for ch in CLOSING):
        return False
    words = [token.word for token in tokens(name)]
    return bool(words) and words[0] not in lex["not_in_names"] and words[0] not in lex["not_first"] and \
        not any(len(w) > 1 and w in lex["not_in_names"] for w in words)


def _all_bodies(names: list[str], short_ok: bool = False) -> bool:
    """Every name is a body; names before the last may be short names sharing its head
    (山东、江苏、浙江公司). With *short_ok* (a role word in brackets vouches for the names:
    （省残联牵头负责）) the last may be any short plain name."""
    if not names:
        return False
    last = names[-1]
    if not (_is_body(last) or (short_ok and len(last) <= 8 and _plain(last))):
        return False
    return all(_is_body(n) or (len(n) <= 6 and _plain(n)) for n in names[:-1])


# ---------------------------------------------------------------- helpers

def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " \t\u3000\n":
        pos += 1
    return pos


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in STRIPPED + "\n、，,；;":
        start += 1
    while end > start and text[end - 1] in STRIPPED + "\n、，,；;":
        end -= 1
    return start, end


class _Taken:
    """Spans of the notes read so far, sorted by start, searched by bisection (linear overall)."""

    def __init__(self, spans: list[Span]):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def holds(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.spans[i][1]

    def next_start(self, pos: int, default: int) -> int:
        i = bisect.bisect_right(self.starts, pos)
        return self.starts[i] if i < len(self.starts) else default

    def add(self, span: Span) -> None:
        i = bisect.bisect_right(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.spans.insert(i, span)
