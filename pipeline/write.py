"""Stage 5: write records as JSONL, atomically: a reader never sees half a file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

TEMP_PREFIX = ".taizhang-tmp-"


def write_atomic(path: Path, lines: Iterable[str]) -> None:
    """Write *lines* (each without its newline) to *path* via a temporary file and a rename."""
    def fill(handle) -> None:
        for line in lines:
            handle.write(line.encode("utf-8"))
            handle.write(b"\n")

    replace_with(path, fill)


def replace_with(path: Path, fill: Callable[[BinaryIO], None]) -> None:
    """Let *fill* write a temporary file beside *path*, then rename it over *path*.

    The rename is atomic, so *path* is either its old self or complete; on any
    failure or interruption the temporary file is removed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _default_mode())   # mkstemp makes 0600 files; outputs are for others to read too
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _default_mode() -> int:
    """The mode a plain open() would give a new file: 0666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def remove_stale_temporaries(folder: Path) -> None:
    """A run killed outright (SIGKILL) cannot clean up; the next run does."""
    if folder.is_dir():
        for leftover in folder.rglob(TEMP_PREFIX + "*"):
            try:
                leftover.unlink()
            except OSError:
                pass
