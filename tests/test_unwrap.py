"""unwrap: the notice read out of what carries it, with every span pointing into the file.

Each form gets a short text written for the test (the structure of a real wrapper, other
words); the checks are the kept text, the evidence, the warnings, and that spans map back.
"""
from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from taizhang.pipeline.normalize import normalize
from taizhang.pipeline.unwrap import strip_site, unwrap

SHARED = Path(__file__).resolve().parents[2] / "shared"
if not SHARED.exists():
    SHARED = Path(__file__).resolve().parents[1].parent / "shared"

BODY = ["关于做好秋季林区防火巡查工作的通知",
        "各乡镇人民政府，县直有关单位：",
        "为切实做好今冬明春森林防火工作，现将有关事项通知如下。",
        "一、加强巡查。各乡镇要组织护林员每日巡山，发现火情立即报告。",
        "二、落实责任。县林业局牵头，各乡镇配合，于2024年11月30日前完成隐患排查。",
        "青山县人民政府办公室",
        "2024年10月8日"]

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>关于做好秋季林区防火巡查工作的通知_青山县人民政府网</title>
<meta name="ArticleTitle" content="关于做好秋季林区防火巡查工作的通知">
<meta name="PubDate" content="2024-10-09 10:20">
<style>.main{width:100%;font-size:16px}</style>
<script>var w = "50%"; if (a < b) {}</script>
</head><body>
<div class="nav"><a href="/">首页</a> | <a href="/zw">政务公开</a> | <a href="/hd">互动交流</a> | <a href="/fw">办事服务</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a> &gt; <a href="/wj">政府文件</a></div>
<table class="meta"><tr><td>索引号：</td><td>QS-2024-0017</td><td>主题分类：</td><td>林业</td></tr>
<tr><td>发文机关：</td><td>青山县人民政府办公室</td><td>成文日期：</td><td>2024年10月8日</td></tr>
<tr><td>发文字号：</td><td>青政办发〔2024〕12号</td></tr></table>
<div class="tools">字号：<a>大</a> <a>中</a> <a>小</a> 【打印】【关闭】</div>
<div class="article">
<p style="text-align:center"><strong>关于做好秋季林区防火巡查工作的通知</strong></p>
<p>各乡镇人民政府，县直有关单位：</p>
<p>　　为切实做好今冬明春森林防火工作，现将有关事项通知如下。</p>
<p>　　一、加强巡查。各乡镇要组织护林员每日巡山，发现火情立即报告。</p>
<p>　　二、落实责任。县林业局牵头，各乡镇配合，于<span>2024</span><span>年</span>11月30日前完成隐患排查。</p>
<p style="text-align:right">青山县人民政府办公室</p>
<p style="text-align:right">2024年10月8日&nbsp;</p>
<!-- 正文结束 -->
</div>
<div class="share">分享到：<a>微信</a> <a>微博</a></div>
<div class="related">相关链接：<a href="/a">关于开展冬季造林的通知</a><br><a href="/b">县林业局2024年工作要点</a></div>
<div class="footer">版权所有：青山县人民政府 主办单位：青山县人民政府办公室 ICP备12345678号 网站标识码1234000001</div>
</body></html>
"""


def kept_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def without_markup(source: str) -> str:
    """What a reader sees of a stretch of the source: tags, escapes and spaces removed."""
    source = re.sub(r"<[^<>]*>|&nbsp;|\\[rnt]|[\s\u3000'\"]", "", source)
    return source.replace("&gt;", ">").replace("&lt;", "<")


def assert_spans_map_back(source: str, kept: str, mapping) -> None:
    """For a sample of words of the kept text, the mapped source span shows the same word."""
    rng = random.Random(7)
    words = [m for m in re.finditer(r"[\u4e00-\u9fff0-9]{2,12}", kept)]
    assert words
    for m in rng.sample(words, min(40, len(words))):
        start, end = mapping.span(m.start(), m.end()) if mapping is not None else (m.start(), m.end())
        assert without_markup(source[start:end]) == m.group(), (m.group(), source[start:end])


def codes(found) -> list[str]:
    return [item["code"] for item in found if "code" in item]


def evidence(found) -> dict[str, str]:
    out = {}
    for item in found:
        if "evidence" in item:
            out.setdefault(item["evidence"], item["value"])
    return out


# --- HTML ------------------------------------------------------------------------------

def test_whole_page_keeps_the_notice_only():
    kept, mapping, found = unwrap(PAGE)
    assert kept_lines(kept) == BODY
    for chrome in ("首页", "字号", "打印", "分享到", "相关链接", "版权所有", "ICP", "100%", "索引号"):
        assert chrome not in kept


def test_a_sentence_naming_its_undertaking_body_is_no_footer():
    """承办单位 is a footer word (承办单位：某某大数据中心), but a sentence of the notice that names
    the bodies undertaking its work stays (完成情况：已完成。（承办单位：…；协办单位：…）)."""
    line = "完成情况：已完成。（承办单位：县林业局；协办单位：县应急管理局）"
    page = PAGE.replace("<p>　　二、落实责任。", f"<p>{line}</p><p>　　二、落实责任。").replace(
        "ICP备12345678号", "承办单位：青山县大数据中心 ICP备12345678号")
    kept, mapping, found = unwrap(page)
    assert kept_lines(kept) == BODY[:4] + [line] + BODY[4:]
    assert "大数据中心" not in kept


@pytest.mark.parametrize("link", ["附件：林区防火巡查记录表.xls", "林区防火巡查记录表.docx"])
def test_an_attachment_link_above_the_signature_keeps_the_signature(link):
    """GB/T 9704 puts the 附件说明 between the body and the signature; on a page it is often a
    download link, and the signature and date under it are still the notice's."""
    page = PAGE.replace('<p style="text-align:right">青山县人民政府办公室</p>',
                        f'<p><a href="/files/1.xls">{link}</a></p><p style="text-align:right">'
                        '&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;青山县人民政府办公室</p>')
    kept, mapping, found = unwrap(page)
    assert kept_lines(kept) == BODY[:-2] + [link] + BODY[-2:]


