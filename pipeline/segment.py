"""Logical lines of flattened text: where the line breaks of a notice were, found from the
grammar of 公文 (GB/T 9704), not from line starts.

Scraped datasets, OCR and some web pages remove every line break: masthead, 发文字号,
title, 主送, headings, signature and date run together on one line. This step puts a break
back where an element ends, as edits of the normalize chain (so spans keep pointing into
the source):

- before a heading marker (一、 （一） 1. （1） ①) that follows a sentence end, a clause end,
  a closing bracket or a space, or that continues the numbering of its list, or that opens
  the first child list right after a heading line (二、要求（一）…); never a number inside
  a sentence (二、三级, 1.5米, 7、8分);
- before 第N条 articles, before 附件：/联系人：/抄送： labels;
- around the 署名 and 成文日期 (an organization's name followed by a complete date), the
  版记's 印发 line, a (此件…) note and an 附件 page label;
- in the head of a flattened notice: after the 版头 fields, the 发文机关标志, the 发文字号,
  the title (which ends with its 文种) and the 主送 (which ends with ：).

Only lines that are flattened are touched (long, with markers after sentence ends), so a
notice with its own line breaks is left as it is. Every pattern is bounded; each line is
scanned once.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from taizhang.extractors.fields import ends_field_value
from taizhang.extractors.markers import ordinal, styles
from taizhang.pipeline.lexicon import alternation, load
from taizhang.pipeline.offsets import apply_edits

CJK = "\u4e00-\u9fff"


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    lex = load("segment")
    document = load("document")
    common = load("common")
    marks = lex["boundary_marks"]
    numerals = lex["numeral_chars"]
    candidates = []
    for style in styles():
        pattern = style.pattern.pattern
        if style.level in (1, 2):   # Chinese numerals: not inside a longer numeral, not a list of numbers
            # (一、二等奖); 两 and 百 after the marker open a title's word (（一）两项目…, 一、百日攻坚)
            listed = numerals.replace("两", "").replace("百", "")
            pattern = f"(?<![{numerals}第]){pattern}(?![{listed}])"
        else:                       # Arabic: not the tail of a longer number, not a decimal
            # (but 1.2020年…: the item opens with a year, as the style allows)
            pattern = f"(?<![0-9.．]){pattern}(?:(?<=[.．])(?=(?:19|20)[0-9]{{2}}年|(?:1[0-2]|[1-9])月)|(?![0-9]))"
        candidates.append((style, re.compile(opening_with_character(pattern))))
    # continuation-only variants of the 1. style: OCR's 12。/7， and a marker before a decimal (5.2.5m)
    arabic = next(style for style in styles() if style.name == "arabic_point")
    variants = [re.compile(opening_with_character(p)) for p in lex["ocr_item_markers"]]
    kinds = sorted(set(document["kinds"]) | {"复函", "答复"}, key=len, reverse=True)
    # a year of four digits or four Chinese numerals: written as its first character, then three
    # more of the same kind, so that the pattern opens with one class (the regex engine skips to it)
    date = (r"[0-9〇○零一二三四五六七八九](?:(?<=[0-9])[0-9]{3}|(?<=[〇○零一二三四五六七八九])[〇○零一二三四五六七八九]{3})"
            r"\s?年\s?(?:[0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s?月"
            r"\s?(?:[0-9]{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s?日")
    return {
        "min_line": lex["min_flattened_line"],
        "ratio": lex["flattened_ratio"],
        "marks": set(marks),
        "candidates": candidates,
        "variants": [(arabic, v) for v in variants],
        "max_gap": lex["max_item_gap"],
        "head_tokens": re.compile("|".join([alternation(lex["head_tokens"])] + lex["head_patterns"])),
        "other_title_end": re.compile(f"(?:{alternation(lex['other_title_words'])})(?:[（(][^（）()]{{1,6}}稿[）)])?"),
        "body_opening": re.compile("|".join(lex["body_openings"]) + "|一、|[（(]一[）)]"),
        "masthead_end": re.compile(f"(?:{alternation(lex['masthead_ends'])})"),
        "doc_number": YEAR_NUMBER,
        "label": re.compile(f"(?:{alternation(lex['line_labels'])})\\s?[:：]"),
        "attachment_label": re.compile(r"附件[0-9一二三四五六七八九十]{1,2}\s?[:：]"),
        "signer": re.compile(r"\s*签发人\s?[:：]\s?"),
        "masthead_file": re.compile(r"文件(?=[\u4e00-\u9fff]{0,40}?关于)"),
        "kind": re.compile(alternation(kinds)),
        "kind_at_end": re.compile(f"(?:{alternation(kinds)})$"),
        "sentence_opening": re.compile("|".join(lex["sentence_openings"])),
        "date": re.compile(date),
        "printed": lex["printed_word"],
        "date_followers": set(lex["date_followers"]),
        "date_verbs": tuple(lex["date_verbs"]),
        "note": re.compile(f"[（(](?:{alternation(lex['note_openers'])})[^（）()]{{0,120}}[）)]"),
        "article": re.compile("|".join(opening_with_character(f"{behind}{lex['article_marker']}")
                                       for behind in (f"(?<![{CJK}，、])", "(?<=[。；：])"))),
        "attachment_page": re.compile(r"附件[0-9一二三四五六七八九十]{0,2}(?![：:、，。0-9])"),
        "suffix": re.compile(f"(?:{alternation(document['body_endings'])})$"),
        "whole_name_end": re.compile(f"(?:{alternation(lex['whole_name_endings'])})$"),
        "suffix_in_run": re.compile(f"(?:{alternation(document['body_endings'])})"),
        "long_suffix": re.compile(f"(?:{alternation(e for e in document['body_endings'] if len(e) >= 2)})$"),
        "name_end": re.compile(alternation(document["body_endings"])),
        "issuer_opener": re.compile(alternation(document["issuer_openers"])),
        "title_word": re.compile(alternation(kinds + lex["title_words"])),
        "title_tail": re.compile(f"(?:{alternation(kinds + lex['title_words'] + ['细则', '规则', '情形', '要求'])})$"),
        "title_kind": re.compile(f"(?:{alternation(kinds + ['细则', '规则', '规程'])})(?:[（(][^（）()]{{1,8}}[）)])?"),
        "attachment_note": re.compile(r"附件[:：]\s?(?:1[.．、])?《?(?P<title>(?:[^《》：:。]|《[^《》：:。]{1,30}》){4,40})"),
        "quotes": {pair[0]: pair[1] for pair in common["quotes"]} | {"（": "）", "(": ")"},
    }


#: A pattern opening with a one-character look-behind, then (in a named group or not) a
#: character class or a plain character, once or with a quantifier.
LOOK_BEHIND_OPENING = re.compile(r"\(\?<([!=])(\[[^\[\]\\]{1,200}\])\)(\(\?P<\w{1,30}>)?"
                                 r"(\[[^\[\]\\]{1,200}\]|[^\\\[\](){}.*+?^$|])(\{[0-9]{1,3},[0-9]{1,3}\}|\+)?")


def opening_with_character(pattern: str) -> str:
    """*pattern* rewritten so that it opens with its first character instead of its look-behind:
    (?<![X])(?P<n>[F]{1,3})… becomes (?P<n>[F](?<![X][F])[F]{0,2})…, the same matches (the
    look-behind, now after a character of [F], looks at the one before it). The regex engine
    skips through the text to a character that can open a match instead of trying every
    position; a pattern of another form is returned as it is."""
    m = LOOK_BEHIND_OPENING.match(pattern)
    if m is None:
        return pattern
    sign, behind, group, first, repeat = m.groups()
    rest = pattern[m.end():]
    if repeat is None:
        if rest[:1] in ("?", "*", "+", "{"):
            return pattern          # an optional first character: no character opens every match
        more = ""
    elif repeat == "+":
        more = f"{first}*"
    else:
        low, high = (int(n) for n in repeat[1:-1].split(","))
        if low < 1 or high < low:
            return pattern
        more = f"{first}{{{low - 1},{high - 1}}}"
    return f"{group or ''}{first}(?<{sign}{behind}{first}){more}{rest}"


def is_flattened(text: str) -> bool:
    """The notice as a whole lost its line breaks: a very long line and few lines for its size,
    or one line that opens with a 版头 (a 文号, or a title ending in its 文种 then a 主送's ：)."""
    rules = _rules()
    lines = text.split("\n")
    longest = max(map(len, lines), default=0)
    if longest >= 4 * rules["min_line"] and len(lines) * rules["ratio"] <= len(text):
        return True
    filled = [line for line in lines if line.strip()]
    shown = 0
    while shown < min(2, len(filled) - 1) and _shown_above(filled[shown]):
        shown += 1                  # a page's title (and date) shown above the flattened notice
    first = filled[shown] if filled else ""
    if len(first) < 60 or len(first) < 0.8 * len(text.strip()) - sum(len(line) + 1 for line in filled[:shown]):
        return False
    head = first[:300]
    if rules["doc_number"].search(head):
        return True
    title_end = _title_end(head, 0, len(head))
    return title_end is not None and (_recipients_end(head, title_end, len(head)) is not None
                                      or rules["sentence_opening"].match(head, title_end) is not None
                                      or YEAR_OPENING.match(head, title_end) is not None
                                      or _names_the_title_body_again(head, 0, title_end))


def segment(text: str):
    """Normalize step: line breaks put back into flattened lines (see the module docstring)."""
    rules = _rules()
    whole = is_flattened(text)
    edits, pos, first, shown = [], 0, True, 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if "\t" in line:
            pass                  # a table row: its cells are not headings or signatures
        elif (len(line) >= rules["min_line"] or (whole and first)) and (whole or _run_together(text, start, end)):
            breaks, marks = _line_breaks(text, start, end, head=first and (whole or len(line) >= 60))
            edits += [(p, p, "\n") for p in breaks if start < p < end]
            edits += [(p, p + 1, ".") for p in marks]     # 12。 → 12.: an item marker, as OCR lost it
        elif len(line) >= 20 and (("年" in line and "日" in line) or "附件" in line):
            # a signature and date run into what follows (a page that lost one line break),
            # an 附件说明 run into the last paragraph (neither is found without a date's 年 and
            # 日 or an 附件: most lines are not scanned)
            breaks = set(_signature_breaks(text, start, end, strict=True)) | set(_attachment_labels(text, start, end))
            edits += [(p, p, "\n") for p in breaks if start < p < end]
        if first and line.strip():
            # a page may show the title (and its date) above a flattened notice that names
            # itself again: the head is still to come after such short lines
            shown += 1
            first = shown <= 2 and _shown_above(line)
    edits.sort()
    found = []
    if any(a == b for a, b, _ in edits):
        found.append({"code": "flattened", "span": (0, len(text)),
                      "message": f"the text had lost its line breaks; {len(edits)} were put back from "
                                 "the grammar of 公文 (headings, title, 主送, signature)"})
    new, mapping = apply_edits(text, edits)
    return new, mapping, found


def _shown_above(line: str) -> bool:
    """A short line a page shows above the notice: a title ending in its 文种, or a date."""
    line = line.strip()
    rules = _rules()
    return len(line) < 80 and "。" not in line and bool(rules["kind_at_end"].search(line) or rules["date"].fullmatch(line))


def _run_together(text: str, start: int, end: int) -> bool:
    """A long line holding at least two headings of one list after sentence ends."""
    return len(_headings(text, start, end)) >= 2


# ---------------------------------------------------------------- headings

@dataclass
class Candidate:
    start: int
    end: int
    level: int
    style: str
    ordinal: int
    strong: bool        # a line start, a sentence end, a closing bracket or a space before it
    variant: bool = False   # an OCR or run-on form (12。 7， 5.2.5m): only continues a list


def _candidates(text: str, start: int, end: int) -> list[Candidate]:
    rules = _rules()
    found = []
    for style, pattern in rules["candidates"]:
        for m in pattern.finditer(text, start, end):
            number = ordinal(m.group("n"))
            if not number:
                continue
            before = text[m.start() - 1] if m.start() > start else "\n"
            strong = before in rules["marks"] or before.isspace() or m.start() == start
            found.append(Candidate(m.start(), m.end(), style.level, style.name, number, strong))
    for style, pattern in rules["variants"]:
        for m in pattern.finditer(text, start, end):
            number = ordinal(m.group("n"))
            if number and number > 1:
                before = text[m.start() - 1] if m.start() > start else "\n"
                strong = before in rules["marks"] or before.isspace() or m.start() == start
                found.append(Candidate(m.start(), m.end(), style.level, style.name, number, strong,
                                       variant=True))
    found.sort(key=lambda c: (c.start, -len(text[c.start:c.end]), c.variant))
    kept, last_end = [], -1
    for c in found:                 # one marker per position: the longest (（1） over 1)
        if c.start >= last_end:
            kept.append(c)
            last_end = c.end
    return kept


def _headings(text: str, start: int, end: int, breaks: frozenset[int] = frozenset()) -> list[Candidate]:
    """The candidates that are headings: each continues its list or starts one where a
    heading can start (a line start, a boundary, one of *breaks*); a list opened without a
    boundary must go on (its 2 follows before another 1); weak continuations only where the
    list's context vouches for them."""
    rules = _rules()
    candidates = _candidates(text, start, end)
    for c in candidates:
        c.strong = c.strong or c.start in breaks
    followed = _followed_by_second(candidates)
    vouched = _next_follows_at_a_boundary(candidates)
    in_sentence = _enumerated_in_a_sentence(text, candidates)
    expected: dict[str, int] = {}
    last_at: dict[str, int] = {}
    accepted: list[Candidate] = []
    for i, c in enumerate(candidates):
        continues = expected.get(c.style) == c.ordinal
        opens = c.ordinal == 1 and not c.variant and (c.strong or (
            i in followed and c.level <= 2 and expected.get(c.style) is None or
            i in followed and c.level == 1 and (_after_title_word(text, c.start) or _after_attachment_title(text, c.start))))
        if c.variant and not continues or id(c) in in_sentence:
            continue
        previous = accepted[-1] if accepted else None
        right_after = (previous is not None and c.level > previous.level
                       and c.start - previous.end <= 60 and "。" not in text[previous.end:c.start])
        if c.strong and (continues or opens):
            ok = True
        elif opens or (right_after and (continues or c.ordinal == 1)):
            ok = True
        elif continues and c.level == 1 and (_runs_into_child(text, c.end) or _ends_unstopped_child(text, previous, c)
                                             or ends_field_value(text, c.start) or i in vouched):
            ok = True           # …长期坚持四、保障措施（一）…, …3.组织集中维修二、…, …责任单位：各行政村二、…,
            #                     …会议室三、会议任务…。四、…
        elif continues and c.level >= 2 and c.start - last_at.get(c.style, -10**9) <= rules["max_gap"] * (4 if c.level == 2 else 1) \
                and text[c.start - 1] != "、":
            ok = True           # an item whose text lacked its 。 (not 1.自查、2.复查、 inside a sentence)
        else:
            ok = False
        if not ok:
            continue
        accepted.append(c)
        expected[c.style] = c.ordinal + 1
        last_at[c.style] = c.start
    return _without_cited_lists(text, accepted)


def _new_document_breaks(text: str, start: int, headings: list[Candidate]):
    """Where numbering restarts at 一、 (a second document or an attachment run into the first),
    the new document's title or 附件 label before it stands on a line of its own: a break
    after the sentence end before it, and after an 附件N label that opens it."""
    rules = _rules()
    seen_top = False
    for c in headings:
        if c.level != 1:
            continue
        if c.ordinal == 1 and seen_top:
            yield from _title_before(text, max(start, c.start - 300), c.start, rules)
        seen_top = True


def _title_before(text: str, lo: int, at: int, rules):
    """Breaks around the title of a document that starts before *at*: in one of the last two
    sentences, a run that ends with a 文种 (…工作细则（会签稿）) before the preamble sentence;
    or, with no 文种, the last clause-free stretch (an 附件N label and its title)."""
    ends = [i for i in range(lo, at) if text[i] in "。；"]
    starts = [lo] + [i + 1 for i in ends]
    for sentence_start in reversed(starts[-3:]):
        kind = next((k for k in rules["title_kind"].finditer(text, sentence_start, min(at, sentence_start + 80))
                     if text.count("《", sentence_start, k.start()) <= text.count("》", sentence_start, k.start())),
                    None)       # not a 文种 inside a cited 《…方案》: the title goes on after it
        if kind and "，" not in text[sentence_start:kind.start()] and kind.end() < at:
            yield sentence_start
            yield kind.end()
            label = re.match(r"附件[0-9一二三四五六七八九十]{0,2}(?![:：])", text[sentence_start:kind.end()])
            if label:
                yield sentence_start + label.end()
            return
    title_start = starts[-1]
    if at - title_start >= 4 and "，" not in text[title_start:at]:
        yield title_start
        label = re.match(r"附件[0-9一二三四五六七八九十]{0,2}(?![:：])", text[title_start:at])
        if label and title_start + label.end() < at:
            yield title_start + label.end()


def _without_cited_lists(text: str, accepted: list[Candidate]) -> list[Candidate]:
    """A list of items inside one sentence (文件要求：1、…；2、…。, 满足下列条件：1．…；2．…。) is
    not a list of headings: its items open after ： and ；, with no sentence end between."""
    drop: set[int] = set()
    run: list[Candidate] = []
    for c in accepted + [None]:
        if c is not None and c.level >= 3 and c.start > 0 \
                and text[c.start - 1] in ("：；:;" if not run else "；;") \
                and (not run or "。" not in text[run[-1].end:c.start]):
            if not run and text[c.start - 1] not in "：:":
                continue
            run.append(c)
            continue
        if len(run) >= 2:
            drop.update(id(x) for x in run)
        run = []
        if c is not None and c.level >= 3 and c.start > 0 and text[c.start - 1] in "：:":
            run = [c]
    return [c for c in accepted if id(c) not in drop]


def _enumerated_in_a_sentence(text: str, candidates: list[Candidate]) -> set[int]:
    """ids of items that follow one another after 、 (分为1.自查、2.复查、3.抽查三个环节): a heading's
    title never ends in 、, so such an item and the one before it are words of one sentence."""
    found: set[int] = set()
    last: dict[str, Candidate] = {}
    for c in candidates:
        previous = last.get(c.style)
        last[c.style] = c
        if previous is None or c.level < 3 or c.ordinal != previous.ordinal + 1:
            continue
        between = text[previous.end:c.start]
        if between.endswith("、") and len(between) <= 16 and not any(m in between for m in "。；;：:"):
            found.update((id(previous), id(c)))
    return found


CHILD_OPENING = re.compile(r"[^，。；,;：:]{2,24}?(?:[（(]一[）)]|1[.．、])")


def _runs_into_child(text: str, pos: int) -> bool:
    """A short heading phrase right after *pos*, then the marker of a first child (（一） or 1.)."""
    return CHILD_OPENING.match(text, pos) is not None


def _ends_unstopped_child(text: str, previous: "Candidate | None", c: Candidate) -> bool:
    """The heading before *c* is a deeper item whose short text lacked its 。."""
    return (previous is not None and previous.level > c.level and c.start - previous.end <= 40
            and not any(mark in text[previous.end:c.start] for mark in "。；;，,"))


def _after_title_word(text: str, pos: int) -> bool:
    """A 一、 with no boundary before it restarts a list only right after a title's last word
    (…技术方案一、, …主要情形一、), not inside a word (统一、)."""
    return bool(_rules()["title_tail"].search(text, max(0, pos - 4), pos))


#: An 附件N label and the attachment's title right before a marker (附件2反窃电监控系统推广实施步骤一、).
ATTACHMENT_TITLE = re.compile(r"附件\s*[0-9一二三四五六七八九十]{0,2}\s*[^。，；：,;:！？!?\s]{4,40}$")


def _after_attachment_title(text: str, pos: int) -> bool:
    """A 一、 with no boundary before it opens the list of an attachment right after the
    attachment's label and title (an 附件 page: label, title, body), whatever its title's last word."""
    return ATTACHMENT_TITLE.search(text, max(0, pos - 48), pos) is not None


def _next_follows_at_a_boundary(candidates: list[Candidate]) -> set[int]:
    """Indexes of the markers whose next number (三、 → 四、) comes later at a boundary (after a
    sentence end, at a line start), before the same number comes again: the list they continue
    goes on there, so they are its items though no 。 stood before them."""
    found: set[int] = set()
    nearest: dict[tuple[str, int], int] = {}
    for i in range(len(candidates) - 1, -1, -1):
        c = candidates[i]
        after = nearest.get((c.style, c.ordinal + 1))
        again = nearest.get((c.style, c.ordinal))
        if after is not None and (candidates[after].strong or after in found) and (again is None or again > after):
            found.add(i)        # (or whose next is vouched so: 二、…三、…四、 after a 。, a run of short headings)
        nearest[(c.style, c.ordinal)] = i
    return found


def _followed_by_second(candidates: list[Candidate]) -> set[int]:
    """Indexes of the 1s whose list goes on: a 2 of their style comes before the next 1."""
    found, pending = set(), {}
    for i, c in enumerate(candidates):
        if c.ordinal == 1:
            pending[c.style] = i
        elif c.ordinal == 2 and c.style in pending:
            found.add(pending.pop(c.style))
    return found


# ---------------------------------------------------------------- one line

def _line_breaks(text: str, start: int, end: int, *, head: bool) -> tuple[set[int], list[int]]:
    rules = _rules()
    breaks: set[int] = set()
    for m in rules["article"].finditer(text, start, end):
        breaks.add(m.start())
    for m in rules["label"].finditer(text, start, end):
        if not _inside_brackets(text, start, m.start()):
            breaks.add(m.start())
    for m in rules["note"].finditer(text, start, end):
        if _date_before(text, start, m.start()):
            breaks.update((m.start(), m.end()))
    breaks.update(m.end() for m in LAYOUT_GAP.finditer(text, start, end))
    breaks.update(_signature_breaks(text, start, end))
    breaks.update(_attachment_pages(text, start, end))
    breaks.update(_attachment_labels(text, start, end))
    if head:
        breaks.update(_head_breaks(text, start, end))
    headings = _headings(text, start, end, frozenset(breaks))
    breaks.update(c.start for c in headings)
    breaks.update(_quoted_problems_after_headings(text, headings, end))
    breaks.update(_new_document_breaks(text, start, headings))
    if "号" in text[start:end]:
        for m in YEAR_NUMBER.finditer(text, start, end):     # a 发文字号 is never cut (〔2025〕7 / 号)
            breaks.difference_update(range(m.start() + 1, m.end()))
    marks = [c.end - 1 for c in headings if c.variant and text[c.end - 1] in "。，"]
    return breaks, marks


#: A run of spaces that stood for a line's end or a right-aligned signature in a page that
#: lost its line breaks (…启用。      鄂尔多斯市人民政府      2023年76      (联系人…).
#: (The first blank is matched before the look-behind, which takes it with the character before:
#: the pattern opens with the blank, which the regex engine skips to.)
LAYOUT_GAP = re.compile(r"[ \t\u00a0\u3000](?<=[。；！？\u4e00-\u9fff0-9）)][ \t\u00a0\u3000])[ \t\u00a0\u3000]{5,}"
                        r"(?=[\u4e00-\u9fff0-9（(])")

QUOTED_PROBLEM = re.compile(r"“[^“”]{4,300}”(?:等)?问题")


def _quoted_problems_after_headings(text: str, headings: list[Candidate], end: int):
    """A “…”问题 statement run into a short heading phrase (（三）…方面“…”问题自查情况：…) is an
    item of its own under that heading: a break before its opening quote."""
    for c, after in zip(headings, [h.start for h in headings[1:]] + [end]):
        limit = min(after, c.end + 40)
        quote = text.find("“", c.end, limit)
        while quote > c.end and not any(mark in text[c.end:quote] for mark in "。；：，,;:"):
            if QUOTED_PROBLEM.match(text, quote):
                yield quote
                break
            quote = text.find("“", quote + 1, limit)     # a quoted name in the phrase (“放管服”)


def _inside_brackets(text: str, start: int, pos: int) -> bool:
    """Whether *pos* sits inside an open （…） or 《…》 opened on this line (bounded look-back)."""
    lo = max(start, pos - 80)
    segment = text[lo:pos]
    return segment.count("（") + segment.count("(") > segment.count("）") + segment.count(")") \
        or segment.count("《") > segment.count("》")


def _date_before(text: str, start: int, pos: int) -> bool:
    m = _rules()["date"].search(text, max(start, pos - 14), pos)
    return m is not None and m.end() == pos


# ---------------------------------------------------------------- signature and date

def _signature_breaks(text: str, start: int, end: int, strict: bool = False):
    """署名 + 成文日期 (an organization's name, then a complete date, then something new)
    and the 版记's `机关 日期印发` line."""
    rules = _rules()
    if text.find("日", start, end) < 0 or text.find("年", start, end) < 0:
        return              # no date (every date holds 年 and 日): most lines of a notice
    for m in rules["date"].finditer(text, start, end):
        after = text[m.end():m.end() + 2]
        printed = after.startswith(rules["printed"])
        if not printed and after[:1] and (after[:1] in rules["date_followers"]
                                          or after.startswith(rules["date_verbs"])):
            continue        # a date inside a sentence
        closing = text[m.end():end].strip() == "" or bool(rules["note"].match(text, m.end()))
        org_start = _organization_before(text, start, m.start(), loose=closing, signature=not printed)
        if org_start is None:
            if closing and _after_sentence_end(text, start, m.start()):
                yield m.start()     # a 成文日期 with no 署名 above it closes the text (…的事项。2022年2月18日)
                yield m.end()
            continue
        if strict and org_start > start and not (text[org_start - 1].isspace() or text[org_start - 1] in "。；！？"):
            continue
        if not re.search(r"附件[0-9]{0,2}\s?[:：]$", text[max(start, org_start - 6):org_start]):
            yield org_start     # (after 附件： the name runs on from the attachment's title: see _attachment_pages)
        if printed:
            yield m.end() + len(rules["printed"])
            continue
        yield m.start()
        yield m.end()
        page = rules["attachment_page"].match(text, m.end())
        if page:
            yield page.end()
        issued = _issued_title_at(text, m.end())
        if issued:
            yield issued


def _after_sentence_end(text: str, start: int, pos: int) -> bool:
    while pos > start and text[pos - 1] in " \t":
        pos -= 1
    return pos > start and text[pos - 1] in "。！？"


def _issued_title_at(text: str, pos: int) -> int | None:
    """The end of the title of the document a notice issues (关于印发《X》的通知), when the text
    after the signature opens with it (…2023年3月20日X为做好…): X is a line of its own."""
    head = text[:min(400, pos)]
    for m in re.finditer(r"(?:印发|转发|发布)《([^《》]{4,60})》", head):
        if text.startswith(m.group(1), pos):
            return pos + len(m.group(1))
    return None


def _name_from_head(text: str, run_start: int, name_end: int) -> int:
    """Where the signer's name starts in an 附件 list's last item run into it (2.反窃电监控系统推广
    实施步骤国网营销部): the longest end of the run that the 版头 or title names (国网营销部关于…),
    else the run's start."""
    head = text[:min(400, run_start)]
    for at in range(run_start, name_end - 3):
        if _rules()["suffix"].search(text, at, name_end) and text[at:name_end] in head:
            return at
    return run_start


NAME_CHAR = re.compile(f"[{CJK}（(·]")     # what a signing body's name is written with
# A name does not end with a word that takes a date after it (截止时间为|2023年…, 定于|…)
LEADS_TO_A_DATE = tuple("为于在至是的到自从止起即")


def _organization_before(text: str, start: int, date_start: int, loose: bool = False,
                         signature: bool = False) -> int | None:
    """Where the name of the body signing before a date starts, or None when what precedes
    the date is not a name (a sentence, a number). *loose*: the date closes the text, so a
    short run after the last sentence is the signer even when it does not end like a body
    (国网企协, an OCR'd 山东省财政)."""
    rules = _rules()
    pos = date_start
    while pos > start and text[pos - 1] in " \t":
        pos -= 1
    if pos > start and text[pos - 1] in "）)":       # （平潭综合实验区党工委代章） between name and date
        opening = max(text.rfind("（", max(start, pos - 40), pos), text.rfind("(", max(start, pos - 40), pos))
        if opening > start:
            pos = opening
            while pos > start and text[pos - 1] in " \t":
                pos -= 1
    name_end = pos
    lo = max(start, name_end - 160)
    i = name_end
    while i > lo and (NAME_CHAR.match(text[i - 1]) or (text[i - 1] == " " and i - 1 > lo)):
        i -= 1          # a closing bracket ends the run: （答案参考）中共…办公室 signs after a note
    run = text[i:name_end]
    if not run.strip() or not (rules["suffix"].search(run.replace(" ", "")) or
                               (loose and 2 <= len(run.strip()) <= 30 and i > lo
                                and not run.rstrip().endswith(LEADS_TO_A_DATE))):
        return None
    # names hold no title word: the signature starts after the last one (…工作清单|龙岩市…局)
    cut = 0
    for m in rules["title_word"].finditer(run):
        cut = m.end()
    run_start = i + cut
    while run_start < name_end and text[run_start] == " ":
        run_start += 1
    if run_start > start and (text[run_start - 1] in ".．、" or text[run_start - 1].isdigit()):
        # after an 附件 list's last item (2.答案参考中共…保密局): the name starts at its opener
        opener = rules["issuer_opener"].search(text, run_start + 2, name_end)
        if opener and not rules["suffix"].search(text[run_start:opener.start()]):
            run_start = opener.start()
        elif signature:
            run_start = _name_from_head(text, run_start, name_end)
    if run_start > start and text[run_start - 1] in "，、,":
        run_start = _after_listed_name(text, run_start, name_end)
    if not signature:
        run_start = _last_printing_body(text, run_start, name_end)
    if name_end - run_start < 2:
        return None
    return run_start


def _last_printing_body(text: str, run_start: int, name_end: int) -> int:
    """The 印发机关 is one body: where the run before `日期印发` holds more than one name (…国务院
    国有资产监督管理委员会国家电网有限公司办公室, 附表3:带电检测…情况国家电网有限公司办公室), the
    last whole name: after an ending that closes a name (委员会, 公司…) where the next opens like a
    name (an opener such as 国家, or the same system: 国网宜昌供电公司国网湖北…), or at an opener
    with no name before it (…研究院办公室 after …有限公司 stays one name)."""
    rules = _rules()
    for at in range(run_start + 4, name_end - 9):
        if rules["whole_name_end"].search(text, run_start, at) and rules["suffix"].search(text, at, name_end) \
                and (rules["issuer_opener"].match(text, at) or text.startswith(text[run_start:run_start + 2], at)):
            return _last_printing_body(text, at, name_end)
    opener = rules["issuer_opener"].search(text, run_start + 2, name_end - 4)
    if opener and not rules["suffix"].search(text, run_start, opener.start()):
        return opener.start()
    return run_start


def _after_listed_name(text: str, start: int, end: int) -> int:
    """A list of names run into the signature (责任单位：各片区管理局，区…办公室|平潭…局平潭…局):
    the signers start after a name's end where their common place name begins again later."""
    suffix = _rules()["suffix"]
    for m in _rules()["name_end"].finditer(text, start + 2, end):
        opening = text[m.end():m.end() + 3]
        again = text.find(opening, m.end() + 3, end) if len(opening) == 3 else -1
        if again > 0 and suffix.search(text, m.end(), again):   # after another name's end
            return m.end()
    return start


def _attachment_labels(text: str, start: int, end: int):
    """The numbered items of an 附件说明 (…。附件1：X附件2：Y): each on a line of its own, the
    first after a sentence end; and an 附件N page label run in after a sentence end (…拆除。
    附件2XX线路整治工作清单): a line of its own before the attachment's title."""
    if text.find("附件", start, end) < 0:
        return              # both patterns hold 附件
    listing = False
    for m in _rules()["attachment_label"].finditer(text, start, end):
        if listing or (m.start() > start and text[m.start() - 1] in "。；;"):
            listing = True
            yield m.start()
    for m in PAGE_LABEL_AFTER_SENTENCE.finditer(text, start, end):
        yield m.start() + 1
        yield m.end()


# 。附件2 then a title (not 附件2为/是…, a sentence about it; not 附件1,2 or 附件1和2, a list of them; not 附件2：, a note)
PAGE_LABEL_AFTER_SENTENCE = re.compile(r"。附件[0-9一二三四五六七八九十]{1,2}(?![0-9：:、，,；;。为是中所的和及与至或等)）\-—～~])")


def _attachment_pages(text: str, start: int, end: int):
    """The 附件 page label before an attachment's own title, when the 附件说明 named it:
    附件：X…附件X… → a break before the second 附件, after its label, and after the title where
    the page's text stops repeating the note's (…的报告Stamp | …的报告2022年，…)."""
    rules = _rules()
    for m in rules["attachment_note"].finditer(text, start, end):
        title = m.group("title")
        page = _page_label(text, title[:8], m.start("title") + 8, end)     # the note's 40 characters may reach it
        if page:
            yield page[0]
            yield page[1]
            same = _common_length(text, m.start("title"), page[1], limit=min(200, end - page[1]))
            if same >= 8:
                if same < end - page[1]:
                    yield page[1] + same
                yield m.start("title") + same       # the note's title ends there too (the page
                #                                     may hold only the title, at the text's end)


LABEL_NUMBERS = "0123456789一二三四五六七八九十"


def _page_label(text: str, head: str, pos: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the first 附件 or 附件N (one or two numerals) in text[pos:end] that *head*
    follows: the search of 附件[N]{0,2}(?=head), without compiling a pattern for each title."""
    i = text.find("附件", pos, end)
    while i >= 0:
        numbers = 0
        while numbers < 2 and i + 2 + numbers < end and text[i + 2 + numbers] in LABEL_NUMBERS:
            numbers += 1
        for k in range(numbers, -1, -1):        # the pattern's {0,2} tries the most numerals first
            if text.startswith(head, i + 2 + k, end):
                return i, i + 2 + k
            if text.startswith(("：", ":"), i + 2 + k, end) and text.startswith(head, i + 3 + k, end):
                return i, i + 3 + k             # 附件：X as the page's label
        i = text.find("附件", i + 1, end)
    return None


def _common_length(text: str, a: int, b: int, limit: int) -> int:
    """How many characters text[a:] and text[b:] share from their start (at most *limit*)."""
    n = 0
    while n < limit and b + n < len(text) and text[a + n] == text[b + n]:
        n += 1
    return n


# ---------------------------------------------------------------- the head

def _head_breaks(text: str, start: int, end: int):
    """版头 fields, 发文机关标志, 发文字号, title and 主送 of the first line of a flattened notice."""
    rules = _rules()
    limit = min(end, start + 400)
    body = _first_sentence_end(text, start, limit)
    for m in rules["head_tokens"].finditer(text, start, body):
        yield m.start()
        yield m.end()
    number = _head_number(text, start, body)
    title_start = start
    serial = None if number else _head_serial(text, start, body)
    if serial:
        yield serial[0]
        yield serial[1]
        title_start = serial[1]
    elif number:
        prefix_start = _number_prefix(text, start, number.start())
        yield prefix_start
        yield number.end()
        title_start = number.end()
    elif (masthead := rules["masthead_file"].search(text, start, min(body, start + 80))):
        yield masthead.end()          # …文件 run into a title with no 文号 between
        title_start = masthead.end()
    signer = rules["signer"].match(text, title_start)
    if signer:
        yield signer.start()
        name_end = _signer_end(text, signer, start)
        yield name_end
        title_start = name_end
    title_start = _after_repeated_issuer(text, title_start, body)
    if title_start is not None:
        yield title_start
    title_end = _title_end(text, title_start if title_start is not None else start, body)
    if title_end is not None:
        yield title_end
        under = NUMBER_UNDER_TITLE.match(text, title_end, end)
        if under:                       # …的通报 青政督〔2025〕3号 各乡镇…: the 文号 printed under the title
            yield under.end()
            title_end = under.end()
        colon = _recipients_end(text, title_end, end)
        if colon is not None:
            yield colon


def _head_number(text: str, start: int, body: int):
    """The notice's own 发文字号: in the 版头, before the title and 主送 (a number cited in the
    first sentence, after the 主送's ：, is another document's)."""
    rules = _rules()
    number = rules["doc_number"].search(text, start, body)
    if number is None:
        return None
    before = text[start:number.start()]
    if re.search(r"(?<!签发人)[：:]", before.replace("抄报:", "").replace("抄报：", "")) or "《" in before \
            or "关于" in before:
        return None         # a number after the title has begun (关于商请会签鲁政发〔2017〕36号文件…) is cited
    if text[number.end():number.end() + 1] in ("）", ")"):
        return None         # …〔2022〕26号）: a citation whose opening was cut off with the text before it
    return number


def _head_serial(text: str, start: int, body: int) -> tuple[int, int] | None:
    """A 发文字号 of the serial form, the body's name and 文种 then 第N号 (……通知第221号(总第231号),
    ……公告2021年第3号), standing before the title: where its line starts and ends. Its line
    starts after the 版头 fields before it, and nothing of a sentence (：, 关于, 《) comes first."""
    m = SERIAL_NUMBER.search(text, start, min(body, start + 80))
    if m is None:
        return None
    line_start = start
    for field in _rules()["head_tokens"].finditer(text, start, m.start()):
        line_start = field.end()
    before = text[line_start:m.start()]
    if len(before) < 2 or re.search(r"[：:，,。《]|关于", before):
        return None
    return line_start, m.end()


def _signer_end(text: str, m, start: int) -> int:
    """Where the 签发人's name ends: before the issuer the title names (the masthead's name, when
    it is given again), else after 2–4 characters before an organization or 关于."""
    name_start = m.end()
    masthead = re.match(r"(?:[^\s]{2,40}?)(?=文件)", text[start:name_start])
    if masthead:
        issuer = masthead.group()
        at = text.find(issuer, name_start, name_start + 6 + len(issuer))
        if at > name_start:
            return at
    about = re.compile(r"关于|印发|转发").search(text, name_start, name_start + 60)
    if about and about.start() - name_start <= 4:
        return about.start()
    for width in (3, 2, 4):
        rest = text[name_start + width:name_start + width + 40]
        if re.match(r"(?:中共|中国|国家|[\u4e00-\u9fff]{1,4}[省市县区旗州])", rest):
            return name_start + width
    return name_start + 3


def _after_repeated_issuer(text: str, start: int, body: int) -> int | None:
    """A masthead that is the issuer's name given again right before the title (青山县水利局
    青山县水利局关于…): where the title's own copy of the name starts."""
    m = re.compile(r"([\u4e00-\u9fff（）()]{3,30}?)\1(?=关于|印发|转发)").match(text, start, body)
    if m and _rules()["suffix"].search(m.group(1)):
        return start + len(m.group(1))
    return None


