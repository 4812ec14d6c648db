"""Stage 2, normalization: every cleaning rule on its own short input, and the offset map back.

Each case checks the cleaned text *and* that `Normalized.span` of a cleaned substring
points at the original wording in the source.
"""
from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import taizhang
from taizhang.pipeline.normalize import normalize


def source_of(norm, source: str, word: str, nth: int = 0) -> str:
    """The source wording behind the *nth* occurrence of *word* in the normalized text."""
    start = -1
    for _ in range(nth + 1):
        start = norm.text.index(word, start + 1)
    s, e = norm.span(start, start + len(word))
    assert 0 <= s <= e <= len(source)
    return source[s:e]


def codes(norm) -> list[str]:
    return [w["code"] for w in norm.warnings]


@functools.lru_cache(maxsize=1)
def t2s():
    import opencc

    return opencc.OpenCC("t2s")


# --- traditional → simplified, and the script -----------------------------------------------

def test_traditional_to_simplified_and_span_keeps_the_traditional_wording():
    source = "關於加強區域發展規劃的通知"
    norm = normalize(source)
    assert norm.text == "关于加强区域发展规划的通知"
    assert norm.script == "traditional"
    assert source_of(norm, source, "规划") == "規劃"
    assert source_of(norm, source, "关于加强") == "關於加強"


def test_simplified_text_is_left_alone():
    source = "关于加强区域发展规划的通知"
    norm = normalize(source)
    assert norm.text == source
    assert norm.script == "simplified"
    assert norm.warnings == []


def test_one_stray_traditional_character_in_simplified_text():
    source = "强化重大项目建設要素保障，主动靠前服务企业，推进公平竞争审查。"
    norm = normalize(source)
    assert "建设要素" in norm.text and "設" not in norm.text
    assert norm.script == "simplified"
    assert source_of(norm, source, "建设") == "建設"


def test_mixed_script():
    source = "区域發展规划與实施方案。"
    norm = normalize(source)
    assert norm.text == "区域发展规划与实施方案。"
    assert norm.script == "mixed"


def test_no_chinese_has_no_script():
    assert normalize("PVB 2024").script is None


# --- pinyin glosses ---------------------------------------------------------------------------

def test_pinyin_glosses_are_removed_and_span_covers_them():
    source = "根據(jù)中央統(tǒng)一部署,現(xiàn)將有關事項通知如下。"
    norm = normalize(source)
    assert norm.text == "根据中央统一部署,现将有关事项通知如下。"
    assert source_of(norm, source, "根据") == "根據"
    assert source_of(norm, source, "统一") == "統(tǒng)一"      # the gloss sits inside the word
    assert source_of(norm, source, "现将") == "現(xiàn)將"


def test_full_width_parentheses_gloss():
    source = "自治區（qū）黨委"
    norm = normalize(source)
    assert norm.text == "自治区党委"
    assert source_of(norm, source, "区党") == "區（qū）黨"


@pytest.mark.parametrize("text", [
    "推动双欣环保树脂及(PVB)功能性膜项目建设。",
    "推动双欣环保树脂及（PVB）功能性膜项目建设。",
    "制定《数字鄂托克三年行动方案(2021—2025年)》。",
    "制定《数字鄂托克三年行动方案（2021—2025年）》。",
    "上线政务服务手机(app)端。",                       # letters without tone marks
    "(一)提高政治站位。",
    "市人民政府（以下简称市政府）。",
])
def test_ordinary_parentheses_are_kept(text):
    assert normalize(text).text == text


# --- mojibake ---------------------------------------------------------------------------------

