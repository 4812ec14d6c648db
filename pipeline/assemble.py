"""Stage: the one place where spans become records — ids, links to section and issue,
source spans — validated against the models in schemas/ (RECORD_TYPES)."""
from __future__ import annotations

from taizhang.extractors.fields import quoted_problem, split_measures
from taizhang.pipeline.components import component
from taizhang.schemas import RECORD_TYPES

DEADLINE_KEYS = ("raw", "kind", "date", "milestone", "base_date")
#: Record types whose records need more than their span's data (built by a method of Assembly).
BUILT = {"section": "section", "issue": "issue", "figure": "figure"}


@component("records", requires=("fields",) + tuple(f"spans.{t.group}" for t in RECORD_TYPES.values() if t.group),
           assigns=("records",))
def records_stage(notice) -> None:
    records = Assembly(notice).records()
    notice.records = [RECORD_TYPES[r["type"]].model.model_validate(r) for r in records]


class Assembly:
    """Numbers every span group in text order, then builds each record once, type by type in
    the order of RECORD_TYPES."""

    def __init__(self, notice):
        self.notice = notice
        self.ids: dict[int, str] = {}
        self.ordered: dict[str, list] = {}
        for kind, record_type in RECORD_TYPES.items():
            if record_type.group is None:
                continue
            spans = notice.spans.get(record_type.group, [])
            if kind != "section":
                spans = sorted(spans, key=lambda s: s.start)    # stable: ties keep grammar order
            self.ordered[kind] = spans
            for n, span in enumerate(spans):
                self.ids[id(span)] = f"{notice.doc_id}/{record_type.letter}{n}"

    def id_of(self, span) -> str | None:
        return None if span is None else self.ids[id(span)]

    def base(self, kind: str, span, start: int | None = None, end: int | None = None) -> dict:
        start = span.start if start is None else start
        end = span.end if end is None else end
        return {"type": kind, "id": self.id_of(span), "doc_id": self.notice.doc_id,
                "span": self.notice.source_span(start, end)}

    def links(self, pos: int) -> dict:
        return {"section": self.id_of(self.notice.section_at(pos)), "issue": self.id_of(self.notice.item_at(pos))}

    def records(self) -> list[dict]:
        self.owned: dict[str, dict[int, list]] = {}     # kind → id(item) → its spans, in order
        for kind in ("deadline", "figure"):
            by_item = self.owned[kind] = {}
            for s in self.ordered[kind]:
                by_item.setdefault(id(self.notice.item_at(s.start)), []).append(s)
        out = [document_record(self.notice)]
        for kind, record_type in RECORD_TYPES.items():
            if record_type.group is None:
                continue
            build = getattr(self, BUILT[kind]) if kind in BUILT else self.plain(kind)
            out += [build(span) for span in self.ordered[kind]]
        return out

    def plain(self, kind: str):
        """A record made of its span's data: the fields its model declares, with its links."""
        fields = set(RECORD_TYPES[kind].model.model_fields) - {"type", "id", "doc_id", "span", "section", "issue"}

        def build(span) -> dict:
            return dict(self.base(kind, span), **self.links(span.start),
                        **{k: span.data.get(k) for k in RECORD_TYPES[kind].model.model_fields if k in fields})
        return build

    def section(self, h) -> dict:
        parent = self.notice.headings[h.parent] if h.parent is not None else None
        return dict(self.base("section", h, h.start, h.title_end), parent=self.id_of(parent), level=h.level,
                    ordinal=h.ordinal, marker=h.marker, title=h.title, part=h.part)

    def figure(self, s) -> dict:
        f = s.data
        return dict(self.base("figure", s), **self.links(s.start),
                    raw=f["raw"], value=f["value"], value_max=f.get("value_max"), unit=f["unit"],
                    base_value=f["base_value"], base_value_max=f.get("base_value_max"),
                    base_unit=f["base_unit"], kind=f["kind"], approx=f.get("approx"),
                    metric=f.get("metric"), as_of=f.get("as_of"))

    def issue(self, item) -> dict:
        text = self.notice.text
        own = self.owned["deadline"].get(id(item), [])
        in_field = [s for s in own
                    if any(a <= s.start < b for a, b, _ in item.fields.get("deadline", []))]
        body = text[item.body_start:item.end]
        return dict(
            self.base("issue", item), section=self.id_of(item.section), kind=item.kind, title=item.title,
            text=text[item.start:item.end].strip(), problem=quoted_problem(item.title),
            self_check=_joined(item.fields.get("self_check")), progress=_joined(item.fields.get("progress")),
            measures=_measures(item.fields.get("measures"), body), leaders=item.leaders,
            units=[{"name": name, "role": role} for name, role, _ in item.units],
            deadlines=[{k: s.data[k] for k in DEADLINE_KEYS} for s in (in_field or own)],
            figures=[self.id_of(s) for s in self.owned["figure"].get(id(item), [])],
        )


def _measures(field_values, body: str) -> list[str]:
    """一是/二是 parts of the 整改措施 field (the whole field when it has one measure), else of the text."""
    if field_values:
        value = field_values[0][2]
        return split_measures(value) or [value]
    return split_measures(body)


def _joined(values) -> str | None:
    return "\n".join(v for _, _, v in values) if values else None


def document_record(notice) -> dict:
    fields = notice.fields
    warnings = list(notice.warnings)
    for span in notice.spans.get("deadline", []):      # 2021年9月31日: kept with date null, said here
        warning = span.data.get("warning")
        if warning:
            warnings.append(dict(warning, span=notice.source_span(span.start, span.end)))
    warnings += [dict(w, span=notice.source_span(*w["span"]) if w.get("span") else None) for w in fields.warnings]
    doc_key = fields.doc_number or _key_text(fields.title) or _fallback_key(fields) or notice.doc_id
    return {
        "type": "document", "id": notice.doc_id, "doc_id": notice.doc_id,
        "span": (0, len(notice.source.text)),
        "doc_key": doc_key, "source": notice.source.name,
        "title": fields.title, "kind": fields.kind, "doc_number": fields.doc_number,
        "issuer": fields.issuer, "recipients": fields.recipients,
        "signed_date": fields.signed_date, "printed_date": fields.printed_date,
        "printed_by": fields.printed_by, "cc": fields.cc, "attachments": fields.attachments,
        "contact": fields.contact, "script": notice.script,
        "encoding": notice.source.encoding, "warnings": warnings,
    }


def _key_text(title: str | None) -> str | None:
    """A title reduced to letters and digits, so that punctuation edits keep the key."""
    if not title:
        return None
    return "".join(ch for ch in title if ch.isalnum()) or None


def _fallback_key(fields) -> str | None:
    if fields.issuer and fields.date:
        return f"{fields.issuer}@{fields.date}"
    return None
