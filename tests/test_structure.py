"""Document elements and issues on two notices written for the tests (tests/data/)."""
from __future__ import annotations

from pathlib import Path

import pytest

import taizhang
from taizhang.pipeline.run import extract

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def plan():
    return extract(DATA / "plan_notice.txt")


@pytest.fixture(scope="module")
def progress():
    return extract(DATA / "progress_notice.txt")


def of_type(records, kind):
    return [r for r in records if r.type == kind]


def test_plan_head_and_record_page(plan):
    doc = plan[0]
    assert doc.title == "平安县人民政府办公室关于印发《平安县环保督察反馈问题整改方案》的通知"
    assert (doc.kind, doc.doc_number, doc.issuer) == ("通知", "平政办发〔2023〕12号", "平安县人民政府办公室")
    assert doc.recipients == ["各乡镇人民政府", "县直各有关单位"]
    assert doc.signed_date == "2023-03-15"          # written 二〇二三年三月十五日
    assert (doc.printed_date, doc.printed_by) == ("2023-03-16", "平安县人民政府办公室")
    assert doc.cc == ["县委办公室", "县人大常委会办公室", "县政协办公室"]
    assert doc.attachments == ["平安县环保督察反馈问题整改方案", "整改任务清单"]


def test_attachment_list_lines_are_not_headings(plan):
    sections = of_type(plan, "section")
    assert all(s.part == 1 for s in sections)       # 2.整改任务清单 in 附件说明 is no heading
    assert [(s.level, s.title) for s in sections][:3] == [(1, "总体要求"), (1, "主要任务"),
                                                         (2, "城镇污水处理设施建设滞后问题")]


def test_plan_issue_fields(plan):
    first, second = of_type(plan, "issue")
    assert [(u.name, u.role) for u in first.units] == [
        ("县住房和城乡建设局", "lead"), ("县生态环境分局", "responsible"), ("县财政局", "responsible")]
    assert first.measures == ["加快推进提标改造工程，总投资约1.2亿元。", "完善配套管网12公里"]
    assert first.leaders == ["李四"]
    assert [(d.kind, d.date) for d in second.deadlines] == [("date", "2023-06-30"), ("ongoing", None)]


def test_progress_report_title_stops_before_the_body(progress):
    doc = progress[0]
    assert (doc.title, doc.kind) == ("中共平安县委员会关于巡察整改进展情况的通报", "通报")
    assert doc.contact.phone == "0471-1234567"


def test_items_reporting_rectification_are_tasks_unless_they_state_the_problem(progress):
    """GUIDE: an item stating a found problem is a problem even with its rectification reported."""
    issues = of_type(progress, "issue")
    assert [(i.kind, i.title) for i in issues] == [
        ("problem", "落实教育优先发展战略不够到位"), ("problem", "“双减”政策落实有差距"),
        ("problem", "党风廉政建设责任落实不力"), ("task", "巩固整改成果"), ("task", "建立长效机制")]
    assert issues[1].progress.startswith("开展专项检查4次")
    assert [(d.kind, d.date) for d in issues[1].deadlines] == [("date", "2022-12-31")]


def _warning_codes(tmp_path, text):
    path = tmp_path / "cut.txt"
    path.write_text(text, encoding="utf-8")
    return [w.code for w in extract(path)[0].warnings]


def test_a_notice_cut_off_at_the_start_says_so(tmp_path):
    text = "县发〔2023〕5号）的要求，现将有关事项通知如下。\n一、工作目标\n确保按期完成。\n平安县人民政府\n2023年5月6日\n"
    assert "truncated_start" in _warning_codes(tmp_path, text)


def test_a_notice_cut_off_at_the_end_says_so(tmp_path):
    text = "关于做好防汛工作的通知\n各乡镇：\n一、压实责任\n各乡镇要落实防汛责任，加强隐患排查，确保"
    codes = _warning_codes(tmp_path, text)
    assert "truncated_end" in codes and "truncated_start" not in codes


def test_a_whole_notice_has_no_truncation_warning(tmp_path):
    text = "关于做好防汛工作的通知\n各乡镇：\n一、压实责任\n各乡镇要落实防汛责任。\n平安县人民政府\n2023年5月6日\n"
    assert _warning_codes(tmp_path, text) == []


def test_001_seed_is_flagged_as_cut_off_at_the_start():
    from conftest import SEEDS

    document = extract(next(SEEDS.glob("001_*.txt")))[0]
    assert [w.code for w in document.warnings] == ["truncated_start"]
    start, end = document.warnings[0].span
    assert next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")[start:end].startswith("旗人常发〔2022〕26号)")


def test_circled_numbers_on_lines_of_their_own_are_no_headings():
    """①②③ are no heading level of GB/T 9704 (nor of the GUIDE's four): under an item they are
    the parts of its statement, read as its measures."""
    text = ("关于农贸市场检查发现问题的通报\n各街道办事处：\n一、存在的主要问题\n（一）台账记录不全。\n"
            "①进货查验记录缺失；\n②索证索票不全；\n③检测记录未留存。\n整改时限：2024年6月底前\n"
            "（二）冷链设施不足。\n青河区市场监督管理局\n2024年5月6日\n")
    found = taizhang.extract(text)
    assert [(r.level, r.title) for r in found if r.type == "section"] == [
        (1, "存在的主要问题"), (2, "台账记录不全"), (2, "冷链设施不足")]
    first = next(r for r in found if r.type == "issue")
    assert first.title == "台账记录不全" and first.measures == ["进货查验记录缺失；", "索证索票不全；", "检测记录未留存。"]
