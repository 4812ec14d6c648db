"""The corpus index of `ingest` (seeds/.taizhang-index.jsonl): only new or changed files are
extracted, gone ones are dropped, a bad index is rebuilt, and the answers are those of a run
that reads every file afresh."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from taizhang.pipeline import ingest
from taizhang.pipeline.batch import collect
from taizhang.pipeline.ingest import INDEX, ingest_files, read_index, survey
from conftest import NEW_NOTICE, SEEDS

OTHER_NOTICE = NEW_NOTICE.replace("安全生产大检查", "消防安全检查")
LONG_AGO_NS = 1_600_000_000 * 10**9      # an mtime far from now: trusted by the index


def make_seeds(folder: Path) -> Path:
    """A copy of the seed notices with an old mtime, as a corpus folder that has been left alone."""
    folder.mkdir(parents=True)
    for source in sorted(SEEDS.glob("*.txt")):
        shutil.copy(source, folder / source.name)
        os.utime(folder / source.name, ns=(LONG_AGO_NS, LONG_AGO_NS))
    return folder


@pytest.fixture()
def seeds(tmp_path) -> Path:
    return make_seeds(tmp_path / "seeds")


@pytest.fixture()
def extracted(monkeypatch):
    """The names of the files of any folder called seeds that fingerprint extracts."""
    calls: list[str] = []
    real = ingest.fingerprint

    def counting(path: Path):
        if path.parent.name == "seeds":
            calls.append(path.name)
        return real(path)

    monkeypatch.setattr(ingest, "fingerprint", counting)
    return calls


def notice(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def index_entries(folder: Path) -> list[dict]:
    lines = (folder / INDEX).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:]]


def test_the_second_ingest_extracts_only_the_new_file(seeds, tmp_path, extracted):
    [first] = ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    assert sorted(extracted) == sorted(p.name for p in SEEDS.glob("*.txt"))     # the index is built
    assert [e["name"] for e in index_entries(seeds)] == sorted(p.name for p in seeds.glob("*.txt"))
    extracted.clear()
    [second] = ingest_files([notice(tmp_path, "two.txt", OTHER_NOTICE)], seeds)
    assert extracted == []          # neither the seeds nor the file stored by the first run
    assert (first.status, first.name[:3], second.status, second.name[:3]) == ("added", "005", "added", "006")
    assert second.name in {e["name"] for e in index_entries(seeds)}


def test_unchanged_files_are_not_even_read(seeds, tmp_path, monkeypatch):
    ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    read, real = [], Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    survey(seeds)
    seed_names = {p.name for p in SEEDS.glob("*.txt")}
    assert INDEX in read and not seed_names & set(read)     # size and mtime were enough


def test_an_edited_stored_file_is_read_again(seeds, tmp_path, extracted):
    ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    stored = sorted(seeds.glob("000_*.txt"))[0]
    before = stored.read_text(encoding="utf-8")
    edited = before.replace("2021年12月31日前", "2022年12月31日前", 1)
    assert edited != before and len(edited.encode()) == len(before.encode())   # same size
    stored.write_text(edited, encoding="utf-8")
    os.utime(stored, ns=(LONG_AGO_NS + 10**9, LONG_AGO_NS + 10**9))
    extracted.clear()
    [again] = ingest_files([notice(tmp_path, "old.txt", before)], seeds)
    assert extracted == [stored.name]
    assert (again.status, again.of) == ("new_version", stored.name)   # no longer its duplicate


def test_a_touched_but_unchanged_file_is_read_not_extracted(seeds, tmp_path, extracted):
    ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    touched = sorted(seeds.glob("001_*.txt"))[0]
    os.utime(touched, ns=(LONG_AGO_NS + 5 * 10**9, LONG_AGO_NS + 5 * 10**9))
    extracted.clear()
    ingest_files([notice(tmp_path, "two.txt", OTHER_NOTICE)], seeds)
    assert extracted == []
    [entry] = [e for e in index_entries(seeds) if e["name"] == touched.name]
    assert entry["mtime_ns"] == LONG_AGO_NS + 5 * 10**9


def test_a_change_that_keeps_size_and_mtime_is_seen_in_a_just_written_file(seeds, tmp_path):
    [first] = ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    stored = seeds / first.name
    [entry] = [e for e in index_entries(seeds) if e["name"] == first.name]
    assert entry["mtime_ns"] == -1      # written a moment ago: its mtime may not move on a change
    mtime = stored.stat().st_mtime_ns
    edited = NEW_NOTICE.replace("安全生产大检查", "防汛防火大检查")
    assert len(edited.encode()) == stored.stat().st_size
    stored.write_text(edited, encoding="utf-8")
    os.utime(stored, ns=(mtime, mtime))
    [again] = ingest_files([notice(tmp_path, "same.txt", NEW_NOTICE)], seeds)
    assert again.status != "duplicate"      # the stored file is no longer NEW_NOTICE


def test_a_deleted_file_leaves_the_index(seeds, tmp_path):
    ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    gone = sorted(seeds.glob("002_*.txt"))[0]
    text = gone.read_text(encoding="utf-8")
    gone.unlink()
    [back] = ingest_files([notice(tmp_path, "back.txt", text)], seeds)
    assert back.status == "added" and back.name.startswith("006_")
    names = [e["name"] for e in index_entries(seeds)]
    assert gone.name not in names and back.name in names


def corruptions(folder: Path) -> dict[str, bytes]:
    """Ways an index can be bad, made from *folder*'s good one."""
    good = (folder / INDEX).read_bytes()
    header, *lines = good.decode("utf-8").splitlines()
    entries = [json.loads(line) for line in lines]

    def with_header(**fields) -> bytes:
        return "\n".join([json.dumps(dict(json.loads(header), **fields)), *lines, ""]).encode()

    def with_entry(**fields) -> bytes:
        changed = [json.dumps(dict(entries[0], **fields), ensure_ascii=False), *lines[1:]]
        return "\n".join([header, *changed, ""]).encode()

    return {
        "garbage": b"\x00\xff not json",
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "format": with_header(format=999),
        "version": with_header(taizhang="0.0.0-other"),
        "code": with_header(code="0" * 16),
        "entry type": with_entry(size="12"),
        "entry digest": with_entry(digest="xyz"),
        "entry field": with_entry(extra=1),
        "unsorted": "\n".join([header, *reversed(lines), ""]).encode(),
        "duplicate": "\n".join([header, lines[0], *lines, ""]).encode(),
    }


