"""Benchmark: the deadline grammar alone on the dev notices, against the gold deadlines.

The pipeline around the grammar (which date is the notice's base date, which text is a
time-limit slot, which items exist) is being rebuilt; this measures the grammar by itself.
For each dev gold file the base date is the gold document.signed_date, else printed_date;
the notice is read and normalized as the pipeline does, and each line is scanned:
labelled time-limit slots (完成时限：… and the other deadline labels of issues.yaml) with
parse_deadline_field, the rest with find_deadlines. The (kind, date) multiset is compared
with the gold `deadlines`; a deadlines_note saying Recall-only counts hits only, as the
scorer does.

    .venv/bin/python benchmarks/deadline_check.py [--dev ../shared/dev] [--quiet]
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

from taizhang.extractors.dates import is_roc_text  # noqa: E402
from taizhang.extractors.deadlines import find_deadlines, parse_deadline_field  # noqa: E402
from taizhang.pipeline.lexicon import alternation, load as load_lexicon  # noqa: E402
from taizhang.pipeline.load import load  # noqa: E402
from taizhang.pipeline.normalize import normalize  # noqa: E402

DEFAULT_DEV = ROOT.parent / "shared" / "dev"
if not DEFAULT_DEV.exists():
    DEFAULT_DEV = Path("/work/shared/dev")


def _slot_rx() -> re.Pattern:
    """label：value for the deadline labels; the value runs to the sentence end or the next label."""
    fields = load_lexicon("issues")["fields"]
    every_label = alternation([w for words in fields.values() for w in words])
    deadline = alternation(fields["deadline"])
    return re.compile(rf"(?:{deadline})[：:]\s{{0,3}}(?P<value>(?:(?!{every_label})[^。；;\n]){{1,80}})")


SLOT = _slot_rx()


def base_of(gold: dict) -> dt.date | None:
    doc = gold.get("document") or {}
    value = doc.get("signed_date") or doc.get("printed_date")
    return dt.date.fromisoformat(value) if value else None


def predict(text: str, base: dt.date | None) -> list[dict]:
    """Every deadline the grammar finds in the notice, line by line (民国 years read as
    such in a notice dated that way)."""
    roc = is_roc_text(text)
    found = []
    for line in text.split("\n"):
        slots = list(SLOT.finditer(line))
        pos = 0
        for m in slots:
            found += find_deadlines(line[pos:m.start()], base, roc=roc)
            found += parse_deadline_field(m.group("value"), base, roc=roc)
            pos = m.end()
        found += find_deadlines(line[pos:], base, roc=roc)
    return found


def key(d: dict):
    return (d.get("kind"), d.get("date"))


def check(raw_path: Path, gold: dict) -> dict:
    base = base_of(gold)
    text = normalize(load(raw_path).text).text
    pred = predict(text, base)
    g = Counter(key(d) for d in gold.get("deadlines") or [])
    p = Counter(key(d) for d in pred)
    recall_only = "Recall-only" in (gold.get("deadlines_note") or "")
    hit = sum((p & g).values())
    extras = [] if recall_only else [d for d in _unmatched(pred, g)]
    return {"base": base, "tp": hit, "pred": hit if recall_only else sum(p.values()),
            "gold": sum(g.values()), "missed": list((g - p).elements()), "extras": extras,
            "recall_only": recall_only}


def _unmatched(pred: list[dict], gold: Counter) -> list[dict]:
    left = Counter(gold)
    out = []
    for d in pred:
        if left[key(d)] > 0:
            left[key(d)] -= 1
        else:
            out.append(d)
    return out


def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else (1.0 if not gold else 0.0)
    r = tp / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--quiet", action="store_true", help="totals only")
    args = ap.parse_args(argv)
    total = Counter()
    for gold_path in sorted((args.dev / "gold").glob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        raw_path = args.dev / "raw" / gold["source"]
        r = check(raw_path, gold)
        for k in ("tp", "pred", "gold"):
            total[k] += r[k]
        if args.quiet:
            continue
        p, rc, f = prf(r["tp"], r["pred"], r["gold"])
        flag = " recall-only" if r["recall_only"] else ""
        print(f"{gold_path.stem}  base {r['base']}{flag}  P {p:.2f} R {rc:.2f} F1 {f:.2f}  "
              f"{r['tp']}/{r['pred']}/{r['gold']}")
        for k in r["missed"]:
            print(f"    missed {k}")
        for d in r["extras"]:
            print(f"    extra  {key(d)}  {d['raw']!r}")
    p, rc, f = prf(total["tp"], total["pred"], total["gold"])
    print(f"TOTAL deadlines  P {p:.3f}  R {rc:.3f}  F1 {f:.3f}  "
          f"tp/pred/gold {total['tp']}/{total['pred']}/{total['gold']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
