"""The ledger where its users work: rows as dicts, and the xlsx, csv and SQLite files read back.

The input is a short 整改方案 written for these tests (lead, responsible and cooperating units,
a dated and an ongoing deadline), run through the real pipeline, plus the seeds' output.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from taizhang import cli
from taizhang.pipeline import ledger
from taizhang.pipeline.writers import export, writer_for

from conftest import read_records

NOTICE = """清河县人民政府办公室文件

清政办发〔2023〕8号

清河县人民政府办公室
关于印发《清河县河道管理问题整改工作方案》的通知

各乡镇人民政府，县直有关部门：
　　现将《清河县河道管理问题整改工作方案》印发给你们，请认真贯彻执行。

　　一、工作目标
　　坚持问题导向，确保河道管理问题按期整改到位。
　　二、整改任务
　　（一）部分河段违规采砂问题
　　整改措施：一是开展河道采砂专项整治，依法取缔非法采砂点12处。二是建立河长巡河制度。
　　责任领导：王明
　　牵头单位：县水利局
　　责任单位：县自然资源局
　　配合单位：县公安局
　　完成时限：2023年6月30日前
　　（二）河道垃圾清理不及时问题
　　整改措施：落实保洁经费80万元，实行河道保洁市场化运作。
　　责任单位：县城市管理局、沿河各乡镇人民政府
　　完成时限：立行立改，长期坚持
　　三、保障措施
　　（一）加强组织领导。成立整改工作专班。

清河县人民政府办公室
2023年3月1日
"""

AS_OF = "2023-06-10"
TABLES = ("documents", "sections", "issues", "issue_units", "deadlines", "figures", "units")
SHEETS = ["台账", "时限", "数据", "单位", "文件"]
LEDGER_COLUMNS = ["序号", "文件", "类别", "问题或任务", "整改措施", "责任领导", "牵头单位", "责任单位",
                  "配合单位", "完成时限", "状态", "进展", "出处"]

# The SQLite keywords (sqlite.org/lang_keywords.html): a column named like one needs quoting.
SQLITE_KEYWORDS = set("""ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT
BEFORE BEGIN BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE CROSS
CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE DEFERRED DELETE DESC
DETACH DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS EXPLAIN FAIL FILTER FIRST
FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE IN INDEX INDEXED
INITIALLY INNER INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT LIKE LIMIT MATCH MATERIALIZED
NATURAL NO NOT NOTHING NOTNULL NULL NULLS OF OFFSET ON OR ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA
PRECEDING PRIMARY QUERY RAISE RANGE RECURSIVE REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE RESTRICT
RETURNING RIGHT ROLLBACK ROW ROWS SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO TRANSACTION
TRIGGER UNBOUNDED UNION UPDATE USING VACUUM VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH WITHOUT""".split())


@pytest.fixture(scope="module")
def notice_records(tmp_path_factory) -> list[dict]:
    from taizhang.pipeline.run import extract

    path = tmp_path_factory.mktemp("notice") / "清河县河道整改方案.txt"
    path.write_text(NOTICE, encoding="utf-8")
    return [record.model_dump(mode="json") for record in extract(path)]


@pytest.fixture(scope="module")
def notices(notice_records, seed_out) -> list[list[dict]]:
    """The test notice first, then every seed's records."""
    return [notice_records] + [read_records(p) for p in sorted(seed_out.glob("*.jsonl"))]


def issues_of(notices) -> list[dict]:
    return [r for notice in notices for r in notice if r["type"] == "issue"]


def issue_about(records: list[dict], words: str) -> dict:
    return next(r for r in records if r["type"] == "issue" and words in r["title"])


# ---------------------------------------------------------------- rows

def test_rows_are_one_dict_per_issue_with_the_ledger_columns(notices):
    table = ledger.rows(notices, as_of=AS_OF)
    assert len(table) == len(issues_of(notices))
    assert all(list(row) == LEDGER_COLUMNS for row in table)
    assert all(isinstance(value, str) for row in table for value in row.values())


def test_row_of_an_item_names_its_units_by_role_and_its_heading_path(notice_records):
    row = next(r for r in ledger.rows(notice_records, as_of=AS_OF) if "违规采砂" in r["问题或任务"])
    assert row["序号"] == "二、（一）"
    assert (row["牵头单位"], row["责任单位"], row["配合单位"]) == ("县水利局", "县自然资源局", "县公安局")
    assert row["责任领导"] == "王明"
    assert row["完成时限"] == "2023-06-30"
    assert row["状态"] == "30天内到期"
    assert row["类别"] == "任务"
    assert row["整改措施"].splitlines()[0].startswith("1. 开展河道采砂专项整治")
    issue = issue_about(notice_records, "违规采砂")
    assert row["出处"] == f"清河县河道整改方案.txt:{issue['span'][0]}-{issue['span'][1]}"


