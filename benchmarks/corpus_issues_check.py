"""Independent check of ISSUE extraction on real notices taizhang was not tuned on.

What it measures: on each notice of data/issues_labelled.jsonl it runs
taizhang.extract(text) in-process and compares the records with type "issue"
to the hand labels:
  - issues matched by title (titles normalized to letters, digits and CJK
    characters only; a match when one normalized title is a prefix of the
    other or they are equal; greedy, in label order, one-to-one):
    precision / recall / F1;
  - among matched issues, the share whose kind (problem/task/suggestion)
    is the same;
  - units precision / recall / F1 over name multisets (names normalized the
    same way), over matched issues whose label units are not null.

The labels: 12 notices of ../../shared/corpus/notices, labelled blind (the raw
text was read and the issues written down before any tool output was seen),
following the "## Issues" conventions of shared/eval/GUIDE.md. Selection: the
sorted file names minus those listed in data/corpus_labelled.jsonl and
data/deadlines_labelled.jsonl, then random.Random(5).sample(remaining, 40),
keeping in that order the first 12 whose text contains a numbered heading
marker (regex 一、|（一）|\\(一\\)|1\\.|1、). Each label line carries a note
with the judgement calls.

Run:  .venv/bin/python benchmarks/corpus_issues_check.py [--errors]
Exit status is always 0.
"""
from collections import Counter

from labelled import arguments, issue_notices, labels_path, prf

LABELS = labels_path("issues_labelled")


def norm(s):
    return "".join(c for c in (s or "") if c.isalnum())


def same(a, b):
    a, b = norm(a), norm(b)
    return bool(a) and bool(b) and (a.startswith(b) or b.startswith(a))


def main():
    args = arguments(__doc__, "per notice, labelled vs tool (kind, title[:30], units) where they differ", LABELS)

    n_gold = n_pred = n_match = n_kind = 0
    u_tp = u_pred = u_gold = n_units = 0
    notices = 0
    for row, text, pred in issue_notices(args):
        notices += 1
        gold = row["issues"]
        n_gold += len(gold)
        n_pred += len(pred)
        used = set()
        pairs = []
        for g in gold:
            for j, p in enumerate(pred):
                if j not in used and same(g["title"], p["title"]):
                    used.add(j)
                    pairs.append((g, p))
                    break
        n_match += len(pairs)
        for g, p in pairs:
            n_kind += g["kind"] == p["kind"]
            if g.get("units") is not None:
                n_units += 1
                gu = Counter(norm(x) for x in g["units"])
                pu = Counter(norm(x) for x in p["units"])
                u_tp += sum((gu & pu).values())
                u_gold += sum(gu.values())
                u_pred += sum(pu.values())
        if args.errors:
            gl = [(g["kind"], g["title"][:30], g["units"]) for g in gold]
            pl = [(p["kind"], p["title"][:30], p["units"]) for p in pred]
            differs = len(pairs) != len(gold) or len(pairs) != len(pred) or any(
                g["kind"] != p["kind"] or (g.get("units") is not None and
                                           Counter(map(norm, g["units"])) != Counter(map(norm, p["units"])))
                for g, p in pairs)
            if differs:
                print(f"== {row['file']}")
                print("  labelled:")
                for x in gl:
                    print("    ", x)
                print("  tool:")
                for x in pl:
                    print("    ", x)

    p, r, f = prf(n_match, n_pred, n_gold)
    print(f"notices {notices}  labelled issues {n_gold}  tool issues {n_pred}  matched {n_match}")
    print(f"issues  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    share = n_kind / n_match if n_match else 0.0
    print(f"kind agreement among matched  {n_kind}/{n_match} = {share:.3f}")
    up, ur, uf = prf(u_tp, u_pred, u_gold)
    if n_units:
        print(f"units (matched, label not null: {n_units} issues)  P {up:.3f}  R {ur:.3f}  F1 {uf:.3f}"
              f"  (tp {u_tp}, tool {u_pred}, labelled {u_gold})")
    else:
        print("units (matched, label not null)  n/a: no matched issue has labelled units")
    return 0


if __name__ == "__main__":
    main()
    raise SystemExit(0)
