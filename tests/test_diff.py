"""`taizhang diff`: version pairs built from seed 000 with real edits report exactly those edits.

Each edit shifts offsets and positional ids (`…/i7` becomes `…/i6`) for everything after
it; none of that may show up. Expectations are (change, type, field) triples.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from taizhang.cli import main
from taizhang.pipeline.diff import diff_records, read_records, report_lines
from conftest import SEEDS

SEED = SEEDS / "000_4f00c9cdb2e80354.txt"
ORIGINAL = SEED.read_text(encoding="utf-8")

ITEM_1 = "责任单位：市财政局\n\n完成时限：2021年12月31日前"           # (一)1, first occurrence
ITEM_2_START = "2.“成果转化"
ITEM_3_START = "3.“‘双创’资源投入少"
ITEM_4_START = "4.“科技管理体制改革滞后"
NEXT_PART = "(五)巩固拓展脱贫攻坚成果"


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def move_deadline(text: str) -> str:
    return edit(text, ITEM_1, "责任单位：市财政局\n\n完成时限：2022年6月30日前")


def add_unit(text: str) -> str:
    return edit(text, "责任单位：市财政局\n", "责任单位：市财政局、市审计局\n")


def remove_unit(text: str) -> str:
    return edit(text, "责任单位：市发展和改革委员会、各旗区人民政府", "责任单位：市发展和改革委员会")


def change_figure(text: str) -> str:
    return edit(text, "兑付率75.3%", "兑付率78.3%")


def reword_title(text: str) -> str:
    return edit(text, "成果转化体量较小", "成果转化规模较小")


def renumber(text: str) -> str:
    """Swap items (四)2 and (四)3 and renumber them: each keeps its content, gets a new number."""
    s2, s3, s4 = text.index(ITEM_2_START), text.index(ITEM_3_START), text.index(ITEM_4_START)
    second, third = text[s2:s3], text[s3:s4]
    third = third if third.endswith("\n\n") else third + "\n"
    return text[:s2] + "2." + third[2:] + "3." + second[2:].rstrip("\n") + "\n" + text[s4:]


def delete_item(text: str) -> str:
    start = text.index(ITEM_4_START)
    return text[:start] + text[text.index(NEXT_PART):]


@pytest.fixture(scope="module")
def old_records(tmp_path_factory) -> list[dict]:
    path = tmp_path_factory.mktemp("old") / "old.txt"
    path.write_text(ORIGINAL, encoding="utf-8")
    return read_records(path)


def records_of(tmp_path: Path, text: str) -> list[dict]:
    path = tmp_path / "new.txt"
    path.write_text(text, encoding="utf-8")
    return read_records(path)


def triples(changes) -> Counter:
    return Counter((c.change, c.type, c.field) for c in changes)


def test_same_text_has_no_changes(old_records, tmp_path):
    assert diff_records(old_records, records_of(tmp_path, ORIGINAL)) == []


def test_positional_fields_are_never_reported(old_records, tmp_path):
    """An extra blank line near the top shifts every offset; nothing is a change."""
    moved = edit(ORIGINAL, "各旗区人民政府，市直各有关部门：", "\n各旗区人民政府，市直各有关部门：")
    new_records = records_of(tmp_path, moved)
    assert [r["span"] for r in new_records[1:5]] != [r["span"] for r in old_records[1:5]]
    assert diff_records(old_records, new_records) == []


def test_moved_deadline(old_records, tmp_path):
    changes = diff_records(old_records, records_of(tmp_path, move_deadline(ORIGINAL)))
    assert triples(changes) == Counter({("changed", "issue", "deadlines"): 1,
                                        ("changed", "deadline", "raw"): 1,
                                        ("changed", "deadline", "date"): 1})
    date = next(c for c in changes if c.field == "date")
    assert (date.before, date.after) == ("2021-12-31", "2022-06-30")
    assert date.key.startswith("三、整改任务 › (一)减税降费助企发展方面 › 1.“部分工程类")


def test_added_and_removed_units(old_records, tmp_path):
    changes = diff_records(old_records, records_of(tmp_path, remove_unit(add_unit(ORIGINAL))))
    assert triples(changes) == Counter({("changed", "issue", "units"): 2,
                                        ("added", "unit", None): 1,
                                        ("removed", "unit", None): 1})
    added = next(c for c in changes if c.change == "added")
    removed = next(c for c in changes if c.change == "removed")
    assert added.after == {"name": "市审计局", "role": "responsible"}
    assert "(一)减税降费" in added.key
    assert removed.before == {"name": "各旗区人民政府", "role": "responsible"}
    assert "(二)扩内需" in removed.key


def test_changed_figure(old_records, tmp_path):
    changes = diff_records(old_records, records_of(tmp_path, change_figure(ORIGINAL)))
    assert triples(changes) == Counter({("changed", "figure", "raw"): 1,
                                        ("changed", "figure", "value"): 1,
                                        ("changed", "figure", "base_value"): 1,
                                        ("changed", "issue", "self_check"): 1})
    value = next(c for c in changes if c.field == "value")
    assert (value.before, value.after) == (75.3, 78.3)


def test_slightly_reworded_title_is_the_same_item(old_records, tmp_path):
    changes = diff_records(old_records, records_of(tmp_path, reword_title(ORIGINAL)))
    assert triples(changes) == Counter({("changed", "section", "title"): 1,
                                        ("changed", "issue", "title"): 1,
                                        ("changed", "issue", "problem"): 1})
    title = next(c for c in changes if c.type == "section")
    assert "体量较小" in title.before and "规模较小" in title.after


def test_renumbered_items_are_the_same_items(old_records, tmp_path):
    changes = diff_records(old_records, records_of(tmp_path, renumber(ORIGINAL)))
    assert triples(changes) == Counter({("changed", "section", "marker"): 2})
    markers = {c.key.split(" › ")[-1][:6]: (c.before, c.after) for c in changes}
    assert markers == {"2.“‘双创": ("3.", "2."), "3.“成果转": ("2.", "3.")}


def test_deleted_item_removes_its_records_only(old_records, tmp_path):
    changes = diff_records(old_records, records_of(tmp_path, delete_item(ORIGINAL)))
    section = next(r for r in old_records if r["type"] == "section" and r["title"].startswith("“科技管理体制"))
    inside = [r for r in old_records if r["id"] == section["id"] or r.get("section") == section["id"]]
    assert {c.change for c in changes} == {"removed"}
    assert Counter(c.type for c in changes) == Counter(r["type"] for r in inside)
    assert Counter(c.type for c in changes)["issue"] == 1


def test_all_edits_at_once(old_records, tmp_path):
    """Every edit together: the union of what each reports, nothing more."""
    text = ORIGINAL
    for step in (renumber, delete_item, move_deadline, add_unit, remove_unit, change_figure, reword_title):
        text = step(text)
    changes = diff_records(old_records, records_of(tmp_path, text))
    found = triples(changes)
    removed = Counter(c.type for c in changes if c.change == "removed")
    assert found - Counter({k: v for k, v in found.items() if k[0] == "removed"}) == Counter({
        ("changed", "issue", "deadlines"): 1, ("changed", "deadline", "raw"): 1,
        ("changed", "deadline", "date"): 1, ("changed", "issue", "units"): 2, ("added", "unit", None): 1,
        ("changed", "figure", "raw"): 1, ("changed", "figure", "value"): 1,
        ("changed", "figure", "base_value"): 1, ("changed", "issue", "self_check"): 1,
        ("changed", "section", "title"): 1, ("changed", "issue", "title"): 1,
        ("changed", "issue", "problem"): 1, ("changed", "section", "marker"): 2})
    assert removed["issue"] == 1 and removed["section"] == 1 and removed["unit"] >= 2


def test_document_fields_are_compared(old_records, tmp_path):
    changes = diff_records(old_records, records_of(tmp_path, edit(ORIGINAL, "，市政协办公室。", "。")))
    cc = next(c for c in changes if c.type == "document")
    assert (cc.change, cc.field, cc.after) == ("changed", "cc", ["市委办公室", "市人大常委会办公室"])
    assert cc.key == old_records[0]["doc_key"]
    others = [c for c in changes if c is not cc]           # the 抄送 line may also name a unit
    assert all((c.change, c.type, c.before["name"]) == ("removed", "unit", "市政协办公室") for c in others)


def test_report_groups_by_section(old_records, tmp_path):
    changes = diff_records(old_records, records_of(tmp_path, add_unit(move_deadline(ORIGINAL))))
    lines = report_lines(changes)
    assert lines[0].startswith("三、整改任务 › (一)减税降费助企发展方面 › 1.")
    assert all(line.startswith("  ") for line in lines[1:])
    assert "  + unit 市审计局  responsible" in lines
    assert any("date: 2021-12-31 → 2022-06-30" in line for line in lines)


# ------------------------------------------------------------ plain records, no extraction

def rec(kind: str, n: int, **fields) -> dict:
    return {"type": kind, "id": f"d-x/{kind[0]}{n}", "doc_id": "d-x", "span": [n * 10, n * 10 + 5], **fields}


def test_matching_ignores_shifted_ids_and_spans():
    old = [rec("section", 0, parent=None, level=1, ordinal=1, marker="一、", title="总体要求", part=0),
           rec("section", 1, parent=None, level=1, ordinal=2, marker="二、", title="整改任务", part=0),
           rec("unit", 0, section="d-x/s1", issue=None, name="市财政局", role="responsible")]
    new = [rec("section", 0, parent=None, level=1, ordinal=1, marker="一、", title="工作目标", part=0),
           rec("section", 1, parent=None, level=1, ordinal=2, marker="二、", title="总体要求", part=0),
           rec("section", 2, parent=None, level=1, ordinal=3, marker="三、", title="整改任务", part=0),
           rec("unit", 0, section="d-x/s2", issue=None, name="市财政局", role="responsible")]
    changes = diff_records(old, new)
    assert triples(changes) == Counter({("added", "section", None): 1, ("changed", "section", "marker"): 2})


def test_a_record_moved_to_another_section_reports_its_context():
    old = [rec("section", 0, parent=None, level=1, ordinal=1, marker="一、", title="总体要求", part=0),
           rec("section", 1, parent=None, level=1, ordinal=2, marker="二、", title="整改任务", part=0),
           rec("unit", 0, section="d-x/s0", issue=None, name="市财政局", role="mentioned")]
    new = [old[0], old[1], dict(old[2], section="d-x/s1")]
    [change] = diff_records(old, new)
    assert (change.field, change.before, change.after) == ("section", "一、总体要求", "二、整改任务")


# ------------------------------------------------------------ command line

def test_cli_exit_codes_and_json(tmp_path, old_records):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(ORIGINAL, encoding="utf-8")
    new.write_text(move_deadline(ORIGINAL), encoding="utf-8")
    runner = CliRunner()
    same = runner.invoke(main, ["diff", str(old), str(old)])
    assert same.exit_code == 0, same.output
    assert "no changes" in same.output
    result = runner.invoke(main, ["diff", str(old), str(new), "--json"])
    assert result.exit_code == 1, result.output
    changes = json.loads(result.output)
    assert isinstance(changes, list) and len(changes) == 3
    for change in changes:
        assert set(change) == {"change", "type", "key", "field", "before", "after"}
        assert change["change"] in ("added", "removed", "changed")
    text = runner.invoke(main, ["diff", str(old), str(new)])
    assert text.exit_code == 1 and "\x1b[" not in text.output      # no colours when not a TTY
    assert "2021年12月31日前 → 2022年6月30日前" in text.output


def test_cli_takes_jsonl_too(tmp_path, old_records):
    jsonl = tmp_path / "old.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in old_records) + "\n", encoding="utf-8")
    new = tmp_path / "new.txt"
    new.write_text(change_figure(ORIGINAL), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(jsonl), str(new), "--json"])
    assert result.exit_code == 1
    assert {c["field"] for c in json.loads(result.output)} == {"raw", "value", "base_value", "self_check"}


def test_cli_unreadable_input_is_exit_2(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(bad), str(bad)])
    assert result.exit_code == 2
    assert "line 1 is not JSON" in result.output