def test_ongoing_and_immediate_deadlines_are_words(notice_records):
    row = next(r for r in ledger.rows(notice_records, as_of=AS_OF) if "垃圾清理" in r["问题或任务"])
    assert row["完成时限"] == "立行立改；长期坚持"
    assert row["状态"] == "长期"
    assert "县城市管理局" in row["责任单位"].split("、")


def test_state_follows_the_as_of_date(notice_records):
    def state(as_of):
        return next(r["状态"] for r in ledger.rows(notice_records, as_of=as_of) if "违规采砂" in r["问题或任务"])

    assert state("2023-07-01") == "逾期"
    assert state("2023-06-30") == "30天内到期"     # due today is not late
    assert state("2023-05-31") == "30天内到期"     # 30 days ahead
    assert state("2023-05-30") == "未到期"
    assert state(dt.date(2022, 1, 1)) == "未到期"


@pytest.mark.parametrize("deadlines, as_of, expected", [
    ([{"kind": "date", "date": "2024-03-31"}], "2024-04-01", "逾期"),
    ([{"kind": "date", "date": "2024-03-31", "milestone": "取得阶段性成效"},
      {"kind": "date", "date": "2024-12-31", "milestone": "完成整改"}], "2024-04-01", "未到期"),
    ([{"kind": "date", "date": "2024-03-31"}, {"kind": "ongoing"}], "2024-05-01", "长期"),
    ([{"kind": "date", "date": "2024-03-31"}, {"kind": "ongoing"}], "2024-03-20", "30天内到期"),
    ([{"kind": "ongoing"}], "2030-01-01", "长期"),
    ([{"kind": "immediate"}], "2024-01-05", "逾期"),           # 立行立改: due on the notice's date
    ([{"kind": "immediate"}], "2024-01-02", "30天内到期"),
    ([{"kind": "date", "date": None, "raw": "尽快"}], "2024-01-02", ""),
    ([], "2024-01-02", ""),
])
def test_status_of_deadlines(deadlines, as_of, expected):
    assert ledger.status(deadlines, as_of, notice_date="2024-01-02") == expected


def test_heading_path_of_an_attachment_names_it():
    def section(n, marker, parent=None, part=0):
        return {"type": "section", "id": f"d-x/s{n}", "doc_id": "d-x", "span": [n, n + 1],
                "parent": parent, "marker": marker, "part": part}

    records = [{"type": "document", "id": "d-x", "doc_id": "d-x", "span": [0, 99], "source": "x.txt"},
               section(0, "二、"), section(1, "（三）", "d-x/s0"), section(2, "一、", part=2),
               section(3, "（一）", "d-x/s2", part=2), section(4, "1.", "d-x/s3", part=2),
               {"type": "issue", "id": "d-x/i0", "doc_id": "d-x", "span": [3, 9], "section": "d-x/s1",
                "kind": "problem", "title": "甲", "text": "甲"},
               {"type": "issue", "id": "d-x/i1", "doc_id": "d-x", "span": [9, 19], "section": "d-x/s4",
                "kind": "suggestion", "title": "乙", "text": "乙"}]
    assert [(r["序号"], r["类别"]) for r in ledger.rows(records)] == [("二、（三）", "问题"), ("附件2 一、（一）1.", "建议")]


def test_sheets_hold_deadlines_figures_units_and_documents(notice_records):
    tables = ledger.sheets(notice_records, as_of=AS_OF)
    assert list(tables) == SHEETS
    assert len(tables["时限"]) == sum(r["type"] == "deadline" for r in notice_records)
    assert {"县水利局": "牵头", "县公安局": "配合"}.items() <= {u["单位"]: u["角色"] for u in tables["单位"]}.items()
    money = next(f for f in tables["数据"] if f["原文"].startswith("80万元"))
    assert (money["折算值"], money["基本单位"], money["类型"]) == (800000, "元", "金额")
    (document,) = tables["文件"]
    assert document["文号"] == "清政办发〔2023〕8号"
    assert document["任务"] == len(issues_of([notice_records]))


