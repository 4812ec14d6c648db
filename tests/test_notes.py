"""The grammar of responsibility notes (extractors/notes.py): who leads an item, who is
responsible, who cooperates, its leaders and its time-limit slot, in every common form."""
from __future__ import annotations

import time

import pytest

from taizhang.extractors.fields import split_list, split_units
from taizhang.extractors.notes import find_notes
from taizhang.extractors.units import find_bodies


def units(text: str) -> list[tuple[str, str]]:
    return [(name, role) for note in find_notes(text) for name, role, _ in note.units]


def names(text: str) -> list[str]:
    return [name for name, _ in units(text)]


def leaders(text: str) -> list[str]:
    return [name for note in find_notes(text) for name, _ in note.leaders]


def deadline(text: str) -> str | None:
    spans = [note.deadline for note in find_notes(text) if note.deadline]
    return text[spans[0][0]:spans[0][1]] if spans else None


# ---------------------------------------------------------------- parenthesised notes

@pytest.mark.parametrize("text, expected", [
    ("推进老旧小区改造。（市住建局牵头，市财政局、市自然资源局配合）",
     [("市住建局", "lead"), ("市财政局", "cooperating"), ("市自然资源局", "cooperating")]),
    ("扩大文旅消费（县文旅局牵头，各有关部门按职责分工负责）",
     [("县文旅局", "lead"), ("各有关部门", "responsible")]),
    ("整理历史档案（区档案馆负责）", [("区档案馆", "responsible")]),
    ("完善供水管网（责任单位：县水务局、县林业局）", [("县水务局", "responsible"), ("县林业局", "responsible")]),
    ("培育外贸主体（牵头单位：市商务局；配合单位：市场监管局）",
     [("市商务局", "lead"), ("市场监管局", "cooperating")]),
    ("修缮农田水利（牵头责任单位：镇人民政府；责任单位：镇财政所、镇农业站）",
     [("镇人民政府", "lead"), ("镇财政所", "responsible"), ("镇农业站", "responsible")]),
    ("关爱困难群体（市民政局、市残联按职责分工负责）", [("市民政局", "responsible"), ("市残联", "responsible")]),
    ("提升基层医疗能力。(责任单位:市卫健委牵头，市医保局、市药监局等部门分工负责)",
     [("市卫健委", "lead"), ("市医保局", "responsible"), ("市药监局", "responsible")]),
    ("做好会务保障（区委办负责，区政府办配合；根据会议安排确定时间）",
     [("区委办", "responsible"), ("区政府办", "cooperating")]),
    ("建成智慧平台（市数据局牵头，市网信办配合，2023年底前完成）",
     [("市数据局", "lead"), ("市网信办", "cooperating")]),
    ("织密防控网络（责任单位：各镇（街道）、区级有关部门）",
     [("各镇（街道）", "responsible"), ("区级有关部门", "responsible")]),
    ("（牵头单位：市卫健委、市疾控中心）", [("市卫健委", "lead"), ("市疾控中心", "lead")]),
])
def test_parenthesised_notes(text, expected):
    assert units(text) == expected
    assert [note.kind for note in find_notes(text)] == ["parenthesised"]


def test_a_parenthesised_note_spans_its_brackets_and_carries_its_time_limit():
    text = "优化公交线路（市交通局牵头，各区负责；完成时限：2022年6月底）。"
    [note] = find_notes(text)
    assert text[note.start:note.end] == "（市交通局牵头，各区负责；完成时限：2022年6月底）"
    assert units(text) == [("市交通局", "lead"), ("各区", "responsible")]
    assert deadline(text) == "2022年6月底"


def test_several_notes_in_one_item_in_text_order():
    text = "开展职业技能培训（市人社局负责）。建设就业服务平台（市大数据局负责）。"
    notes = find_notes(text)
    assert [[name for name, _, _ in note.units] for note in notes] == [["市人社局"], ["市大数据局"]]
    assert notes[0].end <= notes[1].start


# ---------------------------------------------------------------- run-in fields

def test_fields_with_a_time_limit():
    text = "责任单位：市城管局 完成时限：2021年9月底"
    assert units(text) == [("市城管局", "responsible")]
    assert deadline(text) == "2021年9月底"
    assert [note.kind for note in find_notes(text)] == ["fields"]


def test_flattened_fields_end_at_the_next_label_and_the_next_item():
    text = "（1）线路迁改：完成杆线迁移。责任单位：县供电公司、县通信公司完成时限：2021年10月31日（2）设备安装：完成调试。"
    assert names(text) == ["县供电公司", "县通信公司"]
    assert deadline(text) == "2021年10月31日"
    text = "1.清理河道淤泥。责任单位：市水利局2.加强河道管护。责任单位：各县区"
    assert names(text) == ["市水利局", "各县区"]


