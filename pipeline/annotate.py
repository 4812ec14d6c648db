"""Stages that run the grammars over the notice and keep their matches as span groups.

Grammars (extractors/) are plain functions over strings; these components decide where
each one runs (a paragraph, an item's 完成时限 field, the whole text) and store what it
found as `Span`s in normalized coordinates. Records are made from them in one place,
pipeline/assemble.py.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re

from taizhang.extractors import deadlines as deadline_grammar
from taizhang.extractors import figures as figure_grammar
from taizhang.extractors import units as unit_grammar
from taizhang.pipeline.components import component
from taizhang.pipeline.notice import Span

SENTENCE_END = re.compile(r"[。；;！？!?]")


def roc(notice) -> bool:
    """Whether the notice counts years by the 民国 era (then a bare 110年 is 2021)."""
    found = notice.__dict__.get("_roc")
    if found is None:
        from taizhang.extractors.dates import is_roc_text

        found = notice.__dict__["_roc"] = is_roc_text(notice.text[:200_000])
    return found


def base_date(notice) -> dt.date | None:
    """The notice's own date (成文日期, else 印发日期, else a web page's date)."""
    return dt.date.fromisoformat(notice.fields.date) if notice.fields.date else None


@component("as_of", requires=("text", "paragraphs", "fields"), assigns=("spans.as_of",))
def as_of_stage(notice) -> None:
    """截至… dates, paragraph by paragraph (figures take theirs; deadlines must not overlap them)."""
    base, text, found = base_date(notice), notice.text, []
    for start, end in notice.paragraphs:
        for a in deadline_grammar.find_as_of(text[start:end], base, roc=roc(notice)):
            found.append(Span(start + a["start"], start + a["end"], a))
    notice.spans["as_of"] = found


def _in(spans: list[Span], start: int, end: int, starts: list[int] | None = None) -> list[Span]:
    """The spans (sorted by start) that start inside [start, end); *starts*: their starts, if known."""
    starts = [s.start for s in spans] if starts is None else starts
    return spans[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def _relative(spans: list[Span], offset: int) -> list[dict]:
    return [dict(s.data, start=s.start - offset, end=s.end - offset) for s in spans]


@component("deadlines", requires=("text", "paragraphs", "fields", "spans.item", "spans.as_of"),
           assigns=("spans.deadline",))
def deadlines_stage(notice) -> None:
    """完成时限 fields parsed whole (with milestones); elsewhere, time limits in running text."""
    text, base, era = notice.text, base_date(notice), roc(notice)
    fields = sorted({(s, e, item.base_date or base) for item in notice.items
                     for s, e, _ in item.fields.get("deadline", [])}, key=lambda f: (f[0], f[1]))
    field_starts = [s for s, _, _ in fields]
    found, as_of_all = [], notice.spans["as_of"]
    as_of_starts = [a.start for a in as_of_all]
    for start, end in notice.paragraphs:
        here, field_spans = [], []
        for f_start, f_end, f_base in fields[bisect.bisect_left(field_starts, start):
                                             bisect.bisect_left(field_starts, end)]:
            field_spans.append((f_start, f_end))
            here += [(f_start, d, True)
                     for d in deadline_grammar.parse_deadline_field(text[f_start:f_end], f_base, roc=era)]
        # running text beside the fields (a flattened item: 整改措施：…确保年底前…完成时限：…)
        as_of = _relative(_in(as_of_all, start, end, as_of_starts), start)
        here += [(start, d, False) for d in deadline_grammar.find_deadlines(text[start:end], base, as_of=as_of, roc=era)
                 if not any(f_s < start + d["end"] and start + d["start"] < f_e for f_s, f_e in field_spans)]
        here.sort(key=lambda found: found[0] + found[1]["start"])
        for offset, d, in_field in here:
            found.append(Span(offset + d["start"], offset + d["end"], dict(d, in_field=in_field)))
    if base is None and found:
        found = _with_year_of_limits(notice, found, era)
    notice.spans["deadline"] = found


#: A time limit written with its year (2021年11月10日前, 2022年底前).
_WITH_YEAR = re.compile(r"(?:19|20)[0-9]{2}\s*年")
#: A month and day with no year, and no period counted from a start (三个月内).
_YEARLESS_DAY = re.compile(r"^[^年内]*月[^年内]*$")
_MONTH = re.compile("月")


def _with_year_of_limits(notice, found: list[Span], era: bool) -> list[Span]:
    """A notice with no date of its own (an undated report): its month-and-day limits (10月中旬,
    11月6日至11月15日) fall in the year of its first limit written with a year, which they lead
    up to; periods counted from a start stay unresolved, having none."""
    year = next((int(_WITH_YEAR.search(s.data["raw"]).group()[:4]) for s in found
                 if s.data.get("date") and _WITH_YEAR.search(s.data["raw"])), None)
    if year is None:
        return found
    text, start_of_year = notice.text, dt.date(year, 1, 1)
    undated = {(s.start, s.end): k for k, s in enumerate(found) if s.data.get("date") is None}
    taken = [(s.start, s.end) for s in found]
    found, added = list(found), []
    for start, end in notice.paragraphs:
        if not any(start <= a < end for a, _ in undated) and not _MONTH.search(text, start, end):
            continue
        for d in deadline_grammar.find_deadlines(text[start:end], start_of_year, roc=era):
            a, b = start + d["start"], start + d["end"]
            if not (d["kind"] == "date" and d.get("date") and _YEARLESS_DAY.match(d["raw"])):
                continue
            data = dict(d, base_date=None, in_field=False, warning=None)
            if (a, b) in undated:
                found[undated[(a, b)]] = Span(a, b, dict(found[undated[(a, b)]].data, date=d["date"]))
            elif not any(x < b and a < y for x, y in taken):
                added.append(Span(a, b, data))
    return sorted(found + added, key=lambda s: (s.start, s.end)) if added else found


@component("figures", requires=("text", "paragraphs", "spans.as_of"), assigns=("spans.figure",))
def figures_stage(notice) -> None:
    """Every figure, with the as-of date of a 截至… earlier in its sentence."""
    text, found = notice.text, []
    as_of_all = notice.spans["as_of"]
    as_of_starts = [a.start for a in as_of_all]
    for start, end in notice.paragraphs:
        paragraph = text[start:end]
        figures = figure_grammar.find_figures(paragraph)
        if not figures:
            continue
        as_of = _in(as_of_all, start, end, as_of_starts)
        relative = [a.start - start for a in as_of]
        sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(paragraph)]
        for f in figures:
            f["as_of"] = _as_of_for(f["start"], sentence_starts, as_of, relative)
            found.append(Span(start + f["start"], start + f["end"], f))
    notice.spans["figure"] = found


def _as_of_for(pos: int, sentence_starts: list[int], as_of: list[Span], starts: list[int]) -> str | None:
    """The last 截至 date before *pos* within the same sentence (paragraph offsets; *starts*
    are the as-of spans' starts in them)."""
    sentence_start = sentence_starts[bisect.bisect_right(sentence_starts, pos) - 1]
    i = bisect.bisect_left(starts, pos) - 1
    if i >= 0 and starts[i] >= sentence_start:
        return as_of[i].data["date"]
    return None


@component("units", requires=("text", "spans.item"), assigns=("spans.unit",))
def units_stage(notice) -> None:
    """Units an item's notes and fields charge (with their role), then bodies named in running
    text (role mentioned), once per section: a body named ten times in a section is one record."""
    found, taken = [], []
    for item in notice.items:
        for role in ("lead", "responsible", "cooperating"):
            taken += [(s, e) for s, e, _ in item.fields.get(role, [])]
        taken += item.note_spans
        found += [Span(s, s + len(name), {"name": name, "role": role}) for name, role, s in item.units]
    taken.sort()
    starts = [a for a, _ in taken]
    seen: set[tuple] = set()
    for s, e, name in unit_grammar.find_bodies(notice.text):
        i = bisect.bisect_right(starts, s) - 1
        if any(a <= s < b for a, b in taken[max(0, i - 3):i + 1]):
            continue
        section = notice.section_at(s)
        key = (section.index if section is not None else None, name)
        if key in seen:
            continue
        seen.add(key)
        found.append(Span(s, e, {"name": name, "role": "mentioned"}))
    found.sort(key=lambda span: span.start)
    notice.spans["unit"] = found
