"""Which items of a notice are issues, and of which kind (pipeline/items.py; GUIDE, ## Issues).

Every notice here is written for the test: the structures of real 公文 (label headings, lead-in
paragraphs, responsibility notes, stages of a work schedule, 整改 progress reports, reply
letters, findings paragraphs), in other words. Most are lined; a few are flattened into one
line, as scraped pages give them. A test that fails on a text following the conventions of
公文 and the GUIDE is kept and marked xfail(strict): it is a bug of the modules, listed in
the report of issue 10.
"""
from __future__ import annotations

import pytest

import taizhang


def records(text: str) -> list:
    return taizhang.extract(text)


def issues(text: str) -> list:
    return [r for r in records(text) if r.type == "issue"]


def kinds(text: str) -> list[tuple[str, str]]:
    return [(i.kind, i.title) for i in issues(text)]


def deadline_records(text: str) -> list:
    return [r for r in records(text) if r.type == "deadline"]


def units(issue) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in issue.units]


def dates(issue) -> list[tuple[str, str | None]]:
    return [(d.kind, d.date) for d in issue.deadlines]


# ---------------------------------------------------------------- label headings

PLAN_HEAD = "某区人民政府办公室关于开展某项整治工作的通知\n\n各街道办事处，区直各部门：\n\n为推进整治工作，现通知如下。\n\n"
PLAN_TAIL = "\n\n某区人民政府办公室\n2024年4月1日\n"


def plan_with(label: str) -> str:
    return (PLAN_HEAD + "一、指导思想\n\n坚持以人民为中心。\n\n"
            f"二、{label}\n\n（一）排查安全隐患。全面摸清底数。\n\n（二）建立长效机制。健全管理制度。\n\n"
            "三、保障措施\n\n（一）强化组织领导。各单位要高度重视。\n\n（二）加强宣传引导。营造良好氛围。" + PLAN_TAIL)


@pytest.mark.parametrize("label", ["整改任务", "主要任务", "重点任务", "工作措施", "工作内容", "工作方案", "时间安排",
                                   "下一步工作打算", "下阶段工作安排", "下一阶段重点任务"])
def test_the_items_under_a_task_label_are_tasks(label):
    assert kinds(plan_with(label)) == [("task", "排查安全隐患"), ("task", "建立长效机制")]


def test_without_a_task_label_the_same_items_are_no_issues():
    assert kinds(plan_with("整治范围")) == []


def test_problems_under_a_problem_label_and_tasks_under_a_task_label():
    text = ("某县人民政府办公室关于做好农村道路养护工作的通知\n\n各乡镇人民政府：\n\n为做好养护工作，现通知如下。\n\n"
            "一、存在的问题\n\n（一）养护责任落实不到位。部分路段长期失修。\n\n（二）资金投入偏少。\n\n"
            "二、整改任务\n\n（一）开展道路巡查。每月巡查一次。\n\n（二）落实养护资金。\n\n"
            "三、保障措施\n\n（一）加强组织领导。各单位要高度重视。\n\n某县人民政府办公室\n2024年3月5日\n")
    assert kinds(text) == [("problem", "养护责任落实不到位"), ("problem", "资金投入偏少"),
                           ("task", "开展道路巡查"), ("task", "落实养护资金")]


def test_the_same_notice_flattened_into_one_line_gives_the_same_issues():
    text = ("某县人民政府办公室关于做好农村道路养护工作的通知各乡镇人民政府：为做好养护工作，现通知如下。"
            "一、存在的问题（一）养护责任落实不到位。部分路段长期失修。（二）资金投入偏少。"
            "二、整改任务（一）开展道路巡查。每月巡查一次。（二）落实养护资金。"
            "三、保障措施（一）加强组织领导。各单位要高度重视。某县人民政府办公室2024年3月5日")
    assert kinds(text) == [("problem", "养护责任落实不到位"), ("problem", "资金投入偏少"),
                           ("task", "开展道路巡查"), ("task", "落实养护资金")]


INSPECTION = ("某县应急管理局关于安全生产检查情况的通报\n\n各乡镇人民政府：\n\n现将检查情况通报如下。\n\n"
              "一、检查基本情况\n\n共检查企业20家。\n\n二、{label}\n\n（一）消防通道堵塞。3家企业通道堆放杂物。\n\n"
              "（二）应急预案缺失。部分企业未编制预案。\n\n某县应急管理局\n2024年4月1日\n")


@pytest.mark.parametrize("label", ["发现的主要问题", "检查发现的问题", "巡察反馈问题及整改举措", "督查指出的问题",
                                   "典型问题企业", "问题单位名单", "排查发现的主要问题"])
def test_what_an_inspection_found_is_a_problem_label(label):
    assert kinds(INSPECTION.format(label=label)) == [("problem", "消防通道堵塞"), ("problem", "应急预案缺失")]