@pytest.mark.parametrize("word, wrong", [
    ("整改措施", "cp1252"),
    ("明确责任", "cp1252"),
    ("督查反馈意见", "latin-1"),
    ("关于印发整改方案的通知", "latin-1"),     # 关 = E5 85 B3: U+0085 must not be taken for a line end
    ("完成时限", "latin-1"),
])
def test_utf8_read_as_latin1_is_repaired(word, wrong):
    garbled = word.encode("utf-8").decode(wrong)
    source = f"标题：{garbled}。\n正文。"
    norm = normalize(source)
    assert norm.text == f"标题：{word}。\n正文。"
    assert "mojibake_repaired" in codes(norm)
    assert "mojibake" not in codes(norm)
    # the repaired word points at the whole garbled run, with or without its neighbours
    assert source_of(norm, source, word) == garbled
    assert source_of(norm, source, f"：{word}。") == f"：{garbled}。"
    assert source_of(norm, source, word[:2]).startswith(garbled[0])
    assert source_of(norm, source, word[-2:]).endswith(garbled[-1])
    assert source_of(norm, source, "正文") == "正文"


@pytest.mark.parametrize("before, after", [(" ", " "), ("", ""), ("推进", "治理")],
                         ids=["spaced", "alone", "between-chinese"])
def test_utf8_read_as_gbk_is_repaired(before, after):
    word = "整改“，"
    garbled = word.encode("utf-8").decode("gbk")          # 鏁存敼鈥滐紝
    assert garbled != word
    source = f"{before}{garbled}{after}"
    norm = normalize(source)
    assert "整改“，" in norm.text
    assert garbled not in norm.text
    assert "mojibake_repaired" in codes(norm)
    assert "mojibake" not in codes(norm)
    assert source_of(norm, source, "整改“，") == garbled
    if before:
        assert norm.text.startswith(before.strip())        # the correct neighbours are untouched


def test_gbk_mojibake_with_lost_bytes_is_kept_with_a_warning():
    source = "推进“一湖兩?!本C合治理。"
    norm = normalize(source)
    assert norm.text == "推进“一湖两?!本C合治理。"       # nothing invented, only 兩 → 两
    assert codes(norm) == ["mojibake"]
    s, e = norm.warnings[0]["span"]
    assert "?!" in source[s:e] or source[s:e].startswith("?")
    assert source_of(norm, source, "两?!本C") == "兩?!本C"


@pytest.mark.parametrize("text", [
    "收购粮食5000公斤，价格平稳。",
    "拷贝文件后关闭窗口。",
    "整改完成率100%。",
])
def test_ordinary_text_is_not_taken_for_mojibake(text):
    norm = normalize(text)
    assert norm.text == text
    assert norm.warnings == []


# --- full-width forms ---------------------------------------------------------------------

def test_full_width_digits_and_letters_become_ascii():
    source = "２０２２年１２月３１日前完成整改，ＰＶＢ膜产量ｘｙｚ增长１００％。"
    norm = normalize(source)
    assert norm.text == "2022年12月31日前完成整改，PVB膜产量xyz增长100%。"
    assert source_of(norm, source, "2022年12月31日") == "２０２２年１２月３１日"
    assert source_of(norm, source, "100%") == "１００％"


def test_full_width_punctuation_is_kept():
    text = "（一）整改措施：一是加强领导；二是明确责任。"
    assert normalize(text).text == text


# --- markdown ---------------------------------------------------------------------------------

def test_markdown_bold_is_dropped():
    source = "三是**统筹推进“科技突围”战略、人才政策实施**，充分依托高水平科研平台。"
    norm = normalize(source)
    assert norm.text == "三是统筹推进“科技突围”战略、人才政策实施，充分依托高水平科研平台。"
    assert source_of(norm, source, "统筹推进") == "统筹推进"
    assert source_of(norm, source, "三是统筹") == "三是**统筹"
    assert source_of(norm, source, "实施，") == "实施**，"


def test_markdown_heading_prefix_and_underscores():
    source = "## 工作要求\n__加强领导__，落实责任。"
    norm = normalize(source)
    assert norm.text == "工作要求\n加强领导，落实责任。"
    assert source_of(norm, source, "工作要求") == "工作要求"


# --- debris lines --------------------------------------------------------------------------

