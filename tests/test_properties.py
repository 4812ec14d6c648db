"""Property tests (hypothesis): whatever text comes in, the pipeline keeps its contract.

Inputs are random Unicode built from 公文 pieces (heading markers, field labels, numbers
with units, dates, pinyin glosses, control characters) and random edits of the seed
notices (cut, duplicate, shuffle lines, insert noise, mix traditional and simplified).
The properties: nothing raises except a NoticeError for input that is not a notice;
every span lies inside the decoded source and shows the original wording; every
figure's base value is its value times the multiplier its unit names; the same bytes
give the same records, and doc_id is the SHA-256 of those bytes.

Example counts are fixed per test (not per profile) so that every run, CI included,
tries at least 5,000 examples; the CI profile in conftest.py only derandomizes.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from taizhang.extractors.figures import find_figures
from taizhang.pipeline.lexicon import load as lexicon
from taizhang.pipeline.load import MAGIC, NoticeError, load
from taizhang.pipeline.normalize import CJK, HALFWIDTH, _converter
from taizhang.pipeline.run import extract

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]

UNITS = lexicon("units")
MULTIPLIERS = {word: int(value) for word, value in UNITS["multipliers"].items()}
UNIT_WORDS = (set(UNITS["units"]) | set(UNITS["count_words"]) | {"百分之", "千分之"}
              | set(UNITS["currency_symbols"]) | set(UNITS["currency_before"]))   # €5, US$ 3: the symbol as written
ALLOWED_FACTORS = {1} | set(MULTIPLIERS.values())

SLOW = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ------------------------------------------------------------------ running the pipeline

@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """One file rewritten for every example: `extract` is run exactly as the CLI runs it."""
    return tmp_path_factory.mktemp("properties") / "notice.txt"


def run_bytes(path: Path, data: bytes):
    """(decoded source text, records) for *data*; (None, error) when it is refused."""
    path.write_bytes(data)
    try:
        records = extract(path, "notice.txt")
    except NoticeError as exc:
        return None, exc
    return load(path).text, records


def refusal_is_justified(text: str, data: bytes) -> bool:
    """A NoticeError is right only for empty, blank, binary-looking or magic-numbered input
    (*text* is what was encoded into *data*)."""
    if not data or any(data.startswith(magic) for magic, _ in MAGIC):
        return True
    text = text.lstrip("\ufeff")
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f\v")
    return not text.strip() or controls > max(8, len(text) // 10) or data.count(0) >= len(data) // 4


def clean(text: str) -> str:
    """Source wording brought to the normalized alphabet: half-width digits, simplified
    characters, no control or zero-width characters, no white space."""
    text = _converter("t2s").convert(text.translate(HALFWIDTH))
    return re.sub(r"[\s\x00-\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad\u2028\u2029]+", "", text)


def is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def check_spans(source: str, records) -> None:
    """0 ≤ start ≤ end ≤ len(source) for every record and every warning."""
    for record in records:
        start, end = record.span
        assert 0 <= start <= end <= len(source), (record.type, record.span, len(source))
        for warning in getattr(record, "warnings", []):
            if warning.span is not None:
                ws, we = warning.span
                assert 0 <= ws <= we <= len(source), (warning.code, warning.span, len(source))


def check_links(records) -> None:
    """Ids are unique and every reference (parent, section, issue, figures) names a record."""
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1][:5]
    by_type = {}
    for r in records:
        by_type.setdefault(r.type, set()).add(r.id)
    sections, issues, figures = (by_type.get(t, set()) for t in ("section", "issue", "figure"))
    for r in records:
        if r.type == "section" and r.parent is not None:
            assert r.parent in sections
        if getattr(r, "section", None) is not None:
            assert r.section in sections, (r.type, r.section)
        if getattr(r, "issue", None) is not None:
            assert r.issue in issues, (r.type, r.issue)
        if r.type == "issue":
            assert set(r.figures) <= figures


TONES = lexicon("cleaning")["pinyin_tone_vowels"]
PINYIN_GLOSS = re.compile(f"(?<=[{CJK}])[(（][a-zü]*[{TONES}][a-zü]*[)）]")    # 區(qū): dropped as noise
DEBRIS = [re.compile(pattern) for pattern in lexicon("cleaning")["debris_lines"].values()]


def shown_text(source: str, span) -> str:
    """What a span shows once the noise normalization drops is gone: debris lines (a lone
    Stamp between two halves of a sentence), pinyin glosses, markdown, spacing."""
    lines = source[span[0]:span[1]].split("\n")
    inner = [line for line in lines[1:-1]          # whole lines: the span's ends are kept text
             if not (line.strip() and any(p.search(line.strip()) for p in DEBRIS))]
    kept = lines[:1] + inner + lines[1:][-1:]
    # cleaned twice, as a record's text is (clean of what normalize converted once): OpenCC's
    # t2s is not idempotent on a few characters (薴 → 苧 → 苎)
    return clean(clean(PINYIN_GLOSS.sub("", "\n".join(kept)))).replace("**", "")


def check_spans_show_source(source: str, records) -> None:
    """`source[start:end]` shows the original wording: a section's span starts at its marker
    and holds its title; a figure's, deadline's or unit's span is its raw text or name."""
    if any(w.code == "mojibake_repaired" for w in records[0].warnings):
        return    # repaired characters are not in the source: nothing to compare against
    for r in records:
        shown = shown_text(source, r.span)
        if r.type == "section":
            marker = clean(r.marker)
            assert shown.startswith(marker), (r.marker, source[r.span[0]:r.span[1]][:40])
            assert is_subsequence(clean(r.title), shown[len(marker):]), (r.title, shown)
        elif r.type in ("figure", "deadline"):
            assert shown == clean(r.raw), (r.type, r.raw, source[r.span[0]:r.span[1]])
        elif r.type == "unit":
            assert shown == clean(r.name), (r.name, source[r.span[0]:r.span[1]])


