"""Unwrap the notice from whatever carries it: HTML, a database row, markdown, code, a PDF text layer.

``unwrap(text)`` follows the convention of every normalize step: it returns
``(new_text, offset_map_or_None, found)``, where *found* lists warnings
(``{"code", "message", "span"}``) and evidence (``{"evidence": field, "value": str,
"span": (start, end)}``), spans in *text* coordinates.

It runs in passes, each an ``apply_edits`` over the previous pass's output, composed in a
``MapChain`` (returned as the map: it has the ``to_source`` a map needs):

1. containers: a SQL ``INSERT``, a CSV record or a JSON document is cut down to its text
   values (escapes decoded); short values are evidence by their column or key, long ones
   are *segments* (a row may hold the page twice: a content column and the whole page);
2. markup: HTML or JSX tags become line breaks, tabs between cells, or nothing; entities
   are decoded; scripts, styles, comments, hidden blocks and the page head go (the head's
   ``<title>`` and ``<meta>`` tags are evidence);
3. lines: metadata blocks become evidence, front matter and crawler headers likewise;
   on a whole page only the notice is kept (the run of lines that reads like prose,
   grown by its title and signature lines); markdown markers and PDF page furniture go;
   a body given twice is kept once;
4. footnotes of a PDF text layer move after the body (a hand-built map: each character
   still points at its place), so that they no longer cut the body's sentences.

Dense input (a megabyte of tags, escapes or page breaks) is left as it is past fixed
bounds, with a ``markup_kept`` warning.

Every rule that is a word list lives in ``pipeline/data/unwrap.yaml``. Every regex is
bounded, and every scan moves forward: the time is linear in the input.
"""
from __future__ import annotations

import bisect
import functools
import html.entities
import re
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING

from taizhang.pipeline.lexicon import alternation, load
from taizhang.pipeline.offsets import MapChain, OffsetMap, apply_edits

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SENTENCE_PUNCT = set("，。；：、？！,;")
CLAUSE_PUNCT = set("，。；、？！")
HEAD_SCAN = 200_000        # detection looks at the head of the text only
# A wrapper denser than this is no notice's (a megabyte of <p>x</p>, of '' or of page
# breaks): the pass leaves it as it is, so that any input takes time linear in its size
# with a small constant.
MAX_TOKENS = 60_000        # tags of one segment
MAX_ESCAPES = 60_000       # escapes of one container value
MAX_LINES = 40_000         # lines of one segment for the line rules
MAX_FIELDS = 2_000         # fields of one CSV row
MIN_SEGMENT = 60           # a container value shorter than this is a field, not the notice

if TYPE_CHECKING:
    from taizhang.schemas.lexicons import Unwrap


@functools.lru_cache(maxsize=1)
def lexicon() -> Unwrap:
    """unwrap.yaml's fields (named and validated by its model, schemas/lexicons.py's Unwrap) as
    attributes, so rules read attributes, not keys. A plain namespace of the validated data:
    building the model's class costs every start 40 ms (the model's fields have no defaults
    and no validators that change values, so the two read the same)."""
    return SimpleNamespace(**load("unwrap"))


@functools.lru_cache(maxsize=1)
def _label_fields() -> dict[str, str | None]:
    """label (lower case) → field, None for labels that only mark a metadata block."""
    table: dict[str, str | None] = {}
    for name, labels in lexicon().field_labels.items():
        for label in labels:
            table[label.lower()] = None if name == "other" else name
    return table


LABEL_SPACES = re.compile(r"[\s\u3000]+")


def label_field(label: str) -> tuple[bool, str | None]:
    """Whether *label* is a known metadata label, and the field it gives."""
    key = label.strip().strip("【】[]").strip().lower()
    key = LABEL_SPACES.sub("", key) if len(key) <= 12 else key
    if key in _label_fields():
        return True, _label_fields()[key]
    return False, None


# --- the driver ---------------------------------------------------------------------------

@dataclass
class Segment:
    """A stretch of the current text that holds (a copy of) the notice, and what wraps it."""

    start: int
    end: int
    container: str | None = None      # sql / csv / json: the segment is one of its values
    flattened_cells: bool = False     # paragraphs marked only by 　　 (CSV, crawler text)
    links: list[tuple[int, int]] = field(default_factory=list)   # linked text, set by pass 2
    markup: str | None = None          # html / jsx, set by pass 2


class _Passes:
    """The chain of passes, with their findings converted back to the input's coordinates."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.chain = MapChain()
        self.found: list[dict] = []

    def run(self, edits, items) -> None:
        """Apply *edits* to the current text; *items* carry spans in its coordinates."""
        for item in items:
            if item.get("span") is not None:
                item["span"] = self.chain.span(*item["span"])
            self.found.append(item)
        new, mapping = apply_edits(self.text, edits)
        self.chain.push(mapping)
        self.text = new


def unwrap(text: str):
    """Strip every wrapper from *text*; see the module docstring for the passes."""
    passes = _Passes(text)
    segments, edits, items = containers(text)
    forward = Forward(edits)
    passes.run(edits, items)
    segments = [forward.segment(s) for s in segments]

    edits, items = [], []
    for seg in segments:
        seg_edits, seg_items = render_markup(passes.text, seg)
        edits += seg_edits
        items += seg_items
    forward = Forward(edits)
    passes.run(edits, items)
    segments = [forward.segment(s) for s in segments]

    from taizhang.pipeline.normalize import simplified_view    # (normalize runs unwrap first)

    edits, items, moves = lines_pass(simplified_view(passes.text), segments)
    forward = Forward(edits)
    passes.run(edits, items)
    if moves:
        moves = [(forward(end, "end"), [(forward(a, "start"), forward(b, "end")) for a, b in spans])
                 for end, spans in moves]
        text, mapping = move_to_end(passes.text, moves)
        passes.text = text
        passes.chain.push(mapping)
    found = _ordered(passes.found)
    mapping = passes.chain if passes.chain.maps else None
    return passes.text, mapping, found


def move_to_end(text: str, moves) -> tuple[str, OffsetMap]:
    """Move spans (footnotes) after the end of their segment, each on a line of its own,
    with a map that keeps every moved character pointing at its place in the input."""
    mapping, pieces, out, pos = OffsetMap(), [], 0, 0

    def keep(start: int, end: int) -> None:
        nonlocal out
        if start < end:
            mapping.add(out, start)
            pieces.append(text[start:end])
            out += end - start

    for seg_end, spans in moves:
        for start, end in spans:
            keep(pos, start)
            pos = max(pos, end)
        keep(pos, seg_end)
        pos = max(pos, seg_end)
        for start, end in spans:
            if start >= end:
                continue
            mapping.add(out, start, 0)     # the line break before a note maps to its start
            pieces.append("\n")
            out += 1
            keep(start, end)
    keep(pos, len(text))
    return "".join(pieces), mapping


def _ordered(found: list[dict]) -> list[dict]:
    """Warnings first (one markup_removed per form, spanning all it removed), then evidence
    by how direct its source is (a metadata table before a <title>): normalize keeps the
    first value given for a field."""
    warnings, by_form = [], {}
    for item in found:
        if "evidence" in item:
            continue
        form = item.pop("form", None)
        if item["code"] == "markup_removed" and form is not None:
            form = {"front_matter": "markdown", "crawler_header": "html"}.get(form, form)
            item["message"] = item["message"].replace("front_matter", "markdown") \
                .replace("crawler_header", "html")
            if form in by_form:
                kept = by_form[form]
                kept["span"] = (min(kept["span"][0], item["span"][0]), max(kept["span"][1], item["span"][1]))
                continue
            by_form[form] = item
        warnings.append(item)
    evidence = [item for item in found if "evidence" in item]
    evidence.sort(key=lambda item: item.get("_rank", 0))
    for item in evidence:
        item.pop("_rank", None)
    return warnings + evidence


class Forward:
    """Where positions of a pass's input land in its output (the inverse of its map)."""

    def __init__(self, edits) -> None:
        self.starts, self.ends, self.lengths, self.shift_after = [], [], [], []
        shift, last = 0, 0
        for start, end, replacement in edits:
            if start < last:
                continue        # apply_edits skips an overlapping edit: so do we
            shift += len(replacement) - (end - start)
            self.starts.append(start)
            self.ends.append(end)
            self.lengths.append(len(replacement))
            self.shift_after.append(shift)
            last = end

    def __call__(self, pos: int, side: str = "start") -> int:
        """A segment's start takes in a replacement that begins there; its end does not."""
        find = bisect.bisect_right if side == "start" else bisect.bisect_left
        i = find(self.starts, pos) - 1
        if i < 0:
            return pos
        if pos >= self.ends[i]:
            return pos + self.shift_after[i]
        before = self.shift_after[i - 1] if i > 0 else 0
        out_start = self.starts[i] + before
        return out_start if side == "start" else out_start + self.lengths[i]

    def segment(self, seg: Segment) -> Segment:
        seg.start, seg.end = self(seg.start, "start"), self(seg.end, "end")
        seg.links = [(self(a, "start"), self(b, "end")) for a, b in seg.links]
        return seg


