"""Logical lines of flattened notices (pipeline/segment.py): every form's rule on a text
written for the test, with the structure of a real 公文 (GB/T 9704) and other words.

A flattened notice is one line: masthead, 发文字号, title, 主送, headings, signature and
date run together. Each test writes one, runs normalize (the logical lines) and/or the
whole pipeline (the sections), and checks what a reader of the notice sees. A test that
fails on a text following the conventions of 公文 is kept and marked xfail(strict): it is
a bug to fix, not a test to change.
"""
from __future__ import annotations

import re

import pytest

import taizhang
from taizhang.pipeline.normalize import normalize

# A body paragraph with no heading marker, long enough that a notice holding it reads as
# flattened as a whole (a real flattened notice is one long line).
BODY = ("入春以来，部分地区降水偏少，农田灌溉设施运行压力加大，一些小型水库和灌溉渠道年久失修，"
        "存在渗漏、淤积和设备老化等问题，影响春耕生产用水。各单位要充分认识做好设施检修工作的重要"
        "意义，把思想和行动统一到上级部署上来，结合本地实际细化工作措施，明确时间节点和责任人员，"
        "确保各项要求落到实处。检修工作要坚持问题导向，先易后难、分类施策，对排查发现的隐患建立台账，"
        "逐项明确整改措施和完成时限，做到发现一处、整改一处、销号一处。要统筹安排资金和人力，优先保障"
        "病险水库、骨干渠道和排灌泵站的维修养护，对一时难以整改到位的，要落实临时管护措施，防止发生"
        "安全事故。要加强与水利、财政、应急管理等部门的沟通协调，形成工作合力，及时研究解决检修中遇到的"
        "困难和问题。要注重发挥基层组织和用水户协会的作用，动员群众参与设施管护，建立健全长效管护机制，"
        "推动农田水利设施建得成、管得好、长受益。要加强宣传引导，及时总结推广好的经验做法，营造全社会"
        "关心支持农田水利建设的良好氛围。各乡镇要于每月底前报送检修进展情况，遇有重大问题随时报告。"
        "检修期间要严格落实安全生产责任，施工现场设置明显警示标志，作业人员持证上岗，严禁违章指挥和"
        "冒险作业。汛期临近时，要提前做好防汛物资储备和应急值守，确保度汛安全。对检修完成的设施，要组织"
        "技术人员逐一验收，验收不合格的限期返工，验收资料及时归档备查，为今后的管护工作打下基础。")

TITLE = "关于开展春季农田水利设施检修工作的通知"
RECIPIENTS = "各乡镇人民政府，局属各单位："
SIGNER = "青山市农业农村局"
DATE = "2023年3月20日"


def lines(text: str) -> list[str]:
    """The logical lines normalize builds (blank ones left out)."""
    return [line for line in normalize(text).text.split("\n") if line.strip()]


def records(text: str):
    return taizhang.extract(text)


def sections(text: str) -> list[tuple[int, int, str]]:
    return [(r.level, r.ordinal, r.title) for r in records(text) if r.type == "section"]


def notice(head: str, body: str = "", tail: str = "") -> str:
    """A flattened notice: *head*, the long body paragraph, *body* (headings) and *tail*, on one line."""
    text = head + BODY + body + tail
    assert "\n" not in text
    return text


# ---------------------------------------------------------------- the 版头 run together

def test_masthead_number_title_and_recipients_each_get_a_line():
    text = notice(f"青山市农业农村局文件青农发〔2023〕12号{TITLE}{RECIPIENTS}",
                  "一、检修范围全市小型水库和排灌泵站。", f"{SIGNER}{DATE}")
    got = lines(text)
    assert got[:4] == ["青山市农业农村局文件", "青农发〔2023〕12号", TITLE, "各乡镇人民政府，局属各单位："]
    assert got[4].startswith("入春以来")
    assert got[-2:] == [SIGNER, DATE]


def test_a_number_printed_under_the_title_of_a_flattened_notice():
    text = notice(f"{TITLE} 青农发〔2023〕12号 {RECIPIENTS}", "", f"{SIGNER}{DATE}")
    doc = records(text)[0]
    assert (doc.title, doc.doc_number, doc.recipients) == (TITLE, "青农发〔2023〕12号", ["各乡镇人民政府", "局属各单位"])


def test_masthead_without_wenjian_is_the_issuer_named_again_in_the_title():
    title = f"{SIGNER}{TITLE}"
    text = notice(f"{SIGNER}青农发〔2023〕12号{title}{RECIPIENTS}", "", f"{SIGNER}{DATE}")
    assert lines(text)[:4] == [SIGNER, "青农发〔2023〕12号", title, "各乡镇人民政府，局属各单位："]


