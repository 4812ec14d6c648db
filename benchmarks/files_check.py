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

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLD = HERE / "data" / "files_gold"
SHARED = ROOT.parent / "shared"
FILES = SHARED / "files"
SCORER = SHARED / "eval" / "score.py"

SOURCES = [
    "html/ndrc_fagai_nengyuangui_2020_816_dianwang_guihua_touzi_tongzhi.html",
    "html/nea_jiangsu_2018_dianli_shichanghua_jiaoyi_zhuce_bangding_tongzhi.html",
    "html/govcn_gongbao_2007_23_tebie_guozhai_yu_e_xianer_jueyi.html",
    "pdf/hongze_quzhengfu_2023_xinxigongkai_niandu_baogao.pdf",
    "pdf/hongze_quzhengfu_2024_xinxigongkai_niandu_baogao.pdf",
]


def taizhang_command() -> list[str]:
    """The venv's console script if it is beside this interpreter, else cli.py."""
    script = Path(sys.executable).with_name("taizhang")
    if script.exists():
        return [str(script)]
    return [sys.executable, str(ROOT / "cli.py")]


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

    cmd = taizhang_command() + ["extract", *map(str, sources), "-o", str(out)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"taizhang extract exited {done.returncode}")
        print(done.stdout, done.stderr, sep="\n")
    manifest = out / "manifest.json"
    if manifest.exists():
        for n in json.loads(manifest.read_text(encoding="utf-8")).get("notices", []):
            print(f"{n.get('status'):6s} {Path(n.get('source', '')).name}"
                  + (f"  ({n['error']})" if n.get("error") else ""))
    print()

    scored = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(GOLD), "--out", str(out), "--verbose"],
        cwd=ROOT, capture_output=True, text=True)
    print(scored.stdout, end="")
    if scored.stderr:
        print(scored.stderr, end="", file=sys.stderr)
    return scored.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="write the extracted output here and keep it")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(args.keep)
    tmp = Path(tempfile.mkdtemp(prefix="files_check_"))
    try:
        return run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
