"""Pydantic models of the lexicons in pipeline/data/*.yaml: one model per file.

A lexicon is data that code relies on: a renamed or mistyped key must be reported when the
file is loaded, as one line naming the file and the key, not as a KeyError inside a notice.
"""
from __future__ import annotations

from typing import Any, Optional

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Words = list[str]


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Common(Lexicon):
    quotes: Words
    circled: str
    date_line: str


class HeadingStyle(Lexicon):
    name: str
    level: int = Field(ge=1, le=4)
    pattern: str


class Headings(Lexicon):
    styles: list[HeadingStyle]
    attachment_page: str
    attachment_list: str
    title_end: str


class Cleaning(Lexicon):
    debris_lines: dict[str, str]
    markdown_inline: Words
    markdown_line_prefix: str
    terminal_punctuation: str
    closing_marks: str
    continuation_punctuation: str
    min_wrapped_line: int
    pinyin_tone_vowels: str
    closing_words: Words
    continued_by: str
    bracket_pairs: Words
    label_line: str


class Document(Lexicon):
    kinds: Words
    record_kinds: Words
    kind_aliases: dict[str, str]
    title_goes_on: str
    head_noise: str
    masthead: str
    doc_number: str
    title_issuer: str
    labeled_fields: dict[str, Words]
    cc_label: str
    attachment_label: str
    printed: str
    contact_name: str
    contact_phone: str
    contact_email: str
    attachment_page_label: str
    file_extensions: Words
    list_separators: str
    recipient_separators: str
    org_line: str
    body_endings: Words
    issuer_openers: Words
    recipient_openers: Words
    date_labels: Words
    head_field_ends: Words
    quantifiers: Words
    head_field_labels: Words

    @model_validator(mode="after")
    def _record_kinds_end_titles(self) -> "Document":
        known = set(self.kinds) | set(self.kind_aliases.values())
        unknown = [kind for kind in self.record_kinds if kind not in known]
        if unknown:
            raise ValueError(f"record_kinds {unknown} are not in kinds (nor what kind_aliases give)")
        return self


class Issues(Lexicon):
    label_max_length: int
    labels: dict[str, list[str]]
    lead_ins: dict[str, str]
    suggestion_kinds: Words
    findings_title: str
    background_items: Words
    aims_items: Words
    schedule_items: Words
    not_items: Words
    closing_request: str
    process_sections: Words
    reply_title: str
    planned_work: str
    list_words: Words
    minutes_decision: str
    minutes_lead_in: str
    finding_opening: str
    shortcomings: Words
    shortcoming_endings: Words
    remedy_openings: Words
    nothing_under: str
    next_step: str
    progress_report: str
    quoted_problem: str
    fields: dict[str, Words]
    measure_words: Words
    measure_styles: Words
    clause_start: str
    role_notes: dict[str, Words]


class Bodies(Lexicon):
    suffixes: Words
    sub_suffixes: Words
    name_tags: Words
    inner_tags: Words
    admin_prefixes: Words
    inner_joiners: Words
    department_names: Words
    user_words: Words
    min_length: int
    max_length: int
    not_bodies: Words
    false_endings: Words
    stop_words: Words
    name_words: Words
    single_stop_tags: Words
    bracket_levels: list[str] = Field(min_length=1)
    article_units: list[str] = Field(min_length=1)
    ordinal_units: list[str] = Field(min_length=1)
    date_units: list[str] = Field(min_length=1)

    @field_validator("bracket_levels", "article_units", "ordinal_units", "date_units")
    @classmethod
    def _single_characters(cls, value: list[str]) -> list[str]:
        if any(len(item) != 1 for item in value):
            raise ValueError("every item must be one character")
        return value


