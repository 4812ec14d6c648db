"""`taizhang ingest`: new notices, duplicates (also re-encoded), new versions, hostile names, interruption."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from taizhang.cli import main
from taizhang.pipeline.ingest import ingest_files
from taizhang.pipeline.load import load
from taizhang.pipeline.normalize import normalize
from conftest import NEW_NOTICE, SEEDS

NOTICE_0 = SEEDS / "000_4f00c9cdb2e80354.txt"


@pytest.fixture()
def seeds(tmp_path) -> Path:
    """A copy of two seed notices, so the real corpus is never touched."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for source in sorted(SEEDS.glob("00[01]_*.txt")):
        shutil.copy(source, folder / source.name)
    return folder


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def normalized_digest(path: Path) -> str:
    return hashlib.sha256(normalize(load(path).text).text.encode("utf-8")).hexdigest()[:16]


def test_new_notice_is_added_with_a_generated_name(seeds, tmp_path):
    incoming = tmp_path / "安全生产.txt"
    incoming.write_text(NEW_NOTICE, encoding="utf-8")
    [result] = ingest_files([incoming], seeds)
    assert result.status == "added"
    assert result.name == f"002_{normalized_digest(incoming)}.txt"
    assert (seeds / result.name).read_text(encoding="utf-8") == NEW_NOTICE
    assert result.message() == f"{incoming}: added as {result.name}"


def test_exact_duplicate_writes_nothing(seeds, tmp_path):
    before = listing(seeds)
    incoming = tmp_path / "copy.txt"
    shutil.copy(NOTICE_0, incoming)
    [result] = ingest_files([incoming], seeds)
    assert (result.status, result.of) == ("duplicate", NOTICE_0.name)
    assert "duplicate of 000_4f00c9cdb2e80354.txt" in result.message()
    assert listing(seeds) == before


def test_gb18030_copy_is_a_duplicate(seeds, tmp_path):
    before = listing(seeds)
    incoming = tmp_path / "gbk.txt"
    incoming.write_bytes(NOTICE_0.read_text(encoding="utf-8").encode("gb18030"))
    assert incoming.read_bytes() != NOTICE_0.read_bytes()
    [result] = ingest_files([incoming], seeds)
    assert (result.status, result.of) == ("duplicate", NOTICE_0.name)
    assert listing(seeds) == before


def test_revised_notice_is_a_new_version(seeds, tmp_path):
    incoming = tmp_path / "revised.txt"
    text = NOTICE_0.read_text(encoding="utf-8").replace("完成时限：2021年12月31日前", "完成时限：2022年6月30日前", 1)
    incoming.write_text(text, encoding="utf-8")
    [result] = ingest_files([incoming], seeds)
    assert (result.status, result.of) == ("new_version", NOTICE_0.name)
    assert re.fullmatch(r"002_[0-9a-f]{16}\.txt", result.name)
    assert result.message().endswith(f"new version of {NOTICE_0.name}, added as {result.name}")
    assert NOTICE_0.name in listing(seeds)      # the old version stays


def test_hostile_file_name_never_escapes_the_folder(seeds, tmp_path, monkeypatch):
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "x.txt").write_text(NEW_NOTICE, encoding="utf-8")
    outside_before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if seeds not in p.parents)
    monkeypatch.chdir(deep)
    [result] = ingest_files([Path("../../x.txt")], seeds)
    assert result.status == "added"
    assert re.fullmatch(r"002_[0-9a-f]{16}\.txt", result.name)
    assert (seeds / result.name).is_file()
    outside_after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if seeds not in p.parents)
    assert outside_after == outside_before
    assert "x.txt" not in listing(seeds)


def test_interrupted_run_leaves_the_folder_unchanged(seeds, tmp_path, monkeypatch):
    before = listing(seeds)
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text(NEW_NOTICE, encoding="utf-8")
    second.write_text(NEW_NOTICE.replace("安全生产大检查", "消防安全检查"), encoding="utf-8")
    real_replace, calls = os.replace, []

    def replace_then_interrupt(src, dst):
        calls.append(dst)
        if len(calls) == 2:         # the first file is in place, the second is interrupted
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        ingest_files([first, second], seeds)
    assert listing(seeds) == before
    assert not [p for p in seeds.iterdir() if p.name.startswith(".")]


def test_files_of_one_run_are_checked_against_each_other(seeds, tmp_path):
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text(NEW_NOTICE, encoding="utf-8")
    two.write_text(NEW_NOTICE, encoding="utf-8")
    first, second = ingest_files([one, two], seeds)
    assert first.status == "added"
    assert (second.status, second.of) == ("duplicate", first.name)


def test_cli_reports_each_file_and_refuses_a_missing_folder(seeds, tmp_path):
    incoming, broken = tmp_path / "new.txt", tmp_path / "empty.txt"
    incoming.write_text(NEW_NOTICE, encoding="utf-8")
    broken.write_bytes(b"")
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(incoming), str(NOTICE_0), "--seeds", str(seeds)])
    assert result.exit_code == 0, result.output
    assert "added as 002_" in result.output and f"duplicate of {NOTICE_0.name}" in result.output
    failed = runner.invoke(main, ["ingest", str(broken), "--seeds", str(seeds)])
    assert failed.exit_code == 1 and "empty file" in failed.output
    missing = runner.invoke(main, ["ingest", str(incoming), "--seeds", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_a_word_file_is_kept_beside_the_text_read_from_it(seeds, tmp_path):
    from docx_builder import docx_from_text
    incoming = tmp_path / "安全生产.docx"
    incoming.write_bytes(docx_from_text(NEW_NOTICE))
    [result] = ingest_files([incoming], seeds)
    assert result.status == "added"
    stored = seeds / result.name
    assert result.original == f".originals/{stored.stem}.docx"
    assert (seeds / result.original).read_bytes() == incoming.read_bytes()
    assert "安全生产大检查" in stored.read_text(encoding="utf-8")
    assert "original kept as .originals/" in result.message()
    # the same notice as text is a duplicate; extracting the folder reads it once
    text_copy = tmp_path / "copy.txt"
    text_copy.write_text(NEW_NOTICE, encoding="utf-8")
    [again] = ingest_files([text_copy], seeds)
    assert (again.status, again.of) == ("duplicate", result.name)
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["extract", str(seeds), "-o", str(out), "-q"]).exit_code == 0
    assert sorted(p.name for p in out.glob("*.jsonl")) == sorted(p.stem + ".jsonl" for p in seeds.glob("*.txt"))


def test_an_interrupted_run_keeps_no_original_either(seeds, tmp_path, monkeypatch):
    from docx_builder import docx_from_text
    before = listing(seeds)
    incoming = tmp_path / "one.docx"
    incoming.write_bytes(docx_from_text(NEW_NOTICE))
    real_replace, calls = os.replace, []

    def replace_then_interrupt(src, dst):
        calls.append(dst)
        if len(calls) == 2:         # the text is in place, the original's copy is interrupted
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        ingest_files([incoming], seeds)
    assert listing(seeds) == before