def _evidence(name: str | None, value: str, span: tuple[int, int], rank: int = 0) -> list[dict]:
    value = value.strip()
    if not name or not value:
        return []
    return [{"evidence": name, "value": value, "span": span, "_rank": rank}]


def _too_dense(form: str, span) -> dict:
    return {"code": "markup_kept", "span": span,
            "message": f"{form}: markup too dense to be a notice's page; left as it is"}


def _markup_warning(form: str, span: tuple[int, int], what: str) -> dict:
    return {"code": "markup_removed", "span": span, "form": form,
            "message": f"{form}: {what} removed; the notice is read from inside it"}


# --- pass 1: containers -------------------------------------------------------------------

def containers(text: str):
    """Cut a SQL row, CSV record or JSON document down to its values; else one segment."""
    head = text[:HEAD_SCAN]
    for reader in (read_sql, read_json, read_csv):
        result = reader(text, head)
        if result is not None:
            return result
    return [Segment(0, len(text))], [], []


def _keep_values(text: str, values, form: str, span) -> tuple[list[Segment], list, list]:
    """Edits that keep only the long *values* (name, start, end, edits), one per segment."""
    items, edits, segments, kept = [], [], [], []
    content_keys = {k.lower() for k in lexicon().content_keys}
    long_values = [v for v in values if _is_text_value(text, v, content_keys)]
    if not long_values:
        return None
    for name, start, end, value_edits in values:
        if any(v[1] == start for v in long_values):
            kept.append((start, end, value_edits))
            continue
        known, field_name = label_field(name or "")
        raw = apply_edits(text[start:end], [(s - start, e - start, r) for s, e, r in value_edits])[0]
        if name is None:
            field_name = _field_by_shape(raw)
        items += _evidence(field_name, raw, (start, end))
    pos = 0
    for start, end, value_edits in kept:
        edits.append((pos, start, "\n" if pos else ""))
        edits += value_edits
        segments.append(Segment(start, end, container=form))
        pos = end
    edits.append((pos, len(text), "\n" if pos < len(text) else ""))
    edits = [e for e in edits if e[0] < e[1] or e[2]]
    items.insert(0, _markup_warning(form, span, f"the {form} around the notice's text"))
    return segments, edits, items


def _is_text_value(text: str, value, content_keys) -> bool:
    """A value that holds the notice: long and written (Chinese or markup), or named so."""
    name, start, end, _ = value
    if (name or "").lower() in content_keys:
        return True
    if end - start < MIN_SEGMENT:
        return False
    sample = text[start:min(end, start + 4000)]
    return len(re.findall(f"[{CJK}]", sample)) >= 20 or sample.count("<") >= 5


def _field_by_shape(value: str) -> str | None:
    """A column without a name: a title or a date is recognized by its shape."""
    value = value.strip()
    if re.fullmatch(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?", value):
        return "published_date"
    if 6 <= len(value) <= 150 and "。" not in value and re.search(f"[{CJK}]", value) \
            and re.search(r"关于|的(?:通知|函|意见|决定|批复|报告|通报|公告|通告|答复|方案)$", value):
        return "title"
    return None


# SQL ---------------------------------------------------------------------------------------

SQL_INSERT = re.compile(r"insert\s+(?:ignore\s+)?into\s+[`\"\[]?([\w.$]{1,80})[`\"\]]?\s*(\(([^()]{0,8000})\))?\s*values\s*\(",
                        re.IGNORECASE)
SQL_SPECIAL = re.compile(r"[\\']")
SQL_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "", "b": "", "Z": "", "\\": "\\", "'": "'",
               '"': '"', "%": "%", "_": "_"}


def read_sql(text: str, head: str):
    """``INSERT INTO t (cols) VALUES (…)``: its string values, escapes decoded."""
    m = SQL_INSERT.search(head) if "(" in head else None    # (… VALUES ( …: most texts hold no "("
    if m is None or head[:m.start()].strip() and not _sql_preamble(head[:m.start()]):
        return None
    values, pos = [], 0
    while m is not None:
        columns = [c.strip().strip("`\"[]") for c in (m.group(3) or "").split(",")] if m.group(2) else []
        pos, row = _sql_values(text, m.end(), columns)
        values += row
        m = SQL_INSERT.search(text, pos) if pos < len(text) else None
    return _keep_values(text, values, "sql", (0, len(text)))


def _sql_preamble(prefix: str) -> bool:
    """What may stand before the first INSERT: comments, SET/USE/LOCK statements, DDL."""
    return bool(re.match(r"(?is)\s*(?:--|/\*|#|set\s|use\s|lock\s|drop\s|create\s)", prefix))


def _sql_values(text: str, pos: int, columns: list[str]):
    """Read value tuples from *pos* (just after ``(``) to the end of the statement."""
    values, index, n = [], 0, len(text)
    while pos < n:
        ch = text[pos]
        if ch == "'":
            start = pos + 1
            pos, edits = _sql_string(text, start)
            name = columns[index] if index < len(columns) else None
            values.append((name, start, pos - 1, edits))
            if len(values) > MAX_FIELDS:
                return n, []        # no row of a notice has this many values
        elif ch == ",":
            index += 1
            pos += 1
        elif ch == ")":
            pos += 1
            rest = re.compile(r"\s*,\s*\(").match(text, pos)
            if rest:
                index, pos = 0, rest.end()
                continue
            return pos, values
        elif ch == ";":
            return pos + 1, values
        else:
            pos += 1
    return pos, values


def _sql_string(text: str, pos: int):
    """Scan a quoted SQL string from *pos*; return the position after its closing quote
    and the edits that decode its escapes (``\\'``, ``''``, ``\\r\\n``, ``\\t``)."""
    edits, n = [], len(text)
    while True:
        m = SQL_SPECIAL.search(text, pos)
        if m is None:
            return n, edits
        i = m.start()
        if len(edits) > MAX_ESCAPES:
            return n, []            # too dense to be a page: the rest is kept as written
        if text[i] == "\\":
            nxt = text[i + 1:i + 2]
            if nxt == "r" and text[i + 2:i + 4] == "\\n":
                edits.append((i, i + 4, "\n"))
                pos = i + 4
            else:
                edits.append((i, i + 2, SQL_ESCAPES.get(nxt, nxt)))
                pos = i + 2
        elif text[i + 1:i + 2] == "'":
            edits.append((i, i + 2, "'"))
            pos = i + 2
        else:
            return i + 1, edits


# JSON --------------------------------------------------------------------------------------

JSON_TOKEN = re.compile(r'"|[{}\[\]:,]')
JSON_SPECIAL = re.compile(r'["\\]')
JSON_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "", "f": "\f", "/": "/", "\\": "\\", '"': '"'}


def read_json(text: str, head: str):
    """A JSON document: its string values by key; the longest (or a content key) is the notice."""
    stripped = head.lstrip("\ufeff \t\r\n")
    if not stripped[:1] in ("{", "[") or not re.match(r'[{\[]\s*["{\[]', stripped):
        return None
    values, stack, key, pos, n = [], [], None, 0, len(text)
    while pos < n:
        m = JSON_TOKEN.search(text, pos)
        if m is None:
            break
        ch = m.group()
        if ch == '"':
            start = m.end()
            pos, edits = _json_string(text, start)
            after = re.compile(r"\s*:").match(text, pos)
            if after and (not stack or stack[-1] == "{"):
                key = apply_edits(text[start:pos - 1], [(s - start, e - start, r) for s, e, r in edits])[0]
                pos = after.end()
            else:
                values.append((key, start, pos - 1, edits))
                if len(values) > MAX_FIELDS:
                    return None
            continue
        if ch in "{[":
            stack.append(ch)
        elif ch in "}]" and stack:
            stack.pop()
        pos = m.end()
    if not values:
        return None
    return _keep_values(text, values, "json", (0, len(text)))


