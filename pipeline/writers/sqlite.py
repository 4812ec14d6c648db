"""The records as a SQLite database: one table per record type, lists as their own tables.

One flat table of JSONL columns cannot be faceted by unit or deadline; here an issue's
units are rows of `issue_units`, every table has a primary key, references are foreign
keys, and the columns people filter by (unit names, roles, kinds, dates, states) are
indexed, so the file opens ready in `datasette` or any SQL client. No column name needs
quoting: references are `doc_id`, `section_id`, `parent_id`, `issue_id`; a deadline's date
is `due_date`. Short lists (recipients, measures…) are JSON arrays, for `json_each()`.
"""
from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

from taizhang import __version__
from taizhang.pipeline import ledger
from taizhang.pipeline.write import replace_with

SCHEMA = """
CREATE TABLE about (
    name TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY,
    doc_key TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT,
    kind TEXT,
    doc_number TEXT,
    issuer TEXT,
    recipients TEXT,
    signed_date TEXT,
    printed_date TEXT,
    printed_by TEXT,
    cc TEXT,
    attachments TEXT,
    contact_name TEXT,
    contact_phone TEXT,
    contact_email TEXT,
    script TEXT,
    encoding TEXT,
    warning_count INTEGER NOT NULL DEFAULT 0,
    span_start INTEGER,
    span_end INTEGER
);
CREATE TABLE warnings (
    doc_id TEXT NOT NULL REFERENCES documents (doc_id),
    ordinal INTEGER NOT NULL,
    code TEXT NOT NULL,
    message TEXT,
    span_start INTEGER,
    span_end INTEGER,
    PRIMARY KEY (doc_id, ordinal)
);
CREATE TABLE sections (
    section_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (doc_id),
    parent_id TEXT REFERENCES sections (section_id),
    seq TEXT,
    level INTEGER,
    ordinal INTEGER,
    marker TEXT,
    title TEXT,
    part INTEGER,
    span_start INTEGER,
    span_end INTEGER
);
CREATE TABLE issues (
    issue_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (doc_id),
    section_id TEXT REFERENCES sections (section_id),
    seq TEXT,
    kind TEXT NOT NULL,
    category TEXT,
    title TEXT,
    text TEXT,
    problem TEXT,
    self_check TEXT,
    progress TEXT,
    measures TEXT,
    leaders TEXT,
    deadline_text TEXT,
    due_date TEXT,
    status TEXT,
    span_start INTEGER,
    span_end INTEGER
);
CREATE TABLE issue_units (
    issue_id TEXT NOT NULL REFERENCES issues (issue_id),
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (issue_id, ordinal)
);
CREATE TABLE deadlines (
    deadline_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (doc_id),
    section_id TEXT REFERENCES sections (section_id),
    issue_id TEXT REFERENCES issues (issue_id),
    raw TEXT,
    kind TEXT,
    due_date TEXT,
    milestone TEXT,
    base_date TEXT,
    status TEXT,
    span_start INTEGER,
    span_end INTEGER
);
CREATE TABLE figures (
    figure_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (doc_id),
    section_id TEXT REFERENCES sections (section_id),
    issue_id TEXT REFERENCES issues (issue_id),
    raw TEXT,
    value REAL,
    value_max REAL,
    unit TEXT,
    base_value REAL,
    base_value_max REAL,
    base_unit TEXT,
    kind TEXT,
    approx TEXT,
    metric TEXT,
    as_of TEXT,
    span_start INTEGER,
    span_end INTEGER
);
CREATE TABLE units (
    unit_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (doc_id),
    section_id TEXT REFERENCES sections (section_id),
    issue_id TEXT REFERENCES issues (issue_id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER
);
"""

#: (table, column) pairs people filter or join by; each gets an index.
INDEXED = [
    ("documents", "doc_key"), ("documents", "issuer"), ("documents", "kind"), ("documents", "signed_date"),
    ("sections", "doc_id"), ("sections", "parent_id"),
    ("issues", "doc_id"), ("issues", "section_id"), ("issues", "kind"), ("issues", "status"),
    ("issues", "due_date"),
    ("issue_units", "name"), ("issue_units", "role"),
    ("deadlines", "doc_id"), ("deadlines", "issue_id"), ("deadlines", "kind"), ("deadlines", "due_date"),
    ("deadlines", "status"),
    ("figures", "doc_id"), ("figures", "issue_id"), ("figures", "kind"), ("figures", "base_unit"),
    ("figures", "metric"),
    ("units", "doc_id"), ("units", "issue_id"), ("units", "name"), ("units", "role"),
]


def write(notices: list[list[dict]], path, *, as_of=None, **_options) -> None:
    """Write the database of *notices* to *path*, atomically (built in memory, then copied)."""
    when = ledger.as_of_date(as_of)
    connection = sqlite3.connect(":memory:")
    try:
        create(connection)
        fill(connection, ledger.notices_of(notices), when)
        connection.commit()
        replace_with(Path(path), lambda handle: _dump(connection, handle))
    finally:
        connection.close()


def create(connection: sqlite3.Connection) -> None:
    """The tables and their indexes."""
    connection.executescript(SCHEMA)
    for table, column in INDEXED:
        connection.execute(f"CREATE INDEX {table}_{column} ON {table} ({column})")


