"""taizhang (台账): turn Chinese government notices (公文) into validated ledger records.

The repository's top folder is the `taizhang` package: `pipeline/`, `extractors/` and
`schemas/` are its subpackages and `cli.py` its command line. This module is the Python
API, the same verbs as the command line (which only parses and echoes); it imports
nothing heavy until a verb is used.

    >>> import taizhang
    >>> records = taizhang.extract("关于开展安全生产大检查的通知\\n各镇人民政府：……")
    >>> issues = [r.model_dump() for r in records if r.type == "issue"]
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Union

if TYPE_CHECKING:
    from taizhang.pipeline.diff import Change
    from taizhang.pipeline.ingest import Result
    from taizhang.schemas import Record

#: The one place of the version: pyproject.toml reads it from here (importlib.metadata would
#: cost every run 40 ms of imports to find it).
__version__ = "0.1.0"

Source = Union[str, bytes, "os.PathLike[str]"]

__all__ = ["__version__", "extract", "diff", "ingest", "ledger", "sheets", "export", "report", "schema"]


def _read(source: Source, name: str | None):
    """A `pipeline.load.Source` from text (str), a file's bytes, or a path."""
    from taizhang.pipeline.load import load, load_bytes

    if isinstance(source, os.PathLike):
        return load(Path(source), name)
    if isinstance(source, bytes):
        return load_bytes(source, name or "notice")
    if isinstance(source, str):
        return load_bytes(source.encode("utf-8"), name or "notice.txt")
    raise TypeError(f"a notice is given as text (str), a file's bytes or a path, not {type(source).__name__}")


def extract(source: Source, *, name: str | None = None) -> list["Record"]:
    """The validated records of one notice, document first.

    *source* is the notice's text (`str`), a file's content (`bytes`: the format is
    recognized from them, or from *name*'s suffix) or a path (`pathlib.Path`, any
    `os.PathLike`). *name* is what the document record calls its source.
    Raises `taizhang.NoticeError` with a one-line reason when the input is not a notice.
    """
    from taizhang.pipeline.run import extract_source

    return extract_source(_read(source, name))


def diff(old: Source | Iterable["Record"] | Iterable[dict], new: Source | Iterable["Record"] | Iterable[dict]
         ) -> list["Change"]:
    """What changed between two versions of one notice: each is a notice (as for `extract`),
    a path to a notice file or its .jsonl output, or a list of records."""
    from taizhang.pipeline.diff import diff_records, read_records

    def records(version) -> list[dict]:
        if isinstance(version, os.PathLike):
            return read_records(Path(version))
        if isinstance(version, (str, bytes)):
            return [r.model_dump(mode="json") for r in extract(version)]
        return [r if isinstance(r, dict) else r.model_dump(mode="json") for r in version]

    return diff_records(records(old), records(new))


def ingest(paths: Iterable["os.PathLike[str] | str"], *, seeds: "os.PathLike[str] | str" = "seeds") -> list["Result"]:
    """Add notice files to the corpus folder *seeds* as NNN_<16 hex>.txt, refusing duplicates;
    one result per file (added / duplicate / new_version / failed, with its message())."""
    from taizhang.pipeline.ingest import ingest_files

    folder = Path(seeds)
    if not folder.is_dir():
        raise FileNotFoundError(f"seeds folder {folder} does not exist")
    return ingest_files([Path(p) for p in paths], folder)


def ledger(records, *, as_of=None) -> list[dict]:
    """The 台账 as plain dicts, one per issue, keyed by its column names (序号, 问题或任务, 牵头单位,
    完成时限, 状态…), so `pandas.DataFrame(taizhang.ledger(records))` is the ledger.

    *records*: what `extract` returned (one or many notices), record dicts, .jsonl paths or
    extracted folders. *as_of*: the date 状态 is judged against (default today).
    """
    from taizhang.pipeline.ledger import rows

    return rows(records, as_of)


def sheets(records, *, as_of=None) -> dict[str, list[dict]]:
    """Every table of the exported workbook by sheet name (台账, 时限, 数据, 单位, 文件)."""
    from taizhang.pipeline.ledger import sheets as all_sheets

    return all_sheets(records, as_of)


def export(sources, path, *, to: str | None = None, as_of=None):
    """Write the ledger of *sources* (records, .jsonl files or extracted folders) to *path* as
    xlsx, csv or sqlite (*to*, default from the suffix)."""
    from taizhang.pipeline.writers import export as write

    return write(sources, to=to, path=path, as_of=as_of)


def report(sources, path, *, diff=None, as_of=None):
    """One self-contained HTML page showing each notice with its records highlighted in place
    and its ledger; *diff*: an (old, new) pair of versions to show side by side instead."""
    from taizhang.pipeline.writers.report import make_report

    return make_report(sources, path, diff_paths=diff, as_of=as_of)


def schema(kind: str | None = None) -> dict:
    """The JSON Schema of the records (or of one record type), from the pydantic models."""
    from taizhang.schemas.json_schema import record_schema

    return record_schema(kind)


def __getattr__(name: str):
    if name == "NoticeError":       # the exception, without importing the readers up front
        from taizhang.pipeline.readers import NoticeError

        return NoticeError
    raise AttributeError(f"module 'taizhang' has no attribute {name!r}")
