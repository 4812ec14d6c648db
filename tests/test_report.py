"""The report page: records highlighted in the notice text, the ledger beside it, autoescaped,
found text or an honest note, the diff side by side, and the page working in headless Chromium.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from taizhang import cli
from taizhang.pipeline import ledger
from taizhang.pipeline.writers import report

from conftest import SEEDS, read_records

NOTICE = """清河县人民政府办公室文件

清政办发〔2023〕8号

清河县人民政府办公室
关于印发《清河县河道管理问题整改工作方案》的通知

各乡镇人民政府，县直有关部门：
　　现将《清河县河道管理问题整改工作方案》印发给你们，请认真贯彻执行。

　　一、整改任务
　　（一）部分河段违规采砂问题
　　整改措施：一是开展河道采砂专项整治，依法取缔非法采砂点12处。二是建立河长巡河制度。
　　牵头单位：县水利局
　　配合单位：县公安局
　　完成时限：2023年6月30日前
　　（二）河道垃圾清理不及时问题
　　整改措施：落实保洁经费80万元。
　　责任单位：县城市管理局
　　完成时限：长期坚持

清河县人民政府办公室
2023年3月1日
"""

#: The same structure, with markup in its heading and text that must show as text.
HOSTILE = NOTICE.replace("部分河段违规采砂问题", "部分河段<script>alert(1)</script>违规采砂问题").replace(
    "建立河长巡河制度", "建立<img src=x onerror=alert(2)>河长巡河制度")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def extract_to(folder: Path, name: str, text: str) -> tuple[Path, Path]:
    """Write a notice and extract it through the batch runner: (notice file, its .jsonl)."""
    from taizhang.pipeline.batch import collect, run_batch

    source = folder / "notices" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    jobs, skipped = collect([source.parent])
    run_batch(jobs, skipped, folder / "out")
    return source, folder / "out" / (Path(name).stem + ".jsonl")


@pytest.fixture
def extracted(tmp_path):
    return extract_to(tmp_path, "清河县整改方案.txt", NOTICE)


def marks_in(page: str) -> list[tuple[str, str]]:
    """(type, record index) of every highlight in the page."""
    return re.findall(r'<mark class="r r-(\w+)" data-r="(\d+)"', page)


# ---------------------------------------------------------------- the text and its marks

def test_every_record_is_highlighted_in_place(extracted):
    source, jsonl = extracted
    records = read_records(jsonl)
    page = report.render(ledger.notices_of(jsonl), as_of="2023-06-10", text_files=[source])
    kinds = {kind for kind, _ in marks_in(page)}
    assert {"issue", "section", "deadline", "figure", "unit"} <= kinds
    highlighted = {int(key) for _, key in marks_in(page)}
    shown = [r for r in records if r["type"] in report.HIGHLIGHTED and r["span"][1] > r["span"][0]]
    assert len(highlighted) == len(shown)
    text = re.search(r'<pre class="source">(.*?)</pre>', page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", text)) == NOTICE      # the text itself, unchanged


def test_the_ledger_sits_beside_the_text(extracted):
    source, jsonl = extracted
    page = report.render(ledger.notices_of(jsonl), as_of="2023-06-10", text_files=[source])
    table = re.search(r'<table class="rows">(.*?)</table>', page, re.S).group(1)
    assert table.count("<tr data-r=") == sum(r["type"] == "issue" for r in read_records(jsonl))
    assert "县水利局" in table and "30天内到期" in table and "长期" in table


def test_markup_in_a_notice_is_shown_as_text(tmp_path):
    source, jsonl = extract_to(tmp_path, "hostile.txt", HOSTILE)
    page = report.render(ledger.notices_of(jsonl), text_files=[source])
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script") == 2      # the records' JSON and the page's own script, nothing else


@given(st.text(alphabet="ab。\n", min_size=0, max_size=40),
       st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45)), max_size=12))
@settings(max_examples=300, deadline=None)
def test_highlight_keeps_the_text_and_nests_any_spans(text, spans):
    catalogue = report.Catalogue()
    marks = []
    for start, end in spans:
        key = catalogue.add({"type": "figure", "raw": "x"})
        marks.append((start, end, 0, key))
    tokens = report.highlight(text, marks, catalogue)
    assert "".join(t.get("text", "") for t in tokens) == text
    depth, covered, open_keys, position = 0, {}, [], 0
    for token in tokens:
        if "open" in token:
            open_keys.append(token["open"])
        elif "close" in token:
            open_keys.pop()
        else:
            for key in open_keys:
                covered.setdefault(key, set()).update(range(position, position + len(token["text"])))
            position += len(token["text"])
        assert len(open_keys) >= 0
    assert not open_keys                         # every mark closed, in nesting order
    for (start, end, _, key) in marks:           # each record covers exactly its span, cut or not
        assert covered.get(key, set()) == set(range(max(0, start), min(end, len(text))))


# ---------------------------------------------------------------- finding the text

def test_text_is_found_beside_the_jsonl_as_source_txt(extracted):
    source, jsonl = extracted
    jsonl.with_name(jsonl.stem + ".source.txt").write_text(NOTICE, encoding="utf-8")
    found = report.find_text(ledger.notices_of(jsonl)[0], {}, [])
    assert found.text == NOTICE and found.found_in.endswith(".source.txt")


def test_text_is_found_through_the_manifest(extracted, tmp_path, monkeypatch):
    source, jsonl = extracted
    manifest = jsonl.with_name("manifest.json")
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["notices"][0]["path"] = str(source)     # the input path as extract was given it
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "out")          # neither the source path nor a --text helps here
    found = report.find_text(ledger.notices_of(jsonl)[0], {}, [])
    assert found.text == NOTICE


def moved_away(source: Path, tmp_path: Path) -> Path:
    """The notices folder moved elsewhere, so that the manifest's input path no longer leads to it."""
    target = tmp_path / "elsewhere"
    source.parent.rename(target)
    return target


