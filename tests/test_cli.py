"""The command line and batch behaviour: exit codes, manifest, determinism, bad inputs, big inputs."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS, refuse_reading
from taizhang import cli
from taizhang.pipeline.write import TEMP_PREFIX

SEED_FILES = sorted(SEEDS.glob("*.txt"))
TAIZHANG = [sys.executable, str(ROOT / "cli.py")]


def run(*args, cwd=ROOT, timeout=120) -> subprocess.CompletedProcess:
    """The CLI in a fresh interpreter, as a user runs it."""
    return subprocess.run([*TAIZHANG, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def invoke(*args):
    """The CLI in this process (faster: the pipeline is imported once); exit_code, stdout, stderr."""
    return CliRunner().invoke(cli.main, [str(a) for a in args], catch_exceptions=False)


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file below *folder* (hidden ones too), by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def records_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory):
    """One run over the seeds folder, shared by the tests that only read its output."""
    out = tmp_path_factory.mktemp("seeds_out")
    result = run("extract", SEEDS, "-o", out)
    return out, result


# --- start-up ------------------------------------------------------------------------------

def test_help_works():
    result = run("--help")
    assert result.returncode == 0
    assert "extract" in result.stdout
    assert result.stderr == ""
    result = run("extract", "--help")
    assert result.returncode == 0
    assert "-o, --out" in result.stdout


def test_console_script_help():
    script = Path(sys.executable).with_name("taizhang")
    if not script.exists():
        pytest.skip("console script not installed next to this interpreter")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "extract" in result.stdout


def test_importing_cli_does_not_import_heavy_modules():
    code = ("import sys\nfrom taizhang import cli\n"
            "heavy = sorted(m for m in ('opencc', 'jieba', 'pydantic', 'schemas', 'pipeline.normalize')"
            " if m in sys.modules)\n"
            "print(','.join(heavy))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    heavy = set(filter(None, result.stdout.strip().split(",")))
    assert "opencc" not in heavy and "jieba" not in heavy, heavy


def test_help_does_not_import_heavy_modules():
    runner = CliRunner()
    code = ("import sys\n"
            "from click.testing import CliRunner\n"
            "from taizhang import cli\n"
            "result = CliRunner().invoke(cli.main, ['--help'])\n"
            "assert result.exit_code == 0, result.output\n"
            "print('opencc' in sys.modules, 'jieba' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
    assert runner.invoke(cli.main, ["--help"]).exit_code == 0


# --- usage errors --------------------------------------------------------------------------------

def test_missing_output_option_is_a_usage_error(tmp_path):
    result = run("extract", SEEDS)          # a real process: the exit status as a shell sees it
    assert result.returncode == 2
    assert "-o" in result.stderr
    assert "Traceback" not in result.stderr


def test_nonexistent_path_is_a_usage_error(tmp_path):
    result = invoke("extract", tmp_path / "no-such-folder", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "no-such-folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_no_paths_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli.main, ["extract", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2


def test_output_that_is_a_file_is_a_usage_error(tmp_path):
    target = tmp_path / "out"
    target.write_text("not a folder")
    result = invoke("extract", SEEDS, "-o", target)
    assert result.exit_code == 2
    assert result.stderr == f"taizhang: {target}: output folder is not a folder (it is a file or a device)\n"
    assert target.read_text() == "not a folder"


def test_folder_without_notices_is_a_usage_error(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.csv").write_text("a,b\n")
    result = invoke("extract", folder, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "no notice files" in result.stderr and ".txt" in result.stderr
    assert not (tmp_path / "out").exists()          # nothing is created for a run that cannot start


# --- a run over the seeds ----------------------------------------------------------------------

def test_extract_seeds(seeds_out):
    out, result = seeds_out
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([p.stem + ".jsonl" for p in SEED_FILES] + ["manifest.json"])
    manifest = manifest_of(out)
    entries = manifest["notices"]
    assert [e["source"] for e in entries] == [p.name for p in SEED_FILES]     # input order
    assert all(e["status"] == "ok" and e["error"] is None for e in entries)
    for entry, path in zip(entries, SEED_FILES):
        records = records_of(out / (path.stem + ".jsonl"))
        assert entry["doc_id"] == records[0]["doc_id"]
        assert records[0]["type"] == "document"
        assert all(r["doc_id"] == entry["doc_id"] for r in records)
        counts: dict[str, int] = {}
        for r in records:
            counts[r["type"]] = counts.get(r["type"], 0) + 1
        assert entry["counts"] == counts
        assert counts.get("section", 0) > 0
    assert manifest["totals"]["notices"] == manifest["totals"]["ok"] == len(SEED_FILES)
    assert manifest["totals"]["failed"] == 0


def test_records_have_type_first_and_ids_unique(seeds_out):
    out, _ = seeds_out
    for path in SEED_FILES:
        lines = (out / (path.stem + ".jsonl")).read_text(encoding="utf-8").splitlines()
        assert lines and all(line.startswith('{"type":') for line in lines)
        ids = [json.loads(line)["id"] for line in lines]
        assert len(ids) == len(set(ids))


def test_output_files_are_readable_like_any_new_file(seeds_out):
    """Atomic writes go through mkstemp (mode 0600); the result must have the usual mode."""
    out, _ = seeds_out
    umask = os.umask(0)
    os.umask(umask)
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path.name


def test_two_runs_give_byte_identical_folders(seeds_out, tmp_path):
    out, _ = seeds_out
    again = tmp_path / "again"
    result = run("extract", SEEDS, "-o", again)
    assert result.returncode == 0, result.stderr
    assert files_of(again) == files_of(out)


def test_rerun_into_the_same_folder_is_identical(seeds_out, tmp_path):
    first, _ = seeds_out
    out = tmp_path / "out"
    shutil.copytree(first, out)
    (out / f"{TEMP_PREFIX}left-by-a-killed-run").write_text("half a file")
    assert run("extract", SEEDS, "-o", out, "-q").returncode == 0
    assert files_of(out) == files_of(first)


def test_parallel_workers_give_the_same_output(seeds_out, tmp_path):
    out, _ = seeds_out
    parallel = tmp_path / "parallel"
    result = run("extract", SEEDS, "-o", parallel, "-j", "2", "-q")
    assert result.returncode == 0, result.stderr
    assert files_of(parallel) == files_of(out)


def test_no_temporary_files_are_left(seeds_out):
    out, _ = seeds_out
    leftovers = [p for p in out.rglob("*") if p.name.startswith(TEMP_PREFIX) or p.name.startswith(".")]
    assert leftovers == []


def test_files_given_one_by_one_keep_their_order(tmp_path):
    order = [SEED_FILES[3], SEED_FILES[0], SEED_FILES[2]]
    out = tmp_path / "out"
    result = invoke("extract", *order, "-o", out, "-q")
    assert result.exit_code == 0, result.stderr
    assert [e["source"] for e in manifest_of(out)["notices"]] == [p.name for p in order]


def test_same_stem_in_two_folders_does_not_overwrite(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copy(SEED_FILES[0], a / "notice.txt")
    shutil.copy(SEED_FILES[1], b / "notice.txt")
    out = tmp_path / "out"
    result = invoke("extract", a / "notice.txt", b / "notice.txt", "-o", out, "-q")
    assert result.exit_code == 0, result.stderr
    outputs = [e["output"] for e in manifest_of(out)["notices"]]
    assert len(set(outputs)) == 2
    doc_ids = {records_of(out / name)[0]["doc_id"] for name in outputs}
    assert len(doc_ids) == 2


# --- a folder with bad files ------------------------------------------------------------------

def _bad_folder(folder: Path) -> dict[str, str]:
    """The seeds plus bad files; returns bad .txt name → a word the error must contain."""
    folder.mkdir()
    for path in SEED_FILES:
        shutil.copy(path, folder / path.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64)))
    with zipfile.ZipFile(folder / "report.txt", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>关于加强安全生产工作的通知</w:document>")
    (folder / "blank.txt").write_text(" \n\n\t\n", encoding="utf-8")
    (folder / "notes.csv").write_text("单位,时限\n市财政局,2021年12月31日前\n", encoding="utf-8")
    sub = folder / "sub"
    sub.mkdir()
    (sub / "loop").symlink_to("..", target_is_directory=True)
    return {"blank.txt": "white space", "empty.txt": "empty", "image.txt": "PNG", "report.txt": "ZIP"}


def test_bad_files_fail_alone_and_the_rest_is_unchanged(tmp_path):
    folder = tmp_path / "mixed"
    bad = _bad_folder(folder)
    out = tmp_path / "seeds_out"
    assert run("extract", SEEDS, "-o", out, "-q").returncode == 0
    mixed_out = tmp_path / "mixed_out"
    result = run("extract", folder, "-o", mixed_out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    manifest = manifest_of(mixed_out)
    entries = manifest["notices"]
    # one entry per notice file, in input (sorted) order; the .csv and the link loop are not notices
    expected = sorted([p.name for p in SEED_FILES] + list(bad))
    assert [e["source"] for e in entries] == expected
    failed = {e["source"]: e["error"] for e in entries if e["status"] == "failed"}
    assert set(failed) == set(bad)
    for name, problem in bad.items():
        assert name in failed[name] and problem in failed[name], failed[name]
        assert f"{name}" in result.stderr
    assert all(e["output"] is None and e["doc_id"] is None for e in entries if e["status"] == "failed")
    # skipped files are noted, with a reason
    skipped = {Path(s["path"]).name: s["reason"] for s in manifest["skipped"]}
    assert "notes.csv" in skipped and ".csv" in skipped["notes.csv"]
    assert "loop" in skipped and "loop" in skipped["loop"]
    # on stderr, one line counts them instead of a line each
    assert "notes.csv" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if "skipped 2 files" in line]
    assert "1 .csv" in line and "1 symbolic link loop" in line
    assert manifest["totals"]["failed"] == len(bad)
    assert manifest["totals"]["skipped"] == len(skipped)
    # good notices: byte-identical to a run over the seeds alone; no output for the bad ones
    produced = files_of(mixed_out)
    seeds_only = files_of(out)
    for path in SEED_FILES:
        name = path.stem + ".jsonl"
        assert produced[name] == seeds_only[name], name
    assert set(produced) == set(seeds_only)      # the same .jsonl files, plus manifest.json


def test_a_bad_file_given_directly_fails_with_exit_1(tmp_path):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    result = invoke("extract", SEED_FILES[0], bad, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "scan.txt" in result.stderr and "PNG" in result.stderr
    assert "Traceback" not in result.stderr
    statuses = [e["status"] for e in manifest_of(tmp_path / "out")["notices"]]
    assert statuses == ["ok", "failed"]


def test_an_unreadable_file_fails_alone(tmp_path, monkeypatch):
    """A file the user may not read (root reads any file, so the refusal is simulated)."""
    locked = tmp_path / "locked.txt"
    shutil.copy(SEED_FILES[0], locked)
    refuse_reading(monkeypatch, locked.name)
    result = invoke("extract", locked, SEED_FILES[1], "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "locked.txt" in result.stderr and "permission denied" in result.stderr
    assert "Traceback" not in result.stderr


# --- notices with unusual structure ----------------------------------------------------------------

NO_HEADINGS = """关于做好2024年防汛工作的通知
各苏木镇人民政府，旗直各有关部门：
入汛以来，我旗降雨偏多，防汛形势严峻。各单位要认真落实防汛责任，加强隐患排查，确保安全度汛。
鄂托克旗人民政府办公室
2024年6月1日
"""

SKIPPED_LEVEL = """关于开展安全生产大检查的通知
各苏木镇人民政府：
一、检查范围
1.危险化学品企业。重点检查储存设施。
2.非煤矿山企业
（1）尾矿库
二、工作要求
1.加强组织领导。各单位要成立工作专班。
鄂托克旗人民政府
2024年6月1日
"""

RESTARTED = """关于印发整改方案的通知
各苏木镇人民政府：
一、总体要求
（一）提高站位
（二）压实责任
二、主要任务
（一）加强监管
1.开展排查
1.建立台账
附件
整改任务清单
一、第一项任务
（一）细化分解
鄂托克旗人民政府
2024年6月1日
"""


@pytest.fixture(scope="module")
def structure_out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("structure")
    for name, text in [("no_headings", NO_HEADINGS), ("skipped_level", SKIPPED_LEVEL), ("restarted", RESTARTED)]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    out = folder / "out"
    result = invoke("extract", folder, "-o", out, "-q")
    assert result.exit_code == 0, result.stderr
    return out


def sections_of(out: Path, name: str) -> list[dict]:
    return [r for r in records_of(out / f"{name}.jsonl") if r["type"] == "section"]


def tree(sections: list[dict]) -> list[tuple]:
    """(marker, title, level, ordinal, parent's marker+title or None, part) per section."""
    by_id = {s["id"]: s for s in sections}
    return [(s["marker"], s["title"], s["level"], s["ordinal"],
             by_id[s["parent"]]["marker"] + by_id[s["parent"]]["title"] if s["parent"] else None, s["part"])
            for s in sections]


def test_notice_without_headings(structure_out):
    assert sections_of(structure_out, "no_headings") == []
    records = records_of(structure_out / "no_headings.jsonl")
    document = records[0]
    assert document["title"] == "关于做好2024年防汛工作的通知"
    assert document["signed_date"] == "2024-06-01"


def test_headings_that_skip_a_level(structure_out):
    assert tree(sections_of(structure_out, "skipped_level")) == [
        ("一、", "检查范围", 1, 1, None, 0),
        ("1.", "危险化学品企业", 3, 1, "一、检查范围", 0),
        ("2.", "非煤矿山企业", 3, 2, "一、检查范围", 0),
        ("（1）", "尾矿库", 4, 1, "2.非煤矿山企业", 0),
        ("二、", "工作要求", 1, 2, None, 0),
        ("1.", "加强组织领导", 3, 1, "二、工作要求", 0),
    ]


def test_headings_that_restart_numbering(structure_out):
    assert tree(sections_of(structure_out, "restarted")) == [
        ("一、", "总体要求", 1, 1, None, 0),
        ("（一）", "提高站位", 2, 1, "一、总体要求", 0),
        ("（二）", "压实责任", 2, 2, "一、总体要求", 0),
        ("二、", "主要任务", 1, 2, None, 0),
        ("（一）", "加强监管", 2, 1, "二、主要任务", 0),
        ("1.", "开展排查", 3, 1, "（一）加强监管", 0),
        ("1.", "建立台账", 3, 1, "（一）加强监管", 0),      # numbered 1. twice: kept as written
        ("一、", "第一项任务", 1, 1, None, 1),               # the attachment starts part 1
        ("（一）", "细化分解", 2, 1, "一、第一项任务", 1),
    ]


def test_section_ids_are_unique_and_parents_come_first(structure_out):
    for name in ("skipped_level", "restarted"):
        sections = sections_of(structure_out, name)
        ids = [s["id"] for s in sections]
        assert len(ids) == len(set(ids))
        seen: set[str] = set()
        for s in sections:
            assert s["parent"] is None or s["parent"] in seen
            seen.add(s["id"])


# --- a very large notice ------------------------------------------------------------------------

def _big_notice(path: Path, starts_with: str, megabytes: float) -> None:
    """A notice on a single line: one seed paragraph repeated."""
    seed = SEED_FILES[0].read_text(encoding="utf-8")
    paragraph = next(line for line in seed.split("\n") if line.startswith(starts_with))
    repeats = int(megabytes * 2**20) // len(paragraph.encode("utf-8")) + 1
    path.write_text(paragraph * repeats, encoding="utf-8")


@pytest.mark.slow
def test_30_mb_notice_on_one_line(tmp_path):
    notice = tmp_path / "big.txt"
    _big_notice(notice, "全面贯彻党的十九大", 30)
    assert notice.stat().st_size >= 30 * 2**20
    assert b"\n" not in notice.read_bytes()
    out = tmp_path / "out"
    started = time.monotonic()
    try:
        result = run("extract", notice, "-o", out, "-q", timeout=90)
    except subprocess.TimeoutExpired:
        pytest.fail("a 30 MB notice took more than 90 s")
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert elapsed < 60, f"a 30 MB notice took {elapsed:.0f} s"
    document = records_of(out / "big.jsonl")[0]
    assert document["type"] == "document"
    assert document["span"] == [0, len(notice.read_text(encoding="utf-8"))]


@pytest.mark.slow
def test_figure_heavy_single_line_notice_scales_linearly(tmp_path):
    """Eight times the text must not take much more than eight times as long."""
    from taizhang.pipeline.run import extract

    warm_up = tmp_path / "warm_up.txt"
    _big_notice(warm_up, "自查情况：2020年度", 4 / 1024)
    extract(warm_up)                        # lexicons and OpenCC load once, outside the timing
    timings = []
    for kilobytes in (32, 256):
        notice = tmp_path / f"figures_{kilobytes}.txt"
        _big_notice(notice, "自查情况：2020年度", kilobytes / 1024)
        started = time.monotonic()
        records = extract(notice)
        timings.append(time.monotonic() - started)
        assert sum(r.type == "figure" for r in records) > kilobytes * 10
    small, large = timings
    assert large < 16 * max(small, 0.05), f"32 KB: {small:.2f} s, 256 KB: {large:.2f} s"