def test_audit_findings_are_problems_under_the_heading_of_their_rectification():
    """GUIDE: an audit finding is a problem, in a report of its rectification too."""
    text = ("某县人民政府关于2023年度审计查出问题整改情况的报告\n\n县人大常委会：\n\n现将整改情况报告如下。\n\n"
            "一、审计查出问题的整改情况\n\n1.专项资金拨付滞后。涉及资金1.2亿元。整改状态：已整改。\n\n"
            "2.公务用车管理不规范。整改状态：未整改。\n\n二、下一步工作\n\n（一）加强跟踪督促。\n\n"
            "某县人民政府\n2024年10月8日\n")
    assert kinds(text) == [("problem", "专项资金拨付滞后"), ("problem", "公务用车管理不规范"), ("task", "加强跟踪督促")]


def test_a_part_label_over_a_list_numbered_again_says_what_its_items_are():
    """第三部分 下一步工作打算 then 一、二、: the part's own label, not the first part's."""
    text = ("某区关于巡察整改进展情况的通报\n\n第一部分 整改工作开展情况\n\n一、提高政治站位。区委召开专题会议。\n\n"
            "二、压实整改责任。建立整改台账。\n\n第二部分 下一步工作打算\n\n一、巩固整改成果。持续开展回头看。\n\n"
            "二、健全长效机制。完善制度12项。\n\n某区委\n2024年5月6日\n")
    assert ("task", "巩固整改成果") in kinds(text) and ("task", "健全长效机制") in kinds(text)


@pytest.mark.parametrize("label", ["下一步工作要求", "下一阶段工作重点"])
def test_a_next_step_label_makes_tasks_whatever_word_ends_it(label):
    text = INSPECTION.format(label=label).replace("消防通道堵塞。3家企业通道堆放杂物", "开展专项整治。各乡镇要全面排查") \
        .replace("应急预案缺失。部分企业未编制预案", "落实主体责任。企业要建立台账")
    assert kinds(text) == [("task", "开展专项整治"), ("task", "落实主体责任")]


REPORT_HEAD = "某县交通运输局关于道路安全隐患整改情况的报告\n\n县人民政府：\n\n现将整改情况报告如下。\n\n"


@pytest.mark.parametrize("label", ["尚未整改到位的问题及措施", "未完成整改的问题"])
def test_the_items_under_a_label_of_outstanding_problems_are_problems(label):
    """An outstanding finding with its measures and limit is still a problem (GUIDE: an item that
    states a found problem is a problem even when it carries fields)."""
    text = (REPORT_HEAD + "一、整改总体情况\n\n共排查隐患12处，已整改10处。\n\n"
            f"二、{label}\n\n（一）青山路段护栏缺失。计划于2024年6月底前完成安装。\n\n"
            "（二）东湖桥限高标志损坏。由县公路中心负责，2024年5月底前更换。\n\n某县交通运输局\n2024年4月2日\n")
    assert kinds(text) == [("problem", "青山路段护栏缺失"), ("problem", "东湖桥限高标志损坏")]


@pytest.mark.parametrize("flattened", [False, True])
def test_a_section_that_reports_nothing_is_no_issue(flattened):
    text = (REPORT_HEAD + "一、存在的问题\n\n（一）巡查频次不足。部分路段每月巡查不到一次。\n\n"
            "二、意见建议采纳情况\n\n无。\n\n某县交通运输局\n2024年4月2日\n")
    if flattened:
        text = text.replace("\n", "")
    assert kinds(text) == [("problem", "巡查频次不足")]


@pytest.mark.parametrize("label", ["意见和建议", "建议"])
def test_the_items_under_a_suggestion_label_are_suggestions(label):
    text = ("关于全县义务教育工作开展情况的报告\n\n县人大常委会：\n\n现将有关情况报告如下。\n\n"
            "一、基本情况\n\n（一）完成了教师培训。\n\n（二）改造了薄弱学校。\n\n"
            f"二、{label}\n\n（一）加大财政投入。\n\n（二）完善考核办法。\n\n某县教育局\n2024年5月6日\n")
    assert kinds(text) == [("suggestion", "加大财政投入"), ("suggestion", "完善考核办法")]


def test_the_top_items_of_a_review_opinion_are_suggestions():
    """审议意见: its top items (or, where one groups sub-items, those) are suggestions."""
    text = ("某市人大常委会关于市政府农业农村工作情况报告的审议意见\n\n市人民政府：\n\n"
            "常委会组成人员认为，工作取得积极成效。\n\n"
            "一、加强规划引领\n\n（一）编制专项规划。\n\n（二）做好规划衔接。\n\n"
            "二、健全投入机制。积极争取上级资金。\n\n以上审议意见，请市人民政府研究处理。\n\n"
            "某市人大常委会办公室\n2024年6月3日\n")
    assert kinds(text) == [("suggestion", "编制专项规划"), ("suggestion", "做好规划衔接"),
                           ("suggestion", "健全投入机制")]