def test_a_corrupt_index_is_rebuilt(seeds, tmp_path, extracted):
    ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    good = (seeds / INDEX).read_bytes()
    expected = survey(seeds)
    for kind, data in corruptions(seeds).items():
        (seeds / INDEX).write_bytes(data)
        assert read_index(seeds) == {}, kind
        extracted.clear()
        assert survey(seeds) == expected, kind
        assert len(extracted) == 6, kind        # every notice read afresh
    [added] = ingest_files([notice(tmp_path, "two.txt", OTHER_NOTICE)], seeds)
    assert added.status == "added"
    assert read_index(seeds) and (seeds / INDEX).read_bytes() != good     # rewritten, valid


def test_a_wrong_but_wellformed_entry_is_not_believed_once_its_file_moved(seeds, tmp_path):
    ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    header, *lines = (seeds / INDEX).read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first.update(size=first["size"] + 1, sha256="1" * 64, digest="0" * 64, doc_key="其他")  # stale
    (seeds / INDEX).write_text("\n".join([header, json.dumps(first, ensure_ascii=False), *lines[1:], ""]),
                               encoding="utf-8")
    [dup] = ingest_files([notice(tmp_path, "copy.txt", (seeds / first["name"]).read_text(encoding="utf-8"))], seeds)
    assert (dup.status, dup.of) == ("duplicate", first["name"])


def test_an_index_in_the_way_as_a_folder_is_no_error(seeds, tmp_path):
    (seeds / INDEX).mkdir()
    [added] = ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    assert added.status == "added" and (seeds / INDEX).is_dir()
    assert not [p for p in seeds.iterdir() if p.name.startswith(".taizhang-tmp")]