def signed_report(signer: str, title: str) -> str:
    return notice(f"青山市农业农村局文件青农报〔2023〕3号签发人：{signer}{title}市人民政府：", "", f"{SIGNER}{DATE}")


def test_signer_field_of_an_upward_notice_before_a_title_naming_its_issuer():
    title = "青山市农业农村局关于春季农田水利设施检修情况的报告"
    got = lines(signed_report("王明", title))
    assert got[:5] == ["青山市农业农村局文件", "青农报〔2023〕3号", "签发人：王明", title, "市人民政府："]


def test_a_three_character_signer_name_stays_whole():
    title = "青山市农业农村局关于春季农田水利设施检修情况的报告"
    got = lines(signed_report("王明远", title))
    assert got[2:4] == ["签发人：王明远", title]


def test_signer_field_after_padding_spaces():
    title = "青山市农业农村局关于春季农田水利设施检修情况的报告"
    text = notice(f"青山市农业农村局文件青农报〔2023〕3号  签发人：王明{title}市人民政府：", "", f"{SIGNER}{DATE}")
    assert title in lines(text)
    assert records(text)[0].title == title


def test_signer_field_before_a_title_opening_with_guanyu():
    title = "关于春季农田水利设施检修情况的报告"
    assert title in lines(signed_report("王明", title))


def test_company_filing_class_before_the_masthead():
    title = "远航能源有限公司关于开展夏季用电安全检查的通知"
    text = notice(f"内部事项远航能源有限公司文件远能办〔2023〕7号{title}各分公司，公司各部门：",
                  "一、检查范围公司所属变电站和配电房。", "远航能源有限公司2023年6月2日")
    got = lines(text)
    assert got[:5] == ["内部事项", "远航能源有限公司文件", "远能办〔2023〕7号", title, "各分公司，公司各部门："]


def test_minutes_with_the_meeting_date_right_after_the_title():
    title = "远航能源有限公司关于夏季安全生产工作的会议纪要"
    text = notice(f"{title}2023年4月12日，公司总经理在本部三楼会议室主持召开专题会议，研究夏季安全生产工作。"
                  "现纪要如下：", "一、关于安全责任会议要求各部门落实安全生产责任制。")
    got = lines(text)
    assert got[0] == title
    assert got[1].startswith("2023年4月12日，公司总经理")


@pytest.mark.parametrize("joint", ["", "\n"])
def test_minutes_masthead_with_its_number(joint):
    """A 纪要 prints its 期号 (a year and number, no 机关代字) under its name: the number, not the title."""
    text = notice(f"远航能源有限公司总经理办公会议纪要{joint}〔2023〕5号{joint}2023年4月12日，公司总经理在本部三楼会议室"
                  "主持召开总经理办公会议，研究夏季安全生产工作。现纪要如下：",
                  "一、关于安全责任会议要求各部门落实安全生产责任制。") if not joint else (
        "远航能源有限公司总经理办公会议纪要\n〔2023〕5号\n2023年4月12日，公司总经理在本部三楼会议室主持召开"
        "总经理办公会议，研究夏季安全生产工作。现纪要如下：\n一、关于安全责任\n会议要求各部门落实安全生产责任制。\n")
    document = records(text)[0]
    assert (document.title, document.kind, document.doc_number) == ("远航能源有限公司总经理办公会议纪要", "纪要", "〔2023〕5号")


@pytest.mark.parametrize("after, title, issuer", [
    ("远航能源有限公司签发人：王明", "安全生产例会纪要", "远航能源有限公司"),
    ("远航能源有限公司关于夏季安全生产例会的纪要", "远航能源有限公司关于夏季安全生产例会的纪要", "远航能源有限公司"),
])
def test_minutes_number_then_the_issuer_or_the_minutes_own_title(after, title, issuer):
    text = (f"内部事项安全生产例会纪要〔2024〕3号{after}2024年5月6日，公司在本部会议室召开安全生产例会。"
            "会议纪要如下：一、关于隐患排查会议要求各部门于5月底前完成隐患排查。")
    document = records(text)[0]
    assert (document.title, document.doc_number, document.issuer) == (title, "〔2024〕3号", issuer)


def test_a_notice_number_with_its_issuer_code_is_not_taken_for_a_minutes_number():
    document = records("青山市农业农村局文件\n青农函〔2023〕7号\n关于春季检修的函\n各乡镇人民政府：\n请于4月底前完成检修。\n")[0]
    assert (document.doc_number, document.title) == ("青农函〔2023〕7号", "关于春季检修的函")


