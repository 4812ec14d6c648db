"""Unwrap the notice from whatever carries it: HTML, a database row, markdown, code, a PDF text layer.

(A stub: the unwrapping issue fills it in.) ``unwrap(text)`` follows the convention of
every normalize step: it returns ``(new_text, offset_map_or_None, found)``, where *found*
lists warnings (``{"code", "message", "span"}``) and evidence
(``{"evidence": field, "value": str, "span": (start, end)}``), spans in *text* coordinates.
"""
from __future__ import annotations


def unwrap(text: str):
    return text, None, []