def _first_sentence_end(text: str, start: int, limit: int) -> int:
    m = re.compile("[。]").search(text, start, limit)
    return m.start() if m else limit


def _number_prefix(text: str, start: int, bracket: int) -> int:
    """Where the 机关代字 of a 发文字号 starts: after the masthead (…文件, or the issuer named again
    in the title), else after the name of the body that issues it (_code_start)."""
    rules = _rules()
    lo = max(start, bracket - 40)
    run = text[lo:bracket]
    cut, filed = 0, False
    for m in rules["masthead_end"].finditer(run):
        cut, filed = m.end(), True
    for m in rules["head_tokens"].finditer(run):
        if m.end() > cut:
            cut, filed = m.end(), False
    for ch in "·:：，,。 ":
        if run.rfind(ch) + 1 > cut:
            cut, filed = run.rfind(ch) + 1, False
    if filed:
        return lo + cut         # …委员会文件团〔2021〕10号: the masthead ends at 文件
    kind = rules["kind_at_end"].search(run, cut)
    if kind and len(kind.group()) >= 2 and len(run) - cut >= 6:
        return bracket          # …办公会议纪要〔2023〕5号: a 纪要's 期号 after its name, no 机关代字
    after = text[bracket:bracket + 80]
    about = after.find("关于")
    if about > 0:
        issuer = re.sub(r"^[〔\[［【(（][0-9]{4}[〕\]］】)）][0-9]{1,5}号", "", after[:about])
        if issuer and run.startswith(issuer, cut) and len(run) - cut > len(issuer):
            return lo + cut + len(issuer)
    code = _code_start(run, cut, after_field=cut > 0)
    return lo + (cut if code is None else code)


