"""The Word (.docx) reader: the text a reader of the document sees, one paragraph a line.

- Body paragraphs in reading order, through page and section breaks (an 附件 after a page
  break is kept), content controls, inserted revisions and hyperlinks; deleted revisions,
  moved-away text, field instructions, comments, footnotes, headers and footers are not text
  of the notice and are dropped.
- Word's automatic numbering is rendered as the marker Word displays (一、 （一） 1. （1）),
  from numbering.xml: numPr (on the paragraph or its style) → num → abstractNum level with its
  lvlText and numFmt, counters per list and level, restarts of lower levels, startOverride.
  Without it a notice whose headings are numbered by Word would lose every heading.
- Tables in reading order: one row a line, cells separated by a tab (the pipeline's cell
  boundary), a vertically merged cell repeated in each row it spans so that every row of a
  task table (序号/整改任务/责任单位/完成时限) carries its units and deadline.
- docProps/core.xml gives evidence only: title, created and modified dates.

lxml reads the XML directly: python-docx does not render numbering, drops content controls
and revisions' structure, and would be a second dependency for what lxml already does.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from taizhang.pipeline.readers import NoticeError, Reading
from taizhang.pipeline.readers.refuse import zip_names
from taizhang.pipeline.readers.words import words

SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_W = "{%s}" % W
#: Largest XML member we agree to parse (a notice's document.xml is well under 10 MB).
MAX_XML = 64 * 1024 * 1024
#: Elements whose content is not the document's visible text.
DROPPED = {f"{_W}{name}" for name in (
    "del", "moveFrom", "instrText", "delText", "delInstrText", "commentReference",
    "footnoteReference", "endnoteReference", "rPr", "pPr", "tblPr", "trPr", "tcPr", "sectPr",
    "fldData", "annotationRef", "footnoteRef", "endnoteRef", "sdtPr", "sdtEndPr")}


def sniff(data: bytes) -> bool:
    """A ZIP archive holding word/document.xml, whatever the file is called."""
    names = zip_names(data)
    return names is not None and "word/document.xml" in names


def read(data: bytes, name: str) -> Reading:
    """The text of a .docx, with its core properties as evidence."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise NoticeError(f"a damaged .docx (the ZIP archive cannot be opened: {exc}): "
                          "open it in Word or WPS and save it again") from None
    with archive:
        if "word/document.xml" not in archive.namelist():
            raise NoticeError("a ZIP archive without word/document.xml, so not a Word .docx: "
                              "open it in the program that made it and save it as .docx or PDF")
        if archive.getinfo("word/document.xml").flag_bits & 0x1:
            raise NoticeError("an encrypted .docx (password protected ZIP): open it in Word or WPS, "
                              "remove the password and save it again")
        document = _xml(archive, "word/document.xml", required=True)
        numbering = Numbering(_xml(archive, "word/numbering.xml"), Styles(_xml(archive, "word/styles.xml")))
        core = _xml(archive, "docProps/core.xml")
    lines = BodyWriter(numbering).lines(document)
    text = _join(lines)
    if not text.strip():
        raise NoticeError("a .docx with no text in its body (only images or shapes?): "
                          "if it is a scan, run OCR on it first")
    return Reading(text=text, encoding="docx", from_container=True, evidence=core_evidence(core))


def _xml(archive: zipfile.ZipFile, member: str, required: bool = False):
    """A member parsed with a parser that resolves no entities and fetches nothing."""
    from lxml import etree

    try:
        info = archive.getinfo(member)
    except KeyError:
        if required:
            raise NoticeError(f"a .docx (ZIP archive) without {member}: open it in Word or WPS "
                              "and save it again") from None
        return None
    if info.file_size > MAX_XML:
        raise NoticeError(f"a .docx whose {member} is larger than {MAX_XML // 2**20} MB "
                          "(not a notice?)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(archive.read(member), parser=parser)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, NotImplementedError, OSError,
            EOFError, ValueError) as exc:
        if not required:
            return None
        raise NoticeError(f"a damaged .docx (ZIP archive) whose {member} cannot be read "
                          f"({str(exc)[:80]}): open it in Word or WPS and save it again") from None


def _join(lines: list[str]) -> str:
    """One line per paragraph or table row; runs of empty paragraphs kept as one blank line."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


# --- styles and numbering -------------------------------------------------------------

class Styles:
    """Paragraph styles: the numPr a style gives (through basedOn), and style ids by name."""

    def __init__(self, root):
        self._styles: dict[str, object] = {}
        if root is None:
            return
        for style in root.iter(f"{_W}style"):
            if style.get(f"{_W}type") in (None, "paragraph", "numbering"):
                self._styles[style.get(f"{_W}styleId")] = style

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) the style chain sets, the nearest style winning for each."""
        num_id, ilvl, seen = None, None, set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            style = self._styles[style_id]
            pr = style.find(f"{_W}pPr/{_W}numPr")
            if pr is not None:
                if num_id is None:
                    num_id = _val(pr.find(f"{_W}numId"))
                if ilvl is None:
                    ilvl = _int(_val(pr.find(f"{_W}ilvl")))
            based = style.find(f"{_W}basedOn")
            style_id = _val(based)
        return num_id, ilvl