def implied_factor(unit: str) -> int:
    """The multiplier the unit string names: 万元 → 10⁴, 千万元 → 10⁷, 千瓦 → 1, 万千瓦 → 10⁴;
    a rate scales as its numerator (万吨/年 → 10⁴, 元/人/月 → 1)."""
    for written in (unit, unit.split("/", 1)[0]):
        if written in UNIT_WORDS:
            return 1
        for word in sorted(MULTIPLIERS, key=len, reverse=True):
            if written.startswith(word) and (written[len(word):] in UNIT_WORDS or not written[len(word):]):
                return MULTIPLIERS[word]
    raise AssertionError(f"unit {unit!r} is neither a unit nor a multiplier and a unit")


def check_figure(value, base_value, unit, value_max=None, base_value_max=None) -> None:
    """base_value = value × the unit's multiplier (relative 1e-9), and that multiplier is one
    the lexicon knows."""
    factor = implied_factor(unit)
    assert factor in ALLOWED_FACTORS
    assert base_value == pytest.approx(value * factor, rel=1e-9, abs=0), (value, unit, base_value)
    if value:
        ratio = base_value / value
        assert any(ratio == pytest.approx(f, rel=1e-9) for f in ALLOWED_FACTORS), ratio
    if isinstance(value, int) and isinstance(base_value, int):
        assert base_value == value * factor
    assert (value_max is None) == (base_value_max is None)
    if value_max is not None:
        assert value_max > value
        assert base_value_max == pytest.approx(value_max * factor, rel=1e-9, abs=0)


# ------------------------------------------------------------------ strategies

MARKERS = ["一、", "二、", "十一、", "（一）", "(二)", "（十）", "1.", "2．", "3、", "12.", "0.",
           "（1）", "(2)", "（１）", "①", "⑳", "附件", "附件1", "附件二", "附件：", "一是", "二是"]
LABELS = ["责任单位：", "牵头单位：", "配合单位：", "责任领导：", "牵头领导：", "完成时限：",
          "整改时限：", "整改措施：", "存在问题：", "自查情况：", "整改目标：", "抄送：", "主送：",
          "联系人：", "联系电话：", "截至", "存在的问题", "下一步工作措施", "建议", "特此通知。"]
UNIT_PIECES = ["万元", "亿元", "亿", "千万元", "万亿元", "%", "％", "‰", "个", "户", "家", "人次",
               "个百分点", "百分点", "万亩", "公顷", "万吨", "千瓦", "万千瓦", "个月", "年", "倍",
               "余", "多", "左右", "以上", "至", "-", "部门", "条", "号"]
DATES = ["2021年12月31日前", "２０２２年１２月３１日前", "年底前", "9月底前", "12月31日前",
         "在六个月内", "力争到2025年", "“十四五”期间", "立行立改", "长期坚持", "2023年76",
         "时间:2023-07-06", "8月31日至9月10日", "2024年2月30日", "0年0月0日", "9999年99月99日"]
NOISE = ["\x00", "\ufeff", "\u200b", "\r\n", "\r", "\u2028", "\x0c", "**", "# ", "> ", "\t", " ",
         "\u3000", "\u00a0", "\ufffd", "?", "€", "鈥", "銆", "锛", "锟斤拷", "Ã©", "æœ‰",
         "(qū)", "(fā)", "區(qū)", "發(fā)", "（lǜ）", "Stamp", "【字体：大 中 小】", "- 3 -",
         "〔2021〕74号", "〔2022109号", "5G", "PM2.5", "13800138000"]