class Deadlines(Lexicon):
    before_suffixes: Words
    within_suffixes: Words
    end_words: Words
    suffix_blockers: Words
    target_verbs: Words
    to_words: Words
    weak_preps: Words
    to_blockers: Words
    range_marks: Words
    past_markers: Words
    recurring_markers: Words
    relative_years: dict[str, int]
    relative_months: dict[str, int]
    ten_day_periods: dict[str, int]
    half_years: dict[str, int]
    period_units: dict[str, list[Any]]
    fixed_periods: dict[str, list[Any]]
    period_blockers: Words
    five_year_plans: dict[str, int]
    five_year_periods: Words
    five_year_followers: Words
    adverbial_separators: Words
    ongoing: Words
    immediate: Words
    milestone_separators: Words
    connectors: Words
    as_of_markers: Words
    as_of_links: Words
    as_of_now: Words
    # Marks of a limit and what unmakes one (extractors/deadlines.py)
    completion_verbs: Words
    completion_adverbs: Words
    completion_modals: Words
    completed_tails: Words
    target_attainments: Words
    to_blocker_nouns: Words
    done_markers: Words
    duration_reports: Words
    permission_words: Words
    permission_leads: Words
    private_subjects: Words
    year_within_blockers: Words
    forecast_markers: Words
    plan_followers: Words
    clock_prefixes: Words
    clock_marks: Words
    clock_words: Words
    # Relative periods: what they count from, and the conditions that are no limit
    period_anchors: Words
    anchor_starts: Words
    notice_events: Words
    event_verbs: Words
    condition_followers: Words
    condition_starts: Words
    period_modals: Words
    # Work windows and stages of planned work
    stage_words: Words
    work_subjects: Words
    window_links: Words
    window_openers: Words
    window_opener_followers: Words
    window_start_tails: Words
    window_closers: Words
    immediate_running: Words
    immediate_modals: Words
    immediate_conditions: Words
    festival_days: dict[str, str]
    lunar_festivals: dict[str, dict[int, str]]
    festival_aliases: dict[str, str]


class UnitEntry(Lexicon):
    base: str
    kind: str
    max: Optional[float] = None
    not_before: Optional[str] = None


