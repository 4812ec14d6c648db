"""Imported by the batch's fork server after pipeline/warm.py, for a batch of POOL_FROM notices
or more: jieba's whole dictionary loaded once (0.7 s), so that every worker forked from it starts
with it, none loads it again character by character, and memory does not grow with the folder."""
from taizhang.extractors import units

units.load_dictionary()
