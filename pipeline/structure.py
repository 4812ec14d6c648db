"""Stage: the GB/T 9704 elements of a notice (title, 发文字号, 主送, 署名, 成文日期, 版记…).

Works on normalized paragraphs (one per line) and reports, for each element it
found, the normalized span it came from, so that the document record can point
back into the source.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from taizhang.extractors.dates import parse_date
from taizhang.extractors.fields import split_names
from taizhang.pipeline.components import component
from taizhang.pipeline.headings import Heading
from taizhang.pipeline.lexicon import load


@functools.lru_cache(maxsize=1)
def _patterns() -> dict:
    lexicon = load("document")
    compiled = {key: re.compile(value) for key, value in lexicon.items() if isinstance(value, str)}
    compiled["kinds"] = sorted(lexicon["kinds"], key=len, reverse=True)
    compiled["date_line"] = re.compile(load("common")["date_line"])
    return compiled


def _date_line(text: str):
    """A line that is a date alone (not a 印发 line's date)."""
    m = _patterns()["date_line"].match(text)
    return m if m and not m.group("printed") else None


@dataclass
class Line:
    start: int
    end: int
    text: str


@dataclass
class DocumentFields:
    title: str | None = None
    kind: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    recipients: list[str] = field(default_factory=list)
    signed_date: str | None = None
    printed_date: str | None = None
    printed_by: str | None = None
    cc: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    contact: dict | None = None
    warnings: list[dict] = field(default_factory=list)   # spans in normalized offsets

    page_date: str | None = None   # a web page's publication date (debris), as evidence only

    @property
    def date(self) -> str | None:
        """The notice's own date, which partial and relative deadlines are resolved against."""
        return self.signed_date or self.printed_date or self.page_date


@component("document", requires=("text", "paragraphs", "spans.heading", "part_starts", "debris"),
           assigns=("fields",))
def document_stage(notice) -> None:
    notice.fields = document_fields(notice.text, notice.headings, notice.part_starts, notice.debris,
                                    notice.paragraphs)


def document_fields(text: str, headings: list[Heading], part_starts: list[int],
                    debris: list[dict], paragraphs: list[tuple[int, int]]) -> DocumentFields:
    """Find the document elements of a normalized notice."""
    lines = [Line(s, e, text[s:e]) for s, e in paragraphs if e > s]
    main_end = part_starts[0] if part_starts else len(text)
    main = [line for line in lines if line.start < main_end]
    first_heading = next((h.start for h in headings if h.part == 0), main_end)
    fields = DocumentFields(page_date=_page_date(debris))
    masthead = _read_head(main, first_heading, fields)
    if fields.title is None and part_starts:
        fields.title = _attachment_title(lines, part_starts[0])
    fields.kind = _kind(fields.title)
    signature = _read_signature(main, debris, fields)
    title_issuer = _pattern_group("title_issuer", fields.title, "issuer")
    fields.issuer = signature or masthead or title_issuer
    _read_record_page(lines, fields)
    fields.attachments = _attachment_list(main)
    fields.contact = _contact(text)
    _edge_warnings(lines, fields)
    return fields


def _pattern_group(name: str, text: str | None, group: str) -> str | None:
    if not text:
        return None
    m = _patterns()[name].search(text)
    return m.group(group) if m else None


def _read_head(main: list[Line], first_heading: int, fields: DocumentFields) -> str | None:
    """版头 and 主送: masthead, 发文字号, title lines, addressees; stops at the body."""
    p = _patterns()
    masthead = None
    title_lines: list[str] = []
    for line in main:
        if line.start >= first_heading:
            break
        text = line.text
        if p["head_noise"].match(text):
            continue
        m = p["masthead"].match(text)
        if m and not title_lines and masthead is None:
            masthead = m.group("issuer")
            continue
        m = p["doc_number"].fullmatch(text) or p["doc_number"].match(text) if len(text) <= 40 else None
        if m and not title_lines:
            fields.doc_number = _canonical_number(m.group("number"))
            continue
        if "。" in text or text[-1] in "；;" or len(text) > 80 or _date_line(text):
            break           # a sentence: the body has begun
        if len(text) <= 100 and text[-1] in "：:":
            fields.recipients = split_names(text[:-1])
            break
        title_lines.append(text)
    if title_lines and len(title_lines) <= 4:
        fields.title = "".join(title_lines)
    return masthead


def _canonical_number(number: str) -> str:
    """发文字号 with the year in 〔〕 as GB/T 9704 writes it."""
    return re.sub(r"[\[［【(（](\d{4})[\]］】)）]", r"〔\1〕", number)


def _attachment_title(lines: list[Line], part_start: int) -> str | None:
    """A notice whose head was cut off still names itself at the top of its attachment."""
    for line in lines:
        if line.start <= part_start:
            continue
        text = line.text
        if text[-1] in "。；;：:" or len(text) > 80 or _date_line(text):
            return None
        return text
    return None


def _kind(title: str | None) -> str | None:
    if not title:
        return None
    return next((kind for kind in _patterns()["kinds"] if title.endswith(kind)), None)


def _read_signature(main: list[Line], debris: list[dict], fields: DocumentFields) -> str | None:
    """署名 and 成文日期: the first date standing alone on a line after an organization's name."""
    p = _patterns()
    for before, line in zip(main, main[1:]):
        m = _date_line(line.text)
        if not m or not p["org_line"].match(before.text):
            continue
        fields.signed_date = _date_or_evidence(m.group("date"), line, debris, fields)
        return before.text
    return None


def _date_or_evidence(written: str, line: Line, debris: list[dict], fields: DocumentFields) -> str | None:
    """Parse the 成文日期; if characters were lost, take a web page's date only when it agrees."""
    parsed = parse_date(written)
    if parsed:
        return parsed.isoformat()
    digits = re.sub(r"\D", "", written)
    page = fields.page_date
    if page and _is_subsequence(digits, page.replace("-", "")):
        fields.warnings.append({
            "code": "date_repaired",
            "message": f"成文日期 {written!r} has lost characters; the page header's date "
                       f"{page} agrees with what is left and is used",
            "span": (line.start, line.end)})
        return page
    fields.warnings.append({"code": "date_incomplete",
                            "message": f"成文日期 {written!r} is incomplete; left empty",
                            "span": (line.start, line.end)})
    return None


def _page_date(debris: list[dict]) -> str | None:
    """The date of a web page header dropped as debris (时间:2023-07-06 16:16 来源:…)."""
    for item in debris:
        m = re.search(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", item["text"])
        if m:
            found = parse_date(f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日")
            if found:
                return found.isoformat()
    return None


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return bool(short) and all(ch in chars for ch in short)


def _read_record_page(lines: list[Line], fields: DocumentFields) -> None:
    """版记: 抄送 and the 印发机关和印发日期 line (the agency may sit on the line above)."""
    p = _patterns()
    for before, line in zip([None] + lines, lines):
        m = p["cc_label"].match(line.text)
        if m:
            fields.cc = split_names(line.text[m.end():])
            continue
        m = p["printed"].match(line.text)
        if m:
            date = parse_date(re.sub(r"\s", "", m.group("date")))
            fields.printed_date = date.isoformat() if date else None
            by = m.group("by").strip()
            if not by and before is not None and p["org_line"].match(before.text):
                by = before.text
            fields.printed_by = by or None


def _attachment_list(main: list[Line]) -> list[str]:
    """附件说明: 附件：title, or 附件：1.title followed by 2.title lines."""
    p = _patterns()
    titles: list[str] = []
    listing = False
    for line in main:
        m = p["attachment_label"].match(line.text)
        if m:
            rest = line.text[m.end():].strip()
            listing = bool(re.match(r"[0-9]+[.．、]", rest))
            if rest:
                titles.append(re.sub(r"^[0-9]+[.．、]\s*", "", rest))
            continue
        if listing and re.match(r"[0-9]+[.．、]\S", line.text) and "。" not in line.text:
            titles.append(re.sub(r"^[0-9]+[.．、]\s*", "", line.text))
        else:
            listing = False
    return [title.rstrip("。；;") for title in titles]


def _contact(text: str) -> dict | None:
    name = _pattern_group("contact_name", text, "name")
    phone = _pattern_group("contact_phone", text, "phone")
    email = _pattern_group("contact_email", text, "email")
    if not (name or phone or email):
        return None
    if phone:
        phone = re.sub(r"[—－\s]+", "-", phone)
    return {"name": name, "phone": phone, "email": email}


def _edge_warnings(lines: list[Line], fields: DocumentFields) -> None:
    """Say when a notice is cut off: it starts inside a sentence or ends inside one."""
    if not lines:
        return
    first = lines[0].text
    if first[0] in "，。、；：）)》”" or _unmatched_closer(first):
        fields.warnings.append({"code": "truncated_start",
                                "message": "the text starts inside a sentence: its head is missing",
                                "span": (lines[0].start, lines[0].end)})
    last = lines[-1].text
    p = _patterns()
    if (last[-1] not in "。！？!?）)”" and not _date_line(last) and not p["printed"].match(last)
            and not p["org_line"].match(last) and not p["attachment_label"].match(last)
            and not p["contact_phone"].search(last)):
        fields.warnings.append({"code": "truncated_end",
                                "message": "the text ends inside a sentence: its end may be missing",
                                "span": (lines[-1].start, lines[-1].end)})


PAIRS = {")": "(", "）": "（", "〕": "〔", "]": "[", "》": "《", "”": "“"}


def _unmatched_closer(text: str, reach: int = 200) -> bool:
    """A closing bracket with no opening one near the start: the opening was cut off."""
    stack = []
    for ch in text[:reach]:
        if ch in PAIRS.values():
            stack.append(ch)
        elif ch in PAIRS:
            if not stack or stack[-1] != PAIRS[ch]:
                return True
            stack.pop()
    return False
