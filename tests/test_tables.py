"""Ledger tables (pipeline/tables.py, the table items of pipeline/items.py; GUIDE, ## Issues):
a table flattened into one line, or given with tabs between its cells as the .docx and .pdf
readers write it, gives one issue per row, its columns as the issue's fields.

The tables are written for the test in the shapes real 台账 come in (a 督查发现问题 table with
person, phone and 15天 cells; a 任务分解 table). A test that fails on a text following the
conventions of 公文 and the GUIDE is kept and marked xfail(strict): a bug, listed in the report
of issue 10.
"""
from __future__ import annotations

import pytest

import taizhang
from taizhang.pipeline.tables import read_tables, unflatten

REPORT = ("某镇人民政府关于安全生产检查发现问题整改情况的报告\n\n县应急管理局：\n\n"
          "现将检查发现问题及整改情况报告如下。\n\n某镇人民政府\n2024年6月10日\n\n")


def records(text: str) -> list:
    return taizhang.extract(text)


def issues(text: str) -> list:
    return [r for r in records(text) if r.type == "issue"]


def units(issue) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in issue.units]


def dates(issue) -> list[str | None]:
    return [d.date for d in issue.deadlines]


# ---------------------------------------------------------------- problem tables

FLAT = REPORT + ("问题整改台账 序号 单位 存在问题 整改措施 责任单位 整改时限 "
                 "1 某某幼儿园 消防通道堵塞 立即清理通道杂物 镇安监办 2024年6月30日 "
                 "2 某某超市 灭火器过期 更换灭火器 镇市场监管所 2024年7月15日 "
                 "序号 单位 存在问题 整改措施 责任单位 整改时限 "
                 "3 某某酒店 应急照明损坏 维修应急照明 镇安监办、镇消防站 2024年7月31日\n")


def test_a_flattened_table_gives_one_problem_per_row():
    """The header printed again mid-table (a page break) is no row."""
    found = issues(FLAT)
    assert [(i.kind, i.title) for i in found] == [
        ("problem", "某某幼儿园 消防通道堵塞"), ("problem", "某某超市 灭火器过期"), ("problem", "某某酒店 应急照明损坏")]
    assert [units(i) for i in found] == [
        [("镇安监办", "responsible")], [("镇市场监管所", "responsible")],
        [("镇安监办", "responsible"), ("镇消防站", "responsible")]]
    assert [dates(i) for i in found] == [["2024-06-30"], ["2024-07-15"], ["2024-07-31"]]
    assert [i.measures for i in found] == [["立即清理通道杂物"], ["更换灭火器"], ["维修应急照明"]]


def test_a_table_copied_as_text_with_a_line_per_row_gives_the_same_problems():
    """A table pasted from a PDF or a web page: its header and each row on a line, spaces
    between the cells, as a flattened table has them."""
    lined = FLAT.replace("问题整改台账 ", "问题整改台账\n").replace(" 1 ", "\n1 ").replace(" 2 ", "\n2 ") \
        .replace(" 序号 ", "\n序号 ").replace(" 3 ", "\n3 ")
    assert "\n1 某某幼儿园" in lined and "\n3 某某酒店" in lined
    assert [(i.kind, i.title, units(i), dates(i)) for i in issues(lined)] == \
        [(i.kind, i.title, units(i), dates(i)) for i in issues(FLAT)]


def test_a_line_of_column_words_without_rows_under_it_is_left_as_it_is():
    text = REPORT + "本次检查的重点是 责任单位 整改措施 完成时限 的落实情况。\n"
    assert "\t" not in taizhang.pipeline.normalize.normalize(text).text


def test_each_row_deadline_is_a_deadline_record_of_its_row():
    recs = records(FLAT)
    by_id = {r.id: r.title for r in recs if r.type == "issue"}
    assert [(d.date, by_id.get(d.issue)) for d in recs if d.type == "deadline"] == [
        ("2024-06-30", "某某幼儿园 消防通道堵塞"), ("2024-07-15", "某某超市 灭火器过期"),
        ("2024-07-31", "某某酒店 应急照明损坏")]


