"""The PDF reader: the text layer in reading order, as a person reads the printed page.

- Characters are grouped into lines by their boxes and ordered left to right; spaces are
  decided by the layout (a WPS/Word export places each glyph on its own: `2024 年` is
  justification, not a space), a wide gap on a line becomes a tab (a borderless table's cell).
- Page furniture is dropped: page numbers at a page edge (— 3 —, -3-, 第3页 共9页) and running
  headers/footers that repeat at the edge of most pages.
- Lines of one paragraph are joined where the layout shows a wrap: the line reaches the right
  margin and the next one is neither indented nor a heading or item (一、 （一） 1. 附件…).
- Tables drawn with rulings are kept as rows: one line per row, cells separated by a tab;
  a cell's wrapped lines (or vertical text) are joined.
- Refusals: a PDF without a text layer (a scan), an encrypted PDF, a damaged PDF.

pypdfium2 (Google's PDFium, the engine of Chrome's viewer) reads the text layer: maintained,
a wheel with no system dependency, and it reads the three real reports here in 15–40 ms
each where pdfminer.six and pdfplumber take 650–900 ms and pypdf 240–470 ms (measured on
/work/shared/files/pdf); it gives every character's box and every path's bounds, which is
all the layout analysis below needs.
"""
from __future__ import annotations

import ctypes
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from taizhang.pipeline.readers import NoticeError, Reading
from taizhang.pipeline.readers.words import words

SUFFIXES = (".pdf",)
#: A ruling is a path at most this thick (points); a longer side of at least MIN_RULING.
THIN = 2.5
MIN_RULING = 4.0
#: Rulings closer than this (points) are one line of the grid.
SNAP = 2.5
#: A loose glyph box wider than this (points) is checked against the glyph's own box.
OVERSIZED = 40.0
#: A gap wider than this many character widths inside a line separates cells.
CELL_GAP = 3.0
#: A text layer mostly made of these is not text (fonts without a Unicode map).
UNREADABLE = re.compile("[\ue000-\uf8ff\ufffd]")
CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
LATIN = re.compile("[A-Za-z0-9]")


def sniff(data: bytes) -> bool:
    """A PDF: its header at the start, or within the first KB (some writers put bytes before
    it) of a file that ends as a PDF ends, so that a text quoting "%PDF-" stays text."""
    at = data.find(b"%PDF-", 0, 1024)
    return at == 0 or (at > 0 and b"%%EOF" in data[-2048:])


@dataclass
class Char:
    text: str
    left: float
    bottom: float
    right: float
    top: float
    space_before: bool = False      # the PDF has a real space just before this glyph

    @property
    def size(self) -> float:
        return max(self.top - self.bottom, 1.0)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclass
