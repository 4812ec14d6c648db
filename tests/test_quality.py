"""The shared scorer on the seed notices stays above the floors the issues set."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS, SHARED, read_records

SCORER = SHARED / "eval" / "score.py"
GOLD = SHARED / "gold"


def _scorer():
    spec = importlib.util.spec_from_file_location("taizhang_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is not beside the checkout")
def test_scorer_floors(seed_out):
    result, notes = _scorer().score(GOLD, seed_out, verbose=True)
    assert result["documents_missing"] == []
    assert result["document_accuracy"] >= 0.90, notes
    assert result["sections"]["f1"] >= 0.97, notes
    assert result["issues"]["f1"] >= 0.90, notes
    for measure in ("issue.leaders", "issue.units", "issue.deadlines"):
        assert result[measure]["f1"] >= 0.95, (measure, notes)
    assert result["deadlines"]["f1"] >= 0.85, notes
    assert result["figures"]["precision"] >= 0.95, notes
    assert result["figures"]["recall"] >= 0.90, notes


def test_002_gives_the_same_figures_in_traditional_and_simplified(tmp_path):
    """Reading 002 as published (traditional, glossed) or converted to simplified changes nothing."""
    import opencc

    from taizhang.pipeline.run import extract

    source = next(SEEDS.glob("002_*.txt"))
    simplified = tmp_path / "002_simplified.txt"
    simplified.write_text(opencc.OpenCC("t2s").convert(source.read_text(encoding="utf-8")), encoding="utf-8")

    def figures(path: Path):
        return [(r.raw, r.value, r.unit, r.base_value, r.base_unit, r.kind, r.approx)
                for r in extract(path) if r.type == "figure"]

    traditional = figures(source)
    assert len(traditional) > 100
    assert figures(simplified) == traditional


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold is not beside the checkout")
def test_every_seed_has_the_record_types_its_gold_has(seed_out):
    """Where the gold lists sections, issues, deadlines or figures, records of that type exist."""
    import yaml

    for gold_path in sorted(GOLD.glob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        types = {r["type"] for r in read_records(seed_out / f"{gold_path.stem}.jsonl")}
        for key, kind in (("sections", "section"), ("issues", "issue"), ("deadlines", "deadline"),
                          ("figures", "figure")):
            if gold.get(key):
                assert kind in types, (gold_path.stem, kind)
