"""The ledger as an Excel/WPS workbook: sheet 台账 first, then 时限, 数据, 单位 and 文件.

Written with XlsxWriter: it only writes (no reading or editing cost), is pure Python, writes
files Excel and WPS open without a repair prompt, and sets frozen panes, filters, wrapping,
widths and conditional colours directly. Every text goes in as a string, never a formula or
a link, so a notice cannot smuggle `=HYPERLINK(…)` into a user's workbook.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from taizhang.pipeline import ledger
from taizhang.pipeline.write import replace_with

#: Excel's limit for one cell; longer text is cut with an ellipsis.
CELL_LIMIT = 32_767
#: Column widths in characters (a CJK character counts two): never narrower, never wider.
MIN_WIDTH, MAX_WIDTH = 6, 60
#: Fill colours of the deadline states in the 状态 column.
STATE_FILLS = {"overdue": "#F8CBAD", "due_soon": "#FFE699", "not_due": "#C6EFCE", "ongoing": "#DDEBF7"}


def write(notices: list[list[dict]], path, *, as_of=None, **_options) -> None:
    """Write the workbook of *notices* to *path*, atomically."""
    tables = ledger.sheets(notices, as_of)
    replace_with(Path(path), lambda handle: _fill(handle, tables, ledger.as_of_date(as_of)))


def _fill(handle, tables: dict[str, list[dict]], as_of: dt.date) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(handle, {"strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    book.set_properties({"title": "整改台账", "subject": f"状态截至 {as_of.isoformat()}",
                         "creator": "taizhang"})
    styles = {
        "header": book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter",
                                   "bg_color": "#D9E1F2", "border": 1}),
        "text": book.add_format({"text_wrap": True, "valign": "top"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"}),
        "number": book.add_format({"valign": "top"}),
    }
    states = {key: book.add_format({"bg_color": colour}) for key, colour in STATE_FILLS.items()}
    dates = set(ledger.words()["date_columns"])
    for name, table in tables.items():
        sheet = book.add_worksheet(name)
        columns = ledger.columns(name)
        _write_table(sheet, columns, table, styles, dates)
        if "状态" in columns and table:
            _colour_states(sheet, columns.index("状态"), len(table), states)
    book.close()


def _write_table(sheet, columns: list[str], table: list[dict], styles: dict, dates: set[str]) -> None:
    """Header row frozen with filters on it, one row per dict, widths from the contents."""
    for col, name in enumerate(columns):
        sheet.write_string(0, col, name, styles["header"])
    for row, values in enumerate(table, 1):
        for col, name in enumerate(columns):
            _write_cell(sheet, row, col, values.get(name), styles, name in dates)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table), 1), len(columns) - 1)
    for col, name in enumerate(columns):
        sheet.set_column(col, col, column_width(name, (values.get(name) for values in table)))


def _write_cell(sheet, row: int, col: int, value, styles: dict, is_date: bool) -> None:
    """A value by its type: numbers as numbers, ISO dates as dates, everything else as text."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, (int, float)):
        sheet.write_number(row, col, value, styles["number"])
        return
    text = str(value)
    when = ledger.as_date(text) if is_date and len(text) == 10 else None
    if when is not None:
        sheet.write_datetime(row, col, dt.datetime(when.year, when.month, when.day), styles["date"])
        return
    if len(text) > CELL_LIMIT:
        text = text[:CELL_LIMIT - 1] + "…"
    sheet.write_string(row, col, text, styles["text"])


def _colour_states(sheet, col: int, count: int, states: dict) -> None:
    """逾期 red, 30天内到期 amber, 未到期 green, 长期 blue: the column people scan first."""
    labels = ledger.words()["statuses"]
    for key, style in states.items():
        sheet.conditional_format(1, col, count, col, {"type": "cell", "criteria": "==",
                                                      "value": f'"{labels[key]}"', "format": style})


def display_width(text: str) -> int:
    """Width of the longest line in character cells: CJK and full-width characters count two."""
    import unicodedata

    return max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
                for line in text.split("\n")), default=0)


def column_width(name: str, values) -> int:
    """Wide enough for the header and most cells (the 90th percentile), within bounds."""
    widths = sorted(display_width(str(v)) for v in values if v not in (None, ""))
    typical = widths[int(len(widths) * 0.9)] if len(widths) > 1 else (widths[0] if widths else 0)
    return max(MIN_WIDTH, min(MAX_WIDTH, max(display_width(name), typical) + 2))