@pytest.mark.parametrize("line, kind", [
    ("Stamp", "stamp"),
    ("（印章）", "stamp"),
    ("扫描二维码推送至手机访问。", "qr_code"),
    ("版权声明：本文由信途科技转载于网络，如有侵权联系站长删除。", "copyright"),
    ("时间:2023-07-06 16:16 来源: 【字体:        ", "web_header"),
    ("【打印本页】【关闭窗口】", "page_tools"),
    ("- 3 -", "page_number"),
])
def test_debris_lines_are_dropped_and_kept_as_evidence(line, kind):
    source = f"各单位要认真落实。\n{line}\n鄂托克旗人民政府办公室\n2023年11月17日"
    norm = normalize(source)
    assert norm.text == "各单位要认真落实。\n鄂托克旗人民政府办公室\n2023年11月17日"
    assert [d["kind"] for d in norm.debris] == [kind]
    s, e = norm.debris[0]["span"]
    assert source[s:e] == line
    assert source_of(norm, source, "鄂托克旗人民政府办公室") == "鄂托克旗人民政府办公室"
    assert source_of(norm, source, "2023年11月17日") == "2023年11月17日"


def test_debris_lines_in_traditional_text():
    source = "如有意見建議，請及時反映。\n掃描二維碼推送至手機訪問。\n版權聲明:本文由信途科技轉載於網絡。"
    norm = normalize(source)
    assert norm.text == "如有意见建议，请及时反映。"
    assert [d["kind"] for d in norm.debris] == ["qr_code", "copyright"]


@pytest.mark.parametrize("line", [
    "请各单位扫描二维码报名，名额有限。",
    "Stamp duty 印花税按规定缴纳。",
    "时间紧、任务重，各单位要抓紧落实。",
])
def test_content_that_mentions_debris_words_is_kept(line):
    source = f"正文开始。\n{line}\n正文结束。"
    norm = normalize(source)
    assert line.replace(" ", "") in norm.text.replace(" ", "")
    assert norm.debris == []


# --- lines broken inside sentences -------------------------------------------------------------

WRAPPED = (
    "关于加强安全生产工作的通知\n"
    "\n"
    "各旗区人民政府：\n"
    "\n"
    "为进一步加强安全生产工作，切实保障人民群众生命财产安全，现就有关事\n"
    "项通知如下。各单位要高度重视，认真组织开展隐患排查整治，建立问题清\n"
    "单和整改台账，明确责任单位和完成时限，确保各项措施落到实处，坚决防\n"
    "范遏制重特大事故发生。\n"
    "\n"
    "一、压实安全责任\n"
    "各级各部门要严格落实安全生产责任制，主要负责人是第一责任人，对本地\n"
    "区本部门安全生产工作负总责，分管负责人负直接领导责任，确保责任落实\n"
    "到位、措施执行到位。\n"
    "（一）明确工作分工\n"
    "1.加强隐患排查\n"
    "责任单位：市应急管理局\n"
    "完成时限：2023年12月31日前\n"
    "\n"
    "鄂尔多斯市人民政府\n"
    "2023年7月6日\n"
)


def test_hard_wrapped_paragraphs_are_joined_and_the_rest_is_not():
    norm = normalize(WRAPPED)
    assert norm.text.split("\n") == [
        "关于加强安全生产工作的通知",
        "各旗区人民政府：",
        "为进一步加强安全生产工作，切实保障人民群众生命财产安全，现就有关事项通知如下。"
        "各单位要高度重视，认真组织开展隐患排查整治，建立问题清单和整改台账，明确责任单位和完成时限，"
        "确保各项措施落到实处，坚决防范遏制重特大事故发生。",
        "一、压实安全责任",
        "各级各部门要严格落实安全生产责任制，主要负责人是第一责任人，对本地区本部门安全生产工作负总责，"
        "分管负责人负直接领导责任，确保责任落实到位、措施执行到位。",
        "（一）明确工作分工",
        "1.加强隐患排查",
        "责任单位：市应急管理局",
        "完成时限：2023年12月31日前",
        "鄂尔多斯市人民政府",
        "2023年7月6日",
    ]
    # a joined word maps to a source span holding the line break
    assert source_of(norm, WRAPPED, "事项") == "事\n项"
    assert source_of(norm, WRAPPED, "问题清单") == "问题清\n单"
    assert source_of(norm, WRAPPED, "落实到位") == "落实\n到位"
    # what was not joined maps to itself
    assert source_of(norm, WRAPPED, "一、压实安全责任") == "一、压实安全责任"
    assert source_of(norm, WRAPPED, "完成时限：2023年12月31日前") == "完成时限：2023年12月31日前"


