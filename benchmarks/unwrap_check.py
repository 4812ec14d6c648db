"""Check the unwrap step on a folder of notices (default: the dev set's raw files).

For each file: the wrapper forms found (markup_removed warnings), whether a body was
dropped as a duplicate, the kept length, the first and last 40 characters, and three checks:
  start  the kept text opens with the notice (a title, a 文号, a 版头 or a 主送 line),
  end    it closes after the signature, the date, a 附注 or the 版记,
  css    no CSS-like figure (100%, 12px, 1.5em) is left.
A check that fails is shown in capitals. Run: python benchmarks/unwrap_check.py [FOLDER…]
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from taizhang.pipeline.unwrap import unwrap

DATE = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○一二三四五六七八九十]{1,3}\s*月\s*[\d〇○一二三四五六七八九十]{1,3}\s*日"
START = re.compile(r"关于|(?:通知|通报|报告|意见|方案|决定|批复|函|答复|纪要|规则|细则|文件|令)\s*$|〔\d{4}〕|[：:]\s*$|^[\u4e00-\u9fff]{2,30}(?:\s|　)*函$")
END = re.compile(DATE + r"|印发$|（此件[^）]{0,12}）$|（本文有删减）$|^\S{0,30}(?:抄送|印发)")
CSS = re.compile(r"\b\d{1,3}(?:\.\d+)?\s*(?:%|px|pt|em|rem)(?=[;\s\"'}]|$)")


def check(path: Path) -> dict:
    """The row for one file: forms, lengths, ends, and the three checks."""
    text = path.read_text(encoding="utf-8", errors="replace")
    began = time.perf_counter()
    kept, _, found = unwrap(text)
    seconds = time.perf_counter() - began
    forms = [w["message"].split(":", 1)[0] for w in found if w.get("code") == "markup_removed"]
    duplicate = any(w.get("code") == "duplicate_body" for w in found)
    lines = [line.strip() for line in kept.split("\n") if line.strip()]
    head = lines[:3]
    tail = lines[-4:]
    return {
        "file": path.name,
        "forms": "+".join(forms) or "plain",
        "dup": duplicate,
        "chars": (len(text), len(kept)),
        "start": any(START.search(line) for line in head),
        "end": any(END.search(line) for line in tail),
        "css": not CSS.search(kept),
        "first": kept.strip()[:40].replace("\n", "⏎"),
        "last": kept.strip()[-40:].replace("\n", "⏎"),
        "evidence": {w["evidence"]: w["value"][:30] for w in reversed(found) if "evidence" in w},
        "seconds": seconds,
    }


def main(folders: list[str]) -> int:
    paths = sorted(p for folder in folders for p in Path(folder).iterdir() if p.is_file())
    failed = 0
    for path in paths:
        row = check(path)
        flags = " ".join(name if row[name] else name.upper() for name in ("start", "end", "css"))
        failed += not (row["start"] and row["end"] and row["css"])
        print(f"{row['file'][:48]:48} {row['forms']:22} {'dup ' if row['dup'] else '    '}"
              f"{row['chars'][0]:>7}→{row['chars'][1]:<6} {flags}  {row['seconds'] * 1000:.0f} ms")
        print(f"    first: {row['first']}")
        print(f"    last:  {row['last']}")
        if row["evidence"]:
            print(f"    evidence: {row['evidence']}")
    print(f"{len(paths) - failed}/{len(paths)} files pass start/end/css")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["/work/shared/dev/raw"]))
