"""Linear-time check: every stage and grammar on inputs of n and 8n characters of adversarial shapes.

A grammar that backtracks, or a loop that rescans what it has read, shows on long runs of
one character class: digits, 、, 。, heading markers (一、一、), brackets (（（（), 附件附件,
spaces, tabs, ：：：, and a few more that open a grammar's pattern (局 for body names, 年 and
月 for dates, 万元 for figures, 第一条 for articles, 由 for notes); and on a real notice
repeated (seed 000, as it is and on one line), where the count of items, figures and units
grows with the text. For each shape the whole
pipeline runs on the text (read as a .txt file) under cProfile, and the cumulative time of
each stage and of each grammar's entry points is kept; the grammars are also called directly
on the whole text, as no paragraph split bounds them there. The ratio t(8n) / t(n) of linear
work is about 8 (a little more from caches and the allocator); above 16 the work is
superlinear and the line is flagged. Times under --floor seconds at 8n are not judged.

Each shape runs in a worker process; a shape that takes longer than --timeout is killed,
reported and flagged, and the next shape gets a new worker.

    .venv/bin/python benchmarks/bench_linear.py [-n 20000] [--shape digits --shape 、] [--timeout 300]
"""
from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import pstats
import queue
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: name → the unit repeated to n characters.
SHAPES = {
    "digits": "0123456789",
    "、": "、",
    "。": "。",
    "一、": "一、",
    "（一）": "（一）",
    "1.": "1.",
    "（": "（",
    "）": "）",
    "附件": "附件",
    "spaces": " ",
    "tabs": "\t",
    "mixed spaces": " \u3000\t",
    "：": "：",
    "newlines": "\n",
    "lines 一、x": "一、关于\n",
    "局": "局",
    "委员会": "委员会",
    "年月日": "2023年12月",
    "万元": "12.5万元",
    "第一条": "第一条",
    "由…负责": "由",
    "CJK": "的",
    "latin": "a",
}


def _seed(flattened: bool) -> str:
    """Seed 000 (figures, deadlines, units in most sentences), on one line when *flattened*."""
    text = next((ROOT / "seeds").glob("000_*.txt")).read_text(encoding="utf-8")
    return text.replace("\n", "") if flattened else text


#: Real text repeated: many items, figures and units in one notice (records link each to its
#: section and issue).
SHAPES["seed 000"] = _seed(False)
SHAPES["seed 000 on one line"] = _seed(True)

#: Functions timed inside the pipeline run: (label, module file, function name).
PROFILED = [
    ("stage normalize", "pipeline/normalize.py", "normalize_stage"),
    ("  unwrap", "pipeline/unwrap.py", "unwrap"),
    ("  drop_control_chars", "pipeline/normalize.py", "drop_control_chars"),
    ("  drop_pinyin_glosses", "pipeline/normalize.py", "drop_pinyin_glosses"),
    ("  repair_mojibake", "pipeline/normalize.py", "repair_mojibake"),
    ("  to_halfwidth", "pipeline/normalize.py", "to_halfwidth"),
    ("  to_simplified", "pipeline/normalize.py", "to_simplified"),
    ("  drop_debris_lines", "pipeline/normalize.py", "drop_debris_lines"),
    ("  drop_markdown", "pipeline/normalize.py", "drop_markdown"),
    ("  tables.unflatten", "pipeline/tables.py", "unflatten"),
    ("  tidy_spaces", "pipeline/normalize.py", "tidy_spaces"),
    ("  join_broken_lines", "pipeline/normalize.py", "join_broken_lines"),
    ("  segment", "pipeline/segment.py", "segment"),
    ("stage headings", "pipeline/headings.py", "headings_stage"),
    ("stage document", "pipeline/structure.py", "document_stage"),
    ("stage items", "pipeline/items.py", "items_stage"),
    ("  tables.read_tables", "pipeline/tables.py", "read_tables"),
    ("  fields.read_fields", "extractors/fields.py", "read_fields"),
    ("  notes.find_notes", "extractors/notes.py", "find_notes"),
    ("stage as_of", "pipeline/annotate.py", "as_of_stage"),
    ("stage deadlines", "pipeline/annotate.py", "deadlines_stage"),
    ("stage figures", "pipeline/annotate.py", "figures_stage"),
    ("stage units", "pipeline/annotate.py", "units_stage"),
    ("stage records", "pipeline/assemble.py", "records_stage"),
]


def _direct_calls() -> dict:
    """Grammar entry points called on the whole text, by label."""
    import datetime as dt

    from taizhang.extractors import dates, deadlines, fields, figures, markers, notes, units
    from taizhang.pipeline import headings, normalize, segment, tables, unwrap

    base = dt.date(2024, 1, 1)
    return {
        "read (text reader)": lambda t: _load(t),
        "unwrap": unwrap.unwrap,
        "normalize": normalize.normalize,
        "segment": segment.segment,
        "tables.unflatten": tables.unflatten,
        "headings.find_headings": lambda t: headings.find_headings(t),
        "figures.find_figures": figures.find_figures,
        "deadlines.find_deadlines": lambda t: deadlines.find_deadlines(t, base),
        "deadlines.find_as_of": lambda t: deadlines.find_as_of(t, base),
        "deadlines.parse_deadline_field": lambda t: deadlines.parse_deadline_field(t, base),
        "dates.find_dates": dates.find_dates,
        "notes.find_notes": notes.find_notes,
        "notes.split_units": lambda t: notes.split_units(t, "responsible"),
        "notes.split_leaders": notes.split_leaders,
        "units.find_bodies": units.find_bodies,
        "fields.read_fields": lambda t: fields.read_fields(t, 0, len(t)),
        "fields.split_list": fields.split_list,
        "fields.split_measures": fields.split_measures,
        "markers.match_marker": markers.match_marker,
    }


