"""Independent check of taizhang's DEADLINE extraction on 25 real notices it was not tuned on.

What it measures: for each notice in benchmarks/data/deadlines_labelled.jsonl it
runs ``taizhang.extract`` in-process on the raw text, takes the records of
type "deadline" (the whole text: document-level and issue-level alike) and
compares them with the hand labels:
  * precision / recall / F1 over (kind, date) pairs, as multisets per notice,
    summed over the notices;
  * the same over kind only (date/ongoing/immediate).
Milestones and raw phrases are not scored; --errors shows the raw phrases.

How the labels were made: the 25 files were drawn with
``random.Random(77).sample(remaining, 25)``, where ``remaining`` is the sorted
names of the 238 flattened notices in ../shared/corpus/notices minus the 30
already used by benchmarks/corpus_check.py (corpus_labelled.jsonl). Each was
hand-labelled by reading the raw text only, following the "## Deadlines"
section of ../shared/eval/GUIDE.md (ISO end date resolved against 成文日期,
else 印发日期, else a date the page gives; 截至…, past events, start dates,
recurring schedules, vague words, windows and case-relative limits are not
deadlines), before any output of the tool had been seen and without reading
its source. Each label record has the base date read and a `note` with the
judgement calls (what was excluded and why).

Run (from the repository's top):
    .venv/bin/python benchmarks/corpus_deadlines_check.py [--errors]
Exit code is always 0.
"""
import sys
from collections import Counter

from labelled import CORPUS, arguments, labels_path, prf, read_labels

LABELS = labels_path("deadlines_labelled")


def iso(v):
    if v is None or v == "":
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def main():
    args = arguments(__doc__, "per notice, list labelled vs tool (raw, kind, date) where they differ")

    import taizhang

    labels = read_labels(LABELS)
    tot = {"kd": [0, 0, 0], "k": [0, 0, 0]}  # tp, n_pred, n_gold
    diffs = []
    for lab in labels:
        text = (CORPUS / lab["file"]).read_text(encoding="utf-8")
        try:
            records = taizhang.extract(text)
            pred = [(getattr(r, "raw", None), getattr(r, "kind", None), iso(getattr(r, "date", None)))
                    for r in records if getattr(r, "type", None) == "deadline"]
        except Exception as e:  # a crash counts as no output
            print(f"{lab['file']}: extract failed: {e!r}", file=sys.stderr)
            pred = []
        gold = [(d["raw"], d["kind"], d["date"]) for d in lab["deadlines"]]
        for key, proj in (("kd", lambda t: (t[1], t[2])), ("k", lambda t: t[1])):
            g, p = Counter(map(proj, gold)), Counter(map(proj, pred))
            tot[key][0] += sum((g & p).values())
            tot[key][1] += sum(p.values())
            tot[key][2] += sum(g.values())
        if Counter((k, d) for _, k, d in gold) != Counter((k, d) for _, k, d in pred):
            diffs.append((lab["file"], gold, pred))

    print(f"notices: {len(labels)}   labelled deadlines: {tot['kd'][2]}   tool deadlines: {tot['kd'][1]}")
    for key, name in (("kd", "(kind, date)"), ("k", "kind only")):
        tp, n_pred, n_gold = tot[key]
        p, r, f = prf(tp, n_pred, n_gold)
        print(f"{name:13s} P={p:.3f} R={r:.3f} F1={f:.3f}   (tp={tp}, pred={n_pred}, gold={n_gold})")
    print(f"notices with a (kind, date) difference: {len(diffs)}/{len(labels)}")

    if args.errors:
        for fn, gold, pred in diffs:
            print(f"\n== {fn}")
            print("  labelled:")
            for t in gold or [("-", "", "")]:
                print(f"    {t[0]} | {t[1]} | {t[2]}")
            print("  tool:")
            for t in pred or [("-", "", "")]:
                print(f"    {t[0]} | {t[1]} | {t[2]}")
    return 0


if __name__ == "__main__":
    main()
    sys.exit(0)