def _json_string(text: str, pos: int):
    edits, n = [], len(text)
    while True:
        m = JSON_SPECIAL.search(text, pos)
        if m is None:
            return n, edits
        i = m.start()
        if len(edits) > MAX_ESCAPES:
            return n, []
        if text[i] == '"':
            return i + 1, edits
        nxt = text[i + 1:i + 2]
        if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[i + 2:i + 6]):
            code, end = int(text[i + 2:i + 6], 16), i + 6
            low = text[i + 6:i + 12]
            if 0xD800 <= code < 0xDC00 and re.fullmatch(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", low):
                code = 0x10000 + ((code - 0xD800) << 10) + (int(low[2:], 16) - 0xDC00)
                end = i + 12
            edits.append((i, end, chr(code)))
            pos = end
        else:
            edits.append((i, i + 2, JSON_ESCAPES.get(nxt, nxt)))
            pos = i + 2


# CSV ---------------------------------------------------------------------------------------

CSV_FIELD_END = re.compile(r'[,\n"]')


def read_csv(text: str, head: str):
    """A CSV record (with or without a header row): its fields, quotes undoubled."""
    first_line = head.split("\n", 1)[0]
    if first_line.count(",") < 2 or "<" in first_line[:200]:
        return None
    rows = _csv_rows(text, limit=3)
    if not rows:
        return None
    header = None
    if len(rows) >= 2 and _is_header(rows[0], text):
        header = [text[s:e].strip().strip('"') for s, e, _ in rows[0]]
        records = rows[1:]
    else:
        records = rows
    record = records[0]
    if not _looks_like_record(record, text, header is not None):
        return None
    if header is None and len(record) > 2:
        record = _merge_unquoted(record, text)
    values = []
    for i, (start, end, edits) in enumerate(record):
        name = header[i] if header and i < len(header) else None
        values.append((name, start, end, edits))
    result = _keep_values(text, values, "csv", (0, len(text)))
    if result is None:
        return None
    segments, edits, items = result
    for seg in segments:
        seg.flattened_cells = True
    return segments, edits, items


def _csv_rows(text: str, limit: int):
    """Up to *limit* rows of fields (start, end, edits) from the head of *text*."""
    rows, row, pos, n = [], [], 0, len(text)
    while pos <= n and len(rows) < limit:
        if pos < n and text[pos] == '"':
            start, pos, edits = pos + 1, pos + 1, []
            while True:
                q = text.find('"', pos)
                if q < 0:
                    return rows + ([row] if row else [])
                if text[q + 1:q + 2] == '"':
                    edits.append((q, q + 2, '"'))
                    pos = q + 2
                    continue
                row.append((start, q, edits))
                pos = q + 1
                break
            m = CSV_FIELD_END.search(text, pos)
            pos = m.start() if m else n
        else:
            m = re.compile(r"[,\n]").search(text, pos)
            end = m.start() if m else n
            row.append((pos, end, []))
            pos = end
        if pos >= n:
            rows.append(row)
            break
        if text[pos] == "\n":
            rows.append(row)
            row = []
        if len(row) > MAX_FIELDS:
            return []
        pos += 1
        if pos == n:
            rows.append(row)
            break
    return [r for r in rows if r]


def _is_header(row, text: str) -> bool:
    names = [text[s:e].strip() for s, e, _ in row]
    return len(names) >= 3 and all(0 < len(x) <= 20 and not re.search(r"[，。；、：\s]", x) for x in names) \
        and sum(label_field(x)[0] or x.lower() in {k.lower() for k in lexicon().content_keys} for x in names) >= 2


def _looks_like_record(record, text: str, has_header: bool) -> bool:
    """A record holds one long field and several short ones; the first is an id or quoted."""
    if len(record) < 3:
        return False
    lengths = [e - s for s, e, _ in record]
    if max(lengths) < MIN_SEGMENT or sum(1 for n in lengths if n <= 40) < 2:
        return False
    if has_header:
        return True
    first = text[record[0][0]:record[0][1]]
    quoted = record[0][0] > 0 and text[record[0][0] - 1] == '"'
    return quoted or bool(re.fullmatch(r"\s*\d{1,12}\s*", first))


def _merge_unquoted(record, text: str):
    """Unquoted, a long field may hold commas of its own: rejoin it between the short fields."""
    longest = max(range(len(record)), key=lambda i: record[i][1] - record[i][0])
    lo = hi = longest
    while lo > 0 and not _short_field(text, record[lo - 1]) and not record[lo - 1][2]:
        lo -= 1
    while hi < len(record) - 1 and not _short_field(text, record[hi + 1]) and not record[hi + 1][2]:
        hi += 1
    if lo == hi:
        return record
    merged = (record[lo][0], record[hi][1], [])
    return record[:lo] + [merged] + record[hi + 1:]


def _short_field(text: str, f) -> bool:
    value = text[f[0]:f[1]]
    return len(value) <= 40 and "。" not in value


# --- pass 2: markup ------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _tag_pattern() -> re.Pattern:
    # One character, a bounded quoted value, or a bounded {expression} at a time: no
    # alternative can match what another matches, so a failing tag fails in one sweep.
    # A quoted value or an expression stops at the next "<": a failing tag costs no more
    # than the text up to the next tag.
    return re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:._-]{0,40})((?:[^<>\"'{}]|\"[^\"<]{0,4000}\""
                      r"|'[^'<]{0,4000}'|\{[^{}<]{0,4000}\})*?)(/?)>")


def _html_signals(text: str, start: int, end: int) -> int:
    names = "|".join(lexicon().html_signal_elements)
    pattern = re.compile(f"</?(?:{names})\\b[^<>]{{0,400}}>", re.IGNORECASE)
    return sum(1 for _ in zip(range(20), pattern.finditer(text, start, min(end, start + HEAD_SCAN))))


#: (text the signal holds, the signal): a window without the text is not searched, as
#: patterns opening with \b or \w are tried at every position of it.
JSX_SIGNALS = [(needed, re.compile(p)) for needed, p in (
    ("=>", r"=>\s*\("), ("{/*", r"\{/\*"), ("<", r"<[A-Z][A-Za-z0-9]{0,40}[\s/>]"), ("={", r"\w=\{"),
    ("export", r"\bexport\s+(?:default|const)\b"), ("import", r"^\s*import\s.{0,200}\sfrom\s"),
    ("className=", r"\bclassName="), ("return", r"\breturn\s*\("))]


def detect_markup(text: str, start: int, end: int) -> str | None:
    window = text[start:min(end, start + HEAD_SCAN)]
    jsx = sum(1 for needed, p in JSX_SIGNALS if needed in window and p.search(window))
    if jsx >= 3:
        return "jsx"
    if _html_signals(text, start, end) >= 5:
        return "html"
    return None


@dataclass
class _Element:
    name: str
    start: int
    attrs: str
    end: int | None = None


def render_markup(text: str, seg: Segment):
    """Edits that turn the HTML or JSX of *seg* into text; evidence from the page head."""
    form = detect_markup(text, seg.start, seg.end)
    if form is None:
        return [], []
    seg.markup = form
    tokens = _tokenize(text, seg.start, seg.end, jsx=form == "jsx")
    if tokens is None:
        seg.markup = None
        return [], [_too_dense(form, (seg.start, seg.end))]
    elements, links = _elements(tokens, text)
    dropped = _dropped_regions(elements, text)
    items = _head_evidence(text, tokens, elements)
    titles = {re.sub(r"\s+", "", i["value"]) for i in items if i.get("evidence") == "title"}
    items += [i for i in _link_evidence(text, elements)
              if re.sub(r"\s+", "", i["value"]) not in titles]   # the notice's own file is no attachment
    edits = _render(text, tokens, dropped, (seg.start, seg.end), jsx=form == "jsx")
    seg.links = links
    what = "tags, entities, scripts and styles" if form == "html" else "code, tags and comments"
    items.insert(0, _markup_warning(form, (seg.start, seg.end), what))
    return edits, items


def _tokenize(text: str, start: int, end: int, jsx: bool):
    """(kind, start, end, name, attrs) for every tag, comment and raw-text element."""
    lex = lexicon()
    raw = {"script", "style", "textarea"} if not jsx else set()
    tag = _tag_pattern()
    tokens, pos = [], start
    while True:
        lt = text.find("<", pos, end)
        if lt < 0:
            break
        if text.startswith("<!--", lt):
            close = text.find("-->", lt + 4, end)
            stop = end if close < 0 else close + 3
            tokens.append(("comment", lt, stop, "", ""))
            pos = stop
            continue
        if text.startswith("<!", lt) or text.startswith("<?", lt):
            close = text.find(">", lt, end)
            if close < 0:
                break
            tokens.append(("comment", lt, close + 1, "", ""))
            pos = close + 1
            continue
        m = tag.match(text, lt, end)
        if m is None:
            pos = lt + 1
            continue
        name = m.group(2).lower() if not jsx else m.group(2)
        closing, attrs = m.group(1) == "/", m.group(3)
        self_closing = m.group(4) == "/" or name.lower() in lex.void_elements
        if not closing and name in raw and not self_closing:
            close = re.compile(f"</{name}\\s*>", re.IGNORECASE).search(text, m.end(), end)
            stop = close.end() if close else end
            tokens.append(("raw", lt, stop, name, attrs))
            pos = stop
            continue
        kind = "close" if closing else ("void" if self_closing else "open")
        tokens.append((kind, lt, m.end(), name, attrs))
        pos = m.end()
        if len(tokens) > MAX_TOKENS:
            return None
    return tokens


IMPLIED_CLOSE = {"p": {"p"}, "li": {"li"}, "tr": {"tr", "td", "th"}, "td": {"td", "th"},
                 "th": {"td", "th"}, "option": {"option"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}}


def _elements(tokens, text: str):
    """Elements with their extents (open tag start → close tag end), and the linked spans."""
    stack: list[_Element] = []
    done: list[_Element] = []
    for kind, start, end, name, attrs in tokens:
        if kind == "open":
            implied = IMPLIED_CLOSE.get(name)
            if implied and stack and stack[-1].name in implied:
                el = stack.pop()
                el.end = start
                done.append(el)
            stack.append(_Element(name, start, attrs))
        elif kind in ("void", "raw"):
            done.append(_Element(name, start, attrs, end))
        elif kind == "close":
            for depth in range(len(stack) - 1, max(-1, len(stack) - 40), -1):
                if stack[depth].name == name:
                    while len(stack) > depth:
                        el = stack.pop()
                        el.end = end if len(stack) == depth else start
                        el.explicit = len(stack) == depth
                        done.append(el)
                    break
    tail = tokens[-1][2] if tokens else 0
    for el in stack:
        el.end = None if el.name not in ("a", "head") else _implicit_end(el, tokens, tail)
        done.append(el)
    links = sorted((el.start, el.end) for el in done if el.name.lower() == "a" and el.end)
    return done, links


def _implicit_end(el: _Element, tokens, tail: int) -> int:
    if el.name == "head":
        for kind, start, end, name, attrs in tokens:
            if start > el.start and kind == "open" and name == "body":
                return start
    return tail


HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|\shidden(?:[\s=/]|$)", re.IGNORECASE)


def _dropped_regions(elements, text: str) -> list[tuple[int, int, str]]:
    """Outermost regions dropped whole: scripts, styles, the head, hidden blocks, forms' widgets."""
    lex = lexicon()
    drop = set(lex.drop_elements)
    regions = []
    for el in elements:
        if el.end is None:
            continue
        name = el.name.lower()
        if name in drop or (el.attrs and HIDDEN.search(" " + el.attrs) and name not in lex.void_elements):
            block = name in lex.block_elements or name not in ("script", "style", "span", "font", "a")
            regions.append((el.start, el.end, "\n" if block and name not in ("head",) else ""))
    regions.sort()
    merged = []
    for start, end, repl in regions:
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end, merged[-1][2])
            continue
        merged.append((start, end, repl))
    return merged


ENTITY_OR_SPACE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
                             r"|[ \t\r\n\f\u00a0]{2,}|[\t\r\n\f]")