def test_text_is_found_through_the_source_path_from_the_current_folder(extracted, tmp_path, monkeypatch):
    source, jsonl = extracted
    monkeypatch.chdir(moved_away(source, tmp_path))     # the document's source is relative to the folder given
    found = report.find_text(ledger.notices_of(jsonl)[0], {}, [])
    assert found.text == NOTICE


def test_text_is_found_in_a_folder_given_with_text(extracted, tmp_path, monkeypatch):
    source, jsonl = extracted
    folder = moved_away(source, tmp_path)
    monkeypatch.chdir(tmp_path)
    assert report.find_text(ledger.notices_of(jsonl)[0], {}, []).text is None
    assert report.find_text(ledger.notices_of(jsonl)[0], {}, [folder]).text == NOTICE
    assert report.find_text(ledger.notices_of(jsonl)[0], {}, [folder / source.name]).text == NOTICE


def test_another_version_of_the_notice_is_not_used(extracted, tmp_path, monkeypatch):
    source, jsonl = extracted
    moved_away(source, tmp_path)
    monkeypatch.chdir(tmp_path)
    changed = tmp_path / "v2" / source.name
    changed.parent.mkdir()
    changed.write_text(NOTICE.replace("12处", "15处"), encoding="utf-8")
    found = report.find_text(ledger.notices_of(jsonl)[0], {}, [changed.parent])
    assert found.text is None and "another version" in found.note


def test_without_text_the_records_and_ledger_show_with_a_note(extracted, tmp_path, monkeypatch):
    source, jsonl = extracted
    moved_away(source, tmp_path)
    monkeypatch.chdir(tmp_path)
    page = report.render(ledger.notices_of(jsonl), as_of="2023-06-10")
    assert 'class="note no-text"' in page and "--text" in page
    assert '<ol class="listing">' in page and "县水利局" in page
    assert not marks_in(page)


