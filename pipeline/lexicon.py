"""Lexicons live in YAML beside the code (pipeline/data/), so that word lists grow without code
changes; each is validated against its model in schemas/lexicons.py when first loaded."""
from __future__ import annotations

import functools
import hashlib
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
    where = f"pipeline/data/{name}.yaml"
    try:
        text = path_of(name).read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_Loader)
    except FileNotFoundError:
        raise LexiconError(f"{where}: file is missing") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        raise LexiconError(f"{where}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: must hold a mapping of keys to word lists")
    digest = hashlib.sha256(f"{name}\0{text}".encode("utf-8")).hexdigest()[:32]
    if digest not in _validated():
        _validate(name, data, where)
        _validated().add(digest)
        _unsaved.append(digest)
    return data


def _validate(name: str, data: dict, where: str) -> None:
    from pydantic import ValidationError

    from taizhang.schemas.lexicons import MODELS

    if name not in MODELS:
        raise LexiconError(f"{where}: no model for it in schemas/lexicons.py (every lexicon has one)")
    try:
        MODELS[name].model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        raise LexiconError(f"{where}: key {key!r}: {error['msg'].lower()}") from None


def check_all() -> None:
    """Load every lexicon now, so a bad file stops a run before any notice is read."""
    for entry in sorted(resources.files("taizhang.pipeline").joinpath("data").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            load(entry.name[:-5])
    if _unsaved:
        from taizhang.pipeline import cachefile

        cachefile.write_private(_validated_path(), ["\n".join(sorted(_validated())).encode("ascii")])
        _unsaved.clear()


# The lexicons validated by these models before, by a digest of their text, kept between runs
# (pipeline/cachefile.py): a run skips building the models for files it has seen, 50-70 ms of
# each start. A file edited, or other models, are validated again.
_unsaved: list[str] = []


def _validated_path():
    from taizhang.pipeline import cachefile

    models = resources.files("taizhang").joinpath("schemas", "lexicons.py").read_bytes()   # not imported
    return cachefile.kept_path("lexicons-valid", hashlib.sha256(models).hexdigest())


@functools.lru_cache(maxsize=1)
def _validated() -> set[str]:
    from taizhang.pipeline import cachefile

    kept = cachefile.read_private(_validated_path())
    return set(kept.decode("ascii", "replace").split()) if kept else set()


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so that 万亩 wins over 亩."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
