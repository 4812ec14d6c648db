"""Faults: ten bad files in a batch, unreadable files, interrupted runs, internal errors."""
from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS, refuse_reading

SEED_FILES = sorted(SEEDS.glob("*.txt"))
TAIZHANG = [sys.executable, str(ROOT / "cli.py")]


def bad_files() -> dict[str, tuple[bytes, str]]:
    """Ten files named .txt that are not notices: name → (bytes, a word the error must hold)."""
    rng = random.Random(7)
    return {
        "b01_empty.txt": (b"", "empty"),
        "b02_blank.txt": (" \r\n\t\u3000".encode("utf-8"), "white space"),
        "b03_scan.txt": (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
        "b04_word.txt": (b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(300)), "ZIP"),
        "b05_pdf.txt": (b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(300)), "PDF"),
        "b06_photo.txt": (b"\xff\xd8\xff\xe0" + bytes(300), "JPEG"),
        "b07_gif.txt": (b"GIF89a" + bytes(300), "GIF"),
        "b08_doc.txt": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(300), "Office"),
        "b09_noise.txt": (bytes(rng.randrange(128, 256) for _ in range(4000)), "decode"),
        "b10_utf16.txt": (b"\xff\xfe" + "关于".encode("utf-16-le") + b"\x00\xd8", "utf-16"),
    }


def extract_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run(TAIZHANG + ["extract", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


def jsonl_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.jsonl")}


def test_a_batch_with_ten_bad_files_reports_exactly_them(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for seed in SEED_FILES:
        (folder / seed.name).write_bytes(seed.read_bytes())
    bad = bad_files()
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)
    clean = extract_cli(SEEDS, "-o", tmp_path / "clean", "-q")
    mixed = extract_cli(folder, "-o", tmp_path / "mixed")
    assert clean.returncode == 0 and mixed.returncode == 1
    assert "Traceback" not in mixed.stderr
    manifest = json.loads((tmp_path / "mixed" / "manifest.json").read_text(encoding="utf-8"))
    failed = {e["source"]: e["error"] for e in manifest["notices"] if e["status"] == "failed"}
    assert sorted(failed) == sorted(bad)
    for name, (_, word) in bad.items():
        assert name in failed[name] and word.lower() in failed[name].lower(), failed[name]
    assert manifest["totals"]["failed"] == 10 and manifest["totals"]["ok"] == len(SEED_FILES)
    assert jsonl_files(tmp_path / "mixed") == jsonl_files(tmp_path / "clean")
    assert "10 failed" in mixed.stderr.splitlines()[-1]


def test_unreadable_file_fails_alone_even_for_root(tmp_path, monkeypatch):
    """chmod 000 does not stop root, so the read itself is made to fail."""
    from taizhang.pipeline import batch

    locked = tmp_path / "locked.txt"
    locked.write_bytes(SEED_FILES[0].read_bytes())
    refuse_reading(monkeypatch, locked.name)
    jobs, skipped = batch.collect([locked, SEED_FILES[3]])
    manifest = batch.run_batch(jobs, skipped, tmp_path / "out")
    statuses = [(e.source, e.status) for e in manifest.notices]
    assert statuses == [("locked.txt", "failed"), (SEED_FILES[3].name, "ok")]
    assert "locked.txt" in manifest.notices[0].error and "permission denied" in manifest.notices[0].error


def _many_notices(folder: Path, copies: int) -> None:
    folder.mkdir()
    for n in range(copies):
        for seed in SEED_FILES:
            (folder / f"{n:03d}_{seed.name}").write_bytes(seed.read_bytes())


def _assert_no_partial_output(out: Path) -> None:
    """Every visible output is whole (a SIGKILL may leave a hidden temporary, which the rerun removes)."""
    for path in out.rglob("*.jsonl"):
        data = path.read_bytes()
        assert data.endswith(b"\n"), f"{path.name} is cut off"
        for line in data.decode("utf-8").splitlines():
            json.loads(line)
    manifest = out / "manifest.json"
    if manifest.exists():
        json.loads(manifest.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_run_leaves_no_partial_file_and_a_rerun_completes(tmp_path, sig):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    _many_notices(inbox, 8)
    process = subprocess.Popen(TAIZHANG + ["extract", str(inbox), "-o", str(out), "-q", "-j", "1"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.jsonl"))) < 3:
        time.sleep(0.05)
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == (130 if sig == signal.SIGINT else -signal.SIGKILL)
    assert b"Traceback" not in stderr
    written = len(list(out.glob("*.jsonl")))
    assert 3 <= written < 8 * len(SEED_FILES), "the run was not interrupted midway"
    _assert_no_partial_output(out)
    if sig == signal.SIGINT:
        assert not list(out.rglob(".taizhang-tmp-*")), "Ctrl-C must clean up its temporary file"
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["interrupted"] is True
        finished = {e["output"] for e in manifest["notices"] if e["status"] == "ok"}
        files = {p.name for p in out.glob("*.jsonl")}
        # a notice written in the instant before the interrupt may be listed as not_run
        assert finished <= files and len(files - finished) <= 1
    rerun = extract_cli(inbox, "-o", out, "-q")
    assert rerun.returncode == 0, rerun.stderr
    assert not list(out.rglob(".taizhang-tmp-*"))
    assert len(list(out.glob("*.jsonl"))) == 8 * len(SEED_FILES)
    fresh = extract_cli(inbox, "-o", tmp_path / "fresh", "-q")
    assert fresh.returncode == 0
    assert jsonl_files(out) == jsonl_files(tmp_path / "fresh")


def test_an_internal_error_is_one_line_unless_debug(tmp_path, monkeypatch):
    from taizhang import cli
    import taizhang.pipeline.run

    def broken(source):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(taizhang.pipeline.run, "extract_source", broken)
    runner = CliRunner()
    quiet = runner.invoke(cli.main, ["extract", str(SEED_FILES[0]), "-o", str(tmp_path / "a")])
    assert quiet.exit_code == 1
    assert "internal error (ZeroDivisionError: a bug)" in quiet.stderr
    assert "Traceback" not in quiet.stderr
    debug = runner.invoke(cli.main, ["extract", str(SEED_FILES[0]), "-o", str(tmp_path / "b"), "--debug"])
    assert debug.exit_code == 1
    assert "Traceback" in debug.stderr and "ZeroDivisionError" in debug.stderr
