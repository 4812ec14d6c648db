"""Benchmark: the responsibility-note grammar alone (extractors/notes.py) on the dev gold.

Which sections are issues and where an item's text ends are the pipeline's business and are
being rebuilt; this measures the note grammar by itself. For each dev gold file the notice is
read and normalized as the pipeline does; each gold issue is located by the first 12 letters,
digits and CJK characters of its title (searched in document order, in a projection of the
text that keeps only those characters, as the scorer compares), and its text runs from there
to the first of: the next line opening with a heading marker of the item's own level or a
higher one (一、 （一） 1. （1）: the level of the marker just before the title; any marker when
there is none), the start of the next gold issue, or 1500 characters. `find_notes` runs on that text; the multiset of
unit names (letters, digits and CJK only, as the scorer keeps) is compared with the gold
`units` of every issue whose units are not null, and likewise `leaders`.

    .venv/bin/python benchmarks/notes_check.py [--dev ../shared/dev] [--before] [--quiet]

--before measures the label：value reading the pipeline had before (extractors/fields.py
read_fields + split_units / split_list) on the same texts.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

from taizhang.extractors.notes import find_notes  # noqa: E402
from taizhang.pipeline.load import load  # noqa: E402
from taizhang.pipeline.normalize import normalize  # noqa: E402

DEFAULT_DEV = ROOT.parent / "shared" / "dev"
if not DEFAULT_DEV.exists():
    DEFAULT_DEV = Path("/work/shared/dev")

TITLE_KEY = 12
MAX_ITEM = 1500
# Heading markers by level (GB/T 9704): an item's text ends at the next line opening with a
# marker of its own level or a higher one (its children's 1．2． are part of it).
MARKERS = [r"[一二三四五六七八九十]{1,3}、", r"[（(][一二三四五六七八九十]{1,3}[）)]",
           r"[0-9]{1,2}(?:[.．](?![0-9])|、)", r"[（(][0-9]{1,2}[）)]"]
NEXT_HEADING = [re.compile(r"\n[ \t\u3000]*(?:" + "|".join(MARKERS[:level + 1]) + ")") for level in range(4)]
OWN_MARKER = [re.compile(r"(?:" + marker + r")[ \t\u3000]*$") for marker in MARKERS]


def own_level(text: str, start: int) -> int:
    """The level (0–3) of the marker just before an item's title; 3 (any marker ends it) when
    there is none."""
    before = text[max(0, start - 8):start]
    return next((level for level, rx in enumerate(OWN_MARKER) if rx.search(before)), 3)


def norm(text) -> str:
    """Letters, digits and CJK characters only (the scorer's comparison)."""
    return "".join(ch for ch in str(text or "") if ch.isalnum())


def projection(text: str) -> tuple[str, list[int]]:
    """The text's letters, digits and CJK characters, and the offset of each in the text."""
    offsets = [i for i, ch in enumerate(text) if ch.isalnum()]
    return "".join(text[i] for i in offsets), offsets


def locate(text: str, issues: list[dict]) -> list[tuple[dict, int, int] | tuple[dict, None, None]]:
    """(issue, start, end) of each gold issue's text in *text*; (issue, None, None) when its
    title is not found."""
    flat, offsets = projection(text)
    starts, cursor = [], 0
    for issue in issues:
        key = norm(issue.get("title"))[:TITLE_KEY]
        at = flat.find(key, cursor) if key else -1
        if at < 0 and key:
            at = flat.find(key)
        if at < 0:
            starts.append(None)
            continue
        starts.append(offsets[at])
        cursor = at + len(key)
    known = sorted(s for s in starts if s is not None)
    located = []
    for issue, start in zip(issues, starts):
        if start is None:
            located.append((issue, None, None))
            continue
        end = min(len(text), start + MAX_ITEM)
        later = [s for s in known if s > start]
        if later:
            end = min(end, later[0])
        m = NEXT_HEADING[own_level(text, start)].search(text, start, end)
        if m:
            end = m.start()
        located.append((issue, start, end))
    return located


def predict(text: str, start: int, end: int, before: bool) -> tuple[list[str], list[str]]:
    """(unit names, leader names) the grammar reads in text[start:end]."""
    if before:
        from taizhang.extractors.fields import read_fields, split_list, split_units

        fields = read_fields(text, start, end)
        units = [name for role in ("lead", "responsible", "cooperating")
                 for _, _, value in fields.get(role, []) for name, _ in split_units(value, role)]
        leaders = [name for _, _, value in fields.get("leaders", []) for name in split_list(value)]
        return units, leaders
    notes = find_notes(text[start:end])
    return ([name for note in notes for name, _, _ in note.units],
            [name for note in notes for name, _ in note.leaders])


class Tally:
    def __init__(self):
        self.tp = self.pred = self.gold = 0

    def add(self, pred: Counter, gold: Counter) -> None:
        self.tp += sum((pred & gold).values())
        self.pred += sum(pred.values())
        self.gold += sum(gold.values())

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)
        r = self.tp / self.gold if self.gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def line(self, name: str) -> str:
        p, r, f = self.prf()
        return f"{name:8s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  tp/pred/gold {self.tp}/{self.pred}/{self.gold}"


def check_file(gold_path: Path, dev: Path, before: bool, totals: dict, quiet: bool) -> None:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    issues = gold.get("issues") or []
    scored = [i for i in issues if i.get("units") is not None or i.get("leaders")]
    if not scored:
        return
    text = normalize(load(dev / "raw" / gold["source"]).text).text
    file_tally = {"units": Tally(), "leaders": Tally()}
    lines, unlocated, unscored_found = [], 0, 0
    for issue, start, end in locate(text, issues):
        if start is None:
            unlocated += int(issue in scored)
            continue
        units, leaders = predict(text, start, end, before)
        for measure, predicted in (("units", units), ("leaders", leaders)):
            if issue.get(measure) is None:
                unscored_found += len(predicted) if measure == "units" else 0
                continue
            p = Counter(norm(x) for x in predicted)
            g = Counter(norm(x) for x in issue[measure])
            file_tally[measure].add(p, g)
            totals[measure].add(p, g)
            missed, extra = list((g - p).elements()), list((p - g).elements())
            if missed or extra:
                lines.append(f"    {measure} {norm(issue['title'])[:14]}: missed {missed} extra {extra}")
    if quiet:
        return
    u = file_tally["units"]
    flag = f"  ({unlocated} titles not found)" if unlocated else ""
    print(f"{gold_path.stem[:48]}  {u.line('units')}{flag}")
    if file_tally["leaders"].gold or file_tally["leaders"].pred:
        print(f"{'':48s}  {file_tally['leaders'].line('leaders')}")
    if unscored_found:
        print(f"    ({unscored_found} names found in issues whose gold units are null: not scored)")
    for line in lines:
        print(line)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--before", action="store_true", help="measure read_fields + split_units instead")
    ap.add_argument("--quiet", action="store_true", help="totals only")
    args = ap.parse_args(argv)
    totals = {"units": Tally(), "leaders": Tally()}
    for gold_path in sorted((args.dev / "gold").glob("*.yaml")):
        check_file(gold_path, args.dev, args.before, totals, args.quiet)
    print("TOTAL " + totals["units"].line("units"))
    print("TOTAL " + totals["leaders"].line("leaders"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
