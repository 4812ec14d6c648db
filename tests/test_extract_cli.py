"""The command line a user can trust: output folders that cannot be written, standard input and
output, formats found by suffix and by content, names that never clash, --glob, one error style,
Ctrl-C on a parallel batch, and a progress bar only on a terminal."""
from __future__ import annotations

import errno
import fcntl
import json
import os
import pty
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS, SHARED, refuse_creating_in, write_notices
from taizhang import cli
from taizhang.pipeline import batch, readers
from taizhang.pipeline.readers import NoticeError, Reader, Reading

TAIZHANG = [sys.executable, str(ROOT / "cli.py")]
SEED_FILES = sorted(SEEDS.glob("*.txt"))

NOTICE_A = """关于做好秋冬季森林防火工作的通知
各乡镇人民政府，县直各有关单位：
一、压实防火责任
各乡镇要落实属地责任，2024年11月30日前完成隐患排查。
二、加强巡查值守
（一）严格野外用火管理
责任单位：县林业局，完成时限：长期坚持。
某某县人民政府办公室
2024年10月8日
"""

NOTICE_B = """关于开展城镇燃气安全专项整治的通知
各街道办事处：
一、整治范围
辖区内餐饮场所和老旧小区燃气管线。
二、工作要求
各街道要在2024年12月31日前完成整改，整改率达到100%。
某某区人民政府
2024年9月2日
"""


def invoke(*args, input=None):
    """The CLI in this process; exit_code, stdout, stderr."""
    return CliRunner().invoke(cli.main, [str(a) for a in args], input=input, catch_exceptions=False)


def run(*args, cwd=ROOT, input=None, timeout=120) -> subprocess.CompletedProcess:
    """The CLI in a fresh interpreter, bytes in and out, as a shell runs it."""
    return subprocess.run([*TAIZHANG, *map(str, args)], cwd=cwd, input=input, capture_output=True,
                          timeout=timeout)


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def records_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]




@pytest.fixture
def no_extraction(monkeypatch):
    """Fails the test if any notice is extracted: for errors that must come before any work."""
    import taizhang.pipeline.run

    def forbidden(source):
        raise AssertionError(f"{source.name} was extracted although the run could not start")

    monkeypatch.setattr(taizhang.pipeline.run, "extract_source", forbidden)


# ---------------------------------------------------------------- the output folder

def _file(tmp_path: Path) -> Path:
    target = tmp_path / "a-file"
    target.write_text("x")
    return target


@pytest.mark.parametrize("make_target, problem", [
    (lambda tmp: Path("/proc/nope/out"), "cannot create the output folder"),
    (lambda tmp: Path("/dev/null"), "not a folder"),
    (_file, "not a folder"),
    (lambda tmp: _file(tmp) / "out", "cannot create the output folder"),
    (lambda tmp: Path("/proc"), "cannot write in the output folder"),
])
def test_an_output_folder_that_cannot_be_made_is_one_line_and_exit_2(tmp_path, no_extraction, make_target,
                                                                    problem):
    notice = write_notices(tmp_path, {"a.txt": NOTICE_A}) / "a.txt"
    target = make_target(tmp_path)
    result = invoke("extract", notice, "-o", target)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"taizhang: {target}: ") and problem in line, line


