"""How well `taizhang extract` does on a fourth held-out set of eight notices, scored against
their gold (benchmarks/data/written4/gold/<stem>.yaml).

What it measures: the scorer of ../shared/eval (score.py) on the eight notices of
benchmarks/data/written4/raw: document-field accuracy, and precision, recall and F1 of sections,
issues (and their leaders, units and deadlines), deadlines and figures, with the scorer's list
of every miss and extra (--verbose) and its `overall` line.

How the set was made: written by a helper session of this project, not taken from any corpus,
to find where the rules fit only familiar wording or familiar carriers. Each notice is invented
(places, bodies and people are fictitious) in realistic 公文 prose, 1,000-1,900 characters, in
genres, wordings and carriers unlike the first three written sets: a 食安办 督查“回头看” 通报 in
GB18030 with CRLF line ends, its problems nested 一、→1.→（1） with circled ①②③ lines and
整改时限/牵头单位/配合单位 field lines (6月底前, 立行立改，长期坚持, two dated milestones in one
field) (y01); a saved 人大 web page (.html, &ldquo;/&rdquo; entities) of a government's 审议意见
研究处理情况的报告, each answered opinion with 审议意见提出/研究处理情况/完成情况 and a
（承办单位：…；协办单位：…） note, and “十五五”期间 (y02); a 街道 安全生产“三个清单” 通知 whose
问题清单 and 责任清单 are plain-text tables with space-separated columns and whose 任务清单 is
tab-separated (10日内, 5月20日—6月20日, 常态化, a recurring 每月不少于2次; the 责任清单 is a duty list,
not issues) (y03); a .json API response (compact, / escaped as \\/) whose data.content holds the
HTML of a 印发 通知 with a 工作要点, the 文号 only in data.fileNo, notes in four bracket forms
including （责任单位：A*，B） with * marking the lead, and a bare date in a 完成时限 slot (y04);
a PDF text layer of a 批复 wrapped at 28 characters with no paragraph breaks, a running page
header, — N — footers and form feeds, the signature and its date on two pages, 一是…四是
conditions with 自本批复印发之日起30日内 (y05); a Macau-style 批示 in traditional characters
(gazette header with a Portuguese line, 第 41/2025 號 numbering, dates in 二〇二五年 form, amounts
in $ and 澳門元…萬元, an 附件 of works) (y06); a Word file (.docx) of a power supply company's
专项整治 通知 with 责任部门/责任人/完成时间 lines under each problem, masked names (XXX, 张XX),
完成时间 forms 9月底 / 持续开展 / 2025年四季度, stages numbered by Word automatic numbering (the
（一）（二）（三） are not in the paragraph text) and the 版记 in a table (y07); and a markdown
export (.md) of a 常务会议纪要 whose decisions are unnumbered 会议同意/会议要求/会议明确 paragraphs
and bullets with 由X牵头、Y配合 / 由X负责 assignments, 分送 as recipients and no 成文日期 (y08).
The gold was labelled by hand, following ../shared/eval/GUIDE.md and the format of
../shared/dev/gold, BEFORE taizhang was run on any of these notices or its output seen, and
without reading taizhang's code; each file's *_note fields say which labels are judgement calls.
The gold is fixed input: do not tune the labels to the tool's output.

How it runs (the raw folder extracted whole, then scored; a file the walk leaves out is
listed as `not read:`): benchmarks/scored.py, raw_and_gold. Exit status 0 whenever scoring ran.

    .venv/bin/python benchmarks/written4_check.py [--keep DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scored import HERE, main, raw_and_gold  # noqa: E402  (benchmarks is not a package)

if __name__ == "__main__":
    sys.exit(main(__doc__, raw_and_gold(HERE / "data" / "written4"), "written4_check_"))
