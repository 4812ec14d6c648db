"""How well `taizhang extract` does on five real web pages and PDFs it was not tuned on, scored
against a small held-out gold set (benchmarks/data/files_gold/<stem>.yaml).

What it measures: the scorer of ../shared/eval (score.py) on five files of ../shared/files, read
by taizhang's own readers (two HTML 通知 of the 国家发展改革委/国家能源局 and of the
国家能源局江苏监管办公室, one HTML 决议 of the 全国人大常委会 in heavy gov.cn chrome, and the
洪泽区 2023 and 2024 政府信息公开 annual-report PDFs): document-field accuracy, and precision,
recall and F1 of sections, issues (and their leaders, units and deadlines), deadlines and
figures, with the scorer's list of every miss and extra (--verbose), and its `overall` line.

How the labels were made: by hand, by a helper session of this project, BLIND — every gold file
was written in full from the visible text of the page (tags stripped with html.parser) and the
PDFs' text layer (pdfminer.six) before taizhang was run on any of these files or its output for
them was seen, and without reading taizhang's code. They follow ../shared/eval/GUIDE.md and the
format of ../shared/dev/gold (see its dC02, dC05, dD03 files); each file's *_note fields say
what is left out and which labels are judgement calls. The gold is fixed input: do not tune
the labels to the tool's output.

Each file is passed to `taizhang extract` by its own path, so the output is <stem>.jsonl, the
stem the gold file carries. Output goes to a temporary folder that is removed afterwards.

    .venv/bin/python benchmarks/files_check.py [--keep DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scored import HERE, ROOT, extract_and_score, main  # noqa: E402  (benchmarks is not a package)

GOLD = HERE / "data" / "files_gold"
FILES = ROOT.parent / "shared" / "files"

SOURCES = [
    "html/ndrc_fagai_nengyuangui_2020_816_dianwang_guihua_touzi_tongzhi.html",
    "html/nea_jiangsu_2018_dianli_shichanghua_jiaoyi_zhuce_bangding_tongzhi.html",
    "html/govcn_gongbao_2007_23_tebie_guozhai_yu_e_xianer_jueyi.html",
    "pdf/hongze_quzhengfu_2023_xinxigongkai_niandu_baogao.pdf",
    "pdf/hongze_quzhengfu_2024_xinxigongkai_niandu_baogao.pdf",
]


def run(out: Path) -> int:
    sources = [FILES / s for s in SOURCES]
    missing = [str(s) for s in sources if not s.exists()]
    if missing:
        print("missing input files:", *missing, sep="\n  ")
        return 2
    gold_stems = {p.stem for p in GOLD.glob("*.yaml")}
    if gold_stems != {s.stem for s in sources}:
        print("gold files and inputs do not pair:", sorted(gold_stems ^ {s.stem for s in sources}))
        return 2
    code = extract_and_score(sources, GOLD, out, every_entry=True)
    print()
    return code


if __name__ == "__main__":
    sys.exit(main(__doc__, run, "files_check_"))
