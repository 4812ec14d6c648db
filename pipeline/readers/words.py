"""The readers' lexicon (pipeline/data/readers.yaml), as its model (schemas/lexicons.py)."""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from taizhang.pipeline.lexicon import load

if TYPE_CHECKING:
    from taizhang.schemas.lexicons import ReadersLexicon


@functools.lru_cache(maxsize=1)
def words() -> ReadersLexicon:
    """The validated readers lexicon (a bad edit of the YAML fails here, naming the field); its
    models are imported only here, when a reader first needs them, not by every text notice."""
    from taizhang.schemas.lexicons import ReadersLexicon

    return ReadersLexicon.model_validate(load("readers"))
