"""Compiled grammars kept between runs: a run starts with its regular expressions compiled.

The grammars are some 350 patterns, and CPython compiles them again in every process: 0.25 to
0.4 s of a one-notice run (most of it in `re`'s optimisation of the character classes of Han
characters, 21,000 code points each), paid again by every fork server and cluster worker.
`re.compile` turns a pattern into a list of integers (its code) and hands it to `_sre`; that
list depends only on the pattern, its flags and the interpreter. This module keeps the lists
of the patterns a warm-up notice compiles in a private file (pipeline/cachefile.py) and, in the
next process, puts the patterns built from them into `re`'s own cache before any grammar
module is imported, so that their `re.compile` calls find them there (10 ms for all of them).

Nothing changes in what a pattern matches: each kept entry was checked, when it was written,
to rebuild a pattern equal to the one `re.compile` made (patterns compare by their code). The
file is keyed by the interpreter and holds the rules' fingerprint: another Python, other rules
or a damaged file are ignored and the patterns compile as usual. Patterns built from a
notice's own text are never kept (only what the fixed warm-up notice compiles).
"""
from __future__ import annotations

import marshal
import re
import sys

from taizhang.pipeline import cachefile

FORMAT = 1

_state = {"restored": None}       # None: not tried; else the number of patterns restored


def _interpreter_key() -> str:
    import _sre

    return "\n".join(["patterns", str(FORMAT), sys.version, sys.implementation.cache_tag or "",
                      str(_sre.MAGIC), str(_sre.CODESIZE), str(_sre.MAXREPEAT), str(_sre.MAXGROUPS)])


def _path():
    return cachefile.kept_path("patterns", _interpreter_key())


def _cache_usable() -> bool:
    """re's cache is the dict keyed (type, pattern, flags) this module was written against."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        return False
    probe = "taizhang-pattern-cache-probe"
    re.compile(probe)
    return (str, probe, 0) in cache


def restore() -> int:
    """Put the kept patterns into re's cache (once per process); how many were restored."""
    if _state["restored"] is not None:
        return _state["restored"]
    _state["restored"] = 0
    data = cachefile.read_private(_path())
    if data is None or not _cache_usable():
        return 0
    try:
        form, fingerprint, entries = marshal.loads(data)
        if form != FORMAT or fingerprint != cachefile.rules_fingerprint() or not isinstance(entries, dict):
            return 0
        import _sre

        room = getattr(re, "_MAXCACHE", 512) - len(re._cache)
        for (pattern, flags), entry in list(entries.items())[:max(0, room)]:
            re._cache[(str, pattern, flags)] = _sre.compile(pattern, *entry)
    except Exception:           # a damaged file: compile as usual
        return 0
    _state["restored"] = len(entries)
    return _state["restored"]


def save() -> int:
    """Keep the str patterns now in re's cache, when none were restored (no valid file yet);
    call it after the warm-up notice only. How many were kept."""
    if _state["restored"] or not _cache_usable():
        return 0
    entries = {}
    for (kind, pattern, flags), compiled in list(re._cache.items()):
        if kind is str and not flags & re.DEBUG:
            entry = _entry(pattern, flags, compiled)
            if entry is not None:
                entries[(pattern, int(flags))] = entry
    try:
        data = marshal.dumps((FORMAT, cachefile.rules_fingerprint(), entries))
    except ValueError:
        return 0
    cachefile.write_private(_path(), [data])
    _state["restored"] = len(entries)       # kept once per process
    return len(entries)


def _entry(pattern: str, flags: int, compiled: re.Pattern) -> tuple | None:
    """The arguments of `_sre.compile` that rebuild *compiled*, or None when this interpreter's
    `re` works otherwise than 3.11-3.13's (the rebuilt pattern would not be equal)."""
    try:
        import _sre
        from re import _compiler, _parser

        parsed = _parser.parse(pattern, flags)
        code = [int(c) for c in _compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        return entry if _sre.compile(pattern, *entry) == compiled else None
    except Exception:
        return None