# ---------------------------------------------------------------- lead-ins and lost numbers

def test_a_lead_in_paragraph_says_the_run_after_it_are_suggestions():
    text = ("关于全市养老服务情况的调研报告\n\n调研组经过深入调研，提出以下建议：\n\n"
            "一、加大宣传力度。\n\n二、完善激励机制。\n\n三、强化督促检查。\n\n某调研组\n2024年6月3日\n")
    assert kinds(text) == [("suggestion", "加大宣传力度"), ("suggestion", "完善激励机制"),
                           ("suggestion", "强化督促检查")]


def test_a_lead_in_naming_the_problems_to_put_right_makes_its_run_problems():
    text = ("某县市场监管局关于开展农村集贸市场专项整治的通知\n\n各市场监管所：\n\n一、整治重点\n\n"
            "本次重点整治以下问题：\n\n（一）销售过期变质食品问题；\n\n（二）计量器具未经检定问题。\n\n"
            "二、工作要求\n\n各所要加强巡查。\n\n某县市场监管局\n2024年4月1日\n")
    assert [kind for kind, _ in kinds(text)] == ["problem", "problem"]


def test_a_lead_in_paragraph_of_requirements_makes_its_run_tasks():
    text = ("某县人民政府关于加强汛期安全管理的通知\n\n各乡镇人民政府：\n\n为加强汛期管理，特提出如下要求：\n\n"
            "一、严格落实巡查制度。\n\n二、及时处置发现的险情。\n\n某县人民政府\n2024年6月3日\n")
    assert kinds(text) == [("task", "严格落实巡查制度"), ("task", "及时处置发现的险情")]
    control = text.replace("特提出如下要求：", "现就有关事项通知如下。")
    assert kinds(control) == []


LOST_NUMBER = ("某镇关于开展人居环境整治行动的方案\n\n为改善人居环境，制定本方案。\n\n"
               "一、工作目标\n\n村容村貌明显改善。\n\n二、整治范围和内容\n\n{label}\n\n"
               "1.清理乱堆乱放。\n\n2.拆除违章搭建。\n\n3.整治占道经营。\n\n4.规范广告招牌。\n\n"
               "三、工作要求\n\n各村要高度重视。\n\n某镇人民政府\n2024年6月3日\n")


def test_a_label_line_whose_number_was_lost_makes_the_items_under_it_tasks():
    assert kinds(LOST_NUMBER.format(label="重点整治内容")) == [
        ("task", "清理乱堆乱放"), ("task", "拆除违章搭建"), ("task", "整治占道经营"), ("task", "规范广告招牌")]


def test_without_the_label_line_the_numbered_lines_are_no_issues():
    assert kinds(LOST_NUMBER.format(label="具体如下。")) == []


# ---------------------------------------------------------------- problems by their wording

@pytest.mark.parametrize("heading", ["整改任务", "生态环境方面"])
def test_a_quoted_problem_item_is_a_problem_under_any_heading(heading):
    """Even under a task label (整改任务), a “…”问题 item states a problem."""
    text = ("某市关于督查反馈问题的整改方案\n\n为抓好整改，制定本方案。\n\n一、总体要求\n\n坚持问题导向。\n\n"
            f"二、{heading}\n\n1.“部分小区垃圾分类设施不足”问题\n整改措施：增设分类投放点。\n\n"
            "2.“餐饮油烟扰民投诉较多”问题\n整改措施：开展专项检查。\n\n某市人民政府\n2024年6月3日\n")
    assert kinds(text) == [("problem", "“部分小区垃圾分类设施不足”问题"), ("problem", "“餐饮油烟扰民投诉较多”问题")]


REPLY = ("某市发展和改革委员会关于市政协第123号提案办理情况的函\n\n张委员：\n\n您提出的提案收悉，现将办理情况函复如下。\n\n"
         "一、关于养老服务体系不完善问题\n\n我委已会同有关部门制定实施方案。\n\n"
         "二、关于化工园区项目问题\n\n该项目已列入重点项目库，将加快推进。\n\n"
         "感谢您对发展改革工作的关心。\n\n某市发展和改革委员会\n2024年7月8日\n")


def test_a_shortcoming_named_in_a_reply_is_a_problem_and_a_topic_is_a_task():
    assert kinds(REPLY) == [("problem", "关于养老服务体系不完善问题"), ("task", "关于化工园区项目问题")]


# ---------------------------------------------------------------- responsibility notes

