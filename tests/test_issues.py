"""Issues on short notices written for the test: labels, lead-ins, progress reports, fields."""
from __future__ import annotations

from pathlib import Path

import pytest

import taizhang
from taizhang.pipeline.run import extract


def issues_of(tmp_path: Path, text: str) -> list:
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    return [r for r in extract(path) if r.type == "issue"]


PLAN = """某市人民政府办公室关于印发某某整改方案的通知

各县区人民政府，市直各部门：

现将方案印发给你们，请认真贯彻执行。

某市人民政府办公室
2023年3月1日

一、总体要求

坚持问题导向。

二、整改任务

（一）生态环境方面

1.“部分污水处理厂超标排放。抽查发现3座污水处理厂出水超标”问题
整改措施：一是开展专项排查。二是限期完成提标改造。
责任领导：张三
牵头单位：市生态环境局
配合单位：市住房和城乡建设局、各县区人民政府
完成时限：2023年6月30日前完成排查，年底前完成改造

2.加快老旧管网改造
责任单位：市城市管理局
完成时限：长期坚持

（二）营商环境方面

“审批事项办理时限偏长。部分事项超过承诺时限”问题
整改措施：压缩审批时限。
责任单位：市行政审批局
完成时限：立行立改

三、保障措施

（一）加强领导。各单位要高度重视。
"""


def test_plan_items_kinds_and_fields(tmp_path):
    issues = issues_of(tmp_path, PLAN)
    assert [(i.kind, i.title[:8]) for i in issues] == [
        ("problem", "“部分污水处理厂"), ("task", "加快老旧管网改造"), ("problem", "“审批事项办理时")]
    first, second, third = issues
    assert first.problem == "部分污水处理厂超标排放。抽查发现3座污水处理厂出水超标"
    assert first.measures == ["开展专项排查。", "限期完成提标改造"]
    assert first.leaders == ["张三"]
    assert [(u.name, u.role) for u in first.units] == [
        ("市生态环境局", "lead"), ("市住房和城乡建设局", "cooperating"), ("各县区人民政府", "cooperating")]
    assert [(d.kind, d.date, d.milestone) for d in first.deadlines] == [
        ("date", "2023-06-30", "完成排查"), ("date", "2023-12-31", "完成改造")]
    assert [(d.kind, d.date) for d in second.deadlines] == [("ongoing", None)]
    assert [(d.kind, d.date) for d in third.deadlines] == [("immediate", None)]
    assert third.measures == ["压缩审批时限"]


def test_labels_and_lead_ins(tmp_path):
    text = """关于某项工作情况的报告

一、工作进展

（一）完成了培训。共培训200人次。

二、存在的不足

（一）基层力量薄弱。人员不足。
（二）资金保障不够。缺口较大。

三、下一步工作打算

（一）加强队伍建设。
（二）争取资金支持。

四、几点意见

会议提出以下建议：

（一）完善考核机制。
"""
    issues = issues_of(tmp_path, text)
    assert [(i.kind, i.title) for i in issues] == [
        ("problem", "基层力量薄弱"), ("problem", "资金保障不够"),
        ("task", "加强队伍建设"), ("task", "争取资金支持"), ("suggestion", "完善考核机制")]


def test_progress_report_tasks_are_the_finest_items(tmp_path):
    text = """关于巡视整改进展情况的通报

现将巡视整改进展情况通报如下。

一、提高站位

（一）加强领导。成立领导小组。

二、整改落实情况

（一）关于民生问题

1.推进就业工作。一是开展招聘会。二是落实补贴。
2.改善居住条件。完成改造300户。
"""
    issues = issues_of(tmp_path, text)
    assert [(i.kind, i.title) for i in issues] == [("task", "推进就业工作"), ("task", "改善居住条件")]
    assert issues[0].measures == ["开展招聘会。", "落实补贴。"]