JSX_BRACE = re.compile(r"\{(?:/\*[^{}]{0,4000}?\*/|\s*(?:\"([^\"]{0,4000})\"|'([^']{0,4000})'|`([^`]{0,4000})`)\s*|[^{}]{0,4000})\}",
                       re.DOTALL)


def _render(text: str, tokens, dropped, bounds: tuple[int, int], jsx: bool):
    """Edits for tags, entities and white space, outside the dropped regions."""
    lex = lexicon()
    blocks, cells = set(lex.block_elements), set(lex.cell_elements)
    edits, d, depth = [], 0, 0
    region_end = -1

    def text_between(start: int, end: int) -> None:
        if start >= end:
            return
        if jsx:
            if depth <= 0:
                edits.append((start, end, ""))
                return
            _jsx_text(text, start, end, edits)
        else:
            _html_text(text, start, end, edits)

    pos = bounds[0]
    for kind, start, end, name, attrs in tokens:
        if start < region_end:
            continue
        while d < len(dropped) and dropped[d][1] <= start:
            d += 1
        if d < len(dropped) and dropped[d][0] <= start:
            region_start, region_end, repl = dropped[d]
            text_between(pos, region_start)
            edits.append((region_start, region_end, repl))
            pos = region_end
            d += 1
            continue
        text_between(pos, start)
        lname = name.lower()
        if kind == "comment" or kind == "raw":
            repl = ""
        elif lname in cells:
            repl = "\t" if kind == "close" else ""
        elif lname in blocks or (jsx and name[:1].isupper() and kind != "void"):
            repl = "\n"
        elif lname == "br":
            repl = "\n"
        else:
            repl = ""
        if jsx and kind == "open":
            depth += 1
        elif jsx and kind == "close":
            depth -= 1
        edits.append((start, end, repl))
        pos = end
    text_between(pos, bounds[1])
    return [e for e in edits if e[0] < e[1] or e[2]]


def _html_text(text: str, start: int, end: int, edits) -> None:
    """Entities decoded; a run of white space (line breaks of the source) is one space."""
    for m in ENTITY_OR_SPACE.finditer(text, start, end):
        token = m.group()
        if token[0] == "&":
            decoded = _entity(token)
            if decoded is not None:
                edits.append((m.start(), m.end(), decoded))
        elif token != " ":
            edits.append((m.start(), m.end(), _collapsed_space(text, m.start(), m.end())))


def _collapsed_space(text: str, start: int, end: int) -> str:
    """A run of white space is one space, or nothing where it is the source's line break next
    to a tag or to Chinese text (2022</span>⏎<span>年 reads 2022年)."""
    run = text[start:end]
    if "\n" not in run and "\r" not in run:
        return " "
    before = text[start - 1] if start > 0 else ">"
    after = text[end] if end < len(text) else "<"
    if before in "<>" or after in "<>" or _is_tight(before) or _is_tight(after) \
            or (before in "-/:.," and after.isdigit()):
        return ""
    return " "


