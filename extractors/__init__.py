"""Record extractors and the grammars they share (numbers, dates).

Each extractor is a plain function ``notice -> list[dict]`` over a `pipeline.run.Notice`;
`extract_all` runs them in order, like the components of a spaCy pipeline.
"""
from __future__ import annotations


def extract_all(notice) -> list[dict]:
    """Issues, deadlines, figures and units of *notice*, as record dicts."""
    return []
