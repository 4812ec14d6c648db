"""Imported by the batch's fork server after the pipeline (pipeline/pool_server.py), for a batch
of POOL_FROM notices or more: both of OpenCC's converters loaded once (s2t: 27 MB, 0.09 s), so that every worker
forked from it starts with them, none loads s2t again at its first traditional notice, and a
batch's memory does not depend on which notices it meets."""
from taizhang.pipeline import normalize

normalize.load_converters()
