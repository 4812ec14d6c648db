"""Shared fixtures: the seed notices and one extraction of them per test session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def read_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory) -> Path:
    """The seeds extracted once into a temporary folder, through the batch runner."""
    from pipeline.batch import collect, run_batch

    out = tmp_path_factory.mktemp("seed_out")
    jobs, skipped = collect([SEEDS])
    run_batch(jobs, skipped, out)
    return out