class Line:
    chars: list[Char]
    text: str = ""
    page: int = 0
    is_row: bool = False            # a table row: never joined, never furniture
    left: float = 0.0
    right: float = 0.0
    top: float = 0.0
    bottom: float = 0.0

    @property
    def size(self) -> float:
        sizes = sorted(c.size for c in self.chars) if self.chars else [max(self.top - self.bottom, 1.0)]
        return sizes[len(sizes) // 2]


@dataclass
class Page:
    lines: list[Line] = field(default_factory=list)
    has_images: bool = False
    chars: int = 0
    width: float = 0.0


def read(data: bytes, name: str) -> Reading:
    """The text layer of a PDF, with its document information as evidence."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4:      # FPDF_ERR_PASSWORD
            raise NoticeError("an encrypted PDF (it needs a password to open): open it with its "
                              "password and save or print it as a PDF without one, or ask the "
                              "sender for an unprotected copy") from None
        raise NoticeError("a damaged PDF that cannot be opened: open it in a PDF viewer and "
                          "save or print it as a new PDF") from None
    try:
        pages = [_read_closing(document[i]) for i in range(len(document))]
        evidence = info_evidence(document)
    finally:
        document.close()
    return _reading(pages, evidence)


def _reading(pages: list[Page], evidence: dict[str, str]) -> Reading:
    total = sum(page.chars for page in pages)
    if not pages or total == 0:
        raise NoticeError("a PDF that has no text layer (a scan?): run OCR on it first "
                          "(ocrmypdf -l chi_sim, or the OCR of WPS/Adobe), then give the OCR'd PDF "
                          "or its text")
    lines = [line for page in pages for line in page.lines]
    unreadable = sum(len(UNREADABLE.findall(line.text)) for line in lines)
    if unreadable > 0.3 * max(1, sum(len(line.text) for line in lines)):
        raise NoticeError("a PDF whose text layer cannot be decoded (its fonts map glyphs to no "
                          "characters): run OCR on it first (ocrmypdf -l chi_sim --force-ocr)")
    warnings = [{"code": "page_without_text", "span": None,
                 "message": f"page {i + 1} has no text layer (a scanned page?): its content is missing"}
                for i, page in enumerate(pages) if page.chars == 0 and page.has_images]
    _drop_furniture(pages)
    text = _paragraphs([line for page in pages for line in page.lines],
                       max(page.width for page in pages))
    return Reading(text=text, encoding="pdf", from_container=True, evidence=evidence,
                   warnings=warnings)


# --- characters ------------------------------------------------------------------------

def _chars(textpage) -> list[Char]:
    """Every visible glyph with its loose box (full font height: 一 is as tall as 国)."""
    import pypdfium2.raw as raw

    handle = textpage.raw
    rect = raw.FS_RECTF()
    tight = [ctypes.c_double() for _ in range(4)]         # left, right, bottom, top
    tight_refs = [ctypes.byref(v) for v in tight]
    out: list[Char] = []
    space = False
    for i in range(raw.FPDFText_CountChars(handle)):
        code = raw.FPDFText_GetUnicode(handle, i)
        if raw.FPDFText_IsGenerated(handle, i) == 1:
            space = space or code == 0x20
            continue
        if code in (0x20, 0x3000, 0xA0, 0x09, 0x0D, 0x0A, 0x02, 0xFFFE, 0xFEFF, 0x00AD) or code < 0x20:
            space = space or code in (0x20, 0x3000, 0xA0, 0x09)
            continue
        if not raw.FPDFText_GetLooseCharBox(handle, i, ctypes.byref(rect)):
            continue
        left, right, bottom, top = rect.left, rect.right, rect.bottom, rect.top
        if right - left <= 0 and top - bottom <= 0:
            continue
        if right - left > OVERSIZED and raw.FPDFText_GetCharBox(handle, i, *tight_refs):
            left, right, bottom, top = _glyph_box((left, right, bottom, top),
                                                  tuple(v.value for v in tight))
        try:
            char = chr(code)
        except ValueError:
            continue
        out.append(Char(char, left, bottom, right, top, space))
        space = False
    return out


def _glyph_box(loose: tuple, tight: tuple) -> tuple:
    """The loose box, unless it is many times the glyph in both directions: PDFium's loose
    box for a vertical font (Identity-V, the stacked text of a table's merged cell) spans
    the whole cell; the glyph's own box, made square, stands in for it then."""
    width, height = tight[1] - tight[0], tight[3] - tight[2]
    side = max(width, height, 1.0)
    if loose[1] - loose[0] < 8 * side or loose[3] - loose[2] < 8 * side:
        return loose
    middle_x, middle_y = (tight[0] + tight[1]) / 2, (tight[2] + tight[3]) / 2
    return middle_x - side / 2, middle_x + side / 2, middle_y - side / 2, middle_y + side / 2


def _rulings(page) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]], bool]:
    """(horizontal (x0, x1, y), vertical (y0, y1, x), has_images): thin paths are rulings.
    Page objects are walked through the raw API (forms included): wrapping each of a page's
    thousands of glyph objects in Python objects costs more than reading the text."""
    import pypdfium2.raw as raw

    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    images = False
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    boxes = [ctypes.byref(v) for v in (left, bottom, right, top)]
    pending = [(raw.FPDFPage_GetObject, page.raw, raw.FPDFPage_CountObjects(page.raw), 0)]
    while pending:
        get, owner, count, depth = pending.pop()
        for i in range(count):
            obj = get(owner, i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                images = True
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 3:
                pending.append((raw.FPDFFormObj_GetObject, obj, raw.FPDFFormObj_CountObjects(obj), depth + 1))
            elif kind == raw.FPDF_PAGEOBJ_PATH and raw.FPDFPageObj_GetBounds(obj, *boxes):
                width, height = right.value - left.value, top.value - bottom.value
                if height <= THIN and width >= MIN_RULING:
                    horizontal.append((left.value, right.value, (top.value + bottom.value) / 2))
                elif width <= THIN and height >= MIN_RULING:
                    vertical.append((bottom.value, top.value, (left.value + right.value) / 2))
    return horizontal, vertical, images


def _read_closing(page) -> Page:
    """One page read and closed at once: a long PDF holds one page in memory at a time."""
    try:
        return _read_page(page)
    finally:
        page.close()


def _read_page(page) -> Page:
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage)
    finally:
        textpage.close()
    horizontal, vertical, images = _rulings(page)
    result = Page(has_images=images, chars=len(chars), width=page.get_width())
    blocks: list[tuple[float, list[Line]]] = []
    rest = chars
    for table in _tables(horizontal, vertical):
        inside, rest = table.take(rest)
        rows = table.rows(inside)
        if rows:
            blocks.append((table.top, rows))
        else:
            rest = rest + inside
    for line in _group_lines(rest):
        blocks.append((line.top, [line]))
    blocks.sort(key=lambda block: -block[0])
    for _, lines in blocks:
        result.lines.extend(lines)
    return result


