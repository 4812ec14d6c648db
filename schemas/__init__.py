"""Pydantic models: the single definition of every record taizhang writes."""
from taizhang.schemas.records import (
    RECORD_MODELS,
    RECORD_TYPES,
    RecordType,
    Contact,
    Deadline,
    Document,
    Figure,
    Issue,
    Record,
    Section,
    UnitRecord,
    UnitRole,
    Warning,
)
from taizhang.schemas.manifest import Manifest, NoticeEntry, SkippedEntry

__all__ = [
    "RECORD_MODELS", "RECORD_TYPES", "RecordType", "Contact", "Deadline", "Document", "Figure", "Issue", "Record",
    "Section", "UnitRecord", "UnitRole", "Warning", "Manifest", "NoticeEntry", "SkippedEntry",
]