def test_a_number_cited_in_the_first_sentence_is_not_the_head_number():
    title = f"{SIGNER}{TITLE}"
    text = notice(f"{title}{RECIPIENTS}根据《青山市人民政府关于加强农田水利建设的意见》（青政发〔2022〕5号）要求，"
                  "现将有关事项通知如下。", "", f"{SIGNER}{DATE}")
    got = lines(text)
    assert got[:2] == [title, "各乡镇人民政府，局属各单位："]
    assert got[2].startswith("根据《青山市人民政府关于加强农田水利建设的意见》（青政发〔2022〕5号）要求，")


def test_a_short_flattened_notice_has_its_head_read():
    text = (f"青山市农业农村局文件青农发〔2023〕12号{TITLE}{RECIPIENTS}为保障春耕生产用水，请各单位于4月30日前"
            f"完成辖区内小型水库和灌溉渠道的检修，并报送检修情况。{SIGNER}{DATE}")
    got = lines(text)
    assert TITLE in got
    assert got[-2:] == [SIGNER, DATE]


# ---------------------------------------------------------------- headings in running text

HEAD = f"青山市农业农村局文件青农发〔2023〕12号{TITLE}{RECIPIENTS}"


def test_headings_after_sentence_clause_colon_and_closing_bracket():
    body = ("现将有关事项通知如下：一、检修范围全市小型水库、灌溉渠道和排灌泵站；二、检修重点渠道防渗和闸门维修"
            "（详见附表）三、检修要求各单位要落实专人负责。四、报送方式以书面形式报送。")
    got = lines(notice(HEAD, body, f"{SIGNER}{DATE}"))
    assert "一、检修范围全市小型水库、灌溉渠道和排灌泵站；" in got
    assert "二、检修重点渠道防渗和闸门维修（详见附表）" in got
    assert "三、检修要求各单位要落实专人负责。" in got
    assert "四、报送方式以书面形式报送。" in got


def test_heading_line_without_punctuation_runs_into_its_first_child():
    body = "一、检修范围全市小型水库和排灌泵站。二、工作要求（一）加强领导。各乡镇成立专班。（二）压实责任。逐项建立台账。"
    text = notice(HEAD, body, f"{SIGNER}{DATE}")
    got = lines(text)
    assert "二、工作要求" in got
    assert "（一）加强领导。各乡镇成立专班。" in got
    assert sections(text) == [(1, 1, "检修范围全市小型水库和排灌泵站"), (1, 2, "工作要求"),
                              (2, 1, "加强领导"), (2, 2, "压实责任")]


@pytest.mark.parametrize("first", ["两项制度建设", "百日攻坚行动"])
def test_a_heading_title_may_open_with_liang_or_bai(first):
    """两 and 百 after a marker open a word of the title (（一）两项制度建设, 一、百日攻坚行动), not
    a list of numbers as in 一、二等奖."""
    body = (f"一、重点工作（一）{first}各乡镇要逐项落实。（二）压实责任各单位建立台账。"
            f"二、{first}在全市范围内统一开展。")
    text = notice(HEAD, body, f"{SIGNER}{DATE}")
    assert [(level, ordinal) for level, ordinal, _ in sections(text)] == [(1, 1), (2, 1), (2, 2), (1, 2)]


def test_a_list_of_numbers_in_a_sentence_is_not_a_heading():
    body = "一、评选范围设一、二等奖各若干名。二、报送方式以书面形式报送。"
    text = notice(HEAD, body, f"{SIGNER}{DATE}")
    assert [(level, ordinal) for level, ordinal, _ in sections(text)] == [(1, 1), (1, 2)]


def test_numbering_that_runs_on_across_sections_keeps_its_value():
    body = ("一、保障措施（一）组织保障1.成立专班。由分管领导任组长。2.明确分工。各科室各负其责。"
            "3.建立例会制度。每周会商一次。（二）经费保障4.落实资金。统筹安排检修经费。5.加强监管。专款专用。"
            "6.严格审计。年底前开展审计。（三）督导考核7.定期督导。每月通报一次。8.严格考核。纳入年度考核。"
            "9.强化问责。对工作不力的严肃问责。")
    text = notice(HEAD, body, f"{SIGNER}{DATE}")
    got = sections(text)
    level3 = [(ordinal, title) for level, ordinal, title in got if level == 3]
    assert level3 == [(1, "成立专班"), (2, "明确分工"), (3, "建立例会制度"), (4, "落实资金"), (5, "加强监管"),
                      (6, "严格审计"), (7, "定期督导"), (8, "严格考核"), (9, "强化问责")]
    assert [(level, ordinal) for level, ordinal, _ in got if level < 3] == [(1, 1), (2, 1), (2, 2), (2, 3)]