# --- lines ---------------------------------------------------------------------------

def _group_lines(chars: list[Char]) -> list[Line]:
    """Glyphs into lines, top to bottom: a glyph joins the line whose band holds its middle."""
    lines: list[Line] = []
    band_bottom = band_top = None
    current: list[Char] = []
    for char in sorted(chars, key=lambda c: (-c.middle, c.left)):
        if current and band_bottom <= char.middle <= band_top:
            current.append(char)
            band_bottom, band_top = min(band_bottom, char.bottom), max(band_top, char.top)
            continue
        if current:
            lines.append(_line(current))
        current = [char]
        band_bottom, band_top = char.bottom, char.top
    if current:
        lines.append(_line(current))
    return lines


def _line(chars: list[Char], tabs: bool = True) -> Line:
    chars = sorted(chars, key=lambda c: c.left)
    return Line(chars=chars, text=_spaced(chars, tabs), left=chars[0].left,
                right=max(c.right for c in chars), top=max(c.top for c in chars),
                bottom=min(c.bottom for c in chars))


def _spaced(chars: list[Char], tabs: bool = True) -> str:
    """The glyphs of one line as text: a space only between Latin letters or digits that the
    PDF or the layout separates, a tab for a cell-wide gap."""
    out: list[str] = []
    previous = None
    for char in chars:
        if previous is not None:
            gap = char.left - previous.right
            size = min(char.size, previous.size)
            if tabs and gap > CELL_GAP * size:
                out.append("\t")
            elif LATIN.match(previous.text) and LATIN.match(char.text) and (
                    char.space_before or gap > 0.25 * size):
                out.append(" ")
            elif char.space_before and not (CJK.match(previous.text) or CJK.match(char.text)):
                out.append(" ")
        out.append(char.text)
        previous = char
    return "".join(out)


# --- tables -----------------------------------------------------------------------------

