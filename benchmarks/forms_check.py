#!/usr/bin/env python3
"""Form invariance: the dev notices in other carriers, scored against the same gold.

What it measures and why
------------------------
A notice is the text its issuing body wrote; the carrier it arrives in (a saved web
page, a markdown export, a PDF text layer, a traditional-character reprint, a database
dump, a GB18030 file with Windows line ends) is not part of it (GUIDE.md, "What is the
notice"). So the same notice in another carrier must give the same records, and the
same gold must score the same. This is a metamorphic check: nothing new is labelled;
each dev notice is rewrapped, `taizhang extract` is run on the rewrapped files and the
result is scored with ../shared/eval/score.py against the notice's own dev gold. A
variant that scores below the original shows where the tool depends on the carrier
rather than on the notice.

The notices
-----------
Group `text` -- the dev files that are plain text (not html/sql/md/csv/pdftext/jsx
captures; by SOURCES.md and the file names): dA01-dA06 (dataset article fields, one
flattened line each) and dB01-dB04 (pingtan.gov.cn page.txt captures: a crawler header,
then the page text flattened onto one line). dB05 (_md), dB06 (_csv) and every dC/dD/dE
file are captures of another form and are left out of this group.

Group `page` -- the dev HTML pages (names ending _html.txt: dC02-dC05, dD05, dD06,
dE01-dE03), reduced to their visible text: the text a tag-stripping dump gives
(browser innerText style: <script>/<style>/<head>/comments dropped, elements hidden
by an inline display:none/visibility:hidden or the `hidden` attribute dropped, entities
decoded, block elements and <br> end a line, table cells separated by a tab, runs of
white space collapsed, U+00A0 and U+2002 padding kept, blank lines dropped). The page's
menus, breadcrumb and footer stay in this text: they are part of what such a copy
holds, and the tool must set them aside as it does in the HTML. Known loss of the
reduction itself: dC02's attachment name is only in a hidden div, so no text form
of the page has it.

The first row of each group's table is ORIGINAL: the raw dev files of those notices.

The variants (each in its own folder, each file with the original's stem, so the dev
gold pairs with it)
----------------------------------------------------------------------------------
The carriers' metadata (page <title>/ArticleTitle/PubDate, markdown front matter, SQL
columns) is what a faithful publisher would put there: the notice's title, 发文字号 and
date (成文日期, else 印发日期) as the dev gold's `document` gives them, each left out when
the gold has none (no invented dates). Site names, domains, ICP numbers, links and
times are generated (seeded by the file stem); no text of any real page is copied.

The notice's lines: for dA files the whole file (one line); for dB files the page text
after the crawler's `==== 正文 ====` rule, without the page's own breadcrumb
(`当前位置：… 微信 微博 QQ空间`) and closing `来源：… 附件下载 …` bar, which the html variant
rebuilds around it (the 附件下载 file names become download links); for pages the
visible text.

  html         text group only. A whole saved CMS page: doctype, <head> with
               <title>TITLE_站点名</title>, meta SiteName/ArticleTitle/PubDate/
               ContentSource/Description, CSS/JS links; a header with search box, a nav
               bar of links, a breadcrumb 当前位置：首页 > 政务公开 > 通知公告, the <h1>
               title and a 发布时间/来源/浏览次数 line, a 字号【大 中 小】【打印】【关闭】 bar,
               the notice as <p> paragraphs in <div class="article"> (one <p> per line
               of the notice, text-indent 2em; signature and date lines right-aligned with
               trailing runs of &nbsp;), the 附件下载 links if the capture had any, 相关链接
               and a footer with 主办单位/承办单位/ICP备案/公网安备/网站标识码. A flattened
               notice is one <p>, as on real pages whose body is one paragraph.
               Not applied to the page group (it is HTML already: a page of a page's text
               would put one site's menus inside another's article); `--all` applies it.
  md           YAML front matter (标题/发文字号/发布日期), `# title`, then the notice's
               lines as paragraphs separated by blank lines. For pages: the visible text
               of the whole page, as a page-to-markdown converter gives it.
  pdftext      page group only. A PDF text layer (pdftotext, no -layout): every line is
               hard-wrapped at a width drawn per notice from 28-36 CJK characters (Latin
               letters and digits count half, a run of them is not split, closing
               punctuation never starts a line and opening punctuation never ends one), a
               page number line (`— 3 —`, `-3-` or `- 3 -`, one style per notice) after
               every 36-44 lines, then a blank line and a form feed. Not applied to the
               flattened text group: a PDF of a notice has the notice's line structure,
               and wrapping a text whose line breaks were lost would make a layout no
               converter produces; `--all` applies it.
  pdftext_sp   as pdftext, plus the spaces pdftotext puts around runs of Latin letters
               and digits in PDFs made by Word/WPS (`2024 年`, `国令第 711 号`, as in the
               dev file dD03). Same groups as pdftext. Separate from pdftext so that a loss
               can be put down to the wrapping or to the spacing.
  traditional  the whole text (the raw file for the text group, the visible text for
               pages) converted with OpenCC s2t; a crawler header (dB files) keeps its
               simplified labels (标题: 发布时间: …, the 正文 rule), only its values are
               converted, as a simplified crawler saving a traditional page would write.
               Its gold copy expects document.script `traditional`: the one field that
               a change of script changes by construction; every other field is as in
               the dev gold.
  sql          one `INSERT INTO` row of a crawler's table (id, url, title, doc_no,
               pub_date, source, content, crawl_time); content = the notice's lines
               (pages: the visible text) as a SQL string: backslash doubled, line ends
               written \\n (\\r), single quotes doubled, the statement on one line.
               Written as .txt like the dev *_sql.txt files (a folder walk of `taizhang
               extract` skips .sql files).
  crlf_gbk     the whole text (raw file / visible text) with CRLF line ends, encoded in
               GB18030 (bytes).
  pagetext     page group only: the visible text itself, UTF-8. It separates what the
               reduction from HTML to text costs from what the carriers cost (every
               other page variant is built from this text).

How to run
----------
    cd /work/main && . .venv/bin/activate
    python benchmarks/forms_check.py [--verbose] [--group text|page] [--variant NAME]...
                                     [--all] [--keep DIR] [-j N]

It prints, per group, a table variant x measure (document accuracy, the F1 of
sections, issues, issue leaders, issue units, issue deadlines, all deadlines, figures,
and the scorer's overall, which is the mean of those eight; per-variant rows score the
variant's folder with score.py against a gold folder holding only those notices), then
for each variant the notices whose overall is more than 0.02 below (or above) the
original, and for the page variants built from the visible text also those more than
0.02 away from pagetext (what the carrier itself costs). With --verbose, also the
scorer's miss/extra lines that appear for the variant but not for the original (`+`),
and those of the original the variant no longer has (`-`); a line that pagetext shares
is marked [pagetext too]: it comes from the reduction to text, not from that carrier.
Files a run could not read or skipped are listed under the table. Everything is
written in a temporary folder that is removed at the end, or in --keep DIR (variants under
DIR/<group>/<variant>/, outputs under DIR/<group>/out/<variant>/, golds under
DIR/<group>/gold/...). Exit status 0.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import importlib.util
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
DEV_RAW = SHARED / "dev" / "raw"
DEV_GOLD = SHARED / "dev" / "gold"
SCORER = SHARED / "eval" / "score.py"

CAPTURE_FORMS = ("html", "sql", "md", "csv", "pdftext", "jsx")
TEXT_VARIANTS = ["html", "md", "traditional", "sql", "crlf_gbk"]
PAGE_VARIANTS = ["pagetext", "md", "pdftext", "pdftext_sp", "traditional", "sql", "crlf_gbk"]
ALL_VARIANTS = ["pagetext", "html", "md", "pdftext", "pdftext_sp", "traditional", "sql", "crlf_gbk"]
MEASURES = [("doc", "document_accuracy"), ("sect", "sections"), ("issues", "issues"),
            ("leaders", "issue.leaders"), ("units", "issue.units"),
            ("i.dl", "issue.deadlines"), ("dl", "deadlines"), ("figs", "figures"),
            ("overall", "overall")]


# ----------------------------------------------------------------------------- notices

def select(raw: Path) -> dict[str, list[Path]]:
    """The two groups of dev files, by file name (see the docstring)."""
    files = sorted(p for p in raw.iterdir() if p.is_file() and p.suffix == ".txt")
    text = [p for p in files if re.match(r"d[AB]\d\d_", p.name)
            and not p.stem.endswith(tuple("_" + f for f in CAPTURE_FORMS))]
    page = [p for p in files if p.name.endswith("_html.txt")]
    return {"text": text, "page": page}


class Visible(HTMLParser):
    """Visible text of a page, innerText-like: elements hidden by an inline style
    (display:none, visibility:hidden) or the `hidden` attribute are left out."""

    BLOCK = set("address article aside blockquote body center dd details dialog dir div dl "
                "dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html "
                "li main menu nav ol p pre section summary table tbody thead tfoot tr ul "
                "caption option select legend".split())
    SKIP = set("script style noscript template head title iframe object svg textarea".split())
    VOID = set("area base br col embed hr img input link meta param source track wbr".split())

    HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.pre = 0
        self.hidden: list = []        # [tag, depth] of the hidden element being skipped

    def handle_starttag(self, tag, attrs):
        if self.hidden:
            if tag == self.hidden[0]:
                self.hidden[1] += 1
            return
        attrs = dict(attrs)
        if tag not in self.VOID and ("hidden" in attrs or self.HIDDEN.search(attrs.get("style") or "")):
            self.hidden = [tag, 1]
            return
        if tag in self.SKIP:
            self.skip += 1
            return
        if tag == "br" or tag in self.BLOCK:
            self.out.append("\n")
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag, attrs):
        if not self.hidden and (tag == "br" or tag in self.BLOCK):
            self.out.append("\n")

    def handle_endtag(self, tag):
        if self.hidden:
            if tag == self.hidden[0]:
                self.hidden[1] -= 1
                if not self.hidden[1]:
                    self.hidden = []
            return
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in self.BLOCK:
            self.out.append("\n")
        elif tag in ("td", "th"):
            self.out.append("\t")
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data):
        if self.skip or self.hidden:
            return
        if self.pre:
            self.out.append(data.replace("\r\n", "\n"))
        else:
            self.out.append(re.sub(r"[ \t\n\r\f]+", " ", data))


def visible_lines(page: str) -> list[str]:
    parser = Visible()
    parser.feed(page)
    parser.close()
    lines = []
    for line in "".join(parser.out).split("\n"):
        line = re.sub(r" *\t[ \t]*", "\t", line).strip(" \t")
        line = re.sub(r" {2,}", " ", line)
        if line.strip():
            lines.append(line)
    return lines


CRAWLER_RULE = re.compile(r"^=+ *正文 *=+\s*$", re.M)


def notice_parts(path: Path, group: str) -> dict:
    """raw: the file's text; lines: the notice's lines (see the docstring); downloads:
    file names of a capture's 附件下载 bar; text: the text the whole-text variants use."""
    raw = path.read_text(encoding="utf-8")
    downloads: list[str] = []
    if group == "page":
        lines = visible_lines(raw)
        return {"raw": raw, "lines": lines, "downloads": [], "header": "",
                "text": "\n".join(lines) + "\n"}
    m = CRAWLER_RULE.search(raw)
    header = raw[:m.end()] if m else ""
    if m:
        body = raw[m.end():].strip()
        body = re.sub(r"^当前位置：.*?QQ空间\s*", "", body, flags=re.S)
        tail = re.search(r"\s*来源：\S*\s*附件下载(.*)$", body, flags=re.S)
        if tail:
            downloads = tail.group(1).split()
            body = body[:tail.start()]
        lines = [line.strip() for line in body.split("\n") if line.strip()]
    else:
        lines = [line.strip() for line in raw.split("\n") if line.strip()]
    return {"raw": raw, "lines": lines, "downloads": downloads, "header": header, "text": raw}


