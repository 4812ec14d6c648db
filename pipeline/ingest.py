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

What the folder holds is remembered in `.taizhang-index.jsonl` (hidden too): for each notice
file its name, size, mtime_ns, the SHA-256 of its bytes, the hash of its normalized text and its
doc_key. A file is read again only when its size or mtime changed (and extracted again only when
its bytes did), so adding one notice to 10,000 costs a listing, not 10,000 extractions. The index
is a cache, checked against the files on every run; a corrupt one, or one written by another
version of the code, is ignored and rebuilt.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path

from taizhang.pipeline.batch import code_fingerprint, sigterm_as_interrupt
from taizhang.pipeline.load import NoticeError, load
from taizhang.pipeline.write import replace_with, write_atomic

CORPUS_NAME = re.compile(r"^(\d{3,})_[0-9a-f]{16}\.txt$")
NOTICE_SUFFIXES = {".txt", ".text", ".md"}
ORIGINALS = ".originals"
INDEX = ".taizhang-index.jsonl"
INDEX_FORMAT = 1
#: A file whose mtime is this close to the moment it was looked at may change again within the
#: same timestamp tick (2 s on FAT, 1 s on some network file systems) without its mtime moving.
RACY_NS = 2_000_000_000
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Known:
    """A notice already in the folder: its name, normalized-text hash and doc_key."""

    name: str
    digest: str
    doc_key: str | None


@dataclass(frozen=True)
class Entry:
    """One line of the index: a notice file as last seen, and what its extraction gave.

    *digest* is None for a file that is not a notice (empty, unreadable text): it is left out
    of the comparisons, as survey always did, without being read again. *mtime_ns* is -1 when
    the file was looked at too soon after a change to trust it (see RACY_NS).
    """

    name: str
    size: int
    mtime_ns: int
    sha256: str | None          # of the file's bytes (the doc_id is d- + its first 16)
    digest: str | None          # of the normalized text, what duplicates are found by
    doc_key: str | None

    def known(self) -> Known:
        return Known(self.name, self.digest, self.doc_key)


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
    """The notices in *folder* and the next free number (the index spares re-reading them)."""
    entries, number = scan(folder, read_index(folder))
    return [e.known() for e in entries if e.digest is not None], number


def scan(folder: Path, index: dict[str, Entry]) -> tuple[list[Entry], int]:
    """An entry for each notice file in *folder*, by name, and the next free number.

    Entries of *index* are reused for files whose size and mtime have not moved, or whose bytes
    are still the same; the other files are extracted. Files gone from the folder are dropped.
    """
    entries, numbers = [], [-1]
    with os.scandir(folder) as listing:
        items = sorted(listing, key=lambda e: e.name)
    for item in items:
        match = CORPUS_NAME.match(item.name)
        if match:
            numbers.append(int(match.group(1)))
        if item.name.startswith(".") or Path(item.name).suffix.lower() not in NOTICE_SUFFIXES \
                or not item.is_file():
            continue
        entry = _current(Path(item.path), index.get(item.name))
        if entry is not None:
            entries.append(entry)
    return entries, max(numbers) + 1


