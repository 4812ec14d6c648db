"""Assemble the ledger: grammar matches become records linked to their section and issue."""
from __future__ import annotations

import bisect
import datetime as dt
import re

from taizhang.extractors import deadlines as deadline_grammar
from taizhang.extractors import figures as figure_grammar
from taizhang.extractors import issues as issue_finder
from taizhang.extractors import units as unit_finder
from taizhang.pipeline.headings import paragraphs

SENTENCE_END = re.compile(r"[。；;！？!?]")


class Locator:
    """Which section and which issue a normalized position belongs to."""

    def __init__(self, notice, items):
        self.notice = notice
        self.items = sorted(items, key=lambda item: item.start)
        self.starts = [item.start for item in self.items]
        self.ids = {id(item): f"{notice.doc_id}/i{n}" for n, item in enumerate(self.items)}

    def item_at(self, pos: int):
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.items[i].end:
            return self.items[i]
        return None

    def issue_id(self, item) -> str | None:
        return None if item is None else self.ids[id(item)]

    def links(self, pos: int) -> dict:
        return {"section": self.notice.section_id(self.notice.section_at(pos)),
                "issue": self.issue_id(self.item_at(pos))}


def base_date(notice) -> dt.date | None:
    """The notice's own date (成文日期, else 印发日期, else a web page's date)."""
    return dt.date.fromisoformat(notice.fields.date) if notice.fields.date else None


def build(notice) -> list[dict]:
    """Issue, deadline, figure and unit records of *notice*, in that order."""
    items = issue_finder.find_items(notice)
    locate = Locator(notice, items)
    base = base_date(notice)
    deadlines = deadline_records(notice, locate, base)
    figures = figure_records(notice, locate, base)
    units = unit_records(notice, locate)
    issues = issue_records(notice, locate, deadlines, figures)
    records = issues + deadlines + figures + units
    for record in records:
        record.pop("_pos", None)
    return records


def _field_spans(items, name: str):
    return {(start, end) for item in items for start, end, _ in item.fields.get(name, [])}


def deadline_records(notice, locate: Locator, base) -> list[dict]:
    """Every deadline: 完成时限 fields parsed whole (with milestones), running text for dates."""
    text = notice.text
    field_spans = sorted(_field_spans(locate.items, "deadline"))
    field_starts = [s for s, _ in field_spans]
    records = []
    for start, end in paragraphs(text):
        found = []
        first = bisect.bisect_left(field_starts, start)
        for f_start, f_end in field_spans[first:bisect.bisect_left(field_starts, end)]:
            found += [(f_start, d) for d in deadline_grammar.parse_deadline_field(text[f_start:f_end], base)]
        if not found:
            found = [(start, d) for d in deadline_grammar.find_deadlines(text[start:end], base)]
        for offset, d in found:
            s, e = offset + d["start"], offset + d["end"]
            records.append({"type": "deadline", "id": None, "doc_id": notice.doc_id,
                            "span": notice.span(s, e), **locate.links(s),
                            "raw": d["raw"], "kind": d["kind"], "date": d["date"],
                            "milestone": d["milestone"], "base_date": d["base_date"], "_pos": s})
    return _numbered(records, notice.doc_id, "t")


def figure_records(notice, locate: Locator, base) -> list[dict]:
    """Every figure, with the as-of date of a 截至… earlier in its sentence."""
    text = notice.text
    records = []
    for start, end in paragraphs(text):
        paragraph = text[start:end]
        figures = figure_grammar.find_figures(paragraph)
        if not figures:
            continue
        as_of = deadline_grammar.find_as_of(paragraph, base)
        sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(paragraph)]
        for f in figures:
            s, e = start + f["start"], start + f["end"]
            record = {"type": "figure", "id": None, "doc_id": notice.doc_id,
                      "span": notice.span(s, e), **locate.links(s),
                      "raw": f["raw"], "value": f["value"], "value_max": f.get("value_max"),
                      "unit": f["unit"], "base_value": f["base_value"],
                      "base_value_max": f.get("base_value_max"), "base_unit": f["base_unit"],
                      "kind": f["kind"], "approx": f.get("approx"), "metric": f.get("metric"),
                      "as_of": _as_of_for(f["start"], sentence_starts, as_of), "_pos": s}
            records.append(record)
    return _numbered(records, notice.doc_id, "f")


