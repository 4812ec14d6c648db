"""Independent check of the LEDGER of real rectification/work-plan notices taizhang was not tuned on:
issues, and their responsible units, leaders and deadlines.

What it measures: on each notice of data/ledger_labelled.jsonl it runs
taizhang.extract(text) in-process, takes the records of type "issue" and
compares them with the hand labels the way ../../shared/eval/score.py does:
  - issues match on kind (problem/task/suggestion) and title: titles normalized
    to letters, digits and CJK characters, compared on their first 8
    characters (or one a prefix of the other when shorter than that, at least
    4 characters or all of it); greedy in label order, one-to-one:
    issue precision / recall / F1;
  - over matched issues whose label field is not null (null = the notice
    leaves it ambiguous, not scored):
      units     P/R/F1 over multisets of names (normalized as above),
      leaders   P/R/F1 over multisets of names,
      deadlines P/R/F1 over multisets of (kind, date) — milestones not scored.
A second block scores the same three fields over issues matched on title
alone (kind ignored), so that a field is still measured where the tool and
the label disagree only on the issue's kind.
`--errors` lists, per notice, the missed and extra issues with their context
in the text (a missed issue whose title the tool has under another kind is
said so), and for matched issues the unit, leader and deadline differences.

How the labels were made: 10 notices of ../../shared/corpus/notices (flattened
texts: no line breaks, XXX masks, some OCR errors), drawn by a script: the
sorted file names minus every file named (key "file") in
data/corpus_labelled.jsonl, data/deadlines_labelled.jsonl and
data/issues_labelled.jsonl (238 - 67 = 171 files); kept those whose text
matches the regex 责任单位|牵头单位|责任领导|完成时限|整改时限|牵头|负责） and
also a heading marker 一、|（一）|\\(一\\) (23 files); then
random.Random(29).sample(kept, min(10, len(kept))), giving gdc_val_021,
gdc_train_036, gdc_train_182, gdc_val_032, gdc_train_141, gdc_val_049,
gdc_val_017, gdc_val_038, gdc_train_094, gdc_train_207. They were labelled
blind: every label was written from the raw text, following the "## Issues"
and "## Deadlines" conventions of shared/eval/GUIDE.md and the dev gold
ledgers (dB01–dB06 and their issues_note), before taizhang was run on any of
them and without reading its source. Deadlines carry kind, date, milestone as
the dev gold does, resolved against the notice's own date. Each label line
has a "note" with the judgement calls. Six of the ten notices have no issue
(a 预案, two 汇报 of results, a reward scheme, a 通知 of general
requirements, a standing office's rules): on them the check measures only
whether the tool stays quiet.

Run (from the repository's top):
    .venv/bin/python benchmarks/corpus_ledger_check.py [--errors]
Exit status is always 0.
"""
from collections import Counter

from labelled import arguments, issue_notices, labels_path, prf

LABELS = labels_path("ledger_labelled")
TITLE_CHARS = 8
FIELDS = ("units", "leaders", "deadlines")


def norm(s):
    """Letters, digits and CJK characters only (score.py's norm)."""
    return "".join(c for c in str(s or "") if c.isalnum())


def same_title(a, b):
    """score.py's rule: the first 8 normalized characters agree, or one is a
    prefix of the other when it is shorter (at least 4 characters, or all)."""
    a, b = norm(a)[:TITLE_CHARS], norm(b)[:TITLE_CHARS]
    n = min(len(a), len(b))
    return n >= min(4, max(len(a), len(b))) and a[:n] == b[:n]


def same_issue(g, p):
    return g["kind"] == p["kind"] and same_title(g["title"], p["title"])


def field_bag(field, items):
    """The multiset a field is scored on."""
    if field == "deadlines":
        return Counter((d["kind"], d["date"]) if isinstance(d, dict) else (d[1], d[2]) for d in items)
    return Counter(norm(x) for x in items)


def pair_up(golds, preds, same=same_issue):
    """Greedy one-to-one matching in label order (score.py's pair_up)."""
    free = list(range(len(preds)))
    pairs = []
    for g in golds:
        hit = next((j for j in free if same(g, preds[j])), None)
        if hit is not None:
            free.remove(hit)
        pairs.append((g, None if hit is None else preds[hit]))
    return pairs, [preds[j] for j in free]


