"""The word table (extractors/words.py): classes from jieba's dictionary, a forward cut into
words, and the kept file it is loaded from."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from taizhang.extractors import words

ROOT = Path(__file__).resolve().parents[1]


def test_classes_follow_the_tags_of_the_dictionary():
    table = words.table()
    assert table.get("财政") == words.NAME          # a noun
    assert table.get("监督") == words.INNER         # a verbal noun: inside a name only
    assert table.get("由") == words.OTHER           # a preposition
    assert table.get("落实") == words.OTHER         # a verb
    assert table.get("最高") == words.NAME          # the lexicon's name_words win over the tag
    assert table.get("各级") == words.OTHER         # and its stop words


def test_longest_word_ending_and_starting_here():
    table = words.table()
    assert table.word_ending("由市财政局", 4, 0) == ("财政", words.NAME)
    assert table.word_ending("由市财政局", 2, 0)[0] == "市"
    assert table.longest_at("部分行业", 2) == 2             # 行业
    assert table.longest_at("犇犇", 0) == 0                  # no word of two characters or more


def test_tokens_cut_any_text():
    found = words.tokens("会同市财政局，2024年ABC（牵头）")
    assert [t.word for t in found] == ["会同", "市", "财政局", "，", "2024", "年", "ABC", "（", "牵头", "）"]
    assert [t.flag for t in found][:4] == ["v", "n", "n", "x"]
    assert found[4].flag == "m" and found[6].flag == "eng"
    assert "".join(t.word for t in words.tokens("甲乙 3.5亿元，犇")) == "甲乙 3.5亿元，犇"


LOAD_IN_A_NEW_PROCESS = """
import json, tempfile
from pathlib import Path
from taizhang.extractors import words
table = words.table()
kept = sorted(p.name for p in Path(tempfile.gettempdir()).glob("taizhang-words-*.cache"))
print(json.dumps({"size": len(table.classes), "kept": kept, "由": table.get("由"), "财政": table.get("财政")}))
"""


def _load_in_new_process(tmp_path) -> dict:
    env = dict(os.environ, TMPDIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", LOAD_IN_A_NEW_PROCESS], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout)


def test_the_table_is_kept_and_read_back_the_same(tmp_path):
    built = _load_in_new_process(tmp_path)
    assert len(built["kept"]) == 1 and built["size"] > 50_000
    assert _load_in_new_process(tmp_path) == built          # from the kept file this time


def test_a_damaged_or_foreign_kept_file_is_not_used(tmp_path):
    built = _load_in_new_process(tmp_path)
    kept = tmp_path / built["kept"][0]
    kept.write_bytes(b"not marshal data")
    assert _load_in_new_process(tmp_path) == built          # rebuilt
    kept.chmod(0o666)                                       # others could have written it
    kept.write_bytes(b"\x00" * 10)
    assert _load_in_new_process(tmp_path)["size"] == built["size"]


def test_building_the_table_removes_the_old_jieba_dictionary_files(tmp_path):
    uid = os.getuid()
    old = tmp_path / f"taizhang-jieba-{uid}-{0:020d}.cache"
    old.write_bytes(b"x")
    old.chmod(0o600)
    others_can_write = tmp_path / f"taizhang-jieba-{uid}-{1:020d}.cache"
    others_can_write.write_bytes(b"x")
    others_can_write.chmod(0o666)
    _load_in_new_process(tmp_path)
    assert not old.exists() and others_can_write.exists()
