"""The readers' lexicon (pipeline/data/readers.yaml) and its pydantic model.

The model lives here until schemas/lexicons.py gathers every lexicon model; then
``ReadersLexicon`` moves there and ``words()`` becomes ``lexicon.load("readers")``.
"""
from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict, field_validator

from taizhang.pipeline.lexicon import load


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


@functools.lru_cache(maxsize=1)
def words() -> ReadersLexicon:
    """The validated readers lexicon (a bad edit of the YAML fails here, naming the field)."""
    return ReadersLexicon.model_validate(load("readers"))