def _code_start(run: str, cut: int, after_field: bool = False) -> int | None:
    """Where the 机关代字 starts in *run* (the masthead's name, then the 代字, up to the bracket):
    after the last name of a body that leaves it 1–12 characters. Endings of two characters
    or more (办公室, 委员会, 人民政府, 公司…) are taken first; a one-character ending (局, 委, 办…),
    which a 代字 itself often holds (青政办发, 办值通), only where it leaves two characters or more
    and no 版头 field (特急, 内部事项) stood before: after one the 代字 follows at once unless a
    whole name does (国家电网有限公司办公室办督 → 办督; 青山县人民政府办公室青政办发 → 青政办发;
    沐河局防办函 → 防办函; 特急办值通 → 办值通)."""
    rules = _rules()
    tries = ((rules["long_suffix"], 1),) if after_field else ((rules["long_suffix"], 1), (rules["suffix"], 2))
    for pattern, shortest in tries:
        for k in range(len(run) - shortest, max(cut, len(run) - 12) - 1, -1):
            if k > cut and pattern.search(run, cut, k):
                return k
    return None


def _title_end(text: str, start: int, body: int) -> int | None:
    """The end of the title: a 文种 (通知, 方案, 函…) outside quotes and not followed by 的, that
    is followed by the 主送 (a list ending in ：, with no other 文种 before it) or by a date;
    else the last 文种 before the first comma or full stop."""
    rules = _rules()
    ends = []
    depth: list[str] = []
    pairs = rules["quotes"]
    limit = min(body + 1, start + 240, len(text))
    i = start
    while i < limit:
        ch = text[i]
        if ch in pairs:
            depth.append(pairs[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif not depth:
            if ch in "，,。":
                break
            m = rules["kind"].match(text, i)
            if m and text[m.end():m.end() + 1] not in ("的", "》", "”", "和", "、", "及", "暨", "事"):
                note = TITLE_NOTE.match(text, m.end())          # 办法（试行）, 通知（第5号）
                ends.append(note.end() if note else m.end())
                i = ends[-1]
                continue
        i += 1
    if not ends:
        return _other_title_end(text, start, min(body, start + 120))
    for k, end in enumerate(ends):
        colon = _recipients_end(text, end, min(len(text), end + 300))
        later = ends[k + 1] if k + 1 < len(ends) else None
        if colon is not None and (later is None or later > colon):
            return end
        if rules["date"].match(text, end):
            return end
    return next((end for end in ends if rules["sentence_opening"].match(text, end)), ends[-1])


def _other_title_end(text: str, start: int, limit: int) -> int | None:
    """A title that ends with a document word outside the 文种 list (…的建议, …合作框架协议（送审稿）,
    …名单汇报, 副总师职责分工), followed by the body's first words (为… 现将… 甲方… 一、…)."""
    rules = _rules()
    for m in rules["other_title_end"].finditer(text, start, limit):
        if rules["body_opening"].match(text, m.end()) or _one_addressee_after(text, m.end()) \
                or _names_the_title_body_again(text, start, m.end()):
            return m.end()
    return None


def _names_the_title_body_again(text: str, start: int, end: int) -> bool:
    """The text after *end* opens with the body the title opens with (…副总师职责分工国网陕西省
    电力有限公司副总师在…): the first sentence names its subject again."""
    for m in _rules()["suffix_in_run"].finditer(text, start, min(end, start + 30)):
        name = text[start:m.end()]
        if len(name) >= 4 and text.startswith(name, end):
            return True
    return False


def _one_addressee_after(text: str, pos: int) -> bool:
    """A body's name and its ： right after *pos* (…授权书陕西省社会保障局养老保险经办处：兹授权…)."""
    colon = _recipients_end(text, pos, min(len(text), pos + 41))
    return colon is not None and bool(_rules()["suffix"].search(text, pos, colon - 1)) \
        and not re.search(r"[，,、；;]", text[pos:colon])


def _recipients_end(text: str, title_end: int, end: int) -> int | None:
    """The end of a 主送 right after the title: the first ：within 300 characters, with no 。,
    after names of bodies (not a first sentence such as 根据…，现制定本方案，具体如下：)."""
    m = re.compile("[：:]").search(text, title_end, min(end, title_end + 300))
    if m is None or "。" in text[title_end:m.start()] or not addressee_line(text[title_end:m.end()]):
        return None
    return m.end()


#: The year and serial of a 发文字号 (〔2023〕5号), its 机关代字 before it or not (a 纪要's 期号).
YEAR_NUMBER = re.compile(r"[〔\[［【(（](?:19|20)[0-9]{2}[〕\]］】)）][0-9]{1,5}号")

#: A whole 发文字号 right after a title (web pages print it under the title): 代字〔年份〕序号号.
NUMBER_UNDER_TITLE = re.compile(r"\s*[\u4e00-\u9fff]{1,12}" + YEAR_NUMBER.pattern)

#: The serial form of a 发文字号 after the issuing body's 文种: 令第5号, 通知第221号（总第231号）,
#: 公告2021年第3号 (the 文种 is where the match starts; the name before it is found by the caller).
SERIAL_NUMBER = re.compile(r"(?:令|通知|通报|公告|通告)(?:(?:19|20)[0-9]{2}年)?第[0-9]{1,6}号"
                           r"(?:[（(]总第[0-9]{1,6}号[）)])?")

#: A short note in brackets printed right after a title's 文种: （试行）, （第5号）, （征求意见稿）.
TITLE_NOTE = re.compile(r"[（(](?![0-9]{4})[^（）()，。,：:]{1,10}[）)]")

#: A year opening a stretch of text (2020年11月16日至…): a sentence's, not a 主送's.
YEAR_OPENING = re.compile(r"[0-9〇○零一二三四五六七八九]{4}年")


def addressee_line(line: str) -> bool:
    """Whether a stretch ending in ： may be a 主送: not when it opens as a sentence does (a date,
    根据…, 按照…) or announces what follows (…现将情况报告如下：)."""
    line = line.lstrip()
    return not (_rules()["sentence_opening"].match(line) or YEAR_OPENING.match(line)
                or line.rstrip("：: ").endswith("如下"))