PUNCT = "。，、：；（）“”‘’《》〔〕【】!?！？:;,.()"
NUMBERS = st.one_of(
    st.integers(0, 10**9).map(str),
    st.decimals(0, 10**6, places=3, allow_nan=False).map(str),
    st.integers(0, 10**6).map(lambda n: f"{n:,}"),
    st.integers(0, 9999).map(lambda n: str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})),
    st.sampled_from(["一", "两", "三", "十", "二十", "三百", "两千", "五万", "一亿", "三千余", "百分之三十",
                     "千分之五", "二〇二一", "零点五", "两亿", "三万"]),
)
HANZI = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
TRADITIONAL = st.sampled_from("國發區設關係應為們這與會導處體於將對實經濟見調專門種黨據現")

PIECE = st.one_of(
    st.text(st.one_of(HANZI, TRADITIONAL), min_size=1, max_size=12),
    st.sampled_from(MARKERS), st.sampled_from(LABELS), st.sampled_from(UNIT_PIECES),
    st.sampled_from(DATES), st.sampled_from(NOISE), st.sampled_from(list(PUNCT)),
    NUMBERS, st.just("\n"), st.just("\n\n"),
    st.text(max_size=6),                                        # any code point at all
)
LINE = st.tuples(st.sampled_from(MARKERS + LABELS + ["", "", ""]),
                 st.lists(PIECE, max_size=8).map("".join)).map("".join)
NOTICE_TEXT = st.one_of(
    st.lists(LINE, max_size=15).map("\n".join),
    st.lists(PIECE, max_size=40).map("".join),
    st.text(max_size=200),
    st.lists(PIECE, max_size=8).map(lambda parts: "\n".join(parts * 3)),
)


def _t2s(text: str) -> str:
    return _converter("t2s").convert(text)


def _s2t(text: str) -> str:
    return _converter("s2t").convert(text)


@st.composite
def edited_seed(draw) -> str:
    """A slice of up to ~4,000 characters of a seed, then up to five random edits."""
    text = draw(st.sampled_from(SEED_TEXTS))
    start = draw(st.integers(0, len(text)))
    text = text[start:start + draw(st.one_of(st.integers(0, 4000), st.just(4000)))]
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["cut", "drop", "duplicate", "shuffle", "noise", "script", "piece"]))
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        if kind == "cut":
            text = text[:a] if draw(st.booleans()) else text[a:]
        elif kind == "drop":
            text = text[:a] + text[b:]
        elif kind == "duplicate":
            text = text[:b] + text[a:b] + text[b:]
        elif kind == "shuffle":
            lines = text.split("\n")
            text = "\n".join(draw(st.randoms(use_true_random=False)).sample(lines, len(lines)))
        elif kind == "noise":
            text = text[:a] + draw(st.text(st.sampled_from("".join(NOISE) + PUNCT + "\n "), max_size=8)) + text[a:]
        elif kind == "piece":
            text = text[:a] + draw(PIECE) + text[a:]
        else:
            lines = text.split("\n")
            rng = draw(st.randoms(use_true_random=False))
            convert = _s2t if draw(st.booleans()) else _t2s
            text = "\n".join(convert(line) if rng.random() < 0.5 else line for line in lines)
    return text


ENCODINGS = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "gb18030"])


