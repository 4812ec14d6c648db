"""The PDF reader: reading order, page furniture, wrapped lines, ruled tables, refusals.

Short PDFs are drawn here with reportlab (a CJK font, glyphs placed as a word processor places
them); the three real government reports in ../shared/files/pdf are read end to end.
"""
from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner

from conftest import SHARED

from taizhang.pipeline.load import NoticeError, load
from taizhang.pipeline.readers import pdf as pdf_reader
from taizhang.pipeline.readers import reader_for
from taizhang.pipeline.run import extract

REPORTS = SHARED / "files" / "pdf"
FONT = "STSong-Light"
SIZE = 16
LEFT, RIGHT = 72, 520
PAGE = (595, 842)


# --- drawing test PDFs ------------------------------------------------------------------------

def _canvas(buffer, title: str | None = None):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = canvas.Canvas(buffer, pagesize=PAGE)
    if title:
        c.setTitle(title)
    return c


def wrap(text: str, indent: bool = True) -> list[tuple[float, str]]:
    """(x, line) of a paragraph set as a word processor sets it: first line indented two
    characters, each line filled up to the right margin."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, x, current = [], LEFT + (2 * SIZE if indent else 0), ""
    for char in text:
        if x + stringWidth(current + char, FONT, SIZE) > RIGHT:
            lines.append((x, current))
            x, current = LEFT, ""
        current += char
    lines.append((x, current))
    return lines


class Pages:
    """Pages written top-down: paragraphs, headings, tables, furniture."""

    def __init__(self, title: str | None = None):
        self.buffer = io.BytesIO()
        self.c = _canvas(self.buffer, title)
        self.y = 760.0

    def line(self, x: float, text: str, size: int = SIZE):
        self.c.setFont(FONT, size)
        self.c.drawString(x, self.y, text)
        self.y -= size * 1.75

    def paragraph(self, text: str, indent: bool = True, page_after: int | None = None,
                  **page):
        """A paragraph; with *page_after*, the page ends after that many of its lines."""
        for i, (x, line) in enumerate(wrap(text, indent)):
            if i == page_after:
                self.new_page(**page)
            self.line(x, line)

    def centred(self, text: str, size: int = SIZE, y: float | None = None):
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.c.setFont(FONT, size)
        x = (PAGE[0] - stringWidth(text, FONT, size)) / 2
        if y is None:
            self.c.drawString(x, self.y, text)
            self.y -= size * 1.75
        else:
            self.c.drawString(x, y, text)

    def table(self, rows: list[list[str]], widths: list[float]):
        """A table ruled as Word/WPS export it: one thin line per row and column boundary."""
        height = SIZE * 2
        top = self.y + SIZE
        xs = [LEFT]
        for width in widths:
            xs.append(xs[-1] + width)
        self.c.setLineWidth(0.75)
        for r in range(len(rows) + 1):
            self.c.line(xs[0], top - r * height, xs[-1], top - r * height)
        for x in xs:
            self.c.line(x, top, x, top - len(rows) * height)
        self.c.setFont(FONT, SIZE - 4)
        for r, row in enumerate(rows):
            for column, value in enumerate(row):
                self.c.drawString(xs[column] + 4, top - r * height - height + 10, value)
        self.y = top - len(rows) * height - 2 * SIZE

    def new_page(self, header: str | None = None, footer: str | None = None):
        if header:
            self.centred(header, 10, y=800)
        if footer:
            self.centred(footer, 12, y=40)
        self.c.showPage()
        self.y = 760.0

    def bytes(self) -> bytes:
        self.c.save()
        return self.buffer.getvalue()


LONG = ("全县各级各部门坚持问题导向，对照检查反馈意见逐条建立整改台账，明确责任单位和完成时限，"
        "实行清单化管理、项目化推进，每月调度一次整改进展，确保各项问题按期整改到位")
CONTINUED = ("下一步将继续加强督导检查，对整改不力、进度滞后的单位及时通报并约谈主要负责同志，"
             "推动整改工作取得实效，在此基础上建立健全长效机制，防止问题反弹回潮。")
TABLE = [["序号", "整改任务", "责任单位", "完成时限"],
         ["1", "清理积存垃圾", "县城管局", "6月底前"],
         ["2", "整治黑臭水体", "县生态环境局", "9月底前"]]


def report() -> bytes:
    """Three pages of a short report written for these tests, with a running header, page
    numbers in three styles, a paragraph that runs over a page end, and a ruled table."""
    p = Pages(title="整改工作报告")
    p.centred("青山县关于巡察反馈问题整改情况的报告", 22)
    p.line(LEFT + 2 * SIZE, "一、总体情况")
    p.paragraph(LONG + "。")
    p.paragraph(CONTINUED, page_after=2, header="青山县人民政府办公室", footer="— 1 —")
    p.line(LEFT + 2 * SIZE, "二、整改任务")
    p.table(TABLE, [60, 180, 120, 88])
    p.new_page(header="青山县人民政府办公室", footer="-2-")
    p.line(LEFT + 2 * SIZE, "三、下一步打算")
    p.paragraph("巩固整改成果。")
    p.line(LEFT + 2 * SIZE, "青山县人民政府办公室约谈工作组")
    p.new_page(header="青山县人民政府办公室", footer="第3页 共3页")
    return p.bytes()


@pytest.fixture(scope="module")
def report_text() -> str:
    return pdf_reader.read(report(), "report.pdf").text


# --- layout ---------------------------------------------------------------------------------------

def test_lines_of_one_paragraph_are_joined_and_paragraphs_kept_apart(report_text):
    lines = report_text.splitlines()
    assert LONG + "。" in lines
    assert "一、总体情况" in lines


def test_a_paragraph_running_over_a_page_end_is_joined(report_text):
    assert len(wrap(CONTINUED)) > 2           # the page ends inside the paragraph
    assert CONTINUED in report_text.splitlines()


def test_page_numbers_and_running_headers_are_removed_but_text_that_names_them_stays(report_text):
    lines = report_text.splitlines()
    assert not [line for line in lines if re.fullmatch(r"[—\-\s]*[0-9]+[—\-\s]*|第.页.*", line)]
    assert "青山县人民政府办公室" not in lines
    assert "青山县人民政府办公室约谈工作组" in lines


def test_a_ruled_table_gives_one_line_per_row_with_tab_separated_cells(report_text):
    rows = [line.split("\t") for line in report_text.splitlines() if "\t" in line]
    assert rows == TABLE


def test_reading_order_follows_the_pages(report_text):
    order = [report_text.index(word) for word in ("一、总体情况", "二、整改任务", "序号", "三、下一步打算")]
    assert order == sorted(order)


def test_a_heading_after_a_full_line_is_not_joined():
    p = Pages()
    p.paragraph("各单位要" + "按照要求抓好落实" * 6, indent=True)
    p.line(LEFT, "（二）强化督导")
    text = pdf_reader.read(p.bytes(), "x.pdf").text
    assert "\n（二）强化督导\n" in text


def test_digits_set_apart_by_the_layout_are_not_spaced():
    p = Pages()
    p.line(LEFT, "截至2024年底完成95%")
    p.line(LEFT, "联系邮箱 abc@example.com")
    lines = pdf_reader.read(p.bytes(), "x.pdf").text.splitlines()
    assert lines[0] == "截至2024年底完成95%"
    assert lines[1].endswith("abc@example.com")


def test_document_information_is_evidence(tmp_path):
    reading = pdf_reader.read(report(), "report.pdf")
    assert reading.evidence["title"] == "整改工作报告"
    assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", reading.evidence["created_date"])
    assert reading.from_container and reading.encoding == "pdf"


# --- refusals -------------------------------------------------------------------------------------

def _image_only_pdf() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 360, 80), fill="black")   # a scanned line
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=72)
    return buffer.getvalue()


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(report())))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("make, message", [
    (_image_only_pdf, r"no text layer \(a scan\?\): run OCR on it first"),
    (_blank_pdf, r"no text layer .*OCR"),
    (_encrypted_pdf, r"encrypted PDF .*password"),
    (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 4, r"damaged PDF .*save or print it"),
], ids=["scan", "blank", "encrypted", "damaged"])
def test_unreadable_pdfs_are_refused_with_what_to_do(tmp_path, make, message):
    path = tmp_path / "notice.pdf"
    path.write_bytes(make())
    with pytest.raises(NoticeError, match=message):
        load(path)


def test_a_pdf_named_txt_is_read_as_a_pdf_and_a_text_quoting_the_header_stays_text(tmp_path):
    assert reader_for("notice.txt", report()).name == "pdf"
    quoting = "文件头为%PDF-1.7的文件请另存为文本。\n".encode("utf-8")
    assert reader_for("notice.txt", quoting).name == "text"


# --- the real reports --------------------------------------------------------------------------------

TITLES = {
    "huaian_shizhengfu_2024_xinxigongkai_niandu_baogao.pdf": "淮安市人民政府2024年政府信息公开工作年度报告",
    "hongze_quzhengfu_2023_xinxigongkai_niandu_baogao.pdf": "洪泽区人民政府2023年政府信息公开工作年度报告",
    "hongze_quzhengfu_2024_xinxigongkai_niandu_baogao.pdf": "淮安市洪泽区人民政府2024年政府信息公开工作年度报告",
}
SECTIONS = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]


@pytest.mark.parametrize("name", sorted(TITLES))
def test_each_report_gives_its_title_and_sections_one_to_six(name):
    records = extract(REPORTS / name)
    assert records[0].title == TITLES[name]
    headings = [(r.ordinal, r.title) for r in records if r.type == "section" and r.level == 1]
    for ordinal, title in enumerate(SECTIONS, 1):
        assert (ordinal, title) in headings


@pytest.mark.parametrize("name", sorted(TITLES))
def test_each_report_loses_its_page_numbers_and_keeps_its_tables_as_rows(name):
    source = load(REPORTS / name)
    lines = source.text.splitlines()
    assert source.from_container
    assert not [line for line in lines if pdf_reader._patterns()[0].match(line)]
    assert "信息内容\t本年制发件数\t本年废止件数\t现行有效件数" in lines
    assert [line for line in lines if line.startswith("规章\t")]


def test_reports_are_read_fast():
    import time

    data = (REPORTS / "huaian_shizhengfu_2024_xinxigongkai_niandu_baogao.pdf").read_bytes()
    pdf_reader.read(data, "warm.pdf")
    start = time.perf_counter()
    pdf_reader.read(data, "x.pdf")
    assert time.perf_counter() - start < 1.0      # ~60 ms here; pdfminer.six takes ~0.9 s


def test_diff_of_the_two_hongze_reports_reports_changed_figures_and_exits_1():
    from taizhang.cli import main

    result = CliRunner().invoke(main, ["diff", str(REPORTS / "hongze_quzhengfu_2023_xinxigongkai_niandu_baogao.pdf"),
                                       str(REPORTS / "hongze_quzhengfu_2024_xinxigongkai_niandu_baogao.pdf")])
    assert result.exit_code == 1, result.output
    changed = [line for line in result.output.splitlines() if re.match(r"\s*~ figure .*→", line)]
    assert changed, result.output