NOTED = ("某县人民政府关于印发农村供水保障行动方案的通知\n\n各乡镇人民政府，县直各部门：\n\n现将方案印发给你们，请认真贯彻执行。\n\n"
         "某县人民政府\n2024年3月1日\n\n农村供水保障行动方案\n\n一、工作目标\n\n全面提升农村供水保障水平。\n\n"
         "二、农村供水\n\n"
         "（一）完善农村供水设施。新建水厂两座。（责任单位：县水利局、县财政局）\n\n"
         "（二）推进污水管网建设。加快管网铺设。（县住房和城乡建设局牵头，县生态环境局、各乡镇人民政府配合）\n\n"
         "（三）加强水源地保护。\n责任单位：县生态环境局 完成时限：2024年9月30日\n责任领导：王某某\n\n"
         "（四）开展水质宣传。普及饮水安全知识。\n\n"
         "三、保障措施\n\n（一）强化资金保障。足额安排专项经费。（责任单位：县财政局）\n\n"
         "（二）加强宣传引导。营造良好氛围。\n")


def test_items_with_a_note_or_field_are_tasks_wherever_they_stand():
    """No task label in this 方案: the notes alone make the items tasks, under 保障措施 too."""
    assert kinds(NOTED) == [("task", "完善农村供水设施"), ("task", "推进污水管网建设"), ("task", "加强水源地保护"),
                            ("task", "强化资金保障")]


def test_the_units_leaders_and_deadline_of_an_item_come_from_its_note():
    supply, sewers, source, funds = issues(NOTED)
    assert units(supply) == [("县水利局", "responsible"), ("县财政局", "responsible")]
    assert units(sewers) == [("县住房和城乡建设局", "lead"), ("县生态环境局", "cooperating"),
                             ("各乡镇人民政府", "cooperating")]
    assert units(source) == [("县生态环境局", "responsible")]
    assert source.leaders == ["王某某"]
    assert dates(source) == [("date", "2024-09-30")]
    assert supply.leaders == [] and supply.deadlines == []
    assert units(funds) == [("县财政局", "responsible")]


def test_the_note_deadline_is_a_deadline_record_of_its_item():
    recs = records(NOTED)
    source = [r for r in recs if r.type == "issue" and r.title == "加强水源地保护"][0]
    assert [(d.date, d.issue) for d in recs if d.type == "deadline" and d.raw.startswith("2024年9月30日")] == [
        ("2024-09-30", source.id)]


def test_flattened_run_in_fields_end_where_the_next_item_starts():
    text = ("某公司关于印发信息系统建设实施方案的通知各部门：现将方案印发给你们，请认真执行。某公司2021年8月2日"
            "一、工作目标建成统一平台。二、重点任务（一）基础设施建设"
            "（1）完成云资源申请和分配。责任单位：公司信息中心 完成时限：2021年9月30日"
            "（2）完成边缘服务组件部署。责任单位：公司运维部、公司安监部 完成时限：2021年11月30日"
            "（二）应用建设（1）完成业务系统上线试运行。责任单位：公司营销部 完成时限：2021年12月31日"
            "三、保障措施加强组织领导。")
    found = issues(text)
    assert [(i.kind, i.title) for i in found] == [
        ("task", "完成云资源申请和分配"), ("task", "完成边缘服务组件部署"), ("task", "完成业务系统上线试运行")]
    assert [units(i) for i in found] == [
        [("公司信息中心", "responsible")], [("公司运维部", "responsible"), ("公司安监部", "responsible")],
        [("公司营销部", "responsible")]]
    assert [dates(i) for i in found] == [[("date", "2021-09-30")], [("date", "2021-11-30")], [("date", "2021-12-31")]]


def test_a_run_in_heading_title_ends_at_its_colon():
    """GUIDE ## Sections: a run-in heading's title ends at its first 。 or ：."""
    text = ("某公司关于印发信息系统建设实施方案的通知\n\n各部门：\n\n现将方案印发给你们。\n\n某公司\n2021年8月2日\n\n"
            "一、重点任务\n\n（一）资源申请：完成云资源申请和分配。\n责任单位：公司信息中心\n\n"
            "（二）组件部署：完成边缘服务组件部署。\n责任单位：公司运维部\n")
    assert kinds(text) == [("task", "资源申请"), ("task", "组件部署")]


# ---------------------------------------------------------------- time limits of the item's own

