"""Writers by output format: each turns the records of one or many notices into one file.

A writer is a function ``write(notices, path, *, as_of)`` in a module of this package:
*notices* is a list of notices, each the list of its records as plain dicts (document
first, as in a .jsonl output); *path* is the file to write (atomically, through
``taizhang.pipeline.write.replace_with``); *as_of* is the date that deadline states
(逾期, 30天内到期…) are judged against. The registry below is the only place that knows
the formats: a new output is one module and one ``Writer`` line. Writers are imported
when first used, so that ``taizhang --help`` stays fast.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Writer:
    name: str           # as given to --to
    suffix: str         # the file suffix it writes
    target: str         # "module:function", imported on first use
    summary: str        # one line for --help

    def write(self, notices: list[list[dict]], path, **options) -> None:
        module, _, function = self.target.partition(":")
        getattr(importlib.import_module(module), function)(notices, path, **options)


_HERE = __name__

#: Every output format of `taizhang export` / `taizhang report`.
WRITERS: dict[str, Writer] = {}


def register(writer: Writer) -> None:
    WRITERS[writer.name] = writer


# ---------------------------------------------------------------- registry: one line per format

register(Writer("xlsx", ".xlsx", f"{_HERE}.xlsx:write", "Excel/WPS workbook: sheets 台账, 时限, 数据, 单位, 文件"))
register(Writer("csv", ".csv", f"{_HERE}.csv:write", "the 台账 rows, UTF-8 with BOM for Excel and WPS"))
register(Writer("sqlite", ".sqlite", f"{_HERE}.sqlite:write",
                "SQLite: documents, sections, issues, issue_units, deadlines, figures, units"))
register(Writer("html", ".html", f"{_HERE}.report:write",
                "one self-contained page: the notice with its records highlighted, and its ledger"))


def writer_for(to: str | None, path) -> Writer:
    """The writer named *to*, else the one whose suffix the output *path* has (.db is SQLite)."""
    from pathlib import Path

    if to is None:
        suffix = Path(path).suffix.lower()
        suffix = ".sqlite" if suffix in (".db", ".sqlite3") else suffix
        to = next((w.name for w in WRITERS.values() if w.suffix == suffix), None)
        if to is None:
            raise ValueError(f"cannot tell the format from the name {Path(path).name}: "
                             f"give --to ({', '.join(WRITERS)})")
    if to not in WRITERS:
        raise ValueError(f"unknown output format {to!r} (one of {', '.join(WRITERS)})")
    return WRITERS[to]


def export(sources, *, to: str | None = None, path, as_of=None, **options):
    """Write the records of *sources* (extracted folders, .jsonl files, or records themselves)
    as format *to* (xlsx, csv, sqlite, html; default from *path*'s suffix) to *path*.

    *as_of* (a date or YYYY-MM-DD, default today) is what deadline states are judged against.
    Returns the `ledger.Inputs` read: the notices written and the repeats taken once.
    """
    from pathlib import Path

    from taizhang.pipeline.ledger import read_notices

    writer = writer_for(to, path)
    inputs = read_notices(sources)
    writer.write(inputs.notices, Path(path), as_of=as_of, **options)
    return inputs
