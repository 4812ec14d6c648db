"""Document fields (pipeline/structure.py) as ../shared/eval/GUIDE.md defines them, each on a
short notice written for the test: with its line breaks, and flattened (one line).

Fields: title (whole, joined, without 文号; from the page's metadata when the text has
none), kind, doc_number (brackets normalized), issuer (signature, masthead, title; joint),
recipients (split only between bodies), signed_date (every written form), printed
date/by, cc, attachments, and the warnings no_title / no_headings / flattened. A test that
fails on a text following the conventions of 公文 is kept and marked xfail(strict).
"""
from __future__ import annotations

import pytest

import taizhang

SENTENCE = "为切实做好夏季防汛工作，保障人民群众生命财产安全，现将有关事项通知如下。"
HEADINGS = ["一、提高思想认识", "各单位要把防汛工作摆上重要日程，主要负责同志亲自部署。",
            "二、落实防汛责任", "各单位要于2023年6月15日前完成隐患排查，建立整改台账。"]
# A flattened notice's body: long enough that the notice reads as one flattened line.
FLAT_BODY = ("今年入汛以来，我县降雨偏多，局地出现短时强降雨，部分河道水位上涨较快，山洪和地质灾害风险加大。"
             "各单位要坚持人民至上、生命至上，克服麻痹思想和侥幸心理，把防汛工作摆上重要日程，主要负责同志要"
             "亲自部署、靠前指挥，分管负责同志要深入一线、具体抓落实。要严格落实以行政首长负责制为核心的防汛"
             "责任制，逐级明确水库、河道、山塘和地质灾害隐患点的责任人，做到责任到人、措施到位。要组织力量对"
             "辖区内的病险水库、河道堤防、在建工程、低洼易涝区和人员密集场所开展拉网式排查，发现隐患立即整改，"
             "一时不能整改的要落实临时防范措施。要加强应急值守，严格执行二十四小时值班和领导带班制度，保持通讯"
             "畅通，遇有重大汛情险情要第一时间报告，不得迟报、漏报、瞒报。要提前预置抢险队伍和物资，组织开展"
             "应急演练，提高群众自救互救能力。要加强与气象、水文部门的会商研判，及时发布预警信息，果断组织危险"
             "区域群众转移避险，确保不漏一户、不落一人。要加强宣传教育，普及防汛避险知识，引导群众增强防范意识，"
             "形成群防群治的良好局面。汛期结束后，各单位要认真总结防汛工作经验，对水毁工程逐一登记造册，"
             "制定修复计划，落实修复资金，确保在来年汛前全部修复到位。要结合本地实际，修订完善防汛应急预案，"
             "明确各类险情的处置流程、责任分工和保障措施，增强预案的针对性和可操作性。要加强防汛基础设施建设，"
             "加快病险水库除险加固和中小河流治理，提升城乡排涝能力，从根本上提高防御洪涝灾害的水平。要加强防汛"
             "队伍建设，定期组织业务培训，提高基层防汛人员的专业素质和应急处置能力，为防汛工作提供坚强保障。")


def document(text: str, name: str | None = None):
    return taizhang.extract(text, name=name)[0]


def lined(*lines: str) -> str:
    return "\n".join(lines)


def simple_notice(title_lines=("青山县人民政府办公室关于做好夏季防汛工作的通知",), number="青政办发〔2023〕21号",
                  recipients="各乡镇人民政府，县直各有关单位：", tail=("青山县人民政府办公室", "2023年6月1日")) -> str:
    return lined("青山县人民政府办公室文件", number, *title_lines, recipients, SENTENCE, *HEADINGS, *tail)


def codes(doc) -> list[str]:
    return [w.code for w in doc.warnings]


# ---------------------------------------------------------------- title

def test_a_good_notice_gives_every_head_field_and_no_structure_warning():
    doc = document(simple_notice())
    assert doc.title == "青山县人民政府办公室关于做好夏季防汛工作的通知"
    assert (doc.kind, doc.doc_number, doc.issuer) == ("通知", "青政办发〔2023〕21号", "青山县人民政府办公室")
    assert doc.recipients == ["各乡镇人民政府", "县直各有关单位"]
    assert doc.signed_date == "2023-06-01"
    assert not {"no_title", "no_headings", "flattened"} & set(codes(doc))


@pytest.mark.parametrize("title_lines", [
    ("青山县人民政府办公室关于做好", "夏季防汛工作的通知"),
    ("青山县人民政府办公室关于印发", "《青山县夏季防汛抢险", "应急预案》的通知"),
])
def test_a_title_over_several_lines_is_joined(title_lines):
    doc = document(simple_notice(title_lines=title_lines))
    assert doc.title == "".join(title_lines)
    assert doc.kind == "通知"


def test_a_doc_number_glued_after_the_title_is_not_part_of_it():
    text = lined("青山县人民政府办公室关于做好夏季防汛工作的通知青政办发〔2023〕21号",
                 "各乡镇人民政府：", SENTENCE, *HEADINGS, "青山县人民政府办公室", "2023年6月1日")
    doc = document(text)
    assert doc.title == "青山县人民政府办公室关于做好夏季防汛工作的通知"
    assert doc.doc_number == "青政办发〔2023〕21号"


def test_the_page_title_gives_the_title_when_the_body_has_none():
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            "<title>青山县人民政府办公室关于做好夏季防汛工作的通知_青山县人民政府网</title></head><body>"
            "<div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/zwgk\">政务公开</a></div>"
            "<div class=\"content\"><p>各乡镇人民政府，县直各有关单位：</p>"
            f"<p>{SENTENCE}</p>" + "".join(f"<p>{line}</p>" for line in HEADINGS) +
            "<p>青山县人民政府办公室</p><p>2023年6月1日</p></div></body></html>")
    doc = document(page, name="tongzhi.html")
    assert doc.title == "青山县人民政府办公室关于做好夏季防汛工作的通知"
    assert doc.kind == "通知"
    assert "no_title" not in codes(doc)