def test_a_progress_report_item_that_states_a_shortcoming_is_a_problem(tmp_path):
    """1.食堂采购台账登记不全。整改情况：… states what was found, then its rectification: a problem;
    an item headed by the work done (补齐短板, 2.) stays a task of the report."""
    text = """关于区委巡察反馈意见整改进展情况的报告

现将整改进展情况报告如下。

一、整改落实情况

（一）关于内部管理方面的问题

1.食堂采购台账登记不全。整改情况：补登台账42本，已完成整改。
2.补齐仓储管理短板。整改情况：新建货架18组。
3.公务用车派车审批把关不严的问题。整改情况：修订派车制度。
4.窗口服务群众满意度仍然较低。整改情况：开展业务培训3期。
"""
    issues = issues_of(tmp_path, text)
    assert [(i.kind, i.title) for i in issues] == [
        ("problem", "食堂采购台账登记不全"), ("task", "补齐仓储管理短板"),
        ("problem", "公务用车派车审批把关不严的问题"), ("problem", "窗口服务群众满意度仍然较低")]


def test_the_decisions_after_a_minutes_lead_in_are_tasks():
    """…会议议定：1.…2.…: each numbered decision of a 纪要 assigns work, also one with no note or limit."""
    text = ("青禾县城管局局务会议纪要2024年3月8日，局长XXX主持召开局务会议。一、关于背街小巷整治会议指出，"
            "部分背街小巷路面破损。会议议定：1.市政科负责制定整治清单。2.同意增设垃圾收集点20处。"
            "3.执法大队牵头，各中队配合，于4月30日前完成占道经营整治。青禾县城管局办公室2024年3月11日印发")
    issues = [r for r in taizhang.extract(text) if r.type == "issue"]
    assert [(i.kind, i.title) for i in issues] == [
        ("task", "市政科负责制定整治清单"), ("task", "同意增设垃圾收集点20处"),
        ("task", "执法大队牵头，各中队配合，于4月30日前完成占道经营整治")]


def test_an_item_that_opens_by_assigning_its_work_is_a_task():
    """1.城区道路，由市政所负责巡查登记…: an item opening with its assignment (a short topic and a comma
    before it, or none) is a task; a standing rule naming no work (公园绿地，由园林处负责；) and a group's
    make-up (…组X牵头，Y参与。) are not."""
    text = ("关于开展井盖安全隐患排查的通知各有关单位：现就有关事项通知如下。一、职责分工1.城区道路，由市政所负责"
            "巡查登记井盖破损情况，各街道配合做好现场围挡。2.工业园区，由园区管委会负责组织排查。3.公园绿地，由园林处"
            "负责；4.宣传报道组区委宣传部牵头，区融媒体中心参与。二、工作要求各单位要高度重视。东川区城市管理局2024年5月6日")
    issues = [r for r in taizhang.extract(text) if r.type == "issue"]
    assert [(i.kind, i.title, [u.name for u in i.units]) for i in issues] == [
        ("task", "城区道路，由市政所负责巡查登记井盖破损情况，各街道配合做好现场围挡", ["市政所", "各街道"]),
        ("task", "工业园区，由园区管委会负责组织排查", ["园区管委会"])]


def test_common_and_unit_specific_problems_are_problem_labels(tmp_path):
    """A 巡视 report's 一、共性问题 / 二、个性问题 hold the problems found (whatever their words)."""
    text = """某某中心关于督查反馈意见整改落实情况的报告

一、共性问题

1.学习计划安排随意。整改措施：制定年度学习计划。

二、个性问题

1.未按期召开专题会议。整改措施：每季度召开一次。
"""
    issues = issues_of(tmp_path, text)
    assert [(i.kind, i.title) for i in issues] == [
        ("problem", "学习计划安排随意"), ("problem", "未按期召开专题会议")]