def test_each_flattened_row_of_fields_is_a_note():
    text = "责任单位：市财政局完成时限：2021年9月底责任单位：市教育局完成时限：2021年10月底"
    notes = find_notes(text)
    assert [[name for name, _, _ in n.units] for n in notes] == [["市财政局"], ["市教育局"]]
    assert [text[slice(*n.deadline)] for n in notes] == ["2021年9月底", "2021年10月底"]


@pytest.mark.parametrize("text, expected", [
    ("牵头单位：市发改委；配合单位：市统计局", [("市发改委", "lead"), ("市统计局", "cooperating")]),
    ("牵头考核单位：市考核办", [("市考核办", "lead")]),
    ("主责单位：市教育局；协办单位：市体育局；参与单位：各中小学",
     [("市教育局", "lead"), ("市体育局", "cooperating"), ("各中小学", "cooperating")]),
    ("责任部门：市信访局", [("市信访局", "responsible")]),
    ("责任单位：县卫健局（牵头）、县医保局（配合）", [("县卫健局", "lead"), ("县医保局", "cooperating")]),
    ("责任单位：市农业农村局，\n各县区人民政府", [("市农业农村局", "responsible"), ("各县区人民政府", "responsible")]),
    ("【牵头单位】市医保局【配合单位】市财政局、市税务局",
     [("市医保局", "lead"), ("市财政局", "cooperating"), ("市税务局", "cooperating")]),
])
def test_run_in_fields(text, expected):
    assert units(text) == expected


def test_a_list_run_into_a_signature_keeps_its_first_body():
    text = "责任单位：各乡镇，\n县农村工作领导小组办公室县农业农村局县财政局县交通运输局\n2021年5月6日"
    assert names(text) == ["各乡镇", "县农村工作领导小组办公室"]


@pytest.mark.parametrize("text, expected", [
    ("责任领导：李明 责任人：王红13912345678", ["李明", "王红"]),
    ("牵头领导：赵刚同志", ["赵刚"]),
    ("整改责任人：孙丽、周强", ["孙丽", "周强"]),
    ("责任领导：钱伟（副县长）", ["钱伟"]),
    ("责任领导：乡党委副书记吴海涛", ["吴海涛"]),                   # the post before the name
    ("牵头领导：县委常委、常务副县长郑一帆；分管领导：副乡长黄蕾", ["郑一帆", "黄蕾"]),   # two posts, one person
    ("责任人：林主任", ["林主任"]),                                  # a surname and post: kept
])
def test_leaders_are_people_named_in_leaders_fields(text, expected):
    assert leaders(text) == expected
    assert units(text) == []


# ---------------------------------------------------------------- sentences that assign the item

@pytest.mark.parametrize("text, expected", [
    ("由市城投公司牵头，会同各区住建局对辖区内危房进行排查。",
     [("市城投公司", "lead"), ("各区住建局", "cooperating")]),
    ("由区教育局会同区卫健局、区体育局制定实施细则。",
     [("区教育局", "lead"), ("区卫健局", "cooperating"), ("区体育局", "cooperating")]),
    ("由县应急管理局负责，每季度开展一次检查。", [("县应急管理局", "responsible")]),
    ("根据安排，将由市科技局牵头，研究出台扶持办法。", [("市科技局", "lead")]),
    ("市税务局牵头，市财政局配合，6月底前完成系统升级。", [("市税务局", "lead"), ("市财政局", "cooperating")]),
    ("2.建设养老驿站。区政务服务中心负责组织实施。", [("区政务服务中心", "responsible")]),
    ("按照属地原则，各街道办事处是本辖区整治工作的责任主体。", [("各街道办事处", "responsible")]),
    ("所需经费由区财政局和区审计局共同负责。", [("区财政局和区审计局", "responsible")]),
    # the second clause after the first names' own work
    ("由县卫健局负责技术指导，县财政局、县医保局配合。",
     [("县卫健局", "responsible"), ("县财政局", "cooperating"), ("县医保局", "cooperating")]),
    ("由各镇人民政府牵头，各村民委员会具体组织。", [("各镇人民政府", "lead"), ("各村民委员会", "responsible")]),
    ("市交通局负责牵头编制方案，市公安局、市城管局按照各自职责落实。",
     [("市交通局", "lead"), ("市公安局", "responsible"), ("市城管局", "responsible")]),
    ("县水利局、县农业农村局按职责分工负责推进。", [("县水利局", "responsible"), ("县农业农村局", "responsible")]),
    ("区文旅局会同区商务局制定扶持办法。", [("区文旅局", "lead"), ("区商务局", "cooperating")]),
    ("补助资金由县财政局于2024年9月30日前拨付到位。", [("县财政局", "responsible")]),
    ("第十二条县自然资源局会同县林业局编制保护规划。", [("县自然资源局", "lead"), ("县林业局", "cooperating")]),
    ("由县文旅局负责活动组织，县公安局负责安全保障。", [("县文旅局", "responsible"), ("县公安局", "responsible")]),
])
def test_sentences_that_assign_the_item(text, expected):
    assert units(text) == expected
    assert {note.kind for note in find_notes(text)} == {"assigned"}