def test_flattened_head_gives_title_number_and_recipients():
    text = ("青山县人民政府办公室文件青政办发〔2023〕21号青山县人民政府办公室关于做好夏季防汛工作的通知"
            "各乡镇人民政府，县直各有关单位：" + FLAT_BODY + "一、提高思想认识各单位要高度重视。"
            "二、落实防汛责任各单位要于6月15日前完成排查。青山县人民政府办公室2023年6月1日")
    doc = document(text)
    assert doc.title == "青山县人民政府办公室关于做好夏季防汛工作的通知"
    assert (doc.doc_number, doc.issuer) == ("青政办发〔2023〕21号", "青山县人民政府办公室")
    assert doc.recipients == ["各乡镇人民政府", "县直各有关单位"]
    assert doc.signed_date == "2023-06-01"
    assert "flattened" in codes(doc)
    assert "no_title" not in codes(doc)


def test_flattened_masthead_without_number_is_not_part_of_the_title():
    text = ("青山县水利局青山县水利局关于商请会签夏季防汛应急预案的函县应急管理局、县财政局：" + FLAT_BODY +
            "青山县水利局2023年6月1日")
    assert document(text).title == "青山县水利局关于商请会签夏季防汛应急预案的函"


def test_flattened_masthead_wenjian_without_number_is_not_part_of_the_title():
    text = ("青山县水利局文件关于做好夏季防汛工作的通知各乡镇人民政府：" + FLAT_BODY + "青山县水利局2023年6月1日")
    doc = document(text)
    assert doc.title == "关于做好夏季防汛工作的通知"
    assert doc.issuer == "青山县水利局"


def test_masthead_then_filing_class_then_number_then_title():
    text = lined("远航能源有限公司", "内部事项", "远能安〔2023〕7号", "远航能源有限公司安监部关于开展夏季用电安全检查的通知",
                 "各分公司，公司各部门：", SENTENCE, *HEADINGS, "远航能源有限公司安监部", "2023年6月2日")
    doc = document(text)
    assert doc.title == "远航能源有限公司安监部关于开展夏季用电安全检查的通知"
    assert doc.doc_number == "远能安〔2023〕7号"


@pytest.mark.parametrize("fields", [["内部事项"], ["特急"], ["内部事项", "加急"]])
@pytest.mark.parametrize("flattened", [False, True])
def test_a_name_over_a_filing_class_or_urgency_is_the_masthead_not_the_title(fields, flattened):
    # 版头 fields never stand inside a title: 远航能源有限公司 / 内部事项 / 关于… is masthead, field, title
    head = ["远航能源有限公司", *fields, "关于开展夏季用电安全检查的通知", "各分公司，公司各部门："]
    if flattened:
        text = "".join(head) + FLAT_BODY + "2023年6月2日"
    else:
        text = lined(*head, SENTENCE, *HEADINGS, "2023年6月2日")
    doc = document(text)
    assert doc.title == "关于开展夏季用电安全检查的通知"
    assert doc.issuer == "远航能源有限公司"


PLAN = "青山县2023年夏季防汛工作方案"


def test_an_attachment_without_its_cover_notice_is_titled_by_its_own_title():
    doc = document(lined("附件1", PLAN, SENTENCE, *HEADINGS))
    assert (doc.title, doc.kind) == (PLAN, "方案")


@pytest.mark.parametrize("label", ["附件", "附件1"])
def test_a_flattened_attachment_label_is_not_part_of_the_title(label):
    text = f"{label}{PLAN}为切实做好夏季防汛工作，制定本方案。" + FLAT_BODY + "一、工作目标确保安全度汛。二、工作措施落实责任。"
    assert document(text).title == PLAN


def test_the_signature_is_never_taken_for_the_title():
    title = "远航能源有限公司关于开展夏季用电安全检查的通知"
    text = (f"内部事项{title}各分公司：请各分公司于6月30日前完成辖区配电房安全检查，并报送检查情况。"
            "远航能源有限公司2023年6月2日")
    assert document(text).title == title


# ---------------------------------------------------------------- kind

@pytest.mark.parametrize("title, kind", [
    ("青山县人民政府办公室关于做好夏季防汛工作的通知", "通知"),
    ("青山县水利局关于县政协十届二次会议第15号提案的答复", "答复函"),
    ("青山县水利局关于县政协十届二次会议第15号提案的复函", "答复函"),
    ("中共青山县委青山县人民政府关于加快水利改革发展的实施意见", "意见"),
    ("青山县人民政府关于推进河湖长制工作的指导意见", "意见"),
    ("青山县人民政府关于同意设立青山县防汛抗旱指挥部的批复", "批复"),
    ("青山县水利局关于2022年度防汛工作情况的报告", "报告"),
    ("青山县人民政府关于表彰2022年度防汛工作先进集体的决定", "决定"),
    ("青山县水利局关于商请支持防汛物资储备的函", "函"),
    ("青山县夏季防汛工作方案", "方案"),
    ("青山县水利基础设施建设三年行动方案（2024—2026年）", "方案"),      # the years it covers
    ("青山县防汛工作专题会议纪要", "纪要"),
    ("青山县2023年防汛工作要点", None),
    # 文种 of GB/T 9704 that GUIDE's list of kinds does not hold: the kind is null
    ("青山县水利局关于拨付防汛抢险经费的请示", None),
    ("青山县防汛物资储备管理实施细则", None),
])
def test_kind_is_the_wenzhong_that_ends_the_title(title, kind):
    text = lined(title, "各乡镇人民政府：", SENTENCE, *HEADINGS, "青山县水利局", "2023年6月1日")
    doc = document(text)
    assert doc.title == title
    assert doc.kind == kind
    assert doc.recipients == ["各乡镇人民政府"]


def test_a_qingshi_run_into_its_addressee_still_ends_its_title():
    # 请示 ends a title (the 主送 after it is read) though the record's kind is null
    doc = document("关于拨付防汛抢险经费的请示局领导：6月1日，县防汛办召开会议。" + FLAT_BODY + "青山县水利局2023年6月1日")
    assert (doc.title, doc.kind, doc.recipients) == ("关于拨付防汛抢险经费的请示", None, ["局领导"])


# ---------------------------------------------------------------- doc_number

