"""The carrier: one `Notice` per file, filled in by the pipeline's components in turn.

Like a spaCy `Doc`, it holds the text once and everything found in it as spans in one
coordinate system, the normalized text: `notice.spans["heading"]`, `["item"]`,
`["deadline"]`, `["figure"]`, `["unit"]`, `["as_of"]`. Only the record assembly maps
spans back into the source text (`notice.source_span`), through the offset chain
normalize built.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from taizhang.pipeline.load import Source
from taizhang.pipeline.offsets import MapChain


@dataclass
class Span:
    """A stretch of normalized text a grammar recognized, with what it said about it."""

    start: int
    end: int
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Notice:
    source: Source
    text: str = ""                          # normalized text (normalize)
    chain: MapChain = field(default_factory=MapChain)   # normalized → source offsets (normalize)
    script: str | None = None               # simplified / traditional / mixed (normalize)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)   # logical lines (normalize)
    debris: list[dict] = field(default_factory=list)     # dropped furniture lines, as evidence (normalize)
    evidence: dict[str, dict] = field(default_factory=dict)  # field → {value, span} from wrappers (normalize)
    warnings: list[dict] = field(default_factory=list)   # source-coordinate warnings, in stage order
    part_starts: list[int] = field(default_factory=list)  # where each 附件 page starts (headings)
    fields: Any = None                      # DocumentFields: title, 文号, dates… (document)
    spans: dict[str, list] = field(default_factory=dict)  # named span groups
    records: list = field(default_factory=list)           # validated records (records)

    @property
    def doc_id(self) -> str:
        return self.source.doc_id

    @property
    def headings(self) -> list:
        return self.spans.get("heading", [])

    @property
    def items(self) -> list:
        return self.spans.get("item", [])

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of normalized [start, end)."""
        return self.chain.span(start, end)

    def _starts(self, group: str, spans: list) -> list[int]:
        """The start offsets of a span group, computed once per list (a later stage's new list
        is computed afresh)."""
        cache = self.__dict__.setdefault("_starts_cache", {})
        cached = cache.get(group)
        if cached is None or cached[0] is not spans or len(cached[1]) != len(spans):
            cached = cache[group] = (spans, [span.start for span in spans])
        return cached[1]

    def section_at(self, pos: int):
        """The innermost heading whose section contains normalized position *pos*, or None."""
        starts = self._starts("heading", self.headings)
        i = bisect.bisect_right(starts, pos) - 1
        while i >= 0:
            heading = self.headings[i]
            if pos < heading.end:
                return heading
            i = heading.parent if heading.parent is not None else -1
        return None

    def item_at(self, pos: int):
        """The innermost item (issue) whose text contains normalized position *pos*, or None
        (a table row inside a numbered item is the innermost)."""
        starts = self._starts("item", self.items)
        i = bisect.bisect_right(starts, pos) - 1
        for k in range(i, max(-1, i - 64), -1):     # items nest one level at most: look back a little
            if pos < self.items[k].end:
                return self.items[k]
        return None