def test_the_note_under_a_title_stays_with_the_notice():
    """（…会议通过）, the 题注 between the title and the body, is the notice's, not page data."""
    note = "（2024年10月8日县人民政府第5次常务会议通过）"
    page = PAGE.replace("<p>各乡镇人民政府，县直有关单位：</p>", f"<p>{note}</p><p>各乡镇人民政府，县直有关单位：</p>")
    kept, mapping, found = unwrap(page)
    assert kept_lines(kept) == BODY[:1] + [note] + BODY[1:]


def test_page_evidence_and_warning():
    kept, mapping, found = unwrap(PAGE)
    fields = evidence(found)
    assert fields["doc_number"] == "青政办发〔2024〕12号"
    assert fields["issuer"] == "青山县人民政府办公室"
    assert fields["signed_date"] == "2024年10月8日"
    assert fields["title"] == "关于做好秋季林区防火巡查工作的通知"   # the site after _ is gone
    assert codes(found).count("markup_removed") == 1
    warning = next(item for item in found if item.get("code") == "markup_removed")
    assert warning["message"].startswith("html")
    assert warning["span"] == (0, len(PAGE))


def test_page_spans_map_back():
    kept, mapping, found = unwrap(PAGE)
    assert_spans_map_back(PAGE, kept, mapping)
    start, end = mapping.span(kept.index("2024年11月30日"), kept.index("2024年11月30日") + 11)
    assert without_markup(PAGE[start:end]) == "2024年11月30日"
    for item in found:
        if "evidence" in item and item["evidence"] == "doc_number":
            assert item["value"] in PAGE[item["span"][0]:item["span"][1]]


def test_inline_tags_vanish_without_space_and_entities_decode():
    page = ("<html><body><div><p>于<span>2022</span>\n<span>年</span><span>3</span>月底前完成，"
            "面积&lt;5亩的除外&nbsp;。</p><p>第二段落内容，另起一行。</p></div></body></html>")
    kept, mapping, found = unwrap(page)
    assert kept_lines(kept) == ["于2022年3月底前完成，面积<5亩的除外 。", "第二段落内容，另起一行。"]