def _load(text: str):
    from taizhang.pipeline.load import load_bytes

    return load_bytes(text.encode("utf-8"), "linear.txt")


def text_of(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _pipeline_times(text: str) -> dict[str, float]:
    """Cumulative seconds of each PROFILED function over one pipeline run on *text*."""
    from taizhang.pipeline.load import NoticeError
    from taizhang.pipeline.run import extract_source

    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    try:
        extract_source(_load(text))
    except NoticeError:
        pass
    finally:
        profile.disable()
    whole = time.perf_counter() - start
    stats = pstats.Stats(profile).stats
    times = {"pipeline (whole, profiled)": whole}
    for label, file, function in PROFILED:
        times[label] = sum(entry[3] for (path, _, name), entry in stats.items()
                           if name == function and path.endswith(file))
    package = str(ROOT) + "/"
    own: dict = {}      # a project function's own time, with that of the builtins it calls (regex, str)
    for (path, line, name), entry in stats.items():
        if path.startswith(package):
            own[(path, line, name)] = own.get((path, line, name), 0.0) + entry[2]
        elif path == "~":
            for caller, calls in entry[4].items():
                if caller[0].startswith(package):
                    own[caller] = own.get(caller, 0.0) + calls[3]
    for (path, line, name), seconds in own.items():
        times[f"{SELF}{path[len(package):]}:{line} {name}"] = seconds
    return times


def _direct_times(text: str) -> dict[str, float]:
    from taizhang.pipeline.load import NoticeError

    times = {}
    for label, call in _direct_calls().items():
        start = time.perf_counter()
        try:
            call(text)
        except NoticeError:
            pass
        times["direct " + label] = time.perf_counter() - start
    return times


def measure(unit: str, n: int) -> dict[str, tuple[float, float]]:
    """label → (seconds at n, seconds at 8n), best of two runs at n."""
    warm = text_of(unit, 200)
    _pipeline_times(warm)
    _direct_times(warm)
    small = text_of(unit, n)
    times_n = [{**_pipeline_times(small), **_direct_times(small)} for _ in range(2)]
    big = text_of(unit, 8 * n)
    times_8n = {**_pipeline_times(big), **_direct_times(big)}
    return {label: (min(t.get(label, 0.0) for t in times_n), times_8n[label]) for label in times_8n}


def _worker(tasks: list[tuple[str, str]], n: int, results) -> None:
    for name, unit in tasks:
        results.put((name, measure(unit, n)))


def run_all(shapes: dict[str, str], n: int, timeout: float) -> list[str]:
    """Every shape measured in a worker process (a new one after a shape killed for taking more
    than *timeout* seconds), reported as it comes; the flagged lines of all."""
    context = multiprocessing.get_context("spawn")
    pending, flagged = list(shapes.items()), []
    while pending:
        results = context.Queue()
        worker = context.Process(target=_worker, args=(pending, n, results), daemon=True)
        worker.start()
        while pending:
            try:
                name, times = results.get(timeout=timeout)
            except queue.Empty:
                worker.kill()
                worker.join()
                name, times = pending[0][0], None
            pending.pop(0)
            flagged += report(name, times, n, timeout)
            if times is None:
                break
        worker.join(timeout=5)
    return flagged


FLOOR = 0.05
LIMIT = 16.0
SELF = "  self "        # label prefix of a function's own time (shown only when flagged)


def report(name: str, times: dict | None, n: int, timeout: float) -> list[str]:
    """Print one shape's table (with the three slowest project functions whose own time grows
    superlinearly); return its flagged lines."""
    print(f"\n{name!r}: n = {n} characters, 8n = {8 * n}")
    if times is None:
        print(f"  !! did not finish within {timeout:.0f} s (n and 8n together): flagged")
        return [f"{name}: did not finish within {timeout:.0f} s"]
    flagged, culprits = [], []
    for label, (small, big) in times.items():
        ratio = big / small if small > 0 else float("inf")
        judged = big >= FLOOR
        superlinear = judged and ratio > LIMIT
        if label.startswith(SELF):
            if superlinear:
                culprits.append((big, label, small, ratio))
            continue
        if judged:
            print(f"  {label:<40}{small:9.4f} s {big:9.4f} s  × {ratio:6.1f}{'  !! superlinear' if superlinear else ''}")
        if superlinear:
            flagged.append(f"{name}: {label.strip()} × {ratio:.1f} ({small:.3f} s → {big:.3f} s)")
    for big, label, small, ratio in sorted(culprits, reverse=True)[:3]:
        print(f"  {label:<40}{small:9.4f} s {big:9.4f} s  × {ratio:6.1f}  (own time)")
        flagged.append(f"{name}:   own time of {label[len(SELF):]} × {ratio:.1f} ({small:.3f} s → {big:.3f} s)")
    return flagged


def main() -> int:
    global FLOOR
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20000, help="characters of the smaller input")
    parser.add_argument("--shape", action="append", choices=list(SHAPES), help="shapes to run (default: all)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a shape may take (n and 8n)")
    parser.add_argument("--floor", type=float, default=FLOOR, help="times at 8n below this are not judged")
    args = parser.parse_args()
    FLOOR = args.floor
    shapes = {name: SHAPES[name] for name in (args.shape or SHAPES)}
    print(f"ratio t(8n)/t(n): linear ≈ 8, flagged above {LIMIT:.0f}; lines under {FLOOR} s at 8n omitted")
    flagged = run_all(shapes, args.n, args.timeout)
    print("\nsuperlinear:" if flagged else "\nno stage or grammar above × 16")
    for line in flagged:
        print("  " + line)
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