def test_list_items_without_full_stops_before_the_next_marker():
    body = "一、工作步骤检修分三步进行：1.摸清设施底数2.制定检修方案3.组织集中维修二、工作要求各单位按时报送进展。"
    got = lines(notice(HEAD, body, f"{SIGNER}{DATE}"))
    assert "1.摸清设施底数" in got
    assert "2.制定检修方案" in got
    assert "3.组织集中维修" in got
    assert "二、工作要求各单位按时报送进展。" in got


def test_ocr_markers_with_a_full_stop_or_comma_continue_a_list():
    body = ("一、主要任务1.清淤疏浚。清理渠道淤泥。2.维修闸门。更换老化部件。3.加固堤坝。修补渗漏部位。"
            "4.更新设备。更换老旧水泵。5。完善标识。设置警示标牌。6，建立台账。逐项登记销号。")
    text = notice(HEAD, body, f"{SIGNER}{DATE}")
    got = lines(text)
    assert "5.完善标识。设置警示标牌。" in got      # the OCR's 5。 is read as the marker 5.
    assert "6.建立台账。逐项登记销号。" in got
    assert [(ordinal, title) for level, ordinal, title in sections(text) if level == 3][-2:] == [
        (5, "完善标识"), (6, "建立台账")]


@pytest.mark.parametrize("sentence", [
    "全市二、三级渠道均要纳入检修范围，不留死角。",
    "渠道衬砌厚度不低于1.5米，闸门启闭灵活。",
    "检修后水泵每分钟出水7、8分钟内达到设计流量。",
    "资金按照第（一）项规定的标准拨付到位。",
    "检修工作要做到统一、规范、有序，不得层层加码。",
    "验收分为1.自查、2.复查、3.抽查三个环节依次进行。",
    "培训内容包括（1）法规、（2）实务两部分。",
])
def test_numbers_inside_a_sentence_are_not_headings(sentence):
    body = f"一、工作要求{sentence}各单位要加强协调配合。二、报送方式以书面形式报送。"
    text = notice(HEAD, body, f"{SIGNER}{DATE}")
    assert f"一、工作要求{sentence}各单位要加强协调配合。" in lines(text)
    assert [(level, ordinal) for level, ordinal, _ in sections(text)] == [(1, 1), (1, 2)]


# ---------------------------------------------------------------- signature, date and what follows

PLAN = "青山市春季农田水利设施检修工作方案"
ISSUING = notice(f"青山市农业农村局文件青农发〔2023〕12号关于印发《{PLAN}》的通知{RECIPIENTS}",
                 "现将方案印发给你们，请认真贯彻执行。",
                 f"{SIGNER}{DATE}{PLAN}为做好春季检修工作，制定本方案。一、工作目标4月底前完成检修。"
                 "二、工作措施各单位落实专人负责。")


def test_signature_and_date_run_into_the_issued_plan():
    got = lines(ISSUING)
    i = got.index(SIGNER)
    assert got[i + 1] == DATE
    assert got[i + 2].startswith(PLAN)
    assert "一、工作目标4月底前完成检修。" in got
    found = [(r.level, r.ordinal, r.part) for r in records(ISSUING) if r.type == "section"]
    assert found == [(1, 1, 0), (1, 2, 0)]          # an issued document not marked 附件 is part 0


def test_the_issued_plan_title_is_a_line_of_its_own():
    got = lines(ISSUING)
    assert PLAN in got


def test_signature_and_date_run_into_the_attachment_label():
    text = notice(HEAD, "", f"附件：春季检修任务清单{SIGNER}{DATE}附件春季检修任务清单一、小型水库检修。二、渠道检修。")
    got = lines(text)
    assert "附件：春季检修任务清单" in got
    i = got.index(SIGNER)
    assert got[i + 1:i + 4] == [DATE, "附件", "春季检修任务清单"]


def test_signature_and_date_run_into_a_publication_note():
    got = lines(notice(HEAD, "", f"{SIGNER}{DATE}（此件公开发布）"))
    assert got[-3:] == [SIGNER, DATE, "（此件公开发布）"]