def metadata(stem: str, gold_dir: Path) -> dict:
    doc = (yaml.safe_load((gold_dir / f"{stem}.yaml").read_text(encoding="utf-8")) or {}).get("document") or {}
    issuer = (doc.get("issuer") or "").split("、")[0] or None
    return {"title": doc.get("title"), "doc_number": doc.get("doc_number"),
            "date": doc.get("signed_date") or doc.get("printed_date"), "source": issuer}


def rng_for(stem: str, salt: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"{stem}/{salt}".encode()).hexdigest()[:12], 16))


# ----------------------------------------------------------------------------- variants

PROVINCES = [("山东", "鲁"), ("福建", "闽"), ("龙岩", "闽"), ("泉州", "闽"), ("平潭", "闽"),
             ("岚城", "闽"), ("君山", "闽"), ("河南", "豫"), ("安阳", "豫"), ("湖南", "湘"),
             ("安化", "湘"), ("重庆", "渝"), ("四川", "川"), ("巴中", "川"), ("恩阳", "川"),
             ("甘肃", "甘"), ("白银", "甘"), ("上海", "沪"), ("河北", "冀")]
SIGNER_END = re.compile(r"(?:人民政府|政府|办公厅|办公室|委员会|委|局|厅|部|院|署|中心|小组|公司|"
                        r"指挥部|管理局|代章）|代章\))$")
