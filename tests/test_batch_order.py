"""A pool hands the biggest notices out first; the outputs stay as a run in input order makes them."""
from __future__ import annotations

from taizhang.pipeline import batch


def _args(tmp_path, sizes, to_stream=False):
    args = []
    for i, size in enumerate(sizes):
        path = tmp_path / f"n{i}.txt"
        path.write_text("检" * size, encoding="utf-8")
        args.append((batch.Job(path=path, source=path.name, output=f"n{i}.jsonl"), str(tmp_path), False, to_stream, i))
    return args


def test_biggest_notices_are_handed_out_first(tmp_path):
    args = _args(tmp_path, [10, 300, 20, 5000, 300])
    assert [a[4] for a in batch._largest_first(args)] == [3, 1, 4, 2, 0]     # ties keep input order


def test_streamed_records_keep_input_order(tmp_path):
    args = _args(tmp_path, [10, 300, 20], to_stream=True)
    assert [a[4] for a in batch._largest_first(args)] == [0, 1, 2]


def test_a_notice_given_as_bytes_or_gone_is_sized_without_failing(tmp_path):
    args = _args(tmp_path, [10, 20])
    args[0][0].path.unlink()
    given = (batch.Job(path=None, source="stdin", output="stdin.jsonl", data=b"x" * 99), None, False, False, 2)
    assert [a[4] for a in batch._largest_first(args + [given])] == [2, 1, 0]
