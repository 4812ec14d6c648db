"""How well `taizhang extract` does on twelve notices written for a held-out check, scored
against their gold (benchmarks/data/written/gold/<stem>.yaml).

What it measures: the scorer of ../shared/eval (score.py) on the twelve plain-text notices of
benchmarks/data/written/raw: document-field accuracy, and precision, recall and F1 of sections,
issues (and their leaders, units and deadlines), deadlines and figures, with the scorer's list
of every miss and extra (--verbose) and its `overall` line.

How the set was made: written by a helper session of this project, not taken from any corpus.
Each notice is invented (places, bodies and people are fictitious) in realistic 公文 prose, one
genre and layout each, with wording deliberately unlike the development files: a 巡察反馈整改方案
with run-in fields (w01), a 整改进展情况的报告 (w02), a 人大常委会审议意见 (w03), a 答复 to a
deputy's 建议 (w04), a 批复 with an 附件 table (w05), a 印发 通知 with a 工作方案 and 附件 pages
(w06), an audit ledger given as a table with one row per line (w07), a 会议纪要 (w08), an
inspection 通报 (w09), a 实施意见 whose （一）…（十三） run on across sections (w10), a 通知
flattened onto one line (w11) and a Taiwan-style 函 in traditional characters (w12). The gold
was labelled by hand, following ../shared/eval/GUIDE.md and the format of ../shared/dev/gold,
BEFORE taizhang was run on any of these notices or its output seen, and without reading
taizhang's code; each file's *_note fields say which labels are judgement calls. The gold is
fixed input: do not tune the labels to the tool's output.

How it runs (the raw folder extracted whole, then scored; a file the walk leaves out is
listed as `not read:`): benchmarks/scored.py, raw_and_gold. Exit status 0 whenever scoring ran.

    .venv/bin/python benchmarks/written_check.py [--keep DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scored import HERE, main, raw_and_gold  # noqa: E402  (benchmarks is not a package)

if __name__ == "__main__":
    sys.exit(main(__doc__, raw_and_gold(HERE / "data" / "written"), "written_check_"))
