"""The staged pipeline: load → normalize → structure → extract → validate → write.

Importing it first puts the grammars compiled by an earlier run into `re`'s cache
(pipeline/pattern_cache.py), before any grammar module compiles its patterns.
"""
from taizhang.pipeline import pattern_cache as _pattern_cache

_pattern_cache.restore()
