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
    from taizhang.pipeline.batch import collect, run_batch

    out = tmp_path_factory.mktemp("seed_out")
    jobs, skipped = collect([SEEDS])
    run_batch(jobs, skipped, out)
    return out


# Hypothesis: example counts are fixed in each test (tests/test_properties.py alone runs more
# than 5,000), so a profile only decides randomness. In CI (env CI set) runs are derandomized:
# the same examples every time, so a CI failure replays anywhere with CI=1.
import os  # noqa: E402

from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("HYPOTHESIS_PROFILE") or os.environ.get("CI"):
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")
