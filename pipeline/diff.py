"""Compare two versions of one notice record by record: what was added, removed and changed.

Ids and spans are positional (`…/i2`, offsets) and shift with any edit, so records are
paired by what they say, never by where they sit. Types are matched parents first
(document, sections depth by depth, issues, then deadlines, figures and units), so a
record's context — its parent section or issue — is already known in the new version's
terms when the record itself is paired. Each type runs a list of passes over the records
still unpaired: exact keys first (cheap dict look-ups), then fuzzy similarity of titles or
raw text (rapidfuzz, in C) on the few leftovers only.
"""
from __future__ import annotations

import json
from collections import defaultdict, deque
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Callable, Iterable

from taizhang.schemas.records import RECORD_TYPES

#: Never compared: positional, per-run, or provenance of the file rather than its content.
#: `ordinal` is the marker read as a number; the marker itself is compared.
IGNORED = {"type", "id", "doc_id", "span", "source", "encoding", "warnings", "figures", "ordinal"}
#: Fields holding ids: compared through the matching (same context or not), never as strings.
REFS = tuple(dict.fromkeys(f for t in RECORD_TYPES.values() for f in t.context))
TYPE_ORDER = tuple(RECORD_TYPES)
#: Types whose records sit inside an issue: identical raw text is common there, so context weighs more.
CHILD_TYPES = tuple(name for name, t in RECORD_TYPES.items() if "issue" in t.context)

#: Similarity (0–100, rapidfuzz ratio) needed to pair leftovers: inside one context
#: (same section or issue) a reworded title or a changed date is still close; across
#: contexts only a near-identical title counts as the same item moved.
CUTOFF_IN_CONTEXT = 60
CUTOFF_ANYWHERE = 80
#: Above this many comparisons a fuzzy pass is skipped: so many leftovers is a rewrite,
#: not light rewording, and an added/removed report is honest there.
MAX_COMPARISONS = 2_000_000

NO_SECTION = "(before the first heading)"
DOCUMENT_GROUP = "(document)"
SEP = " › "


@dataclass
class Change:
    """One line of the diff; `group`, `label` and `order` only serve the readable report."""

    change: str                 # added / removed / changed
    type: str
    key: str
    field: str | None
    before: object
    after: object
    group: str = ""
    label: str = ""
    order: tuple = dataclass_field(default=(), repr=False)
    record: int = dataclass_field(default=0, repr=False)      # which record: one record, many field lines

    def as_json(self) -> dict:
        return {"change": self.change, "type": self.type, "key": self.key, "field": self.field,
                "before": self.before, "after": self.after}


# ---------------------------------------------------------------- reading

def read_records(path: Path) -> list[dict]:
    """Records of a .jsonl output, or extracted from a notice file."""
    if path.suffix.lower() == ".jsonl":
        records = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}: line {number} is not JSON ({exc.msg})") from None
        if any(not isinstance(r, dict) or "type" not in r for r in records):
            raise ValueError(f"{path}: not taizhang records (a line without 'type')")
        return records
    from taizhang.pipeline.run import extract

    return [record.model_dump(mode="json") for record in extract(path)]


# ---------------------------------------------------------------- one version