def test_an_item_whose_own_text_sets_a_time_limit_is_a_task():
    text = ("某市财政局关于做好预算项目台账填报工作的通知\n\n各县区财政局：\n\n为做好填报工作，现将有关事项通知如下。\n\n"
            "一、梳理年度预算项目，填写项目台账，于3月2日前报送市财政局预算科。\n\n二、有关要求\n\n"
            "1.填报内容要真实准确。\n\n2.各单位确定一名联络员，名单于2月26日前报送。\n\n某市财政局\n2024年2月20日\n")
    found = issues(text)
    assert [(i.kind, i.title) for i in found] == [
        ("task", "梳理年度预算项目，填写项目台账，于3月2日前报送市财政局预算科"),
        ("task", "各单位确定一名联络员，名单于2月26日前报送")]
    assert [dates(i) for i in found] == [[("date", "2024-03-02")], [("date", "2024-02-26")]]


def test_each_stage_with_a_date_window_is_a_task_due_at_the_window_end():
    text = ("某区关于开展违规占道整治的实施方案\n\n为规范道路秩序，制定本方案。\n\n一、工作目标\n\n道路秩序明显好转。\n\n"
            "二、方法步骤\n\n1.摸底阶段（8月15日—9月15日）。各街道全面摸清底数。\n\n"
            "2.整治阶段（9月16日—10月31日）。集中开展整治。\n\n3.验收阶段（11月1日—11月30日）。组织检查验收。\n\n"
            "某区人民政府\n2024年8月1日\n")
    found = issues(text)
    assert [(i.kind, i.title) for i in found] == [
        ("task", "摸底阶段（8月15日—9月15日）"), ("task", "整治阶段（9月16日—10月31日）"),
        ("task", "验收阶段（11月1日—11月30日）")]
    assert [dates(i) for i in found] == [[("date", "2024-09-15")], [("date", "2024-10-31")], [("date", "2024-11-30")]]


def test_a_heading_over_stages_with_its_own_limit_is_a_task_too():
    text = ("某县关于开展线路整治的工作方案\n\n为消除安全隐患，制定本方案。\n\n一、工作目标\n\n消除线路安全隐患。\n\n"
            "二、实施步骤\n\n（一）摸底排查（2024年5月底前）\n\n由县供电公司牵头，全面排查线路。\n\n"
            "（二）集中整治（2024年底前）\n\n1.第一阶段（6月1日—8月31日）。完成城区整治。\n\n"
            "2.第二阶段（9月1日—12月31日）。完成乡镇整治。\n\n三、工作要求\n\n各单位要高度重视。\n\n"
            "某县人民政府\n2024年4月10日\n")
    by_title = {i.title: i for i in issues(text)}
    assert set(by_title) == {"摸底排查（2024年5月底前）", "集中整治（2024年底前）",
                             "第一阶段（6月1日—8月31日）", "第二阶段（9月1日—12月31日）"}
    assert all(i.kind == "task" for i in by_title.values())
    assert dates(by_title["集中整治（2024年底前）"]) == [("date", "2024-12-31")]
    assert dates(by_title["第一阶段（6月1日—8月31日）"]) == [("date", "2024-08-31")]
    assert units(by_title["摸底排查（2024年5月底前）"]) == [("县供电公司", "lead")]


# ---------------------------------------------------------------- not items

def test_grouping_headings_aims_and_safeguards_are_no_issues():
    titles = [title for _, title in kinds(plan_with("重点任务"))]
    assert "重点任务" not in titles
    assert not {"指导思想", "保障措施", "强化组织领导", "加强宣传引导"} & set(titles)


def test_aims_principles_and_requirements_without_notes_are_no_issues():
    text = ("某县人民政府关于推进农村改厕工作的实施意见\n\n各乡镇人民政府：\n\n为推进农村改厕，提出如下意见。\n\n"
            "一、指导思想\n\n坚持因地制宜。\n\n二、基本原则\n\n（一）坚持群众自愿。\n\n（二）坚持分类推进。\n\n"
            "三、工作目标\n\n农村卫生厕所普及率稳步提高。\n\n四、组织保障\n\n（一）加强组织领导。\n\n"
            "五、工作要求\n\n（一）严格质量把关。\n\n某县人民政府\n2024年3月1日\n")
    assert kinds(text) == []


AIM = ("某县人民政府关于推进农村改厕工作的实施意见\n\n各乡镇人民政府：\n\n为推进农村改厕，提出如下意见。\n\n"
       "一、工作目标\n\n到2025年，全县农村卫生厕所普及率达到90%以上。\n\n{second}\n\n"
       "三、组织保障\n\n（一）加强组织领导。\n\n某县人民政府\n2024年3月1日\n")


def test_an_aim_with_a_target_date_is_no_issue_beside_a_task_label():
    text = AIM.format(second="二、重点任务\n\n（一）推进户厕改造。\n\n（二）建设公共厕所。")
    assert kinds(text) == [("task", "推进户厕改造"), ("task", "建设公共厕所")]
    assert [(d.date, d.issue) for d in deadline_records(text)] == [("2025-12-31", None)]