def test_a_bracketed_note_ending_in_an_ongoing_limit_gives_its_slot():
    text = "做好迎峰度夏电力保障。（县发改局负责，长期坚持）"
    [note] = find_notes(text)
    assert units(text) == [("县发改局", "responsible")]
    assert text[note.deadline[0]:note.deadline[1]] == "长期坚持"


@pytest.mark.parametrize("text", [
    "2023年，区文旅局会同区商务局制定了扶持办法。",          # a report of work done
    "由于汛期提前，工程于2024年5月停工。",                    # 由于 is no 由
    "市发改委负责推进全市重大项目建设。",                     # a standing duty, not the item's note
])
def test_sentences_that_assign_nothing(text):
    assert find_notes(text) == []


# ---------------------------------------------------------------- names

@pytest.mark.parametrize("text, expected", [
    ("（责任单位：各区、县级市人民政府）", ["各区、县级市人民政府"]),
    ("责任单位：各旗、县、区人民政府，市直各部门", ["各旗、县、区人民政府", "市直各部门"]),
    ("责任单位：各市人民政府、省直有关部门", ["各市人民政府", "省直有关部门"]),
    ("推进乡村治理（各县（市、区）负责）", ["各县（市、区）"]),
    ("责任单位：区工信科技局、区文旅体局", ["区工信科技局", "区文旅体局"]),
    ("（责任单位：市公安局、市司法局等）", ["市公安局", "市司法局"]),
    ("（市教育局牵头，市人社局、市妇联等相关部门配合）", ["市教育局", "市人社局", "市妇联"]),
])
def test_names_split_only_between_bodies(text, expected):
    assert names(text) == expected


def test_offsets_point_at_the_names():
    text = ("一、稳就业。（市人社局牵头，各区、县级市配合）责任单位：县卫健局（牵头）、县医保局 完成时限：2021年底。"
            "由市城投公司牵头，会同各区住建局开展排查。责任人：王红")
    found = [unit for note in find_notes(text) for unit in note.units]
    assert [name for name, _, _ in found] == ["市人社局", "各区、县级市", "县卫健局", "县医保局", "市城投公司", "各区住建局"]
    for name, _, start in found:
        assert text[start:start + len(name)] == name
    for note in find_notes(text):
        for name, start in note.leaders:
            assert text[start:start + len(name)] == name


def test_field_values_split_by_the_same_grammar():
    assert split_units("市卫健委牵头，市医保局、市药监局等部门分工负责", "responsible") == [
        ("市卫健委", "lead"), ("市医保局", "responsible"), ("市药监局", "responsible")]
    assert split_units("各镇（街道）、区级有关部门", "responsible") == [
        ("各镇（街道）", "responsible"), ("区级有关部门", "responsible")]
    assert split_list("李明、王红13912345678") == ["李明", "王红"]
    # a value read up to the bracket that closes its note
    assert split_units("区住建局、区水利局等部门）", "responsible") == [
        ("区住建局", "responsible"), ("区水利局", "responsible")]
    assert split_units("（区住建局", "responsible") == [("区住建局", "responsible")]


def test_a_body_opening_a_list_item_is_not_cut_at_the_front():
    assert [name for _, _, name in find_bodies("抄送：各县委宣传部、工信科技局、城市管理局")][-2:] == \
        ["工信科技局", "城市管理局"]
    assert [name for _, _, name in find_bodies("，推动科技局改革")] == ["科技局"]


# ---------------------------------------------------------------- not notes

@pytest.mark.parametrize("text", [
    "（一）市工信局：负责制定整治方案，会同有关部门召开推进会。",     # a standing list of duties
    "省教育厅会同省财政厅等部门进行了调研。",                      # bodies mentioned, work reported
    "由办公室牵头，人事科、财务科配合，制定了考核办法。",            # work already done
    "宣传部门牵头抓总、组织部门密切配合，形成工作合力。",            # a standing division of labour
    "落实“一长两员”（保洁员、管理员、监督员）制度。",
    "补贴标准（以实际核定数据为准）。",
    "联络员由各成员单位有关处室负责同志担任。",
    "市发改委牵头负责本方案的统筹协调工作。",                      # a note on the whole document
    "本细则由市司法局负责解释。",
    "我们建议区城管局牵头有关部门联合执法。",
    "由于区财政局负责，资金拨付有所延迟。",              # 由于 opens no assignment
    "二、强化安全监管各单位是本单位安全生产的责任主体。",          # a heading run into the text
])
def test_not_notes(text):
    assert find_notes(text) == []