def _current(path: Path, old: Entry | None) -> Entry | None:
    """*old* if *path* is unchanged, else a fresh entry; None when the file cannot be read.

    An entry whose sha256 is None is used for this run only, never written to the index.
    """
    seen = time.time_ns()
    try:
        stat = path.stat()
    except OSError:
        return None             # gone since the listing, or not readable: not a notice
    mtime = _trusted_mtime(stat.st_mtime_ns, seen)
    if old is not None and old.mtime_ns != -1 and (old.size, old.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
        return old
    try:
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        sha256 = None           # fingerprint says why (NoticeError), as before the index
    if old is not None and old.sha256 == sha256:
        return replace(old, size=stat.st_size, mtime_ns=mtime)
    try:
        _, digest, doc_key = fingerprint(path)
    except NoticeError:
        digest = doc_key = None
        if sha256 is None:
            return None         # unreadable: never indexed, looked at again next time
    if sha256 is not None and not _same_stat(path, stat):
        sha256 = None           # changed while read: the bytes hashed may not be those extracted
    return Entry(path.name, stat.st_size, mtime, sha256, digest, doc_key)


def _same_stat(path: Path, before: os.stat_result) -> bool:
    """Whether *path* still has the size and mtime it had *before*."""
    try:
        after = path.stat()
    except OSError:
        return False
    return (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _trusted_mtime(mtime_ns: int, seen_ns: int) -> int:
    """*mtime_ns*, or -1 when the file was seen within RACY_NS of it (its next change may keep it)."""
    return -1 if mtime_ns >= seen_ns - RACY_NS else mtime_ns


# ---------------------------------------------------------------- the index file

@functools.lru_cache(maxsize=1)
def index_header() -> dict:
    """What an index must start with to be used: its format, the version and the code that made it.

    The code's hash (the .py and .yaml files of pipeline/, extractors/, schemas/) changes with
    any rule that could move a digest or a doc_key, which a development version number does not.
    """
    import taizhang

    return {"format": INDEX_FORMAT, "taizhang": taizhang.__version__, "code": code_fingerprint()}


def index_lines(entries: list[Entry]) -> list[str]:
    """The index of *entries* as JSON lines, header first, sorted: the same folder, the same bytes.

    An entry without the hash of its bytes (the file could not be read) is left out.
    """
    lines = [json.dumps(index_header(), ensure_ascii=False, separators=(",", ":"))]
    for entry in sorted((e for e in entries if e.sha256 is not None), key=lambda e: e.name):
        lines.append(json.dumps({"name": entry.name, "size": entry.size, "mtime_ns": entry.mtime_ns,
                                 "sha256": entry.sha256, "digest": entry.digest, "doc_key": entry.doc_key},
                                ensure_ascii=False, separators=(",", ":")))
    return lines


def read_index(folder: Path) -> dict[str, Entry]:
    """The entries of *folder*'s index by name; empty when there is none or it cannot be trusted."""
    try:
        lines = (folder / INDEX).read_bytes().decode("utf-8").split("\n")
        if lines.pop() != "" or json.loads(lines[0]) != index_header():
            return {}
        entries = [_entry(json.loads(line)) for line in lines[1:]]
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return {}
    names = [e.name for e in entries]
    if names != sorted(set(names)):
        return {}               # not what index_lines writes
    return {e.name: e for e in entries}


def _entry(fields: dict) -> Entry:
    """An Entry from one index line; ValueError when a field is missing, extra or malformed."""
    entry = Entry(**fields)
    if not (isinstance(entry.name, str) and entry.name and not entry.name.startswith(".")
            and type(entry.size) is int and type(entry.mtime_ns) is int
            and isinstance(entry.sha256, str) and _HEX64.match(entry.sha256)
            and (entry.digest is None or (isinstance(entry.digest, str) and _HEX64.match(entry.digest)))
            and (entry.doc_key is None or isinstance(entry.doc_key, str))):
        raise ValueError("malformed index entry")
    return entry


def ingest_files(paths: list[Path], folder: Path) -> list[Result]:
    """Ingest *paths* into *folder*; on interruption remove what this run wrote and re-raise.

    The index is rewritten last, and only by a run that stored something (a run that finds
    only duplicates writes nothing at all); an interrupted run puts the old index back.
    """
    previous = _index_bytes(folder)
    entries, number = scan(folder, read_index(folder))
    known = [e.known() for e in entries if e.digest is not None]
    results: list[Result] = []
    written: list[Path] = []
    originals_existed = (folder / ORIGINALS).exists()
    index_touched = False
    try:
        with sigterm_as_interrupt():
            for path in paths:
                result, number = _ingest_one(path, folder, known, number, written, entries)
                results.append(result)
            if written:
                index_touched = True        # set first: an interruption may come right after the rename
                _write_index(folder, entries)
    except BaseException:
        if index_touched:
            _restore_index(folder, previous)
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        if not originals_existed:
            with contextlib.suppress(OSError):
                (folder / ORIGINALS).rmdir()
        raise
    return results


def _index_bytes(folder: Path) -> bytes | None:
    """The index as found, to put back if the run is interrupted after rewriting it."""
    try:
        return (folder / INDEX).read_bytes()
    except OSError:
        return None


def _write_index(folder: Path, entries: list[Entry]) -> None:
    """Rewrite the index atomically; failing to is no error (it is a cache), being interrupted is."""
    with contextlib.suppress(OSError):
        write_atomic(folder / INDEX, index_lines(entries))


def _restore_index(folder: Path, previous: bytes | None) -> None:
    """Put back the index this run replaced, so that it names no file the cleanup removes.

    (Were it left, no harm either: entries of missing files are dropped by the next scan.)
    """
    with contextlib.suppress(OSError):
        if previous is None:
            (folder / INDEX).unlink()
        else:
            replace_with(folder / INDEX, lambda handle: handle.write(previous))


def _ingest_one(path: Path, folder: Path, known: list[Known], number: int,
                written: list[Path], entries: list[Entry]) -> tuple[Result, int]:
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
    entries.extend(_stored_entry(path, target, digest, doc_key))
    original = keep_original(path, original_bytes, target, written) if original_bytes is not None else None
    status = "new_version" if earlier else "added"
    return Result(path, status, name=target.name, of=earlier[-1] if earlier else None,
                  original=original), number


def _stored_entry(path: Path, target: Path, digest: str, doc_key: str | None) -> list[Entry]:
    """The index entry of the file just stored, when its fingerprint is surely the input's.

    That is when the stored bytes are the input's and the same reader takes both; otherwise
    (re-encoded text, a .docx's text) the stored file is left for the next survey to extract.
    """
    from taizhang.pipeline.readers import reader_for

    try:
        data, stored = path.read_bytes(), target.read_bytes()
        stat = target.stat()
    except OSError:
        return []
    if data != stored or reader_for(path.name, data) is not reader_for(target.name, stored):
        return []
    return [Entry(target.name, stat.st_size, _trusted_mtime(stat.st_mtime_ns, time.time_ns()),
                  hashlib.sha256(stored).hexdigest(), digest, doc_key)]


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