def _is_tight(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3400" <= ch <= "\u4dbf"


def _jsx_text(text: str, start: int, end: int, edits) -> None:
    """JSX text: line breaks with their indentation vanish; {/* comments */} and {expr} go,
    {"literal"} keeps its string."""
    pos = start
    for m in JSX_BRACE.finditer(text, start, end):
        _jsx_plain(text, pos, m.start(), edits)
        literal = m.group(1) or m.group(2) or m.group(3)
        edits.append((m.start(), m.end(), literal or ""))
        pos = m.end()
    _jsx_plain(text, pos, end, edits)


def _jsx_plain(text: str, start: int, end: int, edits) -> None:
    for m in re.compile(r"[ \t\u00a0]*\n[ \t\n\u00a0]*|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});").finditer(text, start, end):
        if m.group()[0] == "&":
            decoded = _entity(m.group())
            if decoded is not None:
                edits.append((m.start(), m.end(), decoded))
        else:
            edge = m.start() == start or m.end() == end
            edits.append((m.start(), m.end(), "" if edge else " "))


def _entity(token: str) -> str | None:
    body = token[1:].rstrip(";")
    if body.startswith("#"):
        try:
            code = int(body[2:], 16) if body[1:2] in "xX" else int(body[1:])
            return chr(code) if 0 < code < 0x110000 else None
        except ValueError:
            return None
    if body == "nbsp":
        return " "
    return html.entities.html5.get(body + ";") if token.endswith(";") else \
        html.entities.html5.get(body) if body in ("amp", "lt", "gt", "quot") else None


META_ATTR = re.compile(r"""(name|property|http-equiv|content)\s*=\s*(?:"([^"]{0,4000})"|'([^']{0,4000})'|([^\s"'>]{1,400}))""",
                       re.IGNORECASE)
HREF = re.compile(r"""href\s*=\s*(?:"([^"]{0,4000})"|'([^']{0,4000})'|([^\s"'>]{1,4000}))""", re.IGNORECASE)


def _head_evidence(text: str, tokens, elements) -> list[dict]:
    """<meta name=… content=…> and <title>: evidence, ranked after the page's own tables."""
    items = []
    for el in elements:
        name = el.name.lower()
        if name == "meta" and el.attrs:
            attrs = {}
            for m in META_ATTR.finditer(el.attrs):
                attrs[m.group(1).lower()] = m.group(2) or m.group(3) or m.group(4) or ""
            key = attrs.get("name") or attrs.get("property") or ""
            known, field_name = label_field(key)
            value = _decode_entities(attrs.get("content", ""))
            if field_name == "title":
                value = strip_site(value)
            if known and field_name:
                items += _evidence(field_name, value, (el.start, el.end), rank=2)
        elif name == "title" and el.end is not None:
            inner = text[el.start:el.end]
            inner = re.sub(r"<[^<>]{0,400}>", "", inner)
            value = strip_site(_decode_entities(inner))
            items += _evidence("title", value, (el.start, el.end), rank=3)
    return items


def _decode_entities(value: str) -> str:
    return ENTITY_OR_SPACE.sub(lambda m: (_entity(m.group()) or m.group()) if m.group()[0] == "&" else " ", value)


def _link_evidence(text: str, elements) -> list[dict]:
    """A link whose text is a file name: the notice's own file (named by its 文号) or an attachment."""
    exts = "|".join(lexicon().file_extensions)
    file_name = re.compile(f"^(.{{1,120}})\\.(?:{exts})$", re.IGNORECASE)
    number = re.compile(lexicon().doc_number_pattern)
    items = []
    for el in elements:
        if el.name.lower() != "a" or el.end is None or el.end - el.start > 4000:
            continue
        inner = re.sub(r"<[^<>]{0,400}>", "", text[el.start:el.end]).strip()
        m = file_name.match(_decode_entities(inner).strip())
        if not m:
            continue
        stem = m.group(1).strip()
        field_name = "doc_number" if number.match(stem) else "attachments"
        items += _evidence(field_name, stem, (el.start, el.end), rank=4)
    return items


def strip_site(title: str) -> str:
    """The notice's title from a page title: the longest part between site separators,
    without leading site and column words (恩阳区政务服务网 政策文件 …)."""
    title = title.strip()
    parts = [title]
    for sep in lexicon().title_separators:
        parts = [piece for part in parts for piece in part.split(sep)]
    parts = [p.strip() for p in parts if p.strip()]
    if not parts:
        return title
    best = max(parts, key=len)
    words = best.split()
    endings = tuple(lexicon().site_word_endings)
    dropped = 0
    while dropped < len(words) - 1 and (words[dropped].endswith(endings)
                                        or (dropped and len(words[dropped]) <= 6 and words[dropped - 1].endswith(endings))):
        dropped += 1
    return " ".join(words[dropped:]) if dropped else best


# --- pass 3: lines ---------------------------------------------------------------------------

@dataclass
class Line:
    start: int
    end: int
    text: str
    linked: int = 0

    @property
    def stripped(self) -> str:
        return self.text.strip(" \t\u00a0")


def _lines(text: str, start: int, end: int) -> list[Line]:
    """The lines of text[start:end] (split once, in C) with their positions in *text*."""
    if start > end:
        return []
    lines, pos = [], start
    for part in text[start:end].split("\n"):
        stop = pos + len(part)
        lines.append(Line(pos, stop, part))
        pos = stop + 1
    return lines


def lines_pass(text: str, segments: list[Segment]):
    """Per segment: headers and metadata blocks as evidence, chrome and page furniture out,
    the notice kept once."""
    edits, items, kept_texts, moves = [], [], [], []
    for seg in segments:
        seg_edits, seg_items = _segment_lines(text, seg)
        key = _body_key(text, seg, seg_edits) if len(segments) > 1 else ""    # one segment: no copy
        duplicate = next((k for k in kept_texts if key and (key in k or (len(key) > 200 and key[:200] in k))), None)
        if duplicate is not None and key:
            items.append({"code": "duplicate_body", "span": (seg.start, seg.end),
                          "message": "the notice is given again here (another column or copy of the page); read once"})
            edits.append((seg.start, seg.end, ""))
            continue
        if key:
            kept_texts.append(key)
        edits += seg_edits
        items += seg_items
        if seg_edits.moves:
            moves.append((seg.end, sorted(seg_edits.moves)))
    edits.sort(key=lambda e: (e[0], e[1]))
    return edits, items, moves


def _body_key(text: str, seg: Segment, seg_edits) -> str:
    """The segment's text after its line edits, without white space (str.split's is re's \\s):
    what a copy of the notice in another segment repeats."""
    body = apply_edits(text[seg.start:seg.end], [(s - seg.start, e - seg.start, r) for s, e, r in seg_edits])[0]
    return "".join(body.split())


def _segment_lines(text: str, seg: Segment):
    edits, items = Edits(), []
    if text.count("\n", seg.start, seg.end) > MAX_LINES:
        if seg.markup or seg.container:
            _strip_blank_runs(text, seg, edits)
        return edits, [_too_dense("lines", (seg.start, seg.end))] if seg.markup else []
    lines = _lines(text, seg.start, seg.end)
    if seg.markup or seg.container:
        _mark_links(lines, seg.links)
    lines, more = _front_matter(text, lines, edits)
    items += more
    lines, more = _crawler_header(text, lines, edits)
    crawler = bool(more)
    items += more
    more = _metadata_blocks(lines, edits)
    items += more
    markdown = _is_markdown(lines, bool(items) and any(i.get("form") == "front_matter" for i in items))
    if seg.markup == "html" or (seg.container and seg.markup is None and not markdown):
        if seg.markup == "html":
            items += _main_content(text, lines, edits)
        _layout(lines, edits)
    elif seg.markup == "jsx":
        _layout(lines, edits)
    elif markdown:
        items += _markdown(text, lines, edits, seg)
    elif _is_pdf_text(text, seg):
        items += _pdf_text(text, seg, edits)
    if crawler:
        items += _flattened_page_chrome(text, lines, edits)
    if crawler or (seg.container and seg.markup is None and seg.flattened_cells):
        _cell_paragraphs(text, lines, edits)
    if not (seg.markup or seg.container or markdown or crawler):
        items += _plain_posting_date(lines) or _inline_posting_bar(text, seg, edits)
    items += _repeated_body(text, seg, edits)
    cleaned = Edits()
    cleaned += _clean_edits(edits)
    cleaned.moves = _moves_kept(edits.moves, cleaned)
    return cleaned, items


def _moves_kept(moves: list[tuple[int, int]], cleaned: list) -> list[tuple[int, int]]:
    """The moved spans not inside a larger removal (the removal takes them). *cleaned* is sorted
    without overlaps (_clean_edits), so the ends of its removals rise with their starts: the
    removals that may hold a span are the last ones starting at or before it (bisect)."""
    removals = [(s, e) for s, e, r in cleaned if not r]
    starts = [s for s, _ in removals]
    kept = []
    for move in moves:
        a, b = move[0], move[1]
        i = bisect.bisect_right(starts, a) - 1
        while i >= 0 and removals[i][1] >= b and not (removals[i][0] < a or removals[i][1] > b):
            i -= 1
        if not (i >= 0 and removals[i][1] >= b):
            kept.append(move)
    return kept


def _strip_blank_runs(text: str, seg: Segment, edits) -> None:
    """Without the line rules, a rendered page still loses its blank lines."""
    for m in re.compile(r"\n[ \t\u00a0]*(?=\n)").finditer(text, seg.start, seg.end):
        edits.append((m.start(), m.end(), ""))


def _plain_posting_date(lines: list[Line]) -> list[dict]:
    """A plain notice copied from a page may keep its posting line (时间:2023-07-06 16:16
    来源: 【字体:); normalize drops the line as debris, its date is evidence here."""
    _, _, posting, date = _chrome()
    for line in lines[:12]:
        text = line.stripped
        if len(text) < 120 and re.match(r"(?:发布)?(?:时间|日期)\s*[:：]", text) and posting.search(text[4:] or " "):
            m = date.search(text)
            if m:
                return _evidence("published_date", m.group(), (line.start + line.text.index(m.group()),
                                                               line.start + line.text.index(m.group()) + len(m.group())), rank=1)
    return []


@functools.lru_cache(maxsize=1)
def _posting_bar() -> re.Pattern:
    """A web page's posting bar run into a flattened notice (…的通知时间:2023-03-21 来源:青山县
    水利局 【字体:大 中 小】各乡镇…): its date, then posting fields whose values end at a space or
    a bracket, and the font switch."""
    labels = alternation(w for w in lexicon().posting_labels if w not in ("时间", "日期", "字号", "字体"))
    return re.compile(
        r"(?:发布|更新)?(?:时间|日期)\s{0,2}[:：]\s{0,2}(?P<date>\d{4}\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}日?)"
        r"(?:\s{0,2}\d{1,2}:\d{2}(?::\d{2})?)?"
        rf"(?P<fields>(?:\s{{0,3}}(?:{labels})\s{{0,2}}[:：]\s{{0,2}}[^\s【】:：]{{0,30}}(?=[\s【]))*)"
        r"(?P<font>\s{0,3}【?\s{0,2}(?:字体|字号)\s{0,2}[:：]?(?:\s{0,2}【?大】?\s{0,2}【?中】?\s{0,2}【?小】?】?)?)?\s{0,16}")


@functools.lru_cache(maxsize=1)
def _title_end() -> re.Pattern:
    """The end of a title: its 文种 (…的通知), with a bracketed note (（试行）, （第5号）)."""
    return re.compile(f"(?:{alternation(load('document')['kinds'])})(?:[（(][^（）()]{{1,12}}[）)])?$")


def _inline_posting_bar(text: str, seg: Segment, edits) -> list[dict]:
    """The posting bar inside the first 300 characters of a flattened notice is furniture, its
    date evidence; a bar is taken only with a field or the font switch beside its date (时间：
    2023年3月20日 alone may be a meeting's time)."""
    m = _posting_bar().search(text, seg.start, min(seg.end, seg.start + 300))
    if m is None or not (m.group("fields").strip() or m.group("font")):
        return []
    if not _title_end().search(text, max(seg.start, m.start() - 20), m.start()):
        return []           # the bar sits under the title: elsewhere its removal would join words
    edits.append((m.start(), m.end(), ""))
    return _evidence("published_date", m.group("date"), m.span("date"), rank=1)


def _clean_edits(edits):
    """Sorted, without overlaps: a removal swallows the edits inside it and is trimmed where
    it starts inside an earlier edit."""
    edits = sorted(edits, key=lambda e: (e[0], -(e[1] - e[0])))
    out, last = [], -1
    for start, end, repl in edits:
        if start < last:
            if repl or end <= last:
                continue
            start = last
        if start == end and not repl:
            continue
        if start == last and out and out[-1][0] == out[-1][1] == start and not out[-1][2]:
            out.pop()
        out.append((start, end, repl))
        last = max(last, end)
    return out


class Edits(list):
    """The edits of one segment, with the starts of the lines removed whole."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped: set[int] = set()
        self.moves: list[tuple[int, int]] = []    # spans moved to the segment's end (footnotes)


def _drop_line(line: Line, edits, text_end: int | None = None) -> None:
    """Remove a whole line with its line break."""
    edits.append((line.start, line.end + 1 if text_end is None or line.end < text_end else line.end, ""))
    if hasattr(edits, "dropped"):
        edits.dropped.add(line.start)


def _mark_links(lines: list[Line], links) -> None:
    if not links:
        return
    starts = [a for a, b in links]
    for line in lines:
        i = max(0, bisect.bisect_right(starts, line.start) - 1)
        total = 0
        while i < len(links) and links[i][0] < line.end:
            a, b = links[i]
            total += max(0, min(b, line.end) - max(a, line.start))
            i += 1
        line.linked = total


# Front matter, crawler headers, metadata blocks ---------------------------------------------

KEY_VALUE = re.compile(r"^\s*([^:：\s][^:：]{0,19}?)\s*[:：]\s?(.{0,2000})$")


def _front_matter(text: str, lines: list[Line], edits):
    """A YAML front matter (--- … ---) at the very top: its keys are evidence."""
    if not lines or lines[0].stripped != "---":
        return lines, []
    for j in range(1, min(len(lines), 80)):
        if lines[j].stripped in ("---", "..."):
            break
    else:
        return lines, []
    items = []
    for line in lines[1:j]:
        m = KEY_VALUE.match(line.text)
        if not m:
            continue
        known, field_name = label_field(m.group(1))
        value = m.group(2).strip().strip("'\"")
        if field_name == "title":
            value = strip_site(value)
        if known:
            items += _evidence(field_name, value, (line.start, line.end))
    edits.append((lines[0].start, lines[j].end + 1 if j + 1 < len(lines) else lines[j].end, ""))
    items.insert(0, _markup_warning("markdown", (lines[0].start, lines[j].end), "front matter"))
    items[0]["form"] = "front_matter"
    return lines[j + 1:], items


RULE_LINE = re.compile(r"^\s*[=\-*#_]{3,}\s*(?:正文|内容|全文|text|content)?\s*[=\-*#_]{0,}\s*$", re.IGNORECASE)


def _crawler_header(text: str, lines: list[Line], edits):
    """A crawler's header (标题: … 发布时间: … ===== 正文 =====): key lines are evidence."""
    for j in range(min(len(lines), 40)):
        if RULE_LINE.match(lines[j].text) and re.search(r"正文|内容|全文|text|content", lines[j].text, re.IGNORECASE):
            break
    else:
        return lines, []
    items, labels = [], 0
    for line in lines[:j]:
        m = KEY_VALUE.match(line.text)
        if m:
            known, field_name = label_field(m.group(1))
            labels += known
            if known:
                items += _evidence(field_name, m.group(2), (line.start, line.end))
    if labels < 2:
        return lines, []
    edits.append((lines[0].start, lines[j].end + 1 if j + 1 < len(lines) else lines[j].end, ""))
    items.insert(0, _markup_warning("crawler_header", (lines[0].start, lines[j].end), "the crawler's header"))
    return lines[j + 1:], items


LABEL_CELL = re.compile(r"^\s*【?\s*([^:：【】\t]{1,12}?)\s*】?\s*[:：]?\s*$|^\s*【?\s*([^:：【】\t]{1,12}?)\s*(?:】\s*[:：]?|[:：])\s*(.+)$")


def _label_cells(line: Line) -> list[tuple[str, str | None]] | None:
    """A line of label/value cells (索引号：\\t000014349/…\\t主题分类：…), or None."""
    if len(line.text) > 600:
        return None
    if "\t" in line.text:
        cells = [c.strip(" \u00a0\u3000") for c in line.text.split("\t")]
        cells = [c for c in cells if c]
    else:                       # a line of one cell (most lines)
        cell = line.text.strip(" \u00a0\u3000")
        cells = [cell] if cell else []
    if not cells or _known_label(cells[0]) is None:
        return None             # the first cell is a known label (a line of prose stops here)
    pairs, i, labels = [], 0, 0
    while i < len(cells):
        m = _known_label(cells[i])
        known = m is not None
        label = (m.group(1) or m.group(2)) if m else None
        if not known:
            if len(cells) == 1:
                return None
            if pairs and pairs[-1][1] is None:
                pairs[-1] = (pairs[-1][0], cells[i])
                i += 1
                continue
            return None
        labels += 1
        inline = m.group(3) if m.group(2) else None
        pairs.append((label, inline))
        i += 1
    return pairs if labels else None


#: LABEL_CELL's label has at most 12 characters, after blanks and at most one 【, and blanks,
#: 】, a colon or the cell's end follow it: a cell whose first 14 characters hold none of
#: these (a line of prose) cannot match, and this test is much cheaper than the pattern's.
NO_LABEL_OPENING = re.compile(r"[^\s】:：]{14}")


def _known_label(cell: str) -> re.Match | None:
    """The match of a label cell (标题：… or 【标题】) whose label is a known one, else None."""
    if NO_LABEL_OPENING.match(cell):
        return None
    m = LABEL_CELL.match(cell)
    if m is None or not label_field(m.group(1) or m.group(2))[0]:
        return None
    return m


def _metadata_blocks(lines: list[Line], edits) -> list[dict]:
    """Runs of label lines holding several known labels: evidence, not content."""
    items, i, n = [], 0, len(lines)
    need = lexicon().min_metadata_labels
    while i < n:
        if _label_cells(lines[i]) is None:
            i += 1
            continue
        j, found, labels, pending = i, [], set(), None
        while j < n:
            line = lines[j]
            pairs = _label_cells(line)
            if pairs is not None:
                for label, value in pairs:
                    labels.add(label)
                    found.append([label, value, line])
                # a label alone may have its value on the next line, but not in a table row
                pending = found[-1] if found[-1][1] is None and "\t" not in line.text else None
            elif not line.stripped:
                pass
            elif pending is not None and _is_value_line(line) and not _opens_a_found_value(found, line):
                pending[1], pending[2], pending = line.stripped, line, None
            elif found and found[-1][1] and _wraps_value(lines, j) and _is_value_line(line):
                found[-1][1] += line.stripped       # 标　　题：…的答 / 复: a value wrapped onto the next line
            else:
                break
            j += 1
        if len(labels) >= need:
            for label, value, line in found:
                items += _evidence(label_field(label)[1], value or "", (line.start, line.end))
            for line in lines[i:j]:
                _drop_line(line, edits)
        i = max(j, i + 1)
    return items


def _opens_a_found_value(found: list, line: Line) -> bool:
    """The line opens a value the block gave already (its 标题 is the title whose first line
    follows the block): not the value of an empty label before it (主 题 词：)."""
    text = re.sub(r"\s+", "", line.stripped)
    return len(text) >= 6 and any(value and re.sub(r"\s+", "", value).startswith(text) for _, value, _ in found)


def _wraps_value(lines: list[Line], j: int) -> bool:
    """Line j, not a label line, holds the end of the value above it: a label line follows it."""
    k = j + 1
    while k < len(lines) and not lines[k].stripped:
        k += 1
    return k < len(lines) and _label_cells(lines[k]) is not None


def _is_value_line(line: Line) -> bool:
    """A label's value given on the next line: short, no sentence, not a label itself."""
    text = line.stripped
    return len(text) <= 60 and not re.search(r"[。，；]|[:：]$", text)


# Main content of a whole page ---------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _chrome():
    lex = lexicon()
    words = alternation(lex.chrome_lines)
    line = re.compile(f"^(?:[\\s|/｜·•【】\\[\\]()（）<>＞»›:：-]|{words})+$")
    footer = re.compile(alternation(lex.footer_words))
    posting = re.compile(f"(?:{alternation(lex.posting_labels)})\\s*[:：]")
    date = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
    return line, footer, posting, date


def _line_kind(line: Line) -> str:
    """empty / chrome / link / body / short: what a line of a rendered page is."""
    text = line.stripped
    if not text:
        return "empty"
    chrome_line, footer, posting, _ = _chrome()
    if chrome_line.match(text):
        return "chrome"
    length = len(text)
    if line.linked >= 0.5 * length:
        return "link"
    punct = sum(1 for ch in text if ch in CLAUSE_PUNCT)
    if footer.search(text) and (length < 160 or punct < 3) and not ("。" in text and punct >= 2):
        return "chrome"             # (a sentence of the notice may name its 承办单位: 完成情况：已完成。（承办单位：…；…）)
    if posting.match(text) and length < 120 and "。" not in text:
        return "chrome"
    if length < 120 and "。" not in text and DATED_POSTING.match(text) and posting.search(text):
        return "chrome"             # 2018-10-29 10:04 来源：…
    if punct >= 1 and length >= 8:
        return "body"
    return "short"


DATED_POSTING = re.compile(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*\S")


def _line_score(kind: str, line: Line) -> float:
    text = line.stripped
    if kind == "body":
        return sum(1 for ch in text if "\u3400" <= ch <= "\u9fff") + 5 * sum(1 for ch in text if ch in CLAUSE_PUNCT)
    if kind == "short":
        return -2
    if kind == "link":
        return -max(10, len(text))
    if kind in ("chrome", "removed"):
        return -max(20, len(text))
    return 0


def _main_content(text: str, lines: list[Line], edits) -> list[dict]:
    """Keep the notice of a whole page: the best-scoring run of lines (Kadane), grown by its
    head (title, 文号, 主送) and tail (signature, date, 附注) lines; drop the rest."""
    kinds = [("removed" if line.stripped else "empty") if _inside(line, edits) else _line_kind(line)
             for line in lines]
    if not lines or "chrome" not in kinds and "link" not in kinds:
        return []               # a fragment (a content column): nothing around the notice
    scores = [_line_score(k, line) for k, line in zip(kinds, lines)]
    best, best_start, best_end, run, run_start = 0.0, 0, -1, 0.0, 0
    for i, score in enumerate(scores):
        if run <= 0:
            run, run_start = score, i
        else:
            run += score
        if run > best:
            best, best_start, best_end = run, run_start, i
    if best_end < 0:
        return []
    items = []
    first, passed_over = _grow_head(lines, kinds, best_start)
    last = _grow_tail(lines, kinds, best_end)
    for i, line in enumerate(lines):
        if _inside(line, edits):
            continue
        if not first <= i <= last or kinds[i] == "chrome" or i in passed_over:
            items += _posting_evidence(line, kinds[i])
            _drop_line(line, edits)
    return items


def _inside(line: Line, edits) -> bool:
    """Whether an earlier rule already removed this line."""
    return line.start in getattr(edits, "dropped", ())


TITLE_END = re.compile(r"(?:通知|通报|报告|意见|方案|决定|批复|函|答复|公告|通告|办法|规定|细则|纪要|批示|决议|请示|命令|令|文件|规划|计划|要点|制度)$")
DOC_NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]{1,16}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,5}\s*号$|^[\u4e00-\u9fff]{2,20}令\s*第\s*[\d\u2002 ]{1,8}\s*号$")