def test_paragraph_split_by_a_blank_line_is_joined():
    source = (
        "会议认为，《关于推动内蒙古高质量发展奋力书写中国式现代化新篇章的意见》出台以来，全旗\n"
        "\n"
        "上下深入贯彻落实重要指示精神，推动全旗各项工作攻坚克难、稳中有进。\n"
        "\n"
        "为进一步做好意见落实工作，会议提出以下建议：\n"
        "\n"
        "一、着力构建现代化农牧业体系，提升发展能力。\n"
    )
    norm = normalize(source)
    assert norm.text.split("\n") == [
        "会议认为，《关于推动内蒙古高质量发展奋力书写中国式现代化新篇章的意见》出台以来，"
        "全旗上下深入贯彻落实重要指示精神，推动全旗各项工作攻坚克难、稳中有进。",
        "为进一步做好意见落实工作，会议提出以下建议：",
        "一、着力构建现代化农牧业体系，提升发展能力。",
    ]
    assert source_of(norm, source, "全旗上下") == "全旗\n\n上下"


def test_line_ending_in_a_comma_or_open_bracket_is_joined():
    source = "各单位要加强领导，\n明确责任，确保按期完成《整改\n方案》确定的任务。"
    norm = normalize(source)
    assert norm.text == "各单位要加强领导，明确责任，确保按期完成《整改方案》确定的任务。"
    assert source_of(norm, source, "领导，明确") == "领导，\n明确"


@pytest.mark.parametrize("lines", [
    ["鄂尔多斯市人民政府办公室关于印发", "整改落实方案的通知", "各旗区人民政府，市直各有关部门："],   # title lines
    ["一、指导思想", "全面贯彻党的十九大精神。"],                                                    # heading
    ["（一）提高政治站位", "做好整改工作。"],
    ["1.加快工程验收进度", "确保按期完成。"],
    ["牵头领导：苏翠芳", "责任单位：市财政局", "完成时限：2021年12月31日前"],                         # field labels
    ["鄂尔多斯市人民政府办公室", "2021年12月9日"],                                                    # signature, date
    ["附件：整改任务清单", "鄂托克旗人大常委会办公室", "2023年11月17日"],
    ["青山县人民政府", "青政报〔2024〕7号          签发人：韩立", "青山县人民政府关于县委巡察组"],  # 文号 lines
    ["青山县教育局", "青教函〔2024〕12号                    B", "青山县教育局关于县人大十八届三次会议"],
])
def test_titles_headings_labels_dates_and_signatures_are_not_joined(lines):
    source = "\n".join(lines)
    assert normalize(source).text.split("\n") == lines
    assert normalize("\n\n".join(lines)).text.split("\n") == lines     # with blank lines between


def test_indentation_and_stray_spaces_are_removed():
    source = "  鄂托克旗人大常委会关于国务院支持内蒙古 工作高质量发展的意见落实情况报告 的审议意见  \n"
    norm = normalize(source)
    assert norm.text == "鄂托克旗人大常委会关于国务院支持内蒙古工作高质量发展的意见落实情况报告的审议意见"
    assert source_of(norm, source, "内蒙古工作") == "内蒙古 工作"