def test_unflatten_puts_rows_on_lines_and_tabs_between_cells_keeping_the_length():
    line = ("台账 序号 单位 存在问题 责任单位 整改时限 1 某某幼儿园 消防通道堵塞 镇安监办 2024年6月30日 "
            "2 某某超市 灭火器过期 镇市场监管所 2024年7月15日")
    text, _, warnings = unflatten(line)
    assert len(text) == len(line)
    assert text.split("\n") == ["台账", "序号\t单位\t存在问题\t责任单位\t整改时限",
                                "1\t某某幼儿园\t消防通道堵塞\t镇安监办\t2024年6月30日",
                                "2\t某某超市\t灭火器过期\t镇市场监管所\t2024年7月15日"]
    assert [w["code"] for w in warnings] == ["flattened_table"]


def test_a_sentence_with_spaces_is_not_unflattened():
    line = "各单位要 高度重视 安全生产工作 切实履行 属地管理责任 确保 各项措施 落到实处 不留死角 不留隐患"
    assert unflatten(line)[0] == line


TABBED = REPORT + ("问题整改台账\n序号\t单位\t存在问题\t整改措施\t责任单位\t整改时限\n"
                   "1\t某某幼儿园\t消防通道 堵塞\t立即清理 通道杂物\t镇安监办\t2024年6月30日\n"
                   "2\t某某超市\t灭火器过期\t更换灭火器\t镇市场监管所、镇消防站\t2024年7月15日\n")


def test_a_tab_separated_table_gives_one_problem_per_row_with_spaces_inside_cells():
    """A space inside a tab-separated cell keeps the cell whole (normalizing drops it)."""
    found = issues(TABBED)
    assert [(i.kind, i.title) for i in found] == [
        ("problem", "某某幼儿园 消防通道堵塞"), ("problem", "某某超市 灭火器过期")]
    assert [i.measures for i in found] == [["立即清理通道杂物"], ["更换灭火器"]]
    assert [units(i) for i in found] == [
        [("镇安监办", "responsible")], [("镇市场监管所", "responsible"), ("镇消防站", "responsible")]]
    assert [dates(i) for i in found] == [["2024-06-30"], ["2024-07-15"]]


def test_a_markdown_table_gives_the_same_problems_as_a_tab_separated_one():
    rows = [line.split("\t") for line in TABBED.split("问题整改台账\n")[1].strip().split("\n")]
    markdown = "\n".join(["| " + " | ".join(rows[0]) + " |", "| " + " | ".join("---" for _ in rows[0]) + " |"]
                         + ["| " + " | ".join(row) + " |" for row in rows[1:]])
    text = TABBED.split("问题整改台账\n")[0] + "问题整改台账\n\n" + markdown + "\n"
    assert [(i.kind, i.title, units(i), dates(i)) for i in issues(text)] == \
        [(i.kind, i.title, units(i), dates(i)) for i in issues(TABBED)]


def test_read_tables_assigns_each_cell_to_its_column():
    text = TABBED
    paragraphs, pos = [], 0
    for line in text.split("\n"):
        paragraphs.append((pos, pos + len(line)))
        pos += len(line) + 1
    (table,) = read_tables(text, paragraphs)
    assert table.roles == ["number", "subject", "problem", "measures", "responsible", "deadline"]
    assert [row.number for row in table.rows] == ["1", "2"]
    first = table.rows[0]
    assert {role: first.value(role).text for role in first.cells} == {
        "subject": "某某幼儿园", "problem": "消防通道 堵塞", "measures": "立即清理 通道杂物",
        "responsible": "镇安监办", "deadline": "2024年6月30日"}
    cell = first.value("measures")
    assert text[cell.start:cell.end] == "立即清理 通道杂物"