def test_table_cells_become_tabs_and_rows_lines():
    page = ("<html><body><p>各单位责任分工如下，请遵照执行：</p><table><tr><td>序号</td><td>任务</td><td>责任单位</td></tr>"
            "<tr><td>1</td><td>排查隐患</td><td>县应急局</td></tr></table></body></html>")
    kept, _, _ = unwrap(page)
    assert "序号\t任务\t责任单位" in kept_lines(kept)
    assert "1\t排查隐患\t县应急局" in kept_lines(kept)


# --- SQL ---------------------------------------------------------------------------------

def sql_row() -> str:
    content = ("<div id=\\'body\\'><p>关于做好秋季林区防火巡查工作的通知</p>\\r\\n<p>各乡镇人民政府，县直有关单位：</p>"
               "<p>为切实做好今冬明春森林防火工作，现将有关事项通知如下。</p>\\r\\n"
               "<p>一、加强巡查。各乡镇要组织护林员每日巡山，发现火情立即报告。</p>"
               "<p>二、落实责任。县林业局牵头，各乡镇配合，于2024年11月30日前完成隐患排查。</p>"
               "<p>青山县人民政府办公室</p><p>2024年10月8日</p></div>")
    page = ("<html><head><title>通知_青山县</title></head><body><div class=\\'nav\\'><a href=\\'/\\'>首页</a> "
            "<a href=\\'/x\\'>政务公开</a> <a href=\\'/y\\'>互动交流</a></div>" + content +
            "<div class=\\'foot\\'>版权所有：青山县人民政府 ICP备12345678号</div></body></html>")
    return ("INSERT INTO `policy` (`id`, `url`, `title`, `release_number`, `content`, `html`, `note`) VALUES "
            f"(7, 'http://example.gov.cn/a.htm', '关于做好秋季林区防火巡查工作的通知', '青政办发〔2024〕12号', "
            f"'{content}', '{page}', 'it''s crawled');\n")


def test_sql_row_with_the_page_twice():
    text = sql_row()
    kept, mapping, found = unwrap(text)
    assert kept_lines(kept) == BODY
    assert "duplicate_body" in codes(found)
    forms = [item["message"].split(":")[0] for item in found if item.get("code") == "markup_removed"]
    assert forms == ["sql", "html"]
    fields = evidence(found)
    assert fields["title"] == "关于做好秋季林区防火巡查工作的通知"
    assert fields["doc_number"] == "青政办发〔2024〕12号"
    assert "url" not in fields and "note" not in fields
    assert_spans_map_back(text, kept, mapping)
    dropped = next(item for item in found if item.get("code") == "duplicate_body")["span"]
    assert dropped[0] > text.index("'<html>")          # the second copy (the html column) goes


def test_sql_escapes_decode():
    text = ("insert into t (id, body) values (1, '第一段，他说\\'可以\\'，还有''引号''。\\r\\n第二段：\\t制表"
            "内容足够长，内容足够长，内容足够长，内容足够长，内容足够长，内容足够长。');")
    kept, mapping, found = unwrap(text)
    assert kept_lines(kept)[0] == "第一段，他说'可以'，还有'引号'。"
    assert kept_lines(kept)[1].startswith("第二段：")


# --- CSV, JSON ---------------------------------------------------------------------------

def test_csv_record_with_doubled_quotes_and_paragraph_spaces():
    body = "　　".join(BODY[1:])
    body_twice = body + "　　" + body
    text = ('12,"关于做好秋季林区防火巡查工作的通知", 2024-10-08,有效,"' + body_twice.replace("现将有关事项", "现将“有关”事项")
            .replace("每日巡山", '每日""巡山""') + '",林业\n')
    kept, mapping, found = unwrap(text)
    lines = kept_lines(kept)
    assert lines[0] == BODY[1] and lines[-1] == BODY[-1]
    assert len(lines) == len(BODY) - 1                      # the second copy is gone
    assert '每日"巡山"' in kept
    assert "duplicate_body" in codes(found)
    assert evidence(found)["title"] == "关于做好秋季林区防火巡查工作的通知"
    assert_spans_map_back(text, kept, mapping)


