"""The pipeline over a fixed sample of real flattened notices (../shared/corpus/notices): none
fails and most give a title, so CI catches a collapse of the reading of flattened text.

The full coverage figures (title, date, sections, doc_number, issues over all 238 notices)
are a benchmark, not a test: benchmarks/corpus_coverage.py.
"""
from __future__ import annotations

import functools

import pytest

from conftest import SHARED

import taizhang

CORPUS = SHARED / "corpus" / "notices"
SAMPLE_SIZE = 40

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/notices is absent")


@functools.lru_cache(maxsize=1)
def sample_documents() -> tuple[list, list[tuple[str, str]]]:
    """Every 6th notice in name order (40 of the 238), extracted once: (documents, failures)."""
    paths = sorted(p for p in CORPUS.iterdir() if p.is_file())[::6][:SAMPLE_SIZE]
    documents, failures = [], []
    for path in paths:
        try:
            documents.append((path.name, taizhang.extract(path)[0]))
        except Exception as error:      # noqa: BLE001 - any failure is what the test reports
            failures.append((path.name, f"{type(error).__name__}: {error}"))
    return documents, failures


def test_no_corpus_notice_fails():
    documents, failures = sample_documents()
    assert failures == []
    assert len(documents) == SAMPLE_SIZE


def test_most_corpus_notices_give_a_title():
    documents, _ = sample_documents()
    without = [name for name, doc in documents if not doc.title]
    share = 1 - len(without) / len(documents)
    assert share >= 0.9, f"title share {share:.2f}; no title in {without}"