@pytest.mark.parametrize("space", ["\u2002", "\u2003", "\u2009", "\u3000", "\xa0"])
def test_a_signature_padded_with_typographic_spaces_keeps_its_lines(space):
    """A page right-aligns the signature with runs of &ensp; or &emsp;: they are indentation,
    and the name and the date stay lines of their own."""
    pad = space * 40
    source = f"请各单位认真贯彻执行。\n{pad}青山县人民政府办公室{pad}\n{pad}{pad}2024年3月5日\n"
    assert normalize(source).text.split("\n") == ["请各单位认真贯彻执行。", "青山县人民政府办公室", "2024年3月5日"]


@pytest.mark.parametrize("lines, joined", [
    (["提高比例不超过原比例的50%。（牵头责", "任单位：区财政局）", "8.保护市场主体合法权益。"],
     ["提高比例不超过原比例的50%。（牵头责任单位：区财政局）", "8.保护市场主体合法权益。"]),
    (["其余2个正在按计划推进（第", "3、5项）。现将整改情况报告如下："],
     ["其余2个正在按计划推进（第3、5项）。现将整改情况报告如下："]),
    (["请认真贯彻执行。", "附件：青山县防汛工作领导小组组成人员及", "工作职责", "青山县人民政府办公室", "2024年6月1日"],
     ["请认真贯彻执行。", "附件：青山县防汛工作领导小组组成人员及工作职责", "青山县人民政府办公室", "2024年6月1日"]),
])
def test_a_note_or_an_attachment_title_wrapped_in_a_pdf_is_joined(lines, joined):
    """A PDF's hard wrap inside a bracketed note (its label on the next line) or after the
    conjunction of an 附件 title is inside one element."""
    assert normalize("\n".join(lines)).text.split("\n") == joined


def test_spaces_between_digits_are_kept():
    assert "500 万" not in normalize("计划实施 500 万元以上项目。").text
    assert "1 000" in normalize("共 1 000 户").text.replace("共", "")


# --- everything together, and the offset map as a property --------------------------------------

def test_all_rules_together():
    source = (
        "\ufeff關於做好**根據(jù)**督查反饋意見整改工作的通知\r\n"
        "\r\n"
        "各旗區人民政府：\r\n"
        "時間:2023-07-06 16:16 來源: 【字體:  \r\n"
        "一、工作要求\r\n"
        "各單位要於２０２２年１２月３１日前完成整改任務，請各單位認真落\r\n"
        "實，確保整改到位。\r\n"
        "Stamp\r\n"
        "鄂爾多斯市人民政府\r\n"
        "2023年7月6日\r\n"
    )
    norm = normalize(source)
    assert norm.text.split("\n") == [
        "关于做好根据督查反馈意见整改工作的通知",
        "各旗区人民政府：",
        "一、工作要求",
        "各单位要于2022年12月31日前完成整改任务，请各单位认真落实，确保整改到位。",
        "鄂尔多斯市人民政府",
        "2023年7月6日",
    ]
    assert norm.script == "traditional"
    assert codes(norm) == ["control_chars"]          # the BOM inside the text
    assert [d["kind"] for d in norm.debris] == ["web_header", "stamp"]
    assert source_of(norm, source, "根据") == "根據"
    assert source_of(norm, source, "落实") == "落\r\n實"
    assert source_of(norm, source, "2022年") == "２０２２年"
    assert source_of(norm, source, "一、工作要求") == "一、工作要求"
    assert source_of(norm, source, "完成整改任务") == "完成整改任務"


FRAGMENTS = [
    "关于", "加强", "区域", "區(qū)", "發(fā)展", "根據(jù)", "規劃", "與", "２０２２", "ＡＢ", "１００％", "**",
    "，", "。", "：", "\r\n", "\n", "\r", "\n\n", "\x00", "(PVB)", "（2021—2025年）", " ", "一、", "（一）",
    "1.", "责任单位：", "\nStamp\n", "年", "工作", "整改落实情况",
]