def test_an_attachment_list_run_into_the_last_item_gives_it_no_measures():
    """附件：1.2024年…2.…: the notice's 附件说明, flattened into the last item, is not its measures."""
    text = ("关于做好供暖季安全检查的通知各街道办事处：为切实做好今冬供暖季安全工作，保障群众温暖过冬，现将有关事项通知如下。"
            "一、工作安排1.2024年10月15日前，各街道完成辖区锅炉房排查。2.2024年10月31日前，完成隐患整改。"
            "附件：1.2024年锅炉房排查登记表2.2024年供暖季检查人员名单青河区住房和城乡建设局2024年9月20日")
    issues = [r for r in taizhang.extract(text) if r.type == "issue"]
    assert [(i.title, i.measures) for i in issues] == [("2024年10月15日前，各街道完成辖区锅炉房排查", []),
                                                        ("2024年10月31日前，完成隐患整改", [])]


def test_review_opinion_items_are_suggestions(tmp_path):
    text = """某县人大常委会关于某报告的审议意见

县人民政府：

会议认为，工作取得成效。

一、强化产业支撑。一是培育龙头企业。二是延伸产业链。

二、优化营商环境。持续简化审批。

以上审议意见，请在三个月内向县人大常委会作出书面报告。
"""
    issues = issues_of(tmp_path, text)
    assert [(i.kind, i.title) for i in issues] == [("suggestion", "强化产业支撑"), ("suggestion", "优化营商环境")]


@pytest.mark.parametrize("text", [
    "关于某事的通知\n\n各单位：\n\n一、总体要求\n\n坚持问题导向。\n\n二、保障措施\n\n加强领导。\n",
    "没有任何标题的一段文字，说明情况。\n",
])
def test_plain_sections_are_not_issues(tmp_path, text):
    assert issues_of(tmp_path, text) == []


OPINION = """青山市农业农村局文件
青农发〔2023〕12号
关于做好春耕生产工作的意见
各乡镇人民政府：
为做好春耕工作，现提出如下意见。
一、准确把握总体要求
坚持稳中求进，全年春耕工作自2023年3月份启动，10月份结束。
二、强化组织推动
各地成立专班，统筹推进。
三、营造良好氛围
加强宣传引导。及时总结推广经验做法。
各地工作开展情况，请于2023年8月底前报市农业农村局。
青山市农业农村局
2023年2月26日
"""


def test_the_target_of_the_whole_work_in_the_aims_is_no_task(tmp_path):
    # 总体要求 under a verb (准确把握…), its 10月份结束 the schedule of the whole work
    titles = [issue.title for issue in issues_of(tmp_path, OPINION)]
    assert not any("总体要求" in title for title in titles)


def test_a_closing_request_run_into_the_last_item_is_not_its_work(tmp_path):
    # the closing 请于…前报… is a deadline with no issue, here and when the text is flattened
    assert issues_of(tmp_path, OPINION) == []
    assert issues_of(tmp_path, OPINION.replace("\n", "")) == []


def test_a_request_that_is_an_items_whole_text_makes_it_a_task(tmp_path):
    head, _ = OPINION.split("三、营造良好氛围")
    text = head + ("三、有关要求\n1.每月通报工作进展。\n2.请于3月10日前将联络员名单报送市农业农村局。\n"
                   "青山市农业农村局\n2023年2月26日\n")
    issues = issues_of(tmp_path, text)
    assert [issue.title for issue in issues] == ["请于3月10日前将联络员名单报送市农业农村局"]
    assert issues[0].deadlines[0].date == "2023-03-10"