def test_a_space_inside_a_flattened_problem_cell_stays_in_its_column():
    text = REPORT + ("问题整改台账 序号 单位 存在问题 整改措施 责任单位 整改时限 "
                     "1 某某幼儿园 消防通道 堵塞 立即清理通道杂物 镇安监办 2024年6月30日 "
                     "2 某某超市 灭火器过期 更换灭火器 镇市场监管所 2024年7月15日\n")
    first = issues(text)[0]
    assert first.title.replace(" ", "") == "某某幼儿园消防通道堵塞"
    assert units(first) == [("镇安监办", "responsible")]


def test_two_bodies_in_a_flattened_unit_cell_are_two_units():
    text = REPORT + ("问题整改台账 序号 单位 存在问题 整改措施 责任单位 整改时限 "
                     "1 某某幼儿园 消防通道堵塞 立即清理通道杂物 镇安监办 镇消防站 2024年6月30日 "
                     "2 某某超市 灭火器过期 更换灭火器 镇市场监管所 2024年7月15日\n")
    assert units(issues(text)[0]) == [("镇安监办", "responsible"), ("镇消防站", "responsible")]


@pytest.mark.parametrize("table", [
    "问题整改台账 序号 单位 检查日期 存在问题 整改措施 责任单位 整改时限 "
    "1 某某幼儿园 6月3日 消防通道堵塞 立即清理通道杂物 镇安监办 2024年6月30日 "
    "2 某某超市 6月4日 灭火器过期 更换灭火器 镇市场监管所 2024年7月15日\n",
    "问题整改台账\n序号\t单位\t检查日期\t存在问题\t整改措施\t责任单位\t整改时限\n"
    "1\t某某幼儿园\t6月3日\t消防通道堵塞\t立即清理通道杂物\t镇安监办\t2024年6月30日\n"
    "2\t某某超市\t6月4日\t灭火器过期\t更换灭火器\t镇市场监管所\t2024年7月15日\n",
], ids=["flattened", "tabs"])
def test_a_column_the_lexicon_does_not_know_leaves_the_others_read(table):
    found = issues(REPORT + table)
    assert [i.title for i in found] == ["某某幼儿园 消防通道堵塞", "某某超市 灭火器过期"]
    assert [units(i) for i in found] == [[("镇安监办", "responsible")], [("镇市场监管所", "responsible")]]


# ---------------------------------------------------------------- task tables

TASKS = ("某县人民政府办公室关于印发重点工作任务分解表的通知\n\n各乡镇人民政府，县直各部门：\n\n"
         "现将任务分解表印发给你们，请认真抓好落实。\n\n某县人民政府办公室\n2024年2月1日\n\n")


def test_a_task_table_gives_one_task_per_row():
    text = TASKS + ("重点任务分解表 序号 整改任务 责任单位 完成时限 1 完成老旧小区改造 县住建局 2024年10月31日 "
                    "2 建成便民服务中心 县政务服务中心 2024年12月31日 3 推进农村公路提档升级 县交通运输局 长期坚持\n")
    found = issues(text)
    assert [(i.kind, i.title) for i in found] == [
        ("task", "完成老旧小区改造"), ("task", "建成便民服务中心"), ("task", "推进农村公路提档升级")]
    assert [units(i) for i in found] == [
        [("县住建局", "responsible")], [("县政务服务中心", "responsible")], [("县交通运输局", "responsible")]]
    assert [[(d.kind, d.date) for d in i.deadlines] for i in found] == [
        [("date", "2024-10-31")], [("date", "2024-12-31")], [("ongoing", None)]]


TASK_TABLE = TASKS + ("重点工作任务分解表\n序号\t重点任务\t牵头单位\t配合单位\t责任领导\t完成时限\n"
                      "1\t新建城区污水管网\t县住建局\t县财政局、县自然资源局\t张某某\t2024年6月底前\n"
                      "2\t完成农村公路改造\t县交通运输局\t各乡镇人民政府\t李某某\t年底前\n")


