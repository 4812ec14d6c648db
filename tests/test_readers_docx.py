"""The .docx reader: Word's numbering rendered, tables as rows, what Word does not show dropped.

Every .docx here is built by tests/docx_builder.py with python-docx: no real .docx notice could
be found. Headings are numbered by Word (numPr in numbering.xml), never typed.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import SEEDS, SHARED  # noqa: E402
from docx_builder import NumberedDocument, docx_from_text  # noqa: E402

from taizhang.pipeline.load import NoticeError, load  # noqa: E402
from taizhang.pipeline.readers import docx as docx_reader  # noqa: E402
from taizhang.pipeline.readers import reader_for  # noqa: E402
from taizhang.pipeline.run import extract  # noqa: E402

TASKS = [
    ["序号", "整改任务", "责任单位", "完成时限"],
    ["1", "清理村庄积存垃圾，建立日常保洁制度", "县农业农村局、各乡镇人民政府", "2024年6月30日前"],
    ["2", "排查整治农村黑臭水体，逐一建立台账", "县生态环境局", "2024年9月30日前"],
    ["3", "完成问题户厕摸排整改", "县卫生健康局、县财政局", "2024年12月31日前"],
]


def rectification_notice() -> NumberedDocument:
    """A 整改 notice written for these tests: numbered headings at four levels, a task table,
    a signature, and an 附件 after a page break whose numbering starts again."""
    d = NumberedDocument()
    d.text("青山县农业农村局关于抓好农村人居环境问题整改的通知")
    d.text("各乡镇人民政府，县直有关单位：")
    d.text("为抓好上级检查反馈问题的整改落实，现将有关事项通知如下。")
    d.numbered(0, "总体要求")
    d.text("坚持问题导向，逐项销号，确保按期完成整改。")
    d.numbered(1, "工作目标")
    d.text("年底前反馈问题全部整改到位。")
    d.numbered(1, "基本原则")
    d.text("实事求是，注重实效。")
    d.numbered(0, "整改任务")
    d.table(TASKS)
    d.numbered(0, "保障措施")
    d.numbered(1, "加强组织领导")
    d.numbered(2, "明确责任分工")
    d.numbered(3, "主要负责同志亲自抓")
    d.numbered(3, "分管负责同志具体抓")
    d.numbered(2, "建立调度机制")
    d.numbered(1, "强化督导考核")
    d.text("青山县农业农村局")
    d.text("2024年3月1日")
    d.page_break()
    d.text("附件")
    d.text("整改工作联系人名单")
    d.numbered(0, "县农业农村局", ordinal=1)
    d.numbered(0, "各乡镇人民政府")
    return d


def read(data: bytes, name: str = "notice.docx"):
    return docx_reader.read(data, name)


def lines_of(data: bytes) -> list[str]:
    return read(data).text.splitlines()


# --- numbering -----------------------------------------------------------------------------

def test_word_numbering_is_rendered_as_the_markers_word_shows():
    lines = lines_of(rectification_notice().bytes())
    headings = [line for line in lines if re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[0-9]+\.|（[0-9]+）)", line)]
    assert headings == [
        "一、总体要求", "（一）工作目标", "（二）基本原则", "二、整改任务", "三、保障措施",
        "（一）加强组织领导", "1.明确责任分工", "（1）主要负责同志亲自抓", "（2）分管负责同志具体抓",
        "2.建立调度机制", "（二）强化督导考核", "一、县农业农村局", "二、各乡镇人民政府",
    ]


def test_a_lower_level_restarts_under_each_new_heading_and_start_override_restarts_a_list():
    d = NumberedDocument()
    d.numbered(0, "甲项")
    d.numbered(1, "甲项之一")
    d.numbered(1, "甲项之二")
    d.numbered(0, "乙项")
    d.numbered(1, "乙项之一")
    d.numbered(0, "从五开始", ordinal=5)      # a new list instance with startOverride 5
    d.numbered(0, "接着是六")
    assert lines_of(d.bytes()) == ["一、甲项", "（一）甲项之一", "（二）甲项之二", "二、乙项",
                                   "（一）乙项之一", "五、从五开始", "六、接着是六"]


def test_numbering_given_by_a_paragraph_style_is_rendered():
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = NumberedDocument()
    num_id = d.new_num()
    style = d.document.styles.add_style("公文二级标题", WD_STYLE_TYPE.PARAGRAPH)
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "1"), ("w:numId", str(num_id))):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        num_pr.append(child)
    style.element.get_or_add_pPr().append(num_pr)
    d.document.add_paragraph("第一项措施", style=style)
    d.document.add_paragraph("第二项措施", style=style)
    assert lines_of(d.bytes()) == ["（一）第一项措施", "（二）第二项措施"]


@pytest.mark.parametrize("number, fmt, shown", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (35, "chineseCounting", "三十五"),
    (105, "chineseCounting", "一百零五"), (110, "chineseCounting", "一百一十"),
    (3, "ideographTraditional", "丙"), (2, "ideographZodiac", "丑"),
    (12, "chineseLegalSimplified", "壹拾贰"), (105, "chineseLegalSimplified", "壹佰零伍"),
    (3, "decimal", "3"), (4, "decimalZero", "04"), (2, "decimalFullWidth", "２"),
    (1, "decimalEnclosedCircle", "①"), (27, "upperLetter", "AA"), (2, "lowerLetter", "b"),
    (14, "upperRoman", "XIV"), (9, "lowerRoman", "ix"), (7, "someFutureFormat", "7"),
])
def test_number_formats(number, fmt, shown):
    assert docx_reader.format_number(number, fmt) == shown


# --- tables ----------------------------------------------------------------------------------

def test_a_task_table_gives_one_line_per_row_with_tab_separated_cells():
    lines = lines_of(rectification_notice().bytes())
    rows = [line.split("\t") for line in lines if "\t" in line]
    assert rows == TASKS


def test_vertically_merged_cells_are_repeated_in_each_row_they_span():
    d = NumberedDocument()
    d.table([["序号", "整改任务", "责任单位", "完成时限"],
             ["1", "修复破损道路", "县交通运输局", "2024年10月底前"],
             ["2", "完善路灯设施", "", "2024年10月底前"]],
            merge_down=[(2, 1, 2)])
    rows = [line.split("\t") for line in lines_of(d.bytes())]
    assert rows[1][2] == rows[2][2] == "县交通运输局"
    assert rows[2][1] == "完善路灯设施"


def test_cells_with_several_paragraphs_stay_on_the_row_line():
    d = NumberedDocument()
    table = d.table([["责任单位", "完成时限"], ["", "长期坚持"]])
    cell = table.cell(1, 0)
    cell.paragraphs[0].text = "县水利局"
    cell.add_paragraph("县林业局")
    assert lines_of(d.bytes())[1] == "县水利局 县林业局\t长期坚持"


# --- what Word shows and what it does not ------------------------------------------------------

def test_text_after_a_page_break_is_kept_and_headers_footers_comments_are_dropped():
    d = rectification_notice()
    d.header_footer("青山县农业农村局文件", "第 1 页")
    d.comment(d.document.paragraphs[2], "请核实时限")
    text = read(d.bytes()).text
    assert "附件\n整改工作联系人名单" in text
    assert "青山县农业农村局文件" not in text and "第 1 页" not in text
    assert "请核实时限" not in text


def test_inserted_revisions_are_kept_and_deleted_ones_dropped():
    d = NumberedDocument()
    d.tracked("整改完成时限为", "2024年底前", "2023年底前")
    assert lines_of(d.bytes()) == ["整改完成时限为2024年底前"]


def test_a_break_inside_a_paragraph_splits_it_and_hidden_text_is_not_read():
    from docx.enum.text import WD_BREAK

    d = NumberedDocument()
    paragraph = d.text("第一行")
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    paragraph.add_run("附件")
    hidden = d.text("看得见的")
    run = hidden.add_run("看不见的")
    run.font.hidden = True
    assert lines_of(d.bytes()) == ["第一行", "附件", "看得见的"]


def test_core_properties_are_evidence_only():
    d = rectification_notice()
    d.core("关于抓好农村人居环境问题整改的通知", dt.datetime(2024, 3, 1, 9, 30))
    reading = read(d.bytes())
    assert reading.evidence["title"] == "关于抓好农村人居环境问题整改的通知"
    assert reading.evidence["created_date"] == "2024-03-01"
    assert reading.from_container and reading.encoding == "docx"


# --- recognition and refusals -------------------------------------------------------------------

def test_a_docx_renamed_txt_is_read_as_a_docx(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(rectification_notice().bytes())
    source = load(path)
    assert source.encoding == "docx" and source.from_container
    assert "一、总体要求" in source.text


def test_a_docx_with_a_damaged_body_is_refused_with_what_to_do(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:body>未闭合")
    path = tmp_path / "broken.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(NoticeError, match=r"damaged \.docx.*save it again"):
        load(path)


def test_a_docx_with_only_images_is_refused():
    d = NumberedDocument()
    d.text("   ")
    with pytest.raises(NoticeError, match="no text"):
        read(d.bytes())


def test_reader_for_picks_docx_by_content_and_suffix():
    data = rectification_notice().bytes()
    assert reader_for("a.txt", data).name == "docx"
    assert reader_for("a.docx", data).name == "docx"


# --- through the pipeline ------------------------------------------------------------------------

def _sections(records):
    return [(r.level, r.ordinal, r.title) for r in records if r.type == "section"]


def _issues(records):
    return [(r.kind, r.title) for r in records if r.type == "issue"]


PLAIN_DEV = sorted(p for p in (SHARED / "dev" / "raw").glob("d[AB]*.txt")
                   if not re.search(r"_(html|sql|md|csv|jsx|pdftext)\.txt$", p.name))


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) + PLAIN_DEV, ids=lambda p: p.name[:24])
def test_a_docx_of_a_real_notice_gives_the_same_sections_and_issues_as_its_text(tmp_path, path):
    text = load(path).text
    docx_path = tmp_path / (path.stem + ".docx")
    docx_path.write_bytes(docx_from_text(text))
    as_text, as_docx = extract(path), extract(docx_path)
    assert _sections(as_docx) == _sections(as_text)
    assert _issues(as_docx) == _issues(as_text)
    assert as_docx[0].encoding == "docx"


def test_a_docx_with_word_numbering_gives_its_headings_as_sections(tmp_path):
    path = tmp_path / "notice.docx"
    path.write_bytes(rectification_notice().bytes())
    sections = _sections(extract(path))
    assert (1, 1, "总体要求") in sections and (1, 3, "保障措施") in sections
    assert (2, 2, "基本原则") in sections and (3, 2, "建立调度机制") in sections
    assert (4, 2, "分管负责同志具体抓") in sections


def test_each_row_of_a_task_table_is_one_task_with_its_units_and_deadline(tmp_path):
    path = tmp_path / "notice.docx"
    path.write_bytes(rectification_notice().bytes())
    records = extract(path)
    tasks = [r for r in records if r.type == "issue" and r.kind == "task"]
    by_title = {t.title: t for t in tasks}
    for _, task, units, deadline in TASKS[1:]:
        issue = next(t for title, t in by_title.items() if task[:8] in title)
        assert {u.name for u in issue.units} >= set(units.split("、"))
        assert [d.raw for d in issue.deadlines] == [deadline]


# --- structures Word writes that python-docx has no call for ---------------------------------

def _append_xml(d: NumberedDocument, xml: str) -> None:
    """Raw WordprocessingML appended to the body, before its final section properties."""
    from docx.oxml import parse_xml

    body = d.document.element.body
    body.insert(len(body) - 1, parse_xml(xml))


NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


def test_a_text_box_is_read_once_though_word_stores_it_twice():
    d = NumberedDocument()
    _append_xml(d, f"""<w:p {NS}><w:r><mc:AlternateContent>
      <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>
        <w:p><w:r><w:t>青山县人民政府文件</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>
      <mc:Fallback><w:pict><v:textbox><w:txbxContent>
        <w:p><w:r><w:t>青山县人民政府文件</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback>
    </mc:AlternateContent></w:r></w:p>""")
    d.text("青政发〔2024〕3号")
    assert lines_of(d.bytes()) == ["青山县人民政府文件", "青政发〔2024〕3号"]


def test_content_controls_are_read_and_field_instructions_are_not():
    d = NumberedDocument()
    _append_xml(d, f"""<w:sdt {NS}><w:sdtPr><w:alias w:val="标题"/></w:sdtPr><w:sdtContent>
        <w:p><w:r><w:t>关于做好防汛工作的通知</w:t></w:r></w:p></w:sdtContent></w:sdt>""")
    _append_xml(d, f"""<w:p {NS}><w:r><w:t xml:space="preserve">共 </w:t></w:r>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> NUMPAGES </w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>
        <w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p>""")
    assert lines_of(d.bytes()) == ["关于做好防汛工作的通知", "共 3 页"]