def test_csv_with_header_names_its_columns():
    text = ("标题,发文字号,内容\n关于做好秋季林区防火巡查工作的通知,青政办发〔2024〕12号," + "　　".join(BODY[1:]) + "\n")
    kept, mapping, found = unwrap(text)
    assert kept_lines(kept) == BODY[1:]
    assert evidence(found)["doc_number"] == "青政办发〔2024〕12号"


def test_json_document():
    body = "\\n".join(BODY).replace("“", "\\u201c")
    text = '{"meta": {"title": "关于做好秋季林区防火巡查工作的通知", "issuer": "青山县人民政府办公室"}, ' \
           f'"content": "{body}", "tags": ["林业", "防火"]}}'
    kept, mapping, found = unwrap(text)
    assert kept_lines(kept) == BODY
    fields = evidence(found)
    assert fields["title"] == "关于做好秋季林区防火巡查工作的通知" and fields["issuer"] == "青山县人民政府办公室"
    assert "json" in [item["message"].split(":")[0] for item in found if item.get("code") == "markup_removed"]
    assert_spans_map_back(text, kept, mapping)


def test_json_api_response_keys_are_evidence_for_the_number_and_the_date():
    """A site's API names its fields in English or pinyin initials (fileNo, writeDate, fwzh)."""
    body = "\\n".join(BODY[1:])
    text = ('{"code":200,"data":{"title":"关于做好秋季林区防火巡查工作的通知","fileNo":"青政办发〔2024〕12号",'
            f'"writeDate":"2024-10-08","content":"{body}"}}}}')
    fields = evidence(unwrap(text)[2])
    assert fields["doc_number"] == "青政办发〔2024〕12号" and fields["signed_date"] == "2024-10-08"
    other = text.replace("fileNo", "fwzh").replace("writeDate", "cwrq")
    assert evidence(unwrap(other)[2])["doc_number"] == "青政办发〔2024〕12号"


# --- markdown, JSX -------------------------------------------------------------------------

MARKDOWN = """---
标题: 关于做好秋季林区防火巡查工作的通知
文号: 青政办发〔2024〕12号
发布日期: 2024-10-20
tags:
- 林业
---

> 本文由脚本自官方页面整理，仅供查阅，以[官方链接](https://example.gov.cn/a)为准。

# 关于做好秋季林区防火巡查工作的通知

各乡镇人民政府，县直有关单位：

为切实做好今冬明春森林防火工作，现将有关事项通知如下。

**一、加强巡查。**各乡镇要组织护林员每日巡山，发现火情立即报告。

<!--more-->

二、落实责任。县林业局牵头，各乡镇配合，于2024年11月30日前完成隐患排查。

青山县人民政府办公室

2024年10月8日

[查看原文](https://example.gov.cn/a)
"""


def test_markdown_with_front_matter_and_notes():
    kept, mapping, found = unwrap(MARKDOWN)
    assert kept_lines(kept) == BODY
    fields = evidence(found)
    assert fields["doc_number"] == "青政办发〔2024〕12号"
    assert fields["published_date"] == "2024-10-20"
    assert codes(found).count("markup_removed") == 1
    assert_spans_map_back(MARKDOWN, kept, mapping)


JSX = """const Letter: Page = () => (
  <div style={page}>
    <Header />
    {/* 原件第一页，版面照排 */}
    <Block x={70.5} y={40} size={16}>
      關於做好秋季林區防火巡查工作的函
    </Block>
    <Block x={70.5} y={80} size={12} leading={15}>
      受文者：各鄉鎮公所
      <br />
      電子信箱：fire@forest.
      <wbr />
      example.tw
    </Block>
    <Block x={82} y={120} size={16}>
      主旨：請於113年11月30日前完成轄區隱患排查，請查照。
    </Block>
  </div>
);
"""