def test_an_output_folder_that_cannot_be_written_is_refused_before_any_work(tmp_path, no_extraction,
                                                                           monkeypatch):
    """Root writes anywhere, so the folder's refusal is simulated at the one open that probes it."""
    out = tmp_path / "readonly"
    out.mkdir()
    refuse_creating_in(monkeypatch, out)
    notice = write_notices(tmp_path, {"a.txt": NOTICE_A}) / "a.txt"
    result = invoke("extract", notice, "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"taizhang: {out}: cannot write in the output folder: Permission denied\n"
    assert list(out.iterdir()) == []


def test_a_manifest_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, monkeypatch):
    def disk_full(path, lines):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(batch, "write_atomic", disk_full)
    notice = write_notices(tmp_path, {"a.txt": NOTICE_A}) / "a.txt"
    result = invoke("extract", notice, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 2
    assert result.stderr == (f"taizhang: {tmp_path / 'out' / 'manifest.json'}: "
                             "cannot write the manifest: No space left on device\n")


def test_a_record_file_that_cannot_be_written_fails_its_notice_by_name(tmp_path, monkeypatch):
    def disk_full(path, fill):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(batch, "replace_with", disk_full)
    notice = write_notices(tmp_path, {"a.txt": NOTICE_A}) / "a.txt"
    out = tmp_path / "out"
    result = invoke("extract", notice, "-o", out, "-q")
    assert result.exit_code == 1
    [entry] = manifest_of(out)["notices"]
    assert entry["status"] == "failed"
    assert entry["error"] == f"{notice}: cannot write {out / 'a.jsonl'}: No space left on device"
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- standard input and output

def test_a_notice_from_standard_input(tmp_path):
    out = tmp_path / "out"
    result = invoke("extract", "-", "-o", out, "-q", input=NOTICE_A.encode("gb18030"))
    assert result.exit_code == 0, result.stderr
    [entry] = manifest_of(out)["notices"]
    assert (entry["source"], entry["path"], entry["output"], entry["status"]) == ("stdin", "-", "stdin.jsonl", "ok")
    document = records_of(out / "stdin.jsonl")[0]
    assert document["title"] == "关于做好秋冬季森林防火工作的通知"
    assert document["encoding"] == "gb18030" and document["source"] == "stdin"


def test_name_chooses_the_output_stem_and_never_leaves_the_folder(tmp_path):
    out = tmp_path / "out"
    result = invoke("extract", "-", "--name", "../../防火通知.md", "-o", out, "-q", input=NOTICE_A.encode())
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "防火通知.jsonl"]
    assert manifest_of(out)["notices"][0]["source"] == "防火通知.md"


@pytest.mark.parametrize("args, problem", [
    (["-", "-"], "only once"),
    (["a.txt", "--name", "x.txt"], "--name"),
])
def test_standard_input_usage_errors(tmp_path, args, problem):
    write_notices(tmp_path, {"a.txt": NOTICE_A})
    os.chdir(tmp_path)
    result = invoke("extract", *args, "-o", tmp_path / "out", input=b"")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("taizhang: ") and problem in line


def test_empty_standard_input_is_a_failed_notice(tmp_path):
    out = tmp_path / "out"
    result = invoke("extract", "-", "-o", out, input=b"")
    assert result.exit_code == 1
    assert "taizhang: standard input: empty file" in result.stderr
    assert manifest_of(out)["notices"][0]["status"] == "failed"


@pytest.fixture(scope="module")
def two_notices(tmp_path_factory):
    """b.txt and a.txt, and their records as a run into a folder writes them."""
    folder = write_notices(tmp_path_factory.mktemp("two"), {"a.txt": NOTICE_A, "b.txt": NOTICE_B})
    out = folder / "out"
    assert run("extract", folder / "b.txt", folder / "a.txt", "-o", out, "-q").returncode == 0
    return folder, (out / "b.jsonl").read_bytes() + (out / "a.jsonl").read_bytes()