def encoded(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def check_decoded(source: str, text: str, encoding: str) -> None:
    """Unicode encodings come back exactly (a UTF-8 BOM is not text). Not checked: GB18030
    (told from UTF-8 by a heuristic), NULs in UTF-8 (they may look like BOM-less UTF-16) and
    UTF-16 text opening with two NULs (FF FE 00 00 00 00 may well be UTF-32)."""
    if encoding == "gb18030" or (encoding == "utf-8" and "\x00" in text) \
            or (encoding == "utf-16" and text.startswith("\x00\x00")):
        return
    if encoding == "utf-8" and text.startswith("\ufeff"):
        text = text[1:]
    assert source == text


# ------------------------------------------------------------------ 1. random Unicode text

@settings(max_examples=2500, **SLOW)
@given(text=NOTICE_TEXT)
@example(text="")
@example(text=" \n\t\u3000\n")
@example(text="附件")
@example(text="一、")
@example(text="“”“")
@example(text="1." * 10_000)
@example(text="正文。\n0.")
@example(text="正文。\n（1）")
@example(text="2023年76")
@example(text="\x00" * 20)
@example(text="一、“”“\n（一）《\n1.“。”\n（1）")
@example(text="附件\n附件\n一、\n附件1\n（一）")
@example(text="1、字体:00000000000000000000。")      # a heading that looks like debris once cut at 。
def test_random_text_never_raises_and_spans_fit(scratch, text):
    data = text.encode("utf-8")
    source, records = run_bytes(scratch, data)
    if source is None:
        assert refusal_is_justified(text, data), f"refused a notice: {records}"
        return
    assert records[0].type == "document"
    check_spans(source, records)
    check_links(records)
    check_spans_show_source(source, records)


# ------------------------------------------------------------------ 2. random edits of the seeds

@settings(max_examples=600, **SLOW)
@given(text=edited_seed(), encoding=ENCODINGS)
@example(text="\x00一、整改任务", encoding="utf-16")      # FF FE 00 00 is not a UTF-32 BOM here
@example(text="\ufeff一、整改任务", encoding="utf-8")
@example(text="优质“软环\n\nStamp\n鄂托克旗人大常委会关于审议意见\n", encoding="utf-8")  # span over debris
def test_edited_seeds_never_raise_and_show_their_source(scratch, text, encoding):
    data = encoded(text, encoding)
    source, records = run_bytes(scratch, data)
    if source is None:
        assert refusal_is_justified(text, data), f"refused a notice: {records}"
        return
    check_decoded(source, text, encoding)
    check_spans(source, records)
    check_links(records)
    check_spans_show_source(source, records)


# ------------------------------------------------------------------ 3. base_value = value × multiplier

FIGURE_TEXT = st.tuples(
    st.sampled_from(["", "资金", "投资", "约", "近", "共", "第", "“", "完成", "A", "2021年"]),
    NUMBERS,
    st.sampled_from(["", "", "余", "多", " "]),
    st.sampled_from(["", "", ""] + list(MULTIPLIERS)),
    st.sampled_from([""] + sorted(UNIT_WORDS)),
    st.sampled_from(["", "", "至", "-"]),
    st.one_of(st.just(""), NUMBERS),
    st.sampled_from(["", "左右", "以上", "。", "，", "的企业", "部门", "年", "”"]),
).map("".join)


@settings(max_examples=3000, **SLOW)
@given(text=st.one_of(FIGURE_TEXT, st.lists(FIGURE_TEXT, min_size=2, max_size=5).map("，".join)))
@example(text="两亿余万元")
@example(text="三万余千元")
@example(text="两万余亿元")
@example(text="1.3万亿元")
@example(text="5416.595万元")
def test_figure_base_value_is_value_times_multiplier(text):
    for fig in find_figures(text):
        assert 0 <= fig["start"] <= fig["end"] <= len(text)
        assert text[fig["start"]:fig["end"]] == fig["raw"]
        check_figure(fig["value"], fig["base_value"], fig["unit"],
                     fig.get("value_max"), fig.get("base_value_max"))


@settings(max_examples=300, **SLOW)
@given(text=edited_seed())
def test_figure_records_of_edited_seeds_keep_the_multiplier(scratch, text):
    source, records = run_bytes(scratch, text.encode("utf-8"))
    if source is None:
        return
    for r in records:
        if r.type == "figure":
            check_figure(r.value, r.base_value, r.unit, r.value_max, r.base_value_max)


# ------------------------------------------------------------------ 4. determinism

def dump(records) -> list[str]:
    return [r.model_dump_json() for r in records]


@settings(max_examples=250, **SLOW)
@given(text=st.one_of(edited_seed(), NOTICE_TEXT), encoding=ENCODINGS)
def test_same_bytes_same_records_and_doc_id_is_their_hash(scratch, text, encoding):
    data = encoded(text, encoding)
    first_source, first = run_bytes(scratch, data)
    second_source, second = run_bytes(scratch, data)
    if first_source is None:
        assert second_source is None and str(first) == str(second)
        return
    assert first_source == second_source
    assert dump(first) == dump(second)
    doc_id = "d-" + hashlib.sha256(data).hexdigest()[:16]
    assert all(r.doc_id == doc_id for r in first)
    assert first[0].id == doc_id


SUBPROCESS = """
import json, sys
from pathlib import Path
from taizhang.pipeline.run import extract
print(json.dumps([[r.model_dump_json() for r in extract(Path(p))] for p in sys.argv[1:]]))
"""


def test_records_do_not_depend_on_the_hash_seed():
    """Set and dict order must not leak into the output: two processes, two hash seeds."""
    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
    outputs = []
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        done = subprocess.run([sys.executable, "-c", SUBPROCESS, *seeds], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True)
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