def test_lead_cooperating_and_leader_columns_give_roles_and_leaders():
    found = issues(TASK_TABLE)
    assert [(i.kind, i.title) for i in found] == [("task", "新建城区污水管网"), ("task", "完成农村公路改造")]
    assert [units(i) for i in found] == [
        [("县住建局", "lead"), ("县财政局", "cooperating"), ("县自然资源局", "cooperating")],
        [("县交通运输局", "lead"), ("各乡镇人民政府", "cooperating")]]
    assert [i.leaders for i in found] == [["张某某"], ["李某某"]]
    assert [dates(i) for i in found] == [["2024-06-30"], ["2024-12-31"]]


# ---------------------------------------------------------------- cells told apart by shape

INSPECTION = ("某乡人民政府关于校外培训机构安全检查情况的报告\n\n区教育局：\n\n现将检查情况报告如下。\n\n"
              "一、检查情况\n\n共检查培训机构3家。\n\n二、处置情况\n\n已责令限期整改。\n\n"
              "某乡人民政府\n2023年9月20日\n\n附件1\n\n")
INSPECTION_TABLE = ("2023年9月13日检查情况汇总表 序号 单位 检查发现的问题 整改责任人 联系电话 目前进展 整改期限 备注 "
                    "1 星星培训中心 1.无证经营2.通道堵塞3.灭火器过期 王小明 13812345678 已停课 学员已分流 15天 联合执法 "
                    "2 阳光艺术学校 有证 消防设施不全 李丽 0591-22334455 整改中 15天 联合执法 "
                    "3 启航托管班 1.无证2.超员 张伟强 13900001111 已分流 15天\n")


def test_cells_that_do_not_line_up_are_placed_by_the_shape_of_a_name_a_phone_and_a_limit():
    """Row 1 has a cell too many (a space inside 目前进展), row 2 too (a space inside its
    problem), row 3 a cell too few (no 备注): the person, the phone and 15天 anchor the columns."""
    found = issues(INSPECTION + INSPECTION_TABLE)
    assert [(i.kind, i.title) for i in found] == [
        ("problem", "星星培训中心 1.无证经营2.通道堵塞3.灭火器过期"), ("problem", "阳光艺术学校 有证 消防设施不全"),
        ("problem", "启航托管班 1.无证2.超员")]
    assert [i.leaders for i in found] == [["王小明"], ["李丽"], ["张伟强"]]
    assert [i.progress for i in found] == ["已停课 学员已分流", "整改中", "已分流"]
    for issue in found:
        assert not any(ch.isdigit() for ch in "".join(issue.leaders) + (issue.progress or ""))
        assert "138" not in issue.title and "0591" not in issue.title
        assert issue.units == []        # the 单位 column names the inspected body, not a 责任单位


def test_a_relative_limit_counts_from_the_date_of_the_table_caption():
    found = issues(INSPECTION + INSPECTION_TABLE)
    assert [[(d.raw, d.date, d.base_date) for d in i.deadlines] for i in found] == [
        [("15天", "2023-09-28", "2023-09-13")]] * 3


def test_without_a_dated_caption_a_relative_limit_counts_from_the_notice_date():
    found = issues(INSPECTION + INSPECTION_TABLE.replace("2023年9月13日检查情况汇总表", "检查情况汇总表"))
    assert [dates(i) for i in found] == [["2023-10-05"]] * 3


def test_numbered_cells_are_no_headings():
    recs = records(INSPECTION + INSPECTION_TABLE)
    assert [r.title for r in recs if r.type == "section"] == ["检查情况", "处置情况"]