@pytest.mark.parametrize("after", ["", "（此件不公开）"])
def test_a_date_closing_the_text_after_a_sentence_is_the_signed_date(after):
    # 汇报 material, a draft: no 署名, only the 成文日期 after the last sentence
    text = notice(f"{TITLE}{RECIPIENTS}", "", f"特此报告。{DATE}{after}")
    got = lines(text)
    assert got[-2 if after else -1] == DATE
    document = records(text)[0]
    assert (document.signed_date, document.issuer) == ("2023-03-20", None)


def test_a_date_inside_the_last_sentence_is_not_the_signed_date():
    document = records(notice(f"{TITLE}{RECIPIENTS}", "", f"检修工作截止时间为{DATE}"))[0]
    assert document.signed_date is None


@pytest.mark.parametrize("cited", ["附件1,2", "附件1和附件2", "附件1至3", "附件1；2"])
def test_attachments_cited_after_a_sentence_do_not_start_an_attachment(cited):
    # 。附件1,2电子版请于…报送 is a sentence about two attachments, not the label of a page
    text = notice(HEAD, f"一、检修安排。各单位按计划推进。二、报送要求。{cited}电子版请于4月10日前报送农业农村局。"
                        "三、工作纪律。严禁弄虚作假。",
                  f"附件：1.春季检修任务清单2.检修联系人{SIGNER}{DATE}")
    got = lines(text)
    assert got[-2:] == [SIGNER, DATE]
    document = records(text)[0]
    assert (document.issuer, document.signed_date) == (SIGNER, "2023-03-20")
    assert [(r.part, r.ordinal) for r in records(text) if r.type == "section"] == [(0, 1), (0, 2), (0, 3)]


@pytest.mark.parametrize("flattened", [True, False])
def test_a_clock_time_or_a_ratio_does_not_end_a_run_in_heading(flattened):
    # GUIDE: a run-in heading ends at its first 。 or ：; the colon of 9:30 or 3:1 is neither
    parts = [f"{TITLE}{RECIPIENTS}", BODY, "一、会议安排。",
             "（一）3月5日上午9:30，召开动员会议。会议在三楼会议室举行。",
             "（二）面试按3:1的比例确定人选。名单另行通知。", "（三）报名时间：3月1日至3月3日。"]
    got = sections(("" if flattened else "\n").join(parts))
    assert [title for _, _, title in got] == ["会议安排", "3月5日上午9:30，召开动员会议", "面试按3:1的比例确定人选", "报名时间"]


@pytest.mark.parametrize("attachment", ["青山县水毁工程情况说明", "李明同志基本情况"])
def test_an_attachment_title_ending_in_a_title_word_runs_into_the_signature(attachment):
    # 附件：…情况说明青山市农业农村局2023年3月20日: the name starts after the title's last word
    text = notice(HEAD, "", f"附件：{attachment}{SIGNER}{DATE}")
    assert lines(text)[-2:] == [SIGNER, DATE]
    document = records(text)[0]
    assert (document.issuer, document.attachments) == (SIGNER, [attachment])


def test_a_top_heading_after_an_unstopped_value_continues_when_the_next_follows_a_sentence_end():
    # …各乡镇小型水库和灌溉渠道三、检修要求…。四、…: the list goes on at 四、, so 三、 is its item
    body = ("一、检修安排。各单位按计划推进。二、检修范围各乡镇小型水库和灌溉渠道三、检修要求请各单位严格落实安全责任。"
            "四、工作纪律。严禁弄虚作假。")
    got = sections(notice(HEAD, body))
    assert [(level, n) for level, n, _ in got] == [(1, 1), (1, 2), (1, 3), (1, 4)]


def test_numbers_of_months_in_a_sentence_are_not_the_next_top_heading():
    body = ("一、检修安排。各单位按计划推进。二、时间安排。检修集中在每年三、四月份进行，五、六月份验收。"
            "三、工作要求。严禁弄虚作假。")
    got = sections(notice(HEAD, body))
    assert [(level, n, title) for level, n, title in got] == [(1, 1, "检修安排"), (1, 2, "时间安排"), (1, 3, "工作要求")]


@pytest.mark.parametrize("flattened", [True, False])
def test_a_chinese_numeral_with_a_full_stop_is_a_top_heading(flattened):
    # 一. for 一、 (a scan, a typist's habit): a heading all the same
    parts = [f"{TITLE}{RECIPIENTS}", BODY, "一.检修安排。各单位按计划推进。", "二.工作纪律。严禁弄虚作假。"]
    got = sections(("" if flattened else "\n").join(parts))
    assert got == [(1, 1, "检修安排"), (1, 2, "工作纪律")]


