"""Record types of the output contract (../shared/SPEC.md): one JSON object per line, `type` first.

Every record carries `type`, `id`, `doc_id` and `span`; `span` indexes the text as decoded
from the file, before normalization, so `source[start:end]` shows the original wording.
"""
from __future__ import annotations

from dataclasses import dataclass
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

    code: str = Field(description="Short machine-readable name of the problem")
    message: str = Field(description="What was kept as it was and why, for a person to read")
    span: Optional[Span] = Field(None, description="[start, end] of the problem in the source text, or null")


class Contact(Strict):
    name: Optional[str] = Field(None, description="联系人: the contact person")
    phone: Optional[str] = Field(None, description="联系电话: the contact's phone number as written")
    email: Optional[str] = Field(None, description="The contact's e-mail address")


class Record(Strict):
    type: str = Field(description="Record type (document, section, issue, deadline, figure, unit); first in every line")
    id: str = Field(description="Stable id: the same input gives the same id (the doc_id, or doc_id/ + a letter and a number)")
    doc_id: str = Field(description="The notice the record belongs to: d- + 16 hex of the SHA-256 of the file's raw bytes")
    span: Span = Field(description="[start, end] character offsets into the source text as decoded from the file, before any normalization: source[start:end] is the original wording")

    @model_validator(mode="after")
    def _span_is_ordered(self):
        start, end = self.span
        if not 0 <= start <= end:
            raise ValueError(f"span {self.span} is not 0 <= start <= end")
        return self


class Document(Record):
    type: Literal["document"] = Field("document", description="Always document: one per notice, the first line of its .jsonl")
    doc_key: str = Field(description="Version-independent key: the doc_number, else the normalized title")
    source: str = Field(description="The input path relative to the folder given, or the file name")
    title: Optional[str] = Field(None, description="标题: the notice's title, or null")
    kind: Optional[str] = Field(None, description="文种: 通知/通报/报告/方案/意见/决定/批复/函/答复函/审议意见/办法/规定/公告/通告/批示/纪要, or null")
    doc_number: Optional[str] = Field(None, description="发文字号, e.g. 鄂旗人常发〔2024〕55号, or null")
    issuer: Optional[str] = Field(None, description="发文机关: the issuing body, or null")
    recipients: list[str] = Field(default_factory=list, description="主送机关: the bodies the notice is addressed to")
    signed_date: Optional[str] = Field(None, description="成文日期 as an ISO date, or null")
    printed_date: Optional[str] = Field(None, description="印发日期 as an ISO date, or null")
    printed_by: Optional[str] = Field(None, description="印发机关: the body that printed and sent it, or null")
    cc: list[str] = Field(default_factory=list, description="抄送机关: the bodies copied")
    attachments: list[str] = Field(default_factory=list, description="附件: the titles of the attachments")
    contact: Optional[Contact] = Field(None, description="联系人 {name, phone, email}, or null")
    script: Optional[Literal["simplified", "traditional", "mixed"]] = Field(None, description="The characters of the source: simplified, traditional or mixed (text values are always simplified)")
    encoding: str = Field(description="How the file's bytes were decoded (utf-8, gb18030, big5…), or the container read (docx, pdf)")
    warnings: list[Warning] = Field(default_factory=list, description="What could not be repaired honestly and was kept as it was, each {code, message, span}")


class Section(Record):
    type: Literal["section"] = Field("section", description="Always section: a numbered heading and the text under it")
    parent: Optional[str] = Field(None, description="Id of the enclosing section, or null for a top-level heading")
    level: int = Field(ge=1, le=4, description="Heading level: 1 一、, 2 （一）, 3 1., 4 （1）")
    ordinal: int = Field(ge=0, description="The heading's number as an integer (三、 is 3)")
    marker: str = Field(description="The heading's number as written (normalized), e.g. 三、 or （一）")
    title: str = Field(description="Heading text: the line, or a run-in heading up to its first 。 outside quotes")
    part: int = Field(ge=0, description="0 for the main text, 1.. for each 附件 (numbering restarts there)")


class Deadline(Record):
    type: Literal["deadline"] = Field("deadline", description="Always deadline: a time limit found in the text")
    section: Optional[str] = Field(None, description="Id of the section the record is in, or null before the first heading")
    issue: Optional[str] = Field(None, description="Id of the issue the record belongs to, or null")
    raw: str = Field(description="The deadline as written, e.g. 2021年12月31日前, 长期坚持")
    kind: DeadlineKind = Field(description="date (a day to finish by), ongoing (长期坚持) or immediate (立行立改)")
    date: Optional[str] = Field(None, description="The ISO end date of a date deadline, or null")
    milestone: Optional[str] = Field(None, description="What is due by then, e.g. 取得阶段性成效 or 完成整改, or null")
    base_date: Optional[str] = Field(None, description="The date a relative deadline (年底前, 在六个月内) was resolved against, or null")


class IssueUnit(Strict):
    name: str = Field(description="The unit's name as normalized")
    role: Literal["lead", "responsible", "cooperating"] = Field(description="lead (牵头单位), responsible (责任单位) or cooperating (配合单位)")


