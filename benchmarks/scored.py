"""What the checks that run `taizhang extract` and then ../shared/eval/score.py share
(files_check.py, written_check.py, written2_check.py): the command, the run, the report of
notices not read, and the temporary or kept output folder."""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def taizhang_command() -> list[str]:
    """The venv's console script if it is beside this interpreter, else cli.py."""
    script = Path(sys.executable).with_name("taizhang")
    if script.exists():
        return [str(script)]
    return [sys.executable, str(ROOT / "cli.py")]


def extract_and_score(inputs: list[Path], gold: Path, out: Path, *, folder: Path | None = None,
                      every_entry: bool = False) -> int:
    """Extract *inputs* into *out*, say which notices failed (every manifest entry when
    *every_entry*; with *folder*, the files of it that have no entry), then print the scorer's
    verbose output against *gold*. Its exit status."""
    done = subprocess.run(taizhang_command() + ["extract", *map(str, inputs), "-o", str(out), "-q"],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"taizhang extract exited {done.returncode}")
        print(done.stdout, done.stderr, sep="\n")
    manifest = out / "manifest.json"
    if manifest.exists():
        notices = json.loads(manifest.read_text(encoding="utf-8")).get("notices", [])
        for n in notices:
            if every_entry or n.get("status") != "ok":
                print(f"{n.get('status'):6s} {Path(n.get('source', '')).name}"
                      + (f"  ({n['error']})" if n.get("error") else ""))
        listed = {Path(n.get("source", "")).name for n in notices}
        for path in sorted(folder.iterdir()) if folder is not None else ():
            if path.is_file() and path.name not in listed:
                print(f"not read: {path.name}  (no manifest entry for this file of the folder)")
    scored = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--out", str(out), "--verbose"],
                            cwd=ROOT, capture_output=True, text=True)
    print(scored.stdout, end="")
    if scored.stderr:
        print(scored.stderr, end="", file=sys.stderr)
    return scored.returncode


def raw_and_gold(data: Path) -> Callable[[Path], int]:
    """The run of a set kept as data/raw/<stem>.* and data/gold/<stem>.yaml: the raw folder
    extracted whole (so the outputs carry the gold's stems), then scored."""
    raw, gold = data / "raw", data / "gold"

    def run(out: Path) -> int:
        if not raw.is_dir() or not gold.is_dir() or not SCORER.exists():
            print("missing:", *(str(p) for p in (raw, gold, SCORER) if not p.exists()), sep="\n  ")
            return 2
        raw_stems = {p.stem for p in raw.iterdir() if p.is_file()}
        gold_stems = {p.stem for p in gold.glob("*.yaml")}
        if raw_stems != gold_stems:
            print("raw and gold files do not pair:", sorted(raw_stems ^ gold_stems))
        extract_and_score([raw], gold, out, folder=raw)
        return 0

    return run


def main(doc: str, run: Callable[[Path], int], prefix: str) -> int:
    """--keep DIR writes the output there; otherwise into a temporary folder, removed after."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="write the extracted output here and keep it")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(args.keep)
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        return run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def corpus_files_and_gold(gold: Path, stems: list[str]) -> Callable[[Path], int]:
    """The run of a set of ../shared/corpus/notices files (by stem) with gold in *gold*/<stem>.yaml:
    the files copied to a temporary folder (so the outputs carry their stems), extracted, scored."""
    import tempfile

    notices = ROOT.parent / "shared" / "corpus" / "notices"

    def run(out: Path) -> int:
        sources = [notices / f"{stem}.txt" for stem in stems]
        missing = [str(p) for p in sources + [SCORER] if not p.exists()]
        if missing:
            print("missing:", *missing, sep="\n  ")
            return 2
        gold_stems = {p.stem for p in gold.glob("*.yaml")}
        if gold_stems != set(stems):
            print("gold files and inputs do not pair:", sorted(gold_stems ^ set(stems)))
            return 2
        inputs = Path(tempfile.mkdtemp(prefix=f"{gold.name}_in_"))
        try:
            for src in sources:
                shutil.copyfile(src, inputs / src.name)
            code = extract_and_score([inputs], gold, out, folder=inputs, every_entry=True)
        finally:
            shutil.rmtree(inputs, ignore_errors=True)
        print()
        return code

    return run