def test_joint_issuers_run_together_before_the_date():
    text = notice(HEAD, "", f"青山市农业农村局青山市水利局{DATE}")
    got = lines(text)
    assert got[-2:] == ["青山市农业农村局青山市水利局", DATE]
    assert records(text)[0].issuer == "青山市农业农村局、青山市水利局"


def test_a_seal_note_between_the_name_and_the_date():
    text = notice(HEAD, "", f"中共青山市委农村工作领导小组办公室（青山市农业农村局代章）{DATE}")
    got = lines(text)
    assert got[-2:] == ["中共青山市委农村工作领导小组办公室（青山市农业农村局代章）", DATE]
    document = records(text)[0]
    assert document.signed_date == "2023-03-20"
    assert document.issuer == "中共青山市委农村工作领导小组办公室"


def test_contact_line_without_full_stop_then_signature():
    text = notice(HEAD, "", f"联系人：李明，联系电话：0571-12345678{SIGNER}{DATE}")
    got = lines(text)
    assert got[-3].endswith("联系电话：0571-12345678")
    assert got[-2:] == [SIGNER, DATE]
    document = records(text)[0]
    assert (document.issuer, document.signed_date) == (SIGNER, "2023-03-20")
    assert (document.contact.name, document.contact.phone) == ("李明", "0571-12345678")


def test_the_record_page_printed_line():
    text = notice(HEAD, "", f"{SIGNER}{DATE}抄送：市委办公室，市政府办公室。青山市农业农村局办公室2023年3月21日印发")
    got = lines(text)
    assert "抄送：市委办公室，市政府办公室。" in got
    assert got[-1] == "青山市农业农村局办公室2023年3月21日印发"
    document = records(text)[0]
    assert (document.printed_date, document.printed_by) == ("2023-03-21", "青山市农业农村局办公室")


def test_attachment_note_then_attachment_page_label_and_title():
    text = notice(HEAD, "请各单位认真对照执行。附件：青山市小型水库检修标准",
                  f"{SIGNER}{DATE}附件青山市小型水库检修标准一、坝体无渗漏。二、闸门启闭灵活。")
    got = lines(text)
    assert "附件：青山市小型水库检修标准" in got
    assert got[-4:-2] == ["附件", "青山市小型水库检修标准"]
    parts = {r.part for r in records(text) if r.type == "section"}
    assert parts == {1}


# ---------------------------------------------------------------- intact notices

def test_a_notice_with_its_own_line_breaks_is_left_as_it_is():
    text = "\n".join([
        "青山市农业农村局文件", "青农发〔2023〕12号", TITLE, "各乡镇人民政府，局属各单位：",
        BODY,
        "一、检修范围",
        "全市小型水库、灌溉渠道和排灌泵站，2023年4月30日前完成。",
        "二、工作要求",
        "（一）加强领导。各乡镇成立专班，明确责任人。（二）压实责任。逐项建立台账。",
        "附件：春季检修任务清单",
        SIGNER, DATE,
    ])
    norm = normalize(text)
    assert norm.text == text
    assert "flattened" not in [w["code"] for w in norm.warnings]


