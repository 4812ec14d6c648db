"""Benchmark: `taizhang diff` on two versions of 10,000 records each must take under 2 seconds.

The records are the seeds' real records, replicated (each copy its own document) and cut to
10,000; the new version shifts every span and positional id and applies real edits: reworded
titles, changed figures, renumbered items, added and removed units. The baseline, measured in
the same run, is what any diff must do anyway: JSON-load both files and compare records by id.

    .venv/bin/python benchmarks/bench_diff.py        # exit 1 if the diff takes 2 s or more
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from taizhang.pipeline.diff import diff_records, read_records, summary  # noqa: E402
from taizhang.schemas import RECORD_TYPES  # noqa: E402

N = 10_000
LIMIT_SECONDS = 2.0
REFS = ("parent", "section", "issue")


def seed_records() -> list[dict]:
    from taizhang.pipeline.run import extract

    return [r.model_dump(mode="json") for path in sorted((ROOT / "seeds").glob("*.txt")) for r in extract(path)]


def replicate(records: list[dict], n: int) -> list[dict]:
    """Copies of the seed records, each copy a document of its own, cut to *n* records."""
    out: list[dict] = []
    copy = 0
    while len(out) < n:
        out += [_renamed(r, f"c{copy}") for r in records]
        copy += 1
    return out[:n]


def _renamed(record: dict, tag: str) -> dict:
    new = dict(record, doc_id=record["doc_id"] + tag, id=record["id"].replace("/", tag + "/", 1)
               if "/" in record["id"] else record["id"] + tag)
    for ref in REFS:
        if new.get(ref):
            new[ref] = new[ref].replace("/", tag + "/", 1)
    if record.get("type") == "document":
        new["doc_key"] = f"{record['doc_key']}#{tag}"
    return new


def perturb(records: list[dict], every: int) -> list[dict]:
    """The new version: shifted spans and ids everywhere, a real edit on one record in *every*.

    Units are removed and added in turn, so the new version keeps the same number of records.
    """
    new: list[dict] = []
    origin: dict[str, dict] = {}        # old id → its new record, to relink refs afterwards
    unit_edits = 0
    for index, record in enumerate(records):
        copy = dict(record, span=[record["span"][0] + 7, record["span"][1] + 7])
        origin[record["id"]] = copy
        kind, edit = record["type"], index % every == every // 2
        if edit and kind == "section":
            title = copy["title"]
            copy["title"] = title[:2] + "改写" + title[4:] if len(title) > 12 else title
            copy["marker"] = copy["marker"].replace("1", "2")
        elif edit and kind == "figure":
            copy.update(value=copy["value"] + 1, base_value=copy["base_value"] + 1, raw=copy["raw"] + "(修订)")
        elif edit and kind == "unit":
            unit_edits += 1
            if unit_edits % 2:
                continue                                                # removed
            new.append(dict(copy, name=copy["name"] + "分局"))          # added next to it
        new.append(copy)
    for position, record in enumerate(new):                            # positional ids shift
        if "/" in record["id"]:
            record["id"] = record["id"].rsplit("/", 1)[0] + f"/{RECORD_TYPES[record['type']].letter}{position}"
    for record in new:
        for ref in REFS:
            if record.get(ref) in origin:
                record[ref] = origin[record[ref]]["id"]
    return new


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def baseline(old_path: Path, new_path: Path) -> float:
    """JSON-load both versions and compare records by id: the floor for any diff."""
    start = time.perf_counter()
    old = {r["id"]: r for r in map(json.loads, old_path.read_text(encoding="utf-8").splitlines())}
    new = {r["id"]: r for r in map(json.loads, new_path.read_text(encoding="utf-8").splitlines())}
    sum(1 for key, record in old.items() if new.get(key) != record)
    return time.perf_counter() - start


def timed_diff(old_path: Path, new_path: Path) -> tuple[float, list]:
    start = time.perf_counter()
    changes = diff_records(read_records(old_path), read_records(new_path))
    return time.perf_counter() - start, changes


def scenario(name: str, old: list[dict], new: list[dict], folder: Path) -> bool:
    old_path, new_path = folder / f"{name}-old.jsonl", folder / f"{name}-new.jsonl"
    write_jsonl(old_path, old)
    write_jsonl(new_path, new)
    base = statistics.median(baseline(old_path, new_path) for _ in range(3))
    runs = [timed_diff(old_path, new_path) for _ in range(3)]
    seconds = statistics.median(t for t, _ in runs)
    counts = summary(runs[0][1])
    ok = seconds < LIMIT_SECONDS
    print(f"{name:>6}: {len(old):,} vs {len(new):,} records; diff {seconds:.3f} s "
          f"(read + match + compare), baseline {base:.3f} s (json load + compare by id), "
          f"ratio {seconds / base:.1f}x; {counts['changed']} changed, {counts['added']} added, "
          f"{counts['removed']} removed records; {'OK' if ok else 'TOO SLOW'} (limit {LIMIT_SECONDS:.0f} s)")
    return ok


def main() -> int:
    old = replicate(seed_records(), N)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = [scenario("light", old, perturb(old, 100), folder),
                   scenario("heavy", old, perturb(old, 5), folder)]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