def _dump(connection: sqlite3.Connection, handle) -> None:
    """The in-memory database's bytes into *handle* (a file copy where serialize() is missing)."""
    if hasattr(connection, "serialize"):
        handle.write(connection.serialize())
        return
    with tempfile.TemporaryDirectory() as folder:
        copy = sqlite3.connect(Path(folder) / "copy.sqlite")
        connection.backup(copy)
        copy.close()
        handle.write((Path(folder) / "copy.sqlite").read_bytes())


def _list(values) -> str | None:
    return json.dumps(list(values), ensure_ascii=False) if values else None


def _span(record: dict) -> tuple[int | None, int | None]:
    span = record.get("span") or (None, None)
    return span[0], span[1]


def fill(connection: sqlite3.Connection, notices: list[list[dict]], as_of) -> None:
    """Insert every notice; a reference to a record that is not there becomes NULL."""
    connection.executemany("INSERT INTO about VALUES (?, ?)",
                           [("tool", "taizhang"), ("version", __version__), ("as_of", as_of.isoformat())])
    for notice in notices:
        view = ledger.NoticeView(notice)
        ids = {kind: {r["id"] for r in notice if r.get("type") == kind and r.get("id")}
               for kind in ("section", "issue")}

        def known(kind: str, ref):
            return ref if ref in ids[kind] else None

        doc_id = _insert_document(connection, view, notice)
        for record in notice:
            kind = record.get("type")
            if kind == "section":
                _insert_section(connection, record, doc_id, view, known)
            elif kind == "issue":
                _insert_issue(connection, record, doc_id, view, known, as_of)
            elif kind == "deadline":
                connection.execute(
                    "INSERT INTO deadlines VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (record["id"], doc_id, known("section", record.get("section")),
                     known("issue", record.get("issue")), record.get("raw"), record.get("kind"),
                     record.get("date"), record.get("milestone"), record.get("base_date"),
                     ledger.status([record], as_of, view.date), *_span(record)))
            elif kind == "figure":
                connection.execute(
                    "INSERT INTO figures VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (record["id"], doc_id, known("section", record.get("section")),
                     known("issue", record.get("issue")), record.get("raw"), record.get("value"),
                     record.get("value_max"), record.get("unit"), record.get("base_value"),
                     record.get("base_value_max"), record.get("base_unit"), record.get("kind"),
                     record.get("approx"), record.get("metric"), record.get("as_of"), *_span(record)))
            elif kind == "unit":
                connection.execute(
                    "INSERT INTO units VALUES (?,?,?,?,?,?,?,?)",
                    (record["id"], doc_id, known("section", record.get("section")),
                     known("issue", record.get("issue")), record.get("name"), record.get("role"),
                     *_span(record)))


def _insert_document(connection, view: ledger.NoticeView, notice: list[dict]) -> str:
    doc = view.document
    doc_id = doc.get("doc_id") or (notice[0].get("doc_id") if notice else "")
    contact = doc.get("contact") or {}
    warnings = doc.get("warnings") or []
    connection.execute(
        "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (doc_id, doc.get("doc_key") or doc_id, doc.get("source") or "", doc.get("title"), doc.get("kind"),
         doc.get("doc_number"), doc.get("issuer"), _list(doc.get("recipients")), doc.get("signed_date"),
         doc.get("printed_date"), doc.get("printed_by"), _list(doc.get("cc")), _list(doc.get("attachments")),
         contact.get("name"), contact.get("phone"), contact.get("email"), doc.get("script"),
         doc.get("encoding"), len(warnings), *_span(doc)))
    connection.executemany(
        "INSERT INTO warnings VALUES (?,?,?,?,?,?)",
        [(doc_id, n, w.get("code") or "", w.get("message"), *((w.get("span") or (None, None))[:2]))
         for n, w in enumerate(warnings)])
    return doc_id


def _insert_section(connection, record: dict, doc_id: str, view, known) -> None:
    connection.execute(
        "INSERT INTO sections VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (record["id"], doc_id, known("section", record.get("parent")), view.path(record["id"]),
         record.get("level"), record.get("ordinal"), record.get("marker"), record.get("title"),
         record.get("part"), *_span(record)))


def _insert_issue(connection, record: dict, doc_id: str, view, known, as_of) -> None:
    row = ledger.ledger_row(record, view, as_of)
    dues = ledger.due_dates(record.get("deadlines") or [], view.date)
    connection.execute(
        "INSERT INTO issues VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (record["id"], doc_id, known("section", record.get("section")), row["序号"], record.get("kind"),
         row["类别"], record.get("title"), record.get("text"), record.get("problem"),
         record.get("self_check"), record.get("progress"), _list(record.get("measures")),
         _list(record.get("leaders")), row["完成时限"] or None,
         max(dues).isoformat() if dues else None, row["状态"] or None, *_span(record)))
    connection.executemany(
        "INSERT INTO issue_units VALUES (?,?,?,?)",
        [(record["id"], n, unit.get("name"), unit.get("role"))
         for n, unit in enumerate(record.get("units") or [])])
