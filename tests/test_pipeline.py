"""The pipeline's shape: components in a checked order, one carrier, lexicons validated at load."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from taizhang.pipeline import lexicon
from taizhang.pipeline.components import Pipeline, PipelineError, component
from taizhang.pipeline.load import load_bytes
from taizhang.pipeline.notice import Notice
from taizhang.pipeline.run import pipeline, read

NOTICE = "关于做好秋季防火工作的通知\n一、加强巡查\n（一）每日巡山。力争10月31日前完成隐患排查。\n某镇人民政府\n2024年9月1日\n"


def test_building_a_pipeline_checks_that_every_input_was_written_before():
    first = component("first", requires=("source",), assigns=("text",))(lambda notice: None)
    second = component("second", requires=("text", "spans.heading"), assigns=("fields",))(lambda notice: None)
    with pytest.raises(PipelineError, match="'second' requires spans.heading"):
        Pipeline([first, second])
    third = component("third", requires=("text",), assigns=("spans.heading",))(lambda notice: None)
    assert Pipeline([first, third, second]).names == ["first", "third", "second"]


def test_the_real_pipeline_builds_and_each_stage_writes_what_it_declares():
    stages = pipeline()
    assert stages.names[0] == "normalize" and stages.names[-1] == "records"
    notice = Notice(load_bytes(NOTICE.encode("utf-8"), "n.txt"))
    unset = object()
    for stage in stages.components:
        for name in stage.assigns:
            if not name.startswith("spans.") and name != "warnings":
                setattr(notice, name, unset)
        stage.run(notice)
        for name in stage.assigns:
            if name.startswith("spans."):
                assert name[6:] in notice.spans, (stage.name, name)
            else:
                assert getattr(notice, name) is not unset, (stage.name, name)
    assert [r.type for r in notice.records][:1] == ["document"]


def test_spans_are_in_normalized_coordinates_and_map_back_to_the_source():
    traditional = NOTICE.replace("巡查", "巡查　").replace("隐患排查", "隱患排查")
    notice = read(load_bytes(traditional.encode("utf-8"), "t.txt"))
    deadline, = notice.spans["deadline"]
    assert notice.text[deadline.start:deadline.end] == "10月31日前"
    start, end = notice.source_span(deadline.start, deadline.end)
    assert traditional[start:end] == "10月31日前" and start != notice.text.index("10月31日前")
    heading = notice.spans["heading"][1]
    assert notice.text[heading.start:heading.title_end] == "（一）每日巡山"
    assert notice.section_at(deadline.start) is heading


def test_read_can_stop_after_a_named_stage():
    notice = read(load_bytes(NOTICE.encode("utf-8"), "n.txt"), until="document")
    assert notice.fields.title == "关于做好秋季防火工作的通知"
    assert "deadline" not in notice.spans and notice.records == []


def _load_an_edited_copy(tmp_path, monkeypatch, name: str, old: str, new: str) -> None:
    """From now on, pipeline/data/<name>.yaml is read from a copy with *old* replaced by *new*."""
    real = lexicon.path_of(name).read_text(encoding="utf-8")
    assert old in real
    bad = tmp_path / f"{name}.yaml"
    bad.write_text(real.replace(old, new), encoding="utf-8")
    original = lexicon.path_of
    monkeypatch.setattr(lexicon, "path_of", lambda wanted: bad if wanted == name else original(wanted))
    lexicon.load.cache_clear()


def _load_a_broken_deadlines_copy(tmp_path, monkeypatch) -> None:
    """From now on, deadlines.yaml is read from a copy with one key renamed."""
    _load_an_edited_copy(tmp_path, monkeypatch, "deadlines", "\nto_blockers:", "\nto_blocker:")


@pytest.fixture
def broken_lexicon(tmp_path, monkeypatch):
    """A copy of deadlines.yaml with one key renamed, loaded in place of the real one."""
    _load_a_broken_deadlines_copy(tmp_path, monkeypatch)
    yield
    lexicon.load.cache_clear()


def test_a_renamed_lexicon_key_is_one_error_naming_the_file_and_the_key(broken_lexicon):
    with pytest.raises(lexicon.LexiconError) as info:
        lexicon.load("deadlines")
    assert str(info.value) == "pipeline/data/deadlines.yaml: key 'to_blockers': field required"


def test_a_record_kind_that_ends_no_title_is_refused(tmp_path, monkeypatch):
    _load_an_edited_copy(tmp_path, monkeypatch, "document", "record_kinds: [通知,", "record_kinds: [通知书, 通知,")
    try:
        with pytest.raises(lexicon.LexiconError) as info:
            lexicon.load("document")
    finally:
        lexicon.load.cache_clear()
    assert str(info.value) == ("pipeline/data/document.yaml: value error, record_kinds ['通知书'] are not "
                               "in kinds (nor what kind_aliases give)")


def test_the_cli_stops_with_exit_2_on_a_broken_lexicon(broken_lexicon, tmp_path):
    from taizhang import cli

    notice = tmp_path / "n.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["extract", str(notice), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.strip() == "taizhang: pipeline/data/deadlines.yaml: key 'to_blockers': field required"
    assert not (tmp_path / "out").exists()


def test_a_lexicon_that_is_not_yaml_names_its_line(tmp_path, monkeypatch):
    bad = tmp_path / "common.yaml"
    bad.write_text("quotes: ['“”'\ncircled: [\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "path_of", lambda name: bad)
    lexicon.load.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match=r"^pipeline/data/common.yaml \(line \d+\): not valid YAML"):
            lexicon.load("common")
    finally:
        lexicon.load.cache_clear()


def test_every_lexicon_in_the_package_is_valid():
    lexicon.check_all()


def test_kept_lexicons_are_used_only_for_the_same_file_text(tmp_path, monkeypatch):
    """A later process takes a lexicon from the kept copy when its file's text is unchanged,
    and reads and validates a changed file again (which may be broken)."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    for cached in (lexicon.load, lexicon._kept):
        cached.cache_clear()
    try:
        lexicon.check_all()                         # reads, validates and keeps them
        assert list(tmp_path.glob("taizhang-lexicons-*.cache"))
        for cached in (lexicon.load, lexicon._kept):
            cached.cache_clear()                    # as a new process
        parsed = []
        real_parse = lexicon._parse_and_validate
        monkeypatch.setattr(lexicon, "_parse_and_validate", lambda *a: parsed.append(a[0]) or real_parse(*a))
        assert lexicon.load("deadlines")["to_blockers"]
        assert parsed == []                         # taken from the kept copy
        _load_a_broken_deadlines_copy(tmp_path, monkeypatch)
        with pytest.raises(lexicon.LexiconError, match="key 'to_blockers': field required"):
            lexicon.load("deadlines")
        assert parsed == ["deadlines"]
    finally:
        for cached in (lexicon.load, lexicon._kept):
            cached.cache_clear()


def test_a_unit_designation_that_is_no_pattern_is_one_error_naming_it(tmp_path, monkeypatch):
    _load_an_edited_copy(tmp_path, monkeypatch, "units", "|特高压工程)'}", "|特高压工程))'}")
    try:
        with pytest.raises(lexicon.LexiconError, match=r"^pipeline/data/units.yaml: key 'units': .*千伏.designation is no regular expression"):
            lexicon.load("units")
    finally:
        lexicon.load.cache_clear()
