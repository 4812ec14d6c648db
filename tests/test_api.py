"""The Python API: the CLI's verbs as functions, taking text, bytes or a path."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import taizhang

NOTICE = """某县人民政府办公室关于开展河道清障工作的通知
各乡镇人民政府，县直有关单位：
为确保安全度汛，现将有关事项通知如下。
一、工作任务
（一）清理河道阻水障碍。2024年5月31日前完成主河道清障。
责任单位：县水利局
（二）加固堤防薄弱段。对12处险工险段进行加固。
责任单位：县水利局、各乡镇人民政府
某县人民政府办公室
2024年4月2日
"""


def test_text_bytes_and_path_give_the_same_records(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    as_text = taizhang.extract(NOTICE)
    as_bytes = taizhang.extract(NOTICE.encode("utf-8"))
    as_path = taizhang.extract(path)
    dump = lambda records: [r.model_dump(exclude={"source"}) for r in records]  # noqa: E731
    assert dump(as_text) == dump(as_bytes) == dump(as_path)
    assert as_path[0].type == "document" and as_path[0].source == "notice.txt"
    assert as_text[0].title == "某县人民政府办公室关于开展河道清障工作的通知"
    issues = [r for r in as_text if r.type == "issue"]
    assert [i.title for i in issues] == ["清理河道阻水障碍", "加固堤防薄弱段"]
    assert [u.name for u in issues[1].units] == ["县水利局", "各乡镇人民政府"]


def test_a_gbk_file_given_as_bytes_is_decoded():
    records = taizhang.extract(NOTICE.encode("gb18030"), name="旧文件.txt")
    assert records[0].title.endswith("的通知") and records[0].source == "旧文件.txt"


def test_not_a_notice_raises_notice_error_and_wrong_types_say_what_is_taken():
    with pytest.raises(taizhang.NoticeError, match="PNG"):
        taizhang.extract(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(TypeError, match="text .*bytes.*path"):
        taizhang.extract(12345)


def test_diff_of_two_versions_given_as_text():
    revised = NOTICE.replace("2024年5月31日前", "2024年6月15日前")
    changes = taizhang.diff(NOTICE, revised)
    assert {(c.type, c.field) for c in changes} >= {("deadline", "date")}
    assert taizhang.diff(NOTICE, NOTICE) == []


def test_ingest_adds_a_notice_to_a_corpus_folder(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    path = tmp_path / "new.txt"
    path.write_text(NOTICE, encoding="utf-8")
    first, = taizhang.ingest([path], seeds=seeds)
    again, = taizhang.ingest([path], seeds=seeds)
    assert first.status == "added" and again.status == "duplicate"
    assert [p.name for p in seeds.iterdir() if not p.name.startswith(".")] == [first.name]   # and its index
    with pytest.raises(FileNotFoundError):
        taizhang.ingest([path], seeds=tmp_path / "missing")


def test_the_package_imports_from_any_folder_without_heavy_modules(tmp_path):
    code = ("import sys, taizhang\n"
            "print(taizhang.__version__ != '0+unknown', 'opencc' in sys.modules, 'pydantic' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "False"]


def test_extract_from_any_folder_as_the_readme_shows(tmp_path):
    seed = Path(__file__).resolve().parent.parent / "seeds" / "003_fa9dab17423c6174.txt"
    code = (f"import taizhang; print(len(taizhang.extract(open({str(seed)!r}, encoding='utf-8').read())))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 50


def test_every_subpackage_is_packaged():
    """pyproject lists the packages of the wheel by hand: a new subpackage must be added there."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    listed = set(tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {"taizhang"} | {"taizhang." + ".".join(p.parent.relative_to(root).parts)
                            for top in ("pipeline", "extractors", "schemas") for p in (root / top).rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)


def test_the_ledger_rows_are_plain_dicts_ready_for_a_dataframe(tmp_path):
    records = taizhang.extract(NOTICE)
    rows = taizhang.ledger(records, as_of="2024-05-20")
    assert [row["问题或任务"] for row in rows] == ["清理河道阻水障碍", "加固堤防薄弱段"]
    assert rows[0]["序号"] == "一、（一）" and rows[0]["完成时限"] == "2024-05-31"
    assert rows[0]["状态"] == "30天内到期"
    assert "各乡镇人民政府" in rows[1]["责任单位"]
    assert all(isinstance(value, (str, int, float, type(None))) for row in rows for value in row.values())
    out = tmp_path / "ledger.csv"
    taizhang.export(records, out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert taizhang.schema("issue")["properties"]["units"]