# ---------------------------------------------------------------- bounded work

@pytest.mark.parametrize("text", [
    "（" * 1_000_000,
    "（" * 500_000 + "）" * 500_000,
    "由" * 1_000_000,
    "责任单位：" * 200_000,
    "加强组织领导，各单位要高度重视。" * 62_500,
    "（市财政局负责）" * 125_000,
    "责任单位：市财政局、市税务局完成时限：2021年9月底" * 40_000,
])
def test_a_megabyte_item_is_read_in_bounded_time(text):
    started = time.monotonic()
    find_notes(text)
    assert time.monotonic() - started < 60


# ---------------------------------------------------------------- the quick forms find what the patterns find

from hypothesis import given, settings, strategies as st  # noqa: E402

from taizhang.extractors import notes as notes_module  # noqa: E402

#: Pieces of item text around the verbs, marks and labels the quick forms key on.
PIECES = ["牵头", "负责", "牵", "负", "责", "，", "。", "；", "：", ":", "\n", "“", "”", "【", "】", " ",
          "区水务局", "市", "由", "责任单位", "配合单位", "完成时限", "配合", "加强排水管网巡查"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["甲" * 85]), max_size=40))
def test_clause_notes_are_the_clause_pattern_matches(pieces):
    """X牵头 / X负责 tried only at the clause start before each verb: the same matches as the
    pattern tried everywhere, a clause longer than the name window included."""
    text = "".join(pieces)
    pattern = notes_module._lexicon()["clause"]
    expected = [(m.span(), m.group("x"), m.group("verb")) for m in pattern.finditer(text)]
    assert [(m.span(), m.group("x"), m.group("verb")) for m in notes_module._clause_notes(text)] == expected


@pytest.mark.parametrize("opening", ["", "加强巡查。", "“"])
@pytest.mark.parametrize("extra", [-1, 0, 1])
def test_clause_notes_at_the_edge_of_the_name_window(opening, extra):
    """A clause whose words before the verb just fit the name window, or just do not."""
    reach = notes_module._lexicon()["max_sentence_names"]
    text = opening + "区" * (reach + extra) + "负责，市林业局配合。"
    pattern = notes_module._lexicon()["clause"]
    assert [m.span() for m in notes_module._clause_notes(text)] == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.integers(0, 60), st.integers(0, 60))
def test_labels_are_the_label_pattern_matches(pieces, a, b):
    """Labels tried only where one may start, and none looked for without ：/:/【: the same
    matches as the pattern over text[start:end]."""
    text = "".join(pieces)
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    pattern = notes_module._lexicon()["label"]
    assert [m.span() for m in notes_module._labels(text, start, end)] == \
        [m.span() for m in pattern.finditer(text, start, end)]


def test_a_bracket_without_a_role_word_is_no_note_and_one_with_it_is():
    assert find_notes("开展河道清淤（2024年汛期前）。") == []
    assert units("开展河道清淤（区水务局负责）。") == [("区水务局", "responsible")]


def test_a_lead_then_cooperating_bodies_after_a_pause_mark():
    """由X牵头、Y、Z配合: the 、 after the role word parts the lead from the cooperating bodies."""
    (note,) = find_notes("由县交通运输局牵头、县公安局、县城管局配合，6月底前完成整治。")
    assert [(name, role) for name, role, _ in note.units] == [
        ("县交通运输局", "lead"), ("县公安局", "cooperating"), ("县城管局", "cooperating")]


def test_a_person_named_by_post_leads_in_a_sentence_note():
    """由副县长郑宏远牵头负责，县水利局配合: the person is the item's leader (GUIDE's 牵头领导), the
    bodies after it its units; a post alone (由县长牵头) names no one."""
    (note,) = find_notes("由副县长郑宏远牵头负责，县水利局、县财政局配合，6月底前完成。")
    assert note.leaders == [("郑宏远", 4)]
    assert [(name, role) for name, role, _ in note.units] == [("县水利局", "cooperating"), ("县财政局", "cooperating")]
    (note,) = find_notes("由分管副市长李明同志负责，市财政局配合。")
    assert [name for name, _ in note.leaders] == ["李明"]
    assert find_notes("由县长牵头负责。") == []