def test_a_heading_over_stages_with_its_own_time_limit_keeps_its_note(tmp_path):
    head, _ = OPINION.split("一、准确把握总体要求")
    text = head + ("一、进度安排\n（一）全面排查（2023年5月底前）。由市水利局牵头，会同各乡镇人民政府逐项登记。\n"
                   "（二）集中整治（2024年底前）。由各乡镇人民政府会同市水利局制定月度计划。\n"
                   "1.第一阶段（2023年6月至2023年12月）。整治重点区域。\n"
                   "2.第二阶段（2024年1月至2024年11月）。查缺补漏。\n"
                   "青山市农业农村局\n2023年2月26日\n")
    issues = {issue.title: issue for issue in issues_of(tmp_path, text)}
    assert [u.name for u in issues["集中整治（2024年底前）"].units] == ["各乡镇人民政府", "市水利局"]
    assert issues["集中整治（2024年底前）"].deadlines[0].date == "2024-12-31"
    assert issues["第一阶段（2023年6月至2023年12月）"].units == []


def test_a_schedule_without_stages_is_the_whole_works_window(tmp_path):
    head, _ = OPINION.split("一、准确把握总体要求")
    text = head + ("一、整治内容\n1.清理沟渠。全面清理淤泥杂物。\n责任单位：镇水利站\n"
                   "二、时间安排\n整治工作自本方案印发之日起至2023年11月20日，各单位倒排工期。\n"
                   "青山市农业农村局\n2023年2月26日\n")
    assert [issue.title for issue in issues_of(tmp_path, text)] == ["清理沟渠"]
    staged = text.replace("整治工作自本方案印发之日起至2023年11月20日，各单位倒排工期。",
                          "（一）排查阶段（2023年3月1日—4月30日）。逐村排查。\n（二）整治阶段（2023年5月1日—11月20日）。集中整治。")
    titles = [issue.title for issue in issues_of(tmp_path, staged)]
    assert titles == ["清理沟渠", "排查阶段（2023年3月1日—4月30日）", "整治阶段（2023年5月1日—11月20日）"]


def test_a_measure_without_items_beside_measures_with_tasks_is_a_task(tmp_path):
    head, _ = OPINION.split("一、准确把握总体要求")
    text = head + ("一、农村人居环境\n（一）治理生活垃圾\n1.完善收运体系。责任单位：市城管局\n2.推进源头分类。责任单位：各乡镇人民政府\n"
                   "（二）治理生活污水\n1.建设污水管网。责任单位：市住建局\n"
                   "（三）谋划下一轮整治方案。各单位总结成效，提出初步设想。\n"
                   "青山市农业农村局\n2023年2月26日\n")
    titles = [issue.title for issue in issues_of(tmp_path, text)]
    assert titles == ["完善收运体系", "推进源头分类", "建设污水管网", "谋划下一轮整治方案"]
    one_group = text.replace("（二）治理生活污水\n1.建设污水管网。责任单位：市住建局\n", "")
    assert [issue.title for issue in issues_of(tmp_path, one_group)] == ["完善收运体系", "推进源头分类"]


FLAT_PLAN = ("某市人民政府办公室关于印发某某整改方案的通知各县区人民政府：现将方案印发给你们，请认真贯彻执行。"
             "一、整改任务（一）民生保障方面“部分乡镇养老服务设施闲置。抽查的5个乡镇中有3个长期未运营”问题"
             "整改措施：盘活闲置设施，确保2023年9月底前全部投入运营。责任单位：市民政局完成时限：2023年12月31日前"
             "某市人民政府办公室2023年3月1日")


def test_a_quoted_problem_run_into_its_group_heading_is_an_item_of_its_own(tmp_path):
    [issue] = issues_of(tmp_path, FLAT_PLAN)
    assert issue.kind == "problem"
    assert issue.title.startswith("“部分乡镇养老服务设施闲置")
    assert [u.name for u in issue.units] == ["市民政局"]