@pytest.mark.parametrize("written", ["青政办发[2021]8号", "青政办发［2021］8号", "青政办发(2021)8号",
                                     "青政办发（2021）8号", "青政办发〔2021〕8号", "青政办发 〔2021〕 8 号"])
def test_doc_number_brackets_are_normalized(written):
    doc = document(simple_notice(number=written))
    assert doc.doc_number == "青政办发〔2021〕8号"


def test_a_government_order_number():
    text = lined("青山县人民政府令", "第 12 号", "《青山县防汛抗旱应急管理办法》已经2023年5月20日县人民政府第8次常务会议"
                 "通过，现予公布，自2023年7月1日起施行。", "县长  李明", "2023年6月1日")
    doc = document(text)
    assert doc.doc_number == "青山县人民政府令第12号"


def test_an_order_number_on_one_line():
    text = lined("青山县人民政府令第 12 号", "《青山县防汛抗旱应急管理办法》已经2023年5月20日县人民政府第8次常务会议"
                 "通过，现予公布，自2023年7月1日起施行。", "县长  李明", "2023年6月1日")
    assert document(text).doc_number == "青山县人民政府令第12号"


@pytest.mark.parametrize("number", ["县防汛办通知第37号(总第105号)", "青山县市场监督管理局公告2023年第4号",
                                    "县防汛办通报第6号"])
def test_a_serial_number_before_the_title(number):
    """The serial form of a 发文字号 (a body's 文种, then 第N号) printed before the title, with its
    line breaks and run into the title of a flattened notice: the number, not part of the title."""
    title = "关于做好汛期值班值守工作的通知"
    body = "各乡镇人民政府，县直各部门：" + FLAT_BODY + "县防汛办2023年6月1日"
    for text in (lined(number, title, "各乡镇人民政府，县直各部门：", FLAT_BODY, "县防汛办", "2023年6月1日"),
                 number + title + body):
        doc = document(text)
        assert (doc.doc_number, doc.title) == (number, title)


def test_a_serial_number_cited_in_the_first_sentence_is_not_the_notice_number():
    text = ("关于做好汛期值班值守工作的通知各乡镇人民政府：根据县防汛办通知第37号要求，" + FLAT_BODY
            + "县水利局2023年6月1日")
    doc = document(text)
    assert (doc.doc_number, doc.title) == (None, "关于做好汛期值班值守工作的通知")


def test_a_resolution_is_dated_by_the_note_under_its_title():
    """A 决议 adopted at a meeting has no signature: the 题注 under the title gives its date."""
    text = lined("青山县人民代表大会常务委员会", "关于批准2023年县级预算调整方案的决议",
                 "（2023年8月28日青山县第十八届人民代表大会常务委员会第十二次会议通过）",
                 "青山县第十八届人民代表大会常务委员会第十二次会议听取了县财政局局长受县人民政府委托所作的报告，"
                 "会议决定，批准2023年县级预算调整方案。")
    doc = document(text)
    assert (doc.title, doc.signed_date) == (
        "青山县人民代表大会常务委员会关于批准2023年县级预算调整方案的决议", "2023-08-28")


def test_a_signature_date_comes_before_the_note_under_the_title():
    text = lined("青山县人民政府关于修改部分规章的决定", "（2023年8月1日县人民政府第9次常务会议通过）",
                 "县人民政府决定，对下列规章作出修改。", "一、删去第五条。", "青山县人民政府", "2023年8月10日")
    assert document(text).signed_date == "2023-08-10"


@pytest.mark.parametrize("meeting", ["会议纪要", "常务会议纪要", "专题会议纪要", "总经理办公会议纪要"])
def test_the_masthead_of_minutes_names_the_issuer_before_its_meeting(meeting):
    text = lined(f"青山县供水有限公司{meeting}", "青供纪〔2024〕3号", "关于研究汛期供水保障工作的会议纪要",
                 "2024年5月9日，公司主要负责同志主持召开会议。现将议定事项纪要如下：", "一、关于应急水源。由生产部牵头。")
    assert document(text).issuer == "青山县供水有限公司"


@pytest.mark.parametrize("shown", [["关于做好夏季防汛工作的通知"], ["关于做好夏季防汛工作的通知", "2023年6月2日"]])
def test_a_title_shown_above_a_flattened_notice_that_names_itself_again(shown):
    """A page shows the title (and a date) above the notice, which is one flattened line from
    its masthead and 文号 to its signature: the head is read from the notice itself."""
    text = lined(*shown, "青山县水利局文件青水发〔2023〕9号关于做好夏季防汛工作的通知各乡镇人民政府，县直各部门："
                 + FLAT_BODY + "青山县水利局2023年6月1日")
    doc = document(text)
    assert (doc.title, doc.doc_number, doc.issuer, doc.recipients, doc.signed_date) == (
        "关于做好夏季防汛工作的通知", "青水发〔2023〕9号", "青山县水利局", ["各乡镇人民政府", "县直各部门"], "2023-06-01")


def test_a_title_given_twice_is_read_once():
    text = lined("青山县水利局关于做好夏季防汛工作的通知", "青山县水利局关于做好夏季防汛工作的通知", "各乡镇人民政府：",
                 SENTENCE, *HEADINGS, "青山县水利局", "2023年6月1日")
    doc = document(text)
    assert (doc.title, doc.recipients) == ("青山县水利局关于做好夏季防汛工作的通知", ["各乡镇人民政府"])


def test_a_joint_masthead_with_wenjian_beside_the_middle_name():
    """GB/T 9704's joint 发文机关标志: the names one under another, 文件 beside them."""
    text = lined("青山县水利局", "青山县应急管理局          文件", "青山县气象局", "青水联〔2023〕3号",
                 "青山县水利局 青山县应急管理局 青山县气象局", "关于做好夏季防汛工作的通知", "各乡镇人民政府：",
                 SENTENCE, *HEADINGS, "青山县水利局  青山县应急管理局  青山县气象局", "2023年6月1日")
    doc = document(text)
    assert doc.title.replace(" ", "") == "青山县水利局青山县应急管理局青山县气象局关于做好夏季防汛工作的通知"
    assert (doc.doc_number, doc.kind, doc.recipients) == ("青水联〔2023〕3号", "通知", ["各乡镇人民政府"])
    assert doc.issuer == "青山县水利局、青山县应急管理局、青山县气象局"