def _plain(piece: str) -> str:
    """What normalization turns one source character (or \\r\\n) into, out of context."""
    halfwidth = {cp: cp - 0xFEE0 for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                            *range(0xFF41, 0xFF5B), 0xFF05]}
    return t2s().convert(piece.translate(halfwidth))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40))
@example(pieces=["关于"] * 9 + ["規劃"] + ["（2021—2025年）"] * 3 + ["责任单位："])     # a title broken off
def test_every_normalized_character_maps_to_its_source_character(pieces):
    source = "".join(pieces)
    norm = normalize(source)
    previous = 0
    for i, ch in enumerate(norm.text):
        s, e = norm.span(i, i + 1)
        assert 0 <= s < e <= len(source)
        assert s >= previous                               # the map never goes backwards
        previous = s
        piece = source[s:e]
        if ch == "\n":
            # a source line end, or a break inserted where a flattened notice's line ended (after
            # its title, before a heading): it has no character of its own and maps to the next
            inserted = i + 1 < len(norm.text) and norm.span(i + 1, i + 2)[0] == s and norm.text[i + 1] != "\n"
            assert piece in ("\n", "\r", "\r\n") or inserted, (i, piece)
        else:
            assert _plain(piece) == ch, (i, ch, piece)
    s, e = norm.span(0, len(norm.text))
    assert 0 <= s <= e <= len(source)
    assert norm.span(3, 3)[0] == norm.span(3, 3)[1]


def test_loading_the_converters_first_leaves_nothing_to_load_at_a_traditional_notice():
    from taizhang.pipeline import normalize

    normalize.load_converters()
    before = normalize._converter.cache_info()
    converted, script = normalize.to_simplified("關於進一步加強整改工作的通知")
    after = normalize._converter.cache_info()
    assert (converted, script) == ("关于进一步加强整改工作的通知", "traditional")
    assert after.misses == before.misses and after.currsize == 2


def test_small_form_punctuation_reads_as_the_punctuation_it_is_a_form_of():
    """1﹒ and 附件﹕ (small form variants, U+FE50–FE6B) are the heading and the 附件说明 they look like."""
    text = "关于做好检查的通知\n各单位：\n1﹒加强领导。\n2﹒落实责任﹐按期完成。\n附件﹕1.检查表\n青河县应急管理局\n2024年1月2日\n"
    found = taizhang.extract(text)
    assert [r.title for r in found if r.type == "section"] == ["加强领导", "落实责任，按期完成"]
    assert found[0].attachments == ["检查表"]
    assert normalize(text).text == text.translate({0xFE52: "．", 0xFE50: "，", 0xFE55: "："}).rstrip("\n")


def test_lines_wrapped_by_the_page_s_width_join_though_digits_make_them_longer():
    """A PDF wraps by width: a line with half-width digits holds more characters (建设工期18个月),
    one with a heading marker and quotes fewer; both end where the page did, and join."""
    lines = ["关于城区排水防涝项目的批复",
             "县住房和城乡建设局：",
             "你局报来的请示收悉。经研究，现批复如下：",
             "一、同意实施城区排水防涝项目，项目位于城关镇建",
             "成区，面积约14.8平方公里，建设工期18个月。项目",
             "采用“源头减排、管网排放”的技术路线，近期重点解",
             "决城关镇人民路、白沙镇新华街等区域内涝问题。",
             "二、项目建设实行“一个项目、一名县领导”推",
             "进机制，县住房和城乡建设局为项目实施主体，县财",
             "政局、县水利局按职责配合。自本批复印发之日起30",
             "日内完成施工图设计审查，未经审查的不得开工建设。",
             "鹤鸣县人民政府",
             "2025年7月2日"]
    text = normalize("\n".join(lines)).text.split("\n")
    assert "二、项目建设实行“一个项目、一名县领导”推进机制，县住房和城乡建设局为项目实施主体，县财政局、县水利局按职责配合。" \
        "自本批复印发之日起30日内完成施工图设计审查，未经审查的不得开工建设。" in text
    assert text[-2:] == ["鹤鸣县人民政府", "2025年7月2日"]
