"""The report: one self-contained HTML page showing each notice with its records in place.

A reviewer checks an extraction by reading the notice: every record is highlighted where
its span points (a colour per type; its fields on hover and on click), the 台账 rows sit
beside the text, the warnings are listed, and `--diff` shows two versions' changes side by
side. The page needs no network: CSS and JS are inline, allowed by a Content-Security-Policy
that names their hashes and nothing else. Jinja2 autoescapes every value, so a notice that
contains `<script>` shows it as text.

Spans point into the source text, which is not in the records. It is looked for, in order:
`<stem>.source.txt` beside the .jsonl (written for .docx/.pdf inputs), the input named by the
`manifest.json` beside it, the document's `source` relative to the current folder, then the
files or folders given as ``text_files`` (``--text``). A candidate is used only when it is
the text the records came from (same doc_id, i.e. the same bytes, or the same length for a
.source.txt); otherwise the notice is shown without its text, with a note saying why.
"""
from __future__ import annotations

import base64
import hashlib
import heapq
import json
from dataclasses import dataclass, field
from pathlib import Path

from taizhang import __version__
from taizhang.pipeline import ledger
from taizhang.pipeline.write import replace_with

TEMPLATES = Path(__file__).with_name("templates")
#: Record types highlighted in the text, outermost first when two spans are the same.
HIGHLIGHTED = ("issue", "section", "deadline", "unit", "figure", "warning")
#: Where a manifest is looked for above a .jsonl (outputs keep the inputs' folder layout).
MANIFEST_DEPTH = 6
#: Field values longer than this are cut in tooltips.
TIP_LIMIT = 80


# ---------------------------------------------------------------- writing

def write(notices: list[list[dict]], path, *, as_of=None, texts: dict[str, str] | None = None,
          text_files=(), diff=None, **_options) -> None:
    """Write the report of *notices* to *path*, atomically (see `render` for the options)."""
    page = render(notices, as_of=as_of, texts=texts, text_files=text_files, diff=diff)
    replace_with(Path(path), lambda handle: handle.write(page.encode("utf-8")))


def render(notices: list[list[dict]], *, as_of=None, texts: dict[str, str] | None = None,
           text_files=(), diff=None) -> str:
    """The page for *notices* (lists of records, or `ledger.NoticeRecords` that know their file).

    *texts* maps doc_id to source text, for callers that have it; *text_files* are notice
    files or folders of them to find the rest in; *diff* is a `Diff` shown above the notices.
    """
    return render_page(notices, as_of=as_of, texts=texts, text_files=text_files, diff=diff)[0]


def render_page(notices, *, as_of=None, texts=None, text_files=(), diff=None) -> tuple[str, list]:
    """`render`, and the notices as shown (whether each found its text)."""
    import jinja2

    when = ledger.as_of_date(as_of)
    catalogue = Catalogue()
    shown = [notice_view(number, n, catalogue, when, find_text(n, texts or {}, list(text_files)))
             for number, n in enumerate(n for n in ledger.notices_of(notices) if n)]
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True)
    # tojson still escapes < > & ' for the <script> block; Chinese stays readable and small
    environment.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    style = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    labels = ledger.words()
    page = environment.get_template("report.html").render(
        notices=shown, diff=diff, as_of=when.isoformat(), version=__version__,
        records=catalogue.records, style=style, script=script,
        csp=content_security_policy(style, script),
        type_labels=labels["record_types"], change_labels=labels["changes"],
        columns=[c for c in ledger.columns("台账") if c not in ("文件",)],
        statuses=labels["statuses"],
    )
    return page, shown


