"""Record extractors and the grammars they share (numbers, dates).

Grammars (numbers, dates, deadlines, figures, units) are plain functions over
strings; `ledger` turns their matches into records linked to sections and issues.
"""
from __future__ import annotations


def extract_all(notice) -> list[dict]:
    """Issues, deadlines, figures and units of *notice*, as record dicts."""
    from taizhang.extractors.ledger import build

    return build(notice)
