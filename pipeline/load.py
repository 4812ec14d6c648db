"""Stage 1: read a notice file and turn it into source text with the reader for its format."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from taizhang.pipeline.readers import NoticeError, Reading, reader_for
from taizhang.pipeline.readers.text import MAGIC, decode  # noqa: F401  (the text reader's own refusals)

#: Largest notice we agree to read; a bigger file is almost certainly not a notice.
MAX_BYTES = 256 * 1024 * 1024

__all__ = ["MAX_BYTES", "NoticeError", "Source", "doc_id_of", "load", "load_bytes", "decode", "MAGIC"]


def doc_id_of(sha256_hex: str) -> str:
    """A notice's doc_id from the SHA-256 of its bytes: `d-` and the first 16 hex digits."""
    return "d-" + sha256_hex[:16]


@dataclass
class Source:
    """A notice as read: `text` is what every record's span points into."""

    path: Path | None
    name: str
    text: str
    encoding: str
    doc_id: str                 # d- + 16 hex of the SHA-256 of the file's bytes
    warnings: list[dict] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)
    from_container: bool = False


def load(path: Path, name: str | None = None) -> Source:
    """Read *path*; raise NoticeError with a one-line reason when it is not a notice."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise NoticeError(f"file is larger than {MAX_BYTES // 2**20} MB")
        data = path.read_bytes()
    except NoticeError:
        raise
    except IsADirectoryError:
        raise NoticeError("is a folder, not a file") from None
    except PermissionError:
        raise NoticeError("cannot read the file: permission denied") from None
    except OSError as exc:
        raise NoticeError(f"cannot read the file: {exc.strerror or exc}") from None
    return load_bytes(data, name or path.name, path)


def load_bytes(data: bytes, name: str, path: Path | None = None) -> Source:
    """A notice from its bytes; *name* (a file name) chooses the reader when the bytes do not."""
    if len(data) > MAX_BYTES:
        raise NoticeError(f"file is larger than {MAX_BYTES // 2**20} MB")
    reading: Reading = reader_for(name, data).read(data, name)
    return Source(path=path, name=name, text=reading.text, encoding=reading.encoding,
                  doc_id=doc_id_of(hashlib.sha256(data).hexdigest()), warnings=reading.warnings,
                  evidence=reading.evidence, from_container=reading.from_container)
