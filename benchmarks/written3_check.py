"""How well `taizhang extract` does on a third held-out set of eight notices, scored against
their gold (benchmarks/data/written3/gold/<stem>.yaml).

What it measures: the scorer of ../shared/eval (score.py) on the eight notices of
benchmarks/data/written3/raw: document-field accuracy, and precision, recall and F1 of sections,
issues (and their leaders, units and deadlines), deadlines and figures, with the scorer's list
of every miss and extra (--verbose) and its `overall` line.

How the set was made: written by a helper session of this project, not taken from any corpus,
to find where the rules fit only familiar wording or familiar carriers. Each notice is invented
(places, bodies and people are fictitious) in realistic 公文 prose, 1,200-1,500 characters, in
genres and wordings unlike the first two written sets: a Word file (.docx) of a 巡察整改方案 whose
ledger is a real Word table (问题清单/整改措施/责任单位/责任领导/整改时限) (x01); a 政府工作报告
重点任务分解 通知 whose run-on numbered tasks carry notes in four forms — （责任单位：…）, a ——
dash line, 【牵头单位：…；责任单位：…】 and （X牵头，Y配合） (x02); a 巡视整改进展 通报 in
第一部分/第二部分/第三部分 with 一是/二是 and reported counts, rates and sums (x03); a county 转发
notice with the forwarded city notice (own title, number, date, headings) after it (x04); a
防汛 notice with half-width (1)(2) items, circled ①②③ inline lists and 完成时限 forms the GUIDE
does not name (汛期前, 2025年第三季度, 12月中旬, 春节前) (x05); an 审计查出问题整改情况 报告 with
amounts in 万元/亿元/元每平方米, ranges and 已整改/未整改 states (x06); a saved web page (.html) of
a 人大代表建议 答复 with 办理结果 metadata (x07); and a 县长办公会议纪要 flattened onto one line, its
议定事项 assigned with 由…负责 and 要在…前完成 (x08). The gold was labelled by hand, following
../shared/eval/GUIDE.md and the format of ../shared/dev/gold, BEFORE taizhang was run on any of
these notices or its output seen, and without reading taizhang's code; each file's *_note fields
say which labels are judgement calls. The gold is fixed input: do not tune the labels to the
tool's output.

How it runs (the raw folder extracted whole, then scored; a file the walk leaves out is
listed as `not read:`): benchmarks/scored.py, raw_and_gold. Exit status 0 whenever scoring ran.

    .venv/bin/python benchmarks/written3_check.py [--keep DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scored import HERE, main, raw_and_gold  # noqa: E402  (benchmarks is not a package)

if __name__ == "__main__":
    sys.exit(main(__doc__, raw_and_gold(HERE / "data" / "written3"), "written3_check_"))