@pytest.mark.parametrize("flattened", [False, True])
def test_minutes_without_a_title_of_their_own_are_named_by_their_masthead(flattened):
    lines = ["青山县人民政府县长办公会议纪要", "青政纪〔2024〕5号", "青山县人民政府办公室", "2024年5月16日",
             "2024年5月14日下午，县长主持召开县长办公会议，研究防汛工作。现纪要如下：" + FLAT_BODY,
             "一、关于防汛物资储备。由县应急管理局负责，于5月底前完成。"]
    doc = document("".join(lines) if flattened else lined(*lines))
    assert (doc.title, doc.kind, doc.doc_number) == ("青山县人民政府县长办公会议纪要", "纪要", "青政纪〔2024〕5号")


def test_a_cited_number_in_the_body_is_not_the_notice_number():
    text = lined("青山县水利局关于做好夏季防汛工作的通知", "各乡镇人民政府：",
                 "根据《青山县人民政府关于加强防汛工作的意见》（青政发〔2022〕5号）要求，现将有关事项通知如下。",
                 *HEADINGS, "青山县水利局", "2023年6月1日")
    assert document(text).doc_number is None


# ---------------------------------------------------------------- issuer

def test_issuer_from_the_signature():
    text = lined("关于做好夏季防汛工作的通知", "各乡镇人民政府：", SENTENCE, *HEADINGS, "青山县水利局", "2023年6月1日")
    assert document(text).issuer == "青山县水利局"


def test_issuer_from_the_masthead_when_there_is_no_signature():
    text = lined("青山县水利局文件", "青水发〔2023〕9号", "关于做好夏季防汛工作的通知", "各乡镇人民政府：", SENTENCE, *HEADINGS)
    assert document(text).issuer == "青山县水利局"


def test_issuer_from_the_title_when_nothing_else_names_it():
    text = lined("青山县水利局关于做好夏季防汛工作的通知", "各乡镇人民政府：", SENTENCE, *HEADINGS)
    assert document(text).issuer == "青山县水利局"


@pytest.mark.parametrize("signature", [
    ("青山县水利局  青山县应急管理局",),
    ("青山县水利局", "青山县应急管理局"),
    ("青山县水利局青山县应急管理局",),
])
def test_joint_issuers_are_joined_in_order(signature):
    text = lined("关于做好夏季防汛工作的通知", "各乡镇人民政府：", SENTENCE, *HEADINGS, *signature, "2023年6月1日")
    assert document(text).issuer == "青山县水利局、青山县应急管理局"


@pytest.mark.parametrize("run, joint", [
    ("集团工会集团安全生产委员会办公室", "集团工会、集团安全生产委员会办公室"),     # the first two characters again
    ("总院科研处总院教务处", "总院科研处、总院教务处"),
    ("青山县水利局办公室", "青山县水利局办公室"),       # one name: nothing starts again
])
def test_joint_issuers_run_together_split_where_the_first_name_starts_again(run, joint):
    text = lined("关于做好夏季防汛工作的通知", "各有关单位：", SENTENCE, *HEADINGS, run, "2023年6月1日")
    assert document(text).issuer == joint


def test_joint_issuers_opening_with_the_party_committee():
    text = lined("关于加快水利改革发展的实施意见", "各乡镇党委、人民政府：", SENTENCE, *HEADINGS,
                 "中共青山县委  青山县人民政府", "2023年6月1日")
    assert document(text).issuer == "中共青山县委、青山县人民政府"


# ---------------------------------------------------------------- recipients

@pytest.mark.parametrize("written, expected", [
    ("各省、自治区、直辖市人民政府", ["各省、自治区、直辖市人民政府"]),
    ("县委办公室、县政协办公室", ["县委办公室", "县政协办公室"]),
    ("各县（市、区）人民政府", ["各县（市、区）人民政府"]),
    ("县政府有关局办、直属机构", ["县政府有关局办、直属机构"]),
    ("各乡镇人民政府，县直各有关单位", ["各乡镇人民政府", "县直各有关单位"]),
    ("各乡镇人民政府；县直各部门", ["各乡镇人民政府", "县直各部门"]),
    ("县统计局综合科、县统计局农业股", ["县统计局综合科", "县统计局农业股"]),     # sections of a body
])
def test_recipients_split_only_between_bodies(written, expected):
    assert document(simple_notice(recipients=written + "：")).recipients == expected


def test_recipients_of_a_flattened_notice():
    text = ("青山县水利局文件青水发〔2023〕9号关于做好夏季防汛工作的通知各县（市、区）水利局、县政协办公室：" + FLAT_BODY
            + "青山县水利局2023年6月1日")
    assert document(text).recipients == ["各县（市、区）水利局", "县政协办公室"]


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("written, iso", [
    ("2021年12月9日", "2021-12-09"),
    ("二〇二一年十二月九日", "2021-12-09"),
    ("二〇二一年十月三十一日", "2021-10-31"),
    ("2021 年 12 月 9 日", "2021-12-09"),
])
def test_signed_date_in_every_written_form(written, iso):
    doc = document(simple_notice(tail=("青山县人民政府办公室", written)))
    assert doc.signed_date == iso


def test_a_seal_note_between_signature_and_date():
    doc = document(simple_notice(tail=("中共青山县委农村工作领导小组办公室", "（青山县农业农村局代章）", "2023年6月1日")))
    assert doc.signed_date == "2023-06-01"
    assert doc.issuer == "中共青山县委农村工作领导小组办公室"


TAIWAN_LETTER = lined("青山縣政府 函", "受文者：青山縣水利處", "發文日期：中華民國110年12月23日",
                      "發文字號：青府水字第1100012345號", "速別：普通件", "主旨：請加強辦理汛期防災整備工作，請查照。",
                      "說明：", "一、依據本府防災會報決議辦理。", "二、請各單位於111年1月15日前完成整備。",
                      "正本：青山縣水利處", "副本：青山縣消防局、青山縣警察局")


