"""Units (单位): bodies named in a notice, from 责任单位-type fields and from running text."""
from __future__ import annotations

import functools
import re

from pipeline.lexicon import alternation, load

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    lexicon = load("bodies")
    return {
        "suffix": re.compile(f"(?:{alternation(lexicon['suffixes'])})(?![\u4e00-\u9fff]{{0,1}}(?:长|员|书记|主任))"),
        "stop": re.compile(alternation(lexicon["stop_words"])),
        "min": lexicon["min_length"],
        "max": lexicon["max_length"],
        "not_bodies": set(lexicon["not_bodies"]),
    }


def find_bodies(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of bodies named in running text (role `mentioned`).

    A name is the longest run of characters ending in a body suffix (局, 委员会, 人民政府…)
    that contains no stop word (verbs, prepositions, conjunctions).
    """
    lex = _lexicon()
    found = []
    for run in CJK_RUN.finditer(text):
        chunk = run.group()
        last_end = 0
        for m in lex["suffix"].finditer(chunk):
            end = m.end()
            window_start = max(last_end, end - lex["max"])
            window = chunk[window_start:end]
            stops = list(lex["stop"].finditer(window))
            start = window_start + (stops[-1].end() if stops else 0)
            name = chunk[start:end]
            if lex["min"] <= len(name) <= lex["max"] and name not in lex["not_bodies"] \
                    and not any(name.endswith(word) for word in lex["not_bodies"]):
                found.append((run.start() + start, run.start() + end, name))
                last_end = end
    return found
