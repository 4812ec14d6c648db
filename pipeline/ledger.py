"""The ledger (台账) of extracted notices: one row per issue, as plain dicts.

People who track rectification work read a 台账, not JSONL: a row per issue with its
heading number (序号) as written, the responsible leaders and units by role, the deadlines
in words and a state (逾期, 30天内到期…) against a date. `rows()` is that table, so
``pandas.DataFrame(rows(records))`` is the ledger; `sheets()` adds the deadlines, figures,
units and documents tables of the workbook. Column names and labels live in
``pipeline/data/ledger.yaml``.

Records come as plain dicts (or pydantic records) of one or many notices; `read_notices()`
reads them from .jsonl files or extracted folders.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Union

from taizhang.pipeline.lexicon import load as _lexicon

DateLike = Union[dt.date, str, None]


def words() -> dict:
    """The ledger's column names and labels (pipeline/data/ledger.yaml)."""
    return _lexicon("ledger")


# ---------------------------------------------------------------- reading inputs

class LedgerInputError(ValueError):
    """An input that is not extracted records; `path` names it, the message says what is wrong."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path, self.problem = str(path), problem


class NoticeRecords(list):
    """The records of one notice (document first), with the .jsonl file they came from, if any."""

    def __init__(self, records: Iterable[dict] = (), origin: Path | None = None):
        super().__init__(records)
        self.origin = origin

    @property
    def document(self) -> dict | None:
        return next((r for r in self if r.get("type") == "document"), None)

    @property
    def doc_id(self) -> str | None:
        return self[0].get("doc_id") if self else None


@dataclass
class Inputs:
    """What `read_notices` found: the notices, and the repeats it took only once."""

    notices: list[NoticeRecords]
    repeats: list[str]


def read_notices(sources) -> Inputs:
    """The notices in *sources*: a folder or .jsonl path, a list of them, or records themselves
    (a list of dicts or pydantic records, of one notice or many, or a list of such lists).

    A notice given twice (one doc_id) is taken once, so merging overlapping folders is safe.
    """
    found: list[NoticeRecords] = []
    for origin, records in _record_lists(sources):
        found += _by_document(records, origin)
    notices, repeats, seen = [], [], set()
    for notice in found:
        if notice.doc_id in seen:
            repeats.append(str(notice.origin or notice.doc_id))
            continue
        seen.add(notice.doc_id)
        notices.append(notice)
    return Inputs(notices, repeats)


def _record_lists(sources) -> Iterable[tuple[Path | None, list[dict]]]:
    """(origin, records) for each file or list in *sources*."""
    if isinstance(sources, (str, Path)):
        sources = [sources]
    sources = list(sources)
    if sources and all(_is_record(s) for s in sources):
        yield None, [_plain(s) for s in sources]
        return
    for source in sources:
        if isinstance(source, (str, Path)):
            for path in _jsonl_files(Path(source)):
                yield path, read_jsonl(path)
        elif isinstance(source, NoticeRecords):
            yield source.origin, [_plain(r) for r in source]
        else:
            yield None, [_plain(r) for r in source]


def _is_record(value) -> bool:
    return isinstance(value, dict) or hasattr(value, "model_dump")


def _plain(record) -> dict:
    """A record as a plain dict, whether it is one already or a pydantic model."""
    if isinstance(record, dict):
        return record
    if hasattr(record, "model_dump"):
        return record.model_dump(mode="json")
    raise TypeError(f"not a record: {type(record).__name__}")


def _jsonl_files(path: Path) -> list[Path]:
    """A .jsonl file itself; for a folder, its outputs in manifest (input) order, else sorted."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise LedgerInputError(path, "no such file or folder")
    files = sorted(p for p in path.rglob("*.jsonl") if not p.name.startswith("."))
    manifest = path / "manifest.json"
    if manifest.is_file():
        files = _in_manifest_order(manifest, files)
    if not files:
        raise LedgerInputError(path, "no .jsonl files here (run `taizhang extract` first)")
    return files


def _in_manifest_order(manifest: Path, files: list[Path]) -> list[Path]:
    """The manifest lists notices in input order; files it does not name follow, sorted."""
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8")).get("notices") or []
    except (ValueError, OSError, AttributeError):
        return files
    rank = {}
    for number, entry in enumerate(entries):
        if isinstance(entry, dict) and entry.get("output"):
            rank[(manifest.parent / entry["output"]).resolve()] = number
    return sorted(files, key=lambda p: (rank.get(p.resolve(), len(rank)), str(p)))