class Units(Lexicon):
    units: dict[str, dict[str, Any]]

    @field_validator("units")
    @classmethod
    def _designations_compile(cls, units: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        for word, entry in units.items():
            if entry.get("designation"):
                try:
                    re.compile(entry["designation"])
                except re.error as exc:
                    raise ValueError(f"units.{word}.designation is no regular expression: {exc}") from None
        return units
    count_words: Words
    count_not_before: dict[str, str]
    multipliers: dict[str, int]
    money_cues: Words
    money_cues_after: Words
    cn_single_units: Words
    approx: dict[str, Words]
    approx_same_as: dict[str, str]
    range_separators: Words
    ordinal_before: Words
    label_before: Words
    rate_denominators: Words
    rate_each: str
    currency_before: dict[str, str]
    currency_symbols: dict[str, str]
    ratio: dict[str, Any]
    dimension_separators: Words
    dimension_units: Words
    years: dict[str, Any]
    names: dict[str, Any]
    metric: dict[str, Any]


class Ledger(Lexicon):
    """pipeline/data/ledger.yaml: the 台账's column names, value labels and deadline states."""

    ledger_columns: Words
    deadline_columns: Words
    figure_columns: Words
    unit_columns: Words
    document_columns: Words
    date_columns: Words
    issue_kinds: dict[str, str]
    unit_roles: dict[str, str]
    role_columns: dict[str, str]
    deadline_kinds: dict[str, str]
    figure_kinds: dict[str, str]
    scripts: dict[str, str]
    statuses: dict[str, str]
    due_soon_days: int = Field(ge=0)
    attachment_prefix: str
    list_separator: str
    deadline_separator: str
    record_types: dict[str, str]
    changes: dict[str, str]


class Unwrap(Lexicon):
    """pipeline/data/unwrap.yaml: wrapper labels (evidence for document fields), web chrome,
    HTML element classes, PDF page-number forms (used by pipeline/unwrap.py)."""

    field_labels: dict[str, Words]
    content_keys: Words
    min_metadata_labels: int = Field(ge=1)
    chrome_lines: Words
    footer_words: Words
    posting_labels: Words
    title_separators: Words
    site_word_endings: Words
    share_words: Words
    breadcrumb_openers: Words
    trailer_openers: Words
    trailer_words: Words
    drop_elements: Words
    void_elements: Words
    block_elements: Words
    cell_elements: Words
    html_signal_elements: Words
    file_extensions: Words
    page_number_lines: Words
    max_footnote: int = Field(ge=1)
    doc_number_pattern: str


class Segment(Lexicon):
    min_flattened_line: int
    flattened_ratio: int
    boundary_marks: str
    numeral_chars: str
    max_item_gap: int
    head_tokens: Words
    masthead_ends: Words
    line_labels: Words
    printed_word: str
    note_openers: Words
    article_marker: str
    title_words: Words
    date_followers: str
    date_verbs: Words
    ocr_item_markers: Words
    head_patterns: Words
    other_title_words: Words
    body_openings: Words
    sentence_openings: Words
    whole_name_endings: Words


class Tables(Lexicon):
    columns: dict[str, Words]
    min_columns: int
    phone: str
    person: str
    surnames: Words
    compound_surnames: Words
    period: str
    status: str
    unit_suffixes: Words
    measure_openers: Words
    unknown_label: str
    max_unknown_run: int


class Notes(Lexicon):
    """pipeline/data/notes.yaml: the grammar of responsibility notes (extractors/notes.py)."""

    labels: dict[str, Words]
    other_labels: Words
    role_words: dict[str, Words]
    trailing_words: str
    collective_opener: str
    collective_levels: Words
    collective_heads: Words
    item_marker: str
    assign_by: str
    assign_by_not_after: str
    assign_by_not_before: Words
    assign_join: Words
    lead_followers: Words
    responsible_followers: Words
    role_adverbs: Words
    subject_openers: Words
    role_word_followers_not: Words
    document_words: Words
    duty_subject: str
    duty_subject_window: int = Field(ge=1)
    done_markers: str
    name_heads: Words
    false_heads: Words
    not_in_names: Words
    not_first_words: Words
    leader_trailing: Words
    leader_posts: Words
    max_note: int = Field(ge=1)
    max_value: int = Field(ge=1)
    max_name: int = Field(ge=1)
    max_body: int = Field(ge=1)
    max_sentence_names: int = Field(ge=1)
    name_tags: Words


# ---------------------------------------------------------------- readers.yaml

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HtmlWords(_Strict):
    meta: dict[str, str]
    labels: dict[str, str]
    date_keys: list[str]
    max_cell: int
    title_separators: list[str]
    title_brackets: list[str]

    @field_validator("meta")
    @classmethod
    def _lower_case(cls, meta: dict[str, str]) -> dict[str, str]:
        if any(name != name.lower() for name in meta):
            raise ValueError("meta names are compared lower-case: write them lower-case")
        return meta

    @field_validator("title_brackets")
    @classmethod
    def _pairs(cls, brackets: list[str]) -> list[str]:
        if any(len(pair) != 2 for pair in brackets):
            raise ValueError("each title bracket is an opening and a closing character")
        return brackets


class DocxWords(_Strict):
    chinese_digits: str
    legal_digits: str
    legal_units: list[str]
    ideograph_traditional: str
    ideograph_zodiac: str
    tight_marker_ends: str

    @field_validator("chinese_digits", "legal_digits")
    @classmethod
    def _ten(cls, digits: str) -> str:
        if len(digits) != 10:
            raise ValueError("ten digits, 0 to 9")
        return digits


class PdfWords(_Strict):
    page_number: str
    item_start: str
    running_share: float
    edge_lines: int

    @field_validator("page_number", "item_start")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        re.compile(pattern)
        return pattern


class ZipMember(_Strict):
    member: str
    what: str
    advice: str


class OleStream(_Strict):
    stream: str
    what: str
    advice: str


class Refusal(_Strict):
    what: str
    advice: str


class RefusalWords(_Strict):
    zip_members: list[ZipMember]
    ole_streams: list[OleStream]
    ole_unknown: Refusal


class ReadersLexicon(_Strict):
    html: HtmlWords
    docx: DocxWords
    pdf: PdfWords
    refusals: RefusalWords



#: File stem → its model.
MODELS: dict[str, type[BaseModel]] = {
    "common": Common, "headings": Headings, "cleaning": Cleaning, "document": Document,
    "issues": Issues, "bodies": Bodies, "deadlines": Deadlines, "units": Units,
    "ledger": Ledger, "unwrap": Unwrap, "segment": Segment, "tables": Tables, "readers": ReadersLexicon, "notes": Notes,
}
