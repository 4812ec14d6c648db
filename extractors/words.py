"""The part-of-speech class of Chinese words, from jieba's dictionary, without jieba's tagger.

Finding where a body's name starts needs to know, word by word before its suffix, whether a
word may be part of a name (a noun, a place, an abbreviation), a verbal noun (part of a name
only inside it: 监督, 管理), a numeral, or something else (a verb, a preposition…). jieba's
tagger knows that, but loading its dictionary and running it on the windows before each suffix
was most of an extraction's time (0.7 s to load per process, 36% of a batch). The classes of the
words it would read are all in its dictionary file: this module keeps every single character
and the words of two to four characters (names of organizations up to eight) it counts
MIN_COUNT times or more, each with the class
of its tag (76,000 entries, loaded in about 15 ms from a kept file built once from dict.txt in
about 0.4 s). The classes a tag belongs to are the bodies lexicon's (pipeline/data/bodies.yaml).
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import re
from pathlib import Path
from typing import NamedTuple

from taizhang.pipeline import cachefile
from taizhang.pipeline.lexicon import load, path_of

FORMAT = 1
#: Rarer words are left out: jieba counts 342,000 words of up to four characters, most of them
#: person names and set phrases met in no notice; with those counted fewer than 30 times left
#: out (65,857 words kept) the body names found on a labelled sample are the same or better.
MIN_COUNT = 30
MAX_WORD = 4
#: Names of organizations (tag nt) are kept up to this length (上海证券交易所, 世界卫生组织).
MAX_NAME = 8

#: The classes (ints, so the table is small and quick to load).
OTHER, NAME, INNER, NUMERAL = 0, 1, 2, 3
#: The jieba-style tag `tokens` gives each class, and the runs that are not Chinese.
FLAGS = {OTHER: "v", NAME: "n", INNER: "vn", NUMERAL: "m"}
NOT_CHINESE = re.compile(r"[A-Za-z]+|[0-9]+(?:\.[0-9]+)?|[^\u4e00-\u9fff]")


class Token(NamedTuple):
    word: str
    flag: str


class Table:
    """word → class, with the length of the longest word starting and ending with each character,
    so that a longest match tries only the lengths that can match."""

    def __init__(self, classes: dict[str, int], longest_from: dict[str, int], longest_to: dict[str, int]):
        self.classes, self.longest_from, self.longest_to = classes, longest_from, longest_to
        self.get = classes.get

    @classmethod
    def of(cls, classes: dict[str, int]) -> "Table":
        longest_from: dict[str, int] = {}
        longest_to: dict[str, int] = {}
        for word in classes:
            if len(word) > longest_from.get(word[0], 1):
                longest_from[word[0]] = len(word)
            if len(word) > longest_to.get(word[-1], 1):
                longest_to[word[-1]] = len(word)
        return cls(classes, longest_from, longest_to)

    def word_ending(self, text: str, end: int, floor: int) -> tuple[str, int]:
        """The longest word ending at *end* (starting at *floor* or after) and its class; a
        character the table does not have counts as part of a name."""
        last = text[end - 1]
        for length in range(min(self.longest_to.get(last, 1), end - floor), 1, -1):
            kind = self.classes.get(text[end - length:end])
            if kind is not None:
                return text[end - length:end], kind
        return last, self.classes.get(last, NAME)

    def longest_at(self, text: str, start: int) -> int:
        """The length of the longest word of two characters or more starting at *start* (0: none)."""
        if start >= len(text):
            return 0
        for length in range(min(self.longest_from.get(text[start], 1), len(text) - start), 1, -1):
            if text[start:start + length] in self.classes:
                return length
        return 0


def tokens(text: str) -> list[Token]:
    """*text* cut into words, left to right, the longest word of the table first, each with the
    tag of its class: n (part of a name), vn, m, v (anything else); eng for Latin letters, m for
    digits, x for any other character that is not Chinese. A character the table does not have
    is a word of its own, tagged n."""
    found: list[Token] = []
    known = table()
    i = 0
    while i < len(text):
        char = text[i]
        if "\u4e00" <= char <= "\u9fff":
            length = known.longest_at(text, i) or 1
            word = text[i:i + length]
            found.append(Token(word, FLAGS[known.get(word, NAME)]))
        else:
            word = NOT_CHINESE.match(text, i).group()
            found.append(Token(word, "eng" if word[0].isascii() and word[0].isalpha() else
                               "m" if word[0].isdigit() else "x"))
        i += len(word)
    return found


@functools.lru_cache(maxsize=1)
def table() -> Table:
    """The table of jieba's dictionary (empty without it: every word is then unknown, and a name
    runs back to the nearest stop)."""
    dictionary = _dictionary_file()
    if dictionary is None:
        return Table.of({})
    lexicon = load("bodies")
    stat = dictionary.stat()
    key = "\n".join([str(FORMAT), str(MIN_COUNT), str(dictionary), str(stat.st_size), str(stat.st_mtime_ns),
                     hashlib.sha256(path_of("bodies").read_bytes()).hexdigest()])
    path = cachefile.kept_path("words", key)
    data = cachefile.read_private(path)
    if data is not None:
        try:
            parts = marshal.loads(data)     # trusted: the user's own file (read_private)
            if isinstance(parts, tuple) and len(parts) == 3 and all(isinstance(p, dict) for p in parts):
                return Table(*parts)
        except (ValueError, EOFError, TypeError):
            pass
    built = Table.of(_build(dictionary, lexicon))
    cachefile.write_private(path, [marshal.dumps((built.classes, built.longest_from, built.longest_to))])
    cachefile.remove_older(path)
    cachefile.remove_all("jieba")       # jieba's dictionary by character (13 MB), for a tagger now gone
    return built


def _dictionary_file() -> Path | None:
    """jieba's dict.txt, found without importing jieba (0.1 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).with_name("dict.txt")
    return path if path.is_file() else None


def _build(dictionary: Path, lexicon: dict) -> dict[str, int]:
    """The table from dict.txt's lines (word, count, tag) and the lexicon's words."""
    name_tags, inner_tags = tuple(lexicon["name_tags"]), tuple(lexicon["inner_tags"])
    single_stops = tuple(lexicon["single_stop_tags"])
    table: dict[str, int] = {}
    with dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) != 3:
                continue
            word, count, tag = parts
            if len(word) > MAX_WORD and not (tag == "nt" and len(word) <= MAX_NAME and int(count) >= MIN_COUNT):
                continue
            if len(word) == 1:
                # a lone character is a name's unless it is a function word (由, 的, 各, 该, 一)
                table[word] = OTHER if tag.startswith(single_stops) else NAME
            elif int(count) >= MIN_COUNT:
                table[word] = (NAME if tag.startswith(name_tags) else INNER if tag.startswith(inner_tags)
                               else NUMERAL if tag == "m" else OTHER)
    for word in lexicon["user_words"] + lexicon["department_names"] + lexicon["name_words"]:
        table[word] = NAME
    for word in lexicon["stop_words"]:
        table[word] = OTHER
    return table
