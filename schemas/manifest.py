"""The run's manifest (OUT/manifest.json): what was read, what came out, and what failed and why."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field


class NoticeEntry(BaseModel):
    """One input notice: where it came from, what came out of it, or why nothing did."""

    source: str
    status: Literal["ok", "failed", "not_run"]   # not_run: the run was interrupted before it
    error: Optional[str] = None
    doc_id: Optional[str] = None
    output: Optional[str] = None
    counts: dict[str, int] = Field(default_factory=dict)
    warnings: int = 0
    path: Optional[str] = None          # the input path as given ("-" for standard input)
    source_text: Optional[str] = None   # OUT-relative file holding the source text read out of a
                                        # container (.docx, .pdf); null when the input file is it


class SkippedEntry(BaseModel):
    """A file of an input folder that no reader takes (or a folder that cannot be listed)."""

    path: str
    reason: str


class Manifest(BaseModel):
    tool: str = "taizhang"
    version: str
    code: Optional[str] = None          # fingerprint of the rules that wrote it: a checkout keeps
                                        # its version while they change (batch.code_fingerprint)
    notices: list[NoticeEntry] = Field(default_factory=list)
    skipped: list[SkippedEntry] = Field(default_factory=list)
    totals: dict[str, int] = Field(default_factory=dict)
    interrupted: bool = False           # Ctrl-C or kill: entries not reached are `not_run`
    stopped_by: Optional[int] = Field(None, exclude=True)   # the signal that interrupted the run
    unchanged: int = Field(0, exclude=True)     # ok notices carried over from the run before, not redone
