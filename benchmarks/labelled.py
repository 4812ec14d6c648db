"""What the checks against labels made by hand share (corpus_check.py, corpus_deadlines_check.py,
corpus_issues_check.py): where the corpus and the labels are, and precision, recall and F1."""
from __future__ import annotations

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
