"""Lexicons live in YAML beside the code (pipeline/data/), so that word lists grow without code
changes; each is validated against its model in schemas/lexicons.py when first loaded.

Once every lexicon has been read and validated (check_all), the parsed data is kept
(pipeline/cachefile.py) with the SHA-256 of each file's text, under the rules' fingerprint
(which covers the models): a later process takes a lexicon from there when its file's text
is the same, without parsing the YAML or building the 25 lexicon models (45 ms of every
start and of every pool worker's first notice). A changed file is validated again.
"""
from __future__ import annotations

import functools
import hashlib
import marshal
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
    except FileNotFoundError:
        raise LexiconError(f"{where}: file is missing") from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    kept = _kept().get(name)
    data = kept[1] if kept is not None and kept[0] == digest else _parse_and_validate(name, text)
    _digests[name] = digest
    return data


#: name → the SHA-256 of the text its loaded lexicon was read from, in this process.
_digests: dict[str, str] = {}


def _parse_and_validate(name: str, text: str) -> dict:
    from pydantic import ValidationError

    from taizhang.schemas.lexicons import MODELS

    where = f"pipeline/data/{name}.yaml"
    try:
        data = yaml.load(text, Loader=_Loader)
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
    """Load every lexicon now, so a bad file stops a run before any notice is read; keep them
    all for the next process when they were read here."""
    names = sorted(entry.name[:-5] for entry in resources.files("taizhang.pipeline").joinpath("data").iterdir()
                   if entry.name.endswith(".yaml"))
    loaded = {name: load(name) for name in names}
    loaded = {name: (_digests[name], data) for name, data in loaded.items()}
    if _kept() != loaded:
        _keep(loaded)


#: The form of the kept file; a change of it makes older files unused.
KEPT_FORMAT = 1


def _kept_path():
    from taizhang.pipeline import cachefile

    return cachefile.kept_path("lexicons", f"lexicons {KEPT_FORMAT}")


@functools.lru_cache(maxsize=1)
def _kept() -> dict:
    """The lexicons kept by an earlier process of the same rules ({} when there are none)."""
    from taizhang.pipeline import cachefile

    data = cachefile.read_private(_kept_path())
    if data is None:
        return {}
    try:
        form, fingerprint, lexicons = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return {}
    if form != KEPT_FORMAT or fingerprint != cachefile.rules_fingerprint() or not isinstance(lexicons, dict):
        return {}
    return lexicons


def _keep(lexicons: dict) -> None:
    from taizhang.pipeline import cachefile

    try:
        data = marshal.dumps((KEPT_FORMAT, cachefile.rules_fingerprint(), lexicons))
    except ValueError:          # a value marshal cannot hold (a YAML date): read them each time
        return
    path = _kept_path()
    cachefile.write_private(path, [data])
    cachefile.remove_older(path)


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so that 万亩 wins over 亩."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