def read_jsonl(path: Path) -> list[dict]:
    """The records of one .jsonl output; a line that is not a record is an input error."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LedgerInputError(path, "not UTF-8 text (is it a .jsonl written by taizhang extract?)") from None
    except OSError as exc:
        raise LedgerInputError(path, exc.strerror or str(exc)) from None
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LedgerInputError(path, f"line {number} is not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or "type" not in record:
            raise LedgerInputError(path, f"line {number} is not a taizhang record (no 'type')")
        records.append(record)
    return records


def _by_document(records: list[dict], origin: Path | None) -> list[NoticeRecords]:
    """Split a list of records into notices by doc_id, in order of first appearance."""
    groups: dict[str, NoticeRecords] = {}
    for record in records:
        key = record.get("doc_id") or ""
        groups.setdefault(key, NoticeRecords(origin=origin)).append(record)
    for notice in groups.values():
        notice.sort(key=lambda r: r.get("type") != "document")    # stable: document first
    return list(groups.values())


def notices_of(sources) -> list[NoticeRecords]:
    """`read_notices(sources).notices`, for callers that do not report repeats."""
    return read_notices(sources).notices


# ---------------------------------------------------------------- dates and states

def as_date(value: DateLike) -> dt.date | None:
    """An ISO date string or a date as a date; None stays None."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def as_of_date(as_of: DateLike) -> dt.date:
    """The date states are judged against: the one given, else today."""
    if as_of is None:
        return dt.date.today()
    found = as_date(as_of)
    if found is None:
        raise ValueError(f"not a date (YYYY-MM-DD): {as_of}")
    return found


def state(due: dt.date, as_of: dt.date) -> str:
    """逾期 / 30天内到期 / 未到期 of one due date."""
    labels = words()["statuses"]
    days = (due - as_of).days
    if days < 0:
        return labels["overdue"]
    return labels["due_soon"] if days <= words()["due_soon_days"] else labels["not_due"]


def due_dates(deadlines: Iterable[dict], notice_date: dt.date | None) -> list[dt.date]:
    """The dates work is due by: resolved dates, and 立行立改 as due on the notice's date."""
    dates = []
    for deadline in deadlines:
        if deadline.get("kind") == "date" and as_date(deadline.get("date")):
            dates.append(as_date(deadline["date"]))
        elif deadline.get("kind") == "immediate":
            due = as_date(deadline.get("base_date")) or notice_date
            if due:
                dates.append(due)
    return dates


def status(deadlines: list[dict], as_of: DateLike = None, notice_date: DateLike = None) -> str:
    """The state of an item with these deadlines: judged by the last one it is due by.

    Work that is 长期坚持 is 长期 when it has no date still ahead (`…取得阶段性成效，长期坚持`
    stays 长期 once the milestone passed); an item without deadlines has no state ("").
    """
    ongoing = any(d.get("kind") == "ongoing" for d in deadlines)
    dates = due_dates(deadlines, as_date(notice_date))
    if not dates:
        return words()["statuses"]["ongoing"] if ongoing else ""
    when = as_of_date(as_of)
    last = max(dates)
    if last < when and ongoing:
        return words()["statuses"]["ongoing"]
    return state(last, when)


def deadline_words(deadline: dict) -> str:
    """One deadline as a 台账 writes it: the date (and its milestone), 长期坚持 or 立行立改."""
    kind = deadline.get("kind")
    if kind in ("ongoing", "immediate"):
        return words()["deadline_kinds"][kind]
    text = deadline.get("date") or deadline.get("raw") or ""
    if deadline.get("milestone"):
        text += " " + deadline["milestone"]
    return text


# ---------------------------------------------------------------- one notice's lookups

