"""How well `taizhang extract` does on a second held-out set of ten notices, each in another
carrier, scored against their gold (benchmarks/data/written2/gold/<stem>.yaml).

What it measures: the scorer of ../shared/eval (score.py) on the ten notices of
benchmarks/data/written2/raw: document-field accuracy, and precision, recall and F1 of sections,
issues (and their leaders, units and deadlines), deadlines and figures, with the scorer's list
of every miss and extra (--verbose) and its `overall` line.

How the set was made: written by a helper session of this project, not taken from any corpus,
to find where the rules fit only familiar wording or familiar carriers. Each notice is invented
(places, bodies and people are fictitious) in realistic 公文 prose, 1,500-4,000 characters, in a
carrier and genre unlike the first written set (benchmarks/data/written) and with label words,
note forms and deadline phrasings deliberately unlike the development files: a whole saved web
page (.html) of a 区政府办公室 通知 with site chrome, bracket notes and 附件 download link (v01);
a markdown 实施方案 (.md) with YAML front matter, ## headings (one without a numeral) and a pipe
task table (v02); a PDF text layer of a 整改情况报告 hard-wrapped every 30 characters with page
markers inside paragraphs and wrapped 责任单位/责任领导 fields (v03); a 督查通报 flattened onto one
line (v04); a CSV export (stored as .txt, as the dev set stores its CSV and SQL rows: a folder walk takes the suffixes of SPEC) whose quoted multi-line 正文 holds a 若干意见 with (一)…(八) and
（X牵头，Y配合） notes, the 发文字号 only in a column (v05); a 政协提案 答复 (v06); a 工作要点 full of
targets and deadline forms (上半年, 三季度末, 年内, 到2027年, 立行立改, 长期坚持, 每月10日前) (v07); a
three-bureau 联合发文 通知 with 抄送/印发 版记 and 附件 pages (v08); a tab-separated 整改台账 (stored as .txt)
under a cover 报告 (v09); and a Taiwan-style 公告 in traditional characters with 民國 and 西元 dates
and an 附件 page (v10). The gold was labelled by hand, following ../shared/eval/GUIDE.md and the
format of ../shared/dev/gold, BEFORE taizhang was run on any of these notices or its output seen,
and without reading taizhang's code; each file's *_note fields say which labels are judgement
calls. The gold is fixed input: do not tune the labels to the tool's output.

How it runs (the raw folder extracted whole, then scored; a file the walk leaves out is
listed as `not read:`): benchmarks/scored.py, raw_and_gold. Exit status 0 whenever scoring ran.

    .venv/bin/python benchmarks/written2_check.py [--keep DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scored import HERE, main, raw_and_gold  # noqa: E402  (benchmarks is not a package)

if __name__ == "__main__":
    sys.exit(main(__doc__, raw_and_gold(HERE / "data" / "written2"), "written2_check_"))
