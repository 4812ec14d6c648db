"""Lexicons live in YAML beside the code (pipeline/data/), so that word lists grow without code
changes; each is validated against its model in schemas/lexicons.py when first loaded."""
from __future__ import annotations

import functools
import re
from importlib import resources

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # the C loader: 10× faster than PyYAML's own


class LexiconError(Exception):
    """A lexicon file that cannot be used; the message names the file and the key."""


def path_of(name: str):
    return resources.files("taizhang.pipeline").joinpath("data", f"{name}.yaml")


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed, validated ``pipeline/data/<name>.yaml`` (safe loader only; cached)."""
    from pydantic import ValidationError

    from taizhang.schemas.lexicons import MODELS

    where = f"pipeline/data/{name}.yaml"
    try:
        data = yaml.load(path_of(name).read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise LexiconError(f"{where}: file is missing") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        raise LexiconError(f"{where}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: must hold a mapping of keys to word lists")
    if name not in MODELS:
        raise LexiconError(f"{where}: no model for it in schemas/lexicons.py (every lexicon has one)")
    try:
        MODELS[name].model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        about = f"key {key!r}: " if key else ""       # a check across keys names them itself
        raise LexiconError(f"{where}: {about}{error['msg'].lower()}") from None
    return data


def check_all() -> None:
    """Load every lexicon now, so a bad file stops a run before any notice is read."""
    for entry in sorted(resources.files("taizhang.pipeline").joinpath("data").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            load(entry.name[:-5])


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so that 万亩 wins over 亩."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