def test_minguo_date_in_a_taiwan_letter_head():
    doc = document(TAIWAN_LETTER)
    assert doc.signed_date == "2021-12-23"
    assert doc.recipients == ["青山县水利处"]
    assert doc.cc == ["青山县消防局", "青山县警察局"]
    assert doc.kind == "函"


def test_doc_number_field_of_a_taiwan_letter_head():
    assert document(TAIWAN_LETTER).doc_number == "青府水字第1100012345号"


def test_a_date_inside_the_body_is_not_the_signed_date():
    text = lined("关于做好夏季防汛工作的通知", "各乡镇人民政府：", "2023年5月20日，县防汛指挥部召开会议，部署防汛工作。",
                 *HEADINGS, "青山县水利局")
    assert document(text).signed_date is None


def test_printed_date_and_agency_of_the_record_page():
    doc = document(simple_notice(tail=("青山县人民政府办公室", "2023年6月1日", "抄送：县委办公室，县人大常委会办公室，县政协办公室。",
                                       "青山县人民政府办公室          2023年6月2日印发")))
    assert (doc.printed_date, doc.printed_by) == ("2023-06-02", "青山县人民政府办公室")
    assert doc.cc == ["县委办公室", "县人大常委会办公室", "县政协办公室"]
    assert doc.signed_date == "2023-06-01"


def test_printed_line_of_a_flattened_notice():
    text = ("青山县水利局文件青水发〔2023〕9号关于做好夏季防汛工作的通知各乡镇人民政府：" + FLAT_BODY +
            "青山县水利局2023年6月1日抄送：县应急管理局，县气象局。青山县水利局办公室2023年6月2日印发")
    doc = document(text)
    assert (doc.signed_date, doc.printed_date, doc.printed_by) == ("2023-06-01", "2023-06-02", "青山县水利局办公室")
    assert doc.cc == ["县应急管理局", "县气象局"]


# ---------------------------------------------------------------- attachments

ATTACHED = ["青山县夏季防汛责任人名单", "青山县防汛隐患排查整改台账"]


def test_attachment_list_on_one_line():
    doc = document(simple_notice(tail=(f"附件：1.{ATTACHED[0]}2.{ATTACHED[1]}", "青山县人民政府办公室", "2023年6月1日")))
    assert doc.attachments == ATTACHED


def test_attachment_list_on_several_lines():
    doc = document(simple_notice(tail=(f"附件：1.{ATTACHED[0]}", f"      2.{ATTACHED[1]}", "青山县人民政府办公室",
                                       "2023年6月1日")))
    assert doc.attachments == ATTACHED
    assert doc.signed_date == "2023-06-01"


@pytest.mark.parametrize("label", ["附：", "附:"])
def test_an_attachment_list_labelled_fu_alone(label):
    # 附： is the short label of an 附件说明: its numbered lines are attachments, not headings
    records = taizhang.extract(simple_notice(tail=(label, f"1．{ATTACHED[0]}", f"2．{ATTACHED[1]}",
                                                   "青山县人民政府办公室", "2023年6月1日")))
    assert records[0].attachments == ATTACHED
    assert not [r for r in records if r.type == "section" and r.title in ATTACHED]


def test_an_attachment_sent_apart_is_listed_without_that_note():
    """附件：1.…名单（另发）: the note says the attachment comes separately; it is no part of its title."""
    doc = document(simple_notice(tail=(f"附件：1.{ATTACHED[0]}（另发）2.{ATTACHED[1]}(略)", "青山县人民政府办公室",
                                       "2023年6月1日")))
    assert doc.attachments == ATTACHED


def test_an_attachment_known_by_its_file_name_keeps_the_name_without_extension():
    doc = document(simple_notice(tail=("附件：青山县防汛物资储备情况表.xlsx", "青山县人民政府办公室", "2023年6月1日")))
    assert doc.attachments == ["青山县防汛物资储备情况表"]


def test_attachment_titles_from_the_attachment_pages():
    doc = document(simple_notice(tail=("青山县人民政府办公室", "2023年6月1日", "附件1", ATTACHED[0],
                                       "一、县级责任人", "县长  李明", "附件2", ATTACHED[1], "一、排查范围",
                                       "全县水库、河道和山塘。")))
    assert doc.attachments == ATTACHED


def test_attachments_of_a_flattened_notice():
    text = ("青山县水利局文件青水发〔2023〕9号关于做好夏季防汛工作的通知各乡镇人民政府：" + FLAT_BODY +
            f"附件：1.{ATTACHED[0]}2.{ATTACHED[1]}青山县水利局2023年6月1日")
    doc = document(text)
    assert doc.attachments == ATTACHED
    assert (doc.issuer, doc.signed_date) == ("青山县水利局", "2023-06-01")


def test_a_flattened_attachment_title_that_cites_a_document_in_book_quotes():
    """附件：关于《…实施方案》…的报告, then the attachment page with its label and title again: the
    方案 inside 《》 does not end the title."""
    title = "关于《青山县河道清淤实施方案》执行情况的报告"
    text = ("关于河道清淤工作的请示县人民政府：" + FLAT_BODY + "妥否，请批示。附件：" + title + "附件" + title
            + "今年以来，我局按照方案要求推进清淤工作。一、工作进展完成清淤河道12公里。"
            "二、存在问题部分河段淤积严重。三、下步打算加快施工进度。")
    assert document(text).attachments == [title]


# ---------------------------------------------------------------- warnings

def test_no_title_warning_on_a_notice_without_a_head():
    text = lined("各乡镇人民政府：", SENTENCE, *HEADINGS, "青山县水利局", "2023年6月1日")
    doc = document(text)
    assert doc.title is None
    assert "no_title" in codes(doc)


def test_no_headings_warning_on_a_notice_without_numbered_headings():
    text = lined("青山县水利局关于做好夏季防汛工作的通知", "各乡镇人民政府：", SENTENCE,
                 "请各单位于2023年6月15日前完成隐患排查，建立整改台账。", "青山县水利局", "2023年6月1日")
    doc = document(text)
    assert "no_headings" in codes(doc)
    assert "no_title" not in codes(doc)


