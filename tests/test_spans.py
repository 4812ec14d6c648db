"""Spans of every record of every seed point into the source text as decoded, at the original wording.

The records' text is normalized (simplified, cleaned); the source is not. To compare them,
the source wording goes through the same character-level conversions: pinyin glosses
removed, OpenCC t2s, full-width digits and letters to ASCII, white space and ** dropped.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from taizhang.pipeline.load import load
from taizhang.pipeline.run import extract

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")
HALFWIDTH = {cp: cp - 0xFEE0 for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                        *range(0xFF41, 0xFF5B), 0xFF05]}


@functools.lru_cache(maxsize=1)
def t2s():
    import opencc

    return opencc.OpenCC("t2s")


def comparable(text: str) -> str:
    """Source wording brought to the form of normalized text, for comparison."""
    text = GLOSS.sub("", text)
    text = t2s().convert(text).translate(HALFWIDTH)
    return re.sub(r"[\s*]|\*\*", "", text)


@functools.lru_cache(maxsize=None)
def seed(path: Path):
    """(source text as decoded, records as dicts) of a seed."""
    return load(path).text, [record.model_dump() for record in extract(path)]


@pytest.fixture(params=SEEDS, ids=[p.name[:3] for p in SEEDS])
def notice(request):
    return seed(request.param)


def test_seeds_are_there():
    assert len(SEEDS) == 5


def test_every_span_is_inside_the_source(notice):
    source, records = notice
    assert records
    for record in records:
        start, end = record["span"]
        assert isinstance(start, int) and isinstance(end, int)
        assert 0 <= start <= end <= len(source), record


def test_document_span_is_the_whole_source(notice):
    source, records = notice
    document = records[0]
    assert document["type"] == "document"
    assert tuple(document["span"]) == (0, len(source))
    for warning in document["warnings"]:
        if warning["span"] is not None:
            start, end = warning["span"]
            assert 0 <= start <= end <= len(source), warning


def test_section_span_starts_with_the_marker_as_written(notice):
    source, records = notice
    sections = [r for r in records if r["type"] == "section"]
    assert sections
    for section in sections:
        start, end = section["span"]
        written = source[start:end]
        assert written and not written[0].isspace(), section
        assert comparable(written).startswith(comparable(section["marker"])), (written, section["marker"])
        # the first character of the span is the marker's first character, as written
        assert comparable(source[start]) == comparable(section["marker"])[0]


def test_section_span_covers_the_title_in_its_original_wording(notice):
    source, records = notice
    for section in (r for r in records if r["type"] == "section"):
        start, end = section["span"]
        written = source[start:end]
        assert comparable(written) == comparable(section["marker"] + section["title"]), (written, section)


def test_section_spans_are_in_order_and_do_not_overlap(notice):
    _, records = notice
    spans = [tuple(r["span"]) for r in records if r["type"] == "section"]
    assert spans == sorted(spans)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert end <= start


@pytest.mark.parametrize("kind, field", [("figure", "raw"), ("deadline", "raw"), ("unit", "name")])
def test_raw_wording_lies_within_its_span(notice, kind, field):
    source, records = notice
    for record in (r for r in records if r["type"] == kind):
        start, end = record["span"]
        assert comparable(record[field]) in comparable(source[start:end]), (record[field], source[start:end])


def test_traditional_seed_spans_show_traditional_wording():
    """002 is traditional: its spans must show the traditional characters, glosses included."""
    path = next(p for p in SEEDS if p.name.startswith("002"))
    source, records = seed(path)
    sections = [r for r in records if r["type"] == "section"]
    first = sections[0]
    written = source[slice(*first["span"])]
    assert written.startswith("一、堅決扛起政治責任")
    assert first["title"].startswith("坚决扛起政治责任")
    glossed = [source[slice(*s["span"])] for s in sections if "(" in source[slice(*s["span"])]]
    assert any(re.search(r"[\u4e00-\u9fff]\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", w) for w in glossed)
    for section in sections:
        assert "(qū)" not in section["title"] and "(fā)" not in section["title"]


def test_seed_004_bold_heading_and_stray_traditional_character():
    path = next(p for p in SEEDS if p.name.startswith("004"))
    source, records = seed(path)
    assert records[0]["script"] == "simplified"
    texts = [v for r in records for v in r.values() if isinstance(v, str)]
    assert not any("**" in t for t in texts)
    assert not any("建設" in t for t in texts)
