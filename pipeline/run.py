"""One notice through every stage: load → normalize → structure → extract → validate."""
from __future__ import annotations

import bisect
from pathlib import Path

from taizhang.pipeline.headings import Heading, find_headings
from taizhang.pipeline.load import Source, load
from taizhang.pipeline.normalize import Normalized, normalize
from taizhang.pipeline.structure import DocumentFields, document_fields
from taizhang.schemas import RECORD_MODELS, Record


class Notice:
    """Everything the extractors need about one notice, in normalized coordinates."""

    def __init__(self, source: Source):
        self.source = source
        self.norm: Normalized = normalize(source.text)
        self.text = self.norm.text
        self.headings, self.part_starts = find_headings(self.text)
        self.fields: DocumentFields = document_fields(self.text, self.headings, self.part_starts,
                                                      self.norm.debris)
        self._heading_starts = [h.start for h in self.headings]

    @property
    def doc_id(self) -> str:
        return self.source.doc_id

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of a normalized span."""
        return self.norm.span(start, end)

    def section_id(self, heading: Heading | None) -> str | None:
        return None if heading is None else f"{self.doc_id}/s{heading.index}"

    def section_at(self, pos: int) -> Heading | None:
        """The innermost section whose text contains normalized position *pos*."""
        i = bisect.bisect_right(self._heading_starts, pos) - 1
        while i >= 0:
            heading = self.headings[i]
            if pos < heading.end:
                return heading
            i = heading.parent if heading.parent is not None else -1
        return None


def extract(path: Path, name: str | None = None) -> list[Record]:
    """All validated records of the notice at *path*, document first."""
    return extract_source(load(path, name))


def extract_source(source: Source) -> list[Record]:
    """All validated records of a notice already read (see pipeline.load), document first."""
    notice = Notice(source)
    records = [document_record(notice)] + section_records(notice)
    from taizhang.extractors import extract_all  # the extractors register themselves there

    records += extract_all(notice)
    return [RECORD_MODELS[record["type"]].model_validate(record) for record in records]


def document_record(notice: Notice) -> dict:
    fields = notice.fields
    warnings = list(notice.source.warnings) + list(notice.norm.warnings)
    warnings += [dict(w, span=notice.span(*w["span"]) if w.get("span") else None) for w in fields.warnings]
    doc_key = fields.doc_number or _key_text(fields.title) or _fallback_key(fields) or notice.doc_id
    return {
        "type": "document", "id": notice.doc_id, "doc_id": notice.doc_id,
        "span": (0, len(notice.source.text)),
        "doc_key": doc_key, "source": notice.source.name,
        "title": fields.title, "kind": fields.kind, "doc_number": fields.doc_number,
        "issuer": fields.issuer, "recipients": fields.recipients,
        "signed_date": fields.signed_date, "printed_date": fields.printed_date,
        "printed_by": fields.printed_by, "cc": fields.cc, "attachments": fields.attachments,
        "contact": fields.contact, "script": notice.norm.script,
        "encoding": notice.source.encoding, "warnings": warnings,
    }


def _key_text(title: str | None) -> str | None:
    """A title reduced to letters and digits, so that punctuation edits keep the key."""
    if not title:
        return None
    return "".join(ch for ch in title if ch.isalnum()) or None


def _fallback_key(fields: DocumentFields) -> str | None:
    if fields.issuer and fields.date:
        return f"{fields.issuer}@{fields.date}"
    return None


def section_records(notice: Notice) -> list[dict]:
    parents = {h.index: h for h in notice.headings}
    return [{
        "type": "section", "id": notice.section_id(h), "doc_id": notice.doc_id,
        "span": notice.span(h.start, h.title_end),
        "parent": notice.section_id(parents.get(h.parent)) if h.parent is not None else None,
        "level": h.level, "ordinal": h.ordinal, "marker": h.marker, "title": h.title, "part": h.part,
    } for h in notice.headings]