def diff_lines(g, p, tag=""):
    """The unit, leader and deadline differences of a labelled and a tool issue."""
    lines = []
    for f in FIELDS:
        if g.get(f) is None:
            continue
        gb, pb = field_bag(f, g[f]), field_bag(f, p[f])
        if gb == pb:
            continue
        lines.append(f"  {tag}{f.upper()} differ on {g['kind']}: {g['title'][:40]}")
        if f == "deadlines":
            lines.append(f"         labelled {[(d['kind'], d['date']) for d in g[f]]}")
            lines.append(f"         tool     {p[f]}")
            continue
        lines.append(f"         labelled {g[f]}")
        lines.append(f"         tool     {p[f]}")
        miss, more = gb - pb, pb - gb
        if miss:
            lines.append(f"         missing  {sorted(miss.elements())}")
        if more:
            lines.append(f"         extra    {sorted(more.elements())}")
    return lines


def context(text, start, width=70):
    start = max(0, start)
    return text[start:start + width]


def count(tally: list[int], labelled, tool) -> None:
    """Add one issue's field to *tally* (tp, tool, labelled, issues scored)."""
    tally[0] += sum((labelled & tool).values())
    tally[1] += sum(tool.values())
    tally[2] += sum(labelled.values())
    tally[3] += 1


def fmt(p, r, f, tp, n_pred, n_gold):
    ps = f"{p:.3f}" if n_pred else "  n/a"
    rs = f"{r:.3f}" if n_gold else "  n/a"
    fs = f"{f:.3f}" if n_pred and n_gold else "  n/a"
    return f"P {ps}  R {rs}  F1 {fs}   tp/tool/labelled {tp}/{n_pred}/{n_gold}"


def main():
    args = arguments(__doc__, "per notice, missed/extra issues and unit, leader, deadline differences of matched ones", LABELS)

    n_gold = n_pred = n_match = 0
    tally = {f: [0, 0, 0, 0] for f in FIELDS}  # tp, tool, labelled, issues scored
    loose = {f: [0, 0, 0, 0] for f in FIELDS}  # the same over title-only matches
    notices = 0
    for row, text, pred in issue_notices(args):
        notices += 1
        gold = row["issues"]
        pairs, extra = pair_up(gold, pred)
        n_gold += len(gold)
        n_pred += len(pred)
        n_match += sum(1 for _, p in pairs if p is not None)
        loose_pairs, _ = pair_up(gold, pred, lambda g, p: same_title(g["title"], p["title"]))
        for g, p in loose_pairs:
            for f in FIELDS:
                if p is None or g.get(f) is None:
                    continue
                count(loose[f], field_bag(f, g[f]), field_bag(f, p[f]))
        lines = []
        for g, p in pairs:
            if p is None:
                other = next((q for q in pred if same_title(g["title"], q["title"])), None)
                hint = f"  [tool has it as {other['kind']}]" if other else ""
                pos = text.find(g["title"][:20])
                lines.append(f"  MISSED {g['kind']}: {g['title'][:50]}{hint}")
                if pos >= 0:
                    lines.append(f"         context: …{context(text, pos - 10)}…")
                if other:
                    lines += diff_lines(g, other, "(title match) ")
                continue
            for f in FIELDS:
                if g.get(f) is None:
                    continue
                count(tally[f], field_bag(f, g[f]), field_bag(f, p[f]))
            lines += diff_lines(g, p)
        for p in extra:
            lines.append(f"  EXTRA {p['kind']}: {p['title'][:50]}  units {p['units']}  deadlines {p['deadlines']}")
            if p["span"]:
                lines.append(f"         context: …{context(text, p['span'][0])}…")
        if args.errors and lines:
            print(f"== {row['file']}  (labelled {len(gold)}, tool {len(pred)})")
            print("\n".join(lines))

    p, r, f = prf(n_match, n_pred, n_gold)
    print(f"notices {notices}  labelled issues {n_gold}  tool issues {n_pred}  matched {n_match}")
    print(f"issues     {fmt(p, r, f, n_match, n_pred, n_gold)}")
    for name in FIELDS:
        tp, tp_pred, tp_gold, n = tally[name]
        p, r, f = prf(tp, tp_pred, tp_gold)
        print(f"{name:10s} {fmt(p, r, f, tp, tp_pred, tp_gold)}   (over {n} matched issues, label not null)")
    print("fields over issues matched on title alone (kind ignored):")
    for name in FIELDS:
        tp, tp_pred, tp_gold, n = loose[name]
        p, r, f = prf(tp, tp_pred, tp_gold)
        print(f"  {name:9s} {fmt(p, r, f, tp, tp_pred, tp_gold)}   (over {n} issues, label not null)")
    return 0


if __name__ == "__main__":
    main()
    raise SystemExit(0)
