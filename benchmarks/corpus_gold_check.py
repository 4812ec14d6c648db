"""How well `taizhang extract` does on eight real notices of the unlabelled corpus that it was not
tuned on, scored against a held-out gold set of full labels (benchmarks/data/corpus_gold/<stem>.yaml).

What it measures: the scorer of ../shared/eval (score.py) on eight notices of
../shared/corpus/notices (the Telescope-U/GovDocClassification rows: flattened onto one line, names
and phones masked XXX, some OCR slips): document-field accuracy, and precision, recall and F1 of
sections, issues (and their leaders, units and deadlines), deadlines and figures, with the scorer's
list of every miss and extra (--verbose) and its `overall` line.

How the labels were made: by hand, by a helper session of this project, BLIND — every gold file
was written in full from the raw text before taizhang was run on any of these notices, without
reading taizhang's code and without seeing any of its output; the gold was committed before this
script first ran. They follow ../shared/eval/GUIDE.md and the format of ../shared/dev/gold (the
dA0x files are notices of the same origin); each file's *_note fields say what is left out and
which labels are judgement calls (e.g. 2021年9月31日 read as 2021-09-30, 2020年春节前 as 2020-01-25,
the minus sign of a loss kept, a voltage kept as a figure except inside a substation's name). The
gold is fixed input: do not tune the labels to the tool's output.

Which notices, and why: none of them was labelled before (not in any earlier labelled set), chosen
for different genres, issuers and ledger fields, about 1,500–6,300 characters each:
  gdc_val_011    工作方案 of 国网陕西电力's 安全监察部: （1）–（3） items with 责任单位/配合单位/完成时限
                 fields (the ledger case), an impossible date 9月31日
  gdc_train_105  通知 of 国网营销部 with 重点工作 tasks and dated batches, two 附件 (a plan and
                 rollout steps) printed after it: three parts, 71 headings down to level 4
  gdc_train_069  Party-side 通知 (中共国家电网有限公司党组宣传部): 工作安排 stages with date
                 windows in the headings, an attachment template
  gdc_train_137  通知 of 国网基建部: a 时间安排 schedule whose markers run into years
                 (1.2020年1月15日前), 起 dates and 春节前 limits
  gdc_val_056    通知 of a city government bureau (龙岩市工业和信息化局): standing rules full of
                 整改 wording but no ledger items (a precision test), 印发 line without signature
  gdc_train_169  审查意见函 of 国网湖北电力 with 抄送: many technical figures (万千瓦, 万千瓦时,
                 千伏, 公里, 芯, 兆乏), no issues
  gdc_train_191  调研报告: a 存在主要问题 section (problem) and a 工作建议 section (suggestion),
                 counts
  gdc_val_008    budget 报告 to a Party committee: 38 money/percent/energy figures in 亿元 and
                 亿千瓦时, negative results, 有关建议 suggestions, no issuer, no date

The eight files are copied from ../shared/corpus/notices into a temporary folder, which is then
extracted whole, so the outputs are <stem>.jsonl under the stems the gold files carry. The output
goes to a temporary folder that is removed afterwards, or to DIR with --keep.

    .venv/bin/python benchmarks/corpus_gold_check.py [--keep DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scored import HERE, corpus_files_and_gold, main  # noqa: E402  (benchmarks is not a package)

GOLD = HERE / "data" / "corpus_gold"

STEMS = [
    "gdc_val_011",
    "gdc_train_105",
    "gdc_train_069",
    "gdc_train_137",
    "gdc_val_056",
    "gdc_train_169",
    "gdc_train_191",
    "gdc_val_008",
]


if __name__ == "__main__":
    sys.exit(main(__doc__, corpus_files_and_gold(GOLD, STEMS), "corpus_gold_check_"))