def test_a_top_heading_run_into_its_first_child_after_an_unstopped_sentence():
    body = ("一、总体目标到年底完成全部检修任务并长期坚持二、保障措施（一）加强组织。成立工作专班。"
            "（二）强化督导。每月通报进度。")
    got = sections(notice(HEAD, body, f"{SIGNER}{DATE}"))
    assert [(level, ordinal) for level, ordinal, _ in got] == [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert got[1][2] == "保障措施"


def test_a_list_of_two_in_a_sentence_is_not_a_top_heading():
    body = "一、工作任务各地要抓好一、二两个阶段的衔接工作，确保按期完成。"
    got = sections(notice(HEAD, body, f"{SIGNER}{DATE}"))
    assert [(level, ordinal) for level, ordinal, _ in got] == [(1, 1)]


def test_a_top_heading_right_after_a_field_value_continues_its_list():
    body = ("一、工作内容1.清理沟渠。全面清理淤泥杂物。责任单位：镇水利站、各行政村"
            "二、工作要求各单位明确联络员，按月报送进展。")
    got = sections(notice(HEAD, body, f"{SIGNER}{DATE}"))
    assert [(level, ordinal) for level, ordinal, _ in got] == [(1, 1), (3, 1), (1, 2)]


def test_an_inline_list_of_conditions_inside_an_item_is_no_heading():
    body = ("一、发放种粮补贴。同时符合下列条件的农户可申领补贴：1．承包耕地面积在10亩以上；"
            "2．当年实际种植粮食作物。补贴标准由财政部门另行公布。二、加强农机服务。组织农机手开展代耕。")
    got = sections(notice(HEAD, body, f"{SIGNER}{DATE}"))
    assert [(level, ordinal) for level, ordinal, _ in got] == [(1, 1), (1, 2)]
    lined = "\n".join(["青山市农业农村局文件", "青农发〔2023〕12号", TITLE, RECIPIENTS, BODY,
                       *body.replace("二、", "\n二、").split("\n"), SIGNER, DATE])
    assert [(level, ordinal) for level, ordinal, _ in sections(lined)] == [(1, 1), (1, 2)]


def test_joint_signers_after_a_list_of_responsible_units_run_into_them():
    body = "一、工作内容1.清理沟渠。全面清理淤泥杂物。责任单位：各乡镇人民政府，市治水工作领导小组办公室"
    signers = "青山市农业农村局青山市水利局青山市财政局"
    got = lines(notice(HEAD, body, f"{signers}{DATE}"))
    assert signers in got
    assert any(line.endswith("责任单位：各乡镇人民政府，市治水工作领导小组办公室") for line in got)


@pytest.mark.parametrize("joint", ["", "\n"])
def test_a_heading_without_its_full_stop_ends_before_its_first_point(joint):
    """（一）加强组织领导一是…；二是…: the points open the item's text, the heading is before them."""
    text = (f"青山县水利局关于做好河道清障工作的通知{joint}各乡镇人民政府：{joint}现将有关事项通知如下。{joint}"
            f"一、工作措施{joint}（一）加强组织领导一是成立工作专班；二是明确责任分工。{joint}"
            f"（二）强化督查问效一是每月通报进展，二是年底考核。{joint}")
    assert [title for _, _, title in sections(text)] == ["工作措施", "加强组织领导", "强化督查问效"]


def test_a_list_item_whose_text_opens_with_a_decimal_continues_its_list():
    """5.2.5m人行道…: the item 5 before a width of 2.5 m; only as the number after 4."""
    text = ("青山县住建局关于道路方案的审查意见\n各有关单位：\n一、审查意见\n"
            "4.路灯杆高应与路幅宽度相适应。\n5.2.5m人行道的管线空间应再研究。\n6.应复核雨水管管径。\n"
            "二、其他\n1.5m宽的绿化带保留。\n")
    assert [(level, ordinal) for level, ordinal, _ in sections(text)] == [(1, 1), (3, 4), (3, 5), (3, 6), (1, 2)]


@pytest.mark.parametrize("pattern", [
    "(?<![〇一二三第])(?P<n>[一二三]{1,3})、",      # a heading number: not inside a longer numeral
    "(?<=[。；])第[一二三十]{1,5}条",                # an article after a sentence end
    "(?<![0-9.])[（(](?P<n>[0-9]{1,2})[）)]",       # (3), not the tail of a number
    "(?<![0-9])[0-9]+号",                           # a serial number of any length
])
def test_a_look_behind_moved_after_the_first_character_finds_the_same_markers(pattern):
    """The rewritten pattern opens with a character (so the regex engine can skip to it) and
    finds what the pattern with its look-behind in front finds, at a text's start, after a
    character the look-behind refuses, and in a search that starts inside the text."""
    from taizhang.pipeline.segment import opening_with_character

    rewritten = opening_with_character(pattern)
    assert not rewritten.startswith("(?<")
    texts = ["一、总则二十三、附则第一条本办法。第二条（3）12（4）", "二十一、不是标题。第十条 见第三条",
             "第五条", "（12）编号2023号与第3号", "三、四、五、"]
    for text in texts:
        for start in range(len(text) + 1):
            old = [(m.span(), m.groupdict()) for m in re.compile(pattern).finditer(text, start)]
            new = [(m.span(), m.groupdict()) for m in re.compile(rewritten).finditer(text, start)]
            assert new == old


def test_a_pattern_whose_first_character_is_optional_is_left_as_it_is():
    from taizhang.pipeline.segment import opening_with_character

    for pattern in ("(?<![0-9])[0-9]?号", "(?<![0-9])[0-9]{0,2}号", "(?<!a)\\d+", "第[一二]条"):
        assert opening_with_character(pattern) == pattern


def test_schedule_items_that_open_with_a_year_are_headings():
    """1.2024年4月10日前，…: the point after an item number followed by a year is no decimal."""
    text = notice(TITLE + RECIPIENTS, "一、时间安排1.2024年4月10日前，各乡镇完成设施摸底登记。"
                  "2.2024年5月底前，完成病险设施维修。3.2024年6月15日前，组织验收。二、工作要求加强督查。",
                  SIGNER + DATE)
    assert sections(text) == [(1, 1, "时间安排"), (3, 1, "2024年4月10日前，各乡镇完成设施摸底登记"),
                              (3, 2, "2024年5月底前，完成病险设施维修"), (3, 3, "2024年6月15日前，组织验收"),
                              (1, 2, "工作要求加强督查")]
    lined = "\n".join([TITLE, RECIPIENTS, "一、时间安排", "1.2024年4月10日前，各乡镇完成设施摸底登记。",
                       "2.2024年5月底前，完成病险设施维修。", SIGNER, DATE])
    assert [s[:2] for s in sections(lined)] == [(1, 1), (3, 1), (3, 2)]
    months = notice(TITLE + RECIPIENTS, "一、实施步骤1.10月初至10月中旬，完成摸底登记。2.10月中旬至11月5日，"
                    "完成维修。3.11月6日至11月15日，组织验收。二、工作要求加强督查。", SIGNER + DATE)
    assert [s[:2] for s in sections(months)] == [(1, 1), (3, 1), (3, 2), (3, 3), (1, 2)]
    # a decimal stays a decimal: 1.5倍, and 3.2021 with no 年 is no item
    assert sections(notice(TITLE + RECIPIENTS, "一、资金安排补助标准提高1.5倍，编号3.2021为旧标准。", SIGNER + DATE)) == [
        (1, 1, "资金安排补助标准提高1.5倍，编号3.2021为旧标准")]


def test_an_attachment_title_of_any_last_word_opens_its_own_list():
    """附件2 + its title + 一、: the attachment's numbering restarts right after its title, though
    the title ends in no 文种 or list word (…检修流程一、)."""
    text = notice(TITLE + RECIPIENTS, "一、工作安排各乡镇按期完成检修。二、工作要求加强督查。",
                  SIGNER + DATE + "附件2农田水利设施检修流程一、准备阶段排查设施。二、实施阶段组织维修。")
    assert sections(text)[-2:] == [(1, 1, "准备阶段排查设施"), (1, 2, "实施阶段组织维修")]
    assert lines(text)[-3:] == ["农田水利设施检修流程", "一、准备阶段排查设施。", "二、实施阶段组织维修。"]


def test_an_attachment_page_labelled_with_a_colon_ends_the_note_s_title():
    """附件：X 署名 日期 附件：X — the page at the end repeats the note's title after 附件：, so the
    note's title ends where the page's does and the signer follows it."""
    text = ("青河市水务局城区排水管网排查工作方案" + BODY + "一、排查范围城区主干管网。二、工作要求按期报送。"
            "附件：城区排水管网排查技术标准青河市水务局排水管理处2023年3月20日附件：城区排水管网排查技术标准")
    document = records(text)[0]
    assert document.issuer == "青河市水务局排水管理处"
    assert document.attachments == ["城区排水管网排查技术标准"]


@pytest.mark.parametrize("last", ["参会回执", "雨污分流工程实施方案示意图", "信息公示模板"])
def test_the_signer_after_an_attachment_list_s_last_title_word(last):
    """附件：1.…2.…回执青河市水务局2023年3月20日: 回执, 示意图, 模板 end an attachment's title as
    表 and 清单 do, so the signer after them is the issuer."""
    text = ("青河市水务局关于开展城区排水管网排查的通知各区水务分局：" + BODY + "一、排查范围城区主干管网。二、工作要求按期报送。"
            f"附件：1.城区排水管网排查登记表2.{last}青河市水务局2023年3月20日")
    document = records(text)[0]
    assert document.issuer == "青河市水务局"
    assert document.attachments == ["城区排水管网排查登记表", last]


def test_short_run_in_headings_of_a_meeting_notice_each_open_a_section():
    """一、会议时间2024年3月1日上午9:00二、会议地点县政府三楼会议室三、参会人员…。四、…: headings run
    together with no 。 between; the list goes on at a sentence end later, which vouches for each."""
    text = notice("关于召开全县春季农田水利工作会议的通知" + RECIPIENTS,
                  "一、会议时间2024年3月1日上午9:00二、会议地点县政府三楼会议室三、参会人员各乡镇分管负责同志。"
                  "四、会议议程部署春季农田水利工作。五、有关要求请按时参会。", SIGNER + DATE)
    assert [s[:2] for s in sections(text)] == [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5)]
    assert [s[2] for s in sections(text)][:3] == ["会议时间2024年3月1日上午9:00", "会议地点县政府三楼会议室",
                                                  "参会人员各乡镇分管负责同志"]
