"""Shared fixtures: the seed notices and one extraction of them per test session."""
from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

#: A short notice of our own that no seed holds (ingest tests add it to a corpus).
NEW_NOTICE = """某市人民政府办公室关于开展安全生产大检查的通知

各县区人民政府，市直各部门：

现将有关事项通知如下。

一、检查范围

全市各类生产经营单位。

二、工作要求

（一）落实责任。各县区要在2024年6月30日前完成自查。

某市人民政府办公室
2024年3月1日
"""


def write_notices(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Files of *files* (name → text or bytes) written under *folder*, folders made."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


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


# Root reads and writes any file, and CI runs as root: a permission refusal is simulated at
# the one call that meets it, so that no test is skipped there.

def refuse_creating_in(monkeypatch, folder: Path) -> None:
    """No file can be created in *folder* (as in a folder the user may not write)."""
    real_open = os.open

    def guarded_open(path, flags, *args, **kwargs):
        if Path(path).parent == folder and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)


def refuse_reading(monkeypatch, name: str) -> None:
    """A file called *name* cannot be read (as a file the user may not read)."""
    real_read = Path.read_bytes

    def guarded_read(path):
        if path.name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", guarded_read)


# Hypothesis: example counts are fixed in each test (tests/test_properties.py alone runs more
# than 5,000), so a profile only decides randomness. In CI (env CI set) runs are derandomized:
# the same examples every time, so a CI failure replays anywhere with CI=1.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("HYPOTHESIS_PROFILE") or os.environ.get("CI"):
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")
