"""The web page reader: the declared encoding, the page kept as is, evidence from its markup.

Short pages are written here; the real saved government pages are in ../shared/files/html.
"""
from __future__ import annotations

import pytest

from conftest import SHARED

import taizhang
from taizhang.pipeline.load import load
from taizhang.pipeline.readers import html as html_reader
from taizhang.pipeline.readers import reader_for
from taizhang.pipeline.run import extract

PAGES = SHARED / "files" / "html"
NDRC = PAGES / "ndrc_fagai_nengyuangui_2020_816_dianwang_guihua_touzi_tongzhi.html"
GONGBAO = PAGES / "govcn_gongbao_2007_23_tebie_guozhai_yu_e_xianer_jueyi.html"
NEA = PAGES / "nea_jiangsu_2018_dianli_shichanghua_jiaoyi_zhuce_bangding_tongzhi.html"
JUEYI = "全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007年末国债余额限额的决议"

BODY = "<p>各乡镇人民政府：</p><p>一、加强组织领导</p><p>各单位要在2024年6月底前完成整改。</p>"


def page(head: str = "", body: str = BODY, doctype: str = "<!DOCTYPE html>\n") -> str:
    return f"{doctype}<html><head>{head}</head><body>{body}</body></html>\n"


def read(text_or_bytes, name: str = "page.html"):
    data = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
    return html_reader.read(data, name)


# --- encoding -------------------------------------------------------------------------------------

def test_a_gb2312_page_is_decoded_as_gb18030_and_kept_as_is():
    text = page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
                body="<p>朱镕基同志在会上强调，要抓好整改。</p>")   # 镕 is in GBK, not in GB2312
    reading = read(text.encode("gbk"))
    assert reading.encoding == "gb18030"
    assert reading.text == text


def test_meta_charset_gbk_and_a_bom_are_honoured():
    text = page('<meta charset="GBK">')
    assert read(text.encode("gbk")).encoding == "gb18030"
    reading = read("\ufeff".encode("utf-8") + text.encode("utf-8"))
    assert reading.text.lstrip("\ufeff") == text


def test_a_page_saved_as_utf8_that_still_declares_gb2312_is_read_as_utf8():
    text = page('<meta charset="gb2312">')
    reading = read(text.encode("utf-8"))
    assert reading.encoding == "utf-8" and reading.text == text


@pytest.mark.parametrize("declared", ["iso-8859-1", "us-ascii", "euc-jp"])
def test_a_declaration_the_bytes_contradict_is_reported(declared):
    text = page(f'<meta charset="{declared}">', body="<p>关于做好整改工作的通知，请认真贯彻落实。</p>")
    reading = read(text.encode("gb18030"))
    assert "关于做好整改工作的通知" in reading.text
    assert [w["code"] for w in reading.warnings] == ["wrong_declared_encoding"]


def test_a_page_named_txt_is_read_as_a_page_and_a_plain_text_is_not():
    assert reader_for("notice.txt", page().encode("utf-8")).name == "html"
    assert reader_for("notice.txt", "关于做好<b>整改</b>工作的通知\n".encode("utf-8")).name == "text"
    assert reader_for("notice.htm", "<p>关于整改的通知</p>".encode("utf-8")).name == "html"


# --- evidence -----------------------------------------------------------------------------------

def test_meta_tags_give_title_doc_number_date_and_source():
    head = ('<meta name="ArticleTitle" content="关于开展安全生产大检查的通知(青政办发〔2024〕12号)">'
            '<meta name="PubDate" content="2024-03-05 09:30">'
            '<meta name="ContentSource" content="县应急管理局">'
            '<meta name="SiteName" content="青山县人民政府">')
    evidence = read(page(head)).evidence
    assert evidence["title"] == "关于开展安全生产大检查的通知"
    assert evidence["doc_number"] == "青政办发〔2024〕12号"
    assert evidence["published_date"] == "2024-03-05"
    assert evidence["content_source"] == "县应急管理局"
    assert evidence["source_site"] == "青山县人民政府"


@pytest.mark.parametrize("title", [
    "关于开展安全生产大检查的通知_青山县人民政府",
    "【关于开展安全生产大检查的通知】-青山县人民政府",
    "关于开展安全生产大检查的通知 | 青山县人民政府门户网站",
    "关于开展安全生产大检查的通知__2024年第3号_青山县人民政府",
])
def test_the_title_tag_loses_the_site_name(title):
    assert read(page(f"<title>{title}</title>")).evidence["title"] == "关于开展安全生产大检查的通知"