DATE_LINE = re.compile(r"^[\s\u3000\xa0]*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○一二三四五六七八九十]{1,3}"
                       r"\s*月\s*[\d〇○一二三四五六七八九十]{1,3}\s*日[\s\u3000\xa0]*$")


def site_for(stem: str, meta: dict, lines: list[str]) -> dict:
    rnd = rng_for(stem, "site")
    owner = meta.get("source") or "人民政府"
    place = stem.split("_")[1] if "_" in stem else "gov"
    head = (meta.get("title") or "") + owner + " ".join(lines[:3])
    abbr = next((a for name, a in PROVINCES if name in head), "京")
    return {"name": owner, "owner": owner, "domain": f"www.{place}.gov.cn",
            "code": f"{rnd.randint(1000, 6599)}{rnd.randint(0, 999999):06d}",
            "icp": f"{abbr}ICP备{rnd.randint(5000000, 19999999):08d}号",
            "police": f"{abbr}公网安备 {rnd.randint(31000000000000, 53999999999999)}号",
            "time": f"{rnd.randint(8, 17):02d}:{rnd.randint(0, 59):02d}",
            "views": rnd.randint(120, 9800), "article": rnd.randint(100000, 999999)}


def is_signature(lines: list[str], i: int) -> bool:
    line = lines[i].strip(" \u3000\xa0")
    if len(line) > 40:
        return False
    if DATE_LINE.match(line):
        return True
    nxt = lines[i + 1].strip(" \u3000\xa0") if i + 1 < len(lines) else ""
    return bool(SIGNER_END.search(line)) and bool(DATE_LINE.match(nxt) or (
        SIGNER_END.search(nxt) and i + 2 < len(lines) and DATE_LINE.match(lines[i + 2])))