class NoticeView:
    """The lookups rows need in one notice: records by id, 序号 of sections, the notice's date."""

    def __init__(self, records: list[dict]):
        self.records = records
        self.document = next((r for r in records if r.get("type") == "document"), {}) or {}
        self.by_id = {r["id"]: r for r in records if r.get("id")}
        self._paths: dict[str | None, str] = {None: ""}

    @property
    def date(self) -> dt.date | None:
        """成文日期, else 印发日期: what 立行立改 and relative deadlines count from."""
        return as_date(self.document.get("signed_date")) or as_date(self.document.get("printed_date"))

    @property
    def file_label(self) -> str:
        """文件: the title and, when known, the 发文字号."""
        doc = self.document
        title = doc.get("title") or doc.get("source") or doc.get("doc_id") or ""
        return f"{title}（{doc['doc_number']}）" if doc.get("doc_number") else title

    @property
    def source(self) -> str:
        return self.document.get("source") or self.document.get("doc_id") or ""

    def path(self, section_id: str | None) -> str:
        """序号: the markers from the top heading down, as written (`三、（一）2.`)."""
        if section_id not in self._paths:
            markers, part, seen = [], 0, set()
            current = self.by_id.get(section_id)
            while current is not None and current.get("id") not in seen:
                seen.add(current.get("id"))
                markers.append(current.get("marker") or "")
                part = current.get("part") or 0
                current = self.by_id.get(current.get("parent"))
            prefix = f"{words()['attachment_prefix']}{part} " if part else ""
            self._paths[section_id] = prefix + "".join(reversed(markers))
        return self._paths[section_id]

    def origin(self, record: dict) -> str:
        """出处: the source file and the record's character span in it."""
        span = record.get("span") or (0, 0)
        return f"{self.source}:{span[0]}-{span[1]}"

    def issue_subject(self, issue_id: str | None) -> str:
        issue = self.by_id.get(issue_id) if issue_id else None
        return subject(issue) if issue else ""


def subject(issue: dict) -> str:
    """问题或任务: the problem as stated, else the item's title."""
    return issue.get("problem") or issue.get("title") or ""


def _measures(issue: dict) -> str:
    """整改措施: one measure as it is, several numbered one per line."""
    measures = [m for m in issue.get("measures") or [] if m]
    if len(measures) == 1:
        return measures[0]
    return "\n".join(f"{n}. {m}" for n, m in enumerate(measures, 1))


def _join(values: Iterable[str], separator: str | None = None) -> str:
    separator = words()["list_separator"] if separator is None else separator
    return separator.join(dict.fromkeys(v for v in values if v))


# ---------------------------------------------------------------- the rows

def _notices(records) -> list[list[dict]]:
    """Records of one or many notices, as one list per notice."""
    return [list(n) for n in notices_of(records)] if records else []


def _each(records, kind: str) -> Iterator[tuple[dict, NoticeView]]:
    """Every record of type *kind*, in document order, with the view of its notice (which
    answers where the record stands: its 序号, file, issue)."""
    for notice in _notices(records):
        view = NoticeView(notice)
        for record in notice:
            if record.get("type") == kind:
                yield record, view


def _label(labels: dict, table: str, value) -> str:
    """A record's value in the ledger's words (lead → 牵头单位); a value with no label as it is."""
    return labels[table].get(value, value or "")


def _record_rows(records, kind: str, columns: str,
                 fields: Callable[[dict, NoticeView, dict], dict]) -> list[dict]:
    """One row per record of *kind*, in the order of the word list *columns*: where the record
    stands (序号, 文件, 问题或任务, 原文, 出处) and what *fields(record, view, labels)* reads."""
    labels = words()
    out = []
    for record, view in _each(records, kind):
        values = {
            "序号": view.path(record.get("section")), "文件": view.file_label,
            "问题或任务": view.issue_subject(record.get("issue")), "原文": record.get("raw") or "",
            "出处": view.origin(record), **fields(record, view, labels),
        }
        out.append({c: values[c] for c in labels[columns]})
    return out


def issue_rows(records, as_of: DateLike = None) -> list[tuple[dict, dict]]:
    """(issue record, 台账 row) pairs, in document order: the report links rows to records."""
    when = as_of_date(as_of)
    return [(issue, ledger_row(issue, view, when)) for issue, view in _each(records, "issue")]


def ledger_row(issue: dict, view: NoticeView, as_of: dt.date) -> dict:
    """One row of the 台账."""
    labels = words()
    units = issue.get("units") or []
    by_role = {column: _join(u.get("name") for u in units if u.get("role") == role)
               for role, column in labels["role_columns"].items()}
    deadlines = issue.get("deadlines") or []
    values = {
        "序号": view.path(issue.get("section")),
        "文件": view.file_label,
        "类别": _label(labels, "issue_kinds", issue.get("kind")),
        "问题或任务": subject(issue),
        "整改措施": _measures(issue),
        "责任领导": _join(issue.get("leaders") or []),
        **by_role,
        "完成时限": _join((deadline_words(d) for d in deadlines), labels["deadline_separator"]),
        "状态": status(deadlines, as_of, view.date),
        "进展": issue.get("progress") or "",
        "出处": view.origin(issue),
    }
    return {column: values[column] for column in labels["ledger_columns"]}