# ---------------------------------------------------------------- diff

def test_diff_shows_the_changes_side_by_side(extracted, tmp_path):
    source, jsonl = extracted
    newer, _ = extract_to(tmp_path / "v2", source.name, NOTICE.replace("配合单位：县公安局", "配合单位：县公安局、县交通运输局"))
    out = tmp_path / "diff.html"
    result = report.make_report([], out, diff_paths=(jsonl, newer))
    page = out.read_text(encoding="utf-8")
    assert result.changes and result.notices == 1
    row = next(r for r in re.findall(r'<tr class="c-\w+">(.*?)</tr>', page, re.S) if "县交通运输局" in r)
    before, after = re.findall(r'<td class="(?:before|after)">(.*?)</td>', row, re.S)
    assert "县交通运输局" not in before and "<ins>" in after
    assert marks_in(page)                       # the new version, shown with its text below


# ---------------------------------------------------------------- the command

def test_report_command(extracted, tmp_path):
    source, jsonl = extracted
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli.main, ["report", str(jsonl), "-o", str(out), "--text", str(source)])
    assert result.exit_code == 0, result.output
    assert marks_in(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("arguments, culprit", [
    ([], "report"),
    (["{missing}"], "{missing}"),
    (["{jsonl}", "--text", "{missing}"], "{missing}"),
    (["{jsonl}", "--as-of", "tomorrow"], "--as-of"),
])
def test_report_command_errors_are_one_line_with_exit_2(extracted, tmp_path, arguments, culprit):
    values = {"missing": str(tmp_path / "no-such.jsonl"), "jsonl": str(extracted[1])}
    result = CliRunner().invoke(cli.main, ["report", *(a.format(**values) for a in arguments),
                                           "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"taizhang: {culprit.format(**values)}: ")
    assert not (tmp_path / "r.html").exists()


# ---------------------------------------------------------------- in a browser

def _browser_or_skip():
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    return sync_playwright


def test_report_in_headless_chromium(tmp_path, seed_out):
    sync_playwright = _browser_or_skip()
    source, jsonl = extract_to(tmp_path / "plain", "清河县整改方案.txt", NOTICE)
    hostile, hostile_jsonl = extract_to(tmp_path / "hostile", "hostile.txt", HOSTILE)
    seed = sorted(seed_out.glob("*.jsonl"))[0]
    page_path = tmp_path / "report.html"
    report.make_report([jsonl, hostile_jsonl, seed], page_path, text_files=[source, hostile, SEEDS],
                       as_of="2023-06-10")
    expected_marks = len(marks_in(page_path.read_text(encoding="utf-8")))
    issues = sum(r["type"] == "issue" for p in (jsonl, hostile_jsonl, seed) for r in read_records(p))

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=BROWSER_FLAGS,
            viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            errors, dialogs, requests = [], [], []
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            assert page.locator("mark.r").count() == expected_marks
            assert page.locator("mark.r-issue").count() >= issues
            assert page.locator("mark.r-figure").count() > 0 and page.locator("mark.r-unit").count() > 0
            assert page.get_by_text("<script>alert(1)</script>", exact=False).count() >= 1
            page.locator("table.rows tr[data-r]").first.click()            # a ledger row opens its record
            assert page.locator("#panel").is_visible()
            assert page.locator("#panel-title").inner_text().startswith("issue")
            page.locator("mark.r-unit").first.click()                      # a highlight opens its fields
            assert "role" in page.locator("#panel-fields").inner_text()
            page.locator("input[data-toggle=figure]").uncheck()            # the legend hides a type
            assert "hide-figure" in page.evaluate("document.body.className")
            screenshot = tmp_path / "report.png"
            page.screenshot(path=str(screenshot))
        finally:
            context.close()
    assert errors == [] and dialogs == []
    assert all(url.startswith("file:") for url in requests)                 # no network
    assert screenshot.stat().st_size > 10_000
