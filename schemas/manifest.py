"""The run's manifest: what was read, what came out, and what failed and why."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field


class NoticeEntry(BaseModel):
    source: str
    status: Literal["ok", "failed"]
    error: Optional[str] = None
    doc_id: Optional[str] = None
    output: Optional[str] = None
    counts: dict[str, int] = Field(default_factory=dict)
    warnings: int = 0


class SkippedEntry(BaseModel):
    path: str
    reason: str


class Manifest(BaseModel):
    tool: str = "taizhang"
    version: str
    notices: list[NoticeEntry] = Field(default_factory=list)
    skipped: list[SkippedEntry] = Field(default_factory=list)
    totals: dict[str, int] = Field(default_factory=dict)
