"""The fast Viterbi pass (extractors/tagging.py) gives jieba's own tags, tie for tie."""
from __future__ import annotations

import random

import jieba.posseg
import pytest
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from taizhang.extractors import tagging, units

MODEL = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)
PREDECESSORS = tagging.allowed_predecessors(jieba.posseg.trans_P)

# Runs of the kind jieba hands its HMM (characters it has no word for), written for the test:
# abbreviations, names, rare characters, one character repeated, mixed classes of words.
RUNS = ["工信", "发改委", "鄂托克前旗", "张三丰", "住建", "区农业农村局", "嘉峪关市", "镇", "犇犇犇犇犇犇",
        "的的的的的的的的的的的的", "赣湘鄂", "乡镇街道", "龘", "整改落实到位", "甲乙丙丁戊己庚辛"]


@pytest.mark.parametrize("run", RUNS)
def test_same_route_and_score_as_jieba(run):
    assert tagging.viterbi(run, *MODEL, PREDECESSORS) == jieba_viterbi(run, *MODEL)


def test_same_on_random_runs_of_any_characters():
    """Random runs over the whole CJK block: rare characters fall back to every state (ties)."""
    rng = random.Random(7)
    for _ in range(40):
        run = "".join(chr(rng.randrange(0x4E00, 0x9FD6)) for _ in range(rng.randint(1, 6)))
        assert tagging.viterbi(run, *MODEL, PREDECESSORS) == jieba_viterbi(run, *MODEL), run


def test_same_on_runs_mixing_common_and_rare_characters():
    """Common characters (few states each) beside rare ones (every state): the steps where no
    state of a character follows, and jieba falls back to every next state, are met too."""
    rng = random.Random(11)
    common = "的局县市区委政府办公室发展改革员会乡镇街道整改落实工作部门"
    for _ in range(150):
        run = "".join(rng.choice(common) if rng.random() < 0.7 else chr(rng.randrange(0x4E00, 0x9FD6))
                      for _ in range(rng.randint(1, 10)))
        assert tagging.viterbi(run, *MODEL, PREDECESSORS) == jieba_viterbi(run, *MODEL), run


def test_predecessors_are_the_allowed_steps():
    steps = {(before, state) for before, nexts in jieba.posseg.trans_P.items() for state in nexts}
    assert {(before, state) for state, befores in PREDECESSORS.items() for before in befores} == steps
    assert len(steps) < 0.2 * len(jieba.posseg.trans_P) ** 2       # why the pass is faster


def test_installed_once_and_tags_like_jieba():
    units.tag("市工信局")                   # sets the tagger up (installs the pass)
    installed = jieba.posseg.viterbi
    assert installed.original is jieba_viterbi
    tagging.install(jieba.posseg)
    assert jieba.posseg.viterbi is installed
    sentence = "县工信科技局会同鄂托克前旗住建局整改"
    fast = [(t.word, t.flag) for t in jieba.posseg.lcut(sentence)]
    try:
        jieba.posseg.viterbi = jieba_viterbi
        own = [(t.word, t.flag) for t in jieba.posseg.lcut(sentence)]
    finally:
        jieba.posseg.viterbi = installed
    assert fast == own


def test_another_model_goes_to_jieba():
    states, start, trans, emit = MODEL
    other_start = dict(start)          # a copy: not the installed model, so jieba's own pass runs
    units.tag("局")
    assert jieba.posseg.viterbi("工信", states, other_start, trans, emit) == jieba_viterbi("工信", *MODEL)


def test_cached_route_is_not_shared():
    units.tag("局")
    first = jieba.posseg.viterbi("发改", *MODEL)[1]
    first.append("changed")
    assert jieba.posseg.viterbi("发改", *MODEL)[1] == jieba_viterbi("发改", *MODEL)[1]


# ---------------------------------------------------------------- the dictionary cache

WINDOWS = ["县工信科技局会同", "鄂托克前旗住建局", "由区发改委牵头", "推动科技局", "建设服务型政府", "犇犇局", "的的的"]

