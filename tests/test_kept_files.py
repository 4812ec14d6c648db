"""Files kept between runs (pipeline/cachefile.py). Grammars (pipeline/pattern_cache.py): a
second process starts with the patterns the first compiled, equal to what `re.compile` makes;
damaged, foreign or stale files are ignored."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

NOTICE = "某区人民政府关于开展消防检查的通知\n各街道办事处：\n一、由区消防救援大队牵头，2025年3月31日前完成。\n某区人民政府\n2025年1月6日\n"

# Prints how many patterns were restored, how many of them differ from a fresh compile, and
# the records of NOTICE (to compare with a run that compiled everything itself).
CHILD = f"""
import json, re
from re import _compiler
import taizhang
from taizhang.pipeline import pattern_cache
restored = pattern_cache.restore()
kept = [(k, p) for k, p in re._cache.items() if k[0] is str]
differing = sum(1 for (kind, pattern, flags), p in kept if p != _compiler.compile(pattern, flags))
records = [r.model_dump(mode="json") for r in taizhang.extract({NOTICE!r})]
print(json.dumps([restored, differing, records], ensure_ascii=False))
"""


def _child(tmp_path, code: str = CHILD) -> list:
    import json

    env = dict(os.environ, TMPDIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _warm(tmp_path) -> None:
    env = dict(os.environ, TMPDIR=str(tmp_path))
    subprocess.run([sys.executable, "-c", "import taizhang.pipeline.warm"], env=env, check=True, timeout=120)


def _kept_file(tmp_path):
    files = list(tmp_path.glob("taizhang-patterns-*.cache"))
    assert len(files) == 1
    return files[0]


def test_a_second_process_starts_with_the_patterns_the_warm_up_compiled(tmp_path):
    assert _child(tmp_path)[0] == 0                 # nothing kept yet
    _warm(tmp_path)
    path = _kept_file(tmp_path)
    assert path.stat().st_mode & 0o077 == 0         # private to its user
    restored, differing, records = _child(tmp_path)
    assert restored > 100
    assert differing == 0


def test_records_are_the_same_with_and_without_kept_patterns(tmp_path):
    without = _child(tmp_path)
    _warm(tmp_path)
    with_kept = _child(tmp_path)
    assert with_kept[0] > 100 and without[0] == 0
    assert with_kept[2] == without[2]
    assert any(r["type"] == "deadline" and r["date"] == "2025-03-31" for r in with_kept[2])


@pytest.mark.parametrize("damage", ["garbage", "truncated", "writable by others"])
def test_a_damaged_or_foreign_file_is_ignored(tmp_path, damage):
    _warm(tmp_path)
    path = _kept_file(tmp_path)
    if damage == "garbage":
        path.write_bytes(b"not marshal data at all")
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:5000])
    else:
        path.chmod(0o666)
    restored, differing, records = _child(tmp_path)
    assert restored == 0 and differing == 0
    assert records[0]["title"] == "某区人民政府关于开展消防检查的通知"


def test_a_file_of_other_rules_is_ignored(tmp_path):
    _warm(tmp_path)
    other_rules = ("from taizhang.pipeline import cachefile, pattern_cache; "
                   "cachefile.rules_fingerprint = lambda: '0' * 16; "
                   "pattern_cache._state['restored'] = None; print(pattern_cache.restore())")
    env = dict(os.environ, TMPDIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", other_rules], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "0"



def test_only_the_newest_kept_files_of_a_name_stay(tmp_path):
    """Each set of rules or jieba version keeps its own dictionary file (13 MB): once a new one
    is written, the user's older ones beyond the newest three are removed, no other file."""
    from taizhang.pipeline import cachefile

    uid = os.getuid()
    files = [tmp_path / f"taizhang-jieba-{uid}-{n:020d}.cache" for n in range(5)]
    for age, path in enumerate(files):                  # files[0] the newest
        path.write_bytes(b"x")
        path.chmod(0o600)
        os.utime(path, ns=(10**18 - age * 10**12, 10**18 - age * 10**12))
    other_name = tmp_path / f"taizhang-patterns-{uid}-{0:020d}.cache"
    others_can_write = tmp_path / f"taizhang-jieba-{uid}-{9:020d}.cache"
    writing = tmp_path / f"{files[0].name}.tmp123"
    for path in (other_name, others_can_write, writing):
        path.write_bytes(b"x")
        os.utime(path, ns=(1, 1))
    other_name.chmod(0o600)
    others_can_write.chmod(0o666)
    cachefile.remove_older(files[0])
    assert [p.exists() for p in files] == [True, True, True, False, False]
    assert other_name.exists() and others_can_write.exists() and writing.exists()