def content_security_policy(style: str, script: str) -> str:
    """Nothing from the network, and only this page's own style and script may run."""
    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"

    return (f"default-src 'none'; style-src {digest(style)}; script-src {digest(script)}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


# ---------------------------------------------------------------- finding the source text

@dataclass
class SourceText:
    """The text a notice's spans point into, or why there is none."""

    text: str | None
    found_in: str = ""
    note: str = ""


def find_text(notice: ledger.NoticeRecords, texts: dict[str, str], text_files: list[Path]) -> SourceText:
    """The notice's source text from the first place that has the right one (module docstring)."""
    document = notice.document or {}
    doc_id = notice.doc_id
    length = (document.get("span") or (0, None))[1]
    if doc_id in texts:
        return _checked(texts[doc_id], length, "given text")
    rejected: list[str] = []
    origin = getattr(notice, "origin", None)
    if origin is not None:
        beside = origin.with_name(origin.stem + ".source.txt")
        if beside.is_file():
            found = _checked(beside.read_text(encoding="utf-8"), length, str(beside))
            if found.text is not None:
                return found
            rejected.append(found.note)
    for candidate in _candidates(notice, document, origin, text_files):
        found = _from_notice_file(candidate, doc_id)
        if found.text is not None:
            return found
        if found.note:
            rejected.append(found.note)
    how = ("give the notice file with --text FILE (or the folder it was extracted from)"
           if not rejected else "; ".join(dict.fromkeys(rejected)))
    return SourceText(None, note=f"原文未找到，只列出记录 (source text not found: {how})")


def _checked(text: str, length: int | None, where: str) -> SourceText:
    if length is not None and len(text) != length:
        return SourceText(None, note=f"{where} has {len(text)} characters, the records expect {length}")
    return SourceText(text, found_in=where)


def _candidates(notice, document: dict, origin: Path | None, text_files: list[Path]) -> list[Path]:
    """Paths that may hold the notice, most specific first, each once."""
    source = document.get("source") or ""
    paths: list[Path] = []
    if origin is not None:
        entry = _manifest_entry(origin)
        if entry:       # `path`: the input as given to extract; `source`: relative to the folder given
            paths += [Path(p) for p in (entry.get("path"), entry.get("source")) if p and p != "-"]
    if source:
        paths.append(Path(source))
    for given in map(Path, text_files):
        if given.is_dir():
            paths += [given / source, given / Path(source).name] if source else []
        else:
            paths.append(given)
    unique = []
    for path in paths:
        if path.is_file() and path not in unique:
            unique.append(path)
    return unique


def _manifest_entry(origin: Path) -> dict | None:
    """The manifest entry whose output is *origin*, from the nearest manifest.json above it."""
    target = origin.resolve()
    folder = target.parent
    for _ in range(MANIFEST_DEPTH):
        manifest = folder / "manifest.json"
        if manifest.is_file():
            try:
                entries = json.loads(manifest.read_text(encoding="utf-8")).get("notices") or []
            except (ValueError, OSError, AttributeError):
                return None
            for entry in entries:
                if isinstance(entry, dict) and entry.get("output") and \
                        (folder / entry["output"]).resolve() == target:
                    return entry
            return None
        if folder.parent == folder:
            break
        folder = folder.parent
    return None


def _from_notice_file(path: Path, doc_id: str | None) -> SourceText:
    """A notice file's text as the extractor decoded it, if its bytes are the notice's."""
    from taizhang.pipeline.load import load

    try:
        source = load(path)
    except Exception as exc:     # any unreadable candidate is only a note: the page still renders
        return SourceText(None, note=f"{path}: {exc}")
    if doc_id and source.doc_id != doc_id:
        return SourceText(None, note=f"{path} is another version of the notice (doc_id {source.doc_id})")
    return SourceText(source.text, found_in=str(path))


# ---------------------------------------------------------------- what the template shows

class Catalogue:
    """Every record shown on the page, by index: the template's marks and rows refer to it."""

    def __init__(self):
        self.records: list[dict] = []

    def add(self, record: dict) -> int:
        self.records.append(record)
        return len(self.records) - 1


@dataclass
class NoticeShown:
    """One notice as the template needs it."""

    number: int
    document: dict
    title: str
    source: SourceText
    tokens: list[dict]
    rows: list[dict]
    listing: list[dict]
    warnings: list[dict]
    counts: dict[str, int]
    facts: list[tuple[str, str]] = field(default_factory=list)
    origin: str = ""


def notice_view(number: int, notice: ledger.NoticeRecords, catalogue: Catalogue, as_of, source: SourceText) -> NoticeShown:
    """Tokens of the highlighted text, ledger rows and warnings of one notice."""
    view = ledger.NoticeView(notice)
    document = view.document
    keys: dict[int, int] = {}
    marks: list[tuple[int, int, int, int]] = []     # start, end, rank, catalogue key
    listing = []
    for record in notice:
        kind = record.get("type")
        if kind not in HIGHLIGHTED:
            continue
        key = keys[id(record)] = catalogue.add(record)
        listing.append({"key": key, "type": kind, "tip": tip(record, view)})
        start, end = (record.get("span") or (0, 0))[:2]
        marks.append((start, end, HIGHLIGHTED.index(kind), key))
    warnings = []
    for warning in document.get("warnings") or []:
        record = {"type": "warning", **warning}
        key = catalogue.add(record)
        warnings.append({"key": key, **warning})
        if warning.get("span"):
            marks.append((warning["span"][0], warning["span"][1], HIGHLIGHTED.index("warning"), key))
    tokens = highlight(source.text, marks, catalogue) if source.text is not None else []
    rows = [{"key": keys[id(issue)], "values": ledger.ledger_row(issue, view, as_of), "kind": issue.get("kind")}
            for issue in notice if issue.get("type") == "issue"]
    counts: dict[str, int] = {}
    for record in notice:
        counts[record.get("type")] = counts.get(record.get("type"), 0) + 1
    facts = [(label, value) for label, value in (
        ("文号", document.get("doc_number")), ("发文机关", document.get("issuer")),
        ("成文日期", document.get("signed_date")), ("印发日期", document.get("printed_date")),
        ("来源", document.get("source")), ("原文", source.found_in)) if value]
    return NoticeShown(number=number, document=document, title=view.file_label,
                       source=source, tokens=tokens, rows=rows, listing=listing if source.text is None else [],
                       warnings=warnings, counts=counts, facts=facts,
                       origin=str(getattr(notice, "origin", None) or view.source))


def highlight(text: str, marks: list[tuple[int, int, int, int]], catalogue: Catalogue) -> list[dict]:
    """The text as a flat list of tokens: {"text"}, {"open": key, "type", "tip"}, {"close"}.

    Spans nest (an issue holds its figures); a span that crosses the end of an enclosing one
    is cut there and continues after it, so the marks always nest properly. Linear in the
    text plus n log n in the marks.
    """
    length = len(text)
    heap = [(max(0, s), -min(e, length), rank, key) for s, e, rank, key in marks if min(e, length) > max(0, s)]
    heapq.heapify(heap)
    tokens: list[dict] = []
    stack: list[int] = []       # ends of the open marks, innermost last
    position = 0

    def emit_text(upto: int) -> None:
        nonlocal position
        if upto > position:
            tokens.append({"text": text[position:upto]})
            position = upto

    while heap:
        start, negative_end, rank, key = heapq.heappop(heap)
        end = -negative_end
        while stack and stack[-1] <= start:
            emit_text(stack.pop())
            tokens.append({"close": True})
        if stack and end > stack[-1]:
            heapq.heappush(heap, (stack[-1], -end, rank, key))    # the part beyond the enclosing mark
            end = stack[-1]
        if start >= end:
            continue
        emit_text(start)
        record = catalogue.records[key]
        tokens.append({"open": key, "type": record.get("type"), "tip": tip(record)})
        stack.append(end)
    while stack:
        emit_text(stack.pop())
        tokens.append({"close": True})
    emit_text(length)
    return tokens


def _cut(value, limit: int = TIP_LIMIT) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def tip(record: dict, view: ledger.NoticeView | None = None) -> str:
    """A record in one line, for the hover tooltip and the list of records."""
    labels = ledger.words()
    kind = record.get("type")
    if kind == "issue":
        units = "、".join(u.get("name", "") for u in record.get("units") or [])
        deadlines = "；".join(ledger.deadline_words(d) for d in record.get("deadlines") or [])
        parts = [labels["issue_kinds"].get(record.get("kind"), ""), _cut(record.get("title"))]
        parts += [f"单位：{units}"] if units else []
        parts += [f"时限：{deadlines}"] if deadlines else []
        return " | ".join(p for p in parts if p)
    if kind == "section":
        return f"{labels['record_types']['section']} {record.get('marker', '')}{_cut(record.get('title'))}"
    if kind == "deadline":
        return (f"{labels['record_types']['deadline']} {record.get('raw', '')} → "
                f"{ledger.deadline_words(record) or labels['deadline_kinds'].get(record.get('kind'), '')}")
    if kind == "figure":
        metric = f" {record['metric']}" if record.get("metric") else ""
        return (f"{labels['record_types']['figure']} {record.get('raw', '')} = {record.get('base_value')}"
                f"{record.get('base_unit', '')}（{labels['figure_kinds'].get(record.get('kind'), '')}）{metric}")
    if kind == "unit":
        return f"{labels['record_types']['unit']} {record.get('name', '')}（{labels['unit_roles'].get(record.get('role'), '')}）"
    if kind == "warning":
        return f"{labels['record_types']['warning']} {record.get('code', '')}: {_cut(record.get('message'))}"
    return kind or ""


# ---------------------------------------------------------------- diff

@dataclass
class Diff:
    """Two versions' changes, as the template shows them side by side."""

    old_name: str
    new_name: str
    rows: list[dict]
    summary: dict[str, int]


def build_diff(old_records: list[dict], new_records: list[dict], old_name: str, new_name: str) -> Diff:
    """The changes between two versions (`taizhang.pipeline.diff.diff_records`), for the page."""
    from taizhang.pipeline.diff import diff_records, summary

    changes = diff_records(old_records, new_records)
    rows = []
    for change in changes:
        before, after = _side(change.before), _side(change.after)
        if change.field is not None and isinstance(change.before, str) and isinstance(change.after, str):
            before, after = marked_difference(change.before, change.after)
        elif isinstance(change.before, list) and isinstance(change.after, list):
            before, after = marked_items(change.before, change.after)
        rows.append({"change": change.change, "type": change.type, "group": change.group,
                     "label": change.label, "field": change.field or "", "before": before, "after": after})
    return Diff(old_name, new_name, rows, summary(changes))


def _side(value) -> list[dict]:
    """A value as text parts for one side of the table (no part marked)."""
    if value is None:
        return []
    if isinstance(value, dict) and "type" not in value and any(k in value for k in ("title", "raw", "name")):
        text = "；".join(f"{k}: {_show(v)}" for k, v in value.items() if v not in (None, [], ""))
    else:
        text = _show(value)
    return [{"text": text, "marked": False}]


def _show(value) -> str:
    from taizhang.pipeline.diff import show

    return show(value, limit=400)


def marked_items(before: list, after: list) -> tuple[list[dict], list[dict]]:
    """Two lists as parts, the items only one side has marked (a unit added, a deadline gone)."""
    from taizhang.pipeline.diff import item_text

    old, new = [item_text(v) for v in before], [item_text(v) for v in after]

    def parts(items: list[str], other: set[str]) -> list[dict]:
        found: list[dict] = []
        for number, item in enumerate(items):
            if number:
                found.append({"text": "、", "marked": False})
            found.append({"text": item, "marked": item not in other})
        return found

    return parts(old, set(new)), parts(new, set(old))


def marked_difference(before: str, after: str) -> tuple[list[dict], list[dict]]:
    """Both strings as parts, the differing middle marked: the common start and end are not."""
    from taizhang.pipeline.diff import common_ends

    start, end = common_ends(before, after)

    def parts(text: str) -> list[dict]:
        middle_end = len(text) - end
        found = [{"text": text[:start], "marked": False}, {"text": text[start:middle_end], "marked": True},
                 {"text": text[middle_end:], "marked": False}]
        return [p for p in found if p["text"]]

    return parts(before), parts(after)


# ---------------------------------------------------------------- the command's work

@dataclass
class ReportResult:
    """What `make_report` wrote, for the command's summary line."""

    notices: int
    without_text: list[str]
    repeats: list[str]
    changes: int | None


def make_report(sources, path, *, diff_paths=None, text_files=(), as_of=None) -> ReportResult:
    """Read *sources* (.jsonl files, extracted folders) and write the report page to *path*.

    *diff_paths* (OLD, NEW): two versions of a notice (notice files or .jsonl); their changes
    head the page, and NEW is shown below them when no *sources* are given.
    """
    inputs = ledger.read_notices(sources) if sources else ledger.Inputs([], [])
    notices, texts, diff = list(inputs.notices), {}, None
    if diff_paths:
        old, new = (Path(p) for p in diff_paths)
        versions = [_version(old), _version(new)]
        diff = build_diff(versions[0][0], versions[1][0], old.name, new.name)
        if not notices:
            records, text = versions[1]
            notices = ledger.notices_of([ledger.NoticeRecords(records, new if new.suffix == ".jsonl" else None)])
            if text is not None and notices:
                texts[notices[0].doc_id] = text
    page, shown = render_page(notices, as_of=as_of, texts=texts, text_files=text_files, diff=diff)
    replace_with(Path(path), lambda handle: handle.write(page.encode("utf-8")))
    without = [f"{n.origin}: {n.source.note}" for n in shown if n.source.text is None]
    return ReportResult(len(shown), without, inputs.repeats, len(diff.rows) if diff else None)


def _version(path: Path) -> tuple[list[dict], str | None]:
    """A version's records, and its source text when it is a notice file."""
    from taizhang.pipeline.load import NoticeError, load

    if not path.is_file():
        raise ledger.LedgerInputError(path, "no such file")
    if path.suffix.lower() == ".jsonl":
        return ledger.read_jsonl(path), None
    from taizhang.pipeline.run import extract

    try:
        records = [r.model_dump(mode="json") for r in extract(path)]
        return records, load(path).text
    except NoticeError as exc:
        raise ledger.LedgerInputError(path, str(exc)) from None
