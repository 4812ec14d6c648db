"""Build real .docx files for the reader tests with python-docx, numbered the way Word numbers.

No real .docx notice could be found (../shared/files/SOURCES.md), so the tests write them from
real texts: every heading whose marker 公文 numbering uses (一、 （一） 1. （1）) becomes a
paragraph with Word's automatic numbering (numPr → numbering.xml), its typed marker removed,
so the reader has to render the marker itself; tables, page breaks, headers, footers, comments
and tracked changes are added by the helpers below.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

#: (level, numFmt, lvlText) of the 公文 heading hierarchy (GB/T 9704: 一、 （一） 1. （1）).
LEVELS = [
    (0, "chineseCounting", "%1、"),
    (1, "chineseCounting", "（%2）"),
    (2, "decimal", "%3."),
    (3, "decimal", "（%4）"),
]
CN = "一二三四五六七八九十"
MARKERS = [
    (0, re.compile(rf"^([{CN}]{{1,3}})、")),
    (1, re.compile(rf"^（([{CN}]{{1,3}})）")),
    (2, re.compile(r"^([0-9]{1,2})\.(?![0-9])")),
    (3, re.compile(r"^（([0-9]{1,2})）")),
]
ABSTRACT_ID = 90


def cn_value(numeral: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23 (the ordinals headings use)."""
    if numeral.isdigit():
        return int(numeral)
    if "十" not in numeral:
        return CN.index(numeral) + 1
    tens, _, ones = numeral.partition("十")
    return (CN.index(tens) + 1 if tens else 1) * 10 + (CN.index(ones) + 1 if ones else 0)


def heading_of(line: str) -> tuple[int, int, str] | None:
    """(level, ordinal, text after the marker) of a line opening with a 公文 marker."""
    for level, pattern in MARKERS:
        m = pattern.match(line)
        if m:
            return level, cn_value(m.group(1)), line[m.end():]
    return None


def _w(tag: str, **attrs) -> OxmlElement:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def _revision(tag: str, number: int, text_tag: str, text: str) -> OxmlElement:
    """A tracked revision (w:ins or w:del) holding one run of *text*; a deletion's text is in
    w:delText, an insertion's in w:t."""
    revision = _w(tag, id=number, author="审核", date="2024-01-01T00:00:00Z")
    run = OxmlElement("w:r")
    t = OxmlElement(text_tag)
    t.text = text
    run.append(t)
    revision.append(run)
    return revision


@dataclass
class NumberedDocument:
    """A python-docx Document with one 公文 multi-level list and helpers to write into it."""

    document: docx.Document = field(default_factory=docx.Document)
    num_ids: list[int] = field(default_factory=list)
    counters: dict[int, int] = field(default_factory=dict)
    current_num: int | None = None

    def __post_init__(self):
        numbering = self.document.part.numbering_part.element
        abstract = _w("w:abstractNum", abstractNumId=ABSTRACT_ID)
        abstract.append(_w("w:multiLevelType", val="multilevel"))
        for level, fmt, text in LEVELS:
            lvl = _w("w:lvl", ilvl=level)
            lvl.append(_w("w:start", val=1))
            lvl.append(_w("w:numFmt", val=fmt))
            lvl.append(_w("w:lvlText", val=text))
            lvl.append(_w("w:lvlJc", val="left"))
            abstract.append(lvl)
        first_num = next((i for i, child in enumerate(numbering) if child.tag == qn("w:num")),
                         len(numbering))
        numbering.insert(first_num, abstract)

    def new_num(self, overrides: dict[int, int] | None = None) -> int:
        """A list instance of the 公文 list; *overrides* restart levels (startOverride)."""
        numbering = self.document.part.numbering_part.element
        num_id = 900 + len(self.num_ids)
        num = _w("w:num", numId=num_id)
        num.append(_w("w:abstractNumId", val=ABSTRACT_ID))
        for level, start in (overrides or {}).items():
            override = _w("w:lvlOverride", ilvl=level)
            override.append(_w("w:startOverride", val=start))
            num.append(override)
        numbering.append(num)
        self.num_ids.append(num_id)
        self.current_num = num_id
        for level in (overrides or {}):
            self.counters[level] = overrides[level] - 1
            for deeper in [lv for lv in self.counters if lv > level]:
                del self.counters[deeper]
        return num_id

    def numbered(self, level: int, text: str, ordinal: int | None = None):
        """A paragraph numbered by Word at *level*; when *ordinal* is not what Word would
        show next, a new list instance starts there (as Word's "set numbering value" does)."""
        expected = self.counters.get(level, 0) + 1
        if self.current_num is None or (ordinal is not None and ordinal != expected):
            self.new_num({level: ordinal or 1})
        paragraph = self.document.add_paragraph(text)
        pr = paragraph._p.get_or_add_pPr()
        num_pr = _w("w:numPr")
        num_pr.append(_w("w:ilvl", val=level))
        num_pr.append(_w("w:numId", val=self.current_num))
        pr.insert(0, num_pr)
        self.counters[level] = self.counters.get(level, 0) + 1
        for deeper in [lv for lv in self.counters if lv > level]:
            del self.counters[deeper]
        return paragraph

    def text(self, line: str):
        return self.document.add_paragraph(line)

    def page_break(self):
        """A page break in a paragraph of its own, as Ctrl+Enter writes it."""
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, rows: list[list[str]], merge_down: list[tuple[int, int, int]] = ()):
        """A table; merge_down holds (column, first row, last row) of vertically merged cells."""
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        for column, first, last in merge_down:
            text = table.cell(first, column).text
            merged = table.cell(first, column).merge(table.cell(last, column))
            merged.text = text
        return table

    def header_footer(self, header: str, footer: str):
        section = self.document.sections[0]
        section.header.paragraphs[0].text = header
        section.footer.paragraphs[0].text = footer

    def tracked(self, kept: str, inserted: str, deleted: str):
        """A paragraph with an inserted and a deleted revision (w:ins, w:del)."""
        paragraph = self.document.add_paragraph(kept)
        paragraph._p.append(_revision("w:ins", 801, "w:t", inserted))
        paragraph._p.append(_revision("w:del", 802, "w:delText", deleted))
        return paragraph

    def comment(self, paragraph, text: str):
        self.document.add_comment(paragraph.runs, text=text, author="审核")

    def core(self, title: str, created):
        self.document.core_properties.title = title
        self.document.core_properties.created = created

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def docx_from_text(text: str) -> bytes:
    """A .docx of a plain-text notice: one paragraph per line, 公文 headings numbered by Word
    (typed markers removed), a page break before each 附件 that starts a line after the body."""
    built = NumberedDocument()
    seen_body = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if seen_body and re.match(r"^附\s*件\s*[0-9一二三四五六七八九十]*\s*$", stripped):
            built.page_break()      # its numbering starts again: numbered() restarts the list
        heading = heading_of(stripped)
        if heading:
            level, ordinal, rest = heading
            built.numbered(level, rest, ordinal)
            seen_body = True
        else:
            built.text(line.rstrip())
    return built.bytes()
