"""Writers by output format: each turns the records of one or many notices into one file.

A writer is a function ``write(notices, path, *, as_of)`` in a module of this package:
*notices* is a list of notices, each the list of its records as plain dicts (document
first, as in a .jsonl output); *path* is the file to write (atomically, through
``taizhang.pipeline.write.replace_with``); *as_of* is the date that deadline states
(逾期, 30天内到期…) are judged against. The registry below is the only place that knows
the formats: a new output is one module and one ``Writer`` line. Writers are imported
when first used, so that ``taizhang --help`` stays fast.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Writer:
    name: str           # as given to --to
    suffix: str         # the file suffix it writes
    target: str         # "module:function", imported on first use
    summary: str        # one line for --help

    def write(self, notices: list[list[dict]], path, **options) -> None:
        module, _, function = self.target.partition(":")
        getattr(importlib.import_module(module), function)(notices, path, **options)


_HERE = __name__

#: Every output format of `taizhang export` / `taizhang report`.
WRITERS: dict[str, Writer] = {}


def register(writer: Writer) -> None:
    WRITERS[writer.name] = writer