def test_jsx_letter():
    kept, mapping, found = unwrap(JSX)
    assert kept_lines(kept) == ["關於做好秋季林區防火巡查工作的函", "受文者：各鄉鎮公所",
                                "電子信箱：fire@forest.example.tw", "主旨：請於113年11月30日前完成轄區隱患排查，請查照。"]
    assert "const" not in kept and "原件" not in kept and "{" not in kept
    assert "jsx" in [item["message"].split(":")[0] for item in found if item.get("code") == "markup_removed"]
    assert_spans_map_back(JSX, kept, mapping)


# --- PDF text layers -------------------------------------------------------------------------

def pdf_text() -> str:
    pages = [
        "青山县林业局文件\n关于秋季林区防火巡查的报告\n县人民政府：\n今年以来，我局组织护林员巡山\n"
        "1\n累计发现隐患 32 处，已整改 30 处，整改率达\n93.75%，其余 2 处正在整改。\n1\n\n"
        "护 林 员 巡 山 记 录 显 示 ， 全 年 出 勤 1200 人 次 。\n\n— 1 —\n",
        "青山县林业局文件\n二、下一步工作。我局将于 2024 年 11 月 30 日前完成全部整改，\n"
        "并建立长效机制。\n青山县林业局\n2024 年 10 月 8 日\n\n— 2 —\n",
        "青山县林业局文件\n附件：隐患清单\n1. 5米宽防火隔离带\n\n— 3 —\n",
    ]
    return "\f".join(pages) + "\f"


def test_pdf_text_layer():
    text = pdf_text()
    kept, mapping, found = unwrap(text)
    lines = kept_lines(kept)
    assert "青山县林业局文件" not in lines                       # the running head
    assert not any(re.fullmatch(r"[—\- \d]+", line) for line in lines)  # page numbers, references
    assert "\f" not in kept
    assert lines[0] == "关于秋季林区防火巡查的报告"
    assert "今年以来，我局组织护林员巡山" in lines and "累计发现隐患 32 处，已整改 30 处，整改率达" in lines
    assert "2024年10月8日" in lines and "1.5米宽防火隔离带" in lines
    assert "2024年11月30日前" in kept
    assert lines[-1].startswith("护 林 员")                    # the footnote, after the body
    assert "pdf_text" in [item["message"].split(":")[0] for item in found if item.get("code") == "markup_removed"]
    assert_spans_map_back(text, kept, mapping)


# --- crawler headers, metadata blocks, plain text -----------------------------------------------

def test_crawler_header_and_flattened_page_chrome():
    text = ("标题: 关于做好秋季林区防火巡查工作的通知\n发布时间: 2024-10-09 10:20\n文号: \n发布机构: 青山县林业局\n"
            "原文链接: https://example.gov.cn/a\n==================== 正文 ====================\n"
            "当前位置： 首页政务公开政府文件 关于做好秋季林区防火巡查工作的通知 时间：2024-10-09 10:20 微信 微博 QQ空间 "
            "各乡镇人民政府：为切实做好森林防火工作，现将有关事项通知如下。一、加强巡查。各乡镇要组织巡山。"
            " 青山县人民政府办公室 2024年10月8日 来源：青山县林业局 附件下载")
    kept, mapping, found = unwrap(text)
    assert kept.startswith("各乡镇人民政府：") and kept.endswith("2024年10月8日")
    fields = evidence(found)
    assert fields["title"] == "关于做好秋季林区防火巡查工作的通知"
    assert fields["published_date"].startswith("2024-10-09")
    assert "doc_number" not in fields                       # an empty 文号 is no evidence