#: The 题注 under a title: when and by whom it was adopted or published (（2007年6月29日…会议通过）).
SUBTITLE_NOTE = re.compile(r"[（(][^（）()]{4,80}(?:通过|批准|公布|发布|修订|修正)[）)]")


def _head_like(text: str) -> bool:
    text = re.sub(r"\s+", "", text)
    return bool(TITLE_END.search(text) or DOC_NUMBER_LINE.match(text) or "关于" in text
                or re.fullmatch(r".{2,60}[：:]", text) or SUBTITLE_NOTE.fullmatch(text))


def _grow_head(lines: list[Line], kinds: list[str], start: int) -> int:
    """Walk back over the short lines above the body while they read like a notice's head
    (title lines, 文号, 版头, 主送). Lines between the title and the body that are not
    (posting data, a font toggle) are passed over and returned, to be dropped; above the
    head, chrome or a link ends it."""
    first, i, steps, included, passed_over = start, start - 1, 0, False, set()
    while i >= 0 and steps < 16:
        kind, text = kinds[i], lines[i].stripped
        i -= 1
        if kind == "empty":
            continue
        if not included:
            passed_over.add(i + 1)
        steps += 1
        if kind == "link" or (re.search(r"[>»›]", text) and kind != "body"):
            break
        if kind in ("chrome", "removed"):
            if included:
                break
            continue
        if kind != "short" or len(text) > 80:
            break
        if _head_like(text) or (included and _continues_title(lines[i + 1], lines[first])):
            first, included = i + 1, True
            passed_over.discard(i + 1)
        elif included:
            break
    return first, passed_over


