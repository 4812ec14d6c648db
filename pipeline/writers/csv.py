"""The 台账 rows as CSV: UTF-8 with a byte-order mark, so Excel and WPS show the Chinese.

Without the BOM, Excel on Chinese Windows reads a UTF-8 file as GBK and shows mojibake.
Rows end in CRLF as RFC 4180 says; a cell that a spreadsheet would run as a formula
(starting with = + - @) gets a leading apostrophe, the usual guard against CSV injection.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from taizhang.pipeline import ledger
from taizhang.pipeline.write import replace_with

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write(notices: list[list[dict]], path, *, as_of=None, **_options) -> None:
    """Write the 台账 of *notices* to *path*, atomically."""
    table = ledger.rows(notices, as_of)
    replace_with(Path(path), lambda handle: _fill(handle, table))


def _fill(handle, table: list[dict]) -> None:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    columns = ledger.columns("台账")
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in table:
        writer.writerow({name: guarded(row.get(name)) for name in columns})
    text.flush()
    text.detach()       # the caller owns the binary handle: flush and fsync it there


def guarded(value) -> str:
    """A cell's text, defused when a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
