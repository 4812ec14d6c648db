"""Ledger tables (台账): a header row of column labels (序号/问题/整改措施/责任单位/完成时限…),
then one row per item.

Tables reach the pipeline as logical lines with their cells separated by tabs: the .docx
and .pdf readers write them so, and `unflatten` (a normalize step) puts a table that a
scraper flattened into one line — cells and rows separated by spaces only — back into that
form. `read_tables` then finds each header and its rows and assigns every cell to its
column: by position where the row has one cell per column, else by the shape of the cells
that have one (a phone number, a person's name, a time limit), the text between them going
to the columns between them. Word lists in pipeline/data/tables.yaml.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from taizhang.pipeline.lexicon import load

TOKEN = re.compile(r"[^ \t\n]+")
ANCHORS = ("leaders", "phone", "deadline")


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    lex = load("tables")
    role_of = {label: role for role, labels in lex["columns"].items() for label in labels}
    return {
        "role_of": role_of,
        "min": lex["min_columns"],
        "phone": re.compile(lex["phone"]),
        "person": re.compile(lex["person"]),
        "period": re.compile(lex["period"]),
        "date": re.compile(r"[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日"),
    }


def role_of(label: str) -> str | None:
    return _lexicon()["role_of"].get(label.strip().replace(" ", ""))


# ---------------------------------------------------------------- normalize step

def unflatten(text: str):
    """Normalize step: a table flattened into one line gets its rows back on lines of their
    own and tabs between its cells (same length: a space becomes a newline or a tab)."""
    lex = _lexicon()
    edits = []
    pos = 0
    for line in text.split("\n"):
        if " " in line and len(line) >= 40:
            edits += _unflatten_line(text, pos, pos + len(line), lex)
        pos += len(line) + 1
    if not edits:
        return text, None, []
    chars = list(text)
    for at, ch in edits:
        chars[at] = ch
    return "".join(chars), None, [{"code": "flattened_table", "span": (edits[0][0], edits[-1][0]),
                                   "message": "a table given as one line of text was read row by row "
                                              "(cells told apart by spaces and by their shape)"}]


def _unflatten_line(text: str, start: int, end: int, lex) -> list[tuple[int, str]]:
    tokens = list(TOKEN.finditer(text, start, end))
    edits: list[tuple[int, str]] = []
    i = 0
    expected = None
    while i < len(tokens):
        run = _header_run(tokens, i, lex)
        if run:
            first, last = i, i + run - 1
            if tokens[first].start() > start:
                edits.append((tokens[first].start() - 1, "\n"))
            edits += [(t.start() - 1, "\t") for t in tokens[first + 1:last + 1]]
            expected = expected or 1
            i = last + 1
            continue
        token = tokens[i]
        if expected is not None and token.group() == str(expected):
            edits.append((token.start() - 1, "\n"))
            expected += 1
        elif expected is not None and i > 0 and text[token.start() - 1] == " ":
            edits.append((token.start() - 1, "\t"))
        i += 1
    return [(at, ch) for at, ch in edits if start <= at < end and text[at] == " "]


def _header_run(tokens, i: int, lex) -> int:
    """How many tokens from *i* on are column labels (a header row), or 0."""
    n = 0
    while i + n < len(tokens) and tokens[i + n].group() in lex["role_of"]:
        n += 1
    return n if n >= lex["min"] else 0


# ---------------------------------------------------------------- reading

@dataclass
class Cell:
    start: int
    end: int
    text: str


@dataclass
class Row:
    start: int
    end: int
    number: str | None
    cells: dict[str, list[Cell]] = field(default_factory=dict)   # role → its cells, in order

    def value(self, role: str) -> Cell | None:
        """The column's text as one cell (several cells of one column joined)."""
        cells = self.cells.get(role)
        if not cells:
            return None
        return Cell(cells[0].start, cells[-1].end, " ".join(c.text for c in cells))


@dataclass
class Table:
    header_start: int
    roles: list[str]
    caption_date: str | None
    rows: list[Row] = field(default_factory=list)


def read_tables(text: str, paragraphs: list[tuple[int, int]]) -> list[Table]:
    """Every ledger table of the text: a header line of column labels and the row lines under it."""
    lex = _lexicon()
    tables: list[Table] = []
    current: Table | None = None
    previous = ""
    for start, end in paragraphs:
        line = text[start:end]
        if "\t" not in line:
            current = None
            previous = line
            continue
        cells = _cells(text, start, end)
        roles = [role_of(c.text) for c in cells]
        if sum(r is not None for r in roles) >= lex["min"] and all(r is not None for r in roles):
            if current is not None and current.roles == roles:
                continue                    # the header printed again on the next page
            date = lex["date"].search(previous)
            current = Table(start, roles, date.group() if date else None)
            tables.append(current)
            continue
        if current is not None:
            current.rows.append(_row(cells, current.roles, start, end, lex))
        previous = line
    return [t for t in tables if t.rows]


def _cells(text: str, start: int, end: int) -> list[Cell]:
    out, pos = [], start
    for piece in text[start:end].split("\t"):
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            out.append(Cell(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(piece) + 1
    return out


def _row(cells: list[Cell], roles: list[str], start: int, end: int, lex) -> Row:
    row = Row(start, end, None)
    columns = list(roles)
    if columns and columns[0] == "number" and cells and cells[0].text.isdigit():
        row.number = cells[0].text
        cells, columns = cells[1:], columns[1:]
    elif columns and columns[0] == "number":
        columns = columns[1:]
    for role, assigned in _assign(cells, columns, lex):
        row.cells.setdefault(role, []).extend(assigned)
    return row


def _shape(role: str, text: str, lex) -> bool:
    if role == "leaders":
        return bool(lex["person"].match(text))
    if role == "phone":
        return bool(lex["phone"].match(text))
    if role == "deadline":
        return bool(lex["period"].match(text))
    return False


def _assign(cells: list[Cell], columns: list[str], lex):
    """(role, cells) for each column: by position when counts agree, else anchored by shape
    (each text column before an anchor is expected to hold at least one cell)."""
    if len(cells) == len(columns):
        return [(role, [cell]) for role, cell in zip(columns, cells)]
    anchors = []        # (column index, cell index)
    at, last_col = 0, -1
    for i, role in enumerate(columns):
        if role not in ANCHORS:
            continue
        texts_between = i - last_col - 1
        hit = None
        for lo in (at + texts_between, at):
            hit = next((k for k in range(lo, len(cells)) if _shape(role, cells[k].text, lex)), None)
            if hit is not None:
                break
        if hit is not None:
            anchors.append((i, hit))
            at, last_col = hit + 1, i
    out = []
    prev_col, prev_cell = -1, 0
    for col, cell in anchors + [(len(columns), len(cells))]:
        out += _spread(columns, list(range(prev_col + 1, col)), cells[prev_cell:cell])
        if col < len(columns):
            out.append((columns[col], [cells[cell]]))
        prev_col, prev_cell = col, cell + 1
    return out


def _spread(columns: list[str], cols: list[int], cells: list[Cell]):
    """Cells between two anchors over the columns between them: one each, the rest to the last."""
    if not cols or not cells:
        return []
    out = []
    for k, col in enumerate(cols):
        if k == len(cols) - 1:
            out.append((columns[col], cells[k:]))
        elif k < len(cells):
            out.append((columns[col], [cells[k]]))
    return [(role, cs) for role, cs in out if cs]