@pytest.mark.parametrize("aim", ["工作目标", "行动目标", "具体目标"])
def test_an_aim_with_a_target_date_is_no_issue_without_a_task_label(aim):
    """An aim's target (到2025年…) is the whole work's, not an item's own time limit."""
    text = AIM.format(second="二、基本原则\n\n（一）坚持群众自愿。\n\n（二）坚持分类推进。").replace("工作目标", aim)
    assert kinds(text) == []
    assert [(d.date, d.issue) for d in deadline_records(text)] == [("2025-12-31", None)]


def test_background_is_no_issue_even_with_a_past_or_target_date():
    text = ("某县教育局关于校舍安全工作情况的报告\n\n县人民政府：\n\n现将有关情况报告如下。\n\n"
            "一、工作开展情况\n\n（一）完成校舍排查。2023年10月底前完成全部排查。\n\n"
            "（二）推进维修改造。计划于2024年底前完成改造。\n\n二、基本情况\n\n全县共有学校52所，计划到2025年全部达标。\n\n"
            "三、下一步工作\n\n（一）加快项目建设。\n\n某县教育局\n2024年3月1日\n")
    assert kinds(text) == [("task", "加快项目建设")]
    assert any(d.issue is None and d.date == "2024-12-31" for d in deadline_records(text))


DUTIES = ("某市人民政府办公室关于建立河道管护机制的通知\n\n各县区人民政府，市直有关部门：\n\n现就有关事项通知如下。\n\n"
          "一、职责分工\n\n（一）市水利局：牵头负责河道管护的统筹协调和监督指导。\n\n（二）市财政局：负责落实河道管护经费。\n\n"
          "（三）各县区人民政府：负责辖区内河道日常管护。\n\n二、工作要求\n\n各单位要加强协作。\n\n"
          "某市人民政府办公室\n2024年4月15日\n")


def test_a_standing_list_of_duties_is_no_issue():
    assert kinds(DUTIES) == []


def test_a_duty_with_a_note_of_its_own_is_a_task():
    noted = DUTIES.replace("负责落实河道管护经费。", "负责落实河道管护经费。完成时限：2024年6月30日")
    assert kinds(noted) == [("task", "市财政局")]    # a run-in title ends at its ：


def test_a_closing_paragraph_asking_for_reports_gives_a_deadline_with_no_issue():
    text = ("某市人民政府办公室关于开展河道清理的通知\n\n各县区人民政府：\n\n现就有关事项通知如下。\n\n"
            "一、工作任务\n\n（一）清理河道垃圾。\n\n（二）拆除违建设施。\n\n二、工作要求\n\n（一）加强组织领导。\n\n"
            "（二）强化督查考核。\n\n各县区请于2024年5月31日前将工作开展情况报送市水利局。\n\n"
            "某市人民政府办公室\n2024年4月15日\n")
    assert kinds(text) == [("task", "清理河道垃圾"), ("task", "拆除违建设施")]
    assert [(d.date, d.issue) for d in deadline_records(text)] == [("2024-05-31", None)]


CLOSING_AFTER_ITEMS = ("某市人民政府办公室关于开展河道清理的通知\n\n各县区人民政府：\n\n现就有关事项通知如下。\n\n"
                       "一、清理河道垃圾。{body1}\n\n二、拆除违建设施。{body2}\n\n"
                       "请各县区于2024年5月31日前将工作开展情况报送市水利局。\n\n某市人民政府办公室\n2024年4月15日\n")


@pytest.mark.parametrize("body1, body2", [
    pytest.param("", "", id="run-in-items"),
    pytest.param("全面清理河道漂浮物。", "依法拆除河道两侧违建。", id="items-with-text"),
])
def test_a_closing_paragraph_after_the_last_item_gives_its_limit_to_no_item(body1, body2):
    text = CLOSING_AFTER_ITEMS.format(body1=body1, body2=body2)
    assert kinds(text) == []
    assert [(d.date, d.issue) for d in deadline_records(text)] == [("2024-05-31", None)]


def test_the_closing_request_of_a_review_opinion_belongs_to_no_suggestion():
    text = ("某县人大常委会关于县政府产业发展情况报告的审议意见\n\n县人民政府：\n\n会议认为，工作取得成效。\n\n"
            "一、强化产业支撑。培育龙头企业。\n\n二、优化营商环境。持续简化审批。\n\n"
            "以上审议意见，请县人民政府研究处理，并于三个月内将办理情况书面报告县人大常委会。\n\n"
            "某县人大常委会\n2024年6月3日\n")
    found = issues(text)
    assert [(i.kind, i.title) for i in found] == [("suggestion", "强化产业支撑"), ("suggestion", "优化营商环境")]
    assert [i.deadlines for i in found] == [[], []]
    assert [(d.date, d.issue) for d in deadline_records(text)] == [("2024-09-03", None)]