class IssueDeadline(Strict):
    raw: str = Field(description="The deadline as written, e.g. 2021年12月31日前")
    kind: DeadlineKind = Field(description="date, ongoing (长期坚持) or immediate (立行立改)")
    date: Optional[str] = Field(None, description="The ISO end date of a date deadline, or null")
    milestone: Optional[str] = Field(None, description="What is due by then, e.g. 取得阶段性成效 or 完成整改, or null")
    base_date: Optional[str] = Field(None, description="The date a relative deadline was resolved against, or null")


class Issue(Record):
    type: Literal["issue"] = Field("issue", description="Always issue: one item of the ledger (问题, 任务 or 建议)")
    section: Optional[str] = Field(None, description="Id of the section holding the item, or null")
    kind: Literal["problem", "task", "suggestion"] = Field(description="problem (a shortcoming stated), task (rectification work assigned or reported) or suggestion (an item of 审议意见 or under 建议)")
    title: str = Field(description="The item's heading or first sentence")
    text: str = Field(description="The item's whole text, normalized")
    problem: Optional[str] = Field(None, description="The quoted problem statement, or null")
    self_check: Optional[str] = Field(None, description="自查情况: what the self-check found, or null")
    progress: Optional[str] = Field(None, description="整改情况/进展情况 reported for the item, or null")
    measures: list[str] = Field(default_factory=list, description="整改措施: the 一是/二是… parts of the measures or of the text")
    leaders: list[str] = Field(default_factory=list, description="牵头领导/责任领导: the people answerable")
    units: list[IssueUnit] = Field(default_factory=list, description="The units charged with the item, each {name, role}")
    deadlines: list[IssueDeadline] = Field(default_factory=list, description="The item's 完成时限, each {raw, kind, date, milestone, base_date}")
    figures: list[str] = Field(default_factory=list, description="Ids of the figure records inside the item")


class Figure(Record):
    type: Literal["figure"] = Field("figure", description="Always figure: a number with a unit or measure word")
    section: Optional[str] = Field(None, description="Id of the section the record is in, or null before the first heading")
    issue: Optional[str] = Field(None, description="Id of the issue the record belongs to, or null")
    raw: str = Field(description="The figure as written, e.g. 300余户")
    value: Number = Field(description="The number as written (an integer stays an integer)")
    value_max: Optional[Number] = Field(None, description="The upper number of a range (10至20万元), else null")
    unit: Optional[str] = Field(description="The unit as written, e.g. 万元; null for a bare ratio (9:1, 2/3)")
    base_value: Number = Field(description="The value in base_unit: 万元→元 ×10⁴, 亿元→元 ×10⁸, 万亩→亩…")
    base_value_max: Optional[Number] = Field(None, description="The upper number of a range in base_unit, else null")
    base_unit: Optional[str] = Field(description="元, %, 百分点, 亩, 公顷, 吨, 千瓦, 人, 个, 项, 户…: the measure word "
                                                 "itself for counts; null for a bare ratio")
    kind: FigureKind = Field(description="What sort of quantity: money, percent, percentage_point, count, area, mass, energy, power, length, volume, duration, ratio or other")
    approx: Optional[str] = Field(None, description="The approximation word (余/多/近/约/左右/以上/以下/超过), or null")
    metric: Optional[str] = Field(None, description="What is measured, best effort, or null")
    as_of: Optional[str] = Field(None, description="The ISO date of a 截至… the figure holds at, or null")


class UnitRecord(Record):
    type: Literal["unit"] = Field("unit", description="Always unit: an organization named in the notice")
    section: Optional[str] = Field(None, description="Id of the section the record is in, or null before the first heading")
    issue: Optional[str] = Field(None, description="Id of the issue the unit is charged with or named in, or null")
    name: str = Field(description="The unit's name as normalized")
    role: UnitRole = Field(description="lead (牵头), responsible (责任), cooperating (配合) or mentioned (named only)")


@dataclass(frozen=True)
class RecordType:
    """Everything the assembly, the diff and the writers need to know about one record type.

    A new record type is its model above plus one line in RECORD_TYPES, and a pipeline component
    that fills its span group (each span's `data` holds the model's own fields).
    """

    model: type[Record]
    group: str | None               # the notice's span group its records are made from (None: one per notice)
    letter: str | None              # id = doc_id + "/" + letter + n in text order; None: the id is doc_id
    context: tuple[str, ...]        # fields naming the enclosing record, innermost first (diff pairs
                                    # records inside the same context first)
    identity: tuple[str, ...]       # fields that name the same record in two versions of a notice
    label: str | None               # the field that names the record in a report line
    similarity: tuple[str, ...]     # fields whose text says two reworded records are one

    @property
    def name(self) -> str:
        return self.model.model_fields["type"].default


#: Every record type, in the order records are written (parents before children).
RECORD_TYPES: dict[str, RecordType] = {t.name: t for t in (
    RecordType(Document, None, None, (), (), "doc_key", ()),
    RecordType(Section, "heading", "s", ("parent",), ("part", "level", "title"), None, ("title",)),
    RecordType(Issue, "item", "i", ("section",), ("title",), "title", ("title",)),
    RecordType(Deadline, "deadline", "t", ("issue", "section"), ("raw",), "raw", ("raw",)),
    RecordType(Figure, "figure", "f", ("issue", "section"), ("raw",), "raw", ("metric", "raw")),
    RecordType(UnitRecord, "unit", "u", ("issue", "section"), ("name",), "name", ("name",)),
)}

RECORD_MODELS: dict[str, type[Record]] = {name: t.model for name, t in RECORD_TYPES.items()}
