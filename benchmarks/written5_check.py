"""How well `taizhang extract` does on a fifth held-out set of eight notices, each in one of the
carriers of the real development set, scored against their gold
(benchmarks/data/written5/gold/<stem>.yaml).

What it measures: the scorer of ../shared/eval (score.py) on the eight notices of
benchmarks/data/written5/raw: document-field accuracy, and precision, recall and F1 of sections,
issues (and their leaders, units and deadlines), deadlines and figures, with the scorer's list
of every miss and extra (--verbose) and its `overall` line.

How the set was made: written by a helper session of this project, not taken from any corpus.
Unlike the first four written sets, this one imitates the CARRIERS of the real dev set
(../shared/dev/SOURCES.md), because the project is scored on other real notices stored that
way, with genres and wording new to the written sets. Each notice is invented (places, bodies
and people are fictitious) in realistic 公文 prose, 1,200-1,900 characters of notice text: an
archived web page page.txt (crawler header 标题/发布时间/文号/…/===== 正文 =====, breadcrumb, 时间：…
微信 微博 bar, body flattened onto one line, closing 来源：… 附件下载) of a 区应急管理局 检查发现问题
整改 通报 whose five problems carry 责任单位/监管单位/配合单位 and 整改时限 fields (2025年5月15日前,
立行立改, 自本通报印发之日起30日内, a date + 并长期坚持) and whose 附件 list is numbered 1./2. (z01);
a MySQL-dump row INSERT INTO `policy` (…) VALUES (…) whose content column holds gov.cn-style HTML
with \\" and \\n escapes and a 索引号/主题分类/发文机关/成文日期/标题/发文字号/发布日期 table, a
省政府办公厅 通知 with （一）–（九） run on across 一、–四、, each closed by a （X牵头，Y配合）/（X负责）/
（X、Y按职责分工负责） note, the collective 各市、县（市、区）人民政府 as a unit, a range 0.5%—1.5% (z02);
a Hugo markdown post (front matter, ** bold headings, <!--more--> inside a sentence) of a
hospital Party committee's 巡察整改进展情况通报 whose items state the found problems (problems,
three with 责任领导/责任部门 fields) and whose 下一步 items are tasks (z03); a flattened corpus-style
line (no spaces at all, names masked XXX, OCR markers 7。 and 10，) of a water company's 专题会议纪要
with 议定事项 1.–10. numbered across four topics, 由X牵头，Y配合 / X负责 notes, 在三个月内 counted
from the 印发 date, 分送 as recipients (z04); a Taiwan 縣政府 函 in traditional characters (header
block, 中華民國114年 dates, 新臺幣 amounts such as 23萬6,400元, 說明 一、–八、 with （一）–（五）
缺失 as problems and dated requests as tasks, 正本/副本) (z05); a CSV record whose quoted 内容
field holds a 农业农村局's 审计发现问题整改情况的报告, paragraphs marked only by 　　, the title only
in the 标题 column, nine findings with 责任股室 fields and amounts in 万元/亿元 (z06); a pdftotext
layer of a 市人大常委会 审议意见, hard-wrapped at 28 characters (1.2万 / 元 and 2025年12 / 月15日 split),
page markers - N -, form feeds and a running header, problems only in an unnumbered 一是/二是
paragraph, six suggestions, 抄送 and 印发 lines (z07); and a saved full web page (.html, nav,
metadata table with 提案编号/办理结果, sidebar, 上一篇/下一篇 titles of other replies, footer,
scripts) of a 卫健委 答复函 to a 政协委员's 提案 with a 联系人/联系电话 block and one item assigned by
该项工作由X牵头负责 (z08). The gold was labelled by hand, following ../shared/eval/GUIDE.md and the
format of ../shared/dev/gold, BEFORE taizhang was run on any of these notices or its output
seen, and without reading taizhang's code; each file's *_note fields say which labels are
judgement calls. The gold is fixed input: do not tune the labels to the tool's output.

How it runs (the raw folder extracted whole, then scored; a file the walk leaves out is
listed as `not read:`): benchmarks/scored.py, raw_and_gold. Exit status 0 whenever scoring ran.

    .venv/bin/python benchmarks/written5_check.py [--keep DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scored import HERE, main, raw_and_gold  # noqa: E402  (benchmarks is not a package)

if __name__ == "__main__":
    sys.exit(main(__doc__, raw_and_gold(HERE / "data" / "written5"), "written5_check_"))