def test_a_row_with_as_many_cells_as_columns_is_still_checked_by_shape():
    table = ("检查情况汇总表 序号 单位 检查发现的问题 整改责任人 联系电话 目前进展 整改期限 备注 "
             "1 星星培训中心 消防设施不全 王小明 13812345678 整改中 15天 联合执法 "
             "2 阳光艺术学校 有证 消防设施不全 李丽 0591-22334455 整改中 15天\n")
    second = issues(INSPECTION + table)[1]
    assert second.title == "阳光艺术学校 有证 消防设施不全"
    assert second.leaders == ["李丽"]
    assert second.progress == "整改中"
    assert dates(second) == ["2023-10-05"]


def test_a_row_without_a_person_keeps_its_phone_out_of_the_title():
    table = ("检查情况汇总表 序号 单位 检查发现的问题 整改责任人 联系电话 目前进展 整改期限 "
             "1 星星培训中心 消防设施不全 王小明 13812345678 整改中 15天 "
             "2 阳光艺术学校 通道堵塞 13800001111 已整改 15天 "
             "3 启航托管班 安全出口不足 陈红 0591-22334455 整改中 15天\n")
    second = issues(INSPECTION + table)[1]
    assert second.title == "阳光艺术学校 通道堵塞"
    assert second.leaders == []
    assert second.progress == "已整改"


def table_of(text: str):
    """The one ledger table of a text given line by line (tabs between cells)."""
    paragraphs, pos = [], 0
    for line in text.split("\n"):
        paragraphs.append((pos, pos + len(line)))
        pos += len(line) + 1
    (table,) = read_tables(text, paragraphs)
    return table


def test_two_bodies_of_a_flattened_unit_cell_keep_their_own_spans():
    text = REPORT + ("问题整改台账 序号 单位 存在问题 整改措施 责任单位 整改时限 "
                     "1 某某幼儿园 消防通道堵塞 立即清理通道杂物 镇安监办 镇消防站 2024年6月30日 "
                     "2 某某超市 灭火器过期 更换灭火器 镇市场监管所 2024年7月15日\n")
    found = [r for r in records(text) if r.type == "unit" and r.issue]
    assert [(u.name, text[u.span[0]:u.span[1]]) for u in found] == [
        ("镇安监办", "镇安监办"), ("镇消防站", "镇消防站"), ("镇市场监管所", "镇市场监管所")]


def test_a_row_that_kept_its_empty_cells_is_placed_by_position():
    """A Word or PDF table writes an empty cell as nothing between two tabs: no 整改措施 here,
    which the shapes alone could not tell from a row without its 单位."""
    table = table_of("序号\t单位\t存在问题\t整改措施\t责任单位\t整改时限\n"
                     "1\t某某超市\t灭火器过期\t\t镇安监办\t2024年7月15日\n"
                     "2\t某某酒店\t通道堵塞\t清理杂物\t镇消防站\t2024年7月31日")
    first = table.rows[0]
    assert {role: first.value(role).text for role in first.cells} == {
        "subject": "某某超市", "problem": "灭火器过期", "responsible": "镇安监办", "deadline": "2024年7月15日"}


def test_a_cell_that_is_no_name_stays_in_the_leaders_column_when_each_column_has_one_cell():
    table = table_of("序号\t重点任务\t牵头单位\t责任领导\t完成时限\n"
                     "1\t新建城区污水管网\t县住建局\t副县长王某\t2024年6月底前")
    assert table.rows[0].value("leaders").text == "副县长王某"
    assert table.rows[0].value("task").text == "新建城区污水管网"


def test_a_flattened_task_table_reads_names_joined_by_a_comma_mark_and_a_limit_in_words():
    text = TASKS + ("重点任务分解表 序号 重点任务 牵头单位 责任领导 完成时限 "
                    "1 完成农村公路改造 县交通运输局 李明、王强 年底前 "
                    "2 建成便民服务中心 县政务服务中心 王强 2024年11月30日\n")
    found = issues(text)
    assert [i.title for i in found] == ["完成农村公路改造", "建成便民服务中心"]
    assert [i.leaders for i in found] == [["李明", "王强"], ["王强"]]
    assert [dates(i) for i in found] == [["2024-12-31"], ["2024-11-30"]]