def test_a_page_in_traditional_characters_loses_its_furniture_as_a_simplified_one_does():
    """The furniture and labels are read on a simplified view of the text (當前位置 is 当前位置);
    what is kept stays as written, converted later with the rest."""
    import opencc

    s2t = opencc.OpenCC("s2t").convert
    text = ("标题: 关于做好秋季林区防火巡查工作的通知\n发布时间: 2024-10-09 10:20\n文号: \n发布机构: 青山县林业局\n"
            "原文链接: https://example.gov.cn/a\n==================== 正文 ====================\n"
            + s2t("当前位置： 首页政务公开政府文件 关于做好秋季林区防火巡查工作的通知 时间：2024-10-09 10:20 微信 微博 QQ空间 "
                  "各乡镇人民政府：为切实做好森林防火工作，现将有关事项通知如下。一、加强巡查。各乡镇要组织巡山。"
                  " 青山县人民政府办公室 2024年10月8日 来源：青山县林业局 附件下载"))
    kept, mapping, found = unwrap(text)
    assert kept.startswith(s2t("各乡镇人民政府：")) and kept.endswith("2024年10月8日")
    assert evidence(found)["title"] == "关于做好秋季林区防火巡查工作的通知"


@pytest.mark.parametrize("bar", ["发布时间：2024-10-09 10:20 浏览次数：", "作者：发布时间：2024-10-09 10:20信息来源：县林业局浏览量：",
                                 "发布时间： 2024- 10- 09 10: 20浏览次数："])
def test_a_page_copied_as_text_loses_its_breadcrumb_and_posting_bar(bar):
    text = "首页\n> 政务公开 > 政策文件\n" + BODY[0] + f"\n{bar}\n" + "\n".join(BODY[1:]) + "\n"
    assert normalize(text).text.split("\n") == BODY


def test_legal_database_header():
    text = ("【发布部门】青山县人民政府办公室\n【发文字号】青政办发〔2024〕12号\n【发布日期】2024.10.08\n"
            "【时效性】现行有效\n【法宝引证码】CLI.12.345678\n\n" + "\n".join(BODY) + "\n")
    kept, mapping, found = unwrap(text)
    assert kept_lines(kept) == BODY
    fields = evidence(found)
    assert fields["issuer"] == "青山县人民政府办公室" and fields["doc_number"] == "青政办发〔2024〕12号"


def test_a_metadata_table_printed_with_wrapped_values_and_an_empty_label():
    """A gov.cn page printed to PDF: its metadata table wraps a long 标题 onto a line of its own,
    and an empty 主题词 stands right above the title's first line, which is no value of it."""
    title = ["青山县人民政府办公室关于做好秋季林区", "防火巡查工作的通知"]
    text = ("索 引 号： QS-2024-0017 主题分类： 林业\n发文机关： 青山县人民政府办公室 成文日期： 2024年10月8日\n"
            "标　　题： 青山县人民政府办公室关于做好秋季林区防火巡查工作的通\n知\n"
            "发文字号： 青政办发〔2024〕12号 发布日期： 2024年10月9日\n主 题 词：\n"
            + "\n".join(title + BODY[1:]) + "\n")
    kept, mapping, found = unwrap(text)
    assert kept_lines(kept) == title + BODY[1:]
    assert evidence(found)["title"] == "".join(title)


@pytest.mark.parametrize("text", ["\n".join(BODY), "，".join(BODY) * 3,
                                  "a,b,c，不是表格的一行，2024,10,8\n" + "\n".join(BODY),
                                  "标题：示例\n" + "\n".join(BODY)])
def test_plain_text_is_unchanged(text):
    kept, mapping, found = unwrap(text)
    assert kept == text and mapping is None
    assert not codes(found)


def test_seeds_come_out_unchanged():
    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    assert seeds
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        kept, mapping, found = unwrap(text)
        assert kept == text, seed.name


def test_normalize_takes_evidence_and_warnings():
    result = normalize(PAGE)
    assert result.evidence["doc_number"]["value"] == "青政办发〔2024〕12号"
    assert any(w["code"] == "markup_removed" for w in result.warnings)
    start = result.text.index("青山县人民政府办公室")
    src = result.span(start, start + 10)
    assert PAGE[src[0]:src[1]] == "青山县人民政府办公室"


