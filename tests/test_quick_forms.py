"""Quick forms of rules written for speed give the answers of the plain forms they replaced:
run_in_title's scan of the characters it acts on, the figure grammar's one-character tests
before its word lists, the contact fields' word test, the reader's count of control characters,
the search of an 附件 page label without a pattern compiled for each title."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from taizhang.extractors import figures, markers
from taizhang.pipeline import structure
from taizhang.pipeline.lexicon import load
from taizhang.pipeline.readers import text as text_reader

# ---------------------------------------------------------------- run_in_title


def _run_in_title_plain(paragraph: str) -> str:
    """run_in_title as it was: every character visited, the brackets counted first."""
    stop = load("headings")["title_end"]
    opens = {pair[0]: pair[1] for pair in load("common")["quotes"]} | {"（": "）", "(": ")"}
    balanced = all(paragraph.count(o) == paragraph.count(c) for o, c in opens.items())
    depth: list[str] = []
    for i, ch in enumerate(paragraph):
        if balanced and ch in opens:
            depth.append(opens[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch in stop and not depth and (ch == "。" or i >= 2) and not (
                0 < i < len(paragraph) - 1 and ch in ":：" and paragraph[i - 1].isdigit() and paragraph[i + 1].isdigit()):
            return paragraph[:i]
        elif not depth and i >= 4 and paragraph.startswith(markers.ENUMERATION, i):
            return paragraph[:i]
    return paragraph.rstrip("：:")


TITLE_PIECES = ["（一）", "加强", "市工信局", "：", ":", "。", "“", "”", "《", "》", "（", "）", "(", ")",
                "一是", "二是", "一", "负责", "，", "、", "；", "整改", "2024年", " ", "11", "3"]


@given(st.lists(st.sampled_from(TITLE_PIECES), max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_run_in_title_is_the_plain_scan(paragraph):
    assert markers.run_in_title(paragraph) == _run_in_title_plain(paragraph)


# ---------------------------------------------------------------- figures: the one-character tests

FIGURE_PIECES = ["第", "约", "近", "超过", "美元", "美金", "港币", "人民币", "共计", "排名", "序号", "最近",
                 "3", "12", "万元", "个", " ", "，", "达", "元", "年", "项"]


def _positions(text: str):
    return [i for i in range(1, len(text) + 1) if i == len(text) or text[i].isdigit()]


@given(st.lists(st.sampled_from(FIGURE_PIECES), max_size=20).map("".join))
@settings(max_examples=300, deadline=None)
def test_the_figure_gates_never_change_an_answer(text):
    lex = figures._lex()
    for start in _positions(text):
        assert figures._rank_or_label(text, start, lex) == bool(
            figures._is_ordinal(text, start, lex) or figures._after_label(text, start, lex))
        head = text[max(0, start - 6):start].rstrip(" ")
        if head.endswith(lex.apx_before_words):
            assert figures._may_end_with(text, start, lex.apx_before_ends)
        if figures._head(text, start, 8).endswith(lex.currency_words):
            assert figures._may_end_with(text, start, lex.currency_ends)


# ---------------------------------------------------------------- contact fields


CONTACT_PIECES = ["联系人", "：", "王某", "电话", "联系电话", "0471-1234567", "a.b@example.cn", "，", "；",
                  "（", "）", "邮箱", "手机", "13800000000", " "]


@given(st.lists(st.sampled_from(CONTACT_PIECES), max_size=16).map("".join))
@settings(max_examples=300, deadline=None)
def test_contact_fields_are_what_the_patterns_find_everywhere(text):
    p = structure._patterns()

    def found(name: str, key: str):
        m = p[name].search(text)
        return m.group(key) if m else None

    got = structure._contact(text)
    name, phone, email = found("contact_name", "name"), found("contact_phone", "phone"), found("contact_email", "email")
    if not (name or phone or email):
        assert got is None
    else:
        assert (got["name"], got["email"]) == (name, email)
        assert (got["phone"] is None) == (phone is None)


# ---------------------------------------------------------------- the reader's control characters


@given(st.text(alphabet=st.characters(max_codepoint=0x40), max_size=200))
@settings(max_examples=300, deadline=None)
def test_control_characters_are_counted_as_before(sample):
    plain = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    assert len(text_reader.CONTROL_CHARACTER.findall(sample)) == plain


# ---------------------------------------------------------------- the 附件 page label after its note

LABEL_PIECES = ["附件", "附", "件", "1", "2", "一", "十", "方案", "青山", "报告", "。", " "]


@given(st.lists(st.sampled_from(LABEL_PIECES), max_size=14).map("".join),
       st.lists(st.sampled_from(["方案", "青山", "报告", "1", "件"]), min_size=1, max_size=2).map("".join),
       st.data())
@settings(max_examples=400, deadline=None)
def test_the_page_label_search_is_the_pattern_it_replaced(text, head, data):
    from taizhang.pipeline import segment

    pos = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(pos, len(text)))
    plain = re.compile(r"附件[0-9一二三四五六七八九十]{0,2}(?=" + re.escape(head) + ")").search(text, pos, end)
    assert segment._page_label(text, head, pos, end) == (plain.span() if plain else None)
