"""Helpers rewritten to run in linear time give what their plain definitions give."""
from __future__ import annotations

import random

import pytest

from taizhang.extractors import notes
from taizhang.pipeline.unwrap import _clean_edits, _moves_kept


def _moves_kept_by_definition(moves, cleaned):
    """A moved span is dropped when a removal holds it and reaches past it at either end."""
    return [m for m in moves
            if not any(s <= m[0] and m[1] <= e and not r and (s < m[0] or e > m[1]) for s, e, r in cleaned)]


def test_moved_spans_inside_removals_are_dropped():
    cleaned = _clean_edits([(0, 10, ""), (12, 14, "x"), (20, 30, ""), (40, 45, "")])
    moves = [(2, 5), (12, 13), (20, 30), (22, 30), (31, 33), (40, 45), (44, 45)]
    assert _moves_kept(moves, cleaned) == [(12, 13), (20, 30), (31, 33), (40, 45)]


def test_moved_spans_as_by_definition_on_random_edits():
    rng = random.Random(11)
    for _ in range(3000):
        edits = [(s, s + rng.randint(0, 8), rng.choice(["", "", "x", "\n"]))
                 for s in (rng.randint(0, 40) for _ in range(rng.randint(0, 10)))]
        cleaned = _clean_edits(edits)
        moves = [(a, a + rng.randint(0, 6)) for a in (rng.randint(0, 45) for _ in range(rng.randint(0, 6)))]
        assert _moves_kept(moves, cleaned) == _moves_kept_by_definition(moves, cleaned), (edits, moves)


def _balanced_by_definition(text, start, end):
    def more(kinds, than, a, b):
        return sum(text.count(c, a, b) for c in kinds) > sum(text.count(c, a, b) for c in than)

    while end > start and text[end - 1] in notes.CLOSING and more(notes.CLOSING, notes.OPENING, start, end):
        end -= 1
    while start < end and text[start] in notes.OPENING and more(notes.OPENING, notes.CLOSING, start, end):
        start += 1
    return notes._strip(text, start, end)


def test_unbalanced_brackets_trimmed_as_by_definition():
    for text in ["区水利局等部门）", "（县住建局", "（（市场监管局）", "县委（办）", "）", "（）", "((交通局))）)"]:
        assert notes._balanced(text, 0, len(text)) == _balanced_by_definition(text, 0, len(text)), text
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice("（）()局 ") for _ in range(rng.randint(0, 12)))
        assert notes._balanced(text, 0, len(text)) == _balanced_by_definition(text, 0, len(text)), text


def test_line_edge_spaces_removed_and_inner_runs_kept():
    from taizhang.pipeline.normalize import EDGE_SPACE

    text = "  一、工作要求 \t\n各单位   落实专人负责。\t \n"
    assert EDGE_SPACE.sub("", text) == "一、工作要求\n各单位   落实专人负责。\n"


@pytest.mark.parametrize("line, by, date", [
    ("青山市农业农村局办公室    2023年3月20日印发", "青山市农业农村局办公室", "2023年3月20日"),
    ("青山市农业农村局办公室2023年3月20日印发", "青山市农业农村局办公室", "2023年3月20日"),
    ("2023年 3月 20日 印发", "", "2023年 3月 20日"),
])
def test_printed_line_read_with_the_space_before_its_date(line, by, date):
    from taizhang.pipeline.structure import _patterns

    m = _patterns()["printed"].match(line)
    assert (m.group("by"), m.group("date")) == (by, date)


def test_a_long_run_of_spaces_inside_a_sentence_reads_as_one_space():
    """Mixed spaces (full-width become ASCII) once took time growing with the square of the run."""
    import taizhang

    def read(gap: str):
        text = f"青山市水利局关于春季检修的通知\n各乡镇：\n请于4月底前完成检修{gap}工作。\n一、工作要求\n各单位落实专人负责。\n"
        document, *rest = taizhang.extract(text)
        return document.title, [(r.type, getattr(r, "title", None)) for r in rest]

    assert read(" \u3000\t" * 20000) == read(" ")
