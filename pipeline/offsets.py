"""Offset maps: every normalization step remembers where each output character came from.

A map is piecewise: segment i starts at output position `out[i]` and maps to input
position `src[i] + min(k, cap[i])` for the k-th character of the segment. Kept text
has an unbounded cap (slope 1); a replacement of different length clamps to the
characters it replaced; deleted text simply has no segment.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

UNBOUNDED = 1 << 62


@dataclass
class OffsetMap:
    out: list[int] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    cap: list[int] = field(default_factory=list)

    def add(self, out_pos: int, src_pos: int, cap: int = UNBOUNDED) -> None:
        """Start a segment, merging it into the previous one when it simply continues it."""
        if self.out and self.cap[-1] == UNBOUNDED and cap == UNBOUNDED \
                and src_pos - self.src[-1] == out_pos - self.out[-1]:
            return
        self.out.append(out_pos)
        self.src.append(src_pos)
        self.cap.append(cap)

    def to_source(self, pos: int) -> int:
        if not self.out:
            return pos
        i = bisect.bisect_right(self.out, pos) - 1
        if i < 0:
            return self.src[0]
        return self.src[i] + min(pos - self.out[i], self.cap[i])


def apply_edits(text: str, edits) -> tuple[str, OffsetMap | None]:
    """Apply sorted, non-overlapping (start, end, replacement) edits to *text*.

    Returns the new text and the map from it back to *text* (None when nothing changed).
    """
    # The segments are built here as OffsetMap.add builds them, inlined: a notice's steps make
    # tens of thousands of edits. *shift* is src - out of the last segment when it is kept text
    # (unbounded), None after a replacement: a kept stretch with the same shift continues it.
    pieces: list[str] = []
    outs: list[int] = []
    srcs: list[int] = []
    caps: list[int] = []
    shift = None
    src_pos = out_pos = 0
    changed = False
    for start, end, replacement in edits:
        if start < src_pos:
            continue  # overlapping edit: the earlier one wins
        if start > src_pos:
            if src_pos - out_pos != shift:
                shift = src_pos - out_pos
                outs.append(out_pos)
                srcs.append(src_pos)
                caps.append(UNBOUNDED)
            pieces.append(text[src_pos:start])
            out_pos += start - src_pos
        if replacement:
            width = end - start
            if len(replacement) == width:
                if start - out_pos != shift:
                    shift = start - out_pos
                    outs.append(out_pos)
                    srcs.append(start)
                    caps.append(UNBOUNDED)
            else:
                shift = None
                outs.append(out_pos)
                srcs.append(start)
                caps.append(max(width - 1, 0))
            pieces.append(replacement)
            out_pos += len(replacement)
        src_pos = end
        changed = True
    if not changed:
        return text, None
    if src_pos < len(text):
        if src_pos - out_pos != shift:
            outs.append(out_pos)
            srcs.append(src_pos)
            caps.append(UNBOUNDED)
        pieces.append(text[src_pos:])
    return "".join(pieces), OffsetMap(outs, srcs, caps)


class MapChain:
    """Composition of the maps of successive stages, last stage last."""

    def __init__(self) -> None:
        self.maps: list[OffsetMap] = []

    def push(self, mapping: OffsetMap | None) -> None:
        if mapping is not None:
            self.maps.append(mapping)

    def to_source(self, pos: int) -> int:
        for mapping in reversed(self.maps):
            pos = mapping.to_source(pos)
        return pos

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of normalized [start, end): the end follows the last kept character."""
        src_start = self.to_source(start)
        if end <= start:
            return src_start, src_start
        return src_start, max(src_start, self.to_source(end - 1) + 1)