def test_rows_accept_pydantic_records_paths_and_folders(notice_records, seed_out, tmp_path):
    from taizhang.pipeline.run import extract

    path = tmp_path / "方案.txt"
    path.write_text(NOTICE, encoding="utf-8")
    from_models = ledger.rows(extract(path), as_of=AS_OF)
    assert [r["问题或任务"] for r in from_models] == [r["问题或任务"] for r in ledger.rows(notice_records, AS_OF)]
    one = sorted(seed_out.glob("*.jsonl"))[0]
    assert len(ledger.rows(one, AS_OF)) == sum(r["type"] == "issue" for r in read_records(one))
    everything = ledger.rows(seed_out, AS_OF)
    assert len(ledger.rows([seed_out, one], AS_OF)) == len(everything)     # a notice given twice counts once


def test_folder_order_follows_the_manifest(seed_out):
    manifest = json.loads((seed_out / "manifest.json").read_text(encoding="utf-8"))
    expected = [e["doc_id"] for e in manifest["notices"] if e["status"] == "ok"]
    assert [n.doc_id for n in ledger.notices_of(seed_out)] == expected


def test_bad_inputs_name_the_file(tmp_path):
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"type": "document", "doc_id": "d-1"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ledger.LedgerInputError) as error:
        ledger.rows(bad)
    assert error.value.path == str(bad) and "line 2" in error.value.problem
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ledger.LedgerInputError, match="no .jsonl"):
        ledger.rows(empty)


# ---------------------------------------------------------------- xlsx