def _as_of_for(pos: int, sentence_starts: list[int], as_of: list[dict]) -> str | None:
    """The last 截至 date before *pos* within the same sentence."""
    sentence_start = sentence_starts[bisect.bisect_right(sentence_starts, pos) - 1]
    i = bisect.bisect_left(as_of, pos, key=lambda a: a["start"]) - 1
    if i >= 0 and as_of[i]["start"] >= sentence_start:
        return as_of[i]["date"]
    return None


def unit_records(notice, locate: Locator) -> list[dict]:
    """Units from 牵头/责任/配合单位 fields (with their role), then bodies named in the text."""
    text = notice.text
    records, taken = [], []
    for item in locate.items:
        for role in ("lead", "responsible", "cooperating"):
            for start, end, value in item.fields.get(role, []):
                taken.append((start, end))
                for (name, unit_role), s in _names_with_offsets(value, start, role):
                    records.append(_unit(notice, locate, s, s + len(name), name, unit_role))
    for s, e, name in unit_finder.find_bodies(text):
        if not any(a <= s < b for a, b in taken):
            records.append(_unit(notice, locate, s, e, name, "mentioned"))
    records.sort(key=lambda r: r["_pos"])
    return _numbered(records, notice.doc_id, "u")


def _names_with_offsets(value: str, start: int, role: str):
    pos = 0
    for name, unit_role in issue_finder.split_units(value, role):
        found = value.find(name, pos)
        if found < 0:
            found = pos
        pos = found + len(name)
        yield (name, unit_role), start + found


def _unit(notice, locate, start: int, end: int, name: str, role: str) -> dict:
    return {"type": "unit", "id": None, "doc_id": notice.doc_id, "span": notice.span(start, end),
            **locate.links(start), "name": name, "role": role, "_pos": start}


def issue_records(notice, locate: Locator, deadlines: list[dict], figures: list[dict]) -> list[dict]:
    text = notice.text
    records = []
    for item in locate.items:
        issue_id = locate.issue_id(item)
        own_deadlines = [d for d in deadlines if d["issue"] == issue_id]
        from_field = [d for d in own_deadlines
                      if any(s <= d["_pos"] < e for s, e, _ in item.fields.get("deadline", []))]
        measures_field = item.fields.get("measures")
        body = text[item.heading.body_start:item.end]
        records.append({
            "type": "issue", "id": issue_id, "doc_id": notice.doc_id,
            "span": notice.span(item.start, item.end), "section": notice.section_id(item.heading),
            "kind": item.kind, "title": item.title, "text": text[item.start:item.end].strip(),
            "problem": issue_finder.quoted_problem(item.title),
            "self_check": _joined(item.fields.get("self_check")),
            "progress": _joined(item.fields.get("progress")),
            "measures": _measures(measures_field, body),
            "leaders": [name for _, _, v in item.fields.get("leaders", []) for name in issue_finder.split_list(v)],
            "units": [{"name": name, "role": unit_role} for role in ("lead", "responsible", "cooperating")
                      for _, _, v in item.fields.get(role, [])
                      for name, unit_role in issue_finder.split_units(v, role)],
            "deadlines": [{key: d[key] for key in ("raw", "kind", "date", "milestone", "base_date")}
                          for d in (from_field or own_deadlines)],
            "figures": [f["id"] for f in figures if f["issue"] == issue_id],
        })
    return records


def _measures(field_values, body: str) -> list[str]:
    """一是/二是 parts of the 整改措施 field (the whole field when it has one measure), else of the text."""
    if field_values:
        value = field_values[0][2]
        return issue_finder.split_measures(value) or [value]
    return issue_finder.split_measures(body)


def _joined(values) -> str | None:
    return "\n".join(v for _, _, v in values) if values else None


def _numbered(records: list[dict], doc_id: str, letter: str) -> list[dict]:
    """Ids in text order (the private `_pos` key is dropped once every link is made)."""
    records.sort(key=lambda r: r["_pos"])
    for n, record in enumerate(records):
        record["id"] = f"{doc_id}/{letter}{n}"
    return records
