"""Ledger tables (台账): a header row of column labels (序号/问题/整改措施/责任单位/完成时限…),
then one row per item.

Tables reach the pipeline as logical lines with their cells separated by tabs: the .docx
and .pdf readers write them so, and `unflatten` (a normalize step) puts a table that a
scraper flattened into one line — cells and rows separated by spaces only — back into that
form. `read_tables` then finds each header and its rows and assigns every cell to its
column. A flattened row is a run of space-separated tokens where a cell may be missing (an
empty cell leaves no token) or split (a space inside it), so its tokens are aligned to the
columns in order: each token is scored against each column by its shape (a person, a phone,
a time limit, a state of the work, a body's name, free text) and the best monotone alignment
is found by dynamic programming over (token, column) — linear in tokens × columns. A row
that kept its empty cells (a .docx or .pdf table) is placed by position. A header label the
lexicon does not know is carried as an "unknown" column. Word lists in
pipeline/data/tables.yaml; bodies' name endings in pipeline/data/bodies.yaml.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from taizhang.pipeline.lexicon import load

TOKEN = re.compile(r"[^ \t\n]+")
UNKNOWN = "unknown"
UNIT_ROLES = ("lead", "responsible", "cooperating")


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
        "status": re.compile(lex["status"]),
        "surnames": frozenset(lex["surnames"]),
        "compound_surnames": tuple(lex["compound_surnames"]),
        "unit_suffixes": tuple(load("bodies")["suffixes"]) + tuple(lex["unit_suffixes"]),
        "measure_openers": tuple(lex["measure_openers"]),
        "unknown_label": re.compile(lex["unknown_label"]),
        "max_unknown_run": lex["max_unknown_run"],
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
    expected = None         # the number the next row of a table with a line per row opens with
    for line in text.split("\n"):
        end = pos + len(line)
        if line.startswith("|") and line.rstrip().endswith("|") and line.count("|") >= 3:
            edits += _pipe_row(text, pos, end)
            pos = end + 1
            continue
        row = expected is not None and line.strip() and _spaced_row(text, pos, end, expected, edits)
        if row:
            expected = row
        elif " " in line and len(line) <= 160 and (header := _spaced_header(text, pos, end, lex)):
            edits += header
            expected = expected or 1        # a header printed again (a page break) goes on counting
        else:
            if line.strip():
                expected = None
            if " " in line and len(line) >= 40:
                edits += _unflatten_line(text, pos, end, lex)
        pos = end + 1
    if not edits:
        return text, None, []
    chars = list(text)
    for at, ch in edits:
        chars[at] = ch
    return "".join(chars), None, [{"code": "flattened_table", "span": (edits[0][0], edits[-1][0]),
                                   "message": "a table given as text (run into one line, a line per row, or in "
                                              "markdown) was read row by row (cells told apart by "
                                              "spaces, bars and their shape)"}]


def _pipe_row(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """A row of a markdown table (| 序号 | 任务 | 牵头单位 |): tabs between its cells, its outer
    bars blanked; its rule (| --- | :-: |) blanked whole, so that it holds no cell."""
    line = text[start:end]
    if re.fullmatch(r"\|(?:\s*:?-{3,}:?\s*\|)+\s*", line):
        return [(start + i, " ") for i, ch in enumerate(line) if not ch.isspace()]
    bars = [start + i for i, ch in enumerate(line) if ch == "|"]
    return [(bars[0], " "), (bars[-1], " ")] + [(at, "\t") for at in bars[1:-1]]


def _spaced_header(text: str, start: int, end: int, lex) -> list[tuple[int, str]]:
    """A header row on a line of its own with spaces between its labels (序号 问题描述 整改要求
    责任单位 完成时限, a table copied as text): the tabs that make it one; else nothing."""
    if "\t" in text[start:end] or lex["role_of"].keys().isdisjoint(text[start:end].split(" ")):
        return []
    tokens = list(TOKEN.finditer(text, start, end))
    if len(tokens) < lex["min"] or _header_run(tokens, 0, lex) != len(tokens):
        return []
    return [(t.start() - 1, "\t") for t in tokens[1:] if text[t.start() - 1] == " "]


def _spaced_row(text: str, start: int, end: int, expected: int, edits: list) -> int | None:
    """A row of such a table, on its line and opening with its number: its spaces become tabs
    (its cells are then aligned to the columns as a flattened row's are). The number the next
    row opens with, or None where the table ends."""
    tokens = list(TOKEN.finditer(text, start, end))
    if not tokens or tokens[0].group() != str(expected):
        return None
    edits += [(t.start() - 1, "\t") for t in tokens[1:] if text[t.start() - 1] == " "]
    return expected + 1


def _unflatten_line(text: str, start: int, end: int, lex) -> list[tuple[int, str]]:
    if lex["role_of"].keys().isdisjoint(text[start:end].replace("\t", " ").split(" ")):
        return []               # no token is a column label: no header row, so no table (most lines)
    tokens = list(TOKEN.finditer(text, start, end))
    edits: list[tuple[int, str]] = []
    i = 0
    expected = None
    role_of = lex["role_of"]
    while i < len(tokens):
        # a header row opens with a known column label: most tokens open none
        run = _header_run(tokens, i, lex) if tokens[i].group() in role_of else 0
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
    """How many tokens from *i* on are a header row, or 0: known column labels, with a few
    unknown label-like words among them (检查日期); it starts and ends on a known label."""
    known = gap = run = 0
    for k in range(i, len(tokens)):
        word = tokens[k].group()
        if word in lex["role_of"]:
            known, gap, run = known + 1, 0, k - i + 1
        elif known and gap < lex["max_unknown_run"] and lex["unknown_label"].match(word):
            gap += 1
        else:
            break
    unknown = run - known
    return run if known >= lex["min"] and unknown < known else 0


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
        """The column's text as one cell (several cells of one column joined). Several bodies'
        names in a unit column are a list of bodies (镇安监办 镇消防站 → 镇安监办、镇消防站);
        the separator has the length of the gap, so names keep their offsets."""
        cells = self.cells.get(role)
        if not cells:
            return None
        joiner = "、" if role in UNIT_ROLES and all(_is_unit(c.text, _lexicon()) for c in cells) else " "
        return Cell(cells[0].start, cells[-1].end, joiner.join(c.text for c in cells))


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
        pieces = _pieces(text, start, end)
        roles = _header_roles([c for c in pieces if c is not None], lex)
        if roles is not None:
            if current is not None and current.roles == roles:
                continue                    # the header printed again on the next page
            date = lex["date"].search(previous)
            current = Table(start, roles, date.group() if date else None)
            tables.append(current)
            continue
        if current is not None:
            current.rows.append(_row(pieces, current.roles, start, end, lex))
        previous = line
    return [t for t in tables if t.rows]


def _header_roles(cells: list[Cell], lex) -> list[str] | None:
    """The roles of a header line's columns, or None when the line is no header: at least
    `min_columns` known labels, and fewer unknown label-like cells than known ones."""
    roles = []
    for cell in cells:
        role = role_of(cell.text)
        if role is None and not lex["unknown_label"].match(cell.text.replace(" ", "")):
            return None
        roles.append(role or UNKNOWN)
    known = sum(role != UNKNOWN for role in roles)
    return roles if known >= lex["min"] and known > len(roles) - known else None


def _pieces(text: str, start: int, end: int) -> list[Cell | None]:
    """The tab-separated cells of a line, None for an empty one (trailing empties dropped)."""
    out: list[Cell | None] = []
    pos = start
    for piece in text[start:end].split("\t"):
        stripped = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        out.append(Cell(pos + lead, pos + lead + len(stripped), stripped) if stripped else None)
        pos += len(piece) + 1
    while out and out[-1] is None:
        out.pop()
    return out


def _row(pieces: list[Cell | None], roles: list[str], start: int, end: int, lex) -> Row:
    """A row's cells by column: by position when the row kept its empty cells (a real table),
    else aligned by shape."""
    row = Row(start, end, None)
    if None in pieces and len(pieces) <= len(roles):
        for role, cell in zip(roles, pieces):
            if cell is None:
                continue
            if role == "number":
                row.number = cell.text
            else:
                row.cells.setdefault(role, []).append(cell)
        return row
    cells = [c for c in pieces if c is not None]
    columns = list(roles)
    if columns and columns[0] == "number":
        columns = columns[1:]
        if cells and cells[0].text.isdigit():
            row.number = cells[0].text
            cells = cells[1:]
    for cell, column in zip(cells, _align([c.text for c in cells], columns, lex)):
        row.cells.setdefault(columns[column], []).append(cell)
    return row


# ---------------------------------------------------------------- aligning tokens to columns

#: Columns that hold one short value: a second token there is most likely another column's.
SINGLE_VALUE = ("subject", "leaders", "phone", "deadline")
#: Columns a row is about: empty, the row is more likely misread than without its problem.
MAIN = ("problem", "task")
#: Columns a ledger often leaves empty (no one named, no phone, nothing to remark).
OPTIONAL = ("leaders", "phone", "progress", "other", "cooperating", UNKNOWN)
FILL = 1.0              # a column holding a token: rows fill their columns one cell each
EMPTY_MAIN = -4.0       # the problem or task column left empty
EMPTY_USUAL = -2.0      # another column that is not optional left empty
EXTRA_SINGLE = -1.5     # a second token in a one-value column
EXTRA_TEXT = -0.5       # a second token in a text column (a space inside the cell)
OPENER = 1.0            # a measures column that opens with a verb of action
LEFT = 0.01             # ties: a token leans to the earlier column (a cell split, not a cell skipped)


def _kind(text: str, lex) -> str:
    """The shape of a token: phone, period (a time limit), unit (a body's name), status (a state
    of the work), person (a name or names joined by 、), or text."""
    if lex["phone"].match(text):
        return "phone"
    if lex["period"].match(text):
        return "period"
    if _is_unit(text, lex):
        return "unit"
    if lex["status"].match(text):
        return "status"
    if all(_is_person(name, lex) for name in text.split("、")):
        return "person"
    return "text"


def _is_person(text: str, lex) -> bool:
    """A Chinese name: a common surname and one or two characters, or a compound surname
    (欧阳) and one or two; any short word would pass for a name without the surname."""
    if not lex["person"].match(text):
        return False
    if text.startswith(lex["compound_surnames"]):
        return len(text) >= 3
    return text[0] in lex["surnames"] and len(text) <= 3


def _is_unit(text: str, lex) -> bool:
    """Whether a cell names bodies: every name ends as a body's name does (…局, …办, …站),
    a bracketed note (（牵头）) aside."""
    names = [re.sub(r"[（(][^（）()]{0,12}[）)]$", "", name) for name in text.split("、")]
    return all(name.endswith(lex["unit_suffixes"]) and len(name) > 1 for name in names)


def _fit(kind: str, role: str) -> float:
    """How well a token of a shape fits a column: a shape in its own column scores high, a
    phone or a limit elsewhere low; free text fits the text columns."""
    if role == "phone":
        return 4.0 if kind == "phone" else -3.0
    if role == "deadline":
        return {"period": 4.0, "phone": -3.0, "unit": -3.0}.get(kind, -1.0)
    if role == "leaders":
        return {"person": 2.0, "text": -1.0}.get(kind, -3.0)
    if role in UNIT_ROLES:
        return {"unit": 3.0, "phone": -3.0, "period": -3.0}.get(kind, -1.0)
    if kind == "phone":
        return 0.0 if role in ("other", UNKNOWN) else -3.0
    if role == "progress":
        return 2.0 if kind == "status" else 0.0
    if role == "subject":
        return {"unit": 1.0, "period": -1.0}.get(kind, 0.0)
    if kind == "period" and role in ("problem", "task", "measures"):
        return -1.0
    return 0.0


def _gain(token: str, kind: str, role: str, column: int, first: bool, lex) -> float:
    """The score of placing a token in a column, as its first token or a further one."""
    gain = _fit(kind, role) - LEFT * column
    if first:
        gain += FILL
        if role == "measures" and token.startswith(lex["measure_openers"]):
            gain += OPENER
    elif role in SINGLE_VALUE:
        gain += EXTRA_SINGLE
    elif not (role in UNIT_ROLES and kind == "unit"):
        gain += EXTRA_TEXT
    return gain


def _empty(role: str) -> float:
    """The cost of a column left without a token."""
    if role in MAIN:
        return EMPTY_MAIN
    return 0.0 if role in OPTIONAL else EMPTY_USUAL


def _align(tokens: list[str], columns: list[str], lex) -> list[int]:
    """The column of each token: the best monotone alignment (tokens in order, each column
    holding a run of them, possibly none). A state (i, j, open) says tokens[:i] are placed,
    columns[:j] are closed, and whether column j holds a token already; from it, token i goes
    into column j, or column j is closed."""
    kinds = [_kind(t, lex) for t in tokens]
    n, m = len(tokens), len(columns)
    best: dict[tuple[int, int, bool], tuple[float, tuple | None]] = {(0, 0, False): (0.0, None)}

    def relax(state, score, came_from):
        if state not in best or score > best[state][0]:
            best[state] = (score, came_from)

    for i in range(n + 1):
        for j in range(m + 1):
            for is_open in (False, True):
                if (i, j, is_open) not in best:
                    continue
                score = best[(i, j, is_open)][0]
                if j == m:
                    continue
                relax((i, j + 1, False), score + (0.0 if is_open else _empty(columns[j])), (i, j, is_open))
                if i < n:
                    gain = _gain(tokens[i], kinds[i], columns[j], j, not is_open, lex)
                    relax((i + 1, j, True), score + gain, (i, j, is_open))
    placed = [0] * n
    state = (n, m, False)
    while best[state][1] is not None:
        came_from = best[state][1]
        if came_from[0] < state[0]:
            placed[came_from[0]] = came_from[1]
        state = came_from
    return placed