def test_xlsx_has_one_row_per_issue_and_a_known_unit_in_its_cell(notices, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "台账.xlsx"
    export(notices, to="xlsx", path=path, as_of=AS_OF)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    sheet = book["台账"]
    header = [cell.value for cell in sheet[1]]
    assert header == LEDGER_COLUMNS
    assert sheet.max_row - 1 == len(issues_of(notices))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.cell(2, header.index("问题或任务") + 1).alignment.wrap_text
    assert all(sheet.column_dimensions[letter].width >= 6 for letter in "ABCDEFGHIJKLM")
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    sand = next(r for r in rows if "违规采砂" in r[header.index("问题或任务")])
    assert sand[header.index("牵头单位")] == "县水利局"
    assert sand[header.index("状态")] == "30天内到期"
    deadlines = book["时限"]
    date_column = [c.value for c in deadlines[1]].index("日期") + 1
    dates = [deadlines.cell(r, date_column).value for r in range(2, deadlines.max_row + 1)]
    assert dt.datetime(2023, 6, 30) in dates         # a date cell, so it sorts and filters as a date
    assert book["文件"].max_row - 1 == len(notices)


def test_xlsx_never_writes_a_formula(notice_records, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    records = json.loads(json.dumps(notice_records))
    issue_about(records, "违规采砂")["title"] = '=HYPERLINK("http://example.invalid","点此")'
    path = tmp_path / "f.xlsx"
    export(records, to="xlsx", path=path, as_of=AS_OF)
    cells = [c for row in openpyxl.load_workbook(path)["台账"].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_failed_write_leaves_the_old_file(notices, tmp_path, monkeypatch):
    from taizhang.pipeline.writers import xlsx

    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"the previous ledger")

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(xlsx, "_write_table", broken)
    with pytest.raises(RuntimeError):
        export(notices, to="xlsx", path=path, as_of=AS_OF)
    assert path.read_bytes() == b"the previous ledger"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]


# ---------------------------------------------------------------- csv

def test_csv_has_a_bom_the_columns_and_one_row_per_issue(notices, tmp_path):
    path = tmp_path / "ledger.csv"
    export(notices, to="csv", path=path, as_of=AS_OF)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(issues_of(notices))
    assert list(rows[0]) == LEDGER_COLUMNS
    sand = next(r for r in rows if "违规采砂" in r["问题或任务"])
    assert sand["配合单位"] == "县公安局"
    assert sand["整改措施"].count("\n") == 1       # two measures, one per line, inside one cell


def test_csv_defuses_cells_a_spreadsheet_would_run(notice_records, tmp_path):
    records = json.loads(json.dumps(notice_records))
    issue_about(records, "违规采砂")["title"] = "=1+1"
    path = tmp_path / "f.csv"
    export(records, to="csv", path=path, as_of=AS_OF)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert "'=1+1" in [r["问题或任务"] for r in rows]


# ---------------------------------------------------------------- sqlite

@pytest.fixture(scope="module")
def database(notices, tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "ledger.sqlite"
    export(notices, to="sqlite", path=path, as_of=AS_OF)
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def test_sqlite_has_every_table_and_a_row_per_record(database, notices):
    tables = {name for (name,) in database.execute("select name from sqlite_master where type = 'table'")}
    assert set(TABLES) <= tables
    (count,) = database.execute("select count(*) from issues").fetchone()
    assert count == len(issues_of(notices))
    for table, kind in [("documents", "document"), ("sections", "section"), ("deadlines", "deadline"),
                        ("figures", "figure"), ("units", "unit")]:
        (n,) = database.execute(f"select count(*) from {table}").fetchone()
        assert n == sum(r["type"] == kind for notice in notices for r in notice), table
    (n,) = database.execute("select count(*) from issue_units").fetchone()
    assert n == sum(len(issue["units"]) for issue in issues_of(notices))


def test_sqlite_gives_the_units_of_an_issue_by_a_join(database):
    found = database.execute(
        "select u.name, u.role from issues i join issue_units u on u.issue_id = i.issue_id "
        "where i.title like '%违规采砂%' order by u.ordinal").fetchall()
    assert found == [("县水利局", "lead"), ("县自然资源局", "responsible"), ("县公安局", "cooperating")]
    issues_of_unit = database.execute(
        "select i.seq, i.status, i.due_date from issue_units u join issues i using (issue_id) "
        "where u.name = '县水利局'").fetchall()
    assert issues_of_unit == [("二、（一）", "30天内到期", "2023-06-30")]


def test_sqlite_keys_hold_and_filter_columns_are_indexed(database):
    database.execute("pragma foreign_keys = on")
    assert database.execute("pragma foreign_key_check").fetchall() == []
    for table in TABLES:
        assert any(row[5] for row in database.execute(f"pragma table_info({table})")), f"{table}: no primary key"
    indexed = {(table, column) for table in TABLES
               for (_, index, *_rest) in database.execute(f"pragma index_list({table})")
               for (_, _, column) in database.execute(f"pragma index_info({index})")}
    assert {("issue_units", "name"), ("issue_units", "role"), ("deadlines", "due_date"),
            ("issues", "status"), ("units", "name"), ("figures", "kind")} <= indexed


def test_sqlite_column_names_need_no_quoting(database):
    for table in TABLES:
        for row in database.execute(f"pragma table_info({table})"):
            name = row[1]
            assert name.isidentifier() and name.islower(), (table, name)
            assert name.upper() not in SQLITE_KEYWORDS, (table, name)
    assert "issue" not in {row[1] for t in TABLES for row in database.execute(f"pragma table_info({t})")}


# ---------------------------------------------------------------- the command

def test_export_command_writes_each_format(seed_out, tmp_path):
    runner = CliRunner()
    for name in ("台账.xlsx", "台账.csv", "台账.sqlite"):
        result = runner.invoke(cli.main, ["export", str(seed_out), "-o", str(tmp_path / name), "--as-of", AS_OF])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0
    result = runner.invoke(cli.main, ["export", str(seed_out), "--to", "csv", "-o", str(tmp_path / "x.data")])
    assert result.exit_code == 0 and (tmp_path / "x.data").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("arguments, culprit", [
    (["{missing}", "-o", "{out}/a.xlsx"], "{missing}"),
    (["{seeds}", "-o", "{out}/a.txt"], "{out}/a.txt"),
    (["{seeds}", "--to", "pdf", "-o", "{out}/a.pdf"], "--to"),
    (["{seeds}", "-o", "{out}/a.xlsx", "--as-of", "2023-02-30"], "--as-of"),
    (["{seeds}", "-o", "{out}"], "{out}"),
])
def test_export_command_errors_are_one_line_with_exit_2(seed_out, tmp_path, arguments, culprit):
    values = {"missing": str(tmp_path / "no-such"), "out": str(tmp_path), "seeds": str(seed_out)}
    result = CliRunner().invoke(cli.main, ["export", *(a.format(**values) for a in arguments)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"taizhang: {culprit.format(**values)}: ")


def test_writer_is_chosen_by_suffix():
    assert writer_for(None, Path("a.xlsx")).name == "xlsx"
    assert writer_for(None, Path("a.db")).name == "sqlite"
    assert writer_for("csv", Path("a.txt")).name == "csv"
    with pytest.raises(ValueError):
        writer_for(None, Path("a.txt"))
