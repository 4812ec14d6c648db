"""Readers by input format: each turns a file's bytes into the source text that records point into.

A reader is a function ``read(data: bytes, name: str) -> Reading`` in a module of this
package; it raises ``NoticeError`` with a one-line message saying what to do when it cannot
read the file. The registry below is the only place that knows the formats: a new format is
one module and one ``Reader`` line. Readers are imported when first needed, so that
``taizhang --help`` does not pay for python-docx or pdfminer.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable


class NoticeError(Exception):
    """A notice that cannot be processed; the message says why, for a person to read."""


@dataclass
class Reading:
    """What a reader got out of a file."""

    text: str                   # the source text: every record's span points into it
    encoding: str               # how the bytes were decoded: utf-8, gb18030… or docx, pdf
    from_container: bool = False  # the text was read out of a container (.docx, .pdf): it is
                                  # written beside the records as OUT/<stem>.source.txt
    evidence: dict[str, str] = field(default_factory=dict)  # what the file's own metadata says:
                                  # title, date (ISO), doc_number, issuer…; used only where the text is silent
    warnings: list[dict] = field(default_factory=list)      # {code, message, span}


@dataclass(frozen=True)
class Reader:
    """One input format: the suffixes it takes, how its bytes can be recognized, its function."""

    name: str
    suffixes: tuple[str, ...]
    target: str                 # "module:function", imported on first use
    sniff: Callable[[bytes], bool] | None = None   # recognizes the format from its bytes

    def read(self, data: bytes, name: str) -> Reading:
        module, _, function = self.target.partition(":")
        return getattr(importlib.import_module(module), function)(data, name)


def _starts(*magic: bytes) -> Callable[[bytes], bool]:
    return lambda data: data.startswith(magic)


def _lazy(target: str) -> Callable[[bytes], bool]:
    """A sniffer imported on first use ("module:function"), like the readers themselves."""
    def sniff(data: bytes) -> bool:
        module, _, function = target.partition(":")
        return getattr(importlib.import_module(module), function)(data)
    return sniff


_HERE = __name__

#: Every input format, most specific first. `text` takes whatever no other reader claims.
READERS: list[Reader] = [
    Reader("text", (".txt", ".text", ".md"), f"{_HERE}.text:read"),
    Reader("docx", (".docx", ".docm", ".dotx", ".dotm"), f"{_HERE}.docx:read", _lazy(f"{_HERE}.docx:sniff")),
    Reader("refused", (".doc", ".wps", ".ofd"), f"{_HERE}.refuse:read", _lazy(f"{_HERE}.refuse:sniff")),
    Reader("pdf", (".pdf",), f"{_HERE}.pdf:read", _lazy(f"{_HERE}.pdf:sniff")),
    Reader("html", (".html", ".htm", ".shtml", ".xhtml"), f"{_HERE}.html:read", _lazy(f"{_HERE}.html:sniff")),
]

TEXT = READERS[0]


def suffixes() -> set[str]:
    """Every file suffix a folder walk takes."""
    return {suffix for reader in READERS for suffix in reader.suffixes}


def reader_for(name: str, data: bytes) -> Reader:
    """The reader for a file: by its bytes first (a .docx renamed .txt is still a .docx), then
    by suffix, else the text reader (which refuses binary data with a clear message)."""
    for reader in READERS:
        if reader.sniff is not None and reader.sniff(data):
            return reader
    suffix = "." + name.rpartition(".")[2].lower() if "." in name else ""
    for reader in READERS:
        if suffix in reader.suffixes:
            return reader
    return TEXT