def test_a_header_with_as_many_unknown_labels_as_known_ones_is_no_ledger_table():
    table = ("人员名单\n序号\t存在问题\t责任单位\t检查日期\t检查人员\t检查地点\n"
             "1\t通道堵塞\t镇安监办\t9月13日\t王某\t一楼大厅\n")
    assert issues(INSPECTION + table) == []


# ---------------------------------------------------------------- not ledger tables

@pytest.mark.parametrize("table", [
    "检查人员名单 序号 单位 检查人员 检查日期 1 星星培训中心 王某 9月13日 2 阳光艺术学校 李某 9月14日\n",
    "问题汇总 序号 存在问题 检查人员 检查日期 1 通道堵塞 王某 9月13日 2 灭火器过期 李某 9月14日\n",
    "问题汇总\n序号\t存在问题\t检查日期\n1\t通道堵塞\t9月13日\n2\t灭火器过期\t9月14日\n",
    "问题汇总\n单位\t存在问题\n星星培训中心\t通道堵塞\n阳光艺术学校\t灭火器过期\n",
], ids=["two-known-flat", "problem-and-number-flat", "problem-and-number-tabs", "two-columns-tabs"])
def test_a_table_with_only_two_known_columns_is_no_ledger_table(table):
    assert issues(INSPECTION + table) == []


# ---------------------------------------------------------------- the ledger

def test_the_ledger_has_one_row_per_table_row_with_units_and_limits():
    rows = taizhang.ledger(records(FLAT), as_of="2024-07-01")
    assert [(r["类别"], r["问题或任务"], r["责任单位"], r["完成时限"]) for r in rows] == [
        ("问题", "某某幼儿园 消防通道堵塞", "镇安监办", "2024-06-30"),
        ("问题", "某某超市 灭火器过期", "镇市场监管所", "2024-07-15"),
        ("问题", "某某酒店 应急照明损坏", "镇安监办、镇消防站", "2024-07-31")]
    assert [r["整改措施"] for r in rows] == ["立即清理通道杂物", "更换灭火器", "维修应急照明"]


def test_the_ledger_of_a_task_table_fills_its_role_columns():
    rows = taizhang.ledger(records(TASK_TABLE), as_of="2024-03-01")
    assert [(r["类别"], r["问题或任务"], r["牵头单位"], r["配合单位"], r["责任领导"], r["完成时限"]) for r in rows] == [
        ("任务", "新建城区污水管网", "县住建局", "县财政局、县自然资源局", "张某某", "2024-06-30"),
        ("任务", "完成农村公路改造", "县交通运输局", "各乡镇人民政府", "李某某", "2024-12-31")]
    assert all(r["责任单位"] == "" for r in rows)


def test_a_numbered_heading_that_labels_a_ledger_table_is_no_item_of_its_own():
    """（一）问题清单 over a table: the rows are the items; the label heading (whose cells hold time
    limits) is none. A heading of its own work keeps its item beside the table."""
    text = ("关于建立夏季安全隐患“两个清单”的通知\n各社区：\n一、两个清单\n（一）问题清单\n"
            "序号\t问题描述\t责任单位\t整改时限\n1\t农贸市场液化气钢瓶未隔离\t金桥社区\t5月31日前\n"
            "2\t小区车库电动车违规充电\t锦华社区\t6月15日前\n（二）任务清单\n"
            "序号\t任务内容\t牵头科室\t完成时限\n1\t开展燃气入户检查\t街道安监站\t6月底前\n"
            "二、工作要求\n（一）加强督查。街道安委办于6月30日前完成复核。\n石埠街道办事处\n2025年5月8日\n")
    found = issues(text)
    assert [(i.kind, i.title) for i in found] == [
        ("problem", "农贸市场液化气钢瓶未隔离"), ("problem", "小区车库电动车违规充电"),
        ("task", "开展燃气入户检查"), ("task", "加强督查")]
