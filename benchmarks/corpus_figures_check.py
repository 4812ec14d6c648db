"""Independent check of taizhang's FIGURE extraction on 20 real notices it was not tuned on.

What it measures: for each notice in benchmarks/data/figures_labelled.jsonl it
runs ``taizhang.extract`` in-process on the raw text, keeps the records of type
"figure" whose raw text holds an ASCII digit (as ../shared/eval/score.py does:
only figures written with Arabic digits count), and compares them with the hand
labels as multisets of (base_unit, base_value rounded to 6 significant digits),
the key of score.py's ``figure_key`` (copied below; base_value_max, kind, approx
and metric are not scored). Precision / recall / F1 are summed over the notices
and also printed per notice; ``--errors`` lists, per notice, each missed and
each extra figure with its raw text and some context (when a key occurs several
times, the occurrences are paired by position in the text, labels being found
by their raw text in document order, tool figures by their span).

How the labels were made: the 20 files were drawn by this procedure
(``select_files()`` below redoes it, for the record; the check itself reads
the files named in the labels):
  1. the files of ../shared/corpus/notices, sorted by name (238);
  2. minus every file named (key "file") in benchmarks/data/corpus_labelled.jsonl,
     deadlines_labelled.jsonl and issues_labelled.jsonl (67 names; 171 remain);
  3. keep those whose text matches
     ``\\d+(\\.\\d+)?\\s*(万元|亿元|元|%|％|家|个|项|人|亩|平方米|公里|吨|户|次|件)`` (91);
  4. ``random.Random(13).sample(kept, 20)``.
Each notice was labelled by hand, blind: from the raw text only, following the
"## Figures" section of ../shared/eval/GUIDE.md and the figures of the dev gold
files (../shared/dev/gold/*.yaml and their figures_note), before taizhang had
been run on any of these notices and without reading its source. Every
quantity written with Arabic digits and a unit or measure word is a figure,
repeats included; base values converted as SPEC/GUIDE say (万元 → 元 ×10⁴,
亿元 → 元 ×10⁸, 万千瓦 → 千瓦, 个月 → 月, ranges → the lower end with
base_value_max); years, dates, document and standard numbers, item markers,
phone numbers, codes, names with digits, grades (voltage classes such as
110kV included) and the digits of cited titles are not figures. Each label
record has a ``note`` with the judgement calls for that notice.

Run (from the repository's top):
    .venv/bin/python benchmarks/corpus_figures_check.py [--errors]
Exit code is always 0.
"""
import random
import re
import sys
from collections import Counter

from labelled import CORPUS, arguments, labels_path, prf, read_labels

LABELS = labels_path("figures_labelled")
SELECT_RE = r"\d+(\.\d+)?\s*(万元|亿元|元|%|％|家|个|项|人|亩|平方米|公里|吨|户|次|件)"
CONTEXT = 14  # characters of context on each side in --errors


def select_files() -> list[str]:
    """The selection procedure of the docstring (seed 13), for the record."""
    used = set()
    for name in ("corpus_labelled", "deadlines_labelled", "issues_labelled"):
        used.update(r["file"] for r in read_labels(labels_path(name)))
    files = sorted(p.name for p in CORPUS.iterdir() if p.is_file())
    rx = re.compile(SELECT_RE)
    kept = [f for f in files if f not in used and rx.search((CORPUS / f).read_text(encoding="utf-8"))]
    return random.Random(13).sample(kept, 20)


# --- the comparison key, as ../shared/eval/score.py has it -------------------
def figure_key(f):
    value = f.get("base_value")
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return (f.get("base_unit"), float(f"{value:.6g}"))


def has_ascii_digit(s) -> bool:
    return bool(re.search(r"[0-9]", s or ""))
# ------------------------------------------------------------------------------


def as_dict(r) -> dict:
    if isinstance(r, dict):
        return r
    return {k: getattr(r, k, None) for k in ("type", "raw", "base_value", "base_unit", "base_value_max", "span")}


def locate_labels(text: str, gold: list[dict]) -> list[int]:
    """Offsets of the labels' raw texts, found in document order (labels are
    written in text order); -1 when a raw text is not found."""
    out, pos = [], 0
    for f in gold:
        raw = f.get("raw") or ""
        i = text.find(raw, pos) if raw else -1
        if i < 0 and raw:
            i = text.find(raw)
        else:
            pos = i + len(raw) if i >= 0 else pos
        out.append(i)
    return out


