"""Incremental reruns of `taizhang extract`: a notice unchanged since the run that wrote OUT is
carried over, not extracted again, and the folder stays byte-identical to a fresh run's."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from taizhang import __version__, cli
from taizhang.pipeline import batch
from conftest import write_notices

NOTICES = {
    "a.txt": "关于做好秋冬季森林防火工作的通知\n各乡镇人民政府：\n一、压实防火责任\n"
             "各乡镇要落实属地责任，2024年11月30日前完成隐患排查。\n某某县人民政府办公室\n2024年10月8日\n",
    "b.txt": "关于开展城镇燃气安全专项整治的通知\n各街道办事处：\n一、工作要求\n"
             "各街道要在2024年12月31日前完成整改，整改率达到100%。\n某某区人民政府\n2024年9月2日\n",
    "sub/c.md": "关于加强防汛工作的通知\n各县区：\n一、落实责任\n（一）由市水利局牵头，6月30日前完成排查。\n"
                "某市人民政府\n2024年5月1日\n",
}
CHANGED_B = NOTICES["b.txt"].replace("100%", "98%")




def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below *folder* by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def extract(*args):
    result = CliRunner().invoke(cli.main, ["extract", *map(str, args)], catch_exceptions=False)
    return result


@pytest.fixture
def processed(monkeypatch) -> list[str]:
    """The sources `batch.process` is called for, in this process (batches below 16 notices
    run without a pool)."""
    calls: list[str] = []
    real = batch.process

    def recording(job, *args, **kwargs):
        calls.append(job.source)
        return real(job, *args, **kwargs)

    monkeypatch.setattr(batch, "process", recording)
    return calls


@pytest.fixture
def inbox(tmp_path) -> Path:
    return write_notices(tmp_path / "in", NOTICES)


def test_a_rerun_extracts_nothing_and_leaves_every_byte_as_a_fresh_run(inbox, tmp_path, processed):
    out = tmp_path / "out"
    assert extract(inbox, "-o", out, "-q").exit_code == 0
    fresh = snapshot(out)
    assert sorted(processed) == ["a.txt", "b.txt", "sub/c.md"]
    processed.clear()
    result = extract(inbox, "-o", out)
    assert result.exit_code == 0
    assert processed == []
    assert snapshot(out) == fresh
    assert result.stderr.startswith("3 notices: 3 ok (0 extracted, 3 unchanged), 0 failed; ")


def test_touching_a_file_redoes_nothing_changing_it_redoes_it_alone(inbox, tmp_path, processed):
    out = tmp_path / "out"
    assert extract(inbox, "-o", out, "-q").exit_code == 0
    mtimes = {name: (out / name).stat().st_mtime_ns for name in ("a.jsonl", "b.jsonl", "sub/c.jsonl")}
    os.utime(inbox / "a.txt")                           # a newer mtime, the same bytes
    write_notices(inbox, {"b.txt": CHANGED_B})
    processed.clear()
    result = extract(inbox, "-o", out)
    assert result.exit_code == 0
    assert processed == ["b.txt"]
    assert "3 ok (1 extracted, 2 unchanged)" in result.stderr
    assert (out / "a.jsonl").stat().st_mtime_ns == mtimes["a.jsonl"]
    assert (out / "sub/c.jsonl").stat().st_mtime_ns == mtimes["sub/c.jsonl"]
    assert b"98" in (out / "b.jsonl").read_bytes()
    fresh = tmp_path / "fresh"
    assert extract(inbox, "-o", fresh, "-q").exit_code == 0
    assert snapshot(out) == snapshot(fresh)


def test_force_redoes_everything(inbox, tmp_path, processed):
    out = tmp_path / "out"
    assert extract(inbox, "-o", out, "-q").exit_code == 0
    fresh = snapshot(out)
    processed.clear()
    result = extract(inbox, "-o", out, "--force")
    assert result.exit_code == 0 and "unchanged" not in result.stderr
    assert sorted(processed) == ["a.txt", "b.txt", "sub/c.md"]
    assert snapshot(out) == fresh


def test_outputs_of_inputs_no_longer_given_are_removed(inbox, tmp_path, processed):
    from docx_builder import docx_from_text

    write_notices(inbox, {"sub/d.docx": docx_from_text(NOTICES["a.txt"])})
    out = tmp_path / "out"
    assert extract(inbox, "-o", out, "-q").exit_code == 0
    assert (out / "sub/d.source.txt").is_file()
    (inbox / "sub/d.docx").unlink()
    (inbox / "sub/c.md").unlink()
    processed.clear()
    assert extract(inbox, "-o", out, "-q").exit_code == 0
    assert processed == []
    fresh = tmp_path / "fresh"
    assert extract(inbox, "-o", fresh, "-q").exit_code == 0
    assert snapshot(out) == snapshot(fresh)
    assert not (out / "sub").exists()                   # the folder it left empty goes too


def test_an_input_renamed_by_a_new_clash_is_redone_under_its_new_name(inbox, tmp_path, processed):
    out = tmp_path / "out"
    assert extract(inbox, "-o", out, "-q").exit_code == 0
    write_notices(inbox, {"a.md": NOTICES["b.txt"]})            # a.txt now writes a.txt.jsonl
    processed.clear()
    assert extract(inbox, "-o", out, "-q").exit_code == 0
    assert sorted(processed) == ["a.md", "a.txt"]
    fresh = tmp_path / "fresh"
    assert extract(inbox, "-o", fresh, "-q").exit_code == 0
    assert snapshot(out) == snapshot(fresh)
    assert not (out / "a.jsonl").exists()


def test_a_failed_notice_is_always_retried(inbox, tmp_path, processed):
    write_notices(inbox, {"bad.txt": b""})
    out = tmp_path / "out"
    assert extract(inbox, "-o", out, "-q").exit_code == 1
    processed.clear()
    result = extract(inbox, "-o", out)
    assert result.exit_code == 1
    assert processed == ["bad.txt"]
    assert "3 ok (0 extracted, 3 unchanged), 1 failed" in result.stderr


def _edit_manifest(out: Path, change) -> None:
    path = out / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def _set_entry(of: str, **fields):
    def change(manifest):
        for entry in manifest["notices"]:
            if entry["source"] == of:
                entry.update(fields)
    return change


@pytest.mark.parametrize("damage, redone", [
    (lambda out: (out / "manifest.json").write_bytes(b'{"notices": [{"sou'), ["a.txt", "b.txt", "sub/c.md"]),
    (lambda out: (out / "manifest.json").write_bytes(b"\xff\xfe\x00"), ["a.txt", "b.txt", "sub/c.md"]),
    (lambda out: (out / "manifest.json").unlink(), ["a.txt", "b.txt", "sub/c.md"]),
    (lambda out: _edit_manifest(out, lambda m: m.update(version="0.0.1")), ["a.txt", "b.txt", "sub/c.md"]),
    (lambda out: _edit_manifest(out, lambda m: m.update(notices="nope")), ["a.txt", "b.txt", "sub/c.md"]),
    (lambda out: _edit_manifest(out, lambda m: m.update(code="0" * 16)), ["a.txt", "b.txt", "sub/c.md"]),
    (lambda out: (out / "b.jsonl").unlink(), ["b.txt"]),
    (lambda out: _edit_manifest(out, _set_entry("b.txt", doc_id="d-0000000000000000")), ["b.txt"]),
    (lambda out: _edit_manifest(out, _set_entry("b.txt", status="not_run")), ["b.txt"]),       # interrupted
    (lambda out: _edit_manifest(out, _set_entry("b.txt", source="x.txt")), ["b.txt"]),
], ids=["truncated", "binary", "missing", "other-version", "wrong-shape", "other-rules", "output-gone",
        "other-bytes", "not-run", "other-source"])
def test_what_the_old_manifest_cannot_vouch_for_is_redone(inbox, tmp_path, processed, damage, redone):
    out = tmp_path / "out"
    assert extract(inbox, "-o", out, "-q").exit_code == 0
    fresh = snapshot(out)
    damage(out)
    processed.clear()
    assert extract(inbox, "-o", out, "-q").exit_code == 0
    assert sorted(processed) == redone
    assert snapshot(out) == fresh


def test_a_hand_edited_manifest_never_removes_files_outside_the_outputs(inbox, tmp_path):
    out = tmp_path / "out"
    assert extract(inbox, "-o", out, "-q").exit_code == 0
    victims = write_notices(tmp_path, {"victim.jsonl": "x", "out/notes.txt": "x"})
    names = ["../victim.jsonl", str(victims / "victim.jsonl"), "notes.txt"]
    _edit_manifest(out, lambda m: m["notices"].extend({"source": n, "status": "ok", "output": n} for n in names))
    assert extract(inbox, "-o", out, "-q").exit_code == 0
    assert (tmp_path / "victim.jsonl").is_file() and (out / "notes.txt").is_file()


def test_records_streamed_to_standard_output_are_always_redone(inbox, tmp_path, processed):
    out = tmp_path / "out"
    assert extract(inbox, "-o", out, "-q").exit_code == 0
    processed.clear()
    result = extract(inbox, "--stdout", "-o", out, "-q")
    assert result.exit_code == 0
    assert sorted(processed) == ["a.txt", "b.txt", "sub/c.md"]
    assert len(result.stdout.splitlines()) == sum(len(p.read_bytes().splitlines()) for p in out.rglob("*.jsonl"))


def test_a_notice_from_standard_input_is_always_redone(tmp_path, processed):
    out = tmp_path / "out"
    for _ in range(2):
        result = CliRunner().invoke(cli.main, ["extract", "-", "--name", "a.txt", "-o", str(out), "-q"],
                                    input=NOTICES["a.txt"].encode("utf-8"), catch_exceptions=False)
        assert result.exit_code == 0
    assert processed == ["a.txt", "a.txt"]


def test_the_library_decides_and_the_manifest_keeps_the_tool_version(inbox, tmp_path, processed):
    """run_batch carries unchanged notices itself; what it heard and what it returned."""
    out = tmp_path / "out"
    jobs, skipped = batch.collect([inbox])
    batch.run_batch(jobs, skipped, out)
    heard: list[int] = []
    processed.clear()
    manifest = batch.run_batch(jobs, skipped, out, on_unchanged=heard.append)
    assert (heard, processed, manifest.unchanged) == ([3], [], 3)
    written = json.loads((out / "manifest.json").read_text())
    assert (written["version"], written["code"]) == (__version__, batch.code_fingerprint())
    assert len(written["code"]) == 16 and int(written["code"], 16) >= 0
    assert "unchanged" not in (out / "manifest.json").read_text()