# ---------------------------------------------------------------- 整改 progress reports

PROGRESS = ("中共某县委关于巡察整改进展情况的通报\n\n根据县委巡察工作安排，现将巡察整改进展情况予以公布。\n\n"
            "一、提高政治站位，加强组织领导\n\n1.召开专题会议研究部署整改工作。\n\n2.成立整改工作领导小组。\n\n"
            "3.建立整改工作台账。\n\n二、巡察反馈问题整改落实情况\n\n（一）关于惠民资金发放不规范问题\n\n"
            "1.开展惠民资金专项清理。清理资金20万元。\n\n2.完善惠民资金发放制度。\n\n"
            "（二）关于基层党组织建设薄弱问题\n\n1.调整充实村级班子。\n\n（三）关于作风建设方面\n\n持续整治形式主义。\n\n"
            "中共某县委\n2024年9月1日\n")


def test_the_finest_items_of_a_progress_report_are_tasks():
    """1.–2. under （一）, 1. under （二）, and （三） beside them (a leaf beside siblings that hold
    items); not the first part on political stance and organisation, nor the grouping headings."""
    assert kinds(PROGRESS) == [("task", "开展惠民资金专项清理"), ("task", "完善惠民资金发放制度"),
                               ("task", "调整充实村级班子"), ("task", "关于作风建设方面")]


def test_a_flattened_progress_report_gives_the_same_kinds():
    flat = PROGRESS.replace("\n", "")
    found = issues(flat)
    assert [i.kind for i in found] == ["task"] * 4
    assert [i.title for i in found][:3] == ["开展惠民资金专项清理", "完善惠民资金发放制度", "调整充实村级班子"]


def test_a_progress_report_with_a_next_step_section_keeps_its_reported_items():
    text = PROGRESS.replace("中共某县委\n2024年9月1日", "三、下一步工作打算\n\n1.巩固整改成果。\n\n2.建立长效机制。\n\n"
                                                  "中共某县委\n2024年9月1日")
    assert kinds(text) == [("task", "开展惠民资金专项清理"), ("task", "完善惠民资金发放制度"),
                           ("task", "调整充实村级班子"), ("task", "关于作风建设方面"),
                           ("task", "巩固整改成果"), ("task", "建立长效机制")]


def test_a_rectification_plan_is_no_progress_report():
    text = ("某区关于市容环境问题的整改方案\n\n为抓好市容环境问题整改落实，制定本方案。\n\n"
            "一、整治范围\n\n（一）城区主次干道。\n\n（二）背街小巷和城中村。\n\n"
            "二、职责分工\n\n（一）区城管局：负责占道经营整治。\n\n（二）区住建局：负责违章建筑拆除。\n\n"
            "某区人民政府\n2024年6月3日\n")
    assert kinds(text) == []


# ---------------------------------------------------------------- reply letters

def test_the_numbered_items_of_a_reply_letter_are_tasks():
    text = ("某市交通运输局关于市人大代表第45号建议的答复\n\n李代表：\n\n您提出的关于改善公交出行的建议收悉，现答复如下。\n\n"
            "一、优化公交线网。今年已新开线路5条。\n\n二、更新新能源公交车。计划更新车辆100辆。\n\n"
            "感谢您对交通工作的关心和支持。\n\n某市交通运输局\n2024年7月1日\n")
    assert kinds(text) == [("task", "优化公交线网"), ("task", "更新新能源公交车")]
    assert kinds(text.replace("\n", "")) == [("task", "优化公交线网"), ("task", "更新新能源公交车")]


def test_an_unnumbered_paragraph_of_planned_work_in_a_reply_is_a_task_titled_by_its_first_sentence():
    text = ("某市交通运输局关于市人大代表第45号建议的答复\n\n李代表：\n\n您提出的关于改善公交出行的建议收悉。经认真研究，现答复如下。\n\n"
            "近年来，我局持续优化公交线网，今年已新开线路5条，群众出行更加便利。\n\n"
            "下一步，我们将加快推进公交场站建设，力争年底前新建场站3座。同时加强运营监管。\n\n"
            "感谢您对交通工作的关心和支持。\n\n某市交通运输局\n2024年7月1日\n")
    found = issues(text)
    assert [(i.kind, i.title) for i in found] == [("task", "下一步，我们将加快推进公交场站建设，力争年底前新建场站3座")]
    assert dates(found[0]) == [("date", "2024-12-31")]


def test_the_same_planned_paragraph_outside_a_reply_is_no_issue():
    text = ("某市交通运输局关于公交出行工作情况的报告\n\n市人民政府：\n\n现将有关情况报告如下。\n\n"
            "近年来，我局持续优化公交线网，今年已新开线路5条，群众出行更加便利。\n\n"
            "下一步，我们将加快推进公交场站建设，同时加强运营监管，不断提升服务水平。\n\n"
            "某市交通运输局\n2024年7月1日\n")
    assert kinds(text) == []


