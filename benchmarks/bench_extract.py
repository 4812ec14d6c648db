"""Benchmark: `taizhang extract` throughput and memory, against a baseline measured in the same run.

The baseline is the minimal pipeline ../shared/NOTES.md measured (read → OpenCC t2s → one
regex for numbers with units → pydantic → JSONL), over the same corpus: the seeds repeated
to about 5 MB, one notice at a time. taizhang does far more per notice (offset maps, heading
tree, five grammars, jieba on short windows), so the ratio says what that work costs.
Memory: peak Python allocations while extracting one 30 MB single-line notice, as a
multiple of its size.

    .venv/bin/python benchmarks/bench_extract.py [--mb 5] [--big-mb 30]
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pydantic import BaseModel  # noqa: E402


class Match(BaseModel):
    type: str
    start: int
    end: int
    raw: str


NUMBER_WITH_UNIT = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:万|亿)?(?:元|%|个|项|户|家|亩|吨|人)")


def baseline(paths: list[Path], out: Path) -> None:
    import opencc

    converter = opencc.OpenCC("t2s")
    for path in paths:
        text = converter.convert(path.read_bytes().decode("utf-8"))
        with open(out / (path.stem + ".jsonl"), "w", encoding="utf-8") as handle:
            for m in NUMBER_WITH_UNIT.finditer(text):
                handle.write(Match(type="figure", start=m.start(), end=m.end(), raw=m.group()).model_dump_json())
                handle.write("\n")


def taizhang(paths: list[Path], out: Path) -> None:
    from taizhang.pipeline.run import extract
    from taizhang.pipeline.write import write_atomic

    for path in paths:
        write_atomic(out / (path.stem + ".jsonl"), (r.model_dump_json() for r in extract(path)))


def corpus(folder: Path, megabytes: float) -> list[Path]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    paths, size, n = [], 0, 0
    while size < megabytes * 1e6:
        seed = seeds[n % len(seeds)]
        copy = folder / f"{n:04d}_{seed.name}"
        copy.write_bytes(seed.read_bytes())
        paths.append(copy)
        size += copy.stat().st_size
        n += 1
    return paths


def timed(run, paths, out) -> float:
    start = time.perf_counter()
    run(paths, out)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size for throughput")
    parser.add_argument("--big-mb", type=float, default=30.0, help="size of the single-line notice")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        (tmp / "base").mkdir()
        (tmp / "tz").mkdir()
        paths = corpus(tmp / "in", args.mb)
        size = sum(p.stat().st_size for p in paths) / 1e6
        taizhang(paths[:5], tmp / "tz")            # warm both: imports, dictionaries, caches
        baseline(paths[:5], tmp / "base")
        base = min(timed(baseline, paths, tmp / "base") for _ in range(2))
        ours = min(timed(taizhang, paths, tmp / "tz") for _ in range(2))
        print(f"corpus: {len(paths)} notices, {size:.1f} MB")
        print(f"baseline (read → t2s → one regex → pydantic → JSONL): {size / base:6.1f} MB/s")
        print(f"taizhang extract, one process:                         {size / ours:6.1f} MB/s "
              f"({base / ours:.3f} × baseline)")

        big = tmp / "big.txt"
        paragraph = next((ROOT / "seeds").glob("000_*.txt")).read_text(encoding="utf-8").replace("\n", "")
        big.write_text(paragraph * int(args.big_mb * 1e6 / len(paragraph.encode("utf-8"))), encoding="utf-8")
        big_mb = big.stat().st_size / 1e6
        tracemalloc.start()
        start = time.perf_counter()
        taizhang([big], tmp / "tz")
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"one {big_mb:.0f} MB notice on a single line: {seconds:.1f} s, "
              f"peak Python memory {peak:.0f} MB ({peak / big_mb:.1f} × the file)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
