"""One notice through every stage, in the order declared here (and checked when built).

load → normalize → headings → document → items → as_of → deadlines → figures → units → records
"""
from __future__ import annotations

import functools
from pathlib import Path

from taizhang.pipeline.components import Pipeline
from taizhang.pipeline.load import Source, load
from taizhang.pipeline.notice import Notice
from taizhang.schemas import Record


@functools.lru_cache(maxsize=1)
def pipeline() -> Pipeline:
    """The stages in their order; building it checks every stage's requirements."""
    from taizhang.pipeline import annotate, assemble, headings, items, normalize, structure

    return Pipeline([
        normalize.normalize_stage, headings.headings_stage, structure.document_stage, items.items_stage,
        annotate.as_of_stage, annotate.deadlines_stage, annotate.figures_stage, annotate.units_stage,
        assemble.records_stage,
    ])


def read(source: Source, until: str | None = None) -> Notice:
    """The notice after every stage (or up to and including the stage named *until*)."""
    stages = pipeline()
    if until is not None:
        stages = Pipeline(stages.components[:stages.names.index(until) + 1])
    return stages(Notice(source))


def extract(path: Path, name: str | None = None) -> list[Record]:
    """All validated records of the notice at *path*, document first."""
    return extract_source(load(path, name))


def extract_source(source: Source) -> list[Record]:
    """All validated records of a notice already read (see pipeline.load), document first."""
    return read(source).records
