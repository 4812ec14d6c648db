"""The body-name grammar: names of units in running text and in 责任单位-type fields."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taizhang.extractors.fields import split_units
from taizhang.extractors.units import find_bodies

POSITIVE = [
    ("经县人民政府同意，现将方案印发给你们", ["县人民政府"]),
    ("由市发展和改革委员会牵头负责", ["市发展和改革委员会"]),
    ("请县财政局会同有关部门抓好落实", ["县财政局"]),
    ("省生态环境厅组织开展专项督察", ["省生态环境厅"]),
    ("市住房和城乡建设局要加快推进", ["市住房和城乡建设局"]),
    ("区卫生健康委员会负责牵头", ["区卫生健康委员会"]),
    ("中国人民银行西宁中心支行指导各银行", ["中国人民银行西宁中心支行"]),
    ("国家金融监督管理总局青海监管局通报了情况", ["国家金融监督管理总局青海监管局"]),
    ("市人民政府办公室印发通知", ["市人民政府办公室"]),
    ("县委办公室和县政府办公室联合印发", ["县委办公室", "县政府办公室"]),
    ("县人大常委会听取了报告", ["县人大常委会"]),
    ("市中级人民法院加强执行工作", ["市中级人民法院"]),
    ("县人民检察院开展公益诉讼", ["县人民检察院"]),
    ("由国网平安县供电公司负责实施", ["国网平安县供电公司"]),
    ("市城市投资建设集团承担建设任务", ["市城市投资建设集团"]),
    ("县疾病预防控制中心开展监测", ["县疾病预防控制中心"]),
    ("市第一人民医院组建专家组", ["市第一人民医院"]),
    ("内蒙古大学与我市签订合作协议", ["内蒙古大学"]),
    ("县自然资源局负责土地供应", ["县自然资源局"]),
    ("区市场监督管理局加强监管", ["区市场监督管理局"]),
    ("县农业农村局组织培训", ["县农业农村局"]),
    ("督促县教育体育局落实责任", ["县教育体育局"]),
    ("责成市交通运输局限期整改", ["市交通运输局"]),
    ("要求县水利局加快工程进度", ["县水利局"]),
    ("由市场监管部门和县林业和草原局联合执法", ["县林业和草原局"]),
    ("县税务局持续优化纳税服务", ["县税务局"]),
    ("市工业和信息化局制定方案", ["市工业和信息化局"]),
    ("乡镇人民政府要落实属地责任", ["乡镇人民政府"]),
    ("协调省高速公路管理局解决问题", ["省高速公路管理局"]),
    ("引进浙江清华长三角研究院人才项目", ["浙江清华长三角研究院"]),
    ("与青海盐湖工业股份有限公司签约", ["青海盐湖工业股份有限公司"]),
    ("省财政厅农业农村厅联合发文", ["省财政厅", "农业农村厅"]),
    ("一是县政务服务局联合县委编办印发清单", ["县政务服务局", "县委编办"]),
    ("抄送县委办，县发改委、县政务服务局", ["县委办", "县发改委", "县政务服务局"]),
    # an article or a date glued before a name (flattened laws and notices) is not part of it
    ("第十二条市人民政府应当统筹安排", ["市人民政府"]),
    ("二〇二三年五月八日县人民政府发布公告", ["县人民政府"]),
    # an ordinal is
    ("第五届区人民代表大会常务委员会第三次会议通过", ["第五届区人民代表大会常务委员会"]),
    # a level with its alternatives in brackets is one name; a note in brackets after a name is not
    ("乡（镇）人民政府负责日常管理", ["乡（镇）人民政府"]),
    ("县（市、区）人民政府应当制定计划", ["县（市、区）人民政府"]),
    ("市财政局（牵头）县教育局配合", ["市财政局", "县教育局"]),
    # determiners and role words before a name stay out of it
    ("报请上一级人民检察院批准", ["人民检察院"]),
    ("原审人民法院应当另行组成合议庭", ["人民法院"]),
    # levels and words jieba's dictionary tags otherwise are in it
    ("县级以上地方人民政府应当加强领导", ["县级以上地方人民政府"]),
    ("依照最高人民检察院的规定", ["最高人民检察院"]),
    # a party committee of a body is one name with it
    ("由省电力公司党委研究决定", ["省电力公司党委"]),
    # 和县 is a county, but 和 before a level joins two names
    ("由交通部门和县公路局负责", ["县公路局"]),
    ("省和市人民政府", ["市人民政府"]),
    # characters of a name the dictionary does not know are part of it
    ("由华瑞智联科技公司承建", ["华瑞智联科技公司"]),
    # a word running on past a suffix: 局长 is a post, 部署 after 局 is a verb
    ("由市税务局局长主持", ["市税务局"]),
    ("财政局部署了专项检查", ["财政局"]),
]

NEGATIVE = [
    "优化产业布局，形成发展新格局",
    "坚持以人民为中心的发展思想",
    "统筹全局工作",
    "加强政府债务管理",
    "推进法治政府建设",
    "部分行业发展不平衡",
    "建立厅际联席会议制度",
    "数据中心建设加快",
    "市、县两级政府债务",
    "扭转被动局面",
    "开局良好，势头强劲",
    "建设服务型政府",
    "城市中心区改造",
    "各级政府要高度重视",
    "加强对委员的培训",
    "完善中心组学习制度",
    "这一结局出乎意料",
    "由同级人民政府批准",
    "各级人民政府应当支持",
]


@pytest.mark.parametrize("text, names", POSITIVE)
def test_bodies_named_in_text(text, names):
    assert [name for _, _, name in find_bodies(text)] == names


@pytest.mark.parametrize("text", NEGATIVE)
def test_words_ending_like_bodies_are_not_bodies(text):
    assert find_bodies(text) == []


def test_offsets_point_at_the_names():
    text = "经研究，由市发展和改革委员会牵头，县财政局配合。"
    for start, end, name in find_bodies(text):
        assert text[start:end] == name


@pytest.mark.parametrize("value, role, expected", [
    ("市财政局", "responsible", [("市财政局", "responsible")]),
    ("市发展和改革委员会、各旗区人民政府", "responsible",
     [("市发展和改革委员会", "responsible"), ("各旗区人民政府", "responsible")]),
    ("县住房和城乡建设局（牵头），县生态环境分局、县财政局", "responsible",
     [("县住房和城乡建设局", "lead"), ("县生态环境分局", "responsible"), ("县财政局", "responsible")]),
    ("县教育局(配合)；县人社局", "lead", [("县教育局", "cooperating"), ("县人社局", "lead")]),
    ("各乡镇人民政府。", "cooperating", [("各乡镇人民政府", "cooperating")]),
])
def test_unit_fields_split_with_roles(value, role, expected):
    assert split_units(value, role) == expected


# Names are found in a bounded window around each suffix: whatever the text, each name found is
# the text at its offsets, names do not overlap, and each ends in a suffix.
FRAGMENTS = ["县", "应急管理局", "牵头", "，", "部分", "政府办公室", "人民", "、", "a", "1", "委员会", "\n", "局局", " ",
             "（市、区）", "第七条", "二十日", "和", "各级", "第一", "(", "）"]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_names_found_are_the_text_at_their_offsets(text):
    from taizhang.extractors import units

    found = find_bodies(text)
    assert all(text[start:end] == name for start, end, name in found)
    assert all(a[1] <= b[0] for a, b in zip(found, found[1:]))
    assert all(name.endswith(units._lexicon()["body_end"]) for _, _, name in found)