@dataclass
class Table:
    """A grid of rulings: row boundaries (y, top first) and, per row, its column boundaries."""

    horizontal: list[tuple[float, float, float]]
    vertical: list[tuple[float, float, float]]
    left: float = 0.0
    right: float = 0.0
    top: float = 0.0
    bottom: float = 0.0

    def __post_init__(self):
        self.left = min([h[0] for h in self.horizontal] + [v[2] for v in self.vertical])
        self.right = max([h[1] for h in self.horizontal] + [v[2] for v in self.vertical])
        self.top = max([h[2] for h in self.horizontal] + [v[1] for v in self.vertical])
        self.bottom = min([h[2] for h in self.horizontal] + [v[0] for v in self.vertical])
        self.ys = _snap(sorted((h[2] for h in self.horizontal), reverse=True))

    def take(self, chars: list[Char]) -> tuple[list[Char], list[Char]]:
        inside, outside = [], []
        for char in chars:
            if (self.left - SNAP <= char.centre <= self.right + SNAP
                    and self.bottom - SNAP <= char.middle <= self.top + SNAP):
                inside.append(char)
            else:
                outside.append(char)
        return inside, outside

    def columns(self, top: float, bottom: float) -> list[float]:
        """x of the vertical rulings that cross the row between *top* and *bottom*."""
        middle = (top + bottom) / 2
        xs = sorted(v[2] for v in self.vertical if v[0] - SNAP <= middle <= v[1] + SNAP)
        return _snap(xs)

    def rows(self, chars: list[Char]) -> list[Line]:
        """One Line per row that holds text: its cells' texts joined by tabs."""
        bands = list(zip(self.ys, self.ys[1:]))
        if not bands:
            return []
        cells: dict[tuple[int, int], list[Char]] = {}
        edges = [self.columns(top, bottom) for top, bottom in bands]
        for char in chars:
            row = _band_of(bands, char.middle)
            xs = edges[row]
            column = sum(1 for x in xs[1:-1] if char.centre > x)
            cells.setdefault((row, column), []).append(char)
        lines = []
        for row, (top, bottom) in enumerate(bands):
            count = max(1, len(edges[row]) - 1)
            texts = [_cell_text(cells.get((row, column), [])) for column in range(count)]
            if not any(texts):
                continue
            row_chars = [c for column in range(count) for c in cells.get((row, column), [])]
            lines.append(Line(chars=row_chars, text="\t".join(texts).rstrip("\t"), is_row=True,
                              left=self.left, right=self.right, top=top, bottom=bottom))
        return lines


def _band_of(bands: list[tuple[float, float]], y: float) -> int:
    for i, (top, bottom) in enumerate(bands):
        if bottom <= y <= top:
            return i
    return 0 if y > bands[0][0] else len(bands) - 1


def _cell_text(chars: list[Char]) -> str:
    """A cell's lines (wrapped text, or vertical text one glyph a line) joined into one."""
    if not chars:
        return ""
    lines = [_spaced(line.chars, tabs=False) for line in _group_lines(chars)]
    out = lines[0]
    for line in lines[1:]:
        out += (" " if out[-1:].isascii() and out[-1:].isalpha() and line[:1].isascii()
                and line[:1].isalpha() else "") + line
    return out


def _snap(values: list[float]) -> list[float]:
    """Positions within SNAP of each other as one (their first)."""
    out: list[float] = []
    for value in values:
        if not out or abs(value - out[-1]) > SNAP:
            out.append(value)
    return out


