"""Add notices to the corpus folder (seeds/) as `NNN_<16 hex>.txt`, UTF-8, never overwriting.

The hex is the SHA-256 of the *normalized* text, so the same notice saved as GB18030, with
a BOM or in traditional characters is recognized as a duplicate. The stored text is the
decoded notice (not the normalized one), so the corpus keeps the noise the pipeline must
handle. A notice with the doc_key (发文字号, else title) of one already there is a new
version of it. Names are always generated, never taken from the input, so nothing is
written outside the folder; a run either adds all its files or, if interrupted, none.

A notice read out of another format (.docx, .pdf, .html) is stored as the text taizhang read
from it — what its records' spans point into — and the original file is kept beside it as
`.originals/NNN_<hex><suffix>` (a hidden folder, so extracting the corpus reads each notice once).
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from taizhang.pipeline.batch import sigterm_as_interrupt
from taizhang.pipeline.load import NoticeError, load
from taizhang.pipeline.write import replace_with

CORPUS_NAME = re.compile(r"^(\d{3,})_[0-9a-f]{16}\.txt$")
NOTICE_SUFFIXES = {".txt", ".text", ".md"}
ORIGINALS = ".originals"


@dataclass
class Known:
    """A notice already in the folder: its name, normalized-text hash and doc_key."""

    name: str
    digest: str
    doc_key: str | None


@dataclass
class Result:
    path: Path
    status: str                 # added / duplicate / new_version / failed
    name: str | None = None     # the file written, if any
    of: str | None = None       # the notice it duplicates or revises
    error: str | None = None
    original: str | None = None  # where the original file was kept (.docx, .pdf, .html)

    def message(self) -> str:
        if self.status == "failed":
            return f"taizhang: {self.path}: not added: {self.error}"
        if self.status == "duplicate":
            return f"{self.path}: duplicate of {self.of} (nothing written)"
        kept = f" (original kept as {self.original})" if self.original else ""
        if self.status == "new_version":
            return f"{self.path}: new version of {self.of}, added as {self.name}{kept}"
        return f"{self.path}: added as {self.name}{kept}"


def fingerprint(path: Path) -> tuple[str, str, str]:
    """(decoded text, SHA-256 hex of the normalized text, doc_key) of a notice file."""
    from taizhang.pipeline.assemble import document_record
    from taizhang.pipeline.run import read

    notice = read(load(path), until="document")
    digest = hashlib.sha256(notice.text.encode("utf-8")).hexdigest()
    return notice.source.text, digest, document_record(notice)["doc_key"]


def survey(folder: Path) -> tuple[list[Known], int]:
    """The notices in *folder* (read afresh: nothing is cached) and the next free number."""
    known, numbers = [], [-1]
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        match = CORPUS_NAME.match(entry.name)
        if match:
            numbers.append(int(match.group(1)))
        if entry.name.startswith(".") or entry.suffix.lower() not in NOTICE_SUFFIXES or not entry.is_file():
            continue
        try:
            _, digest, doc_key = fingerprint(entry)
        except NoticeError:
            continue
        known.append(Known(entry.name, digest, doc_key))
    return known, max(numbers) + 1


def ingest_files(paths: list[Path], folder: Path) -> list[Result]:
    """Ingest *paths* into *folder*; on interruption remove what this run wrote and re-raise."""
    known, number = survey(folder)
    results: list[Result] = []
    written: list[Path] = []
    originals_existed = (folder / ORIGINALS).exists()
    try:
        with sigterm_as_interrupt():
            for path in paths:
                result, number = _ingest_one(path, folder, known, number, written)
                results.append(result)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        if not originals_existed:
            with contextlib.suppress(OSError):
                (folder / ORIGINALS).rmdir()
        raise
    return results


def _ingest_one(path: Path, folder: Path, known: list[Known], number: int,
                written: list[Path]) -> tuple[Result, int]:
    try:
        text, digest, doc_key = fingerprint(path)
        original_bytes = path.read_bytes() if path.suffix.lower() not in NOTICE_SUFFIXES else None
    except NoticeError as exc:
        return Result(path, "failed", error=str(exc)), number
    except OSError as exc:
        return Result(path, "failed", error=f"cannot read the file: {exc.strerror or exc}"), number
    for notice in known:
        if notice.digest == digest:
            return Result(path, "duplicate", of=notice.name), number
    earlier = [n.name for n in known if doc_key and n.doc_key == doc_key]
    target, number = store(folder, text, digest, number)
    written.append(target)
    known.append(Known(target.name, digest, doc_key))
    original = keep_original(path, original_bytes, target, written) if original_bytes is not None else None
    status = "new_version" if earlier else "added"
    return Result(path, status, name=target.name, of=earlier[-1] if earlier else None,
                  original=original), number


def keep_original(path: Path, data: bytes, target: Path, written: list[Path]) -> str:
    """Keep the file *target*'s text was read from as .originals/<target stem><suffix>."""
    copy = target.parent / ORIGINALS / f"{target.stem}{path.suffix.lower()}"
    replace_with(copy, lambda handle: handle.write(data))
    written.append(copy)
    return f"{ORIGINALS}/{copy.name}"


def store(folder: Path, text: str, digest: str, number: int) -> tuple[Path, int]:
    """Write *text* as the next free NNN_<hex>.txt; returns the path and the number after it.

    The final name is first created exclusively (O_EXCL), so a name taken meanwhile is
    skipped, never overwritten; the content arrives by os.replace from a temporary file.
    """
    data = text.encode("utf-8")
    while True:
        target = folder / f"{number:03d}_{digest[:16]}.txt"
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            number += 1
            continue
        break
    try:
        replace_with(target, lambda handle: handle.write(data))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(target)       # the reserved name goes too: the folder is as it was
        raise
    return target, number + 1