def test_flattened_warning_only_on_a_flattened_notice():
    lined_notice = document(simple_notice())
    flat = document("青山县水利局文件青水发〔2023〕9号关于做好夏季防汛工作的通知各乡镇人民政府：" + FLAT_BODY
                    + "一、提高思想认识各单位要高度重视。二、落实防汛责任各单位要完成排查。青山县水利局2023年6月1日")
    assert "flattened" not in codes(lined_notice)
    assert "flattened" in codes(flat)
    assert "no_headings" not in codes(flat)


def test_numbered_attachment_labels_one_per_line_and_run_into_the_last_paragraph():
    labelled = [f"附件{n}：{title}" for n, title in enumerate(ATTACHED, 1)]
    doc = document(simple_notice(tail=(*labelled, "青山县人民政府办公室", "2023年6月1日")))
    assert doc.attachments == ATTACHED
    run_in = "请各乡镇认真组织排查，确保安全度汛。" + "".join(labelled)
    doc = document(simple_notice(tail=(run_in, "青山县人民政府办公室", "2023年6月1日")))
    assert doc.attachments == ATTACHED
    assert (doc.issuer, doc.signed_date) == ("青山县人民政府办公室", "2023-06-01")


def test_a_flattened_cover_letter_cut_at_its_head_is_titled_by_its_attachment():
    title = "青山县人民政府关于农村饮水安全工作情况的报告"
    text = ("县政办发〔2023〕8号）落实情况进行督查。现将督查报告印发给你们，请认真抓好整改。"
            f"附件：{title}青山县人民政府办公室2023年6月1日附件{title}"
            + "今年以来，全县新建集中供水工程12处，改造提升管网86公里，农村自来水普及率达到98%。" * 3)
    doc = document(text)
    assert doc.title == title
    assert doc.doc_number is None          # the cited number whose opening bracket was cut off
    assert doc.attachments == [title]
    assert (doc.issuer, doc.signed_date) == ("青山县人民政府办公室", "2023-06-01")


def test_an_attachment_page_run_in_after_a_sentence_gives_its_title():
    text = ("青山县水利局文件青水发〔2023〕9号关于做好夏季防汛工作的通知各乡镇人民政府：" + FLAT_BODY +
            f"青山县水利局2023年6月1日附件1{ATTACHED[0]}一、县级责任人县长李明。二、乡级责任人各乡镇长。"
            f"三、报送要求发现问题要及时上报。附件2{ATTACHED[1]}青山县水利局办公室2023年6月2日印发")
    doc = document(text)
    assert doc.attachments == ATTACHED
    assert (doc.printed_date, doc.printed_by) == ("2023-06-02", "青山县水利局办公室")


@pytest.mark.parametrize("opening", [
    "2024年3月4日至15日，按照局党组安排，调研组赴6个乡镇开展调研，现将情况报告如下：",
    "根据《青山县河道管理办法》有关规定，县水利局对全县河道开展了检查，具体如下：",
])
def test_a_first_sentence_ending_in_a_colon_is_no_addressee_list(opening):
    for text in (lined("青山县水利局关于全县河道管理情况的调研报告", opening, "一、基本情况", "全县共有河道12条。"),
                 f"青山县水利局关于全县河道管理情况的调研报告{opening}一、基本情况全县共有河道12条。"):
        doc = document(text)
        assert (doc.title, doc.recipients) == ("青山县水利局关于全县河道管理情况的调研报告", [])


def test_an_addressee_list_before_the_first_sentence_is_still_read():
    doc = document(lined("青山县水利局关于河道清障的通知", "各乡镇人民政府，县直有关部门：", "现将有关事项通知如下。"))
    assert doc.recipients == ["各乡镇人民政府", "县直有关部门"]


@pytest.mark.parametrize("head, number", [
    ("青山县人民政府办公室青政办发〔2023〕21号", "青政办发〔2023〕21号"),      # 办 inside the 代字
    ("内部事项青山县供水有限公司办公室办督〔2021〕6号", "办督〔2021〕6号"),  # the masthead after a 版头 field
    ("青山县供水有限公司特急办值通〔2020〕9号", "办值通〔2020〕9号"),        # the 代字 right after the field
    ("青山县水利局青水发〔2023〕5号", "青水发〔2023〕5号"),
    ("中共青山县委青委发〔2023〕3号", "青委发〔2023〕3号"),
    ("青山河务局青山水利管理局青河局防办函〔2019〕12号", "防办函〔2019〕12号"),
])
def test_flattened_masthead_and_number_split_where_the_body_name_ends(head, number):
    doc = document(f"{head}关于做好夏季防汛工作的通知各乡镇人民政府：现将有关事项通知如下。一、加强领导各乡镇落实责任。")
    assert (doc.doc_number, doc.title) == (number, "关于做好夏季防汛工作的通知")


def test_a_number_inside_the_title_is_cited_not_the_notices_own():
    doc = document("青山县水利局关于商请会签青政发〔2017〕36号文件清理意见的函县财政局：按照县政府统一部署，"
                   "我局对青政发〔2017〕36号文件开展了清理，提出了继续有效的意见，请于5月10日前反馈意见。")
    assert (doc.doc_number, doc.title) == (None, "青山县水利局关于商请会签青政发〔2017〕36号文件清理意见的函")


def test_the_signer_run_into_the_last_attachment_title_is_the_body_the_title_names():
    doc = document("青山县水利局关于开展河道清障工作的通知各乡镇人民政府：现将有关事项通知如下。一、清障范围全县12条河道。"
                   "附件：1.河道清障工作方案2.河道清障进度安排表青山县水利局2024年3月20日")
    assert doc.attachments == ["河道清障工作方案", "河道清障进度安排表"]
    assert (doc.issuer, doc.signed_date) == ("青山县水利局", "2024-03-20")


@pytest.mark.parametrize("title", ["关于县所对标结对提升专项奖励方案有关情况的报告",
                                   "关于评选表彰青山县水利局2023年度先进集体有关情况的报告"])
