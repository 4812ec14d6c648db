"""Formats taizhang does not read, recognized by their bytes and refused with what to do.

Old Office files (.doc/.wps/.xls/.ppt) are OLE2 compound files (D0 CF 11 E0…): the names of
their streams say which program made them. .ofd, .xlsx, .pptx and .odt are ZIP archives, as a
.docx is: the names of their members tell them apart. Each refusal says what the file is and
how to turn it into a format taizhang reads; the wording lives in readers.yaml.
"""
from __future__ import annotations

import io
import zipfile

from taizhang.pipeline.readers import NoticeError, Reading
from taizhang.pipeline.readers.words import words

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = (b"PK\x03\x04", b"PK\x05\x06")
#: OLE2 stream names are in the directory sectors; a small file holds them in its first MB.
OLE_SCAN = 1 << 20


def zip_names(data: bytes) -> set[str] | None:
    """The member names of a ZIP archive, or None when the bytes are not a readable ZIP."""
    if not data.startswith(ZIP):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None


def _zip_refusal(data: bytes):
    names = zip_names(data)
    if not names or "word/document.xml" in names:
        return None
    for entry in words().refusals.zip_members:
        if entry.member in names:
            return entry
    return None


def _ole_refusal(data: bytes):
    if not data.startswith(OLE2):
        return None
    head = data[:OLE_SCAN]
    for entry in words().refusals.ole_streams:
        if entry.stream.encode("utf-16-le") in head:
            return entry
    return words().refusals.ole_unknown


def sniff(data: bytes) -> bool:
    """An old Office file, or a ZIP format (OFD, Excel, PowerPoint, OpenDocument) not read."""
    return _ole_refusal(data) is not None or _zip_refusal(data) is not None


def read(data: bytes, name: str) -> Reading:
    """Never reads an Office/OFD file: says what it is and what to do with it. A file that only
    its suffix sent here (an RTF or a plain text saved as .doc) goes to the text reader, which
    reads text and refuses anything else with its own message."""
    entry = _ole_refusal(data) or _zip_refusal(data)
    if entry is None:
        from taizhang.pipeline.readers import text

        return text.read(data, name)
    raise NoticeError(f"{entry.what}: {entry.advice}")


#: Suffixes a folder walk takes for these formats, so that each such file is reported with
#: its advice. Spreadsheets and slides are not listed: a folder of notices often holds the
#: ledger itself as .xlsx; they are refused by their bytes when given by name.
SUFFIXES = (".doc", ".wps", ".ofd")