METADATA_TABLE = """
<table class="xxgk">
 <tr><td>索 引 号：</td><td>11370000/2024-00031</td><td>主题分类：</td><td>城乡建设</td></tr>
 <tr><td><span>发文机关</span> ：</td><td>青山县人民政府办公室</td>
     <td>成文日期：</td><td>2024年03月01日</td></tr>
 <tr><td>标　　题：</td><td colspan="3">青山县人民政府办公室关于做好防汛准备工作的通知</td></tr>
 <tr><td>发文字号：青政办发〔2024〕7号</td><td>发布日期：</td><td>2024-03-04</td></tr>
</table>
<p>标题党现象要坚决纠正。</p>
"""


def test_a_government_metadata_table_gives_its_fields():
    evidence = read(page("<title>首页_青山县人民政府</title>", body=METADATA_TABLE + BODY)).evidence
    assert evidence["index_number"] == "11370000/2024-00031"
    assert evidence["issuer"] == "青山县人民政府办公室"
    assert evidence["signed_date"] == "2024-03-01"
    assert evidence["published_date"] == "2024-03-04"
    assert evidence["title"] == "青山县人民政府办公室关于做好防汛准备工作的通知"
    assert evidence["doc_number"] == "青政办发〔2024〕7号"
    assert evidence["topic"] == "城乡建设"


def test_body_text_that_starts_with_a_label_word_is_not_a_field():
    evidence = read(page(body="<p>标题党现象要坚决纠正。</p><p>名称规范工作由县民政局负责。</p>")).evidence
    assert "title" not in evidence


def test_scripts_and_styles_hold_no_fields():
    body = "<script>var s = '发文字号：假〔2024〕1号';</script><style>.a{}</style>" + BODY
    assert "doc_number" not in read(page(body=body)).evidence


# --- the real pages -------------------------------------------------------------------------------

def test_the_ndrc_notice_page_gives_its_title_and_doc_number():
    data = NDRC.read_bytes()
    reading = read(data, NDRC.name)
    assert reading.text == data.decode("utf-8")
    assert reading.evidence["title"] == "关于加强和规范电网规划投资管理工作的通知"
    assert reading.evidence["doc_number"] == "发改能源规〔2020〕816号"
    assert reading.evidence["published_date"] == "2020-06-08"


def test_the_gongbao_page_gives_the_resolution_title():
    assert read(GONGBAO.read_bytes(), GONGBAO.name).evidence["title"] == JUEYI


def test_the_nea_page_gives_its_title_and_date():
    evidence = read(NEA.read_bytes(), NEA.name).evidence
    assert evidence["title"] == "关于做好2019年电力市场化交易注册绑定有关工作的通知"
    assert evidence["published_date"] == "2018-10-29"


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.html")), ids=lambda p: p.name[:20])
def test_every_real_page_loads_through_the_loader_fast(path):
    import time

    start = time.perf_counter()
    source = load(path)
    assert time.perf_counter() - start < 2.0        # 3-15 ms a page once lxml is loaded
    assert not source.from_container and source.evidence.get("title")


def test_the_ndrc_document_record_shows_title_and_doc_number():
    document = extract(NDRC)[0]
    assert document.doc_number == "发改能源规〔2020〕816号"
    assert "关于加强和规范电网规划投资管理工作的通知" in (document.title or "")
    assert "国家电网有限公司" in document.recipients and len(document.recipients) >= 5


def test_the_gongbao_document_record_shows_the_resolution_title():
    assert extract(GONGBAO)[0].title == JUEYI


def test_the_nea_notice_page_gives_its_title_and_recipients():
    document = extract(PAGES / "nea_jiangsu_2018_dianli_shichanghua_jiaoyi_zhuce_bangding_tongzhi.html")[0]
    assert document.title == "关于做好2019年电力市场化交易注册绑定有关工作的通知"
    assert document.kind == "通知"
    assert "省电力公司" in document.recipients and "江苏电力交易中心" in document.recipients


def test_the_page_title_that_names_the_issuer_is_the_whole_title():
    """<meta ArticleTitle> 关于…的答复函 and <title> 青河县卫生健康局关于…的答复函_站名: the one that names
    the issuer before 关于 is the notice's whole title (the body shows no title line)."""
    page = ("<html><head><meta name=\"ArticleTitle\" content=\"关于县政协第25号提案的答复函\">"
            "<title>青河县卫生健康局关于县政协第25号提案的答复函_建议提案办理_青河县卫生健康局</title></head><body>"
            "<div class=\"article\"><p>李明委员：</p><p>您提出的《关于加强基层儿科建设的提案》收悉。现答复如下：</p>"
            "<p>一、关于人才培养。我局将每年定向培养儿科医生10名。</p><p>青河县卫生健康局</p><p>2025年6月20日</p>"
            "</div></body></html>")
    document = taizhang.extract(page.encode("utf-8"), name="reply.html")[0]
    assert document.title == "青河县卫生健康局关于县政协第25号提案的答复函"