def test_a_title_opening_with_guanyu_names_no_issuer(title):
    doc = document(lined(title, "一、基本情况", "全县共评选先进集体12个。"))
    assert (doc.title, doc.issuer) == (title, None)


@pytest.mark.parametrize("title, kind", [
    ("青山县水利局河道管理办法（试行）", "办法"),
    ("青山县水利局关于调整防汛值班安排的通知（第5号）", "通知"),
    ("青山县水利局关于印发河道管理办法（试行）的通知", "通知"),
])
def test_a_short_note_after_the_kind_stays_with_the_title(title, kind):
    body = "现将有关事项通知如下，请各单位结合实际认真贯彻执行，确保各项工作落到实处。一、适用范围全县河道。二、工作要求各单位落实专人负责。"
    for text in (f"{title}各乡镇人民政府：{body}", lined(title, "各乡镇人民政府：", body)):
        doc = document(text)
        assert (doc.title, doc.kind, doc.recipients) == (title, kind, ["各乡镇人民政府"])


@pytest.mark.parametrize("listing, titles", [
    ("附件：\n1.检修清单2.2024年第一批检修项目表3.2024年第二批检修项目表", ["检修清单", "2024年第一批检修项目表", "2024年第二批检修项目表"]),
    ("附件：1﹒甲乡检修核定表（另发）2﹒乙乡检修核定表（另发）", ["甲乡检修核定表", "乙乡检修核定表"]),
    ("附件：1。检修内容安排2.检修报名回执表", ["检修内容安排", "检修报名回执表"]),
    ("附件：1.关于2.5米宽渠道的检修说明2.检修进度表", ["关于2.5米宽渠道的检修说明", "检修进度表"]),
])
def test_attachment_list_on_one_line_cut_at_its_numbers_in_order(listing, titles):
    doc = document(lined("青山县水利局关于春季检修的通知", "各乡镇人民政府：", "请按附件要求做好检修工作。", *listing.split("\n"),
                         "青山县水利局", "2024年3月20日"))
    assert doc.attachments == titles


@pytest.mark.parametrize("bar", ["时间:2023-03-21 来源:青山县水利局 【字体:大 中 小】",
                                 "发布时间：2023-03-21 10:05 来源：青山县水利局 浏览次数：120 ",
                                 "时间:2023-03-21 16:16 来源: 【字体:\u00a0\u00a0\u00a0 \u00a0  "])
def test_a_web_posting_bar_run_into_a_flattened_notice_is_furniture(bar):
    title = "青山县水利局关于做好河道清障工作的通知"
    body = ("现将有关事项通知如下，请各单位结合实际认真贯彻执行，确保各项工作落到实处。一、适用范围全县河道。"
            "二、工作要求各单位落实专人负责。青山县水利局2023年3月20日")
    text = f"{title}{bar}各乡镇人民政府：{body}"
    records = taizhang.extract(text)
    doc = records[0]
    assert (doc.title, doc.recipients, doc.signed_date) == (title, ["各乡镇人民政府"], "2023-03-20")
    section = next(r for r in records if r.type == "section")
    assert text[section.span[0]:section.span[1]].startswith("一、适用范围")


def test_a_posting_bar_not_under_a_title_is_left_as_it_is():
    """The bar is furniture where it sits under the title; removed elsewhere, it would join the
    words on its two sides (a numeral before it and a unit after it read as one figure)."""
    text = "一、一时间:2023-07-06 来源:县财政局 【字体:大 中 小】万元"
    assert [r.raw for r in taizhang.extract(text) if r.type == "figure"] == []
    body = "现将有关事项通知如下，请各单位认真贯彻执行。一、适用范围全县河道。二、工作要求各单位落实专人负责。青山县水利局2023年3月20日"
    for title in ("青山县水利局关于做好河道清障工作的通知（第5号）", "青山县水利局河道清障工作方案（试行）"):
        doc = taizhang.extract(f"{title}时间:2023-03-21 来源:青山县水利局 【字体:大 中 小】各乡镇人民政府：{body}")[0]
        assert (doc.title, doc.recipients) == (title, ["各乡镇人民政府"])     # under a title with its note


def test_a_meeting_time_in_the_body_is_not_a_posting_bar():
    text = ("青山县水利局关于召开河道清障工作会议的通知各乡镇人民政府：现将有关事项通知如下。"
            "会议时间：2023年3月21日 地点：县水利局三楼会议室。请各单位主要负责同志准时参加。青山县水利局2023年3月20日")
    from taizhang.pipeline import load, run

    notice = run.read(load.load_bytes(text.encode("utf-8"), "meeting.txt"), until="normalize")
    assert "会议时间：2023年3月21日" in notice.text and "地点：县水利局三楼会议室。" in notice.text


def test_a_form_of_labelled_cells_gives_its_title_number_and_issuer():
    """A 公开表 in cells: the title over its number, labels over values (决定书文号 / 日期)."""
    doc = document(lined("青山县市场监督管理局", "青市监罚〔2024〕8号", "青山县市场监督管理局行政处罚信息公开表",
                         "青市监罚〔2024〕8号", "行政处罚决定书文号", "青市监罚〔2024〕8号", "违法行为类型",
                         "一、未按规定标示生产日期", "行政处罚决定", "罚款2万元", "作出处罚决定的机关名称",
                         "青山县市场监督管理局", "作出处罚决定的日期", "2024年7月8日"))
    assert (doc.title, doc.doc_number) == ("青山县市场监督管理局行政处罚信息公开表", "青市监罚〔2024〕8号")
    assert (doc.issuer, doc.signed_date) == ("青山县市场监督管理局", "2024-07-08")


@pytest.mark.parametrize("joint", ["", "\n"])
def test_a_labelled_title_of_a_qianbao_is_the_title(joint):
    """签报名称：关于…的请示 states the title; 请示事项 is the 请示 named again, no title end."""
    text = (f"签报名称：关于购置防汛物资的请示{joint}县水利局办公室{joint}请示事项：为做好今年防汛工作，"
            "拟购置编织袋5000条、救生衣200件，所需资金12万元从防汛经费中列支。妥否，请批示。")
    assert document(text).title == "关于购置防汛物资的请示"