def test_time_limits_in_running_text_beside_a_limit_field_are_kept(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(FLAT_PLAN, encoding="utf-8")
    dates = sorted(r.date for r in extract(path) if r.type == "deadline")
    assert dates == ["2023-09-30", "2023-12-31"]


def test_the_findings_of_a_corrective_measure_are_problems_with_their_reasons_under_them(tmp_path):
    text = ("纠正案文\n壹、被纠正机关：某县政府。\n贰、案由：某县政府未依法处理违建，核有违失，爰依法提案纠正。\n"
            "参、事实与理由：\n"
            "一、某县政府对违建拖延查处，放任扩建，核有违失。\n(一)民众多次检举，县府均未派员勘查。\n"
            "1、105年检举三次。\n2、106年检举五次。\n(二)县府迟至108年始拆除。\n"
            "二、某县政府未督导所属清查档案，致档案下落不明。\n(一)档案清查未见进度。\n"
            "据上论结，爰依法提案纠正，移送行政院转饬所属确实检讨改善见复。\n")
    found = issues_of(tmp_path, text)
    assert [(issue.kind, issue.title) for issue in found] == [
        ("problem", "某县政府对违建拖延查处，放任扩建，核有违失"),
        ("problem", "某县政府未督导所属清查档案，致档案下落不明")]
    assert issues_of(tmp_path, text.replace("纠正案文", "关于违建查处情况的调查报告")) == []
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    assert extract(path)[0].recipients == ["某县政府"]      # 壹、被纠正机关：…


MINUTES = """青河县人民政府第八次常务会议纪要
2024年6月3日，县长主持召开县政府第八次常务会议，研究有关事项。现纪要如下：
一、研究城区老旧小区改造工作
会议听取了县住建局关于老旧小区改造的汇报。
会议同意改造方案。
会议要求，由县住建局牵头，县财政局配合，8月底前完成首批12个小区改造。
会议明确，改造资金由县财政局统筹，7月15日前拨付到位。
二、研究汛期安全工作
会议听取了县水利局的汇报。会议要求：
由县应急管理局牵头，各乡镇落实24小时值班值守。
由县水利局负责，6月20日前完成病险水库排查。
三、其他事项
会议还研究了其他事项。
青河县人民政府办公室 2024年6月5日印发
"""


def test_the_decisions_of_minutes_are_its_items():
    """A 纪要's topics (一、研究…) hold its decisions: each 会议要求/会议明确 paragraph (or one after
    a lead-in 会议要求：) that assigns work or sets a time limit is an item, titled by its first
    sentence; a decision that assigns nothing (会议同意改造方案) is none, nor is the topic."""
    found = taizhang.extract(MINUTES)
    assert found[0].kind == "纪要" and found[0].issuer == "青河县人民政府"
    issues = [(r.kind, r.title, [u.name for u in r.units]) for r in found if r.type == "issue"]
    assert issues == [
        ("task", "会议要求，由县住建局牵头，县财政局配合，8月底前完成首批12个小区改造", ["县住建局", "县财政局"]),
        ("task", "会议明确，改造资金由县财政局统筹，7月15日前拨付到位", []),
        ("task", "由县应急管理局牵头，各乡镇落实24小时值班值守", ["县应急管理局"]),
        ("task", "由县水利局负责，6月20日前完成病险水库排查", ["县水利局"]),
    ]


def test_items_under_the_problems_and_their_rectification_requirements_are_problems():
    """二、存在的突出问题及整改要求: each item states a problem found, with its 整改措施/责任部门/完成时间
    fields; a found problem with fields stays a problem (GUIDE)."""
    text = ("关于开展校园食堂专项整治的通知\n各学校：\n一、整治目标\n实现食品安全事故零发生。\n"
            "二、存在的突出问题及整改要求\n（一）食材进货查验不严。部分食堂未索取供货商资质。\n"
            "整改措施：建立进货查验台账。\n责任部门：后勤管理科\n完成时间：2024年9月30日\n"
            "（二）从业人员健康证过期。3所学校存在过期情况。\n责任部门：各学校\n完成时间：9月底\n"
            "青河县教育局\n2024年8月20日\n")
    issues = [(r.kind, r.title) for r in taizhang.extract(text) if r.type == "issue"]
    assert issues == [("problem", "食材进货查验不严"), ("problem", "从业人员健康证过期")]


def test_the_answered_opinions_of_a_handling_report_are_tasks():
    """一、关于“…”的意见 in a report on how 审议意见 were handled names one opinion and reports the
    work done on it (研究处理情况：…（承办单位：…）): an item of rectification work, a task,
    however short its title; 关于…的意见 is no label heading."""
    text = ("青河县人民政府关于县人大常委会审议意见研究处理情况的报告\n县人大常委会：\n现将研究处理情况报告如下：\n"
            "一、关于“加大资金投入”的意见\n研究处理情况：县财政安排专项资金。（承办单位：县财政局）\n"
            "二、关于“健全长效运维机制”的意见\n研究处理情况：推行第三方运维。（承办单位：县生态环境局）\n"
            "青河县人民政府\n2025年6月20日\n")
    issues = [(r.kind, r.title) for r in taizhang.extract(text) if r.type == "issue"]
    assert issues == [("task", "关于“加大资金投入”的意见"), ("task", "关于“健全长效运维机制”的意见")]


def test_a_collective_s_post_in_a_responsible_person_field_names_no_leader():
    """责任人：各供电所所长 names a post of every unit, no person; 责任人：张XX names one."""
    text = ("关于开展安全工器具专项检查的通知\n各供电所：\n一、存在的问题\n（一）工器具检验超周期。抽查发现87件超期。\n"
            "责任部门：各供电所\n责任人：各供电所所长\n完成时间：2025年9月30日\n"
            "（二）台账记录不全。\n责任部门：安全监察部\n责任人：张XX\n完成时间：2025年10月31日\n"
            "青河供电公司\n2025年8月12日\n")
    assert [(r.title, r.leaders) for r in taizhang.extract(text) if r.type == "issue"] == [
        ("工器具检验超周期", []), ("台账记录不全", ["张XX"])]


@pytest.mark.parametrize("label", ["访视发现主要缺失如下", "抽查发现的主要问题", "考核发现问题"])
def test_items_under_what_a_visit_or_check_found_are_problems(label):
    """三、访视发现主要缺失如下 (缺失, a deficiency, as a Taiwan 函 writes it): its items are problems."""
    text = ("关于社区据点访视缺失改善的函\n说明：\n一、依据年度考核计划办理。\n二、" + label + "：\n"
            "（一）志工人力不足。65岁以上志工占比过半。\n（二）经费核销延宕。9处据点未按期核销。\n"
            "三、请各据点于4月30日前提出改善计划。\n青河县政府\n2025年3月5日\n")
    issues = [(r.kind, r.title) for r in taizhang.extract(text) if r.type == "issue"]
    assert issues[:2] == [("problem", "志工人力不足"), ("problem", "经费核销延宕")]


def test_a_task_label_inside_a_background_section_says_its_items_are_tasks():
    """一、基本情况 > （二）工作重点及责任分工 > 1.…: the label nearer the items wins over the background
    heading above it; the background's own paragraphs stay no items."""
    text = ("关于新基地设计方案比选工作有关情况的报告\n一、基本情况\n（一）指导思想\n坚持高标准规划。\n"
            "（二）工作重点及责任分工\n1.确定受邀设计单位。由基建部负责。\n2.编制设计邀请文件。由办公室负责。\n"
            "（三）实施步骤\n1.10月初至10月中旬为邀请阶段。\n2.11月6日至11月15日为评审阶段。\n"
            "二、需要决策事项\n提请审议。\n青河电力公司\n2021年9月28日\n")
    issues = [(r.kind, r.title) for r in taizhang.extract(text) if r.type == "issue"]
    assert issues == [("task", "确定受邀设计单位"), ("task", "编制设计邀请文件"),
                      ("task", "10月初至10月中旬为邀请阶段"), ("task", "11月6日至11月15日为评审阶段")]