def build_html(stem: str, parts: dict, meta: dict) -> bytes:
    lines = parts["lines"]
    s = site_for(stem, meta, lines)
    esc = html.escape
    title = meta.get("title") or lines[0][:60]
    date = meta.get("date")
    pub = f"{date} {s['time']}" if date else None
    desc = "".join(lines)[:120]
    paras = []
    for i, line in enumerate(lines):
        text = esc(line.strip(" \u3000\xa0"), quote=False)
        if is_signature(lines, i):
            pad = "&nbsp;" * (4 if DATE_LINE.match(line) else 8)
            paras.append(f'<p style="text-align: right;">{text}{pad}</p>')
        else:
            paras.append(f'<p style="text-indent: 2em;">{text}</p>')
    body = "\n".join(paras)
    downloads = ""
    if parts["downloads"]:
        links = "".join(f'<li><a href="/zwgk/tzgg/{date[:7].replace("-", "") if date else "2020"}/'
                        f'P0{s["article"]}{k}.{Path(n).suffix.lstrip(".") or "doc"}" target="_blank">'
                        f'{esc(n)}</a></li>' for k, n in enumerate(parts["downloads"]))
        downloads = f'<div class="fjxz"><span>附件下载：</span><ul>{links}</ul></div>\n'
    meta_pub = f'<meta name="PubDate" content="{pub}">\n' if pub else ""
    info_pub = f"<span>发布时间：{pub}</span>" if pub else ""
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="SiteName" content="{esc(s['name'])}">
<meta name="SiteDomain" content="{s['domain']}">
<meta name="SiteIDCode" content="{s['code']}">
<meta name="ColumnName" content="通知公告">
<meta name="ColumnType" content="通知公告">
<meta name="ArticleTitle" content="{esc(title)}">
{meta_pub}<meta name="ContentSource" content="{esc(s['owner'])}">
<meta name="Keywords" content="">
<meta name="Description" content="{esc(desc)}">
<meta name="Url" content="http://{s['domain']}/zwgk/tzgg/art_{s['article']}.html">
<title>{esc(title)}_{esc(s['name'])}</title>
<link rel="stylesheet" type="text/css" href="/images/css/base.css">
<link rel="stylesheet" type="text/css" href="/images/css/article.css">
<script type="text/javascript" src="/images/js/jquery-1.12.4.min.js"></script>
<script type="text/javascript" src="/images/js/common.js"></script>
<style>
.article p {{ line-height: 2em; font-size: 16px; margin: 0 0 10px; }}
.tools a {{ color: #333; margin: 0 3px; }}
</style>
</head>
<body>
<div class="top-bar"><div class="wrap"><span>欢迎访问{esc(s['name'])}网站</span>
<a href="javascript:void(0);" id="toolbarSwitch">无障碍浏览</a> <a href="javascript:void(0);" onclick="switchOld()">长者模式</a></div></div>
<div class="header"><div class="wrap">
<div class="logo"><a href="/"><img src="/images/logo.png" alt="{esc(s['name'])}"></a></div>
<div class="search"><form action="/search/" method="get" target="_blank">
<input type="hidden" name="siteCode" value="{s['code']}">
<input type="text" name="q" placeholder="请输入关键字" autocomplete="off"><input type="submit" value="搜索"></form></div>
</div></div>
<div class="nav"><div class="wrap"><ul>
<li><a href="/">首页</a></li>
<li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li>
<li><a href="/ztzl/">专题专栏</a></li>
<li><a href="/zjwm/">走进我们</a></li>
</ul></div></div>
<div class="wrap main">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div>
<div class="detail">
<h1 class="title">{esc(title)}</h1>
<div class="info">{info_pub}<span>来源：{esc(s['owner'])}</span><span>浏览次数：<em id="views">{s['views']}</em></span></div>
<div class="tools">字号：【<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
<div class="article" id="zoom">
{body}
</div>
{downloads}<div class="share">分享到：<a href="javascript:void(0);" class="wx">微信</a> <a href="javascript:void(0);" class="wb">微博</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul>
<li><a href="https://www.gov.cn/" target="_blank">中国政府网</a></li>
<li><a href="https://www.gov.cn/zhengce/" target="_blank">国务院政策文件库</a></li>
<li><a href="/zwgk/zfxxgkzn/">政府信息公开指南</a></li>
<li><a href="/zwgk/zfxxgknb/">政府信息公开年报</a></li>
</ul></div>
</div>
<div class="footer"><div class="wrap">
<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/syxz/">使用帮助</a></p>
<p>主办单位：{esc(s['owner'])}　承办单位：{esc(s['owner'])}信息中心</p>
<p><a href="https://beian.miit.gov.cn/" target="_blank">{s['icp']}</a>　<img src="/images/gongan.png" alt=""><a href="http://www.beian.gov.cn/" target="_blank">{s['police']}</a>　网站标识码：{s['code']}</p>
<p>建议使用1920×1080分辨率浏览本网站</p>
</div></div>
<script type="text/javascript">var _hmt = _hmt || []; function doZoom(size) {{ document.getElementById("zoom").style.fontSize = size + "px"; }}</script>
</body>
</html>
"""
    return page.encode("utf-8")


def yaml_value(value: str) -> str:
    if re.search(r"[:#{}\[\],&*!|>'\"%@`]|^[\s\-?]|\s$", value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def build_md(stem: str, parts: dict, meta: dict) -> bytes:
    front = ["---"]
    for key, field in (("标题", "title"), ("发文字号", "doc_number"), ("发布日期", "date")):
        if meta.get(field):
            front.append(f"{key}: {yaml_value(str(meta[field]))}")
    front.append("---")
    out = "\n".join(front) + "\n\n"
    if meta.get("title"):
        out += f"# {meta['title']}\n\n"
    out += "\n\n".join(line.strip(" \u3000\xa0") for line in parts["lines"]) + "\n"
    return out.encode("utf-8")


BLANKS = " \t\u3000\xa0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b"
CLOSING = set("，。、；：？！）》」』”’〕】〉…—·%,.;:?!)]")
OPENING = set("（《「『“‘〔【〈([")
LATIN = re.compile(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ.\-+/%×:]+")


def tokens(line: str) -> list[str]:
    """Characters, with runs of Latin letters and digits kept whole."""
    out, i = [], 0
    while i < len(line):
        m = LATIN.match(line, i)
        if m and re.search(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]", m.group()):
            out.append(m.group())
            i = m.end()
        else:
            out.append(line[i])
            i += 1
    return out


def width(tok: str) -> float:
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in tok)


def wrap(line: str, cols: int) -> list[str]:
    rows, cur, w = [], [], 0.0
    for tok in tokens(line):
        tw = width(tok)
        if cur and w + tw > cols and tok not in CLOSING:
            carry = []
            while cur and cur[-1] in OPENING:        # opening punctuation does not end a line
                carry.insert(0, cur.pop())
            rows.append("".join(cur))
            cur, w = carry, sum(width(t) for t in carry)
        cur.append(tok)
        w += tw
    if cur:
        rows.append("".join(cur))
    return [r for r in rows if r]


def spaced(row: str) -> str:
    return re.sub(r"(?<=[\u3400-\u9fff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=[\u3400-\u9fff])", " ", row)


def build_pdftext(stem: str, parts: dict, meta: dict, spacing: bool = False) -> bytes:
    rnd = rng_for(stem, "pdf")
    cols = rnd.randint(28, 36)
    style = rnd.choice(["— {} —", "-{}-", "- {} -"])
    rows = []
    for line in parts["lines"]:      # a text layer has no alignment or indentation spaces
        rows += [row.strip(BLANKS) for row in wrap(line.strip(BLANKS).replace("\t", " "), cols)]
    rows = [row for row in rows if row]
    if spacing:
        rows = [spaced(r) for r in rows]
    out, page, n = [], 1, 0
    per_page = rnd.randint(36, 44)
    for row in rows:
        out.append(row + "\n")
        n += 1
        if n >= per_page:
            out.append(style.format(page) + "\n\n\f")
            page, n, per_page = page + 1, 0, rnd.randint(36, 44)
    if n:
        out.append(style.format(page) + "\n\n\f")
    return "".join(out).encode("utf-8")


_OPENCC = None


def build_traditional(stem: str, parts: dict, meta: dict) -> bytes:
    global _OPENCC
    if _OPENCC is None:
        import opencc
        _OPENCC = opencc.OpenCC("s2t")
    text, head = parts["text"], ""
    if parts["header"] and text.startswith(parts["header"]):
        # a crawler's own header keeps its (simplified) labels; only the values change
        for line in parts["header"].splitlines(keepends=True):
            label, sep, rest = line.partition(": ")
            head += label + sep + _OPENCC.convert(rest) if sep else line
        text = text[len(parts["header"]):]
    return (head + _OPENCC.convert(text)).encode("utf-8")


def sql_string(value) -> str:
    if value is None:
        return "NULL"
    value = str(value).replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("'", "''")
    return f"'{value}'"


def build_sql(stem: str, parts: dict, meta: dict) -> bytes:
    s = site_for(stem, meta, parts["lines"])
    rnd = rng_for(stem, "sql")
    content = "\n".join(parts["lines"])
    values = [str(rnd.randint(1, 99999)), sql_string(f"http://{s['domain']}/zwgk/tzgg/art_{s['article']}.html"),
              sql_string(meta.get("title")), sql_string(meta.get("doc_number")), sql_string(meta.get("date")),
              sql_string(meta.get("source")), sql_string(content),
              sql_string(f"2023-0{rnd.randint(1, 9)}-{rnd.randint(10, 28)} {s['time']}:{rnd.randint(10, 59)}")]
    row = ("INSERT INTO `gov_notice` (`id`, `url`, `title`, `doc_no`, `pub_date`, `source`, `content`, "
           f"`crawl_time`) VALUES ({', '.join(values)});\n")
    return row.encode("utf-8")


def build_crlf_gbk(stem: str, parts: dict, meta: dict) -> bytes:
    text = parts["text"].replace("\r\n", "\n").replace("\n", "\r\n")
    return text.encode("gb18030")


def build_pagetext(stem: str, parts: dict, meta: dict) -> bytes:
    return parts["text"].encode("utf-8")


BUILDERS = {"html": (build_html, ".html"), "md": (build_md, ".md"),
            "pdftext": (build_pdftext, ".txt"),
            "pdftext_sp": (lambda st, p, m: build_pdftext(st, p, m, spacing=True), ".txt"),
            "traditional": (build_traditional, ".txt"), "sql": (build_sql, ".txt"),
            "crlf_gbk": (build_crlf_gbk, ".txt"), "pagetext": (build_pagetext, ".txt")}


# ----------------------------------------------------------------------------- running

def taizhang_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "taizhang"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("taizhang")
    return [found] if found else [sys.executable, "-m", "taizhang.cli"]


def extract(folder: Path, out: Path) -> dict:
    proc = subprocess.run(taizhang_cmd() + ["extract", str(folder), "-o", str(out), "-q"],
                          capture_output=True, text=True)
    manifest = out / "manifest.json"
    info = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    problems = [f"{n.get('source')}: {n.get('status')} {n.get('error') or ''}".strip()
                for n in info.get("notices", []) if n.get("status") != "ok"]
    problems += [f"{s.get('path')}: skipped ({s.get('reason')})" for s in info.get("skipped", [])]
    if proc.returncode not in (0, 1):
        problems.append(f"taizhang exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return {"problems": problems}


def run_scorer(gold: Path, out: Path) -> tuple[dict, list[str]]:
    res = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--out", str(out), "--json"],
                         capture_output=True, text=True)
    result = json.loads(res.stdout)
    res = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--out", str(out), "--verbose"],
                         capture_output=True, text=True)
    notes = [line for line in res.stdout.splitlines() if re.match(r"^[\w\-]+: ", line)
             and not line.startswith(("overall", "no output"))]
    return result, notes


_SCORE = None


def per_notice(gold_one: Path, out: Path) -> float:
    """The overall of one notice (score.py's own function, on a one-file gold folder)."""
    global _SCORE
    if _SCORE is None:
        spec = importlib.util.spec_from_file_location("taizhang_dev_score", SCORER)
        _SCORE = importlib.util.module_from_spec(spec)
        keep, sys.dont_write_bytecode = sys.dont_write_bytecode, True   # no __pycache__ beside it
        try:
            spec.loader.exec_module(_SCORE)
        finally:
            sys.dont_write_bytecode = keep
    result, _ = _SCORE.score(gold_one, out, False)
    return result["overall"]


def value(result: dict, key: str):
    v = result.get(key)
    return v["f1"] if isinstance(v, dict) else v


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=DEV_RAW)
    ap.add_argument("--gold", type=Path, default=DEV_GOLD)
    ap.add_argument("--group", choices=["text", "page"], action="append")
    ap.add_argument("--variant", choices=ALL_VARIANTS, action="append")
    ap.add_argument("--all", action="store_true", help="every variant on both groups, realistic or not")
    ap.add_argument("--keep", type=Path, help="write everything here instead of a temporary folder")
    ap.add_argument("--verbose", action="store_true", help="the scorer's lines new in a variant")
    ap.add_argument("-j", type=int, default=4, help="extract processes run at once")
    args = ap.parse_args(argv)

    groups = select(args.raw)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = args.keep
    else:
        work = Path(tempfile.mkdtemp(prefix="forms_check-"))
    try:
        for group in args.group or ["text", "page"]:
            files = groups[group]
            if not files:
                continue
            names = args.variant or (ALL_VARIANTS if args.all else
                                     TEXT_VARIANTS if group == "text" else PAGE_VARIANTS)
            if not args.all:
                allowed = TEXT_VARIANTS if group == "text" else PAGE_VARIANTS
                names = [n for n in names if n in allowed]
            run_group(group, files, names, args, work / group)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def make_gold(folder: Path, stems: list[str], source: Path, script: str | None) -> Path:
    """folder/<stem>.yaml for every notice, and folder/<stem>/<stem>.yaml for one at a
    time. With `script`, document.script is set to it: the one field a carrier of
    another script changes by construction (the traditional variant)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem in stems:
        text = (source / f"{stem}.yaml").read_text(encoding="utf-8")
        if script:
            gold = yaml.safe_load(text)
            if "script" in (gold.get("document") or {}):
                gold["document"]["script"] = script
            text = yaml.safe_dump(gold, allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"{stem}.yaml").write_text(text, encoding="utf-8")
        (folder / stem).mkdir(exist_ok=True)
        (folder / stem / f"{stem}.yaml").write_text(text, encoding="utf-8")
    return folder


def run_group(group: str, files: list[Path], names: list[str], args, work: Path) -> None:
    stems = [p.stem for p in files]
    golds = {"same": make_gold(work / "gold" / "same", stems, args.gold, None),
             "traditional": make_gold(work / "gold" / "traditional", stems, args.gold, "traditional")}

    folders = {"ORIGINAL": work / "ORIGINAL"}
    folders["ORIGINAL"].mkdir(parents=True, exist_ok=True)
    for p in files:
        shutil.copy(p, folders["ORIGINAL"] / p.name)
    for name in names:
        builder, suffix = BUILDERS[name]
        folder = work / name
        folder.mkdir(parents=True, exist_ok=True)
        for p in files:
            parts = notice_parts(p, group)
            (folder / f"{p.stem}{suffix}").write_bytes(builder(p.stem, parts, metadata(p.stem, args.gold)))
        folders[name] = folder

    outs = {name: work / "out" / name for name in folders}
    for out in outs.values():
        shutil.rmtree(out, ignore_errors=True)
    with ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        runs = dict(zip(folders, pool.map(lambda n: extract(folders[n], outs[n]), folders)))

    scores, notes, each = {}, {}, {}
    for name in folders:
        gold = golds["traditional" if name == "traditional" else "same"]
        scores[name], notes[name] = run_scorer(gold, outs[name])
        each[name] = {stem: per_notice(gold / stem, outs[name]) for stem in stems}

    print(f"\n== group {group}: {len(stems)} notices "
          f"({', '.join(s.split('_')[0] for s in stems)})")
    header = f"{'variant':12s}" + "".join(f"{label:>9s}" for label, _ in MEASURES)
    print(header)
    print("-" * len(header))
    base = scores["ORIGINAL"]
    for name in folders:
        cells = []
        for label, key in MEASURES:
            v = value(scores[name], key)
            cells.append(f"{v:9.3f}" if v is not None else f"{'-':>9s}")
        print(f"{name:12s}" + "".join(cells))
    for name in folders:
        for problem in runs[name]["problems"]:
            print(f"  {name}: {problem}")

    for name in folders:
        if name == "ORIGINAL":
            continue
        drop = [(stem, each["ORIGINAL"][stem], each[name][stem]) for stem in stems
                if each[name][stem] < each["ORIGINAL"][stem] - 0.02]
        gain = [(stem, each["ORIGINAL"][stem], each[name][stem]) for stem in stems
                if each[name][stem] > each["ORIGINAL"][stem] + 0.02]
        delta = value(scores[name], "overall") - value(base, "overall")
        print(f"\n[{group}/{name}] overall {value(scores[name], 'overall'):.3f} "
              f"({delta:+.3f} against the original)")
        for stem, o, v in drop:
            print(f"  below the original: {stem}  {o:.3f} -> {v:.3f}")
        for stem, o, v in gain:
            print(f"  above the original: {stem}  {o:.3f} -> {v:.3f}")
        if "pagetext" in each and name != "pagetext":
            for stem in stems:
                o, v = each["pagetext"][stem], each[name][stem]
                if abs(v - o) > 0.02:
                    print(f"  {'below' if v < o else 'above'} pagetext: {stem}  {o:.3f} -> {v:.3f}")
        if args.verbose:
            new = Counter(notes[name]) - Counter(notes["ORIGINAL"])
            gone = Counter(notes["ORIGINAL"]) - Counter(notes[name])
            shared = Counter(notes.get("pagetext", [])) - Counter(notes["ORIGINAL"])
            for line in sorted(new.elements()):
                mark = "  [pagetext too]" if name != "pagetext" and shared[line] else ""
                print(f"    + {line}{mark}")
            for line in sorted(gone.elements()):
                print(f"    - {line}")
    print()


if __name__ == "__main__":
    sys.exit(main())