def _continues_title(line: Line, below: Line) -> bool:
    """A title split over centred lines: the upper part has no 文种 yet, the lower one ends it."""
    return not re.search(r"[。；，]", line.stripped) and len(line.stripped) <= 40 \
        and bool(re.search(f"[{CJK}]", line.stripped))


TAIL_LINE = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○一二三四五六七八九十]{1,3}\s*月"
                       r"|^[（(].{1,30}[)）]$|[:：]|\u3000|^(?:抄送|抄报|印发|附件)")


@functools.lru_cache(maxsize=1)
def _attachment_link() -> re.Pattern:
    """A link that is the notice's 附件说明 (附件：…, 附件1.…, the name of an attached file with
    one of document.yaml's file extensions), not site chrome."""
    extensions = alternation(load("document")["file_extensions"])
    return re.compile(rf"^附件\s*[0-9一二三四五六七八九十]{{0,2}}\s*[:：.．、]|\.(?:{extensions})\s*$", re.IGNORECASE)


def _grow_tail(lines: list[Line], kinds: list[str], end: int) -> int:
    """Walk on over the signature, date, 附注, 版记 and list lines after the body: up to the
    last line that is a date, an annotation, a label or a list row."""
    last, i, steps = end, end + 1, 0
    while i < len(lines) and steps < 40:
        kind, text = kinds[i], lines[i].stripped
        if kind == "link" and _attachment_link().search(text):
            kind = "short"      # 附件：….doc as a download link: the 附件说明, the signature below it
        if kind in ("chrome", "link", "removed"):
            break
        if kind != "empty":
            if len(text) > 80 or kind not in ("short", "body"):
                break
            if TAIL_LINE.search(text):
                last = i
            steps += 1
        i += 1
    return last


def _posting_evidence(line: Line, kind: str) -> list[dict]:
    """A posting line (发布时间：2023-08-07 09:55) dropped with the chrome: its date is evidence."""
    _, _, posting, date = _chrome()
    text = line.stripped
    if kind not in ("chrome", "short") or not re.search(r"(?:发布|更新)?(?:时间|日期)\s*[:：]", text):
        return []
    m = date.search(text)
    return _evidence("published_date", m.group() if m else "", (line.start, line.end), rank=1)


EDGE_PADDING = " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000"


def _layout(lines: list[Line], edits) -> None:
    """One line per block: no blank lines, and no padding at line edges (the indent and the
    en-space runs that right-align a signature are layout, not text)."""
    for line in lines:
        if _inside(line, edits):
            continue
        if not line.text.strip(EDGE_PADDING):
            _drop_line(line, edits)
            continue
        lead = len(line.text) - len(line.text.lstrip(EDGE_PADDING))
        trail = len(line.text) - len(line.text.rstrip(EDGE_PADDING))
        if lead:
            edits.append((line.start, line.start + lead, ""))
        if trail:
            edits.append((line.end - trail, line.end, ""))


# Markdown -----------------------------------------------------------------------------------

MD_SIGNALS = [re.compile(p) for p in (r"^#{1,6}\s", r"^>\s", r"\]\([^()\s]{1,400}\)", r"^\*\*.{1,200}\*\*\s*$",
                                       r"<!--.{0,200}-->", r"^[-*]\s")]
MD_LINE_OPENERS = "#>*-"      # what the signals anchored at the line's start open with


def _might_be_markdown(line: str) -> bool:
    """Whether *line* can hold a signal: most lines of a notice hold none, and skip the search."""
    return (line != "" and line[0] in MD_LINE_OPENERS) or "](" in line or "<!--" in line


def _is_markdown(lines: list[Line], front_matter: bool) -> bool:
    if front_matter:
        return True
    hits = set()
    for line in lines[:400]:
        if not _might_be_markdown(line.text):
            continue
        for k, p in enumerate(MD_SIGNALS):
            if p.search(line.text):
                hits.add(k)
    return len(hits) >= 3


MD_INLINE = re.compile(r"!\[[^\[\]\n]{0,400}\]\([^()\n]{0,2000}\)|\[([^\[\]\n]{1,400})\]\([^()\n]{0,2000}\)|<!--.{0,400}?-->|\*\*|__")
MD_LINK_LINE = re.compile(r"^\s*!?\[[^\[\]\n]{0,400}\]\([^()\n]{0,2000}\)\s*$")


def _markdown(text: str, lines: list[Line], edits, seg: Segment) -> list[dict]:
    """Collector's > notes before the notice, link-only lines, comments, # and ** markers go."""
    started = False
    for line in lines:
        if _inside(line, edits):
            continue
        stripped = line.stripped
        if not stripped:
            continue
        if re.fullmatch(r"<!--.{0,400}-->", stripped) or MD_LINK_LINE.match(stripped):
            _drop_line(line, edits)
            continue
        if stripped.startswith(">") and not started:
            _drop_line(line, edits)
            continue
        started = True
        heading = re.compile(r"^\s{0,3}#{1,6}\s+").match(line.text)
        if heading:
            edits.append((line.start, line.start + heading.end(), ""))
        for m in MD_INLINE.finditer(text, line.start, line.end):
            if m.group(1) is not None:
                inner_start = m.start() + 1
                edits.append((m.start(), inner_start, ""))
                edits.append((inner_start + len(m.group(1)), m.end(), ""))
            else:
                edits.append((m.start(), m.end(), ""))
    return [_markup_warning("markdown", (seg.start, seg.end), "markdown markers, notes and links")]