class Version:
    """The records of one version, with the section paths that name them in the report."""

    def __init__(self, records: list[dict]):
        self.records = records
        self.by_id = {r["id"]: r for r in records if r.get("id") is not None}
        self.by_type: dict[str, list[dict]] = defaultdict(list)
        for record in sorted(records, key=_position):
            self.by_type[record.get("type")].append(record)
        self._paths: dict[str | None, str] = {}
        self._values: dict[int, dict] = {}

    def values(self, record: dict) -> dict:
        """`compared(record)`, computed once per record."""
        found = self._values.get(id(record))
        if found is None:
            found = self._values[id(record)] = compared(record, self)
        return found

    def path(self, section_id: str | None) -> str:
        """`三、整改任务 › (一)减税降费… › 1.“部分工程类…`: the chain of headings down to a section."""
        if section_id not in self._paths:
            section = self.by_id.get(section_id) if section_id else None
            if section is None:
                self._paths[section_id] = NO_SECTION
            else:
                label = section.get("marker", "") + short(section.get("title") or "")
                parent = section.get("parent")
                if parent and parent in self.by_id and parent != section_id:
                    label = self.path(parent) + SEP + label
                elif section.get("part"):
                    label = f"附件{section['part']}" + SEP + label
                self._paths[section_id] = label
        return self._paths[section_id]

    def group(self, record: dict) -> str:
        """The section a record is reported under."""
        kind = record.get("type")
        if kind == "document":
            return DOCUMENT_GROUP
        return self.path(record.get("id") if kind == "section" else record.get("section"))

    def label(self, record: dict) -> str:
        """What names a record inside its section (empty when the section path says it all)."""
        kind = record.get("type")
        field = RECORD_TYPES[kind].label if kind in RECORD_TYPES else None
        if field is None:
            return ""
        if kind == "document":
            return short(record.get(field) or "", 24)
        if kind == "issue":
            section = self.by_id.get(record.get("section") or "")
            title = record.get(field) or ""
            return "" if section and section.get("title") == title else short(title)
        return str(record.get(field) or "")

    def key(self, record: dict) -> str:
        """The record's identity for `--json`: section path, enclosing issue, label."""
        if record.get("type") == "document":
            return record.get("doc_key") or ""
        parts = [self.group(record)]
        issue = self.by_id.get(record.get("issue") or "")
        if issue is not None and self.label(issue):
            parts.append(self.label(issue))
        if self.label(record):
            parts.append(self.label(record))
        return SEP.join(parts)

    def describe(self, ref_field: str, ref: str | None) -> str | None:
        """A context (section or issue id) in words, for a record that moved."""
        if ref is None:
            return None
        if ref_field == "issue" and ref in self.by_id:
            return self.key(self.by_id[ref])
        return self.path(ref)


def short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _position(record: dict) -> int:
    span = record.get("span") or (0, 0)
    return span[0] if record.get("type") != "document" else -1


# ---------------------------------------------------------------- what is compared

def compared(record: dict, version: Version) -> dict:
    """The fields of a record that say something, normalized for comparison."""
    values = {k: v for k, v in record.items() if k not in IGNORED and k not in REFS}
    if record.get("type") == "issue" and isinstance(values.get("text"), str):
        values["text"] = _without_marker(values["text"], version.by_id.get(record.get("section") or ""))
    return values


def _without_marker(text: str, section: dict | None) -> str:
    """An item's text starts with its number (`2.`): renumbering is the section's change, once."""
    marker = (section or {}).get("marker")
    return text[len(marker):] if marker and text.startswith(marker) else text


def signature(values: dict) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def identity(record: dict) -> tuple:
    """The fields that name the same record in two versions (RECORD_TYPES)."""
    kind = RECORD_TYPES.get(record.get("type"))
    return tuple(record.get(f) for f in kind.identity) if kind else ()


def similarity_text(record: dict) -> str:
    """The text whose similarity says two records are one: a title, a raw deadline, a name."""
    kind = RECORD_TYPES.get(record.get("type"))
    if kind is None:
        return str(record.get("raw") or "")
    text = " ".join(str(record.get(f) or "") for f in kind.similarity)
    if not text and record.get("type") in ("section", "issue"):
        return (record.get("text") or "")[:200]
    return text


def context_of(record: dict) -> tuple[str, str | None]:
    """(field, id) of the record's enclosing record: the first of its type's context fields that
    is set (an issue, else the section), or the last one when none is."""
    kind = RECORD_TYPES.get(record.get("type"))
    fields = kind.context if kind and kind.context else ("section",)
    for field in fields:
        if record.get(field):
            return field, record.get(field)
    return fields[-1], None


# ---------------------------------------------------------------- matching

