"""What the checks against labels made by hand share (corpus_check.py, corpus_deadlines_check.py,
corpus_issues_check.py): where the corpus and the labels are, and precision, recall and F1."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus" / "notices"


def labels_path(name: str) -> Path:
    return HERE / "data" / f"{name}.jsonl"


def read_labels(path: Path) -> list[dict]:
    """One label record per line of a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def arguments(doc: str, errors_help: str, labels: Path | None = None) -> argparse.Namespace:
    """The command line every check takes: --errors (what it lists is *errors_help*), and, when
    *labels* is given, --labels and --corpus to point it at other files."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help=errors_help)
    if labels is not None:
        ap.add_argument("--labels", default=str(labels))
        ap.add_argument("--corpus", default=str(CORPUS))
    return ap.parse_args()


def tool_issues(text: str) -> list[dict]:
    """taizhang's issue records of *text*, as the dicts the label files hold."""
    import taizhang

    return [{"kind": rec.kind, "title": rec.title or "", "span": tuple(rec.span) if rec.span else None,
             "units": [u.name for u in (rec.units or [])], "leaders": list(rec.leaders or []),
             "deadlines": [(d.raw, d.kind, d.date) for d in (rec.deadlines or [])]}
            for rec in taizhang.extract(text) if rec.type == "issue"]


def issue_notices(args):
    """(label row, text, tool issues) for each notice of --labels in --corpus; a notice whose
    extraction fails counts as one with no issues, and says so."""
    for row in read_labels(Path(args.labels)):
        text = (Path(args.corpus) / row["file"]).read_text(encoding="utf-8")
        try:
            pred = tool_issues(text)
        except Exception as e:  # keep going, count as no output
            print(f"{row['file']}: extract failed: {e!r}")
            pred = []
        yield row, text, pred