def test_a_title_ending_in_a_document_word_then_one_addressee():
    text = ("青山县水利工程运行维护业务委托授权书青山县水利工程管理站：兹授权王明（电话：1390000XXXX）作为我单位"
            "经办人，办理水利工程运行维护有关业务，授权期限为一年，请予接洽。青山县水利局2024年3月20日")
    doc = document(text)
    assert (doc.title, doc.recipients) == ("青山县水利工程运行维护业务委托授权书", ["青山县水利工程管理站"])


def test_a_title_outside_the_kind_list_ends_where_its_body_is_named_again():
    text = ("青山县水利局领导班子成员职责分工青山县水利局领导班子成员在局党组领导下开展工作，对局长负责。"
            "一、局长主持全面工作。二、副局长分管工程建设。")
    assert document(text).title == "青山县水利局领导班子成员职责分工"


@pytest.mark.parametrize("before, printed_by, cc", [
    ("抄送：青山市水利局青山县人民政府办公室", "青山县人民政府办公室", ["青山市水利局"]),
    ("附表2:河道清障情况统计表\n青山县人民政府办公室", "青山县人民政府办公室", []),
    ("抄送：县水利局。\n青山县水利工程管理有限公司经营管理部", "青山县水利工程管理有限公司经营管理部", ["县水利局"]),
])
def test_the_printing_office_is_the_last_whole_name_before_its_date(before, printed_by, cc):
    text = ("青山县人民政府办公室关于做好河道清障工作的通知各乡镇人民政府：现将有关事项通知如下，请认真贯彻执行。"
            "一、清障范围全县12条河道。二、工作要求各乡镇落实专人负责。青山县人民政府办公室2024年3月20日"
            f"{before.replace(chr(10), '')} 2024年3月21日印发")
    doc = document(text)
    assert (doc.printed_by, doc.printed_date, doc.cc) == (printed_by, "2024-03-21", cc)


@pytest.mark.parametrize("note", ["2019年10月24日 青山市第八届人民代表大会常务委员会第22次会议通过",
                                  "（2023年4月17日青山市人民政府第12次常务会议通过）"])
def test_an_adoption_note_under_a_title_is_not_more_title(note):
    doc = document(lined("青山市河道管理条例", note, "第一章 总则", "第一条 为了加强河道管理，制定本条例。"))
    assert doc.title == "青山市河道管理条例"


def test_a_listed_attachment_title_broken_at_a_kind_word_is_its_page_title():
    """附件：…推进意见 / 落实情况报告 (the line broke after 意见): the page prints the title whole."""
    title = "青山县水利局关于河道管理意见落实情况的报告"
    text = lined("青山县人大常委会关于河道管理工作的审议意见", "县人民政府：", "请认真研究办理。",
                 "附件：青山县水利局关于河道管理意见", "落实情况的报告", "青山县人大常委会", "2024年3月20日",
                 "附件", title, "按照县人大常委会工作安排，开展了视察。")
    assert document(text).attachments == [title]


def test_space_runs_of_a_flattened_page_separate_the_signature_and_a_date_that_lost_characters():
    """…启用。      青山县人民政府      2023年76      (联系人…): the signer and its date on lines of their
    own; the date, missing its day, is repaired from the page's posting date."""
    gap = "\u00a0" * 8
    text = (f"青山县人民政府关于县政协提案的答复函时间:2023-07-06 16:16 来源: 【字体:{gap}王明委员:  您的提案收悉。"
            f"经研究，答复如下：一、加快项目建设。全力推进各类问题化解处置，切实推动资源盘活、项目启用。{gap}"
            f"青山县人民政府{gap}2023年76{gap}(联系人:李华;联系电话:0477—8589765")
    doc = document(text)
    assert (doc.recipients, doc.issuer, doc.signed_date) == (["王明委员"], "青山县人民政府", "2023-07-06")


@pytest.mark.parametrize("joint", ["", "\n"])
def test_a_mingdian_head_gives_sender_number_and_title(joint):
    """明电 form: 发电单位 … 等级 / 特提·明电 / its 文号 / the 机要 number (青机发12号) / the title."""
    head = joint.join(["青山县人民政府办公室等级", "特提·明电", "青政办发电〔2024〕5号", "青机发12号",
                       "青山县人民政府办公室关于做好防汛值班工作的通知", "各乡镇人民政府："])
    doc = document(head + joint + "现将有关事项通知如下，请各单位认真贯彻执行，确保安全度汛。一、值班安排全天值守。"
                   + joint + "青山县人民政府办公室" + joint + "2024年6月1日")
    assert (doc.title, doc.doc_number) == ("青山县人民政府办公室关于做好防汛值班工作的通知", "青政办发电〔2024〕5号")
    assert doc.recipients == ["各乡镇人民政府"]


def test_a_second_name_of_the_signing_body_in_brackets_stays_in_the_issuer():
    """安全监察部(保卫部）: one department under two names; a note (（…代章）) is dropped."""
    text = ("关于开展安全管控推广应用的工作方案\n一、工作目标\n全面推广智能终端应用。\n"
            "青河电力公司安全监察部（保卫部）\n2021年11月2日\n")
    assert taizhang.extract(text)[0].issuer == "青河电力公司安全监察部（保卫部）"
    sealed = text.replace("青河电力公司安全监察部（保卫部）", "青河县扶贫开发领导小组（青河县人民政府代章）")
    assert taizhang.extract(sealed)[0].issuer == "青河县扶贫开发领导小组"


def test_a_note_on_what_goes_with_the_copies_is_no_part_of_a_recipient():
    """副本：…县社会处（均含附件）: the note says the copies carry the 附件; the body is 县社会处."""
    from taizhang.pipeline.structure import split_recipients

    assert split_recipients("省社会及家庭署、县社会处（均含附件）") == ["省社会及家庭署", "县社会处"]
    assert split_recipients("县政府办公室（含附件）") == ["县政府办公室"]
    assert split_recipients("各县（市、区）人民政府") == ["各县（市、区）人民政府"]