class Matcher:
    """Pairs old records with new ones, type by type."""

    def __init__(self, old: Version, new: Version):
        self.old, self.new = old, new
        self.new_of: dict[int, dict] = {}        # id(old record) → its new record
        self.id_map: dict[str, str] = {}         # old record's id field → new record's

    def mapped_context(self, record: dict):
        """The old record's context in new ids; an unmatched context maps to nothing new."""
        _, ref = context_of(record)
        if ref is None:
            return None
        return self.id_map.get(ref, ("gone", ref))

    def run(self) -> list[tuple[dict | None, dict | None]]:
        """All records as (old, new) pairs; None on one side for removed or added."""
        for kind in sorted(set(self.old.by_type) | set(self.new.by_type), key=_type_rank):
            olds, news = self.old.by_type.get(kind, []), self.new.by_type.get(kind, [])
            if kind == "section":
                self._match_sections(olds, news)
            else:
                self._match(olds, news, kind)
        return self._result()

    def _match_sections(self, olds: list[dict], news: list[dict]) -> None:
        """Depth by depth, so a section's parent is paired before the section."""
        old_depth, new_depth = _depths(olds), _depths(news)
        for depth in range(max(list(old_depth.values()) + list(new_depth.values()) + [0]) + 1):
            self._match([r for r in olds if old_depth[id(r)] == depth],
                        [r for r in news if new_depth[id(r)] == depth], "section")
        self._match(olds, news, "section")      # what changed depth

    def _match(self, olds: list[dict], news: list[dict], kind: str) -> None:
        """Run the type's passes over the records of *olds* and *news* not yet paired."""
        old_left = [r for r in olds if id(r) not in self.new_of]
        taken = set(map(id, self.new_of.values()))
        new_left = [r for r in news if id(r) not in taken]
        old_ctx = {id(r): self.mapped_context(r) for r in old_left}
        new_ctx = {id(r): context_of(r)[1] for r in new_left}
        old_sig = {id(r): signature(self.old.values(r)) for r in old_left}
        new_sig = {id(r): signature(self.new.values(r)) for r in new_left}
        keys = {  # pass name → (key of an old record, key of a new record)
            "same context, same content": (lambda r: (old_ctx[id(r)], old_sig[id(r)]),
                                           lambda r: (new_ctx[id(r)], new_sig[id(r)])),
            "same context, same identity": (lambda r: (old_ctx[id(r)], identity(r)),
                                            lambda r: (new_ctx[id(r)], identity(r))),
            "same content": (lambda r: old_sig[id(r)], lambda r: new_sig[id(r)]),
            "same identity": (identity, identity),
        }
        if kind in CHILD_TYPES:     # identical raw text is common there: the context weighs more
            passes = ["same context, same content", "same context, same identity", "similar in context",
                      "same content", "same identity"]
        else:                       # an identical title elsewhere is the same item, moved
            passes = ["same context, same content", "same context, same identity", "same content",
                      "same identity", "similar in context", "similar anywhere"]
        for name in passes:
            if not old_left or not new_left:
                break
            if name in keys:
                found = _exact(old_left, new_left, *keys[name])
            else:
                found = self._fuzzy(old_left, new_left, old_ctx, new_ctx, name == "similar in context")
            for old, new in found:
                self._pair(old, new)
            paired_old = {id(o) for o, _ in found}
            paired_new = {id(n) for _, n in found}
            old_left = [r for r in old_left if id(r) not in paired_old]
            new_left = [r for r in new_left if id(r) not in paired_new]

    def _pair(self, old: dict, new: dict) -> None:
        self.new_of[id(old)] = new
        if old.get("id") is not None and new.get("id") is not None:
            self.id_map[old["id"]] = new["id"]

    def _fuzzy(self, olds, news, old_ctx, new_ctx, same_context: bool):
        """Greedy best-first pairing of leftovers by similarity, within a context or anywhere."""
        if same_context:
            buckets: dict[object, tuple[list, list]] = defaultdict(lambda: ([], []))
            for r in olds:
                buckets[old_ctx[id(r)]][0].append(r)
            for r in news:
                key = new_ctx[id(r)]
                if key in buckets:
                    buckets[key][1].append(r)
            found = []
            for bucket_old, bucket_new in buckets.values():
                if bucket_new:
                    found += _greedy(bucket_old, bucket_new, CUTOFF_IN_CONTEXT, None, None)
            return found
        kind = (olds or news)[0].get("type")
        if kind not in ("section", "issue"):
            return []       # a number or a unit name alone does not identify a record elsewhere
        return _greedy(olds, news, CUTOFF_ANYWHERE, old_ctx, new_ctx)

    def _result(self) -> list[tuple[dict | None, dict | None]]:
        matched_new = set(map(id, self.new_of.values()))
        result = [(r, self.new_of.get(id(r))) for r in self.old.records]
        return result + [(None, r) for r in self.new.records if id(r) not in matched_new]