def test_site_suffix_and_prefix_leave_the_title():
    assert strip_site("关于做好秋季林区防火巡查工作的通知_青山县人民政府网") == "关于做好秋季林区防火巡查工作的通知"
    assert strip_site("某大学->中共某大学委员会关于整改进展情况的通报 | news.example") == "中共某大学委员会关于整改进展情况的通报"
    assert strip_site("青山县政务服务网 政策文件 青山县人民政府关于印发方案的通知") == "青山县人民政府关于印发方案的通知"


# --- time ------------------------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["<<<<", "''''", "<a <b '", "<p>x</p>", "{/*", "\\'", '"",', "\f1\n", "&&&;"])
def test_pathological_megabyte_is_fast(unit):
    text = "INSERT INTO t VALUES ('" + unit * (1_000_000 // len(unit))
    for candidate in (text, unit * (1_000_000 // len(unit)), "<html><body>" + unit * (1_000_000 // len(unit))):
        began = time.perf_counter()
        unwrap(candidate)
        assert time.perf_counter() - began < 1.0, (unit, candidate[:30])


def test_long_one_line_page_is_linear():
    paragraph = "<p>为切实做好今冬明春森林防火工作，现将有关事项通知如下。</p>"
    small = "<html><body>" + paragraph * 2000 + "</body></html>"
    large = "<html><body>" + paragraph * 20000 + "</body></html>"
    began = time.perf_counter()
    unwrap(small)
    small_time = time.perf_counter() - began
    began = time.perf_counter()
    kept, _, _ = unwrap(large)
    assert time.perf_counter() - began < max(15 * small_time, 1.5)
    assert kept.count("\n") >= 19_999


# --- real pages --------------------------------------------------------------------------------

HTML_FIXTURES = sorted((SHARED / "files" / "html").glob("*.html")) if (SHARED / "files" / "html").exists() else []


@pytest.mark.skipif(not HTML_FIXTURES, reason="shared/files/html not present")
@pytest.mark.parametrize("path", HTML_FIXTURES, ids=lambda p: p.name[:30])
def test_real_pages_lose_their_chrome(path):
    page = path.read_text(encoding="utf-8", errors="replace")
    kept, mapping, found = unwrap(page)
    assert 200 < len(kept) < len(page) / 2
    assert "<" not in kept[:2000] or "</" not in kept
    assert not re.search(r"ICP备|版权所有|网站标识码", kept)
    assert_spans_map_back(page, kept, mapping)


def test_the_cheap_test_before_the_label_pattern_refuses_only_cells_the_pattern_refuses():
    """A label cell's label (at most 12 characters, after blanks and one 【) is followed by a
    blank, 】 or a colon within its first 14 characters: the test that spares the pattern on
    prose refuses no cell the pattern takes, at that boundary or with blanks and brackets."""
    from taizhang.pipeline.unwrap import LABEL_CELL, NO_LABEL_OPENING

    cells = ["【发布机构】青山县林业局", "发布机构：青山县林业局", "  发 布 机 构 ：青山县林业局",
             "【一二三四五六七八九十一二】：值", "一二三四五六七八九十一二三：值", "一二三四五六七八九十一二三四：值",
             "各乡镇要组织护林员每日巡山，发现火情立即报告。", "县林业局牵头，各乡镇配合：完成隐患排查",
             "成文日期", "一二三四五六七八九十一二三四五"]
    rng = random.Random(5)
    cells += ["".join(rng.choice("标题机构日期 　【】:：x") for _ in range(rng.randint(1, 24))) for _ in range(3000)]
    refused = [cell for cell in cells if NO_LABEL_OPENING.match(cell)]
    assert "各乡镇要组织护林员每日巡山，发现火情立即报告。" in refused
    assert "一二三四五六七八九十一二三四：值" in refused          # 14 characters before the colon
    assert "一二三四五六七八九十一二三：值" not in refused       # 13: one may still be 【 + 12
    assert not [cell for cell in refused if LABEL_CELL.match(cell)]