def rows(records, as_of: DateLike = None) -> list[dict]:
    """The 台账: one dict per issue, keys the column names, so DataFrame(rows) is the ledger.

    *records*: records of one or many notices (dicts or pydantic records), .jsonl paths or
    extracted folders. *as_of*: the date 状态 is judged against (date or YYYY-MM-DD; today).
    """
    return [row for _, row in issue_rows(records, as_of)]


def deadline_rows(records, as_of: DateLike = None) -> list[dict]:
    """The 时限 sheet: every deadline record, with its state."""
    when = as_of_date(as_of)

    def fields(record: dict, view: NoticeView, labels: dict) -> dict:
        return {"类型": _label(labels, "deadline_kinds", record.get("kind")),
                "日期": record.get("date") or "", "节点": record.get("milestone") or "",
                "起算日期": record.get("base_date") or "", "状态": status([record], when, view.date)}

    return _record_rows(records, "deadline", "deadline_columns", fields)


def figure_rows(records, as_of: DateLike = None) -> list[dict]:
    """The 数据 sheet: every figure, as written and in its base unit."""

    def fields(record: dict, view: NoticeView, labels: dict) -> dict:
        return {"数值": record.get("value"), "数值上限": record.get("value_max"),
                "单位": record.get("unit") or "", "折算值": record.get("base_value"),
                "折算值上限": record.get("base_value_max"), "基本单位": record.get("base_unit") or "",
                "类型": _label(labels, "figure_kinds", record.get("kind")),
                "约数": record.get("approx") or "", "指标": record.get("metric") or "",
                "截至": record.get("as_of") or ""}

    return _record_rows(records, "figure", "figure_columns", fields)


def unit_rows(records, as_of: DateLike = None) -> list[dict]:
    """The 单位 sheet: every unit named, with its role and where."""

    def fields(record: dict, view: NoticeView, labels: dict) -> dict:
        return {"单位": record.get("name") or "", "角色": _label(labels, "unit_roles", record.get("role"))}

    return _record_rows(records, "unit", "unit_columns", fields)


def document_rows(records, as_of: DateLike = None) -> list[dict]:
    """The 文件 sheet: one row per notice, its 版记 fields and how many records it gave."""
    labels, out = words(), []
    for notice in _notices(records):
        doc = NoticeView(notice).document
        counts: dict[str, int] = {}
        for record in notice:
            key = record.get("kind") if record.get("type") == "issue" else record.get("type")
            counts[key] = counts.get(key, 0) + 1
        contact = doc.get("contact") or {}
        values = {
            "标题": doc.get("title") or "", "文号": doc.get("doc_number") or "",
            "文种": doc.get("kind") or "", "发文机关": doc.get("issuer") or "",
            "主送机关": _join(doc.get("recipients") or []), "成文日期": doc.get("signed_date") or "",
            "印发日期": doc.get("printed_date") or "", "印发机关": doc.get("printed_by") or "",
            "抄送机关": _join(doc.get("cc") or []), "附件": _join(doc.get("attachments") or []),
            "联系人": " ".join(v for v in (contact.get("name"), contact.get("phone"), contact.get("email")) if v),
            "字形": _label(labels, "scripts", doc.get("script")),
            "问题": counts.get("problem", 0), "任务": counts.get("task", 0),
            "建议": counts.get("suggestion", 0), "时限": counts.get("deadline", 0),
            "数据": counts.get("figure", 0), "单位": counts.get("unit", 0),
            "警告": len(doc.get("warnings") or []), "来源": doc.get("source") or "",
            "编号": doc.get("doc_id") or (notice[0].get("doc_id") if notice else ""),
        }
        out.append({c: values[c] for c in labels["document_columns"]})
    return out


#: The sheets of the workbook, 台账 first.
SHEETS = {"台账": rows, "时限": deadline_rows, "数据": figure_rows, "单位": unit_rows, "文件": document_rows}


def sheets(records, as_of: DateLike = None) -> dict[str, list[dict]]:
    """Every table of the workbook by sheet name, 台账 first; records are read once."""
    notices = notices_of(records)
    return {name: build(notices, as_of) for name, build in SHEETS.items()}


def columns(sheet: str) -> list[str]:
    """The column names of a sheet, so an empty sheet still has its header."""
    key = {"台账": "ledger_columns", "时限": "deadline_columns", "数据": "figure_columns",
           "单位": "unit_columns", "文件": "document_columns"}[sheet]
    return list(words()[key])