def _type_rank(kind: str) -> int:
    return TYPE_ORDER.index(kind) if kind in TYPE_ORDER else len(TYPE_ORDER)


def _depths(sections: list[dict]) -> dict[int, int]:
    """Depth of each section in its version's tree (0 for a top-level one)."""
    by_id = {r.get("id"): r for r in sections}
    depths: dict[int, int] = {}
    for record in sections:
        depth, seen, parent = 0, {record.get("id")}, record.get("parent")
        while parent in by_id and parent not in seen:
            seen.add(parent)
            depth += 1
            parent = by_id[parent].get("parent")
        depths[id(record)] = depth
    return depths


def _exact(olds: list[dict], news: list[dict], old_key, new_key) -> list[tuple[dict, dict]]:
    """Pair records with equal keys, in document order when a key repeats."""
    waiting: dict[object, deque] = defaultdict(deque)
    for record in news:
        waiting[new_key(record)].append(record)
    found = []
    for record in olds:
        queue = waiting.get(old_key(record))
        if queue:
            found.append((record, queue.popleft()))
    return found


def _greedy(olds, news, cutoff, old_ctx, new_ctx) -> list[tuple[dict, dict]]:
    """All pairs above *cutoff*, best first; ties go to the same context, then to nearby order."""
    if len(olds) * len(news) > MAX_COMPARISONS:
        return []
    from rapidfuzz import fuzz, process

    choices = [similarity_text(r) for r in news]
    candidates = []
    for i, record in enumerate(olds):
        for _, score, j in process.extract(similarity_text(record), choices, scorer=fuzz.ratio,
                                           score_cutoff=cutoff, limit=None):
            same = old_ctx is None or old_ctx[id(record)] == new_ctx[id(news[j])]
            candidates.append((-score, not same, abs(i - j), i, j))
    candidates.sort()
    used_old, used_new, found = set(), set(), []
    for _, _, _, i, j in candidates:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            found.append((olds[i], news[j]))
    return found


# ---------------------------------------------------------------- changes

def diff_records(old_records: list[dict], new_records: list[dict]) -> list[Change]:
    """Every added, removed and changed record between two versions, in document order."""
    old, new = Version(old_records), Version(new_records)
    matcher = Matcher(old, new)
    pairs = matcher.run()
    order_of_removed = _removed_positions(old, matcher)
    changes: list[Change] = []
    for number, (before, after) in enumerate(pairs):
        if before is None:
            found = [_whole("added", after, new, (_position(after), 0, 0))]
        elif after is None:
            found = [_whole("removed", before, old, order_of_removed[id(before)])]
        else:
            found = _field_changes(before, after, old, new, matcher)
        for change in found:
            change.record = number
        changes += found
    changes.sort(key=lambda c: c.order)
    return changes


def _removed_positions(old: Version, matcher: Matcher) -> dict[int, tuple]:
    """A removed record sorts right after the new place of the last kept record before it."""
    positions, last = {}, -1
    for record in sorted(old.records, key=_position):
        counterpart = matcher.new_of.get(id(record))
        if counterpart is not None:
            last = _position(counterpart)
        else:
            positions[id(record)] = (last, 1, _position(record))
    return positions


def _whole(change: str, record: dict, version: Version, order: tuple) -> Change:
    values = {k: v for k, v in record.items() if k not in IGNORED and k not in REFS}
    before, after = (values, None) if change == "removed" else (None, values)
    return Change(change, record.get("type", "?"), version.key(record), None, before, after,
                  group=version.group(record), label=version.label(record), order=order)