def test_the_index_is_not_taken_as_a_notice_by_extract(seeds, tmp_path):
    ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    assert (seeds / INDEX).is_file()
    jobs, skipped = collect([seeds])
    assert [job.source for job in jobs] == sorted(p.name for p in seeds.glob("*.txt"))
    assert not [s for s in skipped if INDEX in s.path]


def test_not_a_notice_is_remembered_and_not_read_again(seeds, tmp_path, extracted):
    empty = seeds / "empty.txt"
    empty.write_bytes(b"")
    os.utime(empty, ns=(LONG_AGO_NS, LONG_AGO_NS))
    ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    [entry] = [e for e in index_entries(seeds) if e["name"] == "empty.txt"]
    assert entry["digest"] is None
    extracted.clear()
    known, _ = survey(seeds)
    assert extracted == [] and "empty.txt" not in {k.name for k in known}


def test_results_equal_a_run_without_index(tmp_path):
    from docx_builder import docx_from_text
    indexed, fresh = make_seeds(tmp_path / "a" / "seeds"), make_seeds(tmp_path / "b" / "seeds")
    revised = (SEEDS / "000_4f00c9cdb2e80354.txt").read_text(encoding="utf-8").replace(
        "完成时限：2021年12月31日前", "完成时限：2022年6月30日前", 1)
    word = tmp_path / "word.docx"
    word.write_bytes(docx_from_text(OTHER_NOTICE))
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(NEW_NOTICE.encode("gb18030"))
    runs = [[notice(tmp_path, "one.txt", NEW_NOTICE)], [gbk, notice(tmp_path, "rev.txt", revised)],
            [word], [notice(tmp_path, "other.txt", OTHER_NOTICE), notice(tmp_path, "one_again.txt", NEW_NOTICE)]]
    statuses = set()
    for paths in runs:
        with_index = ingest_files(paths, indexed)
        statuses |= {r.status for r in with_index}
        (fresh / INDEX).unlink(missing_ok=True)
        without = ingest_files(paths, fresh)
        assert [(r.status, r.name, r.of, r.original, r.message()) for r in with_index] == \
               [(r.status, r.name, r.of, r.original, r.message()) for r in without]
        (fresh / INDEX).unlink(missing_ok=True)
        assert survey(indexed) == survey(fresh)
        assert {p.name: p.read_bytes() for p in indexed.rglob("*") if p.is_file() and p.name != INDEX} == \
               {p.name: p.read_bytes() for p in fresh.rglob("*") if p.is_file() and p.name != INDEX}
    assert statuses == {"added", "duplicate", "new_version"}


def test_the_index_is_deterministic(tmp_path):
    one, two = make_seeds(tmp_path / "a" / "seeds"), make_seeds(tmp_path / "b" / "seeds")
    incoming = notice(tmp_path, "one.txt", NEW_NOTICE)
    ingest_files([incoming], one)
    ingest_files([incoming], two)
    assert (one / INDEX).read_bytes() == (two / INDEX).read_bytes()
    names = [e["name"] for e in index_entries(one)]
    assert names == sorted(names)


def test_interrupted_ingest_puts_the_old_index_back(seeds, tmp_path, monkeypatch):
    ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    before = {p.name: p.read_bytes() for p in seeds.iterdir()}
    real = ingest._write_index

    def write_then_interrupt(folder, entries):
        real(folder, entries)
        assert (folder / INDEX).read_bytes() != before[INDEX]     # the new index was in place
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest, "_write_index", write_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        ingest_files([notice(tmp_path, "two.txt", OTHER_NOTICE)], seeds)
    assert {p.name: p.read_bytes() for p in seeds.iterdir()} == before


def test_interrupted_first_ingest_leaves_no_index(seeds, tmp_path, monkeypatch):
    before = sorted(p.name for p in seeds.iterdir())
    real_replace = os.replace

    def interrupt_at_the_index(src, dst):
        if Path(dst).name == INDEX:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", interrupt_at_the_index)
    with pytest.raises(KeyboardInterrupt):
        ingest_files([notice(tmp_path, "one.txt", NEW_NOTICE)], seeds)
    assert sorted(p.name for p in seeds.iterdir()) == before