# PDF text layers ----------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _page_number_patterns() -> list[re.Pattern]:
    return [re.compile(p) for p in lexicon().page_number_lines]


@functools.lru_cache(maxsize=1)
def _marked_page_number() -> re.Pattern:
    """The first four page-number lines (- 3 -, 第3页, 3/12, Page 3) as one alternation: a line
    matches it where it matches one of them."""
    return re.compile("|".join(f"(?:{p})" for p in lexicon().page_number_lines[:4]))


def _is_pdf_text(text: str, seg: Segment) -> bool:
    feeds = text.count("\f", seg.start, seg.end)
    if feeds >= 2:
        return True
    marked, page_number = 0, _marked_page_number()
    for line in text[seg.start:min(seg.end, seg.start + HEAD_SCAN)].split("\n"):
        if page_number.match(line):
            marked += 1
            if marked >= 3:
                return True
    return False


def _pdf_pages(text: str, seg: Segment) -> list[list[Line]]:
    """Pages of a text layer: split at form feeds, else after page-number lines."""
    lines = _lines(text, seg.start, seg.end)
    pages, page = [], []
    numbered = text.count("\f", seg.start, seg.end) < 2
    for line in lines:
        parts = line.text.split("\f")
        if len(parts) > 1 and not numbered:
            pos = line.start
            for k, part in enumerate(parts):
                piece = Line(pos, pos + len(part), part)
                if part or k == 0:
                    page.append(piece) if part else None
                if k < len(parts) - 1:
                    pages.append(page)
                    page = []
                pos += len(part) + 1
            continue
        page.append(line)
        if numbered and _marked_page_number().match(line.text):
            pages.append(page)
            page = []
    if page:
        pages.append(page)
    return pages


def _pdf_text(text: str, seg: Segment, edits) -> list[dict]:
    """Page numbers, running headers and footers, footnotes, form feeds and spaced numbers go."""
    pages = _pdf_pages(text, seg)
    furniture = _running_lines(pages)
    removed = 0
    for index, page in enumerate(pages):
        filled = [line for line in page if line.stripped]
        if not filled:
            continue
        number = _page_number_line(filled, index)
        if number is not None:
            edits.append((number.start, _line_break_end(text, number, seg.end), ""))
            removed += 1
            filled = [line for line in filled if line is not number]
        for line in filled:
            if re.sub(r"\d+", "#", line.stripped) in furniture:
                _drop_line(line, edits, seg.end)
        removed += _footnotes(text, filled, edits, seg.end)
    for m in re.compile("\f").finditer(text, seg.start, seg.end):
        edits.append((m.start(), m.end(), ""))
    for m in re.compile(r"(?<=\d)[ \u00a0]+(?=[年月日号%])|(?<=[年月])[ \u00a0]+(?=\d)|(?<=\d\.)[ \u00a0]+(?=\d)").finditer(text, seg.start, seg.end):
        edits.append((m.start(), m.end(), ""))
    return [_markup_warning("pdf_text", (seg.start, seg.end), "page numbers, running heads, footnotes and form feeds")]


def _line_break_end(text: str, line: Line, end: int) -> int:
    """The end of a page-number line with the blank lines after it (up to the next page)."""
    pos = line.end
    while pos < end and text[pos] in "\n \t":
        pos += 1
    return pos


def _page_number_line(filled: list[Line], index: int) -> Line | None:
    """The page's number: the last (or first) line, alone, in one of the page-number forms."""
    for line in (filled[-1], filled[0]):
        for k, pattern in enumerate(_page_number_patterns()):
            if pattern.match(line.text):
                digits = re.findall(r"\d+", line.text)
                if k == len(_page_number_patterns()) - 1 and (line is not filled[-1] or abs(int(digits[0]) - (index + 1)) > 2):
                    continue
                return line
    return None


def _running_lines(pages: list[list[Line]]) -> set[str]:
    """Lines that open or close most pages (digits aside): running heads and feet."""
    if len(pages) < 3:
        return set()
    from collections import Counter

    counts = Counter()
    for page in pages:
        filled = [line for line in page if line.stripped]
        edge = {re.sub(r"\d+", "#", line.stripped) for line in filled[:1] + filled[-2:]}
        counts.update(k for k in edge if len(k) >= 2 and k != "#")
    return {k for k, c in counts.items() if c >= 3 and c >= 0.5 * len(pages)}


def _footnotes(text: str, filled: list[Line], edits, end: int) -> int:
    """A page's footnotes: lone numbers that occur twice on the page are a reference (in
    the body) and a label (opening the notes below it); from the first label on, the rest of
    the page is notes. References and labels go; the notes are the body's own text, so they
    are moved after the body (their spans unchanged) where they no longer cut its sentences."""
    numbers = [(k, int(line.stripped)) for k, line in enumerate(filled)
               if re.fullmatch(r"\d{1,3}", line.stripped) and int(line.stripped) <= lexicon().max_footnote]
    seen, label_at = {}, None
    for k, value in numbers:
        if value in seen:
            label_at = k
            break
        seen[value] = k
    if label_at is None:
        return 0
    refs = {value for value, k in seen.items() if k < label_at}
    lone = {i for i, v in numbers}
    for k, line in enumerate(filled):
        if (k >= label_at and k in lone) or k in {i for i, v in numbers if v in refs}:
            _drop_line(line, edits, end)
        elif k >= label_at:
            edits.moves.append((line.start, line.end))
            if line.end < end:
                edits.append((line.end, line.end + 1, ""))
    return 1


# Flattened page captures and repeated bodies ------------------------------------------------

def _flattened_page_chrome(text: str, lines: list[Line], edits) -> list[dict]:
    """In a page capture flattened to one line: the breadcrumb and share bar before the
    notice (当前位置：… 时间：… 微信 微博 QQ空间) and the source/download trailer after it."""
    lex = lexicon()
    live = [line for line in lines if line.stripped and not _inside(line, edits)]
    if not live:
        return []
    items = []
    first = live[0]
    opener = re.compile(f"^\\s*(?:{alternation(lex.breadcrumb_openers)})\\s*[:：]?")
    if opener.match(first.text):
        window = first.text[:600]
        share = list(re.finditer(f"(?:{alternation(lex.share_words)})(?:\\s+(?:{alternation(lex.share_words)}))*", window))
        if share:
            cut = share[-1].end()
            while cut < len(first.text) and first.text[cut] == " ":
                cut += 1
            edits.append((first.start, first.start + cut, ""))
            m = _chrome()[3].search(window)
            if m:
                items += _evidence("published_date", m.group(), (first.start + m.start(), first.start + m.end()), rank=1)
    last = live[-1]
    tail = last.text[-300:]
    offset = last.end - len(tail)
    for opener_word in lex.trailer_openers:
        k = tail.rfind(opener_word)
        if k >= 0 and any(w in tail[k:] for w in lex.trailer_words):
            while k > 0 and tail[k - 1] == " ":
                k -= 1
            edits.append((offset + k, last.end, ""))
            break
    return items


def _cell_paragraphs(text: str, lines: list[Line], edits) -> None:
    """Runs of ideographic spaces that mark paragraphs in flattened text become line breaks."""
    for line in lines:
        if _inside(line, edits):
            continue
        for m in re.compile("\u3000{2,}").finditer(text, line.start, line.end):
            if m.start() > line.start and m.end() < line.end:
                edits.append((m.start(), m.end(), "\n"))
            else:
                edits.append((m.start(), m.end(), ""))


def _repeated_body(text: str, seg: Segment, edits) -> list[dict]:
    """A body given twice in a row (a field holding it twice): the second copy goes."""
    kept = apply_edits(text[seg.start:seg.end], [(s - seg.start, e - seg.start, r) for s, e, r in _clean_edits(edits)
                                                 if seg.start <= s and e <= seg.end])
    body, mapping = kept
    probe_start = len(body) - len(body.lstrip())
    probe = body[probe_start:probe_start + 40]
    if len(probe) < 40 or len(body) < 120:
        return []
    second = body.find(probe, probe_start + max(60, len(body) // 3))
    if second < 0:
        return []
    first_copy = body[probe_start:second].strip()
    second_copy = body[second:].strip()
    shorter = min(len(first_copy), len(second_copy))
    if shorter < 0.9 * max(len(first_copy), len(second_copy)):
        return []
    common = 0
    for a, b in zip(first_copy, second_copy):
        if a != b:
            break
        common += 1
    if common < 0.9 * shorter:
        return []
    to_source = (lambda p: p) if mapping is None else mapping.to_source
    src_start = seg.start + to_source(second)
    edits.append((src_start, seg.end, ""))
    return [{"code": "duplicate_body", "span": (src_start, seg.end),
             "message": "the body is given twice in a row; the second copy is dropped"}]