@pytest.mark.parametrize("target", [["--stdout", "-j", "2"], ["-o", "-"], ["--stdout", "-o", "-"]])
def test_records_to_standard_output_in_input_order_and_no_file(two_notices, tmp_path, target):
    """Two workers finish in any order; standard output still has b's records, then a's."""
    folder, expected = two_notices
    result = run("extract", folder / "b.txt", folder / "a.txt", *target, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
    assert list(tmp_path.iterdir()) == []           # no folder named "-", no manifest
    assert b"written to standard output" in result.stderr


def test_stdout_with_a_folder_keeps_the_manifest_there(two_notices, tmp_path):
    folder, expected = two_notices
    out = tmp_path / "out"
    result = run("extract", folder / "b.txt", folder / "a.txt", "--stdout", "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
    assert [p.name for p in out.iterdir()] == ["manifest.json"]
    entries = manifest_of(out)["notices"]
    assert [(e["source"], e["status"], e["output"]) for e in entries] == [("b.txt", "ok", None), ("a.txt", "ok", None)]


def test_standard_input_to_standard_output(tmp_path):
    result = run("extract", "-", "--stdout", "-q", cwd=tmp_path, input=NOTICE_B.encode("utf-16"))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert records[0]["type"] == "document" and records[0]["source"] == "stdin"
    assert any(r["type"] == "deadline" and r["date"] == "2024-12-31" for r in records)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- formats by suffix and by content

CONTAINER_MAGIC = b"TZFAKE\x01\x02"
REFUSED_MAGIC = b"TZOLD\x00\x00\x00"


def read_container(data: bytes, name: str) -> Reading:
    """A stand-in for .docx/.pdf: text read out of a container, not the file's bytes."""
    return Reading(text=data[len(CONTAINER_MAGIC):].decode("utf-8"), encoding="tzfake", from_container=True)


def read_refused(data: bytes, name: str) -> Reading:
    raise NoticeError("an old TZ file: save it as .docx first")


@pytest.fixture
def fake_formats(monkeypatch):
    """Two formats registered the way the readers are: a container and a refusal."""
    module = __name__
    monkeypatch.setattr(readers, "READERS", [
        *readers.READERS,
        Reader("tzfake", (".tzfake",), f"{module}:read_container", lambda d: d.startswith(CONTAINER_MAGIC)),
        Reader("tzold", (".tzold",), f"{module}:read_refused", lambda d: d.startswith(REFUSED_MAGIC)),
    ])


def test_text_read_out_of_a_container_is_written_beside_the_records(tmp_path, fake_formats):
    folder = write_notices(tmp_path / "in", {"a.txt": NOTICE_A, "a.tzfake": CONTAINER_MAGIC + NOTICE_B.encode()})
    out = tmp_path / "out"
    result = invoke("extract", folder, "-o", out, "-q")
    assert result.exit_code == 0, result.stderr
    entries = {e["source"]: e for e in manifest_of(out)["notices"]}
    assert entries["a.txt"]["output"] == "a.txt.jsonl" and entries["a.txt"]["source_text"] is None
    assert entries["a.tzfake"]["output"] == "a.tzfake.jsonl"
    assert entries["a.tzfake"]["source_text"] == "a.tzfake.source.txt"
    assert entries["a.tzfake"]["path"] == str(folder / "a.tzfake")
    text = (out / "a.tzfake.source.txt").read_bytes().decode("utf-8")
    assert text == NOTICE_B
    records = records_of(out / "a.tzfake.jsonl")
    assert records[0]["span"] == [0, len(text)]
    headings = [text[slice(*r["span"])] for r in records if r["type"] == "section"]
    assert headings and headings[0].startswith("一、整治范围")
    assert sorted(p.name for p in out.iterdir()) == ["a.txt.jsonl", "a.tzfake.jsonl", "a.tzfake.source.txt",
                                                     "manifest.json"]


def test_a_rerun_removes_the_source_text_of_a_notice_no_longer_in_a_container(tmp_path, fake_formats):
    folder, out = tmp_path / "in", tmp_path / "out"
    write_notices(folder, {"a.tzfake": CONTAINER_MAGIC + NOTICE_A.encode()})
    assert invoke("extract", folder, "-o", out, "-q").exit_code == 0
    assert (out / "a.source.txt").is_file()
    (folder / "a.tzfake").unlink()
    write_notices(folder, {"a.txt": NOTICE_A})
    assert invoke("extract", folder, "-o", out, "-q").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["a.jsonl", "manifest.json"]


def test_a_refused_format_in_a_folder_fails_with_its_message_and_the_batch_goes_on(tmp_path, fake_formats):
    folder = write_notices(tmp_path / "in", {"a.txt": NOTICE_A, "old.tzold": REFUSED_MAGIC + b"..."})
    out = tmp_path / "out"
    result = invoke("extract", folder, "-o", out)
    assert result.exit_code == 1
    assert f"taizhang: {folder / 'old.tzold'}: an old TZ file: save it as .docx first" in result.stderr.splitlines()
    statuses = [(e["source"], e["status"]) for e in manifest_of(out)["notices"]]
    assert statuses == [("a.txt", "ok"), ("old.tzold", "failed")]


def test_files_with_other_suffixes_are_taken_by_content(tmp_path, fake_formats):
    folder = write_notices(tmp_path / "in", {
        "download": CONTAINER_MAGIC + NOTICE_A.encode(),        # a container saved without suffix: read
        "sheet.xls": REFUSED_MAGIC + b"...",                     # claimed, then refused: skipped, not failed
        "photo.jpg": b"\xff\xd8\xff\xe0" + bytes(64),             # no reader claims it: skipped
        "b.txt": NOTICE_B,
    })
    out = tmp_path / "out"
    result = invoke("extract", folder, "-o", out)
    assert result.exit_code == 0, result.stderr
    manifest = manifest_of(out)
    assert [(e["source"], e["status"]) for e in manifest["notices"]] == [("b.txt", "ok"), ("download", "ok")]
    skipped = {Path(s["path"]).name: s["reason"] for s in manifest["skipped"]}
    assert set(skipped) == {"sheet.xls", "photo.jpg"}
    assert "save it as .docx" in skipped["sheet.xls"]
    [line] = [line for line in result.stderr.splitlines() if line.startswith("taizhang: skipped")]
    assert line.startswith("taizhang: skipped 2 files: 1 .jpg, 1 .xls")


def test_text_reader_refusals_inside_a_folder_name_the_file(tmp_path):
    """Until a .docx reader is registered, a Word file saved as .txt is refused by the text reader."""
    folder = write_notices(tmp_path / "in", {"a.txt": NOTICE_A, "word.txt": b"PK\x03\x04" + bytes(40)})
    result = invoke("extract", folder, "-o", tmp_path / "out")
    assert result.exit_code == 1
    failed = [e for e in manifest_of(tmp_path / "out")["notices"] if e["status"] == "failed"]
    assert [e["source"] for e in failed] == ["word.txt"]
    assert str(folder / "word.txt") in failed[0]["error"]
    assert f"taizhang: {failed[0]['error']}" in result.stderr.splitlines()


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>关于开展城镇燃气安全专项整治的通知_某某区人民政府</title></head>
<body><div class="content">
<p>关于开展城镇燃气安全专项整治的通知</p><p>各街道办事处：</p>
<p>一、整治范围</p><p>辖区内餐饮场所和老旧小区燃气管线。</p>
<p>二、工作要求</p><p>各街道要在2024年12月31日前完成整改。</p>
<p>某某区人民政府</p><p>2024年9月2日</p>
</div></body></html>
"""


def test_a_web_page_given_by_name_or_in_a_folder_goes_to_the_same_reader(tmp_path):
    folder = write_notices(tmp_path / "in", {"page.html": HTML_PAGE})
    by_name, in_folder = tmp_path / "by_name", tmp_path / "in_folder"
    assert invoke("extract", folder / "page.html", "-o", by_name, "-q").exit_code == 0
    result = invoke("extract", folder, "-o", in_folder, "-q")
    if ".html" in readers.suffixes():
        assert result.exit_code == 0, result.stderr
        assert (in_folder / "page.jsonl").read_bytes() == (by_name / "page.jsonl").read_bytes()
        assert records_of(by_name / "page.jsonl")[0]["title"] == "关于开展城镇燃气安全专项整治的通知"
    else:       # no web page reader yet: by name the text reader takes it, a folder walk skips it
        assert result.exit_code == 2 and "no notice files" in result.stderr
        assert manifest_of(by_name)["notices"][0]["status"] == "ok"


def test_real_pdf_reports_in_a_folder_write_their_source_text(tmp_path):
    assert ".pdf" in readers.suffixes()
    folder = tmp_path / "in"
    folder.mkdir()
    for pdf in sorted((SHARED / "files" / "pdf").glob("hongze_*.pdf")):
        shutil.copy(pdf, folder / pdf.name)
    out = tmp_path / "out"
    result = invoke("extract", folder, "-o", out, "-q")
    assert result.exit_code == 0, result.stderr
    for entry in manifest_of(out)["notices"]:
        text = (out / entry["source_text"]).read_bytes().decode("utf-8")      # no newline translation
        records = records_of(out / entry["output"])
        assert records[0]["span"] == [0, len(text)]
        assert all(text[slice(*r["span"])].strip() for r in records if r["type"] == "section")


def test_a_real_ofd_letter_is_refused_and_the_batch_goes_on(tmp_path):
    assert ".ofd" in readers.suffixes()
    folder = write_notices(tmp_path / "in", {"a.txt": NOTICE_A})
    [ofd] = (SHARED / "files" / "ofd").glob("*.ofd")
    shutil.copy(ofd, folder / ofd.name)
    result = invoke("extract", folder, "-o", tmp_path / "out")
    assert result.exit_code == 1
    [failed] = [e for e in manifest_of(tmp_path / "out")["notices"] if e["status"] == "failed"]
    assert failed["source"] == ofd.name and ofd.name in failed["error"] and "PDF" in failed["error"]


# ---------------------------------------------------------------- names, globs, skipped files

@pytest.mark.parametrize("inputs, outputs", [
    (["a.txt"], ["a.jsonl"]),
    (["a.txt", "a.docx"], ["a.txt.jsonl", "a.docx.jsonl"]),
    (["notice.txt", "notice.txt", "notice.txt"], ["notice.jsonl", "notice-2.jsonl", "notice-3.jsonl"]),
    (["sub/a.txt", "a.txt"], ["sub/a.jsonl", "a.jsonl"]),
    (["a.txt", "a.md", "a.txt.md"], ["a.txt.jsonl", "a.md.jsonl", "a.txt-2.jsonl"]),
    (["Notice.txt", "notice.txt"], ["Notice.jsonl", "notice-2.jsonl"]),      # one file on macOS/Windows
    (["README", "README.txt"], ["README.jsonl", "README.txt.jsonl"]),
])
def test_output_names_never_clash(inputs, outputs):
    assert batch.output_names(inputs) == outputs


def test_two_formats_of_one_stem_in_a_folder_keep_both_outputs(tmp_path):
    folder = write_notices(tmp_path / "in", {"a.txt": NOTICE_A, "a.md": NOTICE_B})
    out = tmp_path / "out"
    assert invoke("extract", folder, "-o", out, "-q").exit_code == 0
    titles = {e["output"]: records_of(out / e["output"])[0]["title"] for e in manifest_of(out)["notices"]}
    assert titles == {"a.md.jsonl": "关于开展城镇燃气安全专项整治的通知", "a.txt.jsonl": "关于做好秋冬季森林防火工作的通知"}


@pytest.fixture
def dated_folder(tmp_path):
    return write_notices(tmp_path / "in", {"2024/a.txt": NOTICE_A, "2024/b.md": NOTICE_B, "2023/c.txt": NOTICE_A,
                                           "d.txt": NOTICE_B, "e.jpg": b"\xff\xd8\xff\xe0" + bytes(16)})


@pytest.mark.parametrize("globs, taken", [
    (["*.md"], ["2024/b.md"]),
    (["2024/*"], ["2024/a.txt", "2024/b.md"]),
    (["d*", "*.md"], ["2024/b.md", "d.txt"]),
])
def test_glob_filters_the_files_of_folders(dated_folder, tmp_path, globs, taken):
    out = tmp_path / "out"
    args = [a for g in globs for a in ("--glob", g)]
    result = invoke("extract", dated_folder, *args, "-o", out)
    assert result.exit_code == 0, result.stderr
    manifest = manifest_of(out)
    assert [e["source"] for e in manifest["notices"]] == taken
    assert manifest["skipped"] == [] and "skipped" not in result.stderr      # e.jpg was not asked for


def test_glob_matching_nothing_is_a_usage_error(dated_folder, tmp_path):
    result = invoke("extract", dated_folder, "--glob", "*.docx", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "no notice files found matching *.docx" in result.stderr


def test_skipped_files_are_counted_by_extension():
    skipped = [batch.SkippedEntry(path=f"in/{name}", reason=f"not a notice file ({Path(name).suffix})")
               for name in ("a.xls", "b.JPG", "c.jpg", "d.xls", "e.xls")]
    skipped.append(batch.SkippedEntry(path="in/loop", reason="symbolic link loop: folder already visited"))
    assert batch.skipped_summary(skipped) == "6 files: 3 .xls, 2 .jpg, 1 symbolic link loop"


def test_an_output_folder_inside_the_input_is_not_read_back(tmp_path):
    folder = write_notices(tmp_path / "in", {"a.txt": NOTICE_A, "b.txt": NOTICE_B})
    out = folder / "out"
    assert invoke("extract", folder, "-o", out, "-q").exit_code == 0
    first = (out / "manifest.json").read_bytes()
    result = invoke("extract", folder, "-o", out)
    assert result.exit_code == 0 and "skipped" not in result.stderr
    assert (out / "manifest.json").read_bytes() == first


# ---------------------------------------------------------------- one error style

def test_diff_and_ingest_name_a_missing_or_wrong_file_in_one_line(tmp_path):
    notice = write_notices(tmp_path, {"a.txt": NOTICE_A}) / "a.txt"
    for args, expected in [
        (["diff", tmp_path / "nope.txt", notice], f"taizhang: {tmp_path / 'nope.txt'}: no such file\n"),
        (["diff", notice, tmp_path], f"taizhang: {tmp_path}: is a folder, not a file\n"),
        (["ingest", tmp_path / "nope.txt", "--seeds", tmp_path], f"taizhang: {tmp_path / 'nope.txt'}: no such file\n"),
        (["ingest", notice, "--seeds", notice], f"taizhang: {notice}: seeds folder is not a folder "
                                                "(it is a file or a device)\n"),
    ]:
        result = invoke(*args)
        assert (result.exit_code, result.stderr) == (2, expected), args


def test_diff_of_an_unreadable_notice_is_one_line_exit_2(tmp_path):
    notice = write_notices(tmp_path, {"a.txt": NOTICE_A, "scan.txt": b"\x89PNG\r\n\x1a\n" + bytes(16)})
    result = invoke("diff", notice / "a.txt", notice / "scan.txt")
    assert result.exit_code == 2
    assert result.stderr == f"taizhang: {notice / 'scan.txt'}: not a text notice: the bytes are a PNG image\n"


def test_ingest_into_a_folder_that_cannot_be_written_adds_nothing(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    notice = write_notices(tmp_path, {"a.txt": NOTICE_A}) / "a.txt"
    refuse_creating_in(monkeypatch, seeds)
    result = invoke("ingest", notice, "--seeds", seeds)
    assert result.exit_code == 2
    assert result.stderr == f"taizhang: {seeds}: cannot write in the seeds folder: Permission denied\n"
    assert list(seeds.iterdir()) == []


def test_usage_errors_are_one_line_with_a_pointer_to_help(tmp_path):
    result = invoke("extract", SEEDS, "--no-such-option")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("taizhang: ") and "--no-such-option" in line and "taizhang extract --help" in line
    assert "Usage:" not in result.stderr


def test_an_internal_error_of_a_command_is_one_line_unless_debug(tmp_path, monkeypatch):
    import taizhang.pipeline.diff

    def broken(old, new):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(taizhang.pipeline.diff, "diff_records", broken)
    notice = write_notices(tmp_path, {"a.txt": NOTICE_A}) / "a.txt"
    quiet = invoke("diff", notice, notice)
    assert quiet.exit_code == 2
    assert quiet.stderr == "taizhang: internal error (ZeroDivisionError: a bug); --debug shows the traceback\n"
    for args in (["--debug", "diff", notice, notice], ["diff", notice, notice, "--debug"]):
        debug = invoke(*args)
        assert debug.exit_code == 2
        assert "Traceback" in debug.stderr and debug.stderr.endswith("internal error (ZeroDivisionError: a bug)\n")


def test_ctrl_c_in_any_command_exits_130_quietly(tmp_path, monkeypatch):
    import taizhang.pipeline.diff

    def interrupted(old, new):
        raise KeyboardInterrupt

    monkeypatch.setattr(taizhang.pipeline.diff, "diff_records", interrupted)
    notice = write_notices(tmp_path, {"a.txt": NOTICE_A}) / "a.txt"
    result = invoke("diff", notice, notice)
    assert (result.exit_code, result.stderr) == (130, "taizhang: interrupted\n")


# ---------------------------------------------------------------- Ctrl-C on a parallel batch

def _many_seed_copies(folder: Path, copies: int) -> int:
    folder.mkdir()
    for n in range(copies):
        for seed in SEED_FILES:
            (folder / f"{n:03d}_{seed.name}").write_bytes(seed.read_bytes())
    return copies * len(SEED_FILES)


def _group_gone(pgid: int, within: float = 10.0) -> bool:
    """True when no process of the group is left (the workers stopped with their parent)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_ctrl_c_on_a_parallel_batch_keeps_what_finished(tmp_path):
    """Ctrl-C in a terminal signals the whole process group: the parent and every worker."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    total = _many_seed_copies(inbox, 24)
    process = subprocess.Popen(TAIZHANG + ["extract", str(inbox), "-o", str(out), "-j", "2"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.jsonl"))) < 4:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    stderr = stderr.decode()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "SpawnPoolWorker" not in stderr and "Process " not in stderr
    assert stderr.splitlines()[-1].startswith("taizhang: interrupted: ")
    assert _group_gone(process.pid), "worker processes outlived the run"
    manifest = manifest_of(out)
    entries = manifest["notices"]
    assert manifest["interrupted"] is True
    assert [e["source"] for e in entries] == sorted(p.name for p in inbox.iterdir())     # every input, in order
    statuses = {e["status"] for e in entries}
    assert statuses == {"ok", "not_run"}, "the run was not interrupted midway"
    done = [e for e in entries if e["status"] == "ok"]
    for entry in done:
        lines = (out / entry["output"]).read_text(encoding="utf-8").splitlines()
        assert len(lines) == sum(entry["counts"].values())
    assert all(e["output"] is None for e in entries if e["status"] == "not_run")
    assert manifest["totals"]["not_run"] == total - len(done)
    assert not list(out.rglob(".taizhang-tmp-*"))
    # a notice a worker wrote in the instant before the stop may be listed as not run
    assert len(list(out.glob("*.jsonl"))) - len(done) <= 2


# ---------------------------------------------------------------- progress

def _on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal of 100 columns; (exit status, what it showed)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(TAIZHANG + args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:         # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return process.wait(timeout=120), shown.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(tmp_path):
    inbox = tmp_path / "inbox"
    total = _many_seed_copies(inbox, 8)     # a run longer than the bar's half second of delay
    status, shown = _on_a_terminal(["extract", str(inbox), "-o", str(tmp_path / "tty")])
    assert status == 0
    assert "extracting" in shown and f"/{total}" in shown and "notice/s" in shown
    assert f"{total} notices: {total} ok" in shown
    status, shown = _on_a_terminal(["extract", str(inbox), "-o", str(tmp_path / "quiet"), "-q"])
    assert (status, shown) == (0, "")
    piped = run("extract", inbox, "-o", tmp_path / "piped")
    assert piped.returncode == 0
    assert b"extracting" not in piped.stderr and b"\r" not in piped.stderr
    [line] = piped.stderr.decode().splitlines()
    assert line.startswith(f"{total} notices: {total} ok, 0 failed; ")


def test_quiet_still_prints_one_line_per_failure(tmp_path):
    """-q hides the bar and the summary, not the failures: each is one line naming its file."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(NOTICE_A, encoding="utf-8")
    (inbox / "broken.txt").write_bytes(bytes(range(128, 256)) * 20)
    result = invoke("extract", inbox, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("taizhang: ") and "broken.txt" in lines[0]
    assert (tmp_path / "out" / "good.jsonl").is_file()
