"""The readers' lexicon (pipeline/data/readers.yaml), as its model (schemas/lexicons.py)."""
from __future__ import annotations

import functools

from taizhang.pipeline.lexicon import load
from taizhang.schemas.lexicons import ReadersLexicon


@functools.lru_cache(maxsize=1)
def words() -> ReadersLexicon:
    """The validated readers lexicon (a bad edit of the YAML fails here, naming the field)."""
    return ReadersLexicon.model_validate(load("readers"))
