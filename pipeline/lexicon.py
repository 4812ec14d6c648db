"""Lexicons live in YAML beside the code so that wording lists can grow without code changes."""
from __future__ import annotations

import functools
from importlib import resources

import yaml


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Return the parsed ``pipeline/data/<name>.yaml`` (safe loader only; cached)."""
    text = resources.files("taizhang.pipeline").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"lexicon {name}.yaml must hold a mapping")
    return data


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so that 万亩 wins over 亩."""
    import re

    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