TAG_IN_A_NEW_PROCESS = """
import json, sys
from taizhang.extractors import units
tags = [[(t.word, t.flag) for t in units.tag(w)] for w in sys.argv[1:]]
frequencies = [units._frequency(t[0]) for w in tags for t in w]
print(json.dumps({"from_cache": units._tagger().shards is not None, "tags": tags, "frequencies": frequencies}))
"""


def _tag_in_new_process(tmp_path, windows=WINDOWS) -> dict:
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, TMPDIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", TAG_IN_A_NEW_PROCESS, *windows], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_cached_dictionary_gives_jiebas_tags(tmp_path):
    """The first process sets jieba up as jieba does and writes the cache; the next loads only
    the characters it needs from it and tags and counts every window the same."""
    first = _tag_in_new_process(tmp_path)
    caches = list(tmp_path.glob("taizhang-jieba-*.cache"))
    assert not first["from_cache"] and len(caches) == 1
    assert caches[0].stat().st_mode & 0o077 == 0            # the user's own
    second = _tag_in_new_process(tmp_path)
    assert second["from_cache"]
    assert second["tags"] == first["tags"] and second["frequencies"] == first["frequencies"]


HMM_TABLES = """
import json, runpy, sys
from taizhang.extractors import units, tagging
units.tag("区农业农村局")
same = {}
for name in tagging.MODEL_MODULES:
    module = sys.modules[name]
    shipped = runpy.run_path(sys.modules["jieba.posseg"].__file__.replace("__init__.py", name.split(".")[-1] + ".py"))
    same[name] = [getattr(module, "__file__", None) is None, module.P == shipped["P"]]
print(json.dumps(same))
"""


def test_the_hmm_tables_come_from_the_cache_and_are_jiebas(tmp_path):
    """A process that finds the cache takes posseg's HMM tables from it, not from jieba's modules
    of literals (0.08 s), and they are the tables those modules hold."""
    import json
    import os
    import subprocess
    import sys

    _tag_in_new_process(tmp_path)       # writes the cache
    done = subprocess.run([sys.executable, "-c", HMM_TABLES], env=dict(os.environ, TMPDIR=str(tmp_path)),
                          capture_output=True, text=True, check=True)
    same = json.loads(done.stdout)
    assert set(same) == set(tagging.MODEL_MODULES)
    assert all(from_cache and equal for from_cache, equal in same.values()), same


WHOLE_DICTIONARY = """
import json, sys
from taizhang.extractors import units
units.load_dictionary()
shards = units._tagger().shards
tags = [[(t.word, t.flag) for t in units.tag(w)] for w in sys.argv[1:]]
print(json.dumps({"complete": shards.complete, "loaded": len(shards.loaded), "characters": len(shards.index),
                  "tags": tags}))
"""


def test_the_whole_dictionary_loaded_at_once_tags_the_same(tmp_path):
    """A batch loads every character's entries first (memory then stays as it is); the tags are
    those of the character-by-character load."""
    import json
    import os
    import subprocess
    import sys

    by_character = _tag_in_new_process(tmp_path)        # writes the cache too
    env = dict(os.environ, TMPDIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", WHOLE_DICTIONARY, *WINDOWS], env=env, capture_output=True,
                          text=True, check=True)
    whole = json.loads(done.stdout)
    assert whole["complete"] and whole["loaded"] == whole["characters"] > 10_000
    assert whole["tags"] == by_character["tags"]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_unreadable_cache_is_not_used(cache_dir):
    import jieba

    words = ["测试用局"]
    path = tagging._cache_path(jieba, words)
    assert path.parent == cache_dir
    path.write_bytes(b"\x05\x00\x00\x00\x00\x00\x00\x00broken")
    path.chmod(0o600)
    assert tagging._open_shards(jieba, words) is None
    path.write_bytes(b"\xff" * 8)
    assert tagging._open_shards(jieba, words) is None


def test_cache_others_can_write_is_not_read(cache_dir):
    import jieba

    words = ["测试用局"]
    path = tagging._cache_path(jieba, words)
    path.write_bytes(b"anything")
    path.chmod(0o666)
    assert tagging._open_shards(jieba, words) is None


def test_cache_is_keyed_by_the_user_words(cache_dir):
    import jieba

    assert tagging._cache_path(jieba, ["甲局"]) != tagging._cache_path(jieba, ["乙局"])
