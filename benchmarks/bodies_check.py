"""How well body names in running text are found: extractors/units.py's find_bodies against
400 sentences labelled by hand (benchmarks/data/bodies_labelled.jsonl).

The sentences were drawn at random (seed 13) from the sentences holding a body suffix in
../shared/corpus (238 flattened notices and 250 laws; the development set left out), and every
body name ending in a suffix was written down by reading, before either finder's output was
looked at, under these conventions: the name starts at its place or level (县级以上人民政府,
县（市、区）人民政府); determiners, role words, verbs, articles and dates before it are not
part of it (各级, 原审, 由, 第七条); outermost names only (市人民政府办公室); separate bodies
are separate names (省财政厅、省农业农村厅; 财政厅农牧厅). Names the grammar drops on purpose
(shorter than min_length, or in not_bodies: 人民政府 alone) are dropped from the labels too.

The labelled names are not the scorer's (no gold scores mentioned names); the figures are
precision, recall and F1 over names, the whole set and its even and odd halves (the even half
was looked at while the rules were written, the odd half was not).

    .venv/bin/python benchmarks/bodies_check.py [--errors]
"""
from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from taizhang.extractors import units

DATA = Path(__file__).resolve().parent / "data" / "bodies_labelled.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list the sentences where names differ")
    args = parser.parse_args()
    lexicon = units._lexicon()

    def kept(name: str) -> bool:
        return lexicon["min"] <= len(name) <= lexicon["max"] and name not in lexicon["not_bodies"]

    lines = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    tallies = {part: [0, 0, 0] for part in ("all", "even (seen)", "odd (unseen)")}
    errors = []
    for line in lines:
        gold = collections.Counter(name for name in line["names"] if kept(name))
        found = collections.Counter(name for _, _, name in units.find_bodies(line["text"]))
        counts = (sum((gold & found).values()), sum((found - gold).values()), sum((gold - found).values()))
        for part in ("all", "odd (unseen)" if line["id"] % 2 else "even (seen)"):
            tallies[part] = [a + b for a, b in zip(tallies[part], counts)]
        if gold != found:
            errors.append((line["id"], sorted((gold - found).elements()), sorted((found - gold).elements()), line["text"]))
    print(f"{'sentences':<14} {'P':>6} {'R':>6} {'F1':>6}   tp/found/labelled")
    for part, (tp, fp, fn) in tallies.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{part:<14} {precision:6.3f} {recall:6.3f} {f1:6.3f}   {tp}/{tp + fp}/{tp + fn}")
    if args.errors:
        for number, missed, extra, text in errors:
            print(f"\n#{number} missed {missed} extra {extra}\n  {text}")


if __name__ == "__main__":
    main()