@dataclass
class Level:
    """One level of a list definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    restart: int | None = None      # lvlRestart: restart after this (1-based) level; 0 never
    legal: bool = False             # isLgl: every %n shown as a decimal number
    style: str | None = None        # pStyle: the paragraph style this level belongs to


@dataclass
class ListState:
    """The counters of one list definition (abstractNum), one per level."""

    counters: dict[int, int] = field(default_factory=dict)


class Numbering:
    """Word's numbering: the marker each numbered paragraph displays, in document order."""

    def __init__(self, root, styles: Styles):
        self.styles = styles
        self.abstract: dict[str, dict[int, Level]] = {}
        self.abstract_style_link: dict[str, str] = {}
        self.nums: dict[str, str] = {}                       # numId → abstractNumId
        self.overrides: dict[str, dict[int, tuple[int | None, Level | None]]] = {}
        self.state: dict[str, ListState] = {}
        self.used_nums: set[str] = set()
        if root is None:
            return
        for abstract in root.iter(f"{_W}abstractNum"):
            key = abstract.get(f"{_W}abstractNumId")
            self.abstract[key] = {int(lvl.get(f"{_W}ilvl", "0")): _level(lvl)
                                  for lvl in abstract.iter(f"{_W}lvl")}
            link = _val(abstract.find(f"{_W}numStyleLink"))
            if link:
                self.abstract_style_link[key] = link
        for num in root.iter(f"{_W}num"):
            num_id = num.get(f"{_W}numId")
            self.nums[num_id] = _val(num.find(f"{_W}abstractNumId"))
            overrides = {}
            for override in num.iter(f"{_W}lvlOverride"):
                ilvl = _int(override.get(f"{_W}ilvl")) or 0
                start = _int(_val(override.find(f"{_W}startOverride")))
                lvl = override.find(f"{_W}lvl")
                overrides[ilvl] = (start, _level(lvl) if lvl is not None else None)
            self.overrides[num_id] = overrides

    def marker(self, paragraph) -> str:
        """The marker a paragraph displays ('' when it is not numbered), counting it."""
        num_id, ilvl = self._num_pr(paragraph)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id = self._abstract_of(num_id)
        levels = dict(self.abstract.get(abstract_id, {}))
        overrides = self.overrides.get(num_id, {})
        for lvl, (_, replacement) in overrides.items():
            if replacement is not None:
                levels[lvl] = replacement
        if ilvl is None:
            ilvl = self._level_of_style(paragraph, levels)
        level = levels.get(ilvl)
        if level is None:
            return ""
        state = self.state.setdefault(abstract_id, ListState())
        if num_id not in self.used_nums:       # a list instance starts where it says it does
            self.used_nums.add(num_id)
            for lvl, (start, replacement) in overrides.items():
                if start is not None or replacement is not None:
                    state.counters.pop(lvl, None)
                    if start is not None:
                        state.counters[lvl] = start - 1
        counters = state.counters
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [lvl for lvl in counters if lvl > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        return self._render(level, levels, counters)

    def _num_pr(self, paragraph) -> tuple[str | None, int | None]:
        pr = paragraph.find(f"{_W}pPr/{_W}numPr")
        num_id = ilvl = None
        if pr is not None:
            num_id = _val(pr.find(f"{_W}numId"))
            ilvl = _int(_val(pr.find(f"{_W}ilvl")))
        style_num, style_ilvl = self.styles.num_pr(_style_of(paragraph))
        if num_id is None:
            num_id = style_num
        if ilvl is None:
            ilvl = style_ilvl
        return num_id, ilvl

    def _abstract_of(self, num_id: str) -> str:
        """The list definition of a num, following a numStyleLink to the style's own list."""
        abstract_id = self.nums[num_id]
        for _ in range(3):
            link = self.abstract_style_link.get(abstract_id)
            if not link:
                break
            linked_num, _ = self.styles.num_pr(link)
            if not linked_num or linked_num not in self.nums or self.nums[linked_num] == abstract_id:
                break
            abstract_id = self.nums[linked_num]
        return abstract_id

    @staticmethod
    def _level_of_style(paragraph, levels: dict[int, Level]) -> int:
        style = _style_of(paragraph)
        for lvl, level in levels.items():
            if style and level.style == style:
                return lvl
        return 0

    def _render(self, level: Level, levels: dict[int, Level], counters: dict[int, int]) -> str:
        if level.fmt == "bullet":
            return ""           # a bullet is no number: the pipeline reads the item's own words
        if level.fmt == "none":
            shown = re.sub(r"%[1-9]", "", level.text)
        else:
            def number(m: re.Match) -> str:
                lvl = int(m.group(1)) - 1
                other = levels.get(lvl, Level())
                value = counters.get(lvl, other.start)
                fmt = "decimal" if level.legal else other.fmt       # isLgl: 1.1, not 一.1
                return format_number(value, fmt)

            shown = re.sub(r"%([1-9])", number, level.text)
        if not shown:
            return ""
        if level.suffix == "space" or (level.suffix == "tab"
                                       and shown[-1] not in words().docx.tight_marker_ends):
            return shown + " "
        return shown


def _level(lvl) -> Level:
    restart = lvl.find(f"{_W}lvlRestart")
    return Level(
        start=_int(_val(lvl.find(f"{_W}start"))) if lvl.find(f"{_W}start") is not None else 1,
        fmt=_val(lvl.find(f"{_W}numFmt")) or "decimal",
        text=_val(lvl.find(f"{_W}lvlText")) if lvl.find(f"{_W}lvlText") is not None else "",
        suffix=_val(lvl.find(f"{_W}suff")) or "tab",
        restart=_int(_val(restart)) if restart is not None else None,
        legal=lvl.find(f"{_W}isLgl") is not None and _val(lvl.find(f"{_W}isLgl")) not in ("0", "false"),
        style=_val(lvl.find(f"{_W}pStyle")),
    )


def _val(element) -> str | None:
    return None if element is None else element.get(f"{_W}val")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _style_of(paragraph) -> str | None:
    return _val(paragraph.find(f"{_W}pPr/{_W}pStyle"))


# --- number formats -------------------------------------------------------------------

def chinese_counting(n: int) -> str:
    """一 二 … 十 十一 … 二十 … 一百零五: Word's chineseCounting, as 公文 headings write it."""
    digits = words().docx.chinese_digits
    if n <= 0:
        return digits[0]
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return digits[tens] + "十" + (digits[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        if not rest:
            return digits[hundreds] + "百"
        middle = "零" if rest < 10 else ""
        tail = chinese_counting(rest) if rest >= 20 or rest < 10 else "一" + chinese_counting(rest)
        return digits[hundreds] + "百" + middle + tail
    return str(n)


def chinese_legal(n: int) -> str:
    """壹 贰 … 拾 拾壹: chineseLegalSimplified, for numbers below 10000."""
    lexicon = words().docx
    if n <= 0 or n >= 10000:
        return str(n)
    out, zero = "", False
    for power in (3, 2, 1, 0):
        digit = n // 10 ** power % 10
        if digit:
            if zero:
                out += lexicon.legal_digits[0]
            out += lexicon.legal_digits[digit] + lexicon.legal_units[power]
            zero = False
        elif out:
            zero = True
    return out


def _letters(n: int, alphabet: str) -> str:
    """A, B … Z, AA, BB …: Word repeats the letter rather than counting in base 26."""
    if n <= 0:
        return str(n)
    return alphabet[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def _cycle(n: int, symbols: str) -> str:
    return symbols[(n - 1) % len(symbols)] if n > 0 else str(n)


def _enclosed(n: int, first: int, count: int) -> str:
    return chr(first + n - 1) if 1 <= n <= count else str(n)


def format_number(n: int, fmt: str) -> str:
    """A counter shown in one of Word's numFmt values; an unknown format shows the number."""
    lexicon = words().docx
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting",
               "ideographDigital", "japaneseDigitalTenThousand"):
        return chinese_counting(n)
    if fmt in ("chineseLegalSimplified", "japaneseLegal"):
        return chinese_legal(n)
    if fmt in ("ideographTraditional", "ideographEnclosedCircle"):
        return _cycle(n, lexicon.ideograph_traditional)
    if fmt == "ideographZodiac":
        return _cycle(n, lexicon.ideograph_zodiac)
    if fmt == "upperLetter":
        return _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if fmt == "lowerLetter":
        return _letters(n, "abcdefghijklmnopqrstuvwxyz")
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(n, 0x2460, 20)          # ① … ⑳
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, 20)          # ⑴ … ⒇
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, 20)          # ⒈ … ⒛
    return str(n)


# --- the body -------------------------------------------------------------------------

class BodyWriter:
    """Walks w:body in reading order and writes its lines."""

    def __init__(self, numbering: Numbering):
        self.numbering = numbering

    def lines(self, document) -> list[str]:
        body = document.find(f"{_W}body")
        if body is None:
            raise NoticeError("a .docx whose word/document.xml has no body: open it in Word or "
                              "WPS and save it again")
        out: list[str] = []
        self._blocks(body, out)
        return out

    def _blocks(self, container, out: list[str]) -> None:
        """Paragraphs and tables of a container (body, cell, content control), in order."""
        for child in container:
            tag = child.tag
            if tag == f"{_W}p":
                out.extend(self.paragraph(child))
            elif tag == f"{_W}tbl":
                out.extend(self.table(child))
            elif tag in (f"{_W}sdt", f"{_W}customXml", f"{_W}sdtContent", f"{_W}ins",
                         f"{_W}moveTo", f"{_W}smartTag"):
                self._blocks(child, out)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self._blocks(choice, out)

    def paragraph(self, paragraph) -> list[str]:
        """A paragraph's lines: its marker and text, with line and page breaks kept as line
        ends, and the paragraphs of any text box inside it after it."""
        pieces: list[str] = []
        boxes: list[str] = []
        self._runs(paragraph, pieces, boxes)
        text = "".join(pieces).strip("\n")
        marker = self.numbering.marker(paragraph)
        lines = (marker + text).split("\n") if text.strip() else [""]
        return lines + boxes

    def _runs(self, element, pieces: list[str], boxes: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag in DROPPED or not isinstance(tag, str):
                continue
            if tag == f"{_W}r" and _hidden(child):
                continue
            if tag == f"{_W}t":
                pieces.append(child.text or "")
            elif tag == f"{_W}tab" or tag == f"{_W}ptab":
                pieces.append(" ")      # a tab in running text aligns; the tab is a cell boundary
            elif tag in (f"{_W}br", f"{_W}cr"):
                pieces.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                pieces.append("-")
            elif tag == f"{_W}sym":
                char = child.get(f"{_W}char")
                if char and not char.upper().startswith("F0"):   # F0xx: a Symbol-font glyph
                    pieces.append(_char(char))
            elif tag == f"{_W}txbxContent":
                inner: list[str] = []
                self._blocks(child, inner)
                boxes.extend(inner)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self._runs(choice, pieces, boxes)
            elif tag == f"{_W}p":       # a paragraph inside a run's object (rare): its own line
                boxes.extend(self.paragraph(child))
            else:
                self._runs(child, pieces, boxes)

    def table(self, table) -> list[str]:
        """One line per row, cells joined by a tab; vertically merged cells repeated."""
        lines: list[str] = []
        above: dict[int, str] = {}          # grid column → text of the cell that starts there
        for row in _children(table, f"{_W}tr"):
            before = _int(_val(row.find(f"{_W}trPr/{_W}gridBefore"))) or 0
            cells: list[str] = [""] * before
            column = before
            for cell in _children(row, f"{_W}tc"):
                span = _int(_val(cell.find(f"{_W}tcPr/{_W}gridSpan"))) or 1
                merge = cell.find(f"{_W}tcPr/{_W}vMerge")
                if merge is not None and _val(merge) in (None, "continue"):
                    text = above.get(column, "")
                else:
                    text = self.cell_text(cell)
                    above[column] = text
                cells.append(text)
                cells.extend([""] * (span - 1))
                column += span
            if any(cells):
                lines.append("\t".join(cells).rstrip("\t"))
        return lines

    def cell_text(self, cell) -> str:
        """A cell's paragraphs (and nested tables) on one line, separated by spaces."""
        inner: list[str] = []
        self._blocks(cell, inner)
        return " ".join(part.replace("\t", " ").strip() for part in inner if part.strip())


#: Elements that may wrap a table's rows or a row's cells (content controls, custom XML).
ROW_WRAPPERS = (f"{_W}sdt", f"{_W}customXml", f"{_W}sdtContent")


def _children(parent, tag: str):
    """The *tag* children of *parent* (rows of a table, cells of a row), also those inside
    content controls, which wrap rows or cells without being part of the grid."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in ROW_WRAPPERS:
            yield from _children(child, tag)


def _hidden(run) -> bool:
    """A run formatted as hidden text (w:vanish) is not shown, so it is not read."""
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and _val(vanish) not in ("0", "false", "off")


def _char(code: str) -> str:
    try:
        return chr(int(code, 16))
    except ValueError:
        return ""


# --- core properties ------------------------------------------------------------------

CORE = {
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/terms/}created": "created_date",
    "{http://purl.org/dc/terms/}modified": "modified_date",
}


def core_evidence(core) -> dict[str, str]:
    """Title and dates from docProps/core.xml (ISO dates); evidence only: Word fills the title
    from the first line and templates carry old dates."""
    evidence: dict[str, str] = {}
    if core is None:
        return evidence
    for element in core:
        key = CORE.get(element.tag)
        value = (element.text or "").strip()
        if not key or not value:
            continue
        if key.endswith("_date"):
            m = re.match(r"([0-9]{4}-[0-9]{2}-[0-9]{2})", value)
            if not m or m.group(1) < "1980":
                continue
            value = m.group(1)
        evidence[key] = value
    return evidence
