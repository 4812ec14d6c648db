"""Files kept between runs to start faster (the word table from jieba's dictionary, compiled grammars),
and the fingerprint of the rules that says when a kept file or output no longer holds.

A kept file lives in the temporary folder, is private to its user (mode 0600) and is written
atomically; it holds marshal data, which is loaded as trusted, so a file that another user
could have written is never read. Losing one only costs the time to build it again.
"""
from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterable


@functools.lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """16 hex of the SHA-256 of the rules: the .py and .yaml files of pipeline/, extractors/ and
    schemas/ (6 ms). A development checkout keeps its version number while its rules change
    several times a day; outputs of other rules must not be carried over as unchanged."""
    root = Path(__file__).resolve().parent.parent
    code = hashlib.sha256()
    for part in ("pipeline", "extractors", "schemas"):
        for path in sorted((root / part).rglob("*")):
            if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
                code.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
                code.update(hashlib.sha256(path.read_bytes()).digest())
    return code.hexdigest()[:16]


def kept_path(name: str, key: str) -> Path:
    """Where the kept file *name* of this user lives, for *key* (what its content depends on)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    return Path(tempfile.gettempdir()) / f"taizhang-{name}-{uid}-{digest}.cache"


#: Kept files of one name a user keeps at most: each set of rules or jieba version has its own
#: (1.3 MB for the word table), and older ones would otherwise pile up in the temporary folder.
KEEP_NEWEST = 3


def remove_older(path: Path) -> None:
    """Remove this user's kept files of *path*'s name beyond the KEEP_NEWEST most recently
    written (*path*, just written, is one of them); quietly nothing on errors."""
    name = path.name.rsplit("-", 1)[0]          # taizhang-NAME-UID
    try:
        others = []
        for other in path.parent.glob(f"{name}-*.cache"):
            stat = other.stat()
            if other != path and _own(stat):
                others.append((stat.st_mtime_ns, other))
        for _, other in sorted(others, reverse=True)[KEEP_NEWEST - 1:]:
            other.unlink()
    except OSError:
        pass


def remove_all(name: str) -> None:
    """Remove this user's kept files of *name* (a kind of file no longer used); quietly nothing
    on errors. Files others can write are left alone, as remove_older leaves them."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    try:
        for path in Path(tempfile.gettempdir()).glob(f"taizhang-{name}-{uid}-*.cache"):
            if _own(path.stat()):
                path.unlink()
    except OSError:
        pass


def read_private(path: Path) -> bytes | None:
    """The bytes of *path*, or None when it is missing, unreadable, or not this user's own
    (owned by another user, or writable by group or others)."""
    try:
        return path.read_bytes() if _own(path.stat()) else None
    except OSError:
        return None


def _own(stat: os.stat_result) -> bool:
    """The file is this user's and nobody else may write it (marshal data is loaded as trusted)."""
    return not hasattr(os, "getuid") or (stat.st_uid == os.getuid() and not stat.st_mode & 0o022)


def write_private(path: Path, chunks: Iterable[bytes]) -> None:
    """Write *chunks* to *path* atomically, readable by this user only; quietly nothing when
    the temporary folder cannot take it."""
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")     # mode 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.writelines(chunks)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


def map_private(path: Path):
    """*path* mapped read-only (an mmap: only the parts read are paged in), under the same
    conditions as read_private; None when it cannot be used."""
    import mmap

    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if not _own(stat) or stat.st_size == 0:
                return None
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