# ---------------------------------------------------------------- findings paragraphs

FINDINGS = ("某市应急管理局关于某公司较大事故调查处理情况的通报\n\n各县区应急管理局：\n\n2024年3月5日，某公司发生一起较大事故。\n\n"
            "{paragraph}\n\n各地要深刻吸取教训。\n\n某市应急管理局\n2024年5月10日\n")


def test_an_unnumbered_findings_paragraph_is_a_problem_titled_by_its_first_sentence():
    text = FINDINGS.format(paragraph="经调查认定，该公司安全管理制度不健全，隐患排查治理不到位问题仍然突出，"
                                     "是导致事故发生的主要原因。相关责任人已被依法追责。")
    assert kinds(text) == [("problem", "经调查认定，该公司安全管理制度不健全，隐患排查治理不到位问题仍然突出，"
                                       "是导致事故发生的主要原因")]


def test_a_paragraph_recounting_the_event_is_no_problem():
    text = FINDINGS.format(paragraph="事故发生后，市委、市政府高度重视，主要领导第一时间赶赴现场指导救援处置工作。"
                                     "相关善后工作有序推进。")
    assert kinds(text) == []


def test_the_items_under_a_problem_label_with_youguan_are_problems():
    text = plan_with("存在有关问题")
    assert kinds(text) == [("problem", "排查安全隐患"), ("problem", "建立长效机制")]


@pytest.mark.parametrize("label", ["人大代表建议提案办理工作", "全国人大建议征集"])
def test_work_on_deputies_suggestions_holds_tasks_not_suggestions(label):
    assert kinds(plan_with(label)) == []


def test_a_suggestions_label_still_holds_suggestions():
    assert kinds(plan_with("优化调整建议")) == [("suggestion", "排查安全隐患"), ("suggestion", "建立长效机制")]


def test_a_problem_label_run_into_its_first_sentence_still_holds_problems():
    """Flattened: 二、存在的困难和问题从检查的情况看，… then （一）（二）: the items are problems."""
    text = ("某区人民政府办公室关于某项整治工作情况的报告区人大常委会：现将有关情况报告如下。"
            "一、工作开展情况全区共排查隐患120处。二、存在的困难和问题从检查的情况看，整治工作仍有不足。"
            "（一）部分隐患整改进度偏慢。（二）长效管理机制尚不健全。三、下一步工作打算（一）加快整改进度。"
            "某区人民政府办公室2024年4月1日")
    assert [k for k, _ in kinds(text)][:2] == ["problem", "problem"]


# ---------------------------------------------------------------- title kinds by set lookup

from hypothesis import given, settings, strategies as st  # noqa: E402

from taizhang.pipeline import items as items_module  # noqa: E402

TITLE_KINDS = ("aims", "not_items", "schedule", "background")


@pytest.mark.parametrize("title, key, expected", [
    ("指导思想", "aims", True),
    ("坚持基本原则", "aims", True),                       # its end after a word
    ("工作目标以消除安全隐患为目标，全面排查整治各类风险点位", "aims", True),   # a run-in title
    ("保障措施：", "not_items", True),
    ("加强组织领导", "not_items", True),
    ("组织领导小组办公室的职责", "not_items", False),
    ("时间安排\n：", "schedule", True),                   # W$ matches before a final newline
    ("排查整治安全隐患", "background", False),
])
def test_title_kinds(title, key, expected):
    assert items_module._matches(title, key) is expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["指导", "思想", "工作目标", "时间安排", "背景", "组织", "领导", "保障措施",
                                 "以", "全面", "，", "：", "。", "\n", " ", "加强"]), max_size=12),
       st.sampled_from(TITLE_KINDS))
def test_a_title_kind_by_set_lookup_is_what_its_pattern_says(pieces, key):
    """The words of a ^(?:A|B)$ pattern as a set say what the pattern's search over the
    title's stretches says (a final newline included)."""
    title = "".join(pieces)
    searched = any(pattern.search(t) for _, _, pattern in items_module._lexicon()[key]
                   for t in items_module._title_candidates(title))
    assert items_module._matches(title, key) is searched


def test_a_pattern_that_is_no_plain_choice_of_words_is_searched():
    words, _, pattern = items_module._title_rule("^(?:工作|实施)步骤$")
    assert words is None and pattern.search("实施步骤")
    assert items_module._title_rule("^(?:步骤.{0,2}安排)$")[0] is None
    words, _, _ = items_module._title_rule("^(?:实施步骤|时间安排)$")
    assert words == {"实施步骤", "时间安排", "实施步骤\n", "时间安排\n"}