def pred_offset(r: dict) -> int:
    span = r.get("span")
    try:
        return int(span[0])
    except (TypeError, ValueError, IndexError):
        return -1


def unmatched(gold: list[dict], gold_at: list[int], pred: list[dict]):
    """Within each key, pair labels and tool figures nearest in the text first;
    return (missed labels, extra tool figures), each as (item, offset) lists.
    The counts are those of the multiset comparison; only which occurrence is
    reported as the missed or extra one depends on the positions."""
    by_key: dict = {}
    for f, at in zip(gold, gold_at):
        by_key.setdefault(figure_key(f), ([], []))[0].append((f, at))
    for r in pred:
        by_key.setdefault(figure_key(r), ([], []))[1].append((r, pred_offset(r)))
    missed, extra = [], []
    for gs, ps in by_key.values():
        pairs = sorted(((abs(ga - pa) if ga >= 0 and pa >= 0 else 10 ** 9, i, j)
                        for i, (_, ga) in enumerate(gs) for j, (_, pa) in enumerate(ps)))
        used_g, used_p = set(), set()
        for _, i, j in pairs:
            if i not in used_g and j not in used_p:
                used_g.add(i)
                used_p.add(j)
        missed += [gs[i] for i in range(len(gs)) if i not in used_g]
        extra += [ps[j] for j in range(len(ps)) if j not in used_p]
    return sorted(missed, key=lambda t: t[1]), sorted(extra, key=lambda t: t[1])


def context(text: str, at: int, raw: str) -> str:
    if at < 0:
        return "(raw not found in text)"
    n = len(raw or "")
    a, b = max(0, at - CONTEXT), at + n + CONTEXT
    return f"…{text[a:at]}[{text[at:at + n]}]{text[at + n:b]}…".replace("\n", " ")


def show(key) -> str:
    unit, value = key
    v = int(value) if value == int(value) else value
    return f"{v} {unit}"


def main():
    args = arguments(__doc__, "per notice, list each missed and extra figure with its raw text and context")

    import taizhang

    labels = read_labels(LABELS)
    tp = n_pred = n_gold = 0
    rows, details = [], []
    for lab in labels:
        text = (CORPUS / lab["file"]).read_text(encoding="utf-8")
        try:
            records = [as_dict(r) for r in taizhang.extract(text)]
            pred = [r for r in records if r.get("type") == "figure" and has_ascii_digit(r.get("raw"))]
        except Exception as e:  # a crash counts as no output
            print(f"{lab['file']}: extract failed: {e!r}", file=sys.stderr)
            pred = []
        pred = [r for r in pred if figure_key(r) is not None]
        gold = lab["figures"]
        g = Counter(figure_key(f) for f in gold)
        p = Counter(figure_key(f) for f in pred)
        t = sum((g & p).values())
        tp, n_pred, n_gold = tp + t, n_pred + sum(p.values()), n_gold + sum(g.values())
        rows.append((lab["file"], t, sum(p.values()), sum(g.values())))
        if g != p:
            missed, extra = unmatched(gold, locate_labels(text, gold), pred)
            details.append((lab["file"], text, missed, extra))

    pr, rc, f1 = prf(tp, n_pred, n_gold)
    print(f"notices: {len(labels)}   labelled figures: {n_gold}   tool figures (Arabic digits): {n_pred}")
    print(f"figures (base_unit, base_value) P={pr:.3f} R={rc:.3f} F1={f1:.3f}   (tp={tp}, pred={n_pred}, gold={n_gold})")
    print(f"\n{'notice':22s} {'P':>6s} {'R':>6s} {'F1':>6s}   tp/pred/gold")
    for fn, t, np_, ng in rows:
        a, b, c = prf(t, np_, ng)
        if not np_ and not ng:
            a = b = c = 1.0
        print(f"{fn:22s} {a:6.3f} {b:6.3f} {c:6.3f}   {t}/{np_}/{ng}")
    print(f"notices with a difference: {len(details)}/{len(labels)}")

    if args.errors:
        for fn, text, missed, extra in details:
            print(f"\n== {fn}   missed {len(missed)}, extra {len(extra)}")
            for tag, items in (("MISSED", missed), ("EXTRA ", extra)):
                for it, at in items:
                    print(f"  {tag} {show(figure_key(it)):>16s}  raw={it.get('raw')!r:14s} "
                          f"{context(text, at, it.get('raw'))}")
    return 0


if __name__ == "__main__":
    main()
    sys.exit(0)