def _field_changes(before: dict, after: dict, old: Version, new: Version, matcher: Matcher) -> list[Change]:
    """Field by field; an issue's `text` only when nothing more precise changed."""
    a, b = old.values(before), new.values(after)
    fields = [f for f in dict.fromkeys([*a, *b]) if a.get(f) != b.get(f)]
    if after.get("type") == "issue" and fields != ["text"] and "text" in fields:
        fields.remove("text")
    found = [(f, before.get(f), after.get(f)) for f in fields]
    ref_field, new_ref = context_of(after)
    if ref_field == "section" and context_of(before)[0] == "issue":
        ref_field = "issue"
    if matcher.mapped_context(before) != new_ref:
        found.append((ref_field, old.describe(ref_field, context_of(before)[1]),
                      new.describe(ref_field, new_ref)))
    if not found:
        return []
    kind, key = after.get("type", "?"), new.key(after)
    group, label, order = new.group(after), new.label(after), (_position(after), 0, 0)
    return [Change("changed", kind, key, f, x, y, group=group, label=label, order=order)
            for f, x, y in found]


def summary(changes: Iterable[Change]) -> dict[str, int]:
    """How many records were added, removed and changed (not how many fields)."""
    counts = {"added": 0, "removed": 0, "changed": 0}
    for change, _ in {(c.change, c.record) for c in changes}:
        counts[change] += 1
    return counts


# ---------------------------------------------------------------- readable report

MARKS = {"added": ("+", "green"), "removed": ("-", "red"), "changed": ("~", "yellow")}


def report_lines(changes: list[Change], style: Callable[..., str] = lambda text, **_: text) -> list[str]:
    """The report grouped by section, one line per change; *style* may add terminal colours."""
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.group, []).append(change)
    lines: list[str] = []
    for group, members in groups.items():
        lines.append(style(group, bold=True))
        for change in members:
            mark, colour = MARKS[change.change]
            subject = f"{mark} {change.type}" + (f" {change.label}" if change.label else "")
            lines.append("  " + style(subject, fg=colour) + "  " + _detail(change))
    return lines


def _detail(change: Change) -> str:
    if change.field is None:
        return _summary_of(change.before if change.change == "removed" else change.after)
    if isinstance(change.before, str) and isinstance(change.after, str):
        old, new = excerpt(change.before, change.after)
    else:
        old, new = show(change.before), show(change.after)
    return f"{change.field}: {old} → {new}"


def _summary_of(values: dict) -> str:
    """A removed or added record in a few words."""
    words = [values.get("title"), values.get("date") or ("raw" in values and values.get("kind")),
             values.get("metric"), values.get("role")]
    return short("; ".join(str(w) for w in words if w), 60)


def show(value, limit: int = 60) -> str:
    """A field value in a line: lists joined with 、, units with their role, long text cut."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return short("、".join(item_text(v) for v in value) or "(none)", limit)
    if isinstance(value, dict):
        return short(json.dumps(value, ensure_ascii=False), limit)
    return short(str(value), limit)


def item_text(value) -> str:
    """A list item in words: a unit with its role, a deadline with its milestone."""
    if isinstance(value, dict):
        if "name" in value:
            return f"{value['name']}({value['role']})" if value.get("role") else str(value["name"])
        if "raw" in value:
            return str(value["raw"]) + (f"({value['milestone']})" if value.get("milestone") else "")
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def common_ends(before: str, after: str) -> tuple[int, int]:
    """How many characters both strings start with, and then end with (never overlapping the
    start), so that what differs is the middle: before[start:len(before) - end]."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return start, end


def excerpt(before: str, after: str, context: int = 10) -> tuple[str, str]:
    """The differing middle of two long strings, with a little context on each side."""
    if len(before) <= 40 and len(after) <= 40:
        return before or "“”", after or "“”"
    start, end = common_ends(before, after)
    lo = max(0, start - context)

    def cut(text: str) -> str:
        hi = min(len(text), len(text) - end + context)
        middle = text[lo:hi]
        return ("…" if lo else "") + short(middle, 60) + ("…" if hi < len(text) else "")

    return cut(before), cut(after)