def _tables(horizontal, vertical) -> list[Table]:
    """Connected groups of crossing rulings with at least 2 rows of lines and 3 columns of
    lines (a framed box is not a table)."""
    rulings = [("h", r) for r in horizontal] + [("v", r) for r in vertical]
    if not horizontal or not vertical:
        return []
    parent = list(range(len(rulings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, (kind, _) in enumerate(rulings) if kind == "h"]
    vs = [i for i, (kind, _) in enumerate(rulings) if kind == "v"]
    for i in hs:
        x0, x1, y = rulings[i][1]
        for j in vs:
            y0, y1, x = rulings[j][1]
            if x0 - SNAP <= x <= x1 + SNAP and y0 - SNAP <= y <= y1 + SNAP:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(rulings)):
        groups.setdefault(find(i), []).append(i)
    tables = []
    for members in groups.values():
        h = [rulings[i][1] for i in members if rulings[i][0] == "h"]
        v = [rulings[i][1] for i in members if rulings[i][0] == "v"]
        if len(_snap(sorted(r[2] for r in h))) >= 2 and len(_snap(sorted(r[2] for r in v))) >= 3:
            tables.append(Table(h, v))
    return tables


# --- page furniture -----------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    lexicon = words().pdf
    return re.compile(lexicon.page_number), re.compile(lexicon.item_start)


def _drop_furniture(pages: list[Page]) -> None:
    """Remove page numbers and running headers/footers from the edges of each page."""
    page_number, _ = _patterns()
    lexicon = words().pdf
    edge = lexicon.edge_lines

    def edges(page: Page) -> list[Line]:
        body = [line for line in page.lines if not line.is_row]
        return body[:edge] + body[-edge:] if len(body) > 2 * edge else body

    repeated: Counter = Counter()
    for page in pages:
        repeated.update({_shape(line.text) for line in edges(page)})
    running = {shape for shape, count in repeated.items()
               if len(pages) >= 3 and count >= max(3, lexicon.running_share * len(pages))}
    for page in pages:
        furniture = {id(line) for line in edges(page)
                     if page_number.match(line.text) or _shape(line.text) in running}
        page.lines = [line for line in page.lines if id(line) not in furniture]


def _shape(text: str) -> str:
    """A line with its digits blurred: 第3页 and 第4页 are the same running footer."""
    return re.sub(r"[0-9]+", "#", re.sub(r"\s+", "", text))


# --- paragraphs ----------------------------------------------------------------------------

def _paragraphs(lines: list[Line], page_width: float) -> str:
    """Lines joined into paragraphs where the layout shows a wrap; one paragraph a line.
    The right margin is past 60% of the page: in a page of short lines none is a wrap."""
    _, item_start = _patterns()
    body = [line for line in lines if not line.is_row and "\t" not in line.text]
    left = _left_margin(body)
    right = max(_right_margin(body), 0.6 * page_width)
    out: list[str] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and _wraps(previous, line, left, right, item_start):
            joint = " " if previous.text[-1:].isascii() and previous.text[-1:].isalpha() \
                and line.text[:1].isascii() and line.text[:1].isalpha() else ""
            out[-1] += joint + line.text
        else:
            out.append(line.text)
        previous = line
    return "\n".join(out) + "\n" if out else ""


def _wraps(line: Line, following: Line, left: float, right: float, item_start: re.Pattern) -> bool:
    """The layout continues *line* on *following*: same font size, *line* reaches the right
    margin, *following* starts at the left margin and opens no heading or item."""
    if line.is_row or following.is_row or "\t" in line.text or "\t" in following.text:
        return False
    size = line.size
    if abs(following.size - size) > 0.25 * size:
        return False
    if line.right < right - 1.5 * size:
        return False
    if following.left > left + 0.8 * size:
        return False
    return not item_start.match(following.text)


def _left_margin(lines: list[Line]) -> float:
    """Where wrapped lines start: the leftmost start that several lines share (first lines
    and headings are indented from it, a short report may have more of them than of
    wrapped lines)."""
    if not lines:
        return 0.0
    starts = Counter(round(line.left) for line in lines)
    shared = [x for x, count in starts.items() if count >= max(2, len(lines) // 20)]
    return float(min(shared or starts))


def _right_margin(lines: list[Line]) -> float:
    """Where full lines end: the most common right edge among the longer lines."""
    if not lines:
        return 0.0
    longest = max(line.right for line in lines)
    ends = [round(line.right / 2) * 2 for line in lines if line.right > longest * 0.8]
    return _mode(ends) if ends else longest


def _mode(values: list[int]) -> float:
    return float(Counter(values).most_common(1)[0][0]) if values else 0.0


# --- document information ------------------------------------------------------------------

def info_evidence(document) -> dict[str, str]:
    """Title and dates of the PDF's document information (ISO dates); evidence only: a
    template's title (政府信息公开工作年度报告) or the author's name says little."""
    try:
        info = document.get_metadata_dict(skip_empty=True)
    except Exception:       # a broken Info dictionary must not lose the text
        return {}
    evidence: dict[str, str] = {}
    title = (info.get("Title") or "").strip()
    if title and not UNREADABLE.search(title):
        evidence["title"] = title
    for key, name in (("CreationDate", "created_date"), ("ModDate", "modified_date")):
        m = re.match(r"^(?:D:)?([0-9]{4})([0-9]{2})([0-9]{2})", info.get(key) or "")
        if m and "1980" <= m.group(1) <= "2100":
            evidence[name] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return evidence
