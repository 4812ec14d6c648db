"""Record types of the output contract (../shared/SPEC.md): one JSON object per line, `type` first.

Every record carries `type`, `id`, `doc_id` and `span`; `span` indexes the text as decoded
from the file, before normalization, so `source[start:end]` shows the original wording.
"""
from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

Span = tuple[int, int]
Number = Union[int, float]   # ints stay ints: 287家 is 287, not 287.0
DeadlineKind = Literal["date", "ongoing", "immediate"]
UnitRole = Literal["lead", "responsible", "cooperating", "mentioned"]
FigureKind = Literal[
    "money", "percent", "percentage_point", "count", "area", "mass", "energy", "power",
    "length", "volume", "duration", "ratio", "other",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Warning(Strict):
    """Something the pipeline kept as it was because it could not repair it honestly."""

    code: str
    message: str
    span: Optional[Span] = None


class Contact(Strict):
    name: Optional[str] = None
    phone: Optional[str] = None
    email: Optional[str] = None


class Record(Strict):
    type: str
    id: str
    doc_id: str
    span: Span

    @model_validator(mode="after")
    def _span_is_ordered(self):
        start, end = self.span
        if not 0 <= start <= end:
            raise ValueError(f"span {self.span} is not 0 <= start <= end")
        return self


class Document(Record):
    type: Literal["document"] = "document"
    doc_key: str
    source: str
    title: Optional[str] = None
    kind: Optional[str] = None
    doc_number: Optional[str] = None
    issuer: Optional[str] = None
    recipients: list[str] = Field(default_factory=list)
    signed_date: Optional[str] = None
    printed_date: Optional[str] = None
    printed_by: Optional[str] = None
    cc: list[str] = Field(default_factory=list)
    attachments: list[str] = Field(default_factory=list)
    contact: Optional[Contact] = None
    script: Optional[Literal["simplified", "traditional", "mixed"]] = None
    encoding: str
    warnings: list[Warning] = Field(default_factory=list)


class Section(Record):
    type: Literal["section"] = "section"
    parent: Optional[str] = None
    level: int = Field(ge=1, le=4)
    ordinal: int = Field(ge=0)
    marker: str
    title: str
    part: int = Field(ge=0)


class Deadline(Record):
    type: Literal["deadline"] = "deadline"
    section: Optional[str] = None
    issue: Optional[str] = None
    raw: str
    kind: DeadlineKind
    date: Optional[str] = None
    milestone: Optional[str] = None
    base_date: Optional[str] = None


class IssueUnit(Strict):
    name: str
    role: Literal["lead", "responsible", "cooperating"]


class IssueDeadline(Strict):
    raw: str
    kind: DeadlineKind
    date: Optional[str] = None
    milestone: Optional[str] = None
    base_date: Optional[str] = None


class Issue(Record):
    type: Literal["issue"] = "issue"
    section: Optional[str] = None
    kind: Literal["problem", "task", "suggestion"]
    title: str
    text: str
    problem: Optional[str] = None
    self_check: Optional[str] = None
    progress: Optional[str] = None      # 整改情况/进展情况 reported for the item
    measures: list[str] = Field(default_factory=list)
    leaders: list[str] = Field(default_factory=list)
    units: list[IssueUnit] = Field(default_factory=list)
    deadlines: list[IssueDeadline] = Field(default_factory=list)
    figures: list[str] = Field(default_factory=list)


class Figure(Record):
    type: Literal["figure"] = "figure"
    section: Optional[str] = None
    issue: Optional[str] = None
    raw: str
    value: Number
    value_max: Optional[Number] = None
    unit: str
    base_value: Number
    base_value_max: Optional[Number] = None
    base_unit: str
    kind: FigureKind
    approx: Optional[str] = None
    metric: Optional[str] = None
    as_of: Optional[str] = None


class UnitRecord(Record):
    type: Literal["unit"] = "unit"
    section: Optional[str] = None
    issue: Optional[str] = None
    name: str
    role: UnitRole


RECORD_MODELS: dict[str, type[Record]] = {
    model.model_fields["type"].default: model
    for model in (Document, Section, Issue, Deadline, Figure, UnitRecord)
}
